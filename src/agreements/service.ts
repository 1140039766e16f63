/**
 * 就业协议 (contract §5): every move of an agreement. Each reads the stored state, asks the pure
 * state machine (src/domain/agreement.ts) for the next one, and writes it as ONE batch: the
 * conditional UPDATE (`WHERE id = ? AND version = <seen>`), the agreement_events row that doubles
 * as the guard (its agreement_id is `CASE WHEN changes() = 1 THEN id ELSE NULL END`, so a lost
 * race violates NOT NULL and rolls the batch back), the audit row, and whatever the move implies
 * (the graduate's registration on approval, through the registration feature's service). Two
 * racing decisions: one 200, one 409 `conflict`.
 */
import { sql, type Compilable } from 'kysely'
import { customAlphabet } from 'nanoid'
import type { Agreement, Db } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, forbidden, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { likeContains } from '../db/like.js'
import { whereCohort } from '../db/cohorts.js'
import {
  BINDING,
  MAX_RESPONSE_DAYS,
  MOVE_NAMES,
  UNDER_REVIEW,
  agreementNumber,
  awaitsReviewer,
  graduateNextStep,
  isExpired,
  nextState,
  type AgreementActor,
  type AgreementMove,
  type AgreementState,
  type AgreementStatus,
} from '../domain/agreement.js'
import { REVIEW_MODES, type ReviewMode } from '../domain/registration/index.js'
import { resolveCode } from '../domain/codes/index.js'
import { UNIT_LABELS, checkUnit, type Unit } from '../domain/unit.js'
import { findGraduateFor, myEmployer, unitOf } from '../employers/service.js'
import { agreementDestinationStatements, isGuardFailure } from '../registration/service.js'
import { signingSettings, warningFor } from './settings.js'
import { filesOf } from './queries.js'
import { notify, toGraduate, type Notice } from '../notifications/service.js'
import { formatCst } from '../domain/validity.js'
import { MOBILE_RE } from '../domain/phone.js'

export interface Job {
  category: string | null
  title: string | null
  probation: string | null
  salary: string | null
  penalty: string | null
  reportDeadline: string | null
  reportPlace: string | null
  workPlace: string | null
}

export const JOB_FIELDS: Array<keyof Job> = [
  'category',
  'title',
  'probation',
  'salary',
  'penalty',
  'reportDeadline',
  'reportPlace',
  'workPlace',
]

export const JOB_LABELS: Record<keyof Job, string> = {
  category: '职位类别',
  title: '岗位名称',
  probation: '试用期',
  salary: '薪资',
  penalty: '违约金',
  reportDeadline: '报到期限',
  reportPlace: '报到地点',
  workPlace: '实际工作地点',
}

