/**
 * Child process of bench/import.bench.ts: imports one XLSX through app.request on a fresh
 * on-disk database (as `npm start` runs it) and prints {seconds, maxRssMb, …}. A process of its
 * own, so that its peak RSS (process.resourceUsage().maxRSS) is the import's and nothing else's.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseConfig } from '../src/config.js'
import { openSqlite, migrate } from '../src/platform/node/sqlite.js'
import { bootstrap } from '../src/accounts/bootstrap.js'
import { createApp } from '../src/app.js'
import { memoryStorage } from '../src/platform/memory/storage.js'
import { bufferedLookupLog } from '../src/db/lookup-log.js'

const [path, dir] = process.argv.slice(2)
const store = openSqlite(join(dir, 'bench.db'))
migrate(store.sqlite)
const config = parseConfig({ ADMIN_PASSWORD: 'bench-admin-pass', SCHOOL_CODE: '10001', SCHOOL_NAME: '基准大学' })
const now = () => new Date()
const params = { ln: 10, r: 8, p: 1 }
const boot = await bootstrap(store.db, config, now(), params)
const app = createApp({
  db: store.db,
  batch: store.batch,
  config,
  secretKey: boot.secretKey,
  now,
  storage: memoryStorage(),
  lookupLog: bufferedLookupLog(store.db, { timers: false }),
  passwordParams: params,
})
const login = await app.request('/api/v1/session', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: 'bench-admin-pass' }),
})
const { token } = (await login.json()) as { token: string }

const fd = new FormData()
fd.append('file', new File([readFileSync(path)], process.argv[4] ?? 'roster-50k.xlsx'))
const baselineMb = process.memoryUsage().rss / 1048576
const started = performance.now()
const res = await app.request('/api/v1/graduates/import', {
  method: 'POST',
  headers: { Authorization: `Bearer ${token}` },
  body: fd,
})
const body = (await res.json()) as { total: number; created: number; failed: number }
const seconds = (performance.now() - started) / 1000
const n = store.sqlite.prepare(`SELECT count(*) FROM users WHERE role = 'student'`).pluck().get() as number
process.stdout.write(
  JSON.stringify({
    status: res.status,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baselineMb,
    total: body.total,
    created: body.created,
    failed: body.failed,
    students: n,
  }) + '\n',
)
await store.close()
