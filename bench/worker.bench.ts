/**
 * What the edge costs per request (issue 8): the public lookup on the Worker — the real bundle in
 * workerd with a local D1, started by `npm run dev:worker` — against the same lookup on Node
 * (better-sqlite3, @hono/node-server), both on loopback, both on the SAME small dataset built
 * from one seed SQL file, with the same autocannon load (50 connections, 400 graduates cycled).
 *
 * Figures:
 * - worker_lookup_rps — baseline: Node's lookup on the same data in this run (worker_node_lookup_rps), ratio.
 * - worker_lookup_p99_ms, worker_node_lookup_rps.
 * - worker_healthz_rps — /healthz on the same local Worker: what `wrangler dev` itself allows here.
 * - worker_bundle_gzip_mb — the deployable bundle (`wrangler deploy --dry-run --outdir`), every
 *   module gzipped (level 9, what the upload limit counts), CJK font included when the app bundles it.
 *
 * Local workerd is not the edge: D1 there is a SQLite file behind a local Durable Object, so the
 * figure is the runtime's and the D1 binding's overhead, not network latency to a D1 primary.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { D1Database } from '@cloudflare/workers-types/index'
import type { BenchModule, Figure } from './types.js'
import { listen } from './run.js'
import { graduatingThisMonth, openBench, verifyRequests } from './common.js'
import { REGISTRATION } from './lookup.bench.js'
import { startDevWorker } from '../test/processes.js'
import { createApp } from '../src/app.js'
import { sqliteStatements } from '../src/platform/node/statements.js'
import { generateNumber } from '../src/domain/numbers.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js')
const ROWS = Number(process.env.BENCH_WORKER_ROWS ?? 20_000)
const SAMPLE = 400
const SCHOOL = { code: '10001', name: '测试大学' }
const ADMIN_PASSWORD = 'bench-password'

const q = (s: string) => `'${s.replace(/'/g, "''")}'`

/**
 * One seed script for both runtimes: the school, a department, ROWS graduates and approved
 * registrations (recursive CTEs), and a current 转递编号 each (from JS: they need the check
 * character), in statements small enough for D1 (< 100 KB each).
 */
export function seedSql(
  graduationTime: string,
  rows = ROWS,
): { statements: string[]; sample: Array<{ name: string; number: string }> } {
  const at = new Date().toISOString()
  const school = `(SELECT id FROM schools WHERE code = ${q(SCHOOL.code)})`
  const parts = [
    `INSERT OR IGNORE INTO schools (code, name, created_at) VALUES (${q(SCHOOL.code)}, ${q(SCHOOL.name)}, ${q(at)});`,
    `INSERT OR IGNORE INTO departments (school_id, name, created_at) VALUES (${school}, '计算机学院', ${q(at)});`,
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows})
INSERT INTO graduates (id, school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code, political_code,
  education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code, enrolled_at, graduation_time, phone, created_at, updated_at)
SELECT i, ${school}, (SELECT id FROM departments WHERE name = '计算机学院'), printf('S%09d', i), '毕业生' || i, '毕业生' || i, printf('B%017d', i),
  CASE i % 2 WHEN 0 THEN '2' ELSE '1' END, '01', '13', '31', '080901', '计算机科学与技术', '4', '1', '110108', '202209', ${q(graduationTime)}, '13800138000', ${q(at)}, ${q(at)}
FROM seq;`,
    `INSERT INTO registrations (graduate_id, status, source, version, destination, archive, hukou, submitted_at, approved_at, created_at, updated_at)
