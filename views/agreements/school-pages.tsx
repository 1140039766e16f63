/**
 * The school's signing pages (seed 004 §2.2–2.7): 在线签约管理 with the national filters, its
 * pending counts and its views by status (解约管理, 失效信息管理, 作废信息管理); the review screen
 * (the registration already reported, the agreement, the unit and the graduate side by side, the
 * 预警单位 warning on top) named by what it reviews — 鉴证, 协议审核, 签约审核, 补登审核 — with the
 * stamped scans, and 解约审核 with the request and its 解约函; the school users' 强制解约, 作废 and
 * 修改; 签约设置 and the 预警单位 list.
 */
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type LayoutProps, type NavItem } from '../layout.js'
import {
  AGREEMENT_STATUSES,
  AGREEMENT_STATUS_NAMES,
  KIND_NAMES,
  RESCISSION_REASONS,
  REVIEW_NAMES,
  reviewKindOf,
  type AgreementKind,
  type AgreementStatus,
  type ReviewKind,
} from '../../src/domain/agreement.js'
import { STATUS_NAMES } from '../../src/domain/registration/index.js'
import type { RegistrationStatus } from '../../src/domain/registration/states.js'
import { KvTable, Notice, SelectField, TextAreaField, TextField, type Errors } from '../components/form-fields.js'
import type { PlacePickerState } from '../components/place-field.js'
import { UnitFields } from '../components/unit-fields.js'
import { JobFields } from './job-fields.js'
import {
  CohortFilter,
  DepartmentFilter,
  EducationFilter,
  SelectFilter,
  TextFilter,
  type FilterOption,
} from '../components/filters.js'
import { RegisteredInfo } from '../confirmation/registered-info.js'
import { cst } from './employer-pages.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'

export interface StaffFrame {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
}

function Warning({ warning, unit }: { warning: { reason: string } | null; unit: string }) {
  if (!warning) return null
  return (
    <div class="alert warn" role="alert" data-warning>
      <h2>预警单位</h2>
      <p>
        {unit}在本校预警单位名单中：{warning.reason}。请核实单位信息、经营状况后再作决定。
      </p>
    </div>
  )
}

function StatusBadge({ status }: { status: AgreementStatus }) {
  return (
    <span class={status === 'in_force' ? 'badge ok' : 'badge'} data-status={status}>
      {AGREEMENT_STATUS_NAMES[status]}
    </span>
  )
}

// ---------------------------------------------------------------------------------------------
// 在线签约管理.

export interface SigningCounts {
  total: number
  protocolReview: number
  signingReview: number
  accepted: number
  rescissions: number
  expired: number
}

/**
 * 待审核总数 and its three parts (seed 004 §2.3 (4)), 解约审核 beside them (§2.4 (3), §2.7 (2); the
 * national 待审核总数 counts the signing reviews only), and 存在已失效信息. Each opens its own queue.
 */
/** The pending counts, each a link to its queue of the same 届 (`cohort`: a year, or all). */
export function SigningStats({
  counts,
  cohort,
  base = '/admin/agreements',
}: {
  counts: SigningCounts
  cohort: string
  base?: string
}) {
  const c = `&cohort=${cohort}`
  return (
    <>
      <div class="stats" data-signing-stats>
        <a class="stat" href={`${base}?awaiting=true${c}`} data-stat="signing-total">
          <div>在线签约管理待审核总数</div>
          <div class="n">{counts.total}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&queue=protocol${c}`} data-stat="protocol-review">
          <div>就业协议审核待审核</div>
          <div class="n">{counts.protocolReview}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&queue=signing${c}`} data-stat="signing-review">
          <div>签约鉴证待审核</div>
          <div class="n">{counts.signingReview}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&queue=accepted${c}`} data-stat="accepted">
          <div>学生已同意签约待审核</div>
          <div class="n">{counts.accepted}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&queue=rescission${c}`} data-stat="rescissions">
          <div>解约审核待审核</div>
          <div class="n">{counts.rescissions}</div>
        </a>
      </div>
      {counts.expired > 0 && (
        <div class="alert info" role="status" data-expired>
          存在已失效信息：{counts.expired} 份签约邀请逾期未应约，已失效。
          <a href={`${base}?status=expired${c}`}>查看失效信息</a>
        </div>
      )}
    </>
  )
}

export interface StaffAgreementRow {
  id: number
  kind: AgreementKind
  initiator: 'employer' | 'student'
  status: AgreementStatus
  agreementNo: string | null
  name: string
  studentNo: string
  department: string
  major: string
  education: string | null
  unitName: string
  warning: { reason: string } | null
  awaitingYou: boolean
  updatedAt: string
  /** 作废, 解约: the move that ended it (who, when, why). */
  ended: { at: string; actor: string; reason: string | null } | null
}