/** The job of an invitation: 职位类别 from the national table (code or name, stored as the code). */
export function checkJob(raw: Record<string, unknown> | undefined | null, { complete }: { complete: boolean }): Job {
  const r = raw ?? {}
  const out = {} as Job
  for (const f of JOB_FIELDS) {
    const v = r[f]
    const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : ''
    if (s.length > 200)
      throw new AppError('validation_error', `${JOB_LABELS[f]}：不能超过 200 个字`, { field: `job.${f}` })
    out[f] = s || null
  }
  if (out.category) {
    const hit = resolveCode('jobCategory', out.category)
    if (!hit)
      throw new AppError('validation_error', `职位类别：“${out.category}”不在工作职位类别代码表中`, {
        field: 'job.category',
      })
    out.category = hit.code
  }
  if (complete) {
    if (!out.category) throw new AppError('validation_error', '职位类别：必须选择', { field: 'job.category' })
    if (!out.title) throw new AppError('validation_error', '岗位名称：必须填写', { field: 'job.title' })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Reading.

export interface AgreementEvent {
  at: string
  by: string
  from: string | null
  to: string
  reason: string | null
}

export interface Rescission {
  by: 'student' | 'employer' | 'school'
  reason: string
  note: string | null
  at: string
  forced?: boolean
  /** The 解约函 (offline and paper agreements): an agreement_files id. */
  letter?: string | null
  /** The other party's answer to an online request. */
  answer?: 'accept' | 'decline' | null
}

export const stateOf = (a: Agreement): AgreementState => ({
  kind: a.kind,
  status: a.status,
  stage: a.review_stage,
  protocolApproved: a.protocol_approved === 1,
  rescission: a.rescission_stage,
})

export async function reviewModeOf(db: Db, schoolId: number): Promise<ReviewMode> {
  const s = await db.selectFrom('schools').select('review_mode').where('id', '=', schoolId).executeTakeFirstOrThrow()
  return (REVIEW_MODES as readonly string[]).includes(s.review_mode) ? (s.review_mode as ReviewMode) : '仅校级审核'
}

/**
 * The contract's agreement JSON. Security decision: an employer's view of the graduate is name,
 * 学号 and 院系 only — the shape has no 身份证号 or phone for anyone.
 */
export async function agreementJson(db: Db, a: Agreement) {
  const g = await db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .select(['graduates.name', 'graduates.student_no', 'departments.name as department'])
    .where('graduates.id', '=', a.graduate_id)
    .executeTakeFirstOrThrow()
  const events = await db
    .selectFrom('agreement_events')
    .selectAll()
    .where('agreement_id', '=', a.id)
    .orderBy('id')
    .execute()
  const unit = JSON.parse(a.unit) as Unit
  return {
    id: a.id,
    agreementNo: a.agreement_no,
    kind: a.kind,
    status: a.status,
    graduateId: a.graduate_id,
    graduate: { name: g.name, studentNo: g.student_no, department: g.department },
    unit,
    job: JSON.parse(a.job) as Job,
    archiveTransfer: a.archive_transfer,
    hukouTransfer: a.hukou_transfer,
    terms: a.terms,
    expiresAt: a.expires_at,
    warning: await warningFor(db, a.school_id, unit.creditCode),
    events: events.map(
      (e): AgreementEvent => ({ at: e.at, by: e.actor, from: e.from_status, to: e.to_status, reason: e.reason }),
    ),
    employerId: a.employer_id,
    reviewStage: a.review_stage,
    rescissionStage: a.rescission_stage,
    rescission: a.rescission ? (JSON.parse(a.rescission) as Rescission) : null,
    paperNo: a.paper_no,
    protocolApproved: a.protocol_approved === 1,
    files: await filesOf(db, a.id),
    inForceAt: a.in_force_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  }
}
export type AgreementJson = Awaited<ReturnType<typeof agreementJson>>

/**
 * The agreement if this user may see it, else 404 (never tell another school's, 院系's,
 * graduate's or employer's agreement from a missing one).
 */
export async function scopedAgreement(deps: AppDeps, user: CurrentUser, id: number): Promise<Agreement> {
  const a = await deps.db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst()
  const none = () => notFound('没有找到该协议')
  if (!a) throw none()
  switch (user.role) {
    case 'employer':
      if (a.employer_id === null || a.employer_id !== user.employerId) throw none()
      return a
    case 'student':
      if (a.graduate_id !== user.graduateId) throw none()
      return a
    case 'school':
      if (a.school_id !== user.schoolId) throw none()
      return a
    case 'department': {
      if (a.school_id !== user.schoolId) throw none()
      const g = await deps.db
        .selectFrom('graduates')
        .select('department_id')
        .where('id', '=', a.graduate_id)
        .executeTakeFirst()
      if (!g || g.department_id !== user.departmentId) throw none()
      return a
    }
  }
  throw none()
}

// ---------------------------------------------------------------------------------------------
// Writing: one move, one batch.

export interface CommitArgs {
  user: Pick<CurrentUser, 'id' | 'username' | 'schoolId' | 'role'>
  a: Agreement
  move: AgreementMove
  next: AgreementState
  reason?: string | null
  set?: Partial<Record<keyof Agreement, unknown>>
  extra?: Compilable[]
}

const actorUserId = (u: Pick<CurrentUser, 'id' | 'role'>) => (u.role === 'employer' ? null : u.id)

function moveStatements(deps: AppDeps, c: CommitArgs): Compilable[] {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  return [
    db
      .updateTable('agreements')
      .set({
        status: c.next.status,
        review_stage: c.next.stage,
        protocol_approved: c.next.protocolApproved ? 1 : 0,
        rescission_stage: c.next.rescission,
        version: c.a.version + 1,
        updated_at: at,
        ...(c.set as object),
      })
      .where('id', '=', c.a.id)
      .where('version', '=', c.a.version),
    db.insertInto('agreement_events').values({
      agreement_id: sql<number>`CASE WHEN changes() = 1 THEN ${c.a.id} ELSE NULL END`,
      at,
      actor_user_id: actorUserId(c.user),
      actor: c.user.username,
      from_status: c.a.status,
      to_status: c.next.status,
      reason: c.reason ?? null,
    }),
    auditInsert(db, now, c.user, {
      action: `agreement.${c.move}`,
      target: `agreement:${c.a.id}`,
      detail: { from: c.a.status, to: c.next.status },
    }),
    ...(c.extra ?? []),
  ]
}

const AGREEMENT_GUARD = /NOT NULL constraint failed: agreement_events\.agreement_id/
const ONE_BINDING = /UNIQUE constraint failed: agreements\.graduate_id/
const TAKEN_NUMBER = /UNIQUE constraint failed: agreements\.agreement_no/

/** Runs a batch of agreement statements, mapping a lost race to 409. */
export async function runBatch(deps: AppDeps, statements: Compilable[]) {
  try {
    return await deps.batch(statements)
  } catch (e) {
    const msg = String((e as Error)?.message ?? e)
    if (AGREEMENT_GUARD.test(msg) || isGuardFailure(e)) throw conflict('协议已被他人处理或已变化，请刷新后重试')
    if (ONE_BINDING.test(msg)) throw conflict('该毕业生已有一份进行中或已生效的就业协议，不能再签约')
    if (TAKEN_NUMBER.test(msg)) throw conflict('协议编号已被另一份协议使用，请核对纸质协议书上的编号')
    throw e
  }
}

export async function reload(db: Db, id: number) {
  return db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export function orThrow(r: ReturnType<typeof nextState>): AgreementState {
  if (!r.ok) throw new AppError(r.code, r.message, r.field ? { field: r.field } : {})
  return r.state
}

export const actorOf = (u: CurrentUser): AgreementActor => u.role as AgreementActor

/**
 * Notifications (contract §7), the one call site for every agreement move: the graduate is told
 * of every decision on their agreement, in the move's own batch (src/notifications/service.ts).
 * The employer's notices ("its answer", "every decision … the employer where there is one") have
 * no recipient yet: the inbox is keyed on `users`, and employers are accounts of their own
 * (migration 0004) — they see the answer and the decision in their own agreement list.
 */
function notificationStatements(deps: AppDeps, c: CommitArgs): Compilable[] {
  const notice = noticeOf(c)
  if (!notice) return []
  return notify(deps, toGraduate(c.a.graduate_id, c.user.role === 'student' ? c.user.id : null), notice)
}

function noticeOf(c: CommitArgs): Notice | null {
  const unit = (JSON.parse(c.a.unit) as Unit).name
  const link = '/me/agreements'
  const why = c.reason ? `原因：${c.reason}` : ''
  switch (c.move) {
    case 'approve':
      if (c.next.status === 'in_force')
        return {
          kind: 'agreement.decision',
          title: '就业协议已鉴证生效',
          body: `您与${unit}的就业协议已通过学校鉴证，已生效。`,
          link,
        }
      if (c.next.status === 'awaiting_stamp')
        return {
          kind: 'agreement.decision',
          title: '就业协议审核通过，请打印盖章后回传',
          body: `您与${unit}的就业协议已通过协议审核，请下载协议书，由单位盖章后上传图像。`,
          link,
        }
      return null
    case 'return':
      return {
        kind: 'agreement.decision',
        title: '就业协议被退回修改',
        body: `您与${unit}的就业协议被退回修改。${why}`,
        link,
      }
    case 'reject':
      return {
        kind: 'agreement.decision',
        title: '就业协议审核不通过',
        body: `您与${unit}的就业协议审核不通过。${why}`,
        link,
      }
    case 'withdraw_invitation':
      return { kind: 'agreement.invitation', title: '签约邀请已撤回', body: `${unit}撤回了对您的签约邀请。`, link }
    case 'request_rescission':
    case 'accept_rescission':
    case 'decline_rescission':
    case 'approve_rescission':
    case 'return_rescission':
    case 'reject_rescission':
    case 'force_rescind':
      return {
        kind: 'agreement.rescission',
        title: `解约：${MOVE_NAMES[c.move]}`,
        body: `您与${unit}的就业协议：${MOVE_NAMES[c.move]}。${why}`,
        link,
      }
    case 'modify':
      return {
        kind: 'agreement.decision',
        title: '就业协议信息已由学校修改',
        body: `您与${unit}的就业协议信息已由学校修改，毕业去向已同步更新。${why}`,
        link,
      }
    case 'void':
      return {
        kind: 'agreement.decision',
        title: '就业协议已被学校作废',
        body: `您与${unit}的就业协议已被学校作废。${why}`,
        link,
      }
    default:
      return null
  }
}

export async function commit(deps: AppDeps, c: CommitArgs): Promise<Agreement> {
  await runBatch(deps, [...moveStatements(deps, c), ...notificationStatements(deps, c)])
  return reload(deps.db, c.a.id)
}

// ---------------------------------------------------------------------------------------------
// 失效: an invitation not answered by expiresAt. The answer itself enforces it (`answer`); this
// sweep also marks the ones nobody answered, with their event rows, when lists are read.

async function expireDue(deps: AppDeps, where: { schoolId?: number; graduateId?: number; employerId?: number }) {
  const { db } = deps
  const at = deps.now().toISOString()
  let due = db
    .selectFrom('agreements')
    .select(['id', 'version'])
    .where('status', '=', 'invited')
    .where('expires_at', '<=', at)
  if (where.schoolId) due = due.where('school_id', '=', where.schoolId)
  if (where.graduateId) due = due.where('graduate_id', '=', where.graduateId)
  if (where.employerId) due = due.where('employer_id', '=', where.employerId)
  const rows = await due.limit(500).execute()
  for (const r of rows) {
    const a = await reload(db, r.id)
    const next = nextState(stateOf(a), 'expire', { actor: 'school', mode: '仅校级审核' })
    if (!next.ok) continue
    try {
      await runBatch(
        deps,
        moveStatements(deps, { user: SYSTEM, a, move: 'expire', next: next.state, reason: '逾期未应约' }),
      )
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'conflict')) throw e
    }
  }
}

const SYSTEM = { id: 0, username: 'system', schoolId: 0, role: 'school' as const }

// ---------------------------------------------------------------------------------------------
// Online signing.

export interface InvitationInput {
  studentName: string
  idNumber: string
  school: string
  job: Record<string, unknown>
  archiveTransfer?: string | null
  hukouTransfer?: string | null
  terms?: string | null
  responseDays: number
}

export async function invite(deps: AppDeps, user: CurrentUser, input: InvitationInput): Promise<Agreement> {
  const e = await myEmployer(deps, user)
  const g = await findGraduateFor(deps, input.studentName, input.idNumber, input.school)
  const settings = await signingSettings(deps.db, g.school_id)
  if (!settings.onlineSigning) throw conflict('该校尚未开启在线签约')
  const job = checkJob(input.job, { complete: true })
  if (!Number.isInteger(input.responseDays) || input.responseDays < 1 || input.responseDays > MAX_RESPONSE_DAYS)
    throw new AppError('validation_error', `应约有效期：应为 1–${MAX_RESPONSE_DAYS} 天`, { field: 'responseDays' })
  const now = deps.now()
  const at = now.toISOString()
  const expiresAt = new Date(now.getTime() + input.responseDays * 86_400_000).toISOString()
  const { db } = deps
  const res = await runBatch(deps, [
    db.insertInto('agreements').values({
      school_id: g.school_id,
      graduate_id: g.id,
      employer_id: e.id,
      kind: 'online',
      status: 'invited',
      unit: JSON.stringify(unitOf(e)),
      job: JSON.stringify(job),
      archive_transfer: input.archiveTransfer?.trim() || null,
      hukou_transfer: input.hukouTransfer?.trim() || null,
      terms: input.terms?.trim() || null,
      expires_at: expiresAt,
      created_at: at,
      updated_at: at,
    }),
    db.insertInto('agreement_events').values({
      agreement_id: sql<number>`last_insert_rowid()`,
      at,
      actor_user_id: null,
      actor: user.username,
      from_status: null,
      to_status: 'invited',
      reason: null,
    }),
    auditInsert(db, now, user, { action: 'agreement.invite', target: `graduate:${g.id}` }),
    ...notify(deps, toGraduate(g.id), {
      kind: 'agreement.invitation',
      title: `${e.name}向您发出签约邀请`,
      body: `${e.name}邀请您签订就业协议（岗位：${job.title}），请在 ${formatCst(new Date(expiresAt)).slice(0, 16).replace('T', ' ')}（北京时间）前回应。`,
      link: '/me/agreements',
    }),
  ])
  void res
  // The newest invitation of this employer to this graduate is the one just written (D1's batch
  // results do not carry an insert id on every driver, so it is read back).
  return db
    .selectFrom('agreements')
    .selectAll()
    .where('graduate_id', '=', g.id)
    .where('employer_id', '=', e.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
}

export async function withdrawInvitation(deps: AppDeps, user: CurrentUser, id: number) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const next = orThrow(nextState(stateOf(a), 'withdraw_invitation', { actor: actorOf(user), mode }))
  return commit(deps, { user, a, move: 'withdraw_invitation', next, reason: '单位撤回邀请' })
}

/**
 * The graduate's answer. Expiry is enforced here, at the moment of the answer (seed 004 §2.3 (2)
 * "逾期未回应，该签约邀请失效"): past expiresAt the invitation is stored as `expired` and the
 * answer is refused with 409, whatever a timer did or did not do.
 */
export async function answer(deps: AppDeps, user: CurrentUser, id: number, ans: 'accept' | 'decline') {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  if (a.status === 'invited' && isExpired(a.expires_at, deps.now())) {
    const next = orThrow(nextState(stateOf(a), 'expire', { actor: 'student', mode }))
    try {
      await commit(deps, { user, a, move: 'expire', next, reason: '逾期未应约' })
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'conflict')) throw e
    }
    throw conflict('该签约邀请已过应约截止时间，已失效')
  }
  const move = ans === 'accept' ? 'accept' : 'decline'
  const next = orThrow(nextState(stateOf(a), move, { actor: 'student', mode }))
  if (move === 'accept') await assertCanSign(deps, a.graduate_id)
  return commit(deps, { user, a, move, next, reason: ans === 'accept' ? '毕业生接受邀请' : '毕业生拒绝邀请' })
}

