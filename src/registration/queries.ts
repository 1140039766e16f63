/**
 * Registration queries: loading a registration with its events and proof files, the reviewers'
 * list, and the JSON shape of contract §4.3. Every query takes `db` first; staff reads go through
 * `scopeGraduates`, so a department user never sees another 院系's graduates.
 */
import { likeContains } from '../db/like.js'
import { whereCohort } from '../db/cohorts.js'
import { sql } from 'kysely'
import type { Db, Graduate, Registration, RegistrationSource, RegistrationStatus } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { scopeGraduates } from '../middleware/auth.js'
import { notFound } from '../errors.js'
import type {
  AttachmentInfo,
  AttachmentPart,
  GraduateSummary,
  HoldingAgreementStatus,
  ListItem,
  RegistrationEvent,
  RegistrationJson,
  ReviewMode,
} from '../domain/registration/index.js'
import { HOLDING_AGREEMENT_STATUSES, IN_FLIGHT, REVIEW_MODES, contentOf } from '../domain/registration/index.js'
import { maskIdCard } from '../domain/id-card.js'

/** Re-exported for the feature's own modules; the parsing is the domain's (one helper). */
export { contentOf }
export type { AttachmentInfo, GraduateSummary, ListItem, RegistrationJson }

async function loadEvents(db: Db, registrationId: number): Promise<RegistrationEvent[]> {
  const rows = await db
    .selectFrom('registration_events')
    .select(['at', 'actor', 'from_status', 'to_status', 'reason'])
    .where('registration_id', '=', registrationId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    at: r.at,
    by: r.actor,
    from: (r.from_status as RegistrationStatus | null) ?? null,
    to: r.to_status as RegistrationStatus,
    reason: r.reason,
  }))
}

/** A registration's files, every part's (or one part's), oldest first. */
export async function loadAttachments(
  db: Db,
  registrationId: number,
  part?: AttachmentPart,
): Promise<AttachmentInfo[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .$if(part !== undefined, (q) => q.where('part', '=', part!))
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((a) => ({
    id: a.id,
    part: a.part,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    createdAt: a.created_at,
  }))
}

