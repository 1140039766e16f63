/**
 * 届 (cohort) in SQL, for every feature (contract §6, issue 14 item 5): the 届 with graduates in
 * the user's scope, and a list's filter to one 届. A 届 is the year of 毕业时间 (`YYYYMM`), so
 * the filter is a range of graduation_time, which the graduates_school_cohort index serves.
 */
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from './schema.js'
import { scopeGraduates, type ScopedUser } from '../middleware/auth.js'
import { cohortRange, type CohortCount } from '../domain/cohort.js'

/**
 * The 届 with graduates within what the user may see (scopeGraduates), newest first, with their
 * counts. Withdrawn graduates (退学、休学、留级) are not counted — unless `withdrawn`, which counts
 * them alone, for the list of withdrawn graduates.
 */
export async function cohortCounts(db: Db, user: ScopedUser, { withdrawn = false } = {}): Promise<CohortCount[]> {
  const year = sql<string>`substr(graduates.graduation_time, 1, 4)`
  let q = scopeGraduates(db.selectFrom('graduates'), user, { includeWithdrawn: withdrawn })
  if (withdrawn) q = q.where('graduates.withdrawn_at', 'is not', null)
  const rows = await q
    .select([year.as('year'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(year)
    .orderBy(year, 'desc')
    .execute()
  return rows
    .map((r) => ({ year: Number(r.year), graduates: Number(r.n) }))
    .filter((r) => Number.isInteger(r.year) && r.year > 0)
}

/** Only the graduates of this 届 (none: every 届), on a query that has `graduates` in it. */
export function whereCohort<Q extends SelectQueryBuilder<Database, any, any>>(q: Q, cohort: number | undefined): Q {
  if (!cohort) return q
  const { from, to } = cohortRange(cohort)
  return q.where(sql<boolean>`(graduates.graduation_time >= ${from} AND graduates.graduation_time < ${to})`) as Q
}