/** A graduate bound by an agreement (contract §5) or in the middle of a 解约 cannot sign another. */
export async function assertCanSign(deps: AppDeps, graduateId: number, except?: number) {
  let q = deps.db
    .selectFrom('agreements')
    .select(['status'])
    .where('graduate_id', '=', graduateId)
    .where('status', 'in', [...BINDING])
  if (except !== undefined) q = q.where('id', '!=', except)
  const binding = await q.executeTakeFirst()
  if (binding?.status === 'rescinding') throw conflict('正在解约中，解约完成前不能再签约')
  if (binding) throw conflict('您已有一份进行中或已生效的就业协议，只能与一家单位签约')
}

// ---------------------------------------------------------------------------------------------
// The school's 鉴证 / 审核.

const agreementNo = customAlphabet('0123456789', 10)

/** 签就业协议书就业 as the registration stores it, from the agreement's unit and job. */
function destinationOf(a: Agreement) {
  const unit = JSON.parse(a.unit) as Unit
  const job = JSON.parse(a.job) as Job
  return {
    type: '签就业协议书就业' as const,
    unitName: unit.name,
    unitCreditCode: unit.creditCode,
    unitNature: unit.nature,
    unitIndustry: unit.industry,
    unitLocation: unit.location,
    jobCategory: job.category,
    // The national form's 单位信息 (seed 004 §2.1), carried from the agreement: one 单位联系电话
    // is kept; a mobile number (1 and ten digits) goes to 联系人手机, any other to 联系人电话.
    jobTitle: job.title,
    contactName: unit.contact,
    contactPhone: MOBILE_RE.test(unit.phone) ? null : unit.phone,
    contactMobile: MOBILE_RE.test(unit.phone) ? unit.phone : null,
    contactEmail: unit.email,
    salary: job.salary,
    penalty: job.penalty,
    school: null,
    country: null,
  }
}

