/** The school dashboard's queries: grouped counts only, in the user's scope (and one 届, when asked). */
import { sql } from 'kysely'
import type { Db } from '../db/schema.js'
import { scopeGraduates, type ScopedUser } from '../middleware/auth.js'
import { whereCohort } from '../db/cohorts.js'
import type { DestinationGroup, PendingReviews } from '../domain/dashboard.js'

type Scope = ScopedUser

/** The dashboard's narrowing: one 院系 (a school user's choice), one 届 (none: every 届). */
export interface DashboardFilter {
  department?: string
  cohort?: number
}

/** Counts by (院系, 学历代码, approved destination type). */
export async function destinationGroups(db: Db, user: Scope, f: DashboardFilter = {}): Promise<DestinationGroup[]> {
  let q = db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
  q = whereCohort(scopeGraduates(q, user) as unknown as typeof q, f.cohort)
  if (f.department) q = q.where('departments.name', '=', f.department)
  const rows = await q
    .select([
      'departments.name as department',
      'graduates.education_code as educationCode',
      sql<
        string | null
      >`CASE WHEN registrations.status = 'approved' THEN json_extract(registrations.destination, '$.type') END`.as(
        'type',
      ),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`] as never)
    .execute()
  return rows.map((r) => ({
    department: r.department,
    educationCode: r.educationCode,
    type: typeof r.type === 'string' ? r.type : null,
    count: Number(r.n),
  }))
}

/** Registrations waiting for a decision: submitted (院系 or 学校 next) and department_approved (学校 next). */
export async function pendingReviews(db: Db, user: Scope, f: DashboardFilter = {}): Promise<PendingReviews> {
  let q = db
    .selectFrom('registrations')
    .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
  q = whereCohort(scopeGraduates(q, user) as unknown as typeof q, f.cohort)
  if (f.department) q = q.where('departments.name', '=', f.department)
  const rows = await q
    .select(['registrations.status as status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('registrations.status', 'in', ['submitted', 'department_approved'])
    .groupBy('registrations.status')
    .execute()
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  return { submitted: n('submitted'), departmentApproved: n('department_approved') }
}
