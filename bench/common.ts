/**
 * What the benchmarks share: a migrated and bootstrapped SQLite database with the app's
 * dependencies over it (as the Node entry builds them), the administrator's bearer token, this
 * month's 毕业时间, and the lookup requests autocannon cycles through.
 */
import { sqliteStatements } from '../src/platform/node/statements.js'
import { parseConfig } from '../src/config.js'
import { openSqlite, migrate, type SqliteDatabase } from '../src/platform/node/sqlite.js'
import { bootstrap } from '../src/accounts/bootstrap.js'
import { memoryStorage } from '../src/platform/memory/storage.js'
import { bufferedLookupLog } from '../src/db/lookup-log.js'
import type { ScryptParams } from '../src/accounts/password.js'
import type { AppDeps } from '../src/deps.js'

type BufferedLookupLog = ReturnType<typeof bufferedLookupLog>

export const BENCH_ADMIN_PASSWORD = 'bench-admin-pass'
/** Cheap scrypt, for benches that sign in but do not measure the password hash. */
export const FAST_HASH: ScryptParams = { ln: 10, r: 8, p: 1 }

/**
 * Opens (and creates) the database at `path`, applies the migrations, bootstraps the school and
 * its administrator from `env`, and returns the dependencies of the app: a buffered lookup log
 * (with its flush timer unless `timers: false`) and the given password parameters; `over`
 * replaces any of them.
 */
export async function openBench(
  path: string,
  env: Record<string, string>,
  {
    passwordParams,
    now = () => new Date(),
    timers = true,
  }: { passwordParams?: ScryptParams; now?: () => Date; timers?: boolean } = {},
): Promise<{ store: SqliteDatabase; schoolId: number; deps: AppDeps & { lookupLog: BufferedLookupLog } }> {
  const store = openSqlite(path)
  migrate(store.sqlite)
  const config = parseConfig(env)
  const boot = await bootstrap(store.db, config, now(), passwordParams)
  const deps = {
    db: store.db,
    batch: store.batch,
    config,
    secretKey: boot.secretKey,
    now,
    storage: memoryStorage(),
    lookupLog: bufferedLookupLog(store.db, { timers }),
    // As npm start has it (src/platform/node/app-deps.ts): /healthz and the lookup run reused
    // prepared statements. Without it every /healthz prepared its SELECT anew through Kysely.
    statements: sqliteStatements(store.sqlite),
    ...(passwordParams ? { passwordParams } : {}),
  }
  return { store, schoolId: boot.schoolId, deps }
}

/**
 * The school of the benches that drive the app in-process (transfer, import): 基准大学 on the
 * database at `path`, cheap scrypt, the lookup log flushed only when asked.
 */
export const openBenchSchool = (path: string) =>
  openBench(
    path,
    { ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, SCHOOL_CODE: '10001', SCHOOL_NAME: '基准大学' },
    { passwordParams: FAST_HASH, timers: false },
  )

/** Signs the administrator in through `request` (an app's `request`, or fetch on a server's origin). */
export async function adminToken(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  password = BENCH_ADMIN_PASSWORD,
): Promise<string> {
  const r = await request('/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  })
  if (!r.ok) throw new Error(`login: ${r.status} ${await r.text()}`)
  return ((await r.json()) as { token: string }).token
}

/** 毕业时间 of this month in Beijing time: every number of it is inside its window whatever day the bench runs. */
export function graduatingThisMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000)
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** One POST /api/v1/verify (archive) per sampled graduate, for autocannon's `requests`. */
export function verifyRequests(sample: Array<{ name: string; number: string }>) {
  return sample.map((s) => ({
    method: 'POST',
    path: '/api/v1/verify',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'archive', name: s.name, number: s.number }),
  }))
}