export async function decide(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: 'approve' | 'return' | 'reject',
  reason: string | null,
) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  if (decision !== 'approve' && !reason)
    throw new AppError('validation_error', '原因：退回或不通过须填写原因及具体问题', { field: 'reason' })
  const next = orThrow(nextState(stateOf(a), decision, { actor: actorOf(user), mode }))
  const set: Partial<Record<keyof Agreement, unknown>> = {}
  let extra: Compilable[] = []
  if (next.status === 'in_force') {
    const school = await deps.db
      .selectFrom('schools')
      .select('code')
      .where('id', '=', a.school_id)
      .executeTakeFirstOrThrow()
    // 补登: the number printed on the paper; the others get one of ours.
    set.agreement_no =
      a.agreement_no ??
      a.paper_no ??
      agreementNumber(Number(deps.now().toISOString().slice(0, 4)), school.code, agreementNo())
    set.in_force_at = deps.now().toISOString()
    extra = await agreementDestinationStatements(deps, {
      user,
      graduateId: a.graduate_id,
      destination: destinationOf(a),
      reason: '就业协议鉴证通过',
    })
  }
  return commit(deps, { user, a, move: decision, next, reason: reason ?? null, set, extra })
}

// ---------------------------------------------------------------------------------------------
// Lists.

export interface SchoolListFilters {
  status?: AgreementStatus
  kind?: Agreement['kind']
  initiator?: 'employer' | 'student'
  department?: string
  education?: string
  major?: string
  q?: string
  agreementNo?: string
  studentNo?: string
  unit?: string
  awaiting?: boolean
  /** One of the home page's pending queues (pendingCounts' parts), so a count opens its own list. */
  queue?: PendingQueue
  /** 届: the graduate's year of 毕业时间. */
  cohort?: number
  page?: number
  pageSize?: number
}

