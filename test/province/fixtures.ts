/**
 * A province deployment for the tests: the province administrator (`t.adminToken`), and schools
 * created through POST /api/v1/schools, each with its admin signed in.
 */
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'

const PROVINCE_ENV = { DEPLOYMENT: 'province', PROVINCE_CODE: '44', PROVINCE_NAME: '广东省' }

export async function createProvinceApp(opts: { now?: string } = {}) {
  return createTestApp({ env: PROVINCE_ENV, now: opts.now })
}

export interface TestSchool {
  code: string
  name: string
  id: number
  adminPassword: string
  token: string
}

export async function addSchool(t: TestApp, code: string, name: string): Promise<TestSchool> {
  const r = await t.json('POST', '/api/v1/schools', { token: t.adminToken, body: { code, name } })
  if (r.status !== 201) throw new Error(`create school failed: ${r.status} ${JSON.stringify(r.data)}`)
  const row = await t.db.selectFrom('schools').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  const token = await t.login('admin', r.data.admin.password, code)
  return { code, name, id: row.id, adminPassword: r.data.admin.password, token }
}

/** A graduate of that school, straight into the database (see insertGraduate). */
export function graduateOf(
  t: TestApp,
  school: Pick<TestSchool, 'id'>,
  over: Parameters<typeof insertGraduate>[1] = {},
) {
  return insertGraduate({ db: t.db, clock: t.clock, schoolId: school.id }, over)
}
