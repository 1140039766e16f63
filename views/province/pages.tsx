/** The province's pages (/province): statistics with charts, schools, 生源上报, 培养方式 requests, settings. */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { BarChart, ChartFigure, SeriesTable } from '../charts/bar-chart.js'
import {
  ROSTER_REPORT_STATUS_NAMES,
  TRAINING_MODE_REQUEST_STATUS_NAMES,
  type AgreementType,
  type RosterReportStatus,
  type TrainingModeRequestStatus,
} from '../../src/domain/province.js'

export function provinceNav(): NavItem[] {
  return [
    { href: '/province', label: '统计' },
    { href: '/province/schools', label: '学校' },
    { href: '/province/reports', label: '生源上报' },
    { href: '/province/requests', label: '培养方式申请' },
    { href: '/province/settings', label: '设置' },
  ]
}

interface Frame {
  who: LayoutProps['who']
  csrf: string
}

export interface StatsItemView {
  school: string
  schoolName: string
  graduates: number
  registered: number
  implementationRate: number
  confirmation: Record<'未上报' | '未确认' | '确认有误' | '确认无误', number>
  numbers: number
}

export function ProvinceStatsPage({ who, cohort, items }: Frame & { cohort: number; items: StatsItemView[] }) {
  const total = items.reduce((n, i) => n + i.graduates, 0)
  const registered = items.reduce((n, i) => n + i.registered, 0)
  const numbers = items.reduce((n, i) => n + i.numbers, 0)
  const label = (i: StatsItemView) => `${i.school} ${i.schoolName}`
  return (
    <Layout title="全省统计" nav={provinceNav()} current="/province" who={who}>
      <h1>{`${cohort} 届 全省毕业去向统计`}</h1>
      <form class="card no-print" method="get" action="/province">
        <div class="filters">
          <div>
            <label for="p-cohort">届别（毕业年份）</label>
            <input id="p-cohort" name="cohort" inputmode="numeric" value={String(cohort)} />
          </div>
          <div>
            <button type="submit">查看</button>
          </div>
        </div>
      </form>
      <div class="stats">
        <div class="stat" data-stat="schools">
          <div>学校</div>
          <div class="n">{items.length}</div>
        </div>
        <div class="stat" data-stat="graduates">
          <div>毕业生</div>
          <div class="n">{total}</div>
        </div>
        <div class="stat" data-stat="registered">
          <div>已登记</div>
          <div class="n">{registered}</div>
        </div>
        <div class="stat" data-stat="numbers">
          <div>已生成转递编号</div>
          <div class="n">{numbers}</div>
        </div>
      </div>
      {items.length === 0 ? (
        <p class="card">还没有学校。请先在“学校”页新建学校。</p>
      ) : (
        <>
          <ChartFigure
            id="rate"
            title="各校去向落实率"
            exportHref={`/api/v1/province/stats.xlsx?cohort=${cohort}`}
            chart={
              <BarChart
                id="rate-chart"
                title="各校去向落实率"
                desc={items.map((i) => `${label(i)} ${i.implementationRate}%`).join('，')}
                rows={items.map((i) => ({
                  label: label(i),
                  value: i.implementationRate,
                  display: `${i.implementationRate}%`,
                }))}
                max={100}
              />
            }
            table={
              <SeriesTable
                caption="各校去向落实率"
                head={['学校', '去向落实率']}
                rows={items.map((i) => ({
                  label: label(i),
                  value: i.implementationRate,
                  display: `${i.implementationRate}%`,
                }))}
              />
            }
          />
          <ChartFigure
            id="graduates"
            title="各校毕业生数"
            exportHref={`/api/v1/province/stats.xlsx?cohort=${cohort}`}
            chart={
              <BarChart
                id="graduates-chart"
                title="各校毕业生数"
                desc={items.map((i) => `${label(i)} ${i.graduates} 人`).join('，')}
                rows={items.map((i) => ({ label: label(i), value: i.graduates }))}
              />
            }
            table={
              <SeriesTable
                caption="各校毕业生数"
                head={['学校', '毕业生数']}
                rows={items.map((i) => ({ label: label(i), value: i.graduates }))}
              />
            }
          />
          <section class="card">
            <h2>各校明细</h2>
            <div class="table-wrap">
              <table data-table="province-stats">
                <thead>
                  <tr>
                    <th scope="col">学校</th>
                    <th scope="col">毕业生</th>
                    <th scope="col">已登记</th>
                    <th scope="col">去向落实率</th>
                    <th scope="col">未确认</th>
                    <th scope="col">确认有误</th>
                    <th scope="col">确认无误</th>
                    <th scope="col">转递编号</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr>
                      <th scope="row">{label(i)}</th>
                      <td>{i.graduates}</td>
                      <td>{i.registered}</td>
                      <td>{`${i.implementationRate}%`}</td>
                      <td>{i.confirmation.未确认}</td>
                      <td>{i.confirmation.确认有误}</td>
                      <td>{i.confirmation.确认无误}</td>
                      <td>{i.numbers}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={`/api/v1/province/stats.xlsx?cohort=${cohort}`}>导出 Excel</a>
            </p>
          </section>
        </>
      )}
    </Layout>
  )
}