/** The queues of pendingCounts: 协议审核, 签约鉴证 (stamped scans and 补登), 学生已同意签约, 解约审核. */
export const PENDING_QUEUES = ['protocol', 'signing', 'accepted', 'rescission'] as const
type PendingQueue = (typeof PENDING_QUEUES)[number]

/** 在线签约管理 (seed 004 §2.3 (4)) with the national filters: 发起方, 状态, 院系, 学历, 专业, 姓名, 协议编号, 学号, 单位. */
export async function listForStaff(deps: AppDeps, user: CurrentUser, f: SchoolListFilters) {
  await expireDue(deps, { schoolId: user.schoolId })
  const { db } = deps
  let q = db
    .selectFrom('agreements')
    .innerJoin('graduates', 'graduates.id', 'agreements.graduate_id')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .where('agreements.school_id', '=', user.schoolId)
  if (user.role === 'department') q = q.where('graduates.department_id', '=', user.departmentId ?? -1)
  if (f.status) q = q.where('agreements.status', '=', f.status)
  if (f.kind) q = q.where('agreements.kind', '=', f.kind)
  if (f.initiator === 'employer') q = q.where('agreements.kind', '=', 'online')
  if (f.initiator === 'student') q = q.where('agreements.kind', '!=', 'online')
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.education) q = q.where('graduates.education_code', '=', f.education)
  if (f.major)
    q = q.where((eb) =>
      eb.or([eb('graduates.major_name', 'like', likeContains(f.major!)), eb('graduates.major_code', '=', f.major!)]),
    )
  if (f.q) q = q.where('graduates.name', 'like', likeContains(f.q))
  if (f.agreementNo) q = q.where('agreements.agreement_no', '=', f.agreementNo.trim())
  if (f.studentNo) q = q.where('graduates.student_no', '=', f.studentNo.trim())
  if (f.unit) q = q.where(sql<string>`json_extract(agreements.unit, '$.name')`, 'like', likeContains(f.unit))
  q = whereCohort(q, f.cohort)
  if (f.queue === 'protocol')
    q = q.where('agreements.status', '=', 'submitted').where('agreements.kind', '=', 'offline')
  if (f.queue === 'signing')
    q = q.where((eb) =>
      eb.or([
        eb('agreements.status', '=', 'stamp_submitted'),
        eb.and([eb('agreements.status', '=', 'submitted'), eb('agreements.kind', '=', 'paper')]),
      ]),
    )
  if (f.queue === 'accepted') q = q.where('agreements.status', '=', 'awaiting_review')
  if (f.queue === 'rescission') q = q.where('agreements.status', '=', 'rescinding')
  if (f.awaiting) {
    const stage = user.role === 'department' ? 'department' : 'school'
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('agreements.status', 'in', [...UNDER_REVIEW]), eb('agreements.review_stage', '=', stage)]),
        eb.and([eb('agreements.status', '=', 'rescinding'), eb('agreements.rescission_stage', '=', stage)]),
      ]),
    )
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0)
  const pageSize = Math.min(f.pageSize ?? 20, 100)
  const page = Math.max(1, f.page ?? 1)
  const rows = await q
    .select([
      'agreements.id',
      'agreements.kind',
      'agreements.status',
      'agreements.agreement_no',
      'agreements.unit',
      'agreements.review_stage',
      'agreements.rescission_stage',
      'agreements.expires_at',
      'agreements.updated_at',
      'agreements.school_id',
      'graduates.id as graduate_id',
      'graduates.name',
      'graduates.student_no',
      'graduates.major_name',
      'graduates.education_code',
      'departments.name as department',
    ])
    .orderBy('agreements.updated_at', 'desc')
    .orderBy('agreements.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  const items = []
  for (const r of rows) {
    const unit = JSON.parse(r.unit) as Unit
    items.push({
      id: r.id,
      kind: r.kind,
      initiator: r.kind === 'online' ? ('employer' as const) : ('student' as const),
      status: r.status,
      agreementNo: r.agreement_no,
      graduateId: r.graduate_id,
      name: r.name,
      studentNo: r.student_no,
      department: r.department,
      major: r.major_name,
      education: r.education_code,
      unitName: unit.name,
      expiresAt: r.expires_at,
      updatedAt: r.updated_at,
      warning: await warningFor(db, r.school_id, unit.creditCode),
      awaitingYou: awaitsReviewer(
        { status: r.status, stage: r.review_stage, rescission: r.rescission_stage },
        user.role === 'department' ? 'department' : 'school',
      ),
    })
  }
  return { items, total, page, pageSize }
}