export const LIST_FILTERS = [
  'initiator',
  'status',
  'department',
  'education',
  'major',
  'q',
  'agreementNo',
  'studentNo',
  'unit',
  'awaiting',
  'queue',
] as const
export type ListFilters = Partial<Record<(typeof LIST_FILTERS)[number], string>>

/**
 * The national menu's 在线签约管理, 解约管理, 失效信息管理 and 作废信息管理 (seed 004 §2.3 (4)
 * screenshots' menu) are views of this one list by status.
 */
const LIST_VIEWS: Array<[status: string, label: string]> = [
  ['', '全部签约'],
  ['rescinding', '解约中'],
  ['rescinded', '已解约'],
  ['expired', '失效信息'],
  ['voided', '作废信息'],
]
const VIEW_TITLES: Record<string, string> = {
  rescinding: '解约管理',
  rescinded: '解约管理',
  expired: '失效信息管理',
  voided: '作废信息管理',
}

const QUEUE_OPTIONS: FilterOption[] = [
  ['', '全部'],
  ['protocol', '就业协议审核'],
  ['signing', '签约鉴证（含补登）'],
  ['accepted', '学生已同意签约'],
  ['rescission', '解约审核'],
]

/** What the row's link says: the review it waits for from this user, else 查看. */
function rowAction(r: StaffAgreementRow) {
  const review = r.awaitingYou ? reviewKindOf(r) : null
  return review ? REVIEW_NAMES[review] : '查看'
}

