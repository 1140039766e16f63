/** The school's 院系: the names for filter pickers and forms (one query, one order), and finding or adding one. */
import type { Db } from './schema.js'

export async function departmentNames(db: Db, schoolId: number, onlyId?: number | null): Promise<string[]> {
  let q = db.selectFrom('departments').select('name').where('school_id', '=', schoolId)
  if (onlyId !== undefined) q = q.where('id', '=', onlyId ?? -1)
  return (await q.orderBy('name').execute()).map((d) => d.name)
}

/** Every 院系 of the school with its id, in the order they were added. */
export const departmentsOf = (db: Db, schoolId: number) =>
  db.selectFrom('departments').select(['id', 'name']).where('school_id', '=', schoolId).orderBy('id').execute()

export const findDepartment = (db: Db, schoolId: number, name: string) =>
  db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .where('name', '=', name)
    .executeTakeFirst()

/** The 院系 of this name, added first if the school has none (two racing adds make one). */
export async function ensureDepartment(db: Db, schoolId: number, name: string, at: Date) {
  await db
    .insertInto('departments')
    .values({ school_id: schoolId, name, created_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['school_id', 'name']).doNothing())
    .execute()
  return (await findDepartment(db, schoolId, name))!
}
