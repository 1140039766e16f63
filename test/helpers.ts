/**
 * Test helpers: each call gives a fresh in-memory database with every migration, a bootstrapped
 * school and administrator, a clock the test can move, and small request helpers. Nothing is
 * shared between tests.
 */
import { parseConfig, type Config } from '../src/config.js'
import { openSqlite, migrate } from '../src/platform/node/sqlite.js'
import { bootstrap } from '../src/accounts/bootstrap.js'
import { createApp } from '../src/app.js'
import { memoryStorage } from '../src/platform/memory/storage.js'
import { bufferedLookupLog } from '../src/db/lookup-log.js'
import type { AppDeps } from '../src/deps.js'
import type { ScryptParams } from '../src/accounts/password.js'
import { makeIdCard } from '../src/domain/id-card.js'
import type { NewGraduate } from '../src/db/schema.js'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { CJK_FONT_MODULE_PATH, type FontLoader } from '../src/documents/fonts.js'

/** The sheets' CJK font, read from node_modules; one loader per test file, so it is parsed once. */
export const loadTestFont: FontLoader = () =>
  new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(CJK_FONT_MODULE_PATH)))

/** Cheap scrypt for tests; the production parameters are tested on their own. */
const FAST_HASH: ScryptParams = { ln: 10, r: 8, p: 1 }
export const ADMIN_PASSWORD = 'admin-pass-2026'

interface TestClock {
  now: Date
  set(iso: string): void
  advance(ms: number): void
}