export function SchoolsPage({
  who,
  csrf,
  schools,
  created,
  error,
  values = {},
}: Frame & {
  schools: Array<{ code: string; name: string; graduates: number }>
  created?: { code: string; name: string; username: string; password: string } | null
  error?: string | null
  values?: { code?: string; name?: string }
}) {
  return (
    <Layout title="学校" nav={provinceNav()} current="/province/schools" who={who}>
      <h1>本省学校</h1>
      {created && (
        <div class="alert ok" role="status" data-created={created.code}>
          {`已新建 ${created.code} ${created.name}。学校管理员用户名 ${created.username}，初始密码 `}
          <strong data-password>{created.password}</strong>
          （只显示这一次，请立即转交学校并提醒其登录后修改）。
        </div>
      )}
      <ErrorAlert message={error} />
      <form class="card" method="post" action="/province/schools">
        <CsrfField token={csrf} />
        <h2>新建学校</h2>
        <label for="s-code">院校代码</label>
        <input id="s-code" name="code" inputmode="numeric" maxlength={5} required value={values.code ?? ''} />
        <label for="s-name">学校名称</label>
        <input id="s-name" name="name" required value={values.name ?? ''} />
        <div class="actions">
          <button type="submit">新建</button>
        </div>
      </form>
      {schools.length === 0 ? (
        <p class="card">还没有学校。</p>
      ) : (
        <div class="table-wrap card">
          <table data-table="schools">
            <thead>
              <tr>
                <th scope="col">院校代码</th>
                <th scope="col">学校名称</th>
                <th scope="col">毕业生</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr>
                  <td>{s.code}</td>
                  <td>{s.name}</td>
                  <td>{s.graduates}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}

function StatusFilter<S extends string>({
  action,
  names,
  status,
}: {
  action: string
  names: Record<S, string>
  status?: S
}) {
  return (
    <form class="card no-print" method="get" action={action}>
      <div class="filters">
        <div>
          <label for="f-status">状态</label>
          <select id="f-status" name="status">
            <option value="">全部</option>
            {(Object.keys(names) as S[]).map((k) => (
              <option value={k} selected={status === k}>
                {names[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">筛选</button>
        </div>
      </div>
    </form>
  )
}

export interface ReportView {
  id: number
  school: string
  schoolName: string
  cohort: number
  graduates: number
  status: RosterReportStatus
  reason: string | null
  createdAt: string
}

export function ReportsPage({
  who,
  csrf,
  items,
  status,
  notice,
  error,
}: Frame & { items: ReportView[]; status?: RosterReportStatus; notice?: string | null; error?: string | null }) {
  return (
    <Layout title="生源上报" nav={provinceNav()} current="/province/reports" who={who}>
      <h1>生源上报审核</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      <StatusFilter action="/province/reports" names={ROSTER_REPORT_STATUS_NAMES} status={status} />
      {items.length === 0 ? (
        <p class="card">没有符合条件的生源上报。</p>
      ) : (
        items.map((r) => (
          <section class="card" data-report={r.id}>
            <h2>{`${r.school} ${r.schoolName} · ${r.cohort} 届`}</h2>
            <p>
              {`毕业生 ${r.graduates} 人 · ${ROSTER_REPORT_STATUS_NAMES[r.status]}`}
              {r.reason ? `（原因：${r.reason}）` : ''}
            </p>
            {r.status === 'submitted' && (
              <form method="post" action={`/province/reports/${r.id}/decision`}>
                <CsrfField token={csrf} />
                <label for={`r-reason-${r.id}`}>原因（退回时必填）</label>
                <input id={`r-reason-${r.id}`} name="reason" />
                <div class="actions">
                  <button type="submit" name="decision" value="approve">
                    通过
                  </button>
                  <button type="submit" name="decision" value="return" class="secondary">
                    退回
                  </button>
                </div>
              </form>
            )}
          </section>
        ))
      )}
    </Layout>
  )
}

export interface RequestView {
  id: number
  school: string
  schoolName: string
  name: string
  studentNo: string
  oldTrainingMode: string
  oldUnit: string | null
  trainingMode: string
  unit: string | null
  reason: string
  status: TrainingModeRequestStatus
  decisionReason: string | null
}

export function RequestsPage({
  who,
  csrf,
  items,
  status,
  notice,
  error,
}: Frame & {
  items: RequestView[]
  status?: TrainingModeRequestStatus
  notice?: string | null
  error?: string | null
}) {
  return (
    <Layout title="培养方式变更申请" nav={provinceNav()} current="/province/requests" who={who}>
      <h1>培养方式变更申请</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      <StatusFilter action="/province/requests" names={TRAINING_MODE_REQUEST_STATUS_NAMES} status={status} />
      {items.length === 0 ? (
        <p class="card">没有符合条件的申请。</p>
      ) : (
        items.map((r) => (
          <section class="card" data-request={r.id}>
            <h2>{`${r.schoolName} · ${r.name}（${r.studentNo}）`}</h2>
            <p>{`${r.oldTrainingMode}${r.oldUnit ? `（${r.oldUnit}）` : ''} → ${r.trainingMode}${r.unit ? `（${r.unit}）` : ''}`}</p>
            <p>{`申请原因：${r.reason} · ${TRAINING_MODE_REQUEST_STATUS_NAMES[r.status]}`}</p>
            {r.decisionReason && <p>{`审核意见：${r.decisionReason}`}</p>}
            {r.status === 'submitted' && (
              <form method="post" action={`/province/requests/${r.id}/decision`}>
                <CsrfField token={csrf} />
                <label for={`q-reason-${r.id}`}>意见（不通过时必填）</label>
                <input id={`q-reason-${r.id}`} name="reason" />
                <div class="actions">
                  <button type="submit" name="decision" value="approve">
                    通过
                  </button>
                  <button type="submit" name="decision" value="reject" class="secondary">
                    不通过
                  </button>
                </div>
              </form>
            )}
          </section>
        ))
      )}
    </Layout>
  )
}

export function ProvinceSettingsPage({
  who,
  csrf,
  agreementType,
  saved,
}: Frame & { agreementType: AgreementType; saved?: boolean }) {
  return (
    <Layout title="省级设置" nav={provinceNav()} current="/province/settings" who={who}>
      <h1>省级设置</h1>
      {saved && (
        <div class="alert ok" role="status">
          已保存。
        </div>
      )}
      <form class="card" method="post" action="/province/settings">
        <CsrfField token={csrf} />
        <fieldset>
          <legend>本地各高校电子就业协议书类型</legend>
          {(['三方协议', '两方协议'] as const).map((t) => (
            <label>
              <input type="radio" name="agreementType" value={t} checked={agreementType === t} /> {t}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">保存</button>
        </div>
      </form>
    </Layout>
  )
}
