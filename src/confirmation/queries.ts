/**
 * 去向登记确认: the queries. The state is derived in SQL by `STATE_SQL`, the mirror of
 * `deriveState` (src/domain/confirmation.ts), so lists filter and page in the database; both are
 * checked against each other in test/confirmation/state-sql.test.ts.
 */
import { likeContains } from '../db/like.js'
import { whereCohort } from '../db/cohorts.js'
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Database, Db, RegistrationSource, RegistrationStatus } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { scopeGraduates, type ScopedUser } from '../middleware/auth.js'
import {
  deriveState,
  statsTable,
  type ConfirmationFilters,
  type ConfirmationListItem,
  type ConfirmationResult,
  type ConfirmationState,
  type StatsTable,
} from '../domain/confirmation.js'
import { educationCodes, educationLevel } from '../domain/codes/education-levels.js'
import { contentOf } from '../domain/registration/index.js'

/** deriveState in SQL, over `registrations` and `confirmations` left-joined to `graduates`. */
const STATE_SQL = sql<ConfirmationState>`(CASE
  WHEN registrations.status IS NULL OR registrations.status <> 'approved' THEN '未上报'
  WHEN confirmations.graduate_id IS NULL OR confirmations.registration_version <> registrations.version THEN '未确认'
  ELSE confirmations.result END)`

/** The graduates in the user's scope with their registration and confirmation joined. */
function confirmationBase(db: Db, user: ScopedUser) {
  const q = db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .leftJoin('confirmations', 'confirmations.graduate_id', 'graduates.id')
  return scopeGraduates(q, user) as unknown as typeof q
}

// The filters and the list row are the domain's (the list page renders them as given).
export type { ConfirmationFilters, ConfirmationListItem }

function applyFilters<O>(
  q: SelectQueryBuilder<Database, any, O>,
  f: ConfirmationFilters,
): SelectQueryBuilder<Database, any, O> {
  if (f.state) q = q.where(STATE_SQL, '=', f.state)
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.major) {
    const m = f.major.trim()
    q = q.where((eb) => eb.or([eb('graduates.major_code', '=', m), eb('graduates.major_name', '=', m)]))
  }
  if (f.education) q = q.where('graduates.education_code', 'in', educationCodes(f.education))
  if (f.name) q = q.where('graduates.name', 'like', likeContains(f.name.trim()))
  if (f.studentNo) q = q.where('graduates.student_no', '=', f.studentNo.trim())
  if (f.idCard) q = q.where('graduates.id_card', '=', f.idCard.trim().toUpperCase())
  if (f.examNo) q = q.where('graduates.exam_no', '=', f.examNo.trim())
  if (f.graduationTime) q = q.where('graduates.graduation_time', '=', f.graduationTime.trim())
  return whereCohort(q, f.cohort)
}

const listColumns = [
  'graduates.id as graduateId',
  'graduates.name as name',
  'departments.name as department',
  'registrations.source as source',
  'registrations.version as regVersion',
  'confirmations.registration_version as confVersion',
  'confirmations.at as confAt',
  'confirmations.destination_issue as destinationIssue',
  'confirmations.archive_issue as archiveIssue',
  'confirmations.hukou_issue as hukouIssue',
  'confirmations.phone as confPhone',
  'graduates.student_no as studentNo',
  'graduates.exam_no as examNo',
  'graduates.id_card as idCard',
  'graduates.major_name as major',
  'graduates.education_code as educationCode',
  'graduates.graduation_time as graduationTime',
  'graduates.phone as phone',
  'graduates.email as email',
] as const

type ListRow = {
  graduateId: number
  name: string
  department: string
  source: RegistrationSource | null
  regVersion: number | null
  confVersion: number | null
  confAt: string | null
  destinationIssue: string | null
  archiveIssue: number | null
  hukouIssue: number | null
  confPhone: string | null
  studentNo: string
  examNo: string | null
  idCard: string
  major: string
  educationCode: string
  graduationTime: string
  phone: string
  email: string | null
  state: ConfirmationState
}

