/**
 * `npm start -- --demo`: on an empty database, a demo school with 200+ graduates in every state,
 * and a name and number printed to try on /verify. Filled in as the features land.
 */
import type { AppDeps } from '../env.js'

export async function loadDemo(deps: AppDeps, schoolId: number): Promise<void> {
  const existing = await deps.db.selectFrom('graduates').select((eb) => eb.fn.countAll<number>().as('n')).where('school_id', '=', schoolId).executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) {
    console.log('数据库中已有毕业生数据，未加载演示数据。')
    return
  }
  console.log('演示数据尚未实现。')
}
