/** The school's 院系 names, for filter pickers and forms: one query, one order. */
import type { Db } from './schema.js'

export async function departmentNames(db: Db, schoolId: number, onlyId?: number | null): Promise<string[]> {
  let q = db.selectFrom('departments').select('name').where('school_id', '=', schoolId)
  if (onlyId !== undefined) q = q.where('id', '=', onlyId ?? -1)
  return (await q.orderBy('name').execute()).map((d) => d.name)
}