export async function createTestApp(opts: { env?: Record<string, string>; now?: string } = {}) {
  const store = openSqlite(':memory:')
  migrate(store.sqlite)
  const clock: TestClock = {
    now: new Date(opts.now ?? '2026-06-15T10:00:00+08:00'),
    set(iso) {
      this.now = new Date(iso)
    },
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const config: Config = parseConfig({
    ADMIN_PASSWORD,
    SCHOOL_CODE: '10001',
    SCHOOL_NAME: '测试大学',
    PUBLIC_BASE_URL: 'http://localhost:8787',
    ...opts.env,
  })
  const boot = await bootstrap(store.db, config, clock.now, FAST_HASH)
  const lookupLog = bufferedLookupLog(store.db, { timers: false })
  const deps: AppDeps = {
    db: store.db,
    batch: store.batch,
    config,
    secretKey: boot.secretKey,
    now: () => clock.now,
    storage: memoryStorage(),
    lookupLog,
    passwordParams: FAST_HASH,
    loadFont: loadTestFont,
  }
  const app = createApp(deps)

  async function request(
    method: string,
    path: string,
    { body, token, headers = {} }: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) {
    const h: Record<string, string> = { ...headers }
    if (token) h.Authorization = `Bearer ${token}`
    let payload: BodyInit | undefined
    if (body instanceof FormData) payload = body
    else if (body !== undefined) {
      h['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    return app.request(path, { method, headers: h, body: payload })
  }

  async function json<T = any>(method: string, path: string, opts: Parameters<typeof request>[2] = {}) {
    const res = await request(method, path, opts)
    const text = await res.text()
    let data: T
    try {
      data = JSON.parse(text)
    } catch {
      data = text as T
    }
    return { status: res.status, data, res }
  }

  async function login(username: string, password: string, school?: string) {
    const r = await json('POST', '/api/v1/session', { body: { username, password, school } })
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.data)}`)
    return r.data.token as string
  }

  // A province deployment (contract §8) starts with the province administrator instead of a school's.
  const adminToken = await login(config.deployment === 'province' ? 'province' : 'admin', ADMIN_PASSWORD)

  async function createStaff(
    username: string,
    input: {
      role?: 'school' | 'department'
      department?: string
      permissions?: Partial<Record<'info' | 'archive' | 'hukou', 'rw' | 'ro' | 'none'>>
    } = {},
  ) {
    const password = `${username}-password`
    const r = await json('POST', '/api/v1/users', {
      token: adminToken,
      body: {
        username,
        password,
        role: input.role ?? 'department',
        department: input.department ?? null,
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw', ...input.permissions },
      },
    })
    if (r.status !== 201) throw new Error(`create user failed: ${r.status} ${JSON.stringify(r.data)}`)
    return login(username, password)
  }

  return {
    app,
    deps,
    db: store.db,
    sqlite: store.sqlite,
    clock,
    config,
    schoolId: boot.schoolId,
    request,
    json,
    login,
    adminToken,
    createStaff,
  }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

let seq = 0
/**
 * Inserts a graduate (and the student account) straight into the database, with valid defaults,
 * for tests of features that stand on the roster. Returns the graduate id and the first password.
 */
export async function insertGraduate(
  t: Pick<TestApp, 'db' | 'schoolId' | 'clock'>,
  over: Partial<NewGraduate> & { department?: string } = {},
) {
  seq += 1
  const at = t.clock.now.toISOString()
  const deptName = over.department ?? '计算机学院'
  await t.db
    .insertInto('departments')
    .values({ school_id: t.schoolId, name: deptName, created_at: at })
    .onConflict((oc) => oc.columns(['school_id', 'name']).doNothing())
    .execute()
  const dept = await t.db
    .selectFrom('departments')
    .select('id')
    .where('school_id', '=', t.schoolId)
    .where('name', '=', deptName)
    .executeTakeFirstOrThrow()
  const gender = (over.gender_code ?? (seq % 2 ? '1' : '2')) as '1' | '2'
  const idCard =
    over.id_card ?? makeIdCard('110108', `2003${String((seq % 12) + 1).padStart(2, '0')}15`, 100 + seq, gender)
  const { department: _d, ...rest } = over
  const values: NewGraduate = {
    school_id: t.schoolId,
    department_id: dept.id,
    student_no: `S${String(seq).padStart(8, '0')}`,
    name: `测试${seq}`,
    name_key: `测试${seq}`,
    id_card: idCard,
    exam_no: null,
    gender_code: gender,
    ethnicity_code: '01',
    political_code: '13',
    education_code: '31',
    major_code: '080901',
    major_name: '计算机科学与技术',
    major_direction: null,
    length_of_schooling: '4',
    training_mode_code: '1',
    targeted_unit: null,
    origin_code: '110108',
    enrolled_at: '202209',
    graduation_time: '202606',
    phone: '13800138000',
    email: null,
    qq: null,
    home_address: null,
    home_phone: null,
    home_postcode: null,
    urban_rural: null,
    normal_student_code: null,
    hardship_code: null,
    class_name: null,
    withdrawn_at: null,
    withdrawn_reason: null,
    import_id: null,
    created_at: at,
    updated_at: at,
    ...rest,
  }
  if (!over.name_key && over.name) values.name_key = over.name
  const g = await t.db.insertInto('graduates').values(values).returning('id').executeTakeFirstOrThrow()
  await t.db
    .insertInto('users')
    .values({
      school_id: t.schoolId,
      username: values.student_no,
      role: 'student',
      graduate_id: g.id,
      department_id: dept.id,
      password_hash: null,
      must_change_password: 1,
      created_at: at,
      updated_at: at,
    })
    .execute()
  return {
    id: g.id,
    studentNo: values.student_no,
    name: values.name,
    idCard,
    firstPassword: idCard.slice(-6),
    departmentId: dept.id,
  }
}

/** Logs a graduate in and replaces the first password, so /me calls work. */
export async function studentToken(t: TestApp, g: { studentNo: string; firstPassword: string }) {
  const first = await t.login(g.studentNo, g.firstPassword)
  const r = await t.json('POST', '/api/v1/me/password', {
    token: first,
    body: { oldPassword: g.firstPassword, newPassword: 'new-password-1' },
  })
  if (r.status !== 200) throw new Error(`password change failed: ${JSON.stringify(r.data)}`)
  return t.login(g.studentNo, 'new-password-1')
}
