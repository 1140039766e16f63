/** The school's (or a 院系's) front page: pending reviews, confirmation progress and the charts. */
import { Layout, type LayoutProps, type NavItem } from '../layout.js'
import { SigningStats, type SigningCounts } from '../agreements/school-pages.js'
import { BarChart, ChartFigure, SeriesTable, StackedBarChart, StackedTable, PALETTE } from '../charts/bar-chart.js'
import { BUCKETS, CHART_TITLES, type ChartId, type Dashboard } from '../../src/domain/dashboard.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'
import { CohortFilter } from '../components/filters.js'

export interface DashboardPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  data: Dashboard
  /** 届别: the counts and charts are of one 届 (or all). */
  cohort: CohortPicker
  departments: string[]
  /** A school user may pick a 院系; a department user is fixed to its own. */
  canPickDepartment: boolean
  /** 就业账户激活 of the 届 shown in the same scope (seed 003); absent for 全部届别. */
  activation?: { cohort: number; graduates: number; activated: number; rate: number }
  /** 在线签约管理's pending counts and 失效信息 (seed 004 §2.3 (4)); absent without 基本信息 permission. */
  signing?: SigningCounts & { pendingEmployers: number | null }
}

const list = (rows: Array<{ label: string; value: number }>, unit = '人') =>
  rows.map((r) => `${r.label} ${r.value} ${unit}`).join('，')

