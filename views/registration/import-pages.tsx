/** The school's upload pages: registrations (就业管理系统上传) and the archive receiving-unit directory. */
import { CsrfField, ErrorAlert, Layout } from '../layout.js'
import { ImportFailureTable, ImportUploadForm } from '../components/import-parts.js'
import { staffNav, type StaffViewer } from '../nav.js'
import type { ImportResult } from '../../src/domain/import-status.js'

type Staff = StaffViewer

function ImportResultCard({ result, failuresBase }: { result: ImportResult; failuresBase: string }) {
  return (
    <section class={`card alert ${result.failed ? 'warn' : 'ok'}`} role="status">
      <h2>导入完成</h2>
      <p>
        共 {result.total} 行：新增 {result.created}，更新 {result.updated}，失败 {result.failed}。
      </p>
      {result.failed > 0 && (
        <>
          <p>
            下载失败表（原始各列加“失败原因”），修改后重新导入：
            <a href={`${failuresBase}/${result.importId}/failures.xlsx`}>失败表.xlsx</a> ·{' '}
            <a href={`${failuresBase}/${result.importId}/failures.csv`}>失败表.csv</a>
          </p>
          <ImportFailureTable failures={result.failures} limit={50} more={(n) => `只显示前 ${n} 行，全部见失败表。`} />
        </>
      )}
    </section>
  )
}

export function UploadPage(p: {
  user: Staff
  csrf: string
  /** The bell's count (the request's `unread`). */
  unread: number | undefined
  title: string
  back: { href: string; label: string }
  action: string
  columns: string[]
  required: string[]
  notes: string[]
  result?: ImportResult | null
  failuresBase: string
  error?: string | null
  current: string
  children?: unknown
}) {
  return (
    <Layout
      title={p.title}
      nav={staffNav(p.user)}
      current={p.current}
      who={{
        label: p.user.displayName ?? p.user.username,
        logoutAction: '/admin/logout',
        csrf: p.csrf,
        unread: p.unread,
      }}
    >
      <p>
        <a href={p.back.href}>← {p.back.label}</a>
      </p>
      <h1>{p.title}</h1>
      <ErrorAlert message={p.error} title="导入未完成" />
      {p.result && <ImportResultCard result={p.result} failuresBase={p.failuresBase} />}
      <ImportUploadForm
        action={p.action}
        csrf={p.csrf}
        label="文件（.xlsx 或 .csv，UTF-8 或 GBK 均可，不超过 20 MB）"
        submit="上传导入"
      />
      <section class="card">
        <h2>表头</h2>
        <p>
          必需：<strong>{p.required.join('、')}</strong>
        </p>
        <p class="hint">全部列：{p.columns.join('、')}</p>
        <ul class="notes">
          {p.notes.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      </section>
      {p.children as never}
    </Layout>
  )
}

export interface UnitRow {
  divisionCode: string
  divisionName: string | null
  name: string
  address: string
  postcode: string
  contact: string
  phone: string
}

export function ArchiveUnitsList({
  items,
  total,
  page,
  pageSize,
  q,
  csrf,
  canWrite,
  form = {},
  formError,
  formErrorField,
}: {
  items: UnitRow[]
  total: number
  page: number
  pageSize: number
  q: string
  csrf: string
  canWrite: boolean
  /** What was typed into the single-unit form, kept when it is refused. */
  form?: Record<string, string>
  formError?: string | null
  formErrorField?: string | null
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const link = (n: number) => `/admin/archive-units?${new URLSearchParams({ q, page: String(n) })}`
  return (
    <>
      <section class="card">
        <h2>名录（共 {total} 条）</h2>
        <form method="get" action="/admin/archive-units" class="filters" role="search">
          <div>
            <label for="uq">所在地代码或单位名称</label>
            <input id="uq" name="q" type="search" value={q} />
          </div>
          <div>
            <button type="submit">查询</button>
          </div>
        </form>
        {items.length === 0 ? (
          <p class="empty">
            {q
              ? `没有与“${q}”相符的单位。`
              : '名录为空。导入后，毕业生选择“转回生源地”时会按生源所在地预填档案接收单位。'}
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>所在地</th>
                  <th>单位名称</th>
                  <th class="hide-narrow">地址</th>
                  <th>邮编</th>
                  <th>联系人</th>
                  <th>联系电话</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr>
                    <td>
                      {u.divisionName ?? ''}（{u.divisionCode}）
                    </td>
                    <td>{u.name}</td>
                    <td class="hide-narrow">{u.address}</td>
                    <td>{u.postcode}</td>
                    <td>{u.contact}</td>
                    <td>{u.phone}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="分页">
          {page > 1 && <a href={link(page - 1)}>上一页</a>}
          <span>
            第 {page} / {pages} 页
          </span>
          {page < pages && <a href={link(page + 1)}>下一页</a>}
        </nav>
      </section>
      {canWrite && (
        <form class="card" method="post" action="/admin/archive-units/one" id="unit-form">
          <CsrfField token={csrf} />
          <h2>新增或修改一个地区</h2>
          <ErrorAlert message={formError} title="未能保存" />
          {[
            ['divisionCode', '所在地代码（6 位县级行政区划代码）'],
            ['name', '单位名称'],
            ['address', '单位地址'],
            ['postcode', '邮编'],
            ['contact', '联系人'],
            ['phone', '联系电话'],
          ].map(([n, l]) => (
            <>
              <label for={`u-${n}`}>{l}</label>
              <input
                id={`u-${n}`}
                name={n}
                type="text"
                required
                maxlength={n === 'address' ? 200 : 100}
                value={form[n] ?? ''}
                inputmode={n === 'divisionCode' || n === 'postcode' ? 'numeric' : n === 'phone' ? 'tel' : undefined}
                aria-invalid={
                  formError && formErrorField && (formErrorField === n || formErrorField.endsWith(`.${n}`))
                    ? 'true'
                    : undefined
                }
              />
            </>
          ))}
          <div class="actions">
            <button type="submit">保存</button>
          </div>
        </form>
      )}
    </>
  )
}
