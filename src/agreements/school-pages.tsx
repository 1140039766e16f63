/**
 * The school's signing pages under /admin (contract §5; seed 004 §2.2–2.3): 在线签约管理 with the
 * national filters and its pending counts, the 鉴证 screen with approve / return / reject, 签约设置
 * and the 预警单位 list. Every decision is the service's (decide, putSigningSettings,
 * putWarningUnit …); a broken rule is the same page with the message at its field.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../pages/confirm.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { filterText, pageNumber, pageValidator, stringValues, type Invalid } from '../page-validator.js'
import { z } from '../openapi.js'
import { departmentNames } from '../db/departments.js'
import { codeName, educationTable } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'
import { maskIdCard } from '../domain/id-card.js'
import {
  AGREEMENT_STATUSES,
  KIND_NAMES,
  AGREEMENT_STATUS_NAMES,
  UNDER_REVIEW,
  nextState,
  type Agents,
} from '../domain/agreement.js'
import { reportedRegistration } from '../registration/service.js'
import {
  AGENT_FIELDS,
  AgreementListPage,
  AgreementReviewPage,
  LIST_FILTERS,
  SigningSettingsPage,
  WarningUnitsPage,
  type ListFilters,
  type ReviewAgreement,
  type SettingsValues,
} from '../../views/agreements/school-pages.js'
import { cst } from '../../views/agreements/employer-pages.js'
import {
  JOB_FIELDS,
  JOB_LABELS,
  agreementJson,
  decide,
  listForStaff,
  pendingCounts,
  reviewModeOf,
  scopedAgreement,
  stateOf,
} from './service.js'
import {
  deleteWarningUnit,
  listWarningUnits,
  putSigningSettings,
  putWarningUnit,
  signingSettings,
  type SigningSettings,
} from './settings.js'
import { PRINTABLE } from './document.js'
import { reviewGraduate } from './queries.js'
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
  const list = await listForStaff(deps, user, {
    ...f,
    initiator: f.initiator,
    awaiting: f.awaiting === 'true',
    page,
    pageSize,
  })
  const filters: ListFilters = {}
  for (const k of LIST_FILTERS) if (f[k]) filters[k] = String(f[k])
  return c.html(
    <AgreementListPage
      {...staffChrome(c)}
      counts={await pendingCounts(deps, user)}
      items={list.items.map((r) => ({
        ...r,
        education: r.education ? codeName('education', r.education) : null,
      }))}
      total={list.total}
      page={page}
      pageSize={pageSize}
      filters={filters}
      departments={await departmentNames(deps.db, user.schoolId)}
      fixedDepartment={user.role === 'department' ? user.department : null}
      education={educationTable.entries.map((e): [string, string] => [e.code, e.name])}
      canManage={user.role === 'school'}
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
// 鉴证.

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const DECISIONS = ['approve', 'return', 'reject'] as const
const NOTICES: Record<string, string> = {
  approve: '已审核通过。',
  return: '已退回修改。',
  reject: '已审核不通过，该签约作废。',
}

async function renderReview(
  c: Context<AppEnv>,
  id: number,
  opts: {
    notice?: string | null
    error?: string | null
    errors?: Record<string, string>
    reason?: string
    status?: number
  } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const row = await scopedAgreement(deps, user, id)
  const a = await agreementJson(deps.db, row)
  const mode = await reviewModeOf(deps.db, row.school_id)
  const decisions = canWrite(user)
    ? DECISIONS.filter((d) => nextState(stateOf(row), d, { actor: user.role as 'school', mode }).ok)
    : []
  const g = await reviewGraduate(deps.db, row.graduate_id)
  const job = a.job
  const view: ReviewAgreement = {
    id: a.id,
    kind: a.kind,
    status: a.status,
    agreementNo: a.agreementNo,
    warning: a.warning,
    stageName:
      UNDER_REVIEW.includes(a.status) && a.reviewStage
        ? a.reviewStage === 'department'
          ? '等待院系审核'
          : '等待学校审核'
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
      ['协议类型', KIND_NAMES[a.kind]],
      ['签约状态', AGREEMENT_STATUS_NAMES[a.status]],
      ['邀约时间', cst(a.createdAt)],
      ['应约截止时间', cst(a.expiresAt)],
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
      notice={opts.notice}
      error={opts.error}
      errors={opts.errors}
      reason={opts.reason}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementSchoolPages.get(
  '/admin/agreements/:id',
  staffRead,
  pageValidator('param', IdParam),
  pageValidator('query', z.object({ ok: z.string().max(10).optional().catch(undefined) })),
  (c) => renderReview(c, c.req.valid('param').id, { notice: NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

const DecisionForm = z.object({
  decision: z.enum(DECISIONS, { message: '请选择审核结果' }),
  reason: z.string().trim().max(500, '不能超过 500 个字').optional(),
})

agreementSchoolPages.post(
  '/admin/agreements/:id/decision',
  staffWrite,
  pageValidator('param', IdParam),
  confirmFirst((c, body) =>
    body.decision === 'reject' && typeof body.reason === 'string' && body.reason.trim()
      ? {
          title: '确认审核不通过',
          message: '审核不通过后该签约数据作废，用人单位须重新发起签约邀请。确定吗？',
          confirmLabel: '确认不通过',
          back: new URL(c.req.url).pathname.replace(/\/decision$/, ''),
        }
      : null,
  ),
  pageValidator('form', DecisionForm, (c, bad) =>
    renderReview(c, (c.req.valid('param' as never) as { id: number }).id, {
      errors: bad.errors,
      error: bad.message,
      reason: stringValues(bad.values).reason,
      status: 400,
    }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { decision, reason } = c.req.valid('form')
    try {
      await decide(c.var.deps, currentUser(c), id, decision, reason || null)
    } catch (e) {
      const err = userError(e)
      if (!err || err.status === 404) throw e
      return renderReview(c, id, {
        error: err.message,
        errors: err.extra.field ? { [err.extra.field]: err.message } : undefined,
        reason,
        status: err.status,
      })
    }
    return c.redirect(`/admin/agreements/${id}?ok=${decision}`, 303)
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
