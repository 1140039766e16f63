/**
 * The employer's signing pages (seed 004 §2.3 (1)): invitations by status with 撤回 before the
 * answer, the 签约邀请函 form (岗位信息, 户档, 补充条款, 应约有效期; filled from a 预设模板 and
 * saved as one), and the agreements with their PDF.
 */
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { AGREEMENT_STATUS_NAMES, MAX_RESPONSE_DAYS, type AgreementStatus } from '../../src/domain/agreement.js'
import { formatCst } from '../../src/domain/validity.js'
import { KvTable, Notice, TextAreaField, TextField, type Errors } from '../components/form-fields.js'
import { JobFields } from './job-fields.js'

export interface EmployerFrame {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
}

/** Beijing time to the minute: 2026-06-15 10:00. */
export const cst = (iso: string | null | undefined) =>
  iso ? formatCst(new Date(iso)).slice(0, 16).replace('T', ' ') : ''

export interface EmployerAgreementRow {
  id: number
  status: AgreementStatus
  agreementNo: string | null
  graduate: { name: string; department: string }
  jobTitle: string | null
  jobCategory: string | null
  createdAt: string
  expiresAt: string | null
  inForceAt: string | null
  /** The last event's reason (退回 / 不通过 / 撤回), if any. */
  lastReason: string | null
  pdfHref: string | null
}

export const INVITATION_TABS: Array<[status: string, label: string]> = [
  ['invited', '签约中'],
  ['declined', '已拒绝'],
  ['expired', '已失效'],
  ['withdrawn', '已撤回'],
  ['', '全部邀请'],
]

function StatusBadge({ status }: { status: AgreementStatus }) {
  const ok = status === 'in_force'
  return (
    <span class={ok ? 'badge ok' : 'badge'} data-status={status}>
      {AGREEMENT_STATUS_NAMES[status]}
    </span>
  )
}

function AgreementCard({ a, csrf, withdraw }: { a: EmployerAgreementRow; csrf: string; withdraw?: boolean }) {
  return (
    <li data-agreement={String(a.id)}>
      <div class="grant-head">
        <strong>{a.graduate.name}</strong> <span class="muted">{a.graduate.department}</span>{' '}
        <StatusBadge status={a.status} />
      </div>
      <div>
        {a.jobCategory ?? ''} · {a.jobTitle ?? ''}
      </div>
      <div class="muted">
        邀约时间 {cst(a.createdAt)}
        {a.status === 'invited' && a.expiresAt ? ` · 应约截止 ${cst(a.expiresAt)}` : ''}
        {a.agreementNo ? ` · 协议编号 ${a.agreementNo}` : ''}
        {a.inForceAt ? ` · 生效时间 ${cst(a.inForceAt)}` : ''}
      </div>
      {a.lastReason && <div class="muted">原因：{a.lastReason}</div>}
      <div class="grant-actions">
        {a.pdfHref && (
          <a class="button secondary" href={a.pdfHref}>
            下载协议书
          </a>
        )}
        {withdraw && a.status === 'invited' && (
          <form
            class="inline"
            method="post"
            action={`/employer/invitations/${a.id}/withdraw`}
            data-confirm={`确定撤回对${a.graduate.name}的签约邀请吗？`}
          >
            <CsrfField token={csrf} />
            <button class="secondary" type="submit">
              撤回邀请
            </button>
          </form>
        )}
      </div>
    </li>
  )
}

export function InvitationsPage(
  p: EmployerFrame & {
    status: string
    items: EmployerAgreementRow[]
    counts: Record<string, number>
    notice?: string | null
    error?: string | null
  },
) {
  return (
    <Layout title="签约邀请" nav={p.nav} who={p.who} current="/employer/invitations" narrow>
      <h1>签约邀请</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      <p>
        <a href="/employer/favorites">从学生收藏夹发起新的签约邀请</a>
      </p>
      <nav class="kind-tabs" aria-label="按状态查看">
        {INVITATION_TABS.map(([s, label]) => (
          <a
            href={s ? `/employer/invitations?status=${s}` : '/employer/invitations?status=all'}
            aria-current={p.status === (s || 'all') ? 'page' : undefined}
          >
            {label}（{p.counts[s || 'all'] ?? 0}）
          </a>
        ))}
      </nav>
      {p.items.length === 0 ? (
        <div class="card empty">没有这个状态的签约邀请。</div>
      ) : (
        <ul class="grant-list" data-invitations>
          {p.items.map((a) => (
            <AgreementCard a={a} csrf={p.csrf} withdraw />
          ))}
        </ul>
      )}
      <p class="hint">在毕业生应约之前，可以撤回签约邀请；逾期未应约的邀请自动失效。</p>
    </Layout>
  )
}