/** "毕业去向有变化、档案转递信息、户口迁移信息" — the parts a 确认有误 names. */
function issuesText(r: {
  destinationIssue: string | null
  archiveIssue: number | null
  hukouIssue: number | null
}): string {
  const parts: string[] = []
  if (r.destinationIssue) parts.push(`毕业去向${r.destinationIssue}`)
  if (r.archiveIssue) parts.push('档案转递信息')
  if (r.hukouIssue) parts.push('户口迁移信息')
  return parts.join('、')
}

function toItem(r: ListRow): ConfirmationListItem {
  // `at` is the time of the confirmation that counts; an outdated one is not shown as current.
  const counts = r.state === '确认无误' || r.state === '确认有误'
  return {
    graduateId: r.graduateId,
    name: r.name,
    department: r.department,
    state: r.state,
    source: r.source ?? null,
    at: counts ? r.confAt : null,
    issues: r.state === '确认有误' ? issuesText(r) : null,
    issuePhone: r.state === '确认有误' ? r.confPhone : null,
    studentNo: r.studentNo,
    examNo: r.examNo,
    idCard: r.idCard,
    major: r.major,
    education: educationLevel(r.educationCode),
    educationCode: r.educationCode,
    graduationTime: r.graduationTime,
    phone: r.phone,
    email: r.email,
  }
}

export async function listConfirmations(
  db: Db,
  user: CurrentUser,
  f: ConfirmationFilters,
  page: { page: number; pageSize: number } | null,
  { graduateIds }: { graduateIds?: number[] } = {},
): Promise<{ items: ConfirmationListItem[]; total: number }> {
  let base = applyFilters(confirmationBase(db, user), f)
  if (graduateIds) base = base.where('graduates.id', 'in', graduateIds.length ? graduateIds : [-1])
  let q = base
    .select([...listColumns])
    .select(STATE_SQL.as('state'))
    .orderBy('departments.name')
    .orderBy('graduates.student_no')
  if (page) q = q.limit(page.pageSize).offset((page.page - 1) * page.pageSize)
  const [rows, count] = await Promise.all([
    q.execute() as Promise<ListRow[]>,
    page ? base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst() : Promise.resolve(null),
  ])
  const items = rows.map(toItem)
  return { items, total: count ? Number(count.n) : items.length }
}

/** 登记确认情况统计 for the user's scope (optionally one department). */
export async function confirmationStats(
  db: Db,
  user: CurrentUser,
  f: Pick<ConfirmationFilters, 'department' | 'cohort'> = {},
): Promise<StatsTable> {
  const rows = await applyFilters(confirmationBase(db, user), f)
    .select(STATE_SQL.as('state'))
    .select('registrations.source as source')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy([sql`1`, sql`2`] as never)
    .execute()
  return statsTable(
    rows.map((r) => ({
      state: r.state as ConfirmationState,
      source: (r.source ?? null) as RegistrationSource | null,
      count: Number(r.n),
    })),
  )
}

interface MyRegistration {
  id: number
  status: RegistrationStatus
  source: RegistrationSource
  version: number
  approvedAt: string | null
  destination: Record<string, string | null> | null
  archive: Record<string, string | null> | null
  hukou: Record<string, string | null> | null
}

interface MyConfirmation {
  result: ConfirmationResult
  destinationIssue: string | null
  archiveIssue: boolean
  hukouIssue: boolean
  phone: string | null
  at: string
  registrationVersion: number
}

