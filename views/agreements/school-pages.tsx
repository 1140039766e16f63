/**
 * The school's signing pages (seed 004 §2.2–2.3): 在线签约管理 with the national filters and its
 * pending counts, the 鉴证 screen (the registration already reported, the agreement, the unit and
 * the graduate side by side, the 预警单位 warning on top, 审核通过 / 退回修改 / 审核不通过 with the
 * reason), 签约设置 and the 预警单位 list.
 */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import {
  AGREEMENT_STATUSES,
  AGREEMENT_STATUS_NAMES,
  KIND_NAMES,
  type AgreementKind,
  type AgreementStatus,
} from '../../src/domain/agreement.js'
import { STATUS_NAMES } from '../../src/domain/registration/index.js'
import type { RegistrationStatus } from '../../src/domain/registration/states.js'
import { KvTable, Notice, TextAreaField, TextField, type Errors } from '../components/form-fields.js'
import {
  DepartmentFilter,
  EducationFilter,
  SelectFilter,
  TextFilter,
  type FilterOption,
} from '../components/filters.js'
import { RegisteredInfo } from '../confirmation/registered-info.js'
import { cst } from './employer-pages.js'

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

/** 待审核总数 and its three parts (seed 004 §2.3 (4)), and 存在已失效信息. */
export function SigningStats({ counts, base = '/admin/agreements' }: { counts: SigningCounts; base?: string }) {
  return (
    <>
      <div class="stats" data-signing-stats>
        <a class="stat" href={`${base}?awaiting=true`} data-stat="signing-total">
          <div>在线签约管理待审核总数</div>
          <div class="n">{counts.total}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&status=submitted`} data-stat="protocol-review">
          <div>就业协议审核待审核</div>
          <div class="n">{counts.protocolReview}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&status=stamp_submitted`} data-stat="signing-review">
          <div>签约鉴证待审核</div>
          <div class="n">{counts.signingReview}</div>
        </a>
        <a class="stat" href={`${base}?awaiting=true&status=awaiting_review`} data-stat="accepted">
          <div>学生已同意签约待审核</div>
          <div class="n">{counts.accepted}</div>
        </a>
      </div>
      {counts.expired > 0 && (
        <div class="alert info" role="status" data-expired>
          存在已失效信息：{counts.expired} 份签约邀请逾期未应约，已失效。
          <a href={`${base}?status=expired`}>查看失效信息</a>
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
] as const
export type ListFilters = Partial<Record<(typeof LIST_FILTERS)[number], string>>

export function AgreementListPage(
  p: StaffFrame & {
    counts: SigningCounts
    items: StaffAgreementRow[]
    total: number
    page: number
    pageSize: number
    filters: ListFilters
    departments: string[]
    fixedDepartment: string | null
    education: FilterOption[]
    error?: string | null
    canManage: boolean
  },
) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  return (
    <Layout title="在线签约管理" nav={p.nav} who={p.who} current="/admin/agreements">
      <h1>在线签约管理</h1>
      {p.canManage && (
        <p>
          <a href="/admin/agreements/settings">签约设置</a> · <a href="/admin/warning-units">预警单位管理</a> ·{' '}
          <a href="/admin/employers">用人单位审核</a>
        </p>
      )}
      <SigningStats counts={p.counts} />
      <ErrorAlert message={p.error} />
      {/* Names and numbers are personal data: the filters post, so they never land in an address or a log. */}
      <form id="agreement-filters" class="card filters" method="post" action="/admin/agreements" role="search">
        <CsrfField token={p.csrf} />
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
                        <span class="badge">待您审核</span>
                      </>
                    )}
                  </td>
                  <td class="c-wide">
                    <a href={`/admin/agreements/${r.id}`}>{r.awaitingYou ? '鉴证' : '查看'}</a>
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
// 鉴证.

export interface ReviewAgreement {
  id: number
  kind: AgreementKind
  status: AgreementStatus
  agreementNo: string | null
  warning: { reason: string } | null
  stageName: string | null
  unit: Array<[string, string | null]>
  unitName: string
  agreement: Array<[string, string | null]>
  events: Array<{ at: string; by: string; from: string | null; to: string; reason: string | null }>
  pdfHref: string | null
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

export function AgreementReviewPage(
  p: StaffFrame & {
    a: ReviewAgreement
    graduateName: string
    graduate: ReviewGraduate
    registration: ReportedRegistration | null
    /** The decisions this user may take now (the state machine's answer). */
    decisions: Array<'approve' | 'return' | 'reject'>
    notice?: string | null
    error?: string | null
    errors?: Errors
    reason?: string
  },
) {
  const a = p.a
  const LABEL = { approve: '审核通过', return: '退回修改', reject: '审核不通过' } as const
  return (
    <Layout title="鉴证" nav={p.nav} who={p.who} current="/admin/agreements" scripts={['/static/app.js']}>
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
      <Notice text={p.notice} />
      <Warning warning={a.warning} unit={a.unitName} />
      <ErrorAlert message={p.error} />
      {p.decisions.length > 0 && (
        <form class="card" method="post" action={`/admin/agreements/${a.id}/decision`} data-review-form>
          <CsrfField token={p.csrf} />
          <h2>鉴证</h2>
          <TextAreaField
            id="reason"
            label="原因及具体问题"
            hint="退回修改或审核不通过时必须填写；审核不通过后该签约作废，单位须重新发起邀请。"
            value={p.reason}
            error={p.errors?.reason}
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
    <Layout
      title="预警单位管理"
      nav={p.nav}
      who={p.who}
      current="/admin/agreements"
      narrow
      scripts={['/static/app.js']}
    >
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