export async function listForGraduate(deps: AppDeps, user: CurrentUser) {
  if (!user.graduateId) throw forbidden('仅限毕业生')
  await expireDue(deps, { graduateId: user.graduateId })
  const rows = await deps.db
    .selectFrom('agreements')
    .selectAll()
    .where('graduate_id', '=', user.graduateId)
    .orderBy('id', 'desc')
    .execute()
  const items = []
  for (const a of rows) items.push(await agreementJson(deps.db, a))
  return { items }
}

export async function listForEmployer(deps: AppDeps, user: CurrentUser, status?: AgreementStatus) {
  const e = await myEmployer(deps, user)
  await expireDue(deps, { employerId: e.id })
  let q = deps.db.selectFrom('agreements').selectAll().where('employer_id', '=', e.id)
  if (status) q = q.where('status', '=', status)
  const rows = await q.orderBy('id', 'desc').limit(500).execute()
  const items = []
  for (const a of rows) items.push(await agreementJson(deps.db, a))
  return { items, total: items.length }
}

/**
 * The home page's counts (seed 004 §2.3 (4) screenshot): 待审核总数 and its three parts —
 * 就业协议审核 (offline, first review), 签约鉴证 (stamped scans and 补登), 学生已同意签约
 * (online, accepted) — each waiting for this user's level; and 失效信息 (expired invitations).
 * Of one 届 when given (the page's), else of every 届.
 */
