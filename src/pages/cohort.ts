/**
 * A staff page's 届别 (contract §6, issue 14 item 5): the 届 it shows — asked for in `cohort`, or
 * else the opening 届 of the user's scope (domain openingCohort: the current one if it has
 * graduates, else the newest that has) — with what its picker lists.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { currentUser } from '../middleware/auth.js'
import { cohortCounts } from '../db/cohorts.js'
import { chosenCohort, currentCohort, type CohortPicker } from '../domain/cohort.js'

export async function cohortPicker(
  c: Context<AppEnv>,
  asked: number | 'all' | undefined,
  /** The list shows withdrawn graduates: its 届 are theirs. */
  { withdrawn = false } = {},
): Promise<CohortPicker> {
  const now = c.var.deps.now()
  const cohorts = await cohortCounts(c.var.deps.db, currentUser(c), { withdrawn })
  return {
    value: chosenCohort(
      asked,
      cohorts.map((x) => x.year),
      now,
    ),
    cohorts,
    current: currentCohort(now),
  }
}