export function AgreementListPage(
  p: StaffFrame & {
    counts: SigningCounts
    items: StaffAgreementRow[]
    total: number
    page: number
    pageSize: number
    filters: ListFilters
    /** 届别: the list and its counts are of one 届 (or all). */
    cohort: CohortPicker
    departments: string[]
    fixedDepartment: string | null
    education: FilterOption[]
    error?: string | null
    canManage: boolean
    /** 修改 links on agreements in force (school users with 基本信息读写). */
    canModify: boolean
  },
) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const title = VIEW_TITLES[f.status ?? ''] ?? '在线签约管理'
  const view = LIST_VIEWS.some(([s]) => s === (f.status ?? '')) ? (f.status ?? '') : null
  const cohort = cohortParam(p.cohort.value)
  return (
    <Layout title={title} nav={p.nav} who={p.who} current="/admin/agreements">
      <h1>{title}</h1>
      {p.canManage && (
        <p>
          <a href="/admin/agreements/settings">签约设置</a> · <a href="/admin/warning-units">预警单位管理</a> ·{' '}
          <a href="/admin/employers">用人单位审核</a>
        </p>
      )}
      <SigningStats counts={p.counts} cohort={cohort} />
      <nav class="list-views" aria-label="按状态查看" data-list-views>
        {LIST_VIEWS.map(([s, label]) => (
          <a
            href={s ? `/admin/agreements?status=${s}&cohort=${cohort}` : `/admin/agreements?cohort=${cohort}`}
            aria-current={view === s && !f.awaiting ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <ErrorAlert message={p.error} />
      {/* Names and numbers are personal data: the filters post, so they never land in an address or a log. */}
      <form id="agreement-filters" class="card filters" method="post" action="/admin/agreements" role="search">
        <CsrfField token={p.csrf} />
        <CohortFilter picker={p.cohort} />
        <SelectFilter
          id="f-initiator"
          name="initiator"
          label="签约发起方"
          value={f.initiator}
          options={[
            ['', '全部'],
            ['employer', '单位'],
            ['student', '学生'],
          ]}
        />
        <SelectFilter
          id="f-status"
          name="status"
          label="签约状态"
          value={f.status}
          options={[['', '全部'], ...AGREEMENT_STATUSES.map((s): FilterOption => [s, AGREEMENT_STATUS_NAMES[s]])]}
        />
        <DepartmentFilter
          id="f-department"
          departments={p.departments}
          value={f.department}
          fixed={p.fixedDepartment}
        />
        <EducationFilter id="f-education" value={f.education} options={p.education} />
        <TextFilter id="f-major" name="major" label="专业" value={f.major} maxlength={100} />
        <TextFilter id="f-q" name="q" label="姓名" value={f.q} maxlength={50} type="search" />
        <TextFilter id="f-agreementNo" name="agreementNo" label="协议编号" value={f.agreementNo} maxlength={30} />
        <TextFilter id="f-studentNo" name="studentNo" label="学号" value={f.studentNo} maxlength={30} />
        <TextFilter id="f-unit" name="unit" label="单位" value={f.unit} maxlength={100} />
        <SelectFilter
          id="f-awaiting"
          name="awaiting"
          label="审核"
          value={f.awaiting}
          options={[
            ['', '全部'],
            ['true', '只看等待我审核的'],
          ]}
        />
        <SelectFilter id="f-queue" name="queue" label="审核类型" value={f.queue} options={QUEUE_OPTIONS} />
        <div>
          <button type="submit" name="page" value="1">
            查询
          </button>
        </div>
      </form>
      <p>共 {p.total} 条</p>
      {p.items.length === 0 ? (
        <div class="card empty">没有符合条件的签约记录。</div>
      ) : (
        <div class="table-wrap">
          <table class="cards" data-agreements>
            <thead>
              <tr>
                <th>姓名</th>
                <th>签约发起方</th>
                <th>院系</th>
                <th class="hide-narrow">专业</th>
                <th class="hide-narrow">学历</th>
                <th>当前协议编号</th>
                <th>签约单位</th>
                <th class="hide-narrow">学号</th>
                <th>签约状态</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((r) => (
                <tr data-agreement={String(r.id)}>
                  <td class="c-name wrap">{r.name}</td>
                  <td data-label="发起方">{r.initiator === 'employer' ? '单位' : '学生'}</td>
                  <td data-label="院系" class="wrap">
                    {r.department}
                  </td>
                  <td class="hide-narrow wrap">{r.major}</td>
                  <td class="hide-narrow">{r.education ?? ''}</td>
                  <td data-label="协议编号" class="mono">
                    {r.agreementNo ?? '--'}
                  </td>
                  <td data-label="单位" class="wrap">
                    {r.unitName}
                    {r.warning && (
                      <>
                        {' '}
                        <span class="badge" data-warning>
                          预警单位
                        </span>
                      </>
                    )}
                  </td>
                  <td class="hide-narrow mono">{r.studentNo}</td>
                  <td class="c-status">
                    <StatusBadge status={r.status} />
                    {r.awaitingYou && (
                      <>
                        {' '}
                        <span class="badge" data-awaiting>
                          待您审核
                        </span>
                      </>
                    )}
                    {r.ended && (
                      <div class="muted" data-ended>
                        {r.status === 'voided' ? '作废原因' : '解约原因'}：{r.ended.reason ?? '--'}（{cst(r.ended.at)}，
                        {r.ended.actor}）
                      </div>
                    )}
                  </td>
                  <td class="c-wide">
                    <a href={`/admin/agreements/${r.id}`}>{rowAction(r)}</a>
                    {p.canModify && r.status === 'in_force' && (
                      <>
                        {' · '}
                        <a href={`/admin/agreements/${r.id}/edit`}>修改</a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="分页">
          {p.page > 1 ? (
            <button class="linkish-dark" type="submit" form="agreement-filters" name="page" value={String(p.page - 1)}>
              上一页
            </button>
          ) : (
            <span class="muted">上一页</span>
          )}
          <span>
            第 {p.page} / {pages} 页
          </span>
          {p.page < pages ? (
            <button class="linkish-dark" type="submit" form="agreement-filters" name="page" value={String(p.page + 1)}>
              下一页
            </button>
          ) : (
            <span class="muted">下一页</span>
          )}
        </nav>
      )}
    </Layout>
  )
}

// ---------------------------------------------------------------------------------------------
// 鉴证, 协议审核, 签约审核, 补登审核, 解约审核; 强制解约, 作废, 修改.

export interface AgreementFileView {
  id: string
  purpose: 'scan' | 'rescission_letter'
  filename: string
  contentType: string
  size: number
  createdAt: string
  /** The authorised route: images inline, PDFs with ?download=1. */
  href: string
}

export interface RescissionView {
  /** 解约方, 解约申请人, 解约原因, 解约说明, 对方回应, 解约申请时间. */
  rows: Array<[string, string | null]>
  forced: boolean
  /** The 解约函 the request stands on (offline and paper agreements). */
  letter: AgreementFileView | null
}

export interface ReviewAgreement {
  id: number
  kind: AgreementKind
  status: AgreementStatus
  agreementNo: string | null
  warning: { reason: string } | null
  stageName: string | null
  /** An offline agreement passed its 协议审核 (its next review is the 签约审核). */
  protocolApproved: boolean
  unit: Array<[string, string | null]>
  unitName: string
  agreement: Array<[string, string | null]>
  events: Array<{ at: string; by: string; from: string | null; to: string; reason: string | null }>
  pdfHref: string | null
  files: AgreementFileView[]
  rescission: RescissionView | null
}

export interface ReviewGraduate {
  rows: Array<[string, string | null]>
}

export interface ReportedRegistration {
  status: RegistrationStatus
  destination: Record<string, string | null> | null
  archive: Record<string, string | null> | null
  hukou: Record<string, string | null> | null
}

type Decision = 'approve' | 'return' | 'reject'

/**
 * What each review decides, in the words of seed 004: §2.3 (3) 鉴证, §2.5 (2) 协议审核, §2.5 (4)
 * 签约审核, §2.6 (2) 补登 (登记审核).
 */
const REVIEW_HINTS: Record<Exclude<ReviewKind, 'rescission'>, string> = {
  online: '审核不通过时须填写原因及具体问题；不通过后该签约数据作废，用人单位须重新发起签约邀请。',
  protocol:
    '审核通过后系统生成电子就业协议书，由毕业生下载打印、用人单位盖章后回传协议书图像，再作签约审核。退回修改：毕业生修改有误信息后重新提交；审核不通过：申请直接作废，毕业生须重新填写。退回或不通过时须填写原因。',
  signing:
    '请核对单位盖章的协议书图像。审核通过即签约完成，毕业生的就业信息同步到就业管理系统。退回修改：毕业生须重新上传协议书图像；审核不通过：线下签约申请直接作废。退回或不通过时须填写原因。',
  paper:
    '请核对纸质协议书图像和协议编号。审核通过即完成补登，毕业生的就业信息同步到就业管理系统。退回修改：毕业生修改后重新提交；审核不通过：补登申请直接作废，须重新补登。退回或不通过时须填写原因。',
}

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`

/** Stored files: images previewed through the authorised route, PDFs downloaded. */
function FileList({ files, label }: { files: AgreementFileView[]; label: string }) {
  if (!files.length) return <p class="muted">未上传{label}</p>
  return (
    <ul class="proofs" data-files>
      {files.map((f) => {
        const image = f.contentType.startsWith('image/')
        return (
          <li data-file={f.id}>
            {image && (
              <a href={f.href}>
                <img class="proof-preview" src={f.href} alt={`${label}：${f.filename}`} loading="lazy" />
              </a>
            )}
            <a href={f.href}>{f.filename}</a>{' '}
            <span class="muted">
              （{image ? (f.contentType === 'image/png' ? 'PNG' : 'JPEG') : 'PDF'}，{size(f.size)}，上传于{' '}
              {cst(f.createdAt)}）
            </span>
          </li>
        )
      })}
    </ul>
  )
}

/**
 * An offline agreement's two reviews while they run (seed 004 §2.5 screenshots: 1 协议审核(学校)
 * 2 签约审核(学校)).
 */
function OfflineSteps({ a }: { a: ReviewAgreement }) {
  if (a.kind !== 'offline' || !['submitted', 'returned', 'awaiting_stamp', 'stamp_submitted'].includes(a.status))
    return null
  const first = a.protocolApproved ? '已通过' : a.status === 'submitted' ? '当前' : '退回修改'
  const second =
    a.status === 'stamp_submitted'
      ? '当前'
      : a.status === 'awaiting_stamp'
        ? '待回传协议书图像'
        : a.protocolApproved && a.status === 'returned'
          ? '退回修改'
          : '未开始'
  return (
    <p class="muted" data-steps>
      审核步骤：① 协议审核（{first}）→ ② 签约审核（{second}）
    </p>
  )
}

export function AgreementReviewPage(
  p: StaffFrame & {
    a: ReviewAgreement
    graduateName: string
    graduate: ReviewGraduate
    registration: ReportedRegistration | null
    /** The decisions this user may take now (the state machine's answer). */
    decisions: Decision[]
    /** The 解约审核 decisions this user may take now. */
    rescissionDecisions: Decision[]
    /** 强制解约, 作废, 修改: school users with 基本信息读写, where the state machine allows them. */
    canForce: boolean
    canVoid: boolean
    canModify: boolean
    notice?: string | null
    error?: string | null
    errors?: Errors
    /** Typed values of whichever form came back. */
    values?: Record<string, string>
  },
) {
  const a = p.a
  const e = p.errors ?? {}
  const v = p.values ?? {}
  const review = reviewKindOf(a)
  const reviewName = review ? REVIEW_NAMES[review] : null
  const LABEL = { approve: '审核通过', return: '退回修改', reject: '审核不通过' } as const
  const R_LABEL = { approve: '解约审核通过', return: '退回修改', reject: '解约审核不通过' } as const
  const scans = a.files.filter((f) => f.purpose === 'scan')
  const letters = a.files.filter((f) => f.purpose === 'rescission_letter')
  const forceOpen = !!(e.forceReason || e.forceNote)
  return (
    <Layout
      title={p.decisions.length || p.rescissionDecisions.length ? (reviewName ?? '协议详情') : '协议详情'}
      nav={p.nav}
      who={p.who}
      current="/admin/agreements"
    >
      <p>
        <a href="/admin/agreements">← 在线签约管理</a>
      </p>
      <h1>
        {p.graduateName} · {a.unitName}
      </h1>
      <p>
        <StatusBadge status={a.status} /> {KIND_NAMES[a.kind]}
        {a.stageName ? ` · ${a.stageName}` : ''}
      </p>
      <OfflineSteps a={a} />
      <Notice text={p.notice} />
      <Warning warning={a.warning} unit={a.unitName} />
      <ErrorAlert message={p.error} />
      {(scans.length > 0 || a.kind === 'paper' || (a.kind === 'offline' && a.protocolApproved)) && (
        <section class="card" aria-labelledby="rv-scan" data-scans>
          <h2 id="rv-scan">协议书图像</h2>
          <p class="hint">
            {a.kind === 'paper' ? '毕业生上传的盖章纸质协议书图像，应字迹清晰。' : '用人单位盖章后回传的协议书图像。'}
          </p>
          <FileList files={scans} label="协议书图像" />
        </section>
      )}
      {p.decisions.length > 0 && review && review !== 'rescission' && (
        <form class="card" method="post" action={`/admin/agreements/${a.id}/decision`} data-review-form={review}>
          <CsrfField token={p.csrf} />
          <h2>{reviewName}</h2>
          <TextAreaField
            id="reason"
            label="原因及具体问题"
            hint={REVIEW_HINTS[review]}
            value={v.reason}
            error={e.reason}
            maxlength={500}
          />
          <div class="actions">
            {p.decisions.map((d) => (
              <button
                type="submit"
                name="decision"
                value={d}
                class={d === 'reject' ? 'danger' : d === 'return' ? 'secondary' : undefined}
              >
                {LABEL[d]}
              </button>
            ))}
          </div>
        </form>
      )}
      {a.rescission && (
        <section class="card" aria-labelledby="rv-resc" data-rescission>
          <h2 id="rv-resc">{a.rescission.forced ? '强制解约' : '解约申请'}</h2>
          <KvTable caption="解约申请" rows={a.rescission.rows} />
          {(a.kind !== 'online' || letters.length > 0) && !a.rescission.forced && (
            <>
              <h3>解约函</h3>
              <FileList files={a.rescission.letter ? [a.rescission.letter] : []} label="解约函" />
              {letters.length > (a.rescission.letter ? 1 : 0) && (
                <details>
                  <summary>此前上传的解约函</summary>
                  <FileList files={letters.filter((f) => f.id !== a.rescission?.letter?.id)} label="解约函" />
                </details>
              )}
            </>
          )}
        </section>
      )}
      {p.rescissionDecisions.length > 0 && (
        <form class="card" method="post" action={`/admin/agreements/${a.id}/rescission-decision`} data-rescission-form>
          <CsrfField token={p.csrf} />
          <h2>解约审核</h2>
          <TextAreaField
            id="rescissionReason"
            label="原因"
            hint={
              a.kind === 'online'
                ? '审核通过：解约完成，毕业生的就业数据将被清空（档案、户口保留），可另行签约或登记去向。审核不通过：解约失败，签约仍有效，双方可重新申请解约。不通过时须填写原因。'
                : '审核通过：解约完成，毕业生的就业数据将被清空（档案、户口保留），可另行签约或登记去向。退回修改：毕业生可修改解约申请重新提交。审核不通过：解约失败，签约仍有效。退回或不通过时须填写原因。'
            }
            value={v.rescissionReason}
            error={e.rescissionReason}
            maxlength={500}
          />
          <div class="actions">
            {p.rescissionDecisions.map((d) => (
              <button
                type="submit"
                name="decision"
                value={d}
                class={d === 'reject' ? 'danger' : d === 'return' ? 'secondary' : undefined}
                data-confirm={
                  d === 'approve'
                    ? '解约审核通过后解约即生效，毕业生的就业数据将被清空。确定通过吗？'
                    : d === 'reject'
                      ? '解约审核不通过后解约失败，签约仍有效。确定不通过吗？'
                      : undefined
                }
              >
                {R_LABEL[d]}
              </button>
            ))}
          </div>
        </form>
      )}
      {(p.canModify || p.canVoid || p.canForce) && (
        <section class="card" aria-labelledby="rv-school" data-school-actions>
          <h2 id="rv-school">学校用户操作</h2>
          {p.canModify && (
            <p>
              <a class="button secondary" href={`/admin/agreements/${a.id}/edit`}>
                修改协议信息
              </a>{' '}
              <span class="hint">修改后就业协议书信息同步修改，并同步更新毕业去向。</span>
            </p>
          )}
          {p.canVoid && (
            <details open={!!e.voidReason}>
              <summary>作废</summary>
              <form method="post" action={`/admin/agreements/${a.id}/void`} data-void-form novalidate>
                <CsrfField token={p.csrf} />
                <TextAreaField
                  id="voidReason"
                  label="作废原因"
                  hint="作废后毕业生的就业数据将被清空（档案、户口保留）。作废前应与用人单位、毕业生协商一致，以防出现纠纷。"
                  value={v.voidReason}
                  error={e.voidReason}
                  maxlength={200}
                  required
                />
                <div class="actions">
                  <button
                    type="submit"
                    class="danger"
                    data-confirm="作废后毕业生的就业数据将被清空。确定作废该协议吗？"
                  >
                    作废协议
                  </button>
                </div>
              </form>
            </details>
          )}
          {p.canForce && (
            <details open={forceOpen}>
              <summary>强制解约</summary>
              <form method="post" action={`/admin/agreements/${a.id}/forced-rescission`} data-force-form novalidate>
                <CsrfField token={p.csrf} />
                <p class="hint">
                  用人单位长时间不处理解约申请，或不能提供解约材料，影响毕业生继续签约或登记去向时，学校用户核实情况后使用：提交后毕业生即完成解约，就业数据被清空。该功能仅对学校用户开放，请谨慎使用，使用前应与用人单位协商一致以防出现纠纷。
                </p>
                <SelectField
                  id="forceReason"
                  label="解约原因"
                  value={v.forceReason}
                  error={e.forceReason}
                  options={RESCISSION_REASONS.map((r): [string, string] => [r, r])}
                  placeholder="请选择"
                  required
                />
                <TextAreaField
                  id="forceNote"
                  label="情况说明"
                  hint="如何核实的情况，不超过 200 字。"
                  value={v.forceNote}
                  error={e.forceNote}
                  maxlength={200}
                  required
                />
                <div class="actions">
                  <button
                    type="submit"
                    class="danger"
                    data-confirm="强制解约后毕业生即完成解约，就业数据将被清空。确定强制解约吗？"
                  >
                    强制解约
                  </button>
                </div>
              </form>
            </details>
          )}
        </section>
      )}
      <div class="review-grid">
        <section class="card" aria-labelledby="rv-reg">
          <h2 id="rv-reg">就业管理系统已报送的就业信息</h2>
          {p.registration ? (
            <>
              <p>
                登记状态：<span class="badge">{STATUS_NAMES[p.registration.status]}</span>
              </p>
              <RegisteredInfo
                name={p.graduateName}
                destination={p.registration.destination}
                archive={p.registration.archive}
                hukou={p.registration.hukou}
              />
            </>
          ) : (
            <p class="muted">尚未登记毕业去向。</p>
          )}
        </section>
        <section class="card" aria-labelledby="rv-agr">
          <h2 id="rv-agr">协议信息</h2>
          <KvTable caption="协议信息" rows={a.agreement} />
          {a.pdfHref && (
            <p>
              <a class="button secondary" href={a.pdfHref}>
                下载协议书
              </a>
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="rv-unit">
          <h2 id="rv-unit">单位信息</h2>
          <KvTable caption="单位信息" rows={a.unit} />
        </section>
        <section class="card" aria-labelledby="rv-grad">
          <h2 id="rv-grad">学生信息</h2>
          <KvTable caption="学生信息" rows={p.graduate.rows} />
        </section>
      </div>
      <section class="card" aria-labelledby="rv-events">
        <h2 id="rv-events">签约记录</h2>
        <ul class="grant-list">
          {a.events.map((e) => (
            <li>
              <span class="mono">{cst(e.at)}</span> {e.by}：
              {e.from ? `${AGREEMENT_STATUS_NAMES[e.from as AgreementStatus] ?? e.from} → ` : ''}
              {AGREEMENT_STATUS_NAMES[e.to as AgreementStatus] ?? e.to}
              {e.reason ? `（${e.reason}）` : ''}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  )
}

/** The 修改 form's inputs (seed 004 §2.3 (4), §2.5 (5)). */
const EDIT_JOB_INPUTS = [
  'job_category',
  'job_title',
  'job_probation',
  'job_salary',
  'job_penalty',
  'job_reportDeadline',
  'job_reportPlace',
  'job_workPlace',
] as const
export const EDIT_UNIT_INPUTS = [
  'unit_nature',
  'unit_industry',
  'unit_location',
  'unit_address',
  'unit_contact',
  'unit_phone',
  'unit_email',
] as const
export type EditValues = Partial<
  Record<(typeof EDIT_JOB_INPUTS)[number] | (typeof EDIT_UNIT_INPUTS)[number] | 'reason' | `${string}__q`, string>
>

/**
 * 修改 of an agreement in force by a school user: the job and the unit's contact; 单位名称 and
 * 统一社会信用代码 read-only; a registered employer's 单位性质, 行业, 所在地 and 地址 too ("由用人单位
 * 直接在登记系统修改"), an unregistered unit's editable.
 */
export function AgreementEditPage(
  p: StaffFrame & {
    id: number
    graduateName: string
    kind: AgreementKind
    /** The unit has no employer account (线下签约, 补登): its nature, industry, location, address are the school's to fix. */
    ownUnit: boolean
    fixed: Array<[string, string | null]>
    values: EditValues
    errors?: Errors
    error?: string | null
    locationName: string | null
    picker?: PlacePickerState | null
  },
) {
  const v = p.values
  const e = p.errors ?? {}
  const action = `/admin/agreements/${p.id}/edit`
  const many = Object.keys(e).length
  return (
    <Layout title="修改协议信息" nav={p.nav} who={p.who} current="/admin/agreements" narrow>
      <p>
        <a href={`/admin/agreements/${p.id}`}>← 返回协议详情</a>
      </p>
      <h1>修改协议信息</h1>
      <p>
        {p.graduateName} · {KIND_NAMES[p.kind]}
      </p>
      {many > 1 ? (
        <ErrorSummary items={Object.entries(e).map(([f, message]) => ({ message, href: `#${f}` }))} />
      ) : (
        <ErrorAlert message={p.error ?? (many ? Object.values(e)[0] : null)} />
      )}
      <form class="card" method="post" action={action} novalidate data-edit-form>
        <CsrfField token={p.csrf} />
        <JobFields values={v} errors={e} transfer={false} />
        <h2>单位信息</h2>
        <KvTable caption="不可修改的单位信息" rows={p.fixed} />
        <p class="hint">
          {p.ownUnit
            ? '单位名称、统一社会信用代码不能修改；如单位有误，请解约后重新签约。'
            : '单位名称、统一社会信用代码不能修改；单位性质、行业、所在地和地址由用人单位在本单位信息中维护。'}
        </p>
        <UnitFields
          prefix="unit_"
          values={v}
          errors={e}
          locationName={p.locationName}
          picker={p.picker}
          action={action}
          omit={
            p.ownUnit ? ['name', 'creditCode'] : ['name', 'creditCode', 'nature', 'industry', 'location', 'address']
          }
        />
        <TextField
          id="reason"
          label="修改说明（选填）"
          hint="记入签约记录，毕业生收到的通知中也会写明。"
          value={v.reason}
          error={e.reason}
          maxlength={200}
        />
        <div class="actions">
          <button type="submit" name="intent" value="save">
            保存修改
          </button>
          <a class="button secondary" href={`/admin/agreements/${p.id}`}>
            取消
          </a>
        </div>
        <p class="hint">保存后就业协议书信息同步修改，毕业生的毕业去向同步更新（去向登记确认回到“未确认”）。</p>
      </form>
    </Layout>
  )
}

// ---------------------------------------------------------------------------------------------
// 签约设置.

const AGENT_PARTS = [
  ['all', '全校统一协议经办人'],
  ['ug', '本专科协议经办人'],
  ['pg', '研究生协议经办人'],
] as const
export const AGENT_FIELDS = [
  ['name', '就业协议经办人'],
  ['phone', '联系电话'],
  ['address', '通讯地址'],
  ['postcode', '邮政编码'],
] as const

export type SettingsValues = Record<string, string>

export function SigningSettingsPage(
  p: StaffFrame & {
    values: SettingsValues
    /** Online signing is on: it cannot be turned off again. */
    locked: boolean
    errors?: Errors
    error?: string | null
    notice?: string | null
    canEdit: boolean
  },
) {
  const v = p.values
  const e = p.errors ?? {}
  const split = v.agentsMode === 'split'
  const agentFields = (part: 'all' | 'ug' | 'pg', legend: string) => (
    <fieldset data-agents={part}>
      <legend>{legend}</legend>
      {AGENT_FIELDS.map(([f, label]) => (
        <TextField
          id={`${part}_${f}`}
          label={label}
          hint={f === 'name' ? '所填写内容将会展示在学生就业协议上。' : undefined}
          value={v[`${part}_${f}`]}
          error={e[`${part}_${f}`]}
          maxlength={f === 'address' ? 200 : 50}
          inputmode={f === 'postcode' ? 'numeric' : undefined}
        />
      ))}
    </fieldset>
  )
  return (
    <Layout title="签约设置" nav={p.nav} who={p.who} current="/admin/agreements" narrow>
      <p>
        <a href="/admin/agreements">← 在线签约管理</a>
      </p>
      <h1>签约设置</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      <form class="card" method="post" action="/admin/agreements/settings" novalidate>
        <CsrfField token={p.csrf} />
        <fieldset aria-describedby={e.onlineSigning ? 'onlineSigning-error' : 'onlineSigning-hint'}>
          <legend>在线签约开关</legend>
          <p class="hint" id="onlineSigning-hint">
            开启后用人单位可向本校毕业生发起线上签约；一旦开启，不可再关闭。开启前须先设置协议经办人。
          </p>
          {e.onlineSigning && (
            <p class="field-error" id="onlineSigning-error">
              {e.onlineSigning}
            </p>
          )}
          <div class="choices">
            <label>
              <input type="radio" name="onlineSigning" value="on" checked={v.onlineSigning === 'on'} /> 开启
            </label>
            <label>
              <input
                type="radio"
                name="onlineSigning"
                value="off"
                checked={v.onlineSigning !== 'on'}
                disabled={p.locked}
              />{' '}
              关闭
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>补签开关</legend>
          <label>
            <input
              type="checkbox"
              name="supplementaryRegistration"
              value="1"
              checked={v.supplementaryRegistration === '1'}
            />{' '}
            已签订纸质就业协议的学生允许补签（补登）
          </label>
        </fieldset>
        <TextField
          id="maxRescissions"
          label="解约设置：学生可提交解约申请次数"
          hint="0–99 次。"
          type="number"
          min={0}
          max={99}
          value={v.maxRescissions}
          error={e.maxRescissions}
          inputmode="numeric"
        />
        <p class="hint">
          审核方式（仅校级审核 / 先院系再校级审核）在<a href="/admin/registrations/settings">去向审核设置</a>中设置，
          对签约、补签、去向登记和解约同样适用。
        </p>
        <fieldset aria-describedby={e.agents ? 'agents-error' : undefined}>
          <legend>协议经办人信息</legend>
          {e.agents && (
            <p class="field-error" id="agents-error">
              {e.agents}
            </p>
          )}
          <div class="choices">
            <label>
              <input type="radio" name="agentsMode" value="all" checked={!split} /> 设置全校统一协议经办人
            </label>
            <label>
              <input type="radio" name="agentsMode" value="split" checked={split} /> 分别设置本专、研究生协议经办人
            </label>
          </div>
          <p class="hint">按所选方式填写对应的一组（全校统一，或本专科与研究生两组）；另一种方式的内容不保存。</p>
        </fieldset>
        {agentFields('all', AGENT_PARTS[0][1])}
        {agentFields('ug', AGENT_PARTS[1][1])}
        {agentFields('pg', AGENT_PARTS[2][1])}
        {p.canEdit && (
          <div class="actions">
            <button type="submit">保存签约设置</button>
          </div>
        )}
      </form>
    </Layout>
  )
}

// ---------------------------------------------------------------------------------------------
// 预警单位.

export function WarningUnitsPage(
  p: StaffFrame & {
    items: Array<{ creditCode: string; name: string; reason: string; updatedAt: string }>
    values: Record<string, string>
    errors?: Errors
    error?: string | null
    notice?: string | null
    canEdit: boolean
  },
) {
  const e = p.errors ?? {}
  return (
    <Layout title="预警单位管理" nav={p.nav} who={p.who} current="/admin/agreements" narrow>
      <p>
        <a href="/admin/agreements">← 在线签约管理</a>
      </p>
      <h1>预警单位管理</h1>
      <p class="hint">名单中单位的签约邀请和协议，在每个审核页面上都会显示预警原因；是否通过仍由审核人决定。</p>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      {p.canEdit && (
        <form class="card" method="post" action="/admin/warning-units" novalidate>
          <CsrfField token={p.csrf} />
          <h2>加入预警单位</h2>
          <TextField
            id="creditCode"
            label="统一社会信用代码"
            value={p.values.creditCode}
            error={e.creditCode}
            maxlength={30}
            required
          />
          <TextField id="name" label="单位名称" value={p.values.name} error={e.name} maxlength={100} required />
          <TextField id="reason" label="预警原因" value={p.values.reason} error={e.reason} maxlength={200} required />
          <div class="actions">
            <button type="submit">加入名单</button>
          </div>
          <p class="hint">已在名单中的单位再次加入即修改其名称和原因。</p>
        </form>
      )}
      <h2>预警单位（{p.items.length}）</h2>
      {p.items.length === 0 ? (
        <div class="card empty">名单中还没有单位。</div>
      ) : (
        <ul class="grant-list" data-warning-units>
          {p.items.map((w) => (
            <li data-unit={w.creditCode}>
              <div class="grant-head">
                <strong>{w.name}</strong> <span class="mono">{w.creditCode}</span>
              </div>
              <div>预警原因：{w.reason}</div>
              <div class="muted">更新时间 {cst(w.updatedAt)}</div>
              {p.canEdit && (
                <form
                  class="inline"
                  method="post"
                  action={`/admin/warning-units/${encodeURIComponent(w.creditCode)}/remove`}
                  data-confirm={`确定把${w.name}移出预警单位名单吗？`}
                >
                  <CsrfField token={p.csrf} />
                  <button class="secondary" type="submit">
                    移出名单
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
