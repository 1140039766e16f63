/** The reviewers' pages: the queue with filters and batch approve, the detail, the school's edit, settings. */
import type { Child } from 'hono/jsx'
import { CsrfField, ErrorAlert, Layout } from '../layout.js'
import { staffNav, type StaffViewer } from '../nav.js'
import { DESTINATION_CATEGORIES, DESTINATION_TYPES } from '../../src/domain/codes/destinations.js'
import {
  REVIEW_MODES,
  STATUS_NAMES,
  heldByAgreement,
  type HoldingAgreementStatus,
  type ReviewMode,
} from '../../src/domain/registration/index.js'
import { divisionName } from '../../src/domain/divisions.js'
import type { GraduateSummary, ListItem, RegistrationJson } from '../../src/domain/registration/index.js'
import type { RegistrationStatus } from '../../src/domain/registration/index.js'
import type { CodeTable } from '../../src/domain/codes/types.js'
import {
  Attachments,
  History,
  RegistrationForm,
  StatusBadge,
  Summary,
  fieldId,
  formatTime,
  type FormValues,
} from './parts.js'
import {
  CohortFilter,
  DepartmentFilter,
  EducationFilter,
  MajorFilter,
  type FilterOption,
} from '../components/filters.js'
import type { CohortPicker } from '../../src/domain/cohort.js'
import type { PlacePickerState } from '../components/place-field.js'

type Staff = StaffViewer & { department: string | null }

function StaffLayout({
  user,
  title,
  children,
  csrf,
  unread,
}: {
  user: Staff
  title: string
  children: Child
  csrf: string
  unread: number | undefined
}) {
  return (
    <Layout
      title={title}
      nav={staffNav(user)}
      current="/admin/registrations"
      who={{ label: user.displayName ?? user.username, logoutAction: '/admin/logout', csrf, unread }}
    >
      {children}
    </Layout>
  )
}

function Notice({ text }: { text?: string | null }) {
  return text ? (
    <div class="alert ok" role="status">
      {text}
    </div>
  ) : null
}

const STATUSES: RegistrationStatus[] = [
  'submitted',
  'department_approved',
  'approved',
  'returned',
  'rejected',
  'draft',
  'voided',
]

export interface ListPageProps {
  user: Staff
  csrf: string
  /** The bell's count (the request's `unread`). */
  unread: number | undefined
  mode: ReviewMode
  items: ListItem[]
  total: number
  page: number
  pageSize: number
  /** The filters shown, as a link carries them (`cohort`: a year, or all). */
  filters: Record<string, string>
  /** 届别: the queue is of one 届 (or all). */
  cohort: CohortPicker
  departments: string[]
  education: CodeTable
  canDecide: boolean
  pendingCount: number
  notice?: string | null
  error?: string | null
  /** The name search (posted, not in the URL). */
  q?: string
}

