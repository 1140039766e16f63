/** 导入记录: every import of the school (or the department), newest first, with its status. */
import type { NavItem } from '../layout.js'
import { Layout, type Who } from '../layout.js'
import { Pager } from '../components/filters.js'
import {
  IMPORT_FAILURE_PATHS,
  IMPORT_KIND_LABELS,
  IMPORT_STATUS_LABELS,
  IMPORT_STATUSES,
  type ImportStatus,
} from '../../src/domain/import-status.js'

export interface ImportListRow {
  id: string
  kind: string
  filename: string
  status: ImportStatus
  total: number
  created: number
  updated: number
  failed: number
  createdAt: string
  finishedAt: string | null
  createdBy: string | null
  department: string | null
}

/** Stored in UTC; read in China Standard Time. */
const beijing = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—'

export function ImportListPage(p: {
  nav: NavItem[]
  who: Who
  items: ImportListRow[]
  total: number
  page: number
  pageSize: number
  filters: { kind?: string; status?: string }
}) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const href = (n: number) => {
    const u = new URLSearchParams()
    if (p.filters.kind) u.set('kind', p.filters.kind)
    if (p.filters.status) u.set('status', p.filters.status)
    u.set('page', String(n))
    return `/admin/imports?${u}`
  }
  const filtered = Boolean(p.filters.kind || p.filters.status)
  const interrupted = p.items.some((r) => r.status === 'interrupted')
  return (
    <Layout title="导入记录" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>导入记录</h1>
      <p class="hint">
        每次导入的结果，新的在前；时间为北京时间。“已中断”表示导入中途停止（如服务重启），此前已写入的行保留，请核对后重新导入同一文件（已导入的行会按身份证号更新，不会重复）。
      </p>
      <form class="card filters" method="get" action="/admin/imports" role="search">
        <div>
          <label for="i-kind">导入类别</label>
          <select id="i-kind" name="kind">
            <option value="">全部</option>
            {Object.entries(IMPORT_KIND_LABELS).map(([v, l]) => (
              <option value={v} selected={p.filters.kind === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="i-status">状态</label>
          <select id="i-status" name="status">
            <option value="">全部</option>
            {IMPORT_STATUSES.map((s) => (
              <option value={s} selected={p.filters.status === s}>
                {IMPORT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">筛选</button>
        </div>
      </form>
      {interrupted && (
        <div class="alert warn" role="status">
          有导入已中断：它写入的行已保存，但没有全部完成。
        </div>
      )}
      <p>共 {p.total} 次导入</p>
      {p.items.length === 0 ? (
        <p class="empty card">{filtered ? '没有符合条件的导入，请放宽筛选条件。' : '还没有导入记录。'}</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">开始时间</th>
                <th scope="col">类别</th>
                <th scope="col">文件</th>
                <th scope="col">状态</th>
                <th scope="col">共 / 新增 / 更新 / 失败</th>
                <th scope="col">操作人</th>
                <th scope="col">失败表</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((r) => (
                <tr>
                  <td class="nowrap" data-label="开始时间">
                    {beijing(r.createdAt)}
                  </td>
                  <td data-label="类别">{IMPORT_KIND_LABELS[r.kind] ?? '其他导入'}</td>
                  <td class="text" data-label="文件">
                    {r.filename}
                  </td>
                  <td data-label="状态">
                    <span class={`badge status-${r.status}`}>{IMPORT_STATUS_LABELS[r.status]}</span>
                    {r.finishedAt && <span class="muted"> {beijing(r.finishedAt)}</span>}
                  </td>
                  <td class="nowrap" data-label="共 / 新增 / 更新 / 失败">
                    {r.total} / {r.created} / {r.updated} / {r.failed}
                  </td>
                  <td data-label="操作人">
                    {r.createdBy ?? '—'}
                    {r.department ? `（${r.department}）` : ''}
                  </td>
                  <td data-label="失败表">
                    {r.failed > 0 && IMPORT_FAILURE_PATHS[r.kind] ? (
                      <a href={`${IMPORT_FAILURE_PATHS[r.kind]}/${r.id}/failures.xlsx`}>下载失败表</a>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page} pages={pages} href={href} />
    </Layout>
  )
}
