/**
 * The province's queries (contract §8). Each takes `db` first. Reads across schools happen only
 * here, for the province; a school user's reads are limited to its own `school_id`.
 */
import { sql } from 'kysely'
import type { Db, RosterReportStatus, TrainingModeRequestStatus } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { cohortRange } from '../domain/cohort.js'

type Viewer = Pick<CurrentUser, 'role' | 'schoolId'>

/** Every school of the deployment (not the province's own row), by 院校代码. */
export async function listSchools(db: Db) {
  const rows = await db
    .selectFrom('schools')
    .select(['id', 'code', 'name', 'created_at'])
    .where('kind', '=', 'school')
    .orderBy('code')
    .execute()
  return rows
}

/** Graduates per school (non-withdrawn), for the schools list. */
export async function graduateCounts(db: Db) {
  const rows = await db
    .selectFrom('graduates')
    .select(['school_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('withdrawn_at', 'is', null)
    .groupBy('school_id')
    .execute()
  return new Map(rows.map((r) => [r.school_id, Number(r.n)]))
}

export interface ReportFilter {
  school?: string
  status?: RosterReportStatus
  cohort?: number
}

/** Roster reports the viewer may see: the province every school's, a school its own. */
export async function listReports(db: Db, viewer: Viewer, f: ReportFilter, page: number, pageSize: number) {
  let q = db.selectFrom('roster_reports').innerJoin('schools', 'schools.id', 'roster_reports.school_id')
  if (viewer.role !== 'province') q = q.where('roster_reports.school_id', '=', viewer.schoolId)
  if (f.school) q = q.where('schools.code', '=', f.school)
  if (f.status) q = q.where('roster_reports.status', '=', f.status)
  if (f.cohort) q = q.where('roster_reports.cohort', '=', f.cohort)
  const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await q
    .select([
      'roster_reports.id',
      'schools.code as school',
      'schools.name as schoolName',
      'roster_reports.cohort',
      'roster_reports.graduates',
      'roster_reports.status',
      'roster_reports.reason',
      'roster_reports.created_at as createdAt',
      'roster_reports.decided_at as decidedAt',
    ])
    .orderBy('roster_reports.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { total: Number(n), items: rows }
}

export async function findReport(db: Db, viewer: Viewer, id: number) {
  let q = db
    .selectFrom('roster_reports')
    .innerJoin('schools', 'schools.id', 'roster_reports.school_id')
    .select([
      'roster_reports.id',
      'roster_reports.school_id',
      'schools.code as school',
      'schools.name as schoolName',
      'roster_reports.cohort',
      'roster_reports.graduates',
      'roster_reports.status',
      'roster_reports.reason',
      'roster_reports.created_at as createdAt',
      'roster_reports.decided_at as decidedAt',
    ])
    .where('roster_reports.id', '=', id)
  if (viewer.role !== 'province') q = q.where('roster_reports.school_id', '=', viewer.schoolId)
  return q.executeTakeFirst()
}

/** Graduates of a school's 届 not yet in a report, and those with a self-check still open. */
export async function reportable(db: Db, schoolId: number, cohort: number) {
  const { from, to } = cohortRange(cohort)
  const [row] = await db
    .selectFrom('graduates')
    .select([
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(EXISTS (SELECT 1 FROM roster_corrections rc WHERE rc.graduate_id = graduates.id AND rc.status = 'submitted'))`.as(
        'open',
      ),
    ])
    .where('school_id', '=', schoolId)
    .where('graduation_time', '>=', from)
    .where('graduation_time', '<', to)
    .where('withdrawn_at', 'is', null)
    .where('roster_report_id', 'is', null)
    .execute()
  return { graduates: Number(row.n), openCorrections: Number(row.open ?? 0) }
}

export async function pendingReportOf(db: Db, schoolId: number, cohort: number) {
  return db
    .selectFrom('roster_reports')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('cohort', '=', cohort)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
}

export interface RequestFilter {
  school?: string
  status?: TrainingModeRequestStatus
}

export async function listTrainingModeRequests(
  db: Db,
  viewer: Viewer,
  f: RequestFilter,
  page: number,
  pageSize: number,
) {
  let q = db
    .selectFrom('training_mode_requests as t')
    .innerJoin('schools', 'schools.id', 't.school_id')
    .innerJoin('graduates', 'graduates.id', 't.graduate_id')
  if (viewer.role !== 'province') q = q.where('t.school_id', '=', viewer.schoolId)
  if (f.school) q = q.where('schools.code', '=', f.school)
  if (f.status) q = q.where('t.status', '=', f.status)
  const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await q
    .select(REQUEST_COLUMNS)
    .orderBy('t.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { total: Number(n), items: rows }
}

const REQUEST_COLUMNS = [
  't.id',
  't.graduate_id as graduateId',
  'graduates.name as name',
  'graduates.student_no as studentNo',
  'schools.code as school',
  'schools.name as schoolName',
  't.old_training_mode_code as oldTrainingModeCode',
  't.old_unit as oldUnit',
  't.training_mode_code as trainingModeCode',
  't.unit',
  't.reason',
  't.status',
  't.decision_reason as decisionReason',
  't.created_at as createdAt',
  't.decided_at as decidedAt',
] as const

export async function findTrainingModeRequest(db: Db, viewer: Viewer, id: number) {
  let q = db
    .selectFrom('training_mode_requests as t')
    .innerJoin('schools', 'schools.id', 't.school_id')
    .innerJoin('graduates', 'graduates.id', 't.graduate_id')
    .select(REQUEST_COLUMNS)
    .where('t.id', '=', id)
  if (viewer.role !== 'province') q = q.where('t.school_id', '=', viewer.schoolId)
  return q.executeTakeFirst()
}

/**
 * The 培养方式 lock of one school, for the roster import: every graduate whose roster is with
 * the province or reported (roster_report_id set), by 身份证号.
 */
export async function lockedTrainingModes(db: Db, schoolId: number) {
  const rows = await db
    .selectFrom('graduates')
    .select(['id_card', 'training_mode_code', 'targeted_unit'])
    .where('school_id', '=', schoolId)
    .where('roster_report_id', 'is not', null)
    .execute()
  return new Map(
    rows.map((r) => [r.id_card, { trainingModeCode: r.training_mode_code, targetedUnit: r.targeted_unit }]),
  )
}

export interface SchoolStatsRow {
  schoolId: number
  graduates: number
  registered: number
  placed: number
  confirmation: Record<'未上报' | '未确认' | '确认有误' | '确认无误', number>
  numbers: number
}

/**
 * A 届's counters of every school: graduates (non-withdrawn), registered (an approved
 * registration), placed (its destination of a 落实 category), the confirmation states and the
 * graduates holding a current 转递编号. The triggers of migration 0011 keep them in the same
 * transaction as every write they count, so this reads one row per school instead of a grouped
 * pass over the 届's graduates (seconds at 1,000,000; docs/scaling.md).
 */
export async function schoolStats(db: Db, cohort: number): Promise<SchoolStatsRow[]> {
  const rows = await db.selectFrom('school_stats').selectAll().where('cohort', '=', cohort).execute()
  return rows.map((r) => ({
    schoolId: r.school_id,
    graduates: r.graduates,
    registered: r.registered,
    placed: r.placed,
    confirmation: {
      未上报: r.graduates - r.registered,
      未确认: r.unconfirmed,
      确认有误: r.wrong,
      确认无误: r.confirmed,
    },
    numbers: r.numbers,
  }))
}

export async function readSetting(db: Db, key: string) {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value ?? null
}
