/** 登记确认情况统计 for staff (seed 004, 3 "查看登记确认情况统计"): states by 去向来源. */
import { Layout, type LayoutProps, type NavItem } from '../layout.js'
import { STATS_COLUMNS, STATS_ROWS, type StatsTable } from '../../src/domain/confirmation.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'
import { CohortFilter } from '../components/filters.js'

/** The list and the statistics, each keeping the 届 shown (`cohort`: a year, or all). */
export function ConfirmationTabs({ current, cohort }: { current: 'list' | 'stats'; cohort: string }) {
  return (
    <nav class="actions" aria-label="登记确认信息">
      <a
        class={current === 'list' ? 'button' : 'button secondary'}
        href={`/admin/confirmations?cohort=${cohort}`}
        aria-current={current === 'list' ? 'page' : undefined}
      >
        登记确认情况列表
      </a>
      <a
        class={current === 'stats' ? 'button' : 'button secondary'}
        href={`/admin/confirmations/stats?cohort=${cohort}`}
        aria-current={current === 'stats' ? 'page' : undefined}
      >
        登记确认情况统计
      </a>
    </nav>
  )
}

function StatsTableView({ rows, caption }: { rows: StatsTable; caption: string }) {
  return (
    <div class="table-wrap">
      <table data-stats>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">登记确认情况 \ 去向来源</th>
            {STATS_COLUMNS.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {STATS_ROWS.map((r) => (
            <tr>
              <th scope="row">{r}</th>
              {STATS_COLUMNS.map((c) => (
                <td data-row={r} data-col={c}>
                  {String(rows[r][c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface ConfirmationStatsPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  /** 届别: the statistics are of one 届 (or all). */
  cohort: CohortPicker
  rows: StatsTable
  departments: string[]
  department: string | null
  fixedDepartment: string | null
}

export function ConfirmationStatsPage(p: ConfirmationStatsPageProps) {
  const scope = p.fixedDepartment ?? p.department
  const query = new URLSearchParams()
  if (p.department && !p.fixedDepartment) query.set('department', p.department)
  if (p.cohort.value !== undefined) query.set('cohort', String(p.cohort.value))
  const xlsx = `/api/v1/confirmations/stats.xlsx${query.size ? `?${query}` : ''}`
  const cohortName = p.cohort.value === undefined ? '全部届别' : `${p.cohort.value} 届`
  return (
    <Layout title="登记确认情况统计" nav={p.nav} current="/admin/confirmations" who={p.who}>
      <h1>登记确认情况统计</h1>
      <ConfirmationTabs current="stats" cohort={cohortParam(p.cohort.value)} />
      <form class="card" method="get" action="/admin/confirmations/stats">
        <div class="filters">
          <CohortFilter picker={p.cohort} />
          {!p.fixedDepartment && (
            <div>
              <label for="s-department">院系</label>
              <select id="s-department" name="department">
                <option value="">全校</option>
                {p.departments.map((d) => (
                  <option value={d} selected={p.department === d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <button type="submit">统计</button>
          </div>
        </div>
      </form>
      <StatsTableView rows={p.rows} caption={`登记确认情况统计（${scope ?? '全校'}，${cohortName}）`} />
      <p class="hint">
        “未上报”指还没有审核通过的去向登记：有登记（未通过或已作废）的按其来源计入，尚无登记的只计入“总数”列，所以“总数”可能大于各来源之和。
      </p>
      <div class="actions">
        <a class="button secondary" href={xlsx}>
          导出统计表（Excel）
        </a>
      </div>
    </Layout>
  )
}
