/**
 * 添加毕业生 / 修改生源信息 (contract §6; issue 14 item 2): every roster field of the upload
 * template, code columns as their national tables, the 院系 chosen from the existing ones; on a
 * 修改 the 修改原因 (required for 姓名 and 身份证号). Each error at its field, what was typed kept.
 */
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type NavItem, type Who } from '../layout.js'
import { ROSTER_FIELDS, type RosterKey } from '../../src/domain/roster-rules.js'
import { codeTable } from '../../src/domain/codes/index.js'
import { SelectField, TextAreaField, TextField, type Errors } from '../components/form-fields.js'

export type GraduateFormValues = Partial<Record<RosterKey | 'reason', string>>

export function GraduateFormPage(p: {
  nav: NavItem[]
  who: Who
  csrf: string
  /** null: a new graduate. */
  id: number | null
  name?: string
  departments: string[]
  values: GraduateFormValues
  errors?: Errors
  error?: string | null
}) {
  const e = p.errors ?? {}
  const v = p.values
  const action = p.id ? `/admin/roster/${p.id}/edit` : '/admin/roster/new'
  const title = p.id ? `修改生源信息 · ${p.name ?? ''}` : '添加毕业生'
  const many = Object.keys(e).length
  return (
    <Layout title={title} nav={p.nav} who={p.who} current="/admin/roster">
      <p>
        <a href={p.id ? `/admin/roster/${p.id}` : '/admin/roster'}>← {p.id ? '生源信息' : '生源名单'}</a>
      </p>
      <h1>{title}</h1>
      {many > 1 ? (
        <ErrorSummary items={Object.entries(e).map(([f, message]) => ({ message, href: `#${f}` }))} />
      ) : (
        <ErrorAlert message={p.error ?? (many ? Object.values(e)[0] : null)} />
      )}
      <form class="card" method="post" action={action} novalidate>
        <CsrfField token={p.csrf} />
        <div class="form-grid">
          {ROSTER_FIELDS.map((f) => {
            const label = `${f.label.replace(/代码$/, '')}${f.required ? '' : '（选填）'}`
            if (f.key === 'department')
              return (
                <SelectField
                  id="department"
                  label="院系"
                  value={v.department}
                  error={e.department}
                  options={p.departments.map((d): [string, string] => [d, d])}
                  placeholder="请选择"
                  required
                />
              )
            if (f.table && f.table !== 'division')
              return (
                <SelectField
                  id={f.key}
                  label={label}
                  value={v[f.key]}
                  error={e[f.key]}
                  options={codeTable(f.table).entries.map((x): [string, string] => [x.code, `${x.name}（${x.code}）`])}
                  placeholder={f.required ? '请选择' : '未填写'}
                  required={f.required}
                />
              )
            return (
              <TextField
                id={f.key}
                label={f.table === 'division' ? `${f.label}（6 位行政区划代码）` : label}
                value={v[f.key]}
                error={e[f.key]}
                maxlength={200}
                required={f.required}
                hint={
                  f.key === 'enrolledAt' || f.key === 'graduationTime'
                    ? '6 位年月，如 202606'
                    : f.key === 'idCard' && p.id
                      ? '修改身份证号须填写修改原因；毕业生未改过初始密码时，初始密码随新号码变化。'
                      : undefined
                }
              />
            )
          })}
        </div>
        {p.id && (
          <TextAreaField
            id="reason"
            label="修改原因"
            hint="修改姓名或身份证号时必须填写，并记入操作日志（修改前后）。"
            value={v.reason}
            error={e.reason}
            maxlength={200}
          />
        )}
        <div class="actions">
          <button type="submit">{p.id ? '保存修改' : '添加'}</button>
        </div>
        {!p.id && <p class="hint">添加后即创建学生账号：用户名为学号，初始密码为身份证号后六位。</p>}
      </form>
    </Layout>
  )
}
