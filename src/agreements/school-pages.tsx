/**
 * The school's signing pages under /admin (contract §5; seed 004 §2.2–2.7): 在线签约管理 with the
 * national filters, its pending counts and its views by status; the review screen, whose one
 * decision form is 鉴证, 协议审核, 签约审核 or 补登审核 by the agreement's kind and status (the
 * service's generic `decide`), with the scans; 解约审核 (decideRescission); the school users'
 * 强制解约, 作废 and 修改 (forceRescind, voidAgreement, modifyAgreement; never a 院系's); 签约设置
 * and the 预警单位 list. Every decision is the service's; a broken rule is the same page with the
 * message at its field and what was typed kept; what cannot be undone is asked first (confirmFirst).
 */
import { Hono, type Context } from 'hono'
import type { AppEnv, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../pages/confirm.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { cohortChoice, filterText, pageNumber, pageValidator, stringValues, type Invalid } from '../page-validator.js'
import { cohortPicker } from '../pages/cohort.js'
import { z } from '../openapi.js'
import { departmentNames } from '../db/departments.js'
import { codeName, educationTable } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'
import { maskIdCard } from '../domain/id-card.js'
import {
  AGREEMENT_STATUSES,
  KIND_NAMES,
  AGREEMENT_STATUS_NAMES,
  RESCISSION_REASONS,
  UNDER_REVIEW,
  awaitsReviewer,
  nextState,
  reviewKindOf,
  type Agents,
  type AgreementMove,
  type RescissionStage,
  type ReviewKind,
} from '../domain/agreement.js'
import { UNIT_LABELS, type Unit } from '../domain/unit.js'
import { reportedRegistration } from '../registration/service.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'
import {
  AGENT_FIELDS,
  AgreementEditPage,
  AgreementListPage,
  AgreementReviewPage,
  EDIT_UNIT_INPUTS,
  LIST_FILTERS,
  SigningSettingsPage,
  WarningUnitsPage,
  type AgreementFileView,
  type EditValues,
  type ListFilters,
  type RescissionView,
  type ReviewAgreement,
  type SettingsValues,
} from '../../views/agreements/school-pages.js'
import { cst } from '../../views/agreements/employer-pages.js'
import {
  JOB_FIELDS,
  JOB_LABELS,
  PENDING_QUEUES,
  actorOf,
  agreementJson,
  decide,
  forceRescind,
  listForStaff,
  modifyAgreement,
  pendingCounts,
  reviewModeOf,
  scopedAgreement,
  stateOf,
  voidAgreement,
  type AgreementJson,
} from './service.js'
import { decideRescission } from './rescission.js'
import {
  deleteWarningUnit,
  listWarningUnits,
  putSigningSettings,
  putWarningUnit,
  signingSettings,
  type SigningSettings,
} from './settings.js'
import { PRINTABLE } from './document.js'
import { endings, reviewGraduate } from './queries.js'
import { AgentSchema } from './routes.js'

export const agreementSchoolPages = new Hono<AppEnv>()

const LOGIN = '/admin/login'
const staffRead = guard({ roles: ['school', 'department'], module: 'info', loginPath: LOGIN })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw', loginPath: LOGIN })
const schoolRead = guard({ roles: ['school'], module: 'info', loginPath: LOGIN })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: LOGIN })

const userError = (e: unknown) => (e instanceof AppError && e.status < 500 ? e : null)
const canWrite = (u: CurrentUser) => u.permissions.info === 'rw'

// ---------------------------------------------------------------------------------------------
// 在线签约管理.

/** The list's filters; a value that is not one (a hand-edited address) is dropped. */
const ListFiltersSchema = z.object({
  initiator: z.enum(['employer', 'student']).optional().catch(undefined),
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
  department: filterText(100),
  education: filterText(10),
  major: filterText(100),
  q: filterText(50),
  agreementNo: filterText(30),
  studentNo: filterText(30),
  unit: filterText(100),
  awaiting: z.enum(['true']).optional().catch(undefined),
  queue: z.enum(PENDING_QUEUES).optional().catch(undefined),
  cohort: cohortChoice,
  page: pageNumber.optional(),
})
/** Names and numbers travel only in the posted form (never an address): the GET keeps the others. */
const ListQuery = ListFiltersSchema.omit({ q: true, agreementNo: true, studentNo: true })
type ListInput = Partial<z.infer<typeof ListFiltersSchema>>