SELECT id, 'approved', '登记系统', 1, ${q(REGISTRATION.destination)}, ${q(REGISTRATION.archive)}, ${q(REGISTRATION.hukou)}, ${q(at)}, ${q(at)}, ${q(at)}, ${q(at)} FROM graduates;`,
  ]
  const seen = new Set<string>()
  const sample: Array<{ name: string; number: string }> = []
  const every = Math.max(1, Math.floor(rows / SAMPLE))
  let values: string[] = []
  for (let i = 1; i <= rows; i++) {
    let n = generateNumber('transfer', graduationTime, SCHOOL.code)
    while (seen.has(n)) n = generateNumber('transfer', graduationTime, SCHOOL.code)
    seen.add(n)
    values.push(`(${q(n)}, ${i}, 1, ${q(at)})`)
    if (i % every === 0 && sample.length < SAMPLE) sample.push({ name: `毕业生${i}`, number: n })
    if (values.length === 500 || i === rows) {
      parts.push(
        `INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at) VALUES ${values.join(',')};`,
      )
      values = []
    }
  }
  parts.push('ANALYZE;')
  return { statements: parts, sample }
}

/** No metrics, no update check, no colour: wrangler's output stays plain and local. */
const QUIET = { WRANGLER_SEND_METRICS: 'false', CI: '1', NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' }

function wrangler(args: string[]) {
  const r = spawnSync(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...QUIET },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (r.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/**
 * Migrations and the seed into the local D1 kept in `persist` (what `wrangler dev --persist-to`
 * reads): migrations by `wrangler d1 migrations apply`, the seed through wrangler's own local D1
 * binding (getPlatformProxy) — `wrangler d1 execute --file` would send the whole file as one
 * statement, over SQLite's length cap.
 */
export async function seedWorkerDb(persist: string, statements: string[]) {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist])
  // Imported here: wrangler is large, and bench/run.ts loads every module even when running one.
  const { getPlatformProxy } = await import('wrangler')
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(ROOT, 'wrangler.toml'),
    persist: { path: join(persist, 'v3') },
    envFiles: [],
    remoteBindings: false,
  })
  try {
    for (const st of statements) await proxy.env.DB.prepare(st).run()
  } finally {
    await proxy.dispose()
  }
}

/** The deployable bundle, every module gzipped at level 9, in MB (10^6 bytes). */
function bundleSize(): { rawMb: number; gzipMb: number; files: string[] } {
  const out = mkdtempSync(join(tmpdir(), 'quxiang-bundle-'))
  try {
    wrangler(['deploy', '--dry-run', '--outdir', out])
    const files = readdirSync(out).filter((f) => !f.endsWith('.map') && f !== 'README.md')
    let raw = 0
    let gz = 0
    for (const f of files) {
      const p = join(out, f)
      if (!statSync(p).isFile()) continue
      const data = readFileSync(p)
      raw += data.length
      gz += gzipSync(data, { level: 9 }).length
    }
    const mb = (b: number) => Math.round(b / 1e4) / 100
    return { rawMb: mb(raw), gzipMb: mb(gz), files }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

const workerBench: BenchModule = {
  name: 'worker',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-worker-bench-'))
    const figures: Record<string, Figure> = {}
    try {
      const { statements, sample } = seedSql(graduatingThisMonth())
      const requests = verifyRequests(sample)

      // Node: the same seed in a SQLite file, the real app, the prepared-statement port.
      const nodeDb = join(dir, 'node.db')
      const { store, deps } = await openBench(nodeDb, {
        ADMIN_PASSWORD,
        SCHOOL_CODE: SCHOOL.code,
        SCHOOL_NAME: SCHOOL.name,
        DATABASE_PATH: nodeDb,
      })
      store.sqlite.exec(statements.join('\n'))
      const server = await listen(createApp({ ...deps, statements: sqliteStatements(store.sqlite) }).fetch)
      await ctx.load(server.url, { requests, duration: 2 })
      const node = await ctx.load(server.url, { requests })
      await server.close()
      await deps.lookupLog.stop()
      await store.close()

      // Worker: migrations and the same seed into a local D1, then `npm run dev:worker` on it.
      const workerDb = join(dir, 'worker.db')
      const persist = `${workerDb}.workers`
      await seedWorkerDb(persist, statements)
      const worker = await startDevWorker(
        {
          ...QUIET,
          DATABASE_PATH: workerDb,
          ADMIN_PASSWORD,
          SCHOOL_CODE: SCHOOL.code,
          SCHOOL_NAME: SCHOOL.name,
        },
        180_000,
      )
      let w
      let health
      try {
        const probe = await fetch(worker.url + requests[0].path, {
          method: 'POST',
          headers: requests[0].headers,
          body: requests[0].body,
        })
        if (probe.status !== 200) throw new Error(`worker lookup answered ${probe.status}: ${await probe.text()}`)
        await ctx.load(worker.url, { requests, duration: 2 })
        w = await ctx.load(worker.url, { requests })
        health = await ctx.load(`${worker.url}/healthz`)
      } finally {
        await worker.stop()
      }
      const bad = node.non2xx + node.errors + w.non2xx + w.errors
      if (bad) console.warn(`  warning: ${bad} non-2xx or failed requests`)

      figures.worker_lookup_rps = {
        value: Math.round(w.rps),
        unit: 'req/s',
        baseline: Math.round(node.rps),
        ratio: Math.round((w.rps / node.rps) * 1000) / 1000,
        note: `POST /api/v1/verify in local workerd + D1 (npm run dev:worker) ÷ the same on Node, ${ROWS} graduates, 50 connections`,
      }
      figures.worker_lookup_p99_ms = { value: w.p99, unit: 'ms' }
      figures.worker_healthz_rps = {
        value: Math.round(health.rps),
        unit: 'req/s',
        note: 'GET /healthz on the same local Worker: the ceiling of wrangler dev + workerd on this machine (a no-op Worker measures the same), so lookup ÷ this is the cost of the app and the local D1',
      }
      figures.worker_node_lookup_rps = {
        value: Math.round(node.rps),
        unit: 'req/s',
        note: `Node lookup on the same ${ROWS}-graduate seed (the baseline of worker_lookup_rps)`,
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const size = bundleSize()
    figures.worker_bundle_gzip_mb = {
      value: size.gzipMb,
      unit: 'MB',
      baseline: 10,
      ratio: Math.round((size.gzipMb / 10) * 1000) / 1000,
      note: `wrangler deploy --dry-run --outdir, each module gzip -9 (${size.files.join(', ')}); raw ${size.rawMb} MB; limit 10 MB (paid plan)`,
    }
    return figures
  },
}

export default workerBench
