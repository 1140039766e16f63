/**
 * 推荐表 queries. Every staff read goes through `scopeGraduates` (src/middleware/auth.ts), the
 * one scoping rule the roster list uses: the user's school, a department user's own 院系 and the
 * user's 数据权限 (educationScope); withdrawn graduates are left out.
 */
import { sql } from 'kysely'
import type { Db, Recommendation } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { scopeGraduates } from '../middleware/auth.js'
import { likeContains, likePrefix } from '../db/like.js'
import { cohortRange } from '../domain/cohort.js'
import type { RecommendationStatus } from '../domain/recommendation.js'

/** The roster columns the 推荐表 shows (locked: they are the school's record, never the form's). */
export interface BasicRow {
  graduate_id: number
  school_id: number
  student_no: string
  name: string
  gender_code: string
  ethnicity_code: string
  political_code: string
  education_code: string
  graduation_time: string
  major_name: string
  phone: string
  email: string | null
  class_name: string | null
  department_id: number
  department: string
  school: string
}

const BASIC = [
  'graduates.id as graduate_id',
  'graduates.school_id',
  'graduates.student_no',
  'graduates.name',
  'graduates.gender_code',
  'graduates.ethnicity_code',
  'graduates.political_code',
  'graduates.education_code',
  'graduates.graduation_time',
  'graduates.major_name',
  'graduates.phone',
  'graduates.email',
  'graduates.class_name',
  'graduates.department_id',
  'departments.name as department',
  'schools.name as school',
] as const

const withGraduate = (db: Db) =>
  db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')

/** The graduate's own basic data (their session names the graduate; no staff scope applies). */
export function basicsOfGraduate(db: Db, graduateId: number): Promise<BasicRow | undefined> {
  return withGraduate(db).select(BASIC).where('graduates.id', '=', graduateId).executeTakeFirst()
}

export function recommendationOfGraduate(db: Db, graduateId: number): Promise<Recommendation | undefined> {
  return db.selectFrom('recommendations').selectAll().where('graduate_id', '=', graduateId).executeTakeFirst()
}

export type ScopedRecommendation = Recommendation & BasicRow & { decided_by_name: string | null }

/** One 推荐表 the user may see (null: none, or another 院系's, school's or 学历 level's). */
export async function scopedRecommendation(
  db: Db,
  user: CurrentUser,
  id: number,
): Promise<ScopedRecommendation | undefined> {
  return (await scopeGraduates(
    withGraduate(db)
      .innerJoin('recommendations', 'recommendations.graduate_id', 'graduates.id')
      .leftJoin('users as decider', 'decider.id', 'recommendations.decided_by'),
    user,
  )
    .selectAll('recommendations')
    .select(BASIC)
    .select(sql<string | null>`COALESCE(decider.display_name, decider.username)`.as('decided_by_name'))
    .where('recommendations.id', '=', id)
    .executeTakeFirst()) as ScopedRecommendation | undefined
}

export interface RecommendationFilter {
  status?: RecommendationStatus
  department?: string
  /** 姓名 (contains) or 学号 (prefix). */
  q?: string
  /** 届: the year of 毕业时间. */
  cohort?: number
  /** A selection (the list's checkboxes). */
  ids?: number[]
}

function filtered(db: Db, user: CurrentUser, f: RecommendationFilter) {
  let q = scopeGraduates(
    withGraduate(db).innerJoin('recommendations', 'recommendations.graduate_id', 'graduates.id'),
    user,
  )
  if (f.status) q = q.where('recommendations.status', '=', f.status)
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.cohort) {
    const { from, to } = cohortRange(f.cohort)
    q = q.where('graduates.graduation_time', '>=', from).where('graduates.graduation_time', '<', to)
  }
  if (f.ids) q = q.where('recommendations.id', 'in', f.ids.length ? f.ids : [-1])
  const text = f.q?.trim()
  if (text) {
    q = q.where((eb) =>
      eb.or([
        eb('graduates.name', 'like', likeContains(text)),
        eb('graduates.name_key', 'like', likeContains(text)),
        eb('graduates.student_no', 'like', likePrefix(text)),
      ]),
    )
  }
  return q
}

export interface RecommendationListItem {
  id: number
  graduateId: number
  studentNo: string
  name: string
  department: string
  major: string
  education: string
  graduationTime: string
  status: RecommendationStatus
  submittedAt: string | null
  decidedAt: string | null
}

