/** The province's pages (/province): statistics with charts, schools, 生源上报, 培养方式 requests, settings. */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { SelectField, TextAreaField, TextField } from '../components/form-fields.js'
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

/** Where the list is seen from: the province decides; a school sees its own and reports a 届. */
export interface ListSide {
  nav: NavItem[]
  /** The page's own path (the filter's action). */
  base: string
  decide: boolean
}

const PROVINCE_REPORTS: ListSide = { nav: provinceNav(), base: '/province/reports', decide: true }
const PROVINCE_REQUESTS: ListSide = { nav: provinceNav(), base: '/province/requests', decide: true }

export function ReportsPage({
  who,
  csrf,
  items,
  status,
  notice,
  error,
  side = PROVINCE_REPORTS,
  submit,
}: Frame & {
  items: ReportView[]
  status?: RosterReportStatus
  notice?: string | null
  error?: string | null
  side?: ListSide
  /** A school's form to report a 届: the 届 it may choose, the one chosen. */
  submit?: { cohorts: number[]; cohort: number }
}) {
  return (
    <Layout title="生源上报" nav={side.nav} current={side.base} who={who}>
      <h1>{side.decide ? '生源上报审核' : '生源上报'}</h1>
      {!side.decide && (
        <p>
          <a href="/admin/training-mode-requests">培养方式变更申请</a>
        </p>
      )}
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      {submit && (
        <form
          class="card"
          method="post"
          action={side.base}
          data-confirm="上报后由省级审核；审核通过后这些毕业生为“已上报”，其培养方式、定向委培单位只能申请变更。确定上报吗？"
        >
          <CsrfField token={csrf} />
          <h2>上报一届生源</h2>
          <p class="hint">报送该届在籍（未撤出）的全部毕业生，由省级审核。上报前请确认生源信息已经院、校两级审核。</p>
          <label for="cohort">届别</label>
          <select id="cohort" name="cohort">
            {submit.cohorts.map((y) => (
              <option value={String(y)} selected={y === submit.cohort}>
                {y} 届
              </option>
            ))}
          </select>
          <div class="actions">
            <button type="submit">上报</button>
          </div>
        </form>
      )}
      <StatusFilter action={side.base} names={ROSTER_REPORT_STATUS_NAMES} status={status} />
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
            {side.decide && r.status === 'submitted' && (
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
  side = PROVINCE_REQUESTS,
}: Frame & {
  items: RequestView[]
  status?: TrainingModeRequestStatus
  notice?: string | null
  error?: string | null
  side?: ListSide
}) {
  return (
    <Layout title="培养方式变更申请" nav={side.nav} current={side.base} who={who}>
      <h1>培养方式变更申请</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      {!side.decide && (
        <p class="hint">
          已上报毕业生的培养方式、定向委培单位须申请变更：在生源名单中打开该毕业生，点“申请变更培养方式”。
        </p>
      )}
      <StatusFilter action={side.base} names={TRAINING_MODE_REQUEST_STATUS_NAMES} status={status} />
      {items.length === 0 ? (
        <p class="card">没有符合条件的申请。</p>
      ) : (
        items.map((r) => (
          <section class="card" data-request={r.id}>
            <h2>{`${r.schoolName} · ${r.name}（${r.studentNo}）`}</h2>
            <p>{`${r.oldTrainingMode}${r.oldUnit ? `（${r.oldUnit}）` : ''} → ${r.trainingMode}${r.unit ? `（${r.unit}）` : ''}`}</p>
            <p>{`申请原因：${r.reason} · ${TRAINING_MODE_REQUEST_STATUS_NAMES[r.status]}`}</p>
            {r.decisionReason && <p>{`审核意见：${r.decisionReason}`}</p>}
            {side.decide && r.status === 'submitted' && (
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

/** A school's request to change a reported graduate's 培养方式 / 定向委培单位 (contract §8). */
export function TrainingModeRequestPage(p: {
  nav: NavItem[]
  who: Frame['who']
  csrf: string
  graduate: { id: number; name: string; studentNo: string; trainingMode: string; unit: string | null }
  modes: Array<[string, string]>
  values: { trainingModeCode?: string; unit?: string; reason?: string }
  errors?: Record<string, string>
}) {
  const e = p.errors ?? {}
  return (
    <Layout title="申请变更培养方式" nav={p.nav} current="/admin/roster" who={p.who}>
      <p>
        <a href={`/admin/roster/${p.graduate.id}`}>← 生源信息</a>
      </p>
      <h1>申请变更培养方式</h1>
      <p>
        {p.graduate.name}（{p.graduate.studentNo}）：现为 {p.graduate.trainingMode}
        {p.graduate.unit ? `（${p.graduate.unit}）` : ''}。该毕业生已上报，变更须经省级审核。
      </p>
      <ErrorAlert message={Object.values(e)[0] ?? null} />
      <form class="card" method="post" action={`/admin/roster/${p.graduate.id}/training-mode-request`} novalidate>
        <CsrfField token={p.csrf} />
        <SelectField
          id="trainingModeCode"
          label="新的培养方式"
          value={p.values.trainingModeCode}
          error={e.trainingModeCode}
          options={p.modes}
          placeholder="请选择"
          required
        />
        <TextField
          id="unit"
          label="定向委培单位（定向、委培时必填）"
          value={p.values.unit}
          error={e.unit}
          maxlength={100}
        />
        <TextAreaField id="reason" label="申请原因" value={p.values.reason} error={e.reason} maxlength={500} required />
        <div class="actions">
          <button type="submit">提交申请</button>
        </div>
      </form>
    </Layout>
  )
}