export function EmployerAgreementsPage(p: EmployerFrame & { items: EmployerAgreementRow[] }) {
  return (
    <Layout title="协议" nav={p.nav} who={p.who} current="/employer/agreements" narrow>
      <h1>就业协议</h1>
      <p class="hint">学生接受邀请后由学校鉴证；鉴证通过即生效，可下载带数字签名的电子就业协议书。</p>
      {p.items.length === 0 ? (
        <div class="card empty">还没有学生接受的签约邀请。</div>
      ) : (
        <ul class="grant-list" data-agreements>
          {p.items.map((a) => (
            <AgreementCard a={a} csrf={p.csrf} />
          ))}
        </ul>
      )}
    </Layout>
  )
}

/** The invitation form's fields, as the form names them. */
export const INVITATION_INPUTS = [
  'job_category',
  'job_title',
  'job_probation',
  'job_salary',
  'job_penalty',
  'job_reportDeadline',
  'job_reportPlace',
  'job_workPlace',
  'archiveTransfer',
  'hukouTransfer',
  'terms',
  'responseDays',
  'templateName',
] as const
export type InvitationValues = Partial<Record<(typeof INVITATION_INPUTS)[number] | 'saveTemplate', string>>

/** 单位是否解决户档 (seed 004 §2.3: 签约单位接收 / 托管单位接收 / 不接收). */

export function InvitationFormPage(
  p: EmployerFrame & {
    unitName: string
    graduateId: number
    graduate: { name: string; idNumber: string | null; school: string; major: string; education: string | null }
    templates: Array<{ id: number; name: string }>
    templateId?: number | null
    values: InvitationValues
    errors?: Errors
    error?: string | null
    notice?: string | null
  },
) {
  const e = p.errors ?? {}
  const v = p.values
  const many = Object.keys(e).length
  return (
    <Layout title="签约邀请函" nav={p.nav} who={p.who} current="/employer/invitations" narrow>
      <h1>签约邀请函</h1>
      <Notice text={p.notice} />
      {many > 1 ? (
        <ErrorSummary items={Object.entries(e).map(([f, message]) => ({ message, href: `#${f}` }))} />
      ) : (
        <ErrorAlert message={p.error ?? (many ? Object.values(e)[0] : null)} />
      )}
      <div class="card">
        <KvTable
          caption="邀请方与受邀方"
          rows={[
            ['邀请方', p.unitName],
            ['受邀方', p.graduate.name],
            ['身份证号', <span class="mono">{p.graduate.idNumber}</span>],
            ['毕业院校', p.graduate.school],
            ['专业', `${p.graduate.major}${p.graduate.education ? `（${p.graduate.education}）` : ''}`],
          ]}
        />
      </div>
      {p.templates.length > 0 && (
        <form class="card filters" method="get" action="/employer/invitations/new">
          <input type="hidden" name="graduate" value={String(p.graduateId)} />
          <div>
            <label for="template">使用预设模板</label>
            <select id="template" name="template">
              <option value="">不使用模板</option>
              {p.templates.map((t) => (
                <option value={String(t.id)} selected={p.templateId === t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button class="secondary" type="submit">
              填入模板
            </button>
          </div>
        </form>
      )}
      <form class="card" method="post" action="/employer/invitations" novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="graduate" value={String(p.graduateId)} />
        <JobFields values={v} errors={e} />
        <h2>补充条款</h2>
        <TextAreaField id="terms" label="协议补充内容" value={v.terms} error={e.terms} maxlength={2000} />
        <TextField
          id="responseDays"
          label="应约有效期（天）"
          hint={`1–${MAX_RESPONSE_DAYS} 天；逾期未应约，邀请自动失效。`}
          type="number"
          min={1}
          max={MAX_RESPONSE_DAYS}
          value={v.responseDays ?? '7'}
          error={e.responseDays}
          inputmode="numeric"
          required
        />
        <fieldset>
          <legend>预设模板</legend>
          <label>
            <input type="checkbox" name="saveTemplate" value="1" checked={v.saveTemplate === '1'} />{' '}
            同时保存为预设模板（同名覆盖）
          </label>
          <TextField id="templateName" label="模板名称" value={v.templateName} error={e.templateName} maxlength={50} />
        </fieldset>
        <div class="actions">
          <button class="block" type="submit">
            发送邀请函
          </button>
        </div>
        <p class="hint">邀请函发出后，请在“签约中”状态查看记录。</p>
      </form>
    </Layout>
  )
}
