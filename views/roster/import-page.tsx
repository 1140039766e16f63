/** The roster import pages: upload, hand-matching of headers, and the result with the failure table. */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type Who } from '../layout.js'
import { ImportFailureTable, ImportUploadForm, type ImportFailure } from '../components/import-parts.js'

interface Frame {
  nav: NavItem[]
  who: Who
  csrf: string
}

export function ImportPage(p: Frame & { error?: string | null; department: string | null; remembered: number }) {
  return (
    <Layout title="导入生源" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>导入生源</h1>
      <ErrorAlert message={p.error} title="导入未成功" />
      <div class="card">
        <h2>准备表格</h2>
        <ol>
          <li>
            下载 <a href="/api/v1/graduates/template.xlsx">生源导入模板</a>（红色表头为必填列），对照{' '}
            <a href="/api/v1/codes.xlsx">公共代码</a> 填写各代码列；代码列也可直接填写名称（如 男、汉族）。
          </li>
          <li>
            按身份证号新增或更新：已有的毕业生会被更新，新的毕业生会同时开通账号（学号登录，初始密码为身份证号后六位）。
          </li>
          <li>支持 .xlsx 和 .csv（UTF-8 或 Excel 默认的 GBK 编码），不超过 20 MB、10 万行。</li>
          {!p.department && (
            <li>
              文件中有学校还没有的院系名称时，会先列出并请您确认（改用相近的已有院系、新建或暂不导入），确认前不保存任何内容。
            </li>
          )}
          {p.department && <li>您是{p.department}的用户，只能导入本院系的毕业生。</li>}
          {p.remembered > 0 && <li>已记住上次手动匹配的 {p.remembered} 个表头，会自动使用。</li>}
        </ol>
      </div>
      <ImportUploadForm action="/admin/roster/import" csrf={p.csrf} label="生源表文件" submit="开始导入" progress>
        <div class="field">
          <label>
            <input type="checkbox" name="overwrite" value="1" /> 覆盖毕业生核对通过或老师修改过的字段
          </label>
          <p class="hint">
            默认保留这些字段（如毕业生核对后更正的手机号码、老师修改的姓名），导入结果会列出保留了哪些；勾选后以表格内容为准。
          </p>
        </div>
      </ImportUploadForm>
    </Layout>
  )
}

export interface MappingField {
  key: string
  label: string
  required: boolean
  matched: string | null
}

