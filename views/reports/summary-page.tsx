/**
 * 资格审核汇总表 (seed 001 附件5) as a page to print: per 院系 a table of 专业 and 班级 with their
 * 人数, a 合计 line, and the 填表人 / 填表时间 lines for the 院系 to sign and stamp.
 */
import type { NavItem, Who } from '../layout.js'
import { Layout } from '../layout.js'
import { ReportFilters, reportHref } from './report-filters.js'

export interface SummaryPageDepartment {
  department: string
  count: number
  majors: Array<{
    majorCode: string
    majorName: string
    count: number
    classes: Array<{ className: string; count: number }>
  }>
}

export function SummaryPage(p: {
  nav: NavItem[]
  who: Who
  cohort: number
  cohorts: number[]
  department?: string
  departments: string[] | null
  rows: SummaryPageDepartment[]
  filledBy: string
  filledAt: string
}) {
  const total = p.rows.reduce((n, d) => n + d.count, 0)
  return (
    <Layout title="资格审核汇总表" nav={p.nav} current="/admin/roster" who={p.who}>
      <h1 class="no-print">资格审核汇总表</h1>
      <p class="hint no-print">
        按院系、专业、班级统计本届毕业生人数（不含退学、休学、留级撤出的毕业生）。用浏览器的“打印”（Ctrl+P）打印本页，每个院系一页，签字盖章后报送；也可
        <a href={reportHref('/api/v1/graduates/summary.xlsx', p.cohort, p.department)}>下载 Excel</a>。
      </p>
      <ReportFilters
        action="/admin/reports/summary"
        cohort={p.cohort}
        cohorts={p.cohorts}
        department={p.department}
        departments={p.departments}
      />
      {p.rows.length === 0 ? (
        <p class="empty card">{p.cohort}届在您的范围内还没有毕业生。请换一届，或先导入生源。</p>
      ) : (
        <>
          {p.rows.length > 1 && (
            <p class="no-print">
              共 {p.rows.length} 个院系，{total} 名毕业生。
            </p>
          )}
          {p.rows.map((d) => (
            <section class="card summary-sheet">
              <h2>
                {d.department}
                {p.cohort}届毕业生资格审核汇总表
              </h2>
              <p class="summary-lines">
                <span>填报学院（盖章）：{d.department}</span>
                <span>填表时间：{p.filledAt}</span>
              </p>
              <div class="table-wrap">
                <table class="sheet">
                  <thead>
                    <tr>
                      <th scope="col">序号</th>
                      <th scope="col">专业</th>
                      <th scope="col">专业人数</th>
                      <th scope="col">所在班级</th>
                      <th scope="col">毕业生人数</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <td>/</td>
                      <th scope="row">合计</th>
                      <td>{d.count}</td>
                      <td>/</td>
                      <td>{d.count}</td>
                    </tr>
                    {d.majors.map((m, i) =>
                      m.classes.map((c, j) => (
                        <tr>
                          {j === 0 && <td rowspan={m.classes.length}>{i + 1}</td>}
                          {j === 0 && (
                            <td rowspan={m.classes.length}>
                              {m.majorName}
                              <span class="muted">（{m.majorCode}）</span>
                            </td>
                          )}
                          {j === 0 && <td rowspan={m.classes.length}>{m.count}</td>}
                          <td>{c.className || <span class="muted">未分班</span>}</td>
                          <td>{c.count}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
              <p class="summary-lines">
                <span>填表人：{p.filledBy}</span>
                <span>主管院领导签名：</span>
                <span>学院盖章：</span>
              </p>
            </section>
          ))}
        </>
      )}
    </Layout>
  )
}