export async function listRecommendations(
  db: Db,
  user: CurrentUser,
  f: RecommendationFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; items: RecommendationListItem[] }> {
  const base = filtered(db, user, f)
  const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await base
    .select([
      'recommendations.id',
      'graduates.id as graduate_id',
      'graduates.student_no',
      'graduates.name',
      'departments.name as department',
      'graduates.major_name',
      'graduates.education_code',
      'graduates.graduation_time',
      'recommendations.status',
      'recommendations.submitted_at',
      'recommendations.decided_at',
    ])
    // Waiting ones first (oldest submission first: first come, first reviewed), then the rest.
    .orderBy(sql`CASE recommendations.status WHEN 'submitted' THEN 0 ELSE 1 END`)
    .orderBy('recommendations.submitted_at')
    .orderBy('departments.name')
    .orderBy('graduates.student_no')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      graduateId: r.graduate_id,
      studentNo: r.student_no,
      name: r.name,
      department: r.department,
      major: r.major_name,
      education: r.education_code,
      graduationTime: r.graduation_time,
      status: r.status,
      submittedAt: r.submitted_at,
      decidedAt: r.decided_at,
    })),
  }
}

export async function countApproved(db: Db, user: CurrentUser, f: RecommendationFilter): Promise<number> {
  const [{ n }] = await filtered(db, user, { ...f, status: 'approved' })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute()
  return Number(n)
}

export type ApprovedRow = Recommendation & BasicRow & { decided_by_name: string | null }

/** Every approved 推荐表 of the selection, by 学号, read in pages of 100 (the ZIP). */
export async function* eachApproved(db: Db, user: CurrentUser, f: RecommendationFilter): AsyncGenerator<ApprovedRow> {
  let last = ''
  let lastId = 0
  for (;;) {
    const rows = (await filtered(db, user, { ...f, status: 'approved' })
      .selectAll('recommendations')
      .select(BASIC)
      .select(sql<string | null>`NULL`.as('decided_by_name'))
      .where((eb) =>
        eb.or([
          eb('graduates.student_no', '>', last),
          eb.and([eb('graduates.student_no', '=', last), eb('recommendations.id', '>', lastId)]),
        ]),
      )
      .orderBy('graduates.student_no')
      .orderBy('recommendations.id')
      .limit(100)
      .execute()) as ApprovedRow[]
    for (const r of rows) yield r
    if (rows.length < 100) return
    last = rows[rows.length - 1].student_no
    lastId = rows[rows.length - 1].id
  }
}

/** The 届 that have a 推荐表 the user may see, newest first (the list's 届 choices). */
export async function cohortsWithRecommendations(db: Db, user: CurrentUser): Promise<number[]> {
  const year = sql<string>`substr(graduates.graduation_time, 1, 4)`
  const rows = await scopeGraduates(
    db.selectFrom('graduates').innerJoin('recommendations', 'recommendations.graduate_id', 'graduates.id'),
    user,
  )
    .select(year.as('year'))
    .groupBy(year)
    .orderBy(year, 'desc')
    .execute()
  return rows.map((r) => Number(r.year))
}

export interface RecommendationEvent {
  at: string
  actor: string
  move: 'save' | 'submit' | 'approve' | 'return'
  from: RecommendationStatus | null
  to: RecommendationStatus
  reason: string | null
}

/** The moves of a 推荐表 (暂存 left out: they are the graduate's drafts), oldest first. */
export async function eventsOf(db: Db, recommendationId: number): Promise<RecommendationEvent[]> {
  const rows = await db
    .selectFrom('recommendation_events')
    .select(['at', 'actor', 'move', 'from_status', 'to_status', 'reason'])
    .where('recommendation_id', '=', recommendationId)
    .where('move', '<>', 'save')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    move: r.move,
    from: r.from_status,
    to: r.to_status,
    reason: r.reason,
  }))
}

/** What the public verification page shows of an approved 推荐表, and nothing else. */
export function publicRecommendation(db: Db, id: number) {
  return db
    .selectFrom('recommendations')
    .innerJoin('graduates', 'graduates.id', 'recommendations.graduate_id')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .select([
      'graduates.name',
      'graduates.major_name as major',
      'departments.name as department',
      'schools.name as school',
      'recommendations.status',
      'recommendations.decided_at',
    ])
    .where('recommendations.id', '=', id)
    .executeTakeFirst()
}