export async function pendingCounts(deps: AppDeps, user: CurrentUser, cohort?: number) {
  await expireDue(deps, { schoolId: user.schoolId })
  const stage = user.role === 'department' ? 'department' : 'school'
  let q = deps.db
    .selectFrom('agreements')
    .innerJoin('graduates', 'graduates.id', 'agreements.graduate_id')
    .where('agreements.school_id', '=', user.schoolId)
  if (user.role === 'department') q = q.where('graduates.department_id', '=', user.departmentId ?? -1)
  q = whereCohort(q, cohort)
  const rows = await q
    .select(['agreements.kind', 'agreements.status', 'agreements.review_stage', 'agreements.rescission_stage'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['agreements.kind', 'agreements.status', 'agreements.review_stage', 'agreements.rescission_stage'])
    .execute()
  const out = { total: 0, protocolReview: 0, signingReview: 0, accepted: 0, rescissions: 0, expired: 0 }
  for (const r of rows) {
    const n = Number(r.n)
    if (r.status === 'expired') out.expired += n
    if (r.status === 'rescinding' && r.rescission_stage === stage) out.rescissions += n
    if (r.review_stage !== stage) continue
    if (r.status === 'awaiting_review') out.accepted += n
    else if (r.status === 'submitted' && r.kind === 'offline') out.protocolReview += n
    else if (r.status === 'stamp_submitted' || (r.status === 'submitted' && r.kind === 'paper')) out.signingReview += n
  }
  out.total = out.protocolReview + out.signingReview + out.accepted
  return out
}

// ---------------------------------------------------------------------------------------------
// The school ends an agreement in force (issue 16 items 3 and 4).

/**
 * 强制解约 (seed 004 §2.4 (4), §2.7 (3)): for a unit that never answers or cannot give a 解约函,
 * "该功能仅对学校用户开放，院系用户无此功能" — school-role users with info `rw` only (the route's
 * guard and the state machine both refuse a 院系 user). The 情况说明 is recorded; the graduate's
 * employment data is cleared in the same batch (档案 and 户口 stay).
 */
export async function forceRescind(deps: AppDeps, user: CurrentUser, id: number, reason: string, note: string | null) {
  return endInForce(deps, user, id, 'force_rescind', reason, note)
}

/** 作废 by the school (seed 004 §2.3 (4)): the agreement is voided and the employment data cleared. */
export async function voidAgreement(deps: AppDeps, user: CurrentUser, id: number, reason: string) {
  return endInForce(deps, user, id, 'void', reason, null)
}

async function endInForce(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  move: 'force_rescind' | 'void',
  reason: string,
  note: string | null,
) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const next = orThrow(nextState(stateOf(a), move, { actor: actorOf(user), mode }))
  const extra = await agreementDestinationStatements(deps, {
    user,
    graduateId: a.graduate_id,
    destination: null,
    reason: move === 'void' ? '就业协议被学校作废' : '学校强制解约',
  })
  const set: Partial<Record<keyof Agreement, unknown>> =
    move === 'force_rescind'
      ? {
          rescission: JSON.stringify({
            by: 'school',
            reason,
            note,
            at: deps.now().toISOString(),
            forced: true,
          } satisfies Rescission),
        }
      : {}
  return commit(deps, { user, a, move, next, reason: note ? `${reason}：${note}` : reason, set, extra })
}

export interface ModifyInput {
  unit?: Record<string, unknown> | null
  job?: Record<string, unknown> | null
  archiveTransfer?: string | null
  hukouTransfer?: string | null
  reason?: string | null
}

/** Fields of the unit the school never changes, and those a registered employer keeps as its own. */
const FIXED_UNIT_FIELDS = ['name', 'creditCode'] as const
const EMPLOYER_OWN_FIELDS = ['nature', 'industry', 'location', 'address'] as const

/**
 * 修改 by the school (contract §5 `PUT /api/v1/agreements/{id}`; seed 004 §2.3 (4)) of an agreement
 * in force: the job and the unit's contact fields. 单位名称 and 统一社会信用代码 never change (a
 * different unit is a different agreement: 解约 and sign again); the nature, industry, location and
 * address of a registered employer are the employer's own (it keeps them in its account), so the
 * school may change them only on an offline or paper agreement. The graduate's registration is
 * rewritten from the changed agreement in the same batch (version + 1, so the confirmation
 * returns to 未确认 and a transfer number becomes stale).
 */