export function RegistrationListPage(p: ListPageProps) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const qs = (page: number) => {
    const u = new URLSearchParams()
    for (const [k, v] of Object.entries(f)) if (v) u.set(k, v)
    u.set('page', String(page))
    return `?${u}`
  }
  const isSchool = p.user.role === 'school'
  return (
    <StaffLayout user={p.user} title="去向登记审核" csrf={p.csrf} unread={p.unread}>
      <h1>去向登记审核</h1>
      <p class="muted">
        审核方式：{p.mode}
        {p.user.role === 'department' && `（${p.user.department}）`} · 等待您审核：{p.pendingCount} 条
        {isSchool && (
          <>
            {' '}
            · <a href="/admin/registrations/settings">审核设置</a> ·{' '}
            <a href="/admin/registrations/import">导入去向（就业管理系统上传）</a> ·{' '}
            <a href="/admin/archive-units">档案接收单位名录</a>
          </>
        )}
      </p>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} title="操作未完成" />
      <form method="get" action="/admin/registrations" class="card filters" role="search">
        <CohortFilter picker={p.cohort} />
        <div>
          <label for="f-status">状态</label>
          <select id="f-status" name="status">
            <option value="all" selected={f.status === 'all'}>
              全部
            </option>
            <option value="pending" selected={f.status === 'pending'}>
              等待我审核
            </option>
            {STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        </div>
        {p.user.role === 'school' && (
          <DepartmentFilter id="f-dept" departments={p.departments} value={f.department} allLabel="全部" />
        )}
        <MajorFilter id="f-major" value={f.major} placeholder="代码或名称" />
        <EducationFilter
          id="f-edu"
          value={f.education}
          options={p.education.entries.map((e): FilterOption => [e.code, e.name])}
        />
        <div>
          <label for="f-type">毕业去向</label>
          <select id="f-type" name="type">
            <option value="">全部</option>
            {DESTINATION_CATEGORIES.map((cat) => (
              <optgroup label={cat}>
                {DESTINATION_TYPES.filter((t) => t.category === cat).map((t) => (
                  <option value={t.name} selected={f.type === t.name}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label for="f-since">提交日期不早于</label>
          <input id="f-since" name="submittedSince" type="date" value={f.submittedSince ?? ''} />
        </div>
        <div>
          <button type="submit">查询</button>
        </div>
      </form>
      {/* Names are personal data: the name search posts, so it never lands in an address or a log. */}
      <form method="post" action="/admin/registrations/find" class="card filters" role="search">
        <CsrfField token={p.csrf} />
        <input type="hidden" name="cohort" value={f.cohort} />
        <div>
          <label for="f-q">按姓名或学号查找</label>
          <input id="f-q" name="q" type="search" value={p.q ?? ''} maxlength={50} />
        </div>
        <div>
          <button type="submit" class="secondary">
            查找
          </button>
        </div>
      </form>
      <p>共 {p.total} 条</p>
      {p.items.length === 0 ? (
        <div class="card empty">没有符合条件的登记。</div>
      ) : (
        <form method="post" action="/admin/registrations/batch-approve" data-confirm="确定将选中的登记审核通过？">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="cohort" value={f.cohort} />
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  {p.canDecide && (
                    <th class="c-pick">
                      <input id="select-all" type="checkbox" data-select-all="ids" />
                      <label class="sr-only" for="select-all">
                        全选本页
                      </label>
                    </th>
                  )}
                  <th>姓名</th>
                  <th>学号</th>
                  <th>院系</th>
                  <th class="hide-narrow">专业</th>
                  <th>毕业去向</th>
                  <th>状态</th>
                  <th class="hide-narrow">来源</th>
                  <th class="hide-narrow">提交时间</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((r) => (
                  <tr>
                    {p.canDecide && (
                      <td class="c-pick">
                        <input type="checkbox" name="ids" value={String(r.id)} aria-label={`选择 ${r.name}`} />
                      </td>
                    )}
                    <td class="c-name">
                      <a href={`/admin/registrations/${r.id}`}>{r.name}</a>
                    </td>
                    <td class="c-who">{r.studentNo}</td>
                    <td data-label="院系">{r.department}</td>
                    <td class="hide-narrow">{r.major}</td>
                    <td data-label="毕业去向">{r.type ?? '—'}</td>
                    <td class="c-status">
                      <StatusBadge status={r.status} />
                    </td>
                    <td class="hide-narrow">{r.source}</td>
                    <td class="hide-narrow">{formatTime(r.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.canDecide && (
            <div class="actions">
              <button type="submit">批量审核通过</button>
              <span class="hint">只处理选中且正等待您审核的登记；其他的会被跳过并说明原因。</span>
            </div>
          )}
        </form>
      )}
      <nav class="pager" aria-label="分页">
        {p.page > 1 && <a href={qs(p.page - 1)}>上一页</a>}
        <span>
          第 {p.page} / {pages} 页
        </span>
        {p.page < pages && <a href={qs(p.page + 1)}>下一页</a>}
      </nav>
    </StaffLayout>
  )
}

export interface DetailPageProps {
  user: Staff
  csrf: string
  /** The bell's count (the request's `unread`). */
  unread: number | undefined
  reg: RegistrationJson
  graduate: GraduateSummary
  mode: ReviewMode
  awaitingYou: boolean
  /** After a decision: the next registration waiting for this reviewer (下一条), if any. */
  nextId?: number | null
  canWrite: boolean
  educationName: string
  trainingModeName: string
  /** The agreement that holds the destination (in force or 解约中), if any. */
  held?: { id: number; status: HoldingAgreementStatus } | null
  notice?: string | null
  error?: string | null
}

export function RegistrationDetailPage(p: DetailPageProps) {
  const g = p.graduate
  const reg = p.reg
  const isSchool = p.user.role === 'school'
  return (
    <StaffLayout user={p.user} title={`去向登记 · ${g.name}`} csrf={p.csrf} unread={p.unread}>
      <p>
        <a href="/admin/registrations">← 返回列表</a>
      </p>
      <h1>
        {g.name} 的去向登记 <StatusBadge status={reg.status} />
      </h1>
      <Notice text={p.notice} />
      {p.notice && p.nextId && (
        <p class="actions">
          <a class="button" href={`/admin/registrations/${p.nextId}`}>
            下一条
          </a>{' '}
          <a href="/admin/registrations?status=pending">返回待审核列表</a>
        </p>
      )}
      <ErrorAlert message={p.error} title="操作未完成" />
      <section class="card">
        <h2>毕业生</h2>
        <table class="kv">
          <tbody>
            <tr>
              <th>学号</th>
              <td>{g.studentNo}</td>
            </tr>
            <tr>
              <th>身份证号</th>
              <td class="mono">{g.idCardMasked}</td>
            </tr>
            <tr>
              <th>院系 / 专业</th>
              <td>
                {g.department} / {g.major}
              </td>
            </tr>
            <tr>
              <th>学历</th>
              <td>{p.educationName}</td>
            </tr>
            <tr>
              <th>培养方式</th>
              <td>
                {p.trainingModeName}
                {g.targetedUnit && `（定向委培单位：${g.targetedUnit}）`}
              </td>
            </tr>
            <tr>
              <th>生源所在地</th>
              <td>{divisionName(g.origin) ?? g.origin}</td>
            </tr>
            <tr>
              <th>毕业时间</th>
              <td>{g.graduationTime}</td>
            </tr>
            <tr>
              <th>登记来源 / 版本</th>
              <td>
                {reg.source} / {reg.version > 0 ? `第 ${reg.version} 版` : '尚未生效（审核通过后为第 1 版）'}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {!p.awaitingYou && (reg.status === 'submitted' || reg.status === 'department_approved') && (
        <div class="alert info" role="status">
          {reg.status === 'submitted' && p.mode === '先院系再校级审核' && isSchool
            ? '这条登记等待院系审核；院系审核通过后，由学校审核。'
            : reg.status === 'department_approved' && !isSchool
              ? '院系已审核通过，等待学校审核。'
              : '这条登记正在审核中。'}
        </div>
      )}
      {p.awaitingYou && !p.canWrite && (
        <div class="alert info" role="status">
          这条登记等待审核；您的账号只有只读权限，不能审核。
        </div>
      )}
      {p.awaitingYou && p.canWrite && (
        <form class="card" method="post" action={`/admin/registrations/${reg.id}/decision`}>
          <CsrfField token={p.csrf} />
          <h2>审核</h2>
          {isSchool && p.mode === '先院系再校级审核' && reg.status === 'submitted' && (
            <div class="alert info" role="status">
              这条登记等待院系审核。学校也可以直接审核或修改去向，将记为学校审核（院系未审核）。
            </div>
          )}
          <p class="hint">
            审核方式：{p.mode}。{reg.status === 'department_approved' ? '院系已审核通过。' : ''}
            退回修改和审核不通过须填写原因；审核不通过后本次登记作废，毕业生须重新登记。
          </p>
          <label for="reason">原因（退回修改、审核不通过时必填）</label>
          <p class="hint" id="reason-hint">
            毕业生会看到这段原因，请写明要改什么，如：单位名称与协议书不一致。
          </p>
          <textarea id="reason" name="reason" rows={2} maxlength={200} aria-describedby="reason-hint"></textarea>
          <div class="actions">
            <button type="submit" name="decision" value="approve">
              审核通过
            </button>
            <button class="secondary" type="submit" name="decision" value="return">
              退回修改
            </button>
            <button
              class="danger"
              type="submit"
              name="decision"
              value="reject"
              data-confirm="审核不通过后本次登记作废。确定？"
            >
              审核不通过
            </button>
            {isSchool && (
              <a class="button secondary" href={`/admin/registrations/${reg.id}/edit`}>
                修改去向
              </a>
            )}
          </div>
        </form>
      )}
      {p.held && (
        <div class="alert info" role="status" data-held={p.held.status}>
          {heldByAgreement(p.held.status, 'school', 'void')}{' '}
          {isSchool && <a href={`/admin/agreements/${p.held.id}`}>查看就业协议</a>}
        </div>
      )}
      <section class="card">
        <Summary
          destination={reg.destination}
          archive={reg.archive}
          hukou={reg.hukou}
          images={{ items: reg.attachments, base: `/admin/registrations/${reg.id}/attachments` }}
        />
      </section>
      <section class="card">
        <h2>证明材料</h2>
        <Attachments
          items={reg.attachments.filter((a) => a.part === 'proof')}
          base={`/admin/registrations/${reg.id}/attachments`}
          preview
        />
      </section>
      {isSchool && p.canWrite && reg.status === 'approved' && p.held && (
        <section class="card">
          <h2>修改档案、户口信息</h2>
          <p class="hint">去向来自就业协议，去向在就业协议管理中修改或作废；档案和户口信息可在此修改。</p>
          <p>
            <a class="button secondary" href={`/admin/registrations/${reg.id}/edit`}>
              修改档案、户口信息
            </a>
          </p>
        </section>
      )}
      {isSchool && p.canWrite && reg.status === 'approved' && !p.held && (
        <section class="card">
          <h2>修改或作废</h2>
          <p class="hint">
            审核通过后，学校仍可修改或作废登记（应事先与毕业生沟通一致）。作废后毕业生的就业数据将被清空。
          </p>
          <p>
            <a class="button secondary" href={`/admin/registrations/${reg.id}/edit`}>
              修改登记
            </a>
          </p>
          <form
            method="post"
            action={`/admin/registrations/${reg.id}/void`}
            data-confirm="作废后就业数据将被清空。确定作废？"
          >
            <CsrfField token={p.csrf} />
            <label for="void-reason">作废原因</label>
            <input id="void-reason" name="reason" type="text" required maxlength={200} />
            <div class="actions">
              <button class="danger" type="submit">
                作废登记
              </button>
            </div>
          </form>
        </section>
      )}
      <section class="card">
        <h2>操作记录</h2>
        <History events={reg.events} />
      </section>
    </StaffLayout>
  )
}

export function RegistrationEditPage(p: {
  user: Staff
  csrf: string
  /** The bell's count (the request's `unread`). */
  unread: number | undefined
  id: number
  name: string
  values: FormValues
  /** The registration is still in review: saving the change is the school's decision (approved). */
  inReview?: boolean
  /** An agreement holds the destination: shown, not edited; only 档案 and 户口 are inputs. */
  held?: { destination: any; status: string } | null
  /** The location picker's results (no JavaScript). */
  picker?: PlacePickerState | null
  error?: string | null
  errorField?: string | null
}) {
  return (
    <StaffLayout user={p.user} title={`修改去向登记 · ${p.name}`} csrf={p.csrf} unread={p.unread}>
      <p>
        <a href={`/admin/registrations/${p.id}`}>← 返回</a>
      </p>
      <h1>修改 {p.name} 的去向登记</h1>
      <p class="hint">
        {p.inReview
          ? '这条登记正在审核中：保存修改即由学校审核通过（修改去向），毕业生会收到通知并须确认。'
          : '修改后登记版本号加 1：已生成的转递编号需要重新生成，毕业生须重新确认。'}
      </p>
      <ErrorAlert message={p.error} />
      <RegistrationForm
        action={`/admin/registrations/${p.id}/edit`}
        csrf={p.csrf}
        values={p.values}
        errorField={p.errorField}
        errors={p.error && fieldId(p.errorField) ? { [fieldId(p.errorField)!]: p.error } : {}}
        buttons={[{ intent: 'save', label: '保存修改' }]}
        picker={p.picker}
        heldDestination={
          p.held
            ? {
                destination: p.held.destination,
                message: '去向来自就业协议，不能在此修改：请在就业协议管理中修改或作废协议。档案和户口信息可以修改。',
              }
            : null
        }
        staff
      />
    </StaffLayout>
  )
}

export function ReviewSettingsPage(p: {
  user: Staff
  csrf: string
  /** The bell's count (the request's `unread`). */
  unread: number | undefined
  mode: ReviewMode
  inFlight: number
  canWrite: boolean
  notice?: string | null
  error?: string | null
}) {
  return (
    <StaffLayout user={p.user} title="审核设置" csrf={p.csrf} unread={p.unread}>
      <p>
        <a href="/admin/registrations">← 返回列表</a>
      </p>
      <h1>审核设置</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} title="未能修改" />
      <form class="card" method="post" action="/admin/registrations/settings">
        <CsrfField token={p.csrf} />
        <fieldset>
          <legend>填报去向登记的审核方式</legend>
          <div class="choices">
            {REVIEW_MODES.map((m) => (
              <label>
                <input type="radio" name="reviewMode" value={m} checked={p.mode === m} disabled={!p.canWrite} /> {m}
              </label>
            ))}
          </div>
        </fieldset>
        <p class="hint">
          选择“先院系再校级审核”时，须保证毕业生所在院系都有院系账号（院系名称与生源名单完全一致），且每个院系至少有一个有读写权限的账号。有登记正在审核中时不能修改审核方式
          {p.inFlight > 0 ? `（当前有 ${p.inFlight} 条正在审核中）` : ''}。
        </p>
        {p.canWrite && (
          <div class="actions">
            <button type="submit" disabled={p.inFlight > 0}>
              保存
            </button>
          </div>
        )}
      </form>
      <div class="card">
        <h2>生源核对的审核层级</h2>
        <p class="hint">毕业生提交的生源信息核对按 班主任 → 院系 → 学校 中选定的层级依次审核。</p>
        <p>
          <a href="/admin/roster/review-settings">设置生源核对审核层级</a>
        </p>
      </div>
    </StaffLayout>
  )
}
