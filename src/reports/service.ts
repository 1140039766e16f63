/** What other features may ask of the roster reports. */
import type { Db } from '../db/schema.js'
import type { ScopedUser } from '../middleware/auth.js'
import { percent } from '../domain/percent.js'
import { activationByDepartment } from './queries.js'

/** 就业账户激活 of one 届 in the user's scope (or one 院系 of it), summed over the 院系. */
export async function activationTotal(db: Db, user: ScopedUser, cohort: number, department?: string) {
  const rows = await activationByDepartment(db, user, { cohort, department })
  const graduates = rows.reduce((n, r) => n + r.graduates, 0)
  const activated = rows.reduce((n, r) => n + r.activated, 0)
  return { cohort, graduates, activated, rate: percent(activated, graduates) }
}