export async function modifyAgreement(deps: AppDeps, user: CurrentUser, id: number, input: ModifyInput) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const next = orThrow(nextState(stateOf(a), 'modify', { actor: actorOf(user), mode }))
  const stored = JSON.parse(a.unit) as Unit
  const given = input.unit ?? {}
  const locked: readonly string[] =
    a.employer_id !== null ? [...FIXED_UNIT_FIELDS, ...EMPLOYER_OWN_FIELDS] : FIXED_UNIT_FIELDS
  for (const f of locked) {
    const v = given[f]
    if (v === undefined || v === null || String(v).trim() === String(stored[f as keyof Unit] ?? '')) continue
    const label = UNIT_LABELS[f as keyof Unit]
    throw new AppError(
      'validation_error',
      (FIXED_UNIT_FIELDS as readonly string[]).includes(f)
        ? `${label}：不能修改（如单位有误，请解约后重新签约）`
        : `${label}：由用人单位在本单位信息中维护，学校不能修改`,
      { field: `unit.${f}` },
    )
  }
  const merged = checkUnit({ ...stored, ...given })
  if (!merged.ok) throw new AppError('validation_error', merged.issue.message, { field: `unit.${merged.issue.field}` })
  const job = checkJob({ ...(JSON.parse(a.job) as Job), ...(input.job ?? {}) }, { complete: true })
  const set: Partial<Record<keyof Agreement, unknown>> = {
    unit: JSON.stringify(merged.value),
    job: JSON.stringify(job),
    ...(input.archiveTransfer !== undefined ? { archive_transfer: input.archiveTransfer?.trim() || null } : {}),
    ...(input.hukouTransfer !== undefined ? { hukou_transfer: input.hukouTransfer?.trim() || null } : {}),
  }
  const extra = await agreementDestinationStatements(deps, {
    user,
    graduateId: a.graduate_id,
    destination: destinationOf({ ...a, unit: set.unit as string, job: set.job as string }),
    reason: '学校修改就业协议',
  })
  return commit(deps, { user, a, move: 'modify', next, reason: input.reason?.trim() || '学校修改协议信息', set, extra })
}

/** The employer's home page: what waits (邀请中, 等待学校审核), what is in force, and whether its school signs online. */
export async function employerCounts(deps: AppDeps, user: CurrentUser) {
  const e = await myEmployer(deps, user)
  await expireDue(deps, { employerId: e.id })
  const rows = await deps.db
    .selectFrom('agreements')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('employer_id', '=', e.id)
    .groupBy('status')
    .execute()
  const n = (s: AgreementStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  return {
    invited: n('invited'),
    awaiting: n('awaiting_review'),
    inForce: n('in_force'),
    onlineSigning: (await signingSettings(deps.db, e.school_id)).onlineSigning,
  }
}

/**
 * The graduate's agreements with what may be answered (seed 004 §2.3 (2) 注意①): an invitation
 * still before its 应约截止时间, while no other agreement binds the graduate. The answer itself
 * enforces both again (`answer`); this only decides which buttons a page shows.
 */
export async function myAgreements(deps: AppDeps, user: CurrentUser) {
  const { items } = await listForGraduate(deps, user)
  const bound = items.some((a) => BINDING.includes(a.status))
  const now = deps.now()
  const canAnswer = (a: AgreementJson) => a.status === 'invited' && !bound && !isExpired(a.expiresAt, now)
  return { items, bound, canAnswer }
}

/**
 * What the graduate's home page shows of agreements, from one read of their list: the invitations
 * still waiting for an answer (seed 004 §2.3 (2)), and the agreement that binds them — else a draft
 * or a returned one of their own — with its status and next step (issue 16 item 6).
 */
export async function agreementsForHome(deps: AppDeps, user: CurrentUser) {
  const { items, canAnswer } = await myAgreements(deps, user)
  const invitations = items
    .filter((a) => a.status === 'invited' && !isExpired(a.expiresAt, deps.now()))
    .map((a) => ({
      id: a.id,
      unitName: a.unit.name,
      jobTitle: a.job.title,
      expiresAt: a.expiresAt,
      canAnswer: canAnswer(a),
    }))
  const a =
    items.find((x) => BINDING.includes(x.status)) ?? items.find((x) => x.status === 'draft' || x.status === 'returned')
  const agreement = a
    ? {
        id: a.id,
        kind: a.kind,
        unitName: a.unit.name,
        status: a.status,
        nextStep: graduateNextStep(
          {
            kind: a.kind,
            status: a.status,
            stage: a.reviewStage,
            protocolApproved: a.protocolApproved,
            rescission: a.rescissionStage,
          },
          { hasScan: a.files.some((f) => f.purpose === 'scan'), canAnswer: false },
        ),
      }
    : null
  return { invitations, agreement }
}

export { warningFor }