export function DashboardPage({
  nav,
  who,
  data,
  cohort,
  departments,
  canPickDepartment,
  activation,
  signing,
}: DashboardPageProps) {
  const scope = data.department ?? '全校'
  const c = data.charts
  const conf = data.confirmation
  const reported = conf['总数'] - conf['未上报']
  const pending = data.pendingReviews.submitted + data.pendingReviews.departmentApproved
  const d = data.department && canPickDepartment ? `&department=${encodeURIComponent(data.department)}` : ''
  // The pages' links carry the 届 shown (a year, or all); the API's exports, a year or nothing (every 届).
  const cohortLink = `&cohort=${cohortParam(cohort.value)}`
  const apiCohort = cohort.value === undefined ? '' : `&cohort=${cohort.value}`
  const q = d + cohortLink
  const exportHref = (id: ChartId) => `/api/v1/dashboard/charts.xlsx?chart=${id}${d}${apiCohort}`
  const exportAll = `/api/v1/dashboard/charts.xlsx${`${d}${apiCohort}`.replace(/^&/, '?')}`
  // The reports are of one 届: the one shown, or (全部届别) their own opening one.
  const reportQuery = `${apiCohort}${d}`.replace(/^&/, '?')
  const stateLink = (s: string) => `/admin/confirmations?state=${encodeURIComponent(s)}${q}`
  const series = BUCKETS as string[]
  const typeRows = c.byType.filter((t) => t.value > 0)

  return (
    <Layout title="首页" nav={nav} current="/admin" who={who}>
      <h1>{data.department ? `${data.department} · 毕业去向概况` : '全校毕业去向概况'}</h1>
      <form class="card no-print" method="get" action="/admin">
        <div class="filters">
          <CohortFilter picker={cohort} />
          {canPickDepartment && departments.length > 0 && (
            <div>
              <label for="d-department">范围</label>
              <select id="d-department" name="department">
                <option value="">全校</option>
                {departments.map((d) => (
                  <option value={d} selected={data.department === d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <button type="submit">查看</button>
          </div>
        </div>
      </form>

      {signing && (
        <section aria-labelledby="signing-h" data-signing>
          <h2 id="signing-h">在线签约</h2>
          <SigningStats counts={signing} cohort={cohortParam(cohort.value)} />
          {signing.pendingEmployers ? (
            <p>
              <a href="/admin/employers?status=pending" data-stat="employers">
                {signing.pendingEmployers} 家用人单位注册待审核
              </a>
            </p>
          ) : null}
        </section>
      )}
      <div class="stats">
        <a class="stat" href={`/admin/registrations?status=pending${cohortLink}`} data-stat="pending">
          <div>待审核去向登记</div>
          <div class="n">{pending}</div>
          <div class="muted">
            待院系或学校审核 {data.pendingReviews.submitted}，院系已审待学校审核{' '}
            {data.pendingReviews.departmentApproved}
          </div>
        </a>
        <div class="stat" data-stat="confirmed">
          <div>登记确认进度</div>
          <div class="n">
            {conf['确认无误']} / {reported}
          </div>
          <progress max={Math.max(1, reported)} value={conf['确认无误']} aria-label="已确认无误的已上报毕业生">
            {conf['确认无误']} / {reported}
          </progress>
          <div class="muted">已上报毕业生中确认无误的人数</div>
        </div>
        <a class="stat" href={stateLink('未确认')} data-stat="未确认">
          <div>未确认</div>
          <div class="n">{conf['未确认']}</div>
        </a>
        <a class="stat" href={stateLink('确认有误')} data-stat="确认有误">
          <div>确认有误</div>
          <div class="n">{conf['确认有误']}</div>
        </a>
        <a class="stat" href={stateLink('未上报')} data-stat="未上报">
          <div>未上报</div>
          <div class="n">{conf['未上报']}</div>
        </a>
        <div class="stat" data-stat="rate">
          <div>去向落实率</div>
          <div class="n">{c.placementTotal.rate}%</div>
          <div class="muted">
            {c.placementTotal.placed} / {c.placementTotal.total} 人
          </div>
        </div>
        {activation && (
          <a class="stat" href={`/admin/reports/activation?cohort=${activation.cohort}${d}`} data-stat="activation">
            <div>{activation.cohort}届就业账户激活率</div>
            <div class="n">{activation.rate}%</div>
            <div class="muted">
              已激活 {activation.activated} / {activation.graduates} 人
            </div>
          </a>
        )}
      </div>
      <p class="no-print">
        <a href={`/admin/reports/summary${reportQuery}`}>资格审核汇总表</a> ·{' '}
        <a href={`/admin/reports/activation${reportQuery}`}>就业账户激活名单</a>
      </p>

      {conf['总数'] === 0 ? (
        <p class="empty card">{scope}还没有毕业生（生源），导入生源后这里会显示统计图表。</p>
      ) : (
        <>
          <ChartFigure
            id="byCategory"
            title={CHART_TITLES.byCategory}
            exportHref={exportHref('byCategory')}
            note="按审核通过的去向登记统计；尚无审核通过登记的毕业生计为“未上报”。"
            chart={
              <BarChart
                id="chart-byCategory"
                title={`${scope}${CHART_TITLES.byCategory}`}
                desc={list(c.byCategory)}
                rows={c.byCategory}
              />
            }
            table={
              <SeriesTable
                caption={`${scope}${CHART_TITLES.byCategory}`}
                head={['毕业去向类别', '人数']}
                rows={c.byCategory}
              />
            }
          />
          <ChartFigure
            id="byType"
            title={CHART_TITLES.byType}
            exportHref={exportHref('byType')}
            note="只列出有毕业生的去向；导出的表格包含全部 24 种去向。"
            chart={
              typeRows.length ? (
                <BarChart
                  id="chart-byType"
                  title={`${scope}${CHART_TITLES.byType}`}
                  desc={list(typeRows)}
                  rows={typeRows}
                  color={PALETTE['其他形式就业']}
                />
              ) : (
                <p class="empty">还没有审核通过的去向登记。</p>
              )
            }
            table={
              <SeriesTable caption={`${scope}${CHART_TITLES.byType}`} head={['毕业去向', '人数']} rows={c.byType} />
            }
          />
          <ChartFigure
            id="byDepartment"
            title={CHART_TITLES.byDepartment}
            exportHref={exportHref('byDepartment')}
            chart={
              <StackedBarChart
                id="chart-byDepartment"
                title={`${scope}${CHART_TITLES.byDepartment}`}
                desc={c.byDepartment
                  .map((r) => `${r.label}：${series.map((s) => `${s} ${r.values[s as never]}`).join('，')}`)
                  .join('；')}
                series={series}
                rows={c.byDepartment}
              />
            }
            table={
              <StackedTable
                caption={`${scope}${CHART_TITLES.byDepartment}`}
                first="院系"
                series={series}
                rows={c.byDepartment}
              />
            }
          />
          <ChartFigure
            id="byEducation"
            title={CHART_TITLES.byEducation}
            exportHref={exportHref('byEducation')}
            chart={
              <StackedBarChart
                id="chart-byEducation"
                title={`${scope}${CHART_TITLES.byEducation}`}
                desc={c.byEducation
                  .map((r) => `${r.label}：${series.map((s) => `${s} ${r.values[s as never]}`).join('，')}`)
                  .join('；')}
                series={series}
                rows={c.byEducation}
              />
            }
            table={
              <StackedTable
                caption={`${scope}${CHART_TITLES.byEducation}`}
                first="学历层次"
                series={series}
                rows={c.byEducation}
              />
            }
          />
          <ChartFigure
            id="placementRate"
            title={CHART_TITLES.placementRate}
            exportHref={exportHref('placementRate')}
            note="去向落实率 = 去向为签就业协议书就业、其他形式就业或升学（已审核通过）的毕业生 ÷ 全部毕业生。"
            chart={
              <BarChart
                id="chart-placementRate"
                title={`${scope}${CHART_TITLES.placementRate}`}
                desc={c.placementRate.map((r) => `${r.label} ${r.rate}%（${r.placed}/${r.total}）`).join('，')}
                rows={c.placementRate.map((r) => ({ label: r.label, value: r.rate, display: `${r.rate}%` }))}
                max={100}
                color={PALETTE['升学']}
              />
            }
            table={
              <table data-table="placementRate">
                <caption>{`${scope}${CHART_TITLES.placementRate}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">院系</th>
                    <th scope="col">已落实</th>
                    <th scope="col">毕业生</th>
                    <th scope="col">去向落实率</th>
                  </tr>
                </thead>
                <tbody>
                  {[...c.placementRate, c.placementTotal].map((r) => (
                    <tr>
                      <th scope="row">{r.label}</th>
                      <td>{r.placed}</td>
                      <td>{r.total}</td>
                      <td>{r.rate}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
          <p class="no-print">
            <a href={exportAll}>导出全部图表数据（Excel）</a> ·{' '}
            <a href={`/admin/confirmations/stats?${q.slice(1)}`}>登记确认情况统计</a>
          </p>
        </>
      )}
    </Layout>
  )
}
