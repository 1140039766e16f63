/**
 * Child process of bench/import.bench.ts: imports one XLSX through app.request on a fresh
 * on-disk database (as `npm start` runs it) and prints {seconds, maxRssMb, …}. A process of its
 * own, so that its peak RSS (process.resourceUsage().maxRSS) is the import's and nothing else's.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { adminToken, openBenchSchool } from './common.js'
import { createApp } from '../src/app.js'

const [path, dir] = process.argv.slice(2)
const { store, deps } = await openBenchSchool(join(dir, 'bench.db'))
const app = createApp(deps)
const token = await adminToken(app.request)

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