/** One graduate's registration (as reported), confirmation and derived state. */
export async function loadConfirmation(db: Db, graduateId: number) {
  const [reg, conf] = await Promise.all([
    db.selectFrom('registrations').selectAll().where('graduate_id', '=', graduateId).executeTakeFirst(),
    db.selectFrom('confirmations').selectAll().where('graduate_id', '=', graduateId).executeTakeFirst(),
  ])
  const state = deriveState(reg, conf)
  const registration: MyRegistration | null = reg
    ? {
        id: reg.id,
        status: reg.status,
        source: reg.source,
        version: reg.version,
        approvedAt: reg.approved_at,
        ...(contentOf(reg) as Record<'destination' | 'archive' | 'hukou', Record<string, string | null> | null>),
      }
    : null
  const confirmation: MyConfirmation | null = conf
    ? {
        result: conf.result,
        destinationIssue: conf.destination_issue,
        archiveIssue: conf.archive_issue === 1,
        hukouIssue: conf.hukou_issue === 1,
        phone: conf.phone,
        at: conf.at,
        registrationVersion: conf.registration_version,
      }
    : null
  return { state, registration, confirmation }
}

/**
 * The state alone, for the prompt other pages show until the graduate has confirmed
 * (`<ConfirmationPrompt state={await confirmationStateOf(db, graduateId)} />`).
 */
export async function confirmationStateOf(db: Db, graduateId: number): Promise<ConfirmationState> {
  const row = await db
    .selectFrom('graduates')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .leftJoin('confirmations', 'confirmations.graduate_id', 'graduates.id')
    .select(STATE_SQL.as('state'))
    .where('graduates.id', '=', graduateId)
    .executeTakeFirst()
  return (row?.state as ConfirmationState | undefined) ?? '未上报'
}

export interface ConfirmInput {
  result: ConfirmationResult
  destination: string | null
  archive: boolean
  hukou: boolean
  phone: string | null
}

/**
 * Writes the confirmation for the registration's current approved version in one statement:
 * INSERT … SELECT from the registration WHERE it is approved (and, when the caller saw a version,
 * still that version), so a registration changed or voided in between is never confirmed by
 * mistake. Returns whether a row was written.
 */
export async function writeConfirmation(
  db: Db,
  graduateId: number,
  input: ConfirmInput,
  at: Date,
  seenVersion?: number,
): Promise<boolean> {
  const bad = input.result === '确认有误'
  const values = {
    result: input.result,
    destination_issue: bad ? input.destination : null,
    archive_issue: bad && input.archive ? 1 : 0,
    hukou_issue: bad && input.hukou ? 1 : 0,
    phone: bad ? input.phone : null,
    at: at.toISOString(),
  }
  let select = db
    .selectFrom('registrations')
    .select((eb) => [
      eb.val(graduateId).as('graduate_id'),
      'registrations.version as registration_version',
      eb.val(values.result).as('result'),
      eb.val(values.destination_issue).as('destination_issue'),
      eb.val(values.archive_issue).as('archive_issue'),
      eb.val(values.hukou_issue).as('hukou_issue'),
      eb.val(values.phone).as('phone'),
      eb.val(values.at).as('at'),
    ])
    .where('registrations.graduate_id', '=', graduateId)
    .where('registrations.status', '=', 'approved')
  if (seenVersion !== undefined) select = select.where('registrations.version', '=', seenVersion)
  const res = await db
    .insertInto('confirmations')
    .columns([
      'graduate_id',
      'registration_version',
      'result',
      'destination_issue',
      'archive_issue',
      'hukou_issue',
      'phone',
      'at',
    ])
    .expression(select)
    .onConflict((oc) =>
      oc.column('graduate_id').doUpdateSet((eb) => ({
        registration_version: eb.ref('excluded.registration_version'),
        result: eb.ref('excluded.result'),
        destination_issue: eb.ref('excluded.destination_issue'),
        archive_issue: eb.ref('excluded.archive_issue'),
        hukou_issue: eb.ref('excluded.hukou_issue'),
        phone: eb.ref('excluded.phone'),
        at: eb.ref('excluded.at'),
      })),
    )
    .executeTakeFirst()
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0
}