export function MappingPage(
  p: Frame & {
    token: string
    filename: string
    headers: string[]
    fields: MappingField[]
    missing: string[]
    error?: string | null
    /** The 覆盖 choice of the upload, carried to the import. */
    overwrite?: boolean
  },
) {
  return (
    <Layout title="匹配导入字段" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>匹配导入字段</h1>
      <ErrorAlert message={p.error} title="还不能导入" />
      <div class="alert warn" role="alert">
        <h2>有必填列没有找到</h2>
        <p>
          文件“{p.filename}”中找不到：{p.missing.join('、')}。请在下面为每个字段选择表格中对应的列（带 *
          的必须匹配），匹配会被记住，下次上传同样的表头时自动使用。
        </p>
      </div>
      <form class="card" method="post" action="/admin/roster/import/mapping">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="token" value={p.token} />
        {p.overwrite && <input type="hidden" name="overwrite" value="1" />}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>字段</th>
                <th>表格中的列</th>
              </tr>
            </thead>
            <tbody>
              {p.fields.map((f) => (
                <tr>
                  <th>
                    <label for={`map-${f.key}`}>
                      {f.required ? '* ' : ''}
                      {f.label}
                    </label>
                  </th>
                  <td>
                    <select
                      id={`map-${f.key}`}
                      name={`map.${f.key}`}
                      aria-invalid={f.required && !f.matched ? 'true' : undefined}
                    >
                      <option value="">（不导入）</option>
                      {p.headers.map((h) =>
                        h ? (
                          <option value={h} selected={h === f.matched}>
                            {h}
                          </option>
                        ) : null,
                      )}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="submit">按此匹配导入</button>
          <a class="button secondary" href="/admin/roster/import">
            重新选择文件
          </a>
        </div>
      </form>
    </Layout>
  )
}

export interface ImportResultView {
  importId: string
  total: number
  created: number
  updated: number
  failed: number
  failures: ImportFailure[]
  departmentsCreated: string[]
  /** Fields kept from an approved correction or a staff edit. */
  kept: Array<{ row: number; field: string }>
}

export function ImportResultPage(p: Frame & { result: ImportResultView }) {
  const r = p.result
  return (
    <Layout title="导入结果" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>导入结果</h1>
      <div class={`alert ${r.failed ? 'warn' : 'ok'}`} role="status">
        <h2>{r.failed ? `有 ${r.failed} 行未导入` : '全部导入成功'}</h2>
        <p>
          共 {r.total} 行：新增 {r.created} 人，更新 {r.updated} 人，失败 {r.failed} 行。
        </p>
      </div>
      <div class="stats">
        <div class="stat">
          <span class="n">{r.total}</span>总行数
        </div>
        <div class="stat">
          <span class="n">{r.created}</span>新增
        </div>
        <div class="stat">
          <span class="n">{r.updated}</span>更新
        </div>
        <div class="stat">
          <span class="n">{r.failed}</span>失败
        </div>
      </div>
      {r.departmentsCreated.length > 0 && <p>新建院系：{r.departmentsCreated.join('、')}</p>}
      {r.kept.length > 0 && (
        <div class="card" data-kept>
          <h2>保留的字段（{r.kept.length}）</h2>
          <p>这些字段由毕业生核对通过或老师修改过，表格中的值未覆盖它们。如需以表格为准，请勾选“覆盖”后重新导入。</p>
          <ul class="grant-list">
            {r.kept.slice(0, 200).map((k) => (
              <li>
                第 {k.row} 行：{k.field}
              </li>
            ))}
          </ul>
          {r.kept.length > 200 && <p class="hint">仅列出前 200 项。</p>}
        </div>
      )}
      {r.failed > 0 && (
        <div class="card">
          <h2>失败表</h2>
          <p>失败表保留原表的各列，最后一列“失败原因”写明每个出错的字段。按提示改正后，可直接把失败表再次上传。</p>
          <p class="actions">
            <a class="button" href={`/api/v1/graduates/import/${r.importId}/failures.xlsx`}>
              下载失败表（Excel）
            </a>
            <a class="button secondary" href={`/api/v1/graduates/import/${r.importId}/failures.csv`}>
              下载失败表（CSV）
            </a>
          </p>
          <ImportFailureTable
            failures={r.failures}
            limit={200}
            more={(n) => `仅显示前 ${n} 行，完整内容请下载失败表。`}
          />
        </div>
      )}
      <p class="actions">
        <a class="button secondary" href="/admin/roster/import">
          继续导入
        </a>
        <a href="/admin/roster">查看生源名单</a>
      </p>
    </Layout>
  )
}

/** One 院系名称 of the file that the school does not have, with the existing names closest to it. */
export interface NewDepartment {
  name: string
  /** Rows naming it (absent when the page is shown again after a missing choice). */
  rows?: number
  close: string[]
  /** Other new names of the same file close to this one (one of them may be the typo). */
  closeInFile?: string[]
  /** What was chosen: `create`, `skip`, `use:<existing name>`; '' for nothing yet. */
  choice: string
  error?: string | null
}

/**
 * The step between upload and import when the file names 院系 the school does not have (issue 13
 * item 9): each is listed with the closest existing names and must be chosen for — use an
 * existing 院系 (a typo), create it, or leave its rows out. Nothing is stored until 继续导入.
 */
export function NewDepartmentsPage(
  p: Frame & {
    token: string
    filename: string
    mapping: Record<string, string>
    departments: NewDepartment[]
    existing: string[]
    preview?: { total: number; created: number; updated: number; failed: number } | null
    error?: string | null
    /** The 覆盖 choice of the upload, carried to the import. */
    overwrite?: boolean
  },
) {
  const errors = p.departments.filter((d) => d.error)
  return (
    <Layout title="确认新的院系" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>确认新的院系</h1>
      {errors.length > 0 ? (
        <ErrorSummary
          title="还不能导入，请为每个院系名称选择"
          items={errors.map((d) => ({ message: d.error!, href: `#dept-${p.departments.indexOf(d)}` }))}
        />
      ) : (
        <ErrorAlert message={p.error} title="还不能导入" />
      )}
      <div class="alert warn" role="status">
        <h2>文件中有 {p.departments.length} 个院系名称是学校还没有的</h2>
        <p>
          文件“{p.filename}
          ”尚未导入。院系名称写错（如多字、错字）会另建一个院系，学生将不在原院系的名单和审核中。请逐个确认：改用已有院系、新建院系，或暂不导入这些行。
        </p>
        {p.preview && (
          <p>
            试读结果：共 {p.preview.total} 行，可新增 {p.preview.created} 人、更新 {p.preview.updated} 人
            {p.preview.failed > 0 ? `，另有 ${p.preview.failed} 行有其他错误（导入后可下载失败表）` : ''}。
          </p>
        )}
      </div>
      <form class="card" method="post" action="/admin/roster/import/departments">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="token" value={p.token} />
        {p.overwrite && <input type="hidden" name="overwrite" value="1" />}
        <input type="hidden" name="filename" value={p.filename} />
        {Object.entries(p.mapping).map(([k, v]) => (
          <input type="hidden" name={`map.${k}`} value={v} />
        ))}
        {p.departments.map((d, i) => {
          const others = p.existing.filter((n) => !d.close.includes(n))
          return (
            <div data-new-department={d.name}>
              <input type="hidden" name="dept" value={d.name} />
              <label for={`dept-${i}`}>
                “{d.name}”{d.rows !== undefined && <span class="muted">（{d.rows} 行）</span>}
              </label>
              {(d.close.length > 0 || !!d.closeInFile?.length) && (
                <p class="hint" id={`dept-${i}-hint`}>
                  {d.close.length > 0 && `相近的已有院系：${d.close.join('、')}。`}
                  {!!d.closeInFile?.length &&
                    `与文件中的${d.closeInFile.map((n) => `“${n}”`).join('、')}相近，请确认是否写错。`}
                </p>
              )}
              {d.error && (
                <p class="field-error" id={`dept-${i}-error`}>
                  {d.error}
                </p>
              )}
              <select
                id={`dept-${i}`}
                name="choice"
                aria-invalid={d.error ? 'true' : undefined}
                aria-describedby={
                  [d.close.length || d.closeInFile?.length ? `dept-${i}-hint` : '', d.error ? `dept-${i}-error` : '']
                    .filter(Boolean)
                    .join(' ') || undefined
                }
              >
                <option value="">请选择</option>
                {d.close.length > 0 && (
                  <optgroup label="相近的已有院系">
                    {d.close.map((n) => (
                      <option value={`use:${n}`} selected={d.choice === `use:${n}`}>
                        改用已有院系“{n}”
                      </option>
                    ))}
                  </optgroup>
                )}
                <optgroup label="新院系">
                  <option value="create" selected={d.choice === 'create'}>
                    新建院系“{d.name}”
                  </option>
                  <option value="skip" selected={d.choice === 'skip'}>
                    暂不导入这些行（记入失败表）
                  </option>
                </optgroup>
                {others.length > 0 && (
                  <optgroup label="其他已有院系">
                    {others.map((n) => (
                      <option value={`use:${n}`} selected={d.choice === `use:${n}`}>
                        改用已有院系“{n}”
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </div>
          )
        })}
        <div class="actions">
          <button type="submit">继续导入</button>
          <a class="button secondary" href="/admin/roster/import">
            重新选择文件
          </a>
        </div>
      </form>
    </Layout>
  )
}
