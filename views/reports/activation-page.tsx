/**
 * 就业账户激活 (seed 003): each 院系's rate, and who has not activated yet with what is missing —
 * the first password or an approved 生源信息核对 — so the 院系 can remind them.
 */
import type { NavItem, Who } from '../layout.js'
import { Layout } from '../layout.js'
import { Pager } from '../components/filters.js'
import { ReportFilters, reportHref } from './report-filters.js'

export interface ActivationPageRow {
  department: string
  graduates: number
  activated: number
  rate: number
}

export interface NotActivatedPageRow {
  id: number
  studentNo: string
  name: string
  department: string
  className: string | null
  passwordChanged: boolean
  check: 'submitted' | 'returned' | 'approved' | null
}

const CHECK_LABELS: Record<string, string> = { submitted: '待审核', returned: '已退回', approved: '已通过' }

export function ActivationPage(p: {
  nav: NavItem[]
  who: Who
  cohort: number
  cohorts: number[]
  department?: string
  departments: string[] | null
  rows: ActivationPageRow[]
  pending: NotActivatedPageRow[]
  total: number
  page: number
  pageSize: number
}) {
  const graduates = p.rows.reduce((n, r) => n + r.graduates, 0)
  const activated = p.rows.reduce((n, r) => n + r.activated, 0)
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  return (
    <Layout title="就业账户激活" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>就业账户激活</h1>
      <p class="hint">毕业生修改了初始密码、且生源信息核对已审核通过，即为已激活。请督促未激活的毕业生尽快完成。</p>
      <ReportFilters
        action="/admin/reports/activation"
        cohort={p.cohort}
        cohorts={p.cohorts}
        department={p.department}
        departments={p.departments}
      />
      {p.rows.length === 0 ? (
        <p class="empty card">{p.cohort}届在您的范围内还没有毕业生。</p>
      ) : (
        <>
          <p>
            {p.cohort}届共 {graduates} 名毕业生，已激活 {activated} 名，未激活 {graduates - activated} 名。
          </p>
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">院系</th>
                  <th scope="col">毕业生</th>
                  <th scope="col">已激活</th>
                  <th scope="col">激活率</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr>
                    <td data-label="院系">{r.department}</td>
                    <td data-label="毕业生">{r.graduates}</td>
                    <td data-label="已激活">{r.activated}</td>
                    <td data-label="激活率">{r.rate}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>未激活的毕业生</h2>
          {p.pending.length === 0 ? (
            <p class="empty card">全部已激活。</p>
          ) : (
            <>
              <p>共 {p.total} 名</p>
              <div class="table-wrap">
                <table class="cards">
                  <thead>
                    <tr>
                      <th scope="col">学号</th>
                      <th scope="col">姓名</th>
                      <th scope="col">院系</th>
                      <th scope="col">班级</th>
                      <th scope="col">初始密码</th>
                      <th scope="col">生源核对</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.pending.map((g) => (
                      <tr>
                        <td data-label="学号">{g.studentNo}</td>
                        <td data-label="姓名">
                          <a href={`/admin/roster/${g.id}`}>{g.name}</a>
                        </td>
                        <td data-label="院系">{g.department}</td>
                        <td data-label="班级">{g.className ?? '—'}</td>
                        <td data-label="初始密码">{g.passwordChanged ? '已修改' : '未修改'}</td>
                        <td data-label="生源核对">{g.check ? CHECK_LABELS[g.check] : '未核对'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={p.page}
                pages={pages}
                href={(n) => reportHref('/admin/reports/activation', p.cohort, p.department, { page: String(n) })}
              />
            </>
          )}
        </>
      )}
    </Layout>
  )
}