async function renderList(c: Context<AppEnv>, f: ListInput) {
  const deps = c.var.deps
  const user = currentUser(c)
  const page = f.page ?? 1
  const pageSize = 20
  const cohort = await cohortPicker(c, f.cohort)
  const list = await listForStaff(deps, user, {
    ...f,
    initiator: f.initiator,
    awaiting: f.awaiting === 'true',
    cohort: cohort.value,
    page,
    pageSize,
  })
  const filters: ListFilters = {}
  for (const k of LIST_FILTERS) if (f[k]) filters[k] = String(f[k])
  // 作废信息管理 and 解约管理 say who ended an agreement, when and why: the last event of those rows.
  const ended = await endings(
    deps.db,
    list.items.filter((r) => r.status === 'voided' || r.status === 'rescinded').map((r) => r.id),
  )
  return c.html(
    <AgreementListPage
      {...staffChrome(c)}
      cohort={cohort}
      counts={await pendingCounts(deps, user, cohort.value)}
      items={list.items.map((r) => ({
        ...r,
        education: r.education ? codeName('education', r.education) : null,
        ended: ended.get(r.id) ?? null,
      }))}
      total={list.total}
      page={page}
      pageSize={pageSize}
      filters={filters}
      departments={await departmentNames(deps.db, user.schoolId)}
      fixedDepartment={user.role === 'department' ? user.department : null}
      education={educationTable.entries.map((e): [string, string] => [e.code, e.name])}
      canManage={user.role === 'school'}
      canModify={user.role === 'school' && canWrite(user)}
    />,
  )
}

agreementSchoolPages.get('/admin/agreements', staffRead, pageValidator('query', ListQuery), (c) =>
  renderList(c, c.req.valid('query')),
)
agreementSchoolPages.post(
  '/admin/agreements',
  guard({ roles: ['school', 'department'], module: 'info', level: 'ro', loginPath: LOGIN }),
  pageValidator('form', ListFiltersSchema),
  (c) => renderList(c, c.req.valid('form')),
)

// ---------------------------------------------------------------------------------------------
// 签约设置 (school users; 基本信息读写 to change). Registered before /admin/agreements/:id.

const AGENT_PARTS_OF: Record<'all' | 'split', Array<'all' | 'ug' | 'pg'>> = { all: ['all'], split: ['ug', 'pg'] }
const agentFields = Object.fromEntries(
  (['all', 'ug', 'pg'] as const).flatMap((p) =>
    AGENT_FIELDS.map(([f]) => [`${p}_${f}`, z.string().max(200).optional()]),
  ),
)
const SETTING_LABELS: Record<string, string> = {
  maxRescissions: '学生可提交解约申请次数',
  ...Object.fromEntries(
    (['all', 'ug', 'pg'] as const).flatMap((p) => AGENT_FIELDS.map(([f, label]) => [`${p}_${f}`, label])),
  ),
}
const range = '应为 0–99'
const SettingsForm = z
  .object({
    onlineSigning: z.enum(['on', 'off']).optional(),
    supplementaryRegistration: z.string().max(5).optional(),
    maxRescissions: z.coerce.number({ message: range }).int(range).min(0, range).max(99, range),
    agentsMode: z.enum(['all', 'split']).catch('all'),
    ...agentFields,
  })
  .superRefine((v, ctx) => {
    const form = v as unknown as Record<string, string | undefined>
    for (const part of AGENT_PARTS_OF[v.agentsMode]) {
      const agent = Object.fromEntries(AGENT_FIELDS.map(([f]) => [f, (form[`${part}_${f}`] ?? '').trim()]))
      // A group left wholly empty keeps what is stored; one begun is checked field by field (the API's rules).
      if (Object.values(agent).every((x) => !x)) continue
      const r = AgentSchema.safeParse(agent)
      if (!r.success)
        for (const i of r.error.issues)
          ctx.addIssue({ code: 'custom', path: [`${part}_${String(i.path[0])}`], message: i.message })
    }
  })

function settingsValues(s: SigningSettings): SettingsValues {
  const v: SettingsValues = {
    onlineSigning: s.onlineSigning ? 'on' : 'off',
    supplementaryRegistration: s.supplementaryRegistration ? '1' : '',
    maxRescissions: String(s.maxRescissions),
    agentsMode: s.agents && 'undergraduate' in s.agents ? 'split' : 'all',
  }
  const put = (part: string, a: { name: string; phone: string; address: string; postcode: string }) => {
    for (const [f] of AGENT_FIELDS) v[`${part}_${f}`] = a[f]
  }
  if (s.agents && 'all' in s.agents) put('all', s.agents.all)
  if (s.agents && 'undergraduate' in s.agents) {
    put('ug', s.agents.undergraduate)
    put('pg', s.agents.graduate)
  }
  return v
}