export async function countAttachments(db: Db, registrationId: number, part: AttachmentPart): Promise<number> {
  const r = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registration_id', '=', registrationId)
    .where('part', '=', part)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * The agreement that holds the graduate's destination (in force or 解约中), if any — read here, not
 * through src/agreements/ (which imports this feature's service: that would be a cycle). Every way
 * an agreement comes to hold a destination or lets it go (in force, 解约, 作废) writes the
 * registration in the same batch (registration/service.ts agreementDestinationStatements), so a
 * registration move guarded on the version it saw cannot race past one.
 */
export async function holdingAgreement(
  db: Db,
  graduateId: number,
): Promise<{ id: number; status: HoldingAgreementStatus } | null> {
  const a = await db
    .selectFrom('agreements')
    .select(['id', 'status'])
    .where('graduate_id', '=', graduateId)
    .where('status', 'in', HOLDING_AGREEMENT_STATUSES)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return a ? { id: a.id, status: a.status as HoldingAgreementStatus } : null
}

/** The school's graduates whose destination an agreement holds (for the import, loaded once). */
export async function graduatesHeldByAgreement(db: Db, schoolId: number): Promise<Map<number, HoldingAgreementStatus>> {
  const rows = await db
    .selectFrom('agreements')
    .select(['graduate_id', 'status'])
    .where('school_id', '=', schoolId)
    .where('status', 'in', HOLDING_AGREEMENT_STATUSES)
    .execute()
  return new Map(rows.map((r) => [r.graduate_id, r.status as HoldingAgreementStatus]))
}

export async function toJson(db: Db, reg: Registration): Promise<RegistrationJson> {
  const [events, attachments] = await Promise.all([loadEvents(db, reg.id), loadAttachments(db, reg.id)])
  return {
    id: reg.id,
    graduateId: reg.graduate_id,
    status: reg.status,
    source: reg.source,
    version: reg.version,
    ...contentOf(reg),
    submittedAt: reg.submitted_at,
    approvedAt: reg.approved_at,
    updatedAt: reg.updated_at,
    events,
    attachments,
  }
}

export async function registrationOfGraduate(db: Db, graduateId: number): Promise<Registration | null> {
  return (
    (await db.selectFrom('registrations').selectAll().where('graduate_id', '=', graduateId).executeTakeFirst()) ?? null
  )
}

export async function graduateById(db: Db, graduateId: number): Promise<Graduate | null> {
  return (await db.selectFrom('graduates').selectAll().where('id', '=', graduateId).executeTakeFirst()) ?? null
}

/** A graduate the staff user may see (404 otherwise: never reveal another 院系's graduate). */
export async function scopedGraduate(
  db: Db,
  user: CurrentUser,
  graduateId: number,
): Promise<Graduate & { department: string }> {
  const g = await scopeGraduates(
    db
      .selectFrom('graduates')
      .innerJoin('departments', 'departments.id', 'graduates.department_id')
      .selectAll('graduates')
      .select('departments.name as department'),
    user,
  )
    .where('graduates.id', '=', graduateId)
    .executeTakeFirst()
  if (!g) throw notFound('没有找到这名毕业生')
  return g as Graduate & { department: string }
}

/** A registration the staff user may see, with its graduate (404 otherwise). */
export async function scopedRegistration(
  db: Db,
  user: CurrentUser,
  id: number,
): Promise<{ reg: Registration; graduate: GraduateSummary }> {
  const row = await scopeGraduates(
    db
      .selectFrom('registrations')
      .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
      .innerJoin('departments', 'departments.id', 'graduates.department_id')
      .selectAll('registrations')
      .select([
        'graduates.name as g_name',
        'graduates.student_no as g_student_no',
        'graduates.id_card as g_id_card',
        'graduates.major_name as g_major',
        'graduates.education_code as g_education',
        'graduates.training_mode_code as g_training_mode',
        'graduates.targeted_unit as g_targeted_unit',
        'graduates.origin_code as g_origin',
        'graduates.graduation_time as g_graduation_time',
        'graduates.phone as g_phone',
        'graduates.school_id as g_school_id',
        'graduates.department_id as g_department_id',
        'departments.name as g_department',
      ]),
    user,
  )
    .where('registrations.id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('没有找到这条登记')
  const {
    g_name,
    g_student_no,
    g_id_card,
    g_major,
    g_education,
    g_training_mode,
    g_targeted_unit,
    g_origin,
    g_graduation_time,
    g_phone,
    g_school_id,
    g_department_id,
    g_department,
    ...reg
  } = row
  return {
    reg: reg as Registration,
    graduate: {
      id: reg.graduate_id,
      name: g_name,
      studentNo: g_student_no,
      idCardMasked: maskIdCard(g_id_card),
      major: g_major,
      education: g_education,
      trainingMode: g_training_mode,
      targetedUnit: g_targeted_unit,
      origin: g_origin,
      graduationTime: g_graduation_time,
      phone: g_phone,
      schoolId: g_school_id,
      departmentId: g_department_id,
      department: g_department,
    },
  }
}

/** How many of the school's registrations are in the middle of a review (submitted, department-approved). */
export async function countInFlight(db: Db, schoolId: number): Promise<number> {
  const r = await db
    .selectFrom('registrations')
    .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('graduates.school_id', '=', schoolId)
    .where('registrations.status', 'in', IN_FLIGHT)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * The 院系 that have graduates on the roster but no enabled 院系 account with 基本信息和就业信息
 * 读写 — who would review their registrations under 先院系再校级审核 (seed 004, 2.2 ②). A query,
 * so the mode's UPDATE can carry it as its condition.
 */
export function departmentsWithoutReviewer(db: Db, schoolId: number) {
  return db
    .selectFrom('departments as d')
    .select('d.name')
    .where('d.school_id', '=', schoolId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('graduates as g')
          .select('g.id')
          .whereRef('g.department_id', '=', 'd.id')
          .where('g.withdrawn_at', 'is', null),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('users as u')
            .select('u.id')
            .whereRef('u.department_id', '=', 'd.id')
            .where('u.role', '=', 'department')
            .where('u.counsellor', '=', 0)
            .where('u.perm_info', '=', 'rw')
            .where('u.disabled_at', 'is', null),
        ),
      ),
    )
    .orderBy('d.name')
}

export async function reviewMode(db: Db, schoolId: number): Promise<ReviewMode> {
  const s = await db.selectFrom('schools').select('review_mode').where('id', '=', schoolId).executeTakeFirstOrThrow()
  return (REVIEW_MODES as readonly string[]).includes(s.review_mode) ? (s.review_mode as ReviewMode) : '仅校级审核'
}

export interface ListFilters {
  status?: RegistrationStatus[]
  department?: string
  major?: string
  education?: string
  type?: string
  source?: RegistrationSource
  submittedSince?: string
  /** 届: the year of 毕业时间. */
  cohort?: number
  q?: string
  page: number
  pageSize: number
}

/** The reviewers' list, filtered in the database and paged. */
export async function listRegistrations(
  db: Db,
  user: CurrentUser,
  f: ListFilters,
): Promise<{ items: ListItem[]; total: number }> {
  let q = scopeGraduates(
    db
      .selectFrom('registrations')
      .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
      .innerJoin('departments', 'departments.id', 'graduates.department_id'),
    user,
  )
  if (f.status?.length) q = q.where('registrations.status', 'in', f.status)
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.major)
    q = q.where((eb) =>
      eb.or([eb('graduates.major_code', '=', f.major!), eb('graduates.major_name', 'like', likeContains(f.major!))]),
    )
  if (f.education) q = q.where('graduates.education_code', '=', f.education)
  if (f.type) q = q.where(sql<string>`json_extract(registrations.destination, '$.type')`, '=', f.type)
  if (f.source) q = q.where('registrations.source', '=', f.source)
  if (f.submittedSince) q = q.where('registrations.submitted_at', '>=', f.submittedSince)
  q = whereCohort(q, f.cohort)
  if (f.q) {
    const term = f.q.trim()
    q = q.where((eb) =>
      eb.or([eb('graduates.name', 'like', likeContains(term)), eb('graduates.student_no', '=', term)]),
    )
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select([
      'registrations.id',
      'registrations.graduate_id',
      'registrations.status',
      'registrations.source',
      'registrations.version',
      'registrations.submitted_at',
      'registrations.updated_at',
      sql<string | null>`json_extract(registrations.destination, '$.type')`.as('type'),
      'graduates.name',
      'graduates.student_no',
      'graduates.major_name',
      'graduates.education_code',
      'departments.name as department',
    ])
    .orderBy(sql`registrations.submitted_at IS NULL`)
    .orderBy('registrations.submitted_at')
    .orderBy('registrations.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      graduateId: r.graduate_id,
      name: r.name,
      studentNo: r.student_no,
      department: r.department,
      major: r.major_name,
      education: r.education_code,
      status: r.status,
      source: r.source,
      type: r.type,
      version: r.version,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
    })),
  }
}