async function renderSettings(
  c: Context<AppEnv>,
  opts: {
    values?: SettingsValues
    errors?: Record<string, string>
    error?: string | null
    notice?: string | null
    status?: number
  } = {},
) {
  const user = currentUser(c)
  const stored = await signingSettings(c.var.deps.db, user.schoolId)
  return c.html(
    <SigningSettingsPage
      {...staffChrome(c)}
      values={opts.values ?? settingsValues(stored)}
      locked={stored.onlineSigning}
      errors={opts.errors}
      error={opts.error}
      notice={opts.notice}
      canEdit={canWrite(user)}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementSchoolPages.get(
  '/admin/agreements/settings',
  schoolRead,
  pageValidator('query', z.object({ ok: z.string().max(10).optional().catch(undefined) })),
  (c) => renderSettings(c, { notice: c.req.valid('query').ok === 'saved' ? '签约设置已保存。' : null }),
)

agreementSchoolPages.post(
  '/admin/agreements/settings',
  schoolWrite,
  pageValidator(
    'form',
    SettingsForm,
    (c, bad: Invalid) => renderSettings(c, { values: stringValues(bad.values), errors: bad.errors, status: 400 }),
    SETTING_LABELS,
  ),
  async (c) => {
    const form = c.req.valid('form') as z.infer<typeof SettingsForm> & Record<string, string | undefined>
    const agent = (part: string) =>
      Object.fromEntries(AGENT_FIELDS.map(([f]) => [f, (form[`${part}_${f}`] ?? '').trim()])) as {
        name: string
        phone: string
        address: string
        postcode: string
      }
    const filled = (part: string) => Object.values(agent(part)).some(Boolean)
    let agents: Agents | undefined
    if (form.agentsMode === 'all' && filled('all')) agents = { all: agent('all') }
    if (form.agentsMode === 'split' && filled('ug') && filled('pg'))
      agents = { undergraduate: agent('ug'), graduate: agent('pg') }
    const values = stringValues(form as Record<string, unknown>)
    if (form.agentsMode === 'split' && filled('ug') !== filled('pg'))
      return renderSettings(c, {
        values,
        errors: { agents: '协议经办人：分别设置时，本专科和研究生两组都须填写' },
        status: 400,
      })
    try {
      await putSigningSettings(c.var.deps, currentUser(c), {
        onlineSigning: form.onlineSigning === 'on',
        supplementaryRegistration: form.supplementaryRegistration === '1',
        maxRescissions: form.maxRescissions,
        agents,
      })
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      const field = err.code === 'conflict' ? 'onlineSigning' : (err.extra.field ?? 'agents')
      return renderSettings(c, { values, errors: { [field]: err.message }, status: err.status })
    }
    return c.redirect('/admin/agreements/settings?ok=saved', 303)
  },
)

// ---------------------------------------------------------------------------------------------
// 鉴证, 协议审核, 签约审核, 补登审核 (one `decide`), 解约审核, 强制解约, 作废.

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const OkQuery = z.object({ ok: z.string().max(10).optional().catch(undefined) })
const DECISIONS = ['approve', 'return', 'reject'] as const
const NOTICES: Record<string, string> = {
  approve: '已审核通过。',
  return: '已退回修改。',
  reject: '已审核不通过，该签约作废。',
  r_approve: '解约审核通过，解约已生效，毕业生的就业数据已清空。',
  r_return: '解约申请已退回毕业生修改。',
  r_reject: '解约审核不通过，签约仍有效。',
  forced: '已强制解约，毕业生的就业数据已清空。',
  voided: '协议已作废，毕业生的就业数据已清空。',
  modified: '协议信息已修改，毕业去向已同步更新。',
}

/** What 审核不通过 does, per review (seed 004 §2.3 (3) ②, §2.5 (2) ②, §2.5 (4) ②, §2.6 (2) ②). */
const REJECT_CONSEQUENCES: Record<Exclude<ReviewKind, 'rescission'>, string> = {
  online: '审核不通过后该签约数据作废，用人单位须重新发起签约邀请。确定吗？',
  protocol: '审核不通过后，该电子就业协议书申请直接作废，毕业生须重新填写就业协议信息。确定吗？',
  signing: '审核不通过后，该线下签约申请直接作废，毕业生须重新进行线下签约。确定吗？',
  paper: '审核不通过后，该补登申请直接作废，毕业生须重新补登并上传协议书图像。确定吗？',
}

const RESCISSION_STAGE_NAMES: Record<RescissionStage, string> = {
  answer_student: '等待毕业生回应解约申请',
  answer_employer: '等待用人单位回应解约申请',
  department: '等待院系解约审核',
  school: '等待学校解约审核',
  returned: '解约申请已退回毕业生修改',
}

const REQUESTERS = { student: '学生', employer: '用人单位', school: '学校' } as const
const ANSWERS = { accept: '已同意解约', decline: '不同意解约' } as const

const idOf = (c: Context<AppEnv>) => (c.req.valid('param' as never) as { id: number }).id
const reviewerOf = (u: CurrentUser): 'school' | 'department' => (u.role === 'department' ? 'department' : 'school')

interface ReviewOpts {
  notice?: string | null
  error?: string | null
  errors?: Record<string, string>
  values?: Record<string, string>
  status?: number
}

function fileView(id: number, f: AgreementJson['files'][number]): AgreementFileView {
  const base = `/api/v1/agreements/${id}/files/${encodeURIComponent(f.id)}`
  return { ...f, href: f.contentType === 'application/pdf' ? `${base}?download=1` : base }
}

function rescissionView(a: AgreementJson, graduateName: string, files: AgreementFileView[]): RescissionView | null {
  const r = a.rescission
  if (!r) return null
  const forced = r.forced === true
  return {
    forced,
    letter: files.find((f) => f.id === r.letter) ?? null,
    rows: [
      ['协议编号', a.agreementNo ?? a.paperNo ?? '--'],
      ['解约方', forced ? '学校（强制解约）' : REQUESTERS[r.by]],
      ['解约申请人', r.by === 'student' ? graduateName : r.by === 'employer' ? a.unit.name : '学校'],
      ['解约原因', r.reason],
      [forced ? '情况说明' : '解约说明', r.note],
      ...(a.kind === 'online' && !forced
        ? [['另一方回应', r.answer ? ANSWERS[r.answer] : '尚未回应'] as [string, string]]
        : []),
      [forced ? '强制解约时间' : '解约申请时间', cst(r.at)],
    ],
  }
}

async function renderReview(c: Context<AppEnv>, id: number, opts: ReviewOpts = {}) {
  const deps = c.var.deps
  const user = currentUser(c)
  const row = await scopedAgreement(deps, user, id)
  const a = await agreementJson(deps.db, row)
  const mode = await reviewModeOf(deps.db, row.school_id)
  const state = stateOf(row)
  const may = (move: AgreementMove) => canWrite(user) && nextState(state, move, { actor: actorOf(user), mode }).ok
  const decisions = DECISIONS.filter((d) => may(d))
  // 解约审核: only for the reviewer it waits for. An online 解约 has 通过 and 不通过 only (seed 004
  // §2.4 (3) screenshot): both parties agreed, there is nothing for either to amend.
  const rescissionDecisions = awaitsReviewer(state, reviewerOf(user))
    ? DECISIONS.filter((d) => may(`${d}_rescission`) && !(d === 'return' && row.kind === 'online'))
    : []
  const g = await reviewGraduate(deps.db, row.graduate_id)
  const job = a.job
  const files = a.files.map((f) => fileView(a.id, f))
  const view: ReviewAgreement = {
    id: a.id,
    kind: a.kind,
    status: a.status,
    agreementNo: a.agreementNo,
    warning: a.warning,
    protocolApproved: a.protocolApproved,
    stageName:
      UNDER_REVIEW.includes(a.status) && a.reviewStage
        ? a.reviewStage === 'department'
          ? '等待院系审核'
          : '等待学校审核'
        : a.status === 'rescinding' && a.rescissionStage
          ? RESCISSION_STAGE_NAMES[a.rescissionStage]
          : null,
    unitName: a.unit.name,
    unit: [
      ['单位名称', a.unit.name],
      ['统一社会信用代码', a.unit.creditCode],
      ['单位性质', codeName('unitNature', a.unit.nature)],
      ['单位行业', codeName('unitIndustry', a.unit.industry)],
      ['单位所在地', divisionName(a.unit.location)],
      ['通讯地址', a.unit.address],
      ['单位联系人', a.unit.contact],
      ['联系人电话', a.unit.phone],
      ['联系人邮箱', a.unit.email],
      ['预警', a.warning ? `预警单位：${a.warning.reason}` : '否'],
    ],
    agreement: [
      ['协议编号', a.agreementNo ?? '--'],
      // 补登: the number printed on the paper agreement, which becomes its 协议编号 when approved.
      ...(a.kind === 'paper' ? [['纸质协议书编号', a.paperNo] as [string, string | null]] : []),
      ['协议类型', KIND_NAMES[a.kind]],
      ['签约状态', AGREEMENT_STATUS_NAMES[a.status]],
      [a.kind === 'online' ? '邀约时间' : '申请时间', cst(a.createdAt)],
      ...(a.kind === 'online' ? [['应约截止时间', cst(a.expiresAt)] as [string, string]] : []),
      ...JOB_FIELDS.map((f): [string, string | null] => [
        JOB_LABELS[f],
        f === 'category' && job.category ? codeName('jobCategory', job.category) : job[f],
      ]),
      ['单位是否接收档案', a.archiveTransfer],
      ['单位是否解决户口', a.hukouTransfer],
      ['补充协议内容', a.terms],
      ['生效时间', cst(a.inForceAt)],
    ],
    events: a.events,
    pdfHref: (PRINTABLE as readonly string[]).includes(a.status) ? `/api/v1/agreements/${a.id}/agreement.pdf` : null,
    files,
    rescission: rescissionView(a, g.name, files),
  }
  const reg = await reportedRegistration(deps, row.graduate_id)
  return c.html(
    <AgreementReviewPage
      {...staffChrome(c)}
      a={view}
      graduateName={g.name}
      graduate={{
        rows: [
          ['姓名', g.name],
          ['学号', g.student_no],
          ['学历', codeName('education', g.education_code)],
          ['身份证号', maskIdCard(g.id_card)],
          ['院校', `（${g.school_code}）${g.school_name}`],
          ['院系', g.department],
          ['专业', `（${g.major_code}）${g.major_name}`],
          ['出生日期', g.id_card.length === 18 ? g.id_card.slice(6, 14) : null],
          ['性别', codeName('gender', g.gender_code)],
          ['民族', codeName('ethnicity', g.ethnicity_code)],
          ['政治面貌', codeName('political', g.political_code)],
          ['学制', g.length_of_schooling],
          ['培养方式', codeName('trainingMode', g.training_mode_code)],
          ['生源地区', divisionName(g.origin_code)],
          ['入学时间', g.enrolled_at],
          ['毕业时间', g.graduation_time],
          ['手机号', g.phone],
          ['邮箱', g.email],
          ['是否可签约', g.withdrawn_at ? '否（已撤出生源）' : '是'],
        ],
      }}
      registration={
        reg
          ? {
              status: reg.status,
              destination: reg.destination as Record<string, string | null> | null,
              archive: reg.archive as Record<string, string | null> | null,
              hukou: reg.hukou as Record<string, string | null> | null,
            }
          : null
      }
      decisions={[...decisions]}
      rescissionDecisions={[...rescissionDecisions]}
      // 强制解约, 作废, 修改 are the school's (seed 004 §2.4 (4) "院系用户无此功能"); the state machine says when.
      canForce={user.role === 'school' && may('force_rescind')}
      canVoid={user.role === 'school' && may('void')}
      canModify={user.role === 'school' && may('modify')}
      notice={opts.notice}
      error={opts.error}
      errors={opts.errors}
      values={opts.values}
    />,
    (opts.status ?? 200) as 200,
  )
}

/** A refusal of the service: the review page again, the message at `field` (the form's name for it). */
function reviewRefusal(c: Context<AppEnv>, id: number, e: unknown, field: string, values: Record<string, string>) {
  const err = userError(e)
  if (!err || err.status === 404) throw e
  const at = err.extra.field === 'reason' || err.extra.field === 'note' ? field : null
  return renderReview(c, id, {
    error: err.message,
    errors: at ? { [at]: err.message } : undefined,
    values,
    status: err.status,
  })
}

agreementSchoolPages.get(
  '/admin/agreements/:id',
  staffRead,
  pageValidator('param', IdParam),
  pageValidator('query', OkQuery),
  (c) => renderReview(c, c.req.valid('param').id, { notice: NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

const DecisionForm = z.object({
  decision: z.enum(DECISIONS, { message: '请选择审核结果' }),
  reason: z.string().trim().max(500, '不能超过 500 个字').optional(),
})

const backTo = (c: Context<AppEnv>) => `/admin/agreements/${idOf(c)}`
const filled = (v: unknown) => typeof v === 'string' && v.trim() !== ''

agreementSchoolPages.post(
  '/admin/agreements/:id/decision',
  staffWrite,
  pageValidator('param', IdParam),
  confirmFirst(async (c, body) => {
    if (body.decision !== 'reject' || !filled(body.reason)) return null
    const a = await scopedAgreement(c.var.deps, currentUser(c), idOf(c))
    const review = reviewKindOf(a)
    return {
      title: '确认审核不通过',
      message: REJECT_CONSEQUENCES[review && review !== 'rescission' ? review : 'online'],
      confirmLabel: '确认不通过',
      back: backTo(c),
    }
  }),
  pageValidator('form', DecisionForm, (c, bad) =>
    renderReview(c, idOf(c), { errors: bad.errors, error: bad.message, values: stringValues(bad.values), status: 400 }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { decision, reason } = c.req.valid('form')
    try {
      await decide(c.var.deps, currentUser(c), id, decision, reason || null)
    } catch (e) {
      return reviewRefusal(c, id, e, 'reason', { reason: reason ?? '' })
    }
    return c.redirect(`/admin/agreements/${id}?ok=${decision}`, 303)
  },
)

/** 解约审核 (seed 004 §2.4 (3), §2.7 (2)): 退回 and 不通过 say why. */
const RescissionDecisionForm = z
  .object({
    decision: z.enum(DECISIONS, { message: '请选择审核结果' }),
    rescissionReason: z.string().trim().max(500, '不能超过 500 个字').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== 'approve' && !v.rescissionReason)
      ctx.addIssue({ code: 'custom', path: ['rescissionReason'], message: '退回修改或审核不通过须填写原因' })
  })

agreementSchoolPages.post(
  '/admin/agreements/:id/rescission-decision',
  staffWrite,
  pageValidator('param', IdParam),
  confirmFirst((c, body) =>
    body.decision === 'approve'
      ? {
          title: '确认解约审核通过',
          message: '解约审核通过后解约即生效，毕业生在就业管理系统的就业数据将被清空（档案、户口保留）。确定通过吗？',
          confirmLabel: '确认通过',
          back: backTo(c),
        }
      : body.decision === 'reject' && filled(body.rescissionReason)
        ? {
            title: '确认解约审核不通过',
            message: '解约审核不通过后解约失败，签约仍有效。确定不通过吗？',
            confirmLabel: '确认不通过',
            back: backTo(c),
          }
        : null,
  ),
  pageValidator(
    'form',
    RescissionDecisionForm,
    (c, bad) =>
      renderReview(c, idOf(c), {
        errors: bad.errors,
        error: bad.message,
        values: stringValues(bad.values),
        status: 400,
      }),
    { rescissionReason: '原因', decision: '审核结果' },
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { decision, rescissionReason } = c.req.valid('form')
    try {
      await decideRescission(c.var.deps, currentUser(c), id, decision, rescissionReason || null)
    } catch (e) {
      return reviewRefusal(c, id, e, 'rescissionReason', { rescissionReason: rescissionReason ?? '' })
    }
    return c.redirect(`/admin/agreements/${id}?ok=r_${decision}`, 303)
  },
)

/** 强制解约 (seed 004 §2.4 (4), §2.7 (3)): school users only — the guard refuses a 院系 user (403). */
const ForceForm = z.object({
  forceReason: z.enum(RESCISSION_REASONS, { message: '请选择' }),
  forceNote: z.string().trim().min(1, '必须填写').max(200, '不能超过 200 个字'),
})

agreementSchoolPages.post(
  '/admin/agreements/:id/forced-rescission',
  schoolWrite,
  pageValidator('param', IdParam),
  confirmFirst((c, body) =>
    filled(body.forceNote)
      ? {
          title: '确认强制解约',
          message:
            '强制解约后毕业生即完成解约，就业管理系统中的就业数据将被清空（档案、户口保留）。请确认已核实情况并与用人单位协商一致。确定强制解约吗？',
          confirmLabel: '确认强制解约',
          back: backTo(c),
        }
      : null,
  ),
  pageValidator(
    'form',
    ForceForm,
    (c, bad) =>
      renderReview(c, idOf(c), {
        errors: bad.errors,
        error: bad.message,
        values: stringValues(bad.values),
        status: 400,
      }),
    { forceReason: '解约原因', forceNote: '情况说明' },
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { forceReason, forceNote } = c.req.valid('form')
    try {
      await forceRescind(c.var.deps, currentUser(c), id, forceReason, forceNote)
    } catch (e) {
      return reviewRefusal(c, id, e, 'forceNote', { forceReason, forceNote })
    }
    return c.redirect(`/admin/agreements/${id}?ok=forced`, 303)
  },
)

/** 作废 (seed 004 §2.3 (4), §2.5 (5)): school users only, on an agreement in force. */
const VoidForm = z.object({ voidReason: z.string().trim().min(1, '必须填写').max(200, '不能超过 200 个字') })

agreementSchoolPages.post(
  '/admin/agreements/:id/void',
  schoolWrite,
  pageValidator('param', IdParam),
  confirmFirst((c, body) =>
    filled(body.voidReason)
      ? {
          title: '确认作废协议',
          message:
            '作废后毕业生在就业管理系统的就业数据将被清空（档案、户口保留）。作废前应与用人单位、毕业生协商一致以防出现纠纷。确定作废吗？',
          confirmLabel: '确认作废',
          back: backTo(c),
        }
      : null,
  ),
  pageValidator(
    'form',
    VoidForm,
    (c, bad) =>
      renderReview(c, idOf(c), {
        errors: bad.errors,
        error: bad.message,
        values: stringValues(bad.values),
        status: 400,
      }),
    { voidReason: '作废原因' },
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { voidReason } = c.req.valid('form')
    try {
      await voidAgreement(c.var.deps, currentUser(c), id, voidReason)
    } catch (e) {
      return reviewRefusal(c, id, e, 'voidReason', { voidReason })
    }
    return c.redirect(`/admin/agreements/${id}?ok=voided`, 303)
  },
)

// ---------------------------------------------------------------------------------------------
// 修改 (seed 004 §2.3 (4), §2.5 (5)): school users with 基本信息读写, an agreement in force.

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`).optional()
const EditForm = z.object({
  job_category: text(200),
  job_title: text(200),
  job_probation: text(200),
  job_salary: text(200),
  job_penalty: text(200),
  job_reportDeadline: text(200),
  job_reportPlace: text(200),
  job_workPlace: text(200),
  unit_nature: text(50),
  unit_industry: text(50),
  unit_location: text(20),
  unit_address: text(200),
  unit_contact: text(50),
  unit_phone: text(30),
  unit_email: text(100),
  reason: text(200),
}) satisfies z.ZodType<Partial<Record<keyof EditValues, string>>>
const EDIT_LABELS: Record<string, string> = {
  ...Object.fromEntries(JOB_FIELDS.map((f) => [`job_${f}`, JOB_LABELS[f]])),
  ...Object.fromEntries(EDIT_UNIT_INPUTS.map((f) => [f, UNIT_LABELS[f.slice(5) as keyof Unit]])),
  reason: '修改说明',
}
const OWN_UNIT_INPUTS = ['unit_nature', 'unit_industry', 'unit_location', 'unit_address'] as const

function storedValues(a: AgreementJson): EditValues {
  const v: EditValues = {}
  for (const f of JOB_FIELDS) v[`job_${f}`] = a.job[f] ?? ''
  for (const f of EDIT_UNIT_INPUTS) v[f] = String(a.unit[f.slice(5) as keyof Unit] ?? '')
  return v
}

async function renderEdit(
  c: Context<AppEnv>,
  opts: {
    values?: EditValues
    errors?: Record<string, string>
    error?: string | null
    status?: number
    picker?: PlacePickerState | null
  } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const row = await scopedAgreement(deps, user, idOf(c))
  const mode = await reviewModeOf(deps.db, row.school_id)
  const may = nextState(stateOf(row), 'modify', { actor: actorOf(user), mode })
  if (!may.ok) throw new AppError(may.code, '只有已生效的协议可以修改')
  const a = await agreementJson(deps.db, row)
  const ownUnit = a.employerId === null
  const values = opts.values ?? storedValues(a)
  return c.html(
    <AgreementEditPage
      {...staffChrome(c)}
      id={a.id}
      kind={a.kind}
      graduateName={a.graduate.name}
      ownUnit={ownUnit}
      fixed={[
        ['单位名称', a.unit.name],
        ['统一社会信用代码', a.unit.creditCode],
        ...(ownUnit
          ? []
          : ([
              ['单位性质', codeName('unitNature', a.unit.nature)],
              ['单位行业', codeName('unitIndustry', a.unit.industry)],
              ['单位所在地', divisionName(a.unit.location)],
              ['通讯地址', a.unit.address],
            ] as Array<[string, string | null]>)),
      ]}
      values={values}
      errors={opts.errors}
      error={opts.error}
      locationName={divisionName(values.unit_location ?? null)}
      picker={opts.picker}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementSchoolPages.get('/admin/agreements/:id/edit', schoolWrite, pageValidator('param', IdParam), (c) =>
  renderEdit(c),
)

const editValues = (v: Record<string, unknown>) => stringValues(v) as EditValues
/** The service names fields as the API does (`unit.contact`, `job.title`); the form as `unit_contact`. */
const formField = (field: string | undefined) => (field ? field.replace(/^(unit|job)\./, '$1_') : null)

agreementSchoolPages.post(
  '/admin/agreements/:id/edit',
  schoolWrite,
  pageValidator('param', IdParam),
  placePicker(['unit_location'], (c, values, picker) => renderEdit(c, { values: editValues(values), picker })),
  pageValidator(
    'form',
    EditForm,
    (c, bad) => renderEdit(c, { values: editValues(bad.values), errors: bad.errors, error: bad.message, status: 400 }),
    EDIT_LABELS,
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const f = c.req.valid('form')
    const row = await scopedAgreement(c.var.deps, currentUser(c), id)
    const unit: Record<string, string | null> = {
      contact: f.unit_contact ?? '',
      phone: f.unit_phone ?? '',
      email: f.unit_email || null,
    }
    // A registered employer's nature, industry, location and address are its own: not on the form,
    // not sent (the service would refuse a change of them anyway).
    if (row.employer_id === null) for (const k of OWN_UNIT_INPUTS) unit[k.slice(5)] = f[k] ?? ''
    const job = Object.fromEntries(JOB_FIELDS.map((k) => [k, f[`job_${k}`] ?? '']))
    try {
      await modifyAgreement(c.var.deps, currentUser(c), id, { unit, job, reason: f.reason || null })
    } catch (e) {
      const err = userError(e)
      if (!err || err.status === 404) throw e
      const field = formField(err.extra.field)
      return renderEdit(c, {
        values: editValues(f),
        errors: field ? { [field]: err.message } : undefined,
        error: err.message,
        status: err.status,
      })
    }
    return c.redirect(`/admin/agreements/${id}?ok=modified`, 303)
  },
)

// ---------------------------------------------------------------------------------------------
// 预警单位 (school users; 基本信息读写 to change).

const WARNING_NOTICES: Record<string, string> = { added: '已加入预警单位名单。', removed: '已移出预警单位名单。' }

async function renderWarnings(
  c: Context<AppEnv>,
  opts: {
    values?: Record<string, string>
    errors?: Record<string, string>
    notice?: string | null
    status?: number
  } = {},
) {
  const user = currentUser(c)
  return c.html(
    <WarningUnitsPage
      {...staffChrome(c)}
      items={(await listWarningUnits(c.var.deps.db, user.schoolId)).items}
      values={opts.values ?? {}}
      errors={opts.errors}
      notice={opts.notice}
      canEdit={canWrite(user)}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementSchoolPages.get(
  '/admin/warning-units',
  schoolRead,
  pageValidator('query', z.object({ ok: z.string().max(10).optional().catch(undefined) })),
  (c) => renderWarnings(c, { notice: WARNING_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

const WarningForm = z.object({
  creditCode: z.string().trim().min(1, '必须填写').max(30),
  name: z.string().trim().min(1, '必须填写').max(100, '不能超过 100 个字'),
  reason: z.string().trim().min(1, '必须填写').max(200, '不能超过 200 个字'),
})
const WARNING_LABELS = { creditCode: '统一社会信用代码', name: '单位名称', reason: '预警原因' }

agreementSchoolPages.post(
  '/admin/warning-units',
  schoolWrite,
  pageValidator(
    'form',
    WarningForm,
    (c, bad) => renderWarnings(c, { values: stringValues(bad.values), errors: bad.errors, status: 400 }),
    WARNING_LABELS,
  ),
  async (c) => {
    const f = c.req.valid('form')
    try {
      await putWarningUnit(c.var.deps, currentUser(c), f.creditCode, f.name, f.reason)
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderWarnings(c, {
        values: f,
        errors: { [err.extra.field ?? 'creditCode']: err.message },
        status: err.status,
      })
    }
    return c.redirect('/admin/warning-units?ok=added', 303)
  },
)

agreementSchoolPages.post(
  '/admin/warning-units/:creditCode/remove',
  schoolWrite,
  pageValidator('param', z.object({ creditCode: z.string().max(30) })),
  confirmFirst({
    title: '确认移出预警单位',
    message: '移出后，该单位的签约邀请和协议不再显示预警。确定移出吗？',
    confirmLabel: '确认移出',
    back: '/admin/warning-units',
  }),
  async (c) => {
    await deleteWarningUnit(c.var.deps, currentUser(c), c.req.valid('param').creditCode)
    return c.redirect('/admin/warning-units?ok=removed', 303)
  },
)
