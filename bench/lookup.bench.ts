/**
 * The public lookup under load (issue 7): 1,000,000 graduates, each with an approved registration
 * and a current 转递编号, in a SQLite file; the real app (createApp, every middleware, the
 * prepared-statement port, the buffered lookup log) on @hono/node-server on loopback; autocannon
 * with 50 connections in its own process, cycling through 400 different graduates.
 *
 * Figures: lookup_rps (baseline: the bare Hono route of this run, ratio), lookup_p99_ms,
 * verify_page_rps (the HTML form post), and for comparison lookup_kysely_rps (the same lookups
 * with the SQL prepared per call through Kysely instead of the reused statement) and a per-stage
 * breakdown measured in-process (stage_*_us).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { performance } from 'node:perf_hooks'
import { join } from 'node:path'
import type { BenchContext, BenchModule, Figure } from './types.js'
import { listen } from './run.js'
import { graduatingThisMonth, openBench, verifyRequests } from './common.js'
import { ARCHIVE, DESTINATION, HUKOU } from '../test/lookup/fixtures.js'
import type { SqliteDatabase } from '../src/platform/node/sqlite.js'
import { createApp } from '../src/app.js'
import { threadedLookupLog } from '../src/platform/node/lookup-log-thread.js'
import { Hono } from 'hono'
import { sqliteStatements } from '../src/platform/node/statements.js'
import { kyselyStatements } from '../src/db/statements.js'
import { generateNumber, parseNumber } from '../src/domain/numbers.js'
import { nameKey } from '../src/domain/names.js'
import { hmac } from '../src/crypto.js'
import { fetchLookup, LOOKUP_SQL } from '../src/lookup/queries.js'
import { performLookup } from '../src/lookup/service.js'
import type { AppDeps } from '../src/deps.js'

const GRADUATES = Number(process.env.BENCH_LOOKUP_ROWS ?? 1_000_000)
const SAMPLE = 400

/** Every graduate's approved registration, as stored: the lookup tests' content. */
export const REGISTRATION = {
  destination: JSON.stringify(DESTINATION),
  archive: JSON.stringify(ARCHIVE),
  hukou: JSON.stringify(HUKOU),
}

/** Fills the database with raw SQL: graduates and registrations by a recursive CTE, numbers from JS (they need the check character). */
export function build(
  store: SqliteDatabase,
  schoolId: number,
  graduationTime: string,
  rows = GRADUATES,
): Array<{ name: string; number: string }> {
  const { sqlite } = store
  const at = new Date().toISOString()
  sqlite.pragma('synchronous = OFF')
  sqlite
    .prepare('INSERT INTO departments (school_id, name, created_at) VALUES (?, ?, ?)')
    .run(schoolId, '计算机学院', at)
  const dept = (sqlite.prepare('SELECT id FROM departments WHERE school_id = ?').get(schoolId) as { id: number }).id
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
         INSERT INTO graduates (id, school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code, political_code,
           education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code, enrolled_at, graduation_time, phone, created_at, updated_at)
         SELECT i, ?, ?, printf('S%09d', i), '毕业生' || i, '毕业生' || i, printf('B%017d', i), CASE i % 2 WHEN 0 THEN '2' ELSE '1' END, '01', '13',
           '31', '080901', '计算机科学与技术', '4', '1', '110108', '202209', ?, '13800138000', ?, ?
         FROM seq`,
      )
      .run(rows, schoolId, dept, graduationTime, at, at)
    sqlite
      .prepare(
        `INSERT INTO registrations (graduate_id, status, source, version, destination, archive, hukou, submitted_at, approved_at, created_at, updated_at)
         SELECT id, 'approved', '登记系统', 1, ?, ?, ?, ?, ?, ?, ? FROM graduates`,
      )
      .run(REGISTRATION.destination, REGISTRATION.archive, REGISTRATION.hukou, at, at, at, at)
  })()
  const insert = sqlite.prepare(
    'INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at) VALUES (?, ?, 1, ?)',
  )
  const seen = new Set<string>()
  const sample: Array<{ name: string; number: string }> = []
  const every = Math.max(1, Math.floor(rows / SAMPLE))
  sqlite.transaction(() => {
    for (let i = 1; i <= rows; i++) {
      let n = generateNumber('transfer', graduationTime, '10001')
      while (seen.has(n)) n = generateNumber('transfer', graduationTime, '10001')
      seen.add(n)
      insert.run(n, i, at)
      if (i % every === 0) sample.push({ name: `毕业生${i}`, number: n })
    }
  })()
  sqlite.pragma('synchronous = NORMAL')
  sqlite.exec('ANALYZE')
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  return sample
}

async function stageTimes(
  deps: AppDeps,
  sample: Array<{ name: string; number: string }>,
): Promise<Record<string, Figure>> {
  const N = 50_000
  const us = (ms: number) => Math.round((ms * 1000 * 100) / N) / 100
  const time = async (fn: (i: number) => unknown) => {
    for (let i = 0; i < 2000; i++) await fn(i)
    const t0 = performance.now()
    for (let i = 0; i < N; i++) await fn(i)
    return us(performance.now() - t0)
  }
  const pick = (i: number) => sample[i % sample.length]
  const key = `verify:${hmac(deps.secretKey, 'client', '127.0.0.1')}`
  const figures: Record<string, Figure> = {}
  figures.stage_parse_name_hash_us = {
    value: await time(
      (i) => (parseNumber(pick(i).number), nameKey(pick(i).name), hmac(deps.secretKey, 'client', '127.0.0.1')),
    ),
    unit: 'µs',
    note: 'parseNumber + nameKey + client HMAC',
  }
  figures.stage_query_prepared_us = {
    value: await time((i) => fetchLookup(deps, 'transfer', pick(i).number, 'archive', key)),
    unit: 'µs',
    note: 'the one lookup query, reused prepared statement',
  }
  figures.stage_query_kysely_us = {
    value: await time((i) => fetchLookup({ db: deps.db }, 'transfer', pick(i).number, 'archive', key)),
    unit: 'µs',
    note: 'the same SQL prepared per call through Kysely',
  }
  figures.stage_lookup_total_us = {
    value: await time((i) =>
      performLookup(deps, { kind: 'archive', name: pick(i).name, number: pick(i).number, clientAddress: '127.0.0.1' }),
    ),
    unit: 'µs',
    note: 'performLookup: query, decision, shaping, log entry handed to the log (no HTTP)',
  }
  return figures
}

const FIXED_RATE = 2500

/**
 * Request-thread time per lookup at a fixed 2,500 req/s: the busy time of this process's event
 * loop (the servers run in it) divided by the requests answered. Steadier than peak throughput on
 * a shared 2-core machine, where one run's req/s varies by ±10%.
 */
async function busyPerRequest(
  ctx: BenchContext,
  url: string,
  requests: NonNullable<Parameters<BenchContext['load']>[1]>['requests'],
): Promise<number> {
  const start = performance.eventLoopUtilization()
  const r = await ctx.load(url, { requests, overallRate: FIXED_RATE, duration: 6 })
  const e = performance.eventLoopUtilization(start)
  return Math.round((e.active * 1000 * 10) / Math.max(1, r.total)) / 10
}

/** What the writer thread spends per log entry: 20,000 entries for random graduates, added and flushed. */
async function logWriteTime(path: string, rows: number): Promise<Figure> {
  const log = threadedLookupLog(path, { intervalMs: 60_000 })
  const N = 20_000
  const at = new Date().toISOString()
  const t0 = performance.now()
  for (let i = 0; i < N; i++)
    log.add({
      at,
      number: '2611001QC42UDY7HN',
      kind: 'archive',
      outcome: 'found',
      graduate_id: 1 + Math.floor(Math.random() * rows),
      client_hash: 'bench',
    })
  await log.stop()
  return {
    value: Math.round(((performance.now() - t0) * 1000 * 100) / N) / 100,
    unit: 'µs',
    note: 'per lookup log entry, written on the writer thread (random graduates, 5,000 per transaction)',
  }
}

const lookupBench: BenchModule = {
  name: 'lookup',
  async run(ctx) {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-lookup-bench-'))
    try {
      const bench = await openBench(
        join(dir, 'bench.db'),
        {
          ADMIN_PASSWORD: 'bench-password',
          SCHOOL_CODE: '10001',
          SCHOOL_NAME: '测试大学',
          DATABASE_PATH: join(dir, 'bench.db'),
        },
        { timers: false },
      )
      const { store } = bench
      const t0 = performance.now()
      const sample = build(store, bench.schoolId, graduatingThisMonth())
      const buildS = Math.round((performance.now() - t0) / 100) / 10
      console.log(`  built ${GRADUATES} graduates with numbers in ${buildS} s`)

      // As `npm start` runs it: the log written by its own thread (src/platform/node/lookup-log-thread.ts).
      const lookupLog = threadedLookupLog(join(dir, 'bench.db'))
      const deps: AppDeps = { ...bench.deps, lookupLog, statements: sqliteStatements(store.sqlite) }
      const server = await listen(createApp(deps).fetch)
      const apiRequests = verifyRequests(sample)
      const pageRequests = sample.map((s) => ({
        method: 'POST',
        path: '/verify',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ kind: 'archive', name: s.name, number: s.number }).toString(),
      }))

      await ctx.load(server.url, { requests: apiRequests, duration: 2 }) // warm-up
      // /healthz of this same server, right before its lookups: the baseline of lookup_ratio.
      const healthz = await ctx.load(`${server.url}/healthz`)
      const api = await ctx.load(server.url, { requests: apiRequests })
      const page = await ctx.load(server.url, { requests: pageRequests })
      const busy = await busyPerRequest(ctx, server.url, apiRequests)
      const realAnswer = (await (
        await fetch(`${server.url}/api/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: apiRequests[0].body,
        })
      ).json()) as object
      await server.close()

      const kyselyDeps: AppDeps = { ...deps, statements: kyselyStatements(store.db) }
      const kyServer = await listen(createApp(kyselyDeps).fetch)
      await ctx.load(kyServer.url, { requests: apiRequests, duration: 2 })
      const ky = await ctx.load(kyServer.url, { requests: apiRequests })
      await kyServer.close()

      // The ceiling: a bare Hono POST route (no middleware, no validation library, no log) that
      // parses the body, runs the same prepared statement and answers the row as JSON. No lookup
      // through this query on this stack can be faster than this.
      const ceilingApp = new Hono()
      const ceilingStmt = store.sqlite.prepare(LOOKUP_SQL.transfer)
      ceilingApp.post('/api/v1/verify', async (c) => {
        const b = await c.req.json<{ kind: string; number: string }>()
        return c.json(ceilingStmt.get(b.kind, b.number, 'k', 'k', b.number) ?? null)
      })
      // Two halves of the ceiling, to show where its time goes: the query with a tiny answer, and
      // no query with a constant answer of a real lookup's size.
      ceilingApp.post('/query-only', async (c) => {
        const b = await c.req.json<{ kind: string; number: string }>()
        return c.json({ found: ceilingStmt.get(b.kind, b.number, 'k', 'k', b.number) !== undefined })
      })
      ceilingApp.post('/constant', async (c) => {
        await c.req.json()
        return c.json(realAnswer)
      })
      const ceilingServer = await listen(ceilingApp.fetch)
      await ctx.load(ceilingServer.url, { requests: apiRequests, duration: 2 })
      const ceiling = await ctx.load(ceilingServer.url, { requests: apiRequests })
      const queryOnly = await ctx.load(ceilingServer.url, {
        requests: apiRequests.map((r) => ({ ...r, path: '/query-only' })),
      })
      const constant = await ctx.load(ceilingServer.url, {
        requests: apiRequests.map((r) => ({ ...r, path: '/constant' })),
      })
      const ceilingBusy = await busyPerRequest(ctx, ceilingServer.url, apiRequests)
      await ceilingServer.close()

      await lookupLog.stop()
      const logged = (store.sqlite.prepare('SELECT count(*) AS n FROM lookups').get() as { n: number }).n
      store.sqlite.pragma('wal_checkpoint(TRUNCATE)') // the runs' log rows, so the stages read like a fresh process
      const stages = await stageTimes({ ...deps, lookupLog: { add() {}, flush: async () => {} } }, sample)
      stages.stage_log_write_us = await logWriteTime(join(dir, 'bench.db'), GRADUATES)
      await store.close()

      const bad = api.non2xx + api.errors + page.non2xx + page.errors
      if (bad) console.warn(`  warning: ${bad} non-2xx or failed requests`)
      const ratio = (x: number) => Math.round((x / ctx.bareHonoRps) * 1000) / 1000
      return {
        lookup_rps: {
          value: Math.round(api.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(api.rps),
          note: `POST /api/v1/verify hits on ${GRADUATES} graduates, 50 connections, every lookup logged`,
        },
        lookup_ratio: {
          value: Math.round((api.rps / healthz.rps) * 1000) / 1000,
          unit: 'ratio',
          baseline: Math.round(healthz.rps),
          note: 'lookup_rps ÷ GET /healthz of the same server (every middleware), measured just before; target ≥ 0.6',
        },
        lookup_vs_bare_post_ratio: {
          value: Math.round((api.rps / ctx.barePostRps) * 1000) / 1000,
          unit: 'ratio',
          baseline: Math.round(ctx.barePostRps),
          note: 'lookup_rps ÷ a bare Hono POST route that parses and echoes a small JSON body (same run)',
        },
        lookup_p99_ms: { value: api.p99, unit: 'ms' },
        lookup_ceiling_rps: {
          value: Math.round(ceiling.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(ceiling.rps),
          note: 'a bare Hono POST route running the same prepared statement and answering the row: the most this query allows on this stack',
        },
        lookup_ceiling_p99_ms: { value: ceiling.p99, unit: 'ms' },
        lookup_ceiling_query_only_rps: {
          value: Math.round(queryOnly.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(queryOnly.rps),
          note: 'the ceiling route answering only {found}: the query without the answer',
        },
        lookup_ceiling_constant_rps: {
          value: Math.round(constant.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(constant.rps),
          note: 'the ceiling route answering a constant real lookup answer (same size): the answer without the query',
        },
        lookup_busy_us: {
          value: busy,
          unit: 'µs',
          note: `request-thread time per lookup at a fixed ${FIXED_RATE} req/s (event-loop busy time ÷ requests)`,
        },
        lookup_ceiling_busy_us: {
          value: ceilingBusy,
          unit: 'µs',
          baseline: busy,
          ratio: Math.round((ceilingBusy / busy) * 1000) / 1000,
          note: 'the same for the ceiling route; ratio = ceiling ÷ lookup',
        },
        lookup_vs_ceiling_ratio: {
          value: Math.round((api.rps / ceiling.rps) * 1000) / 1000,
          unit: 'ratio',
          baseline: Math.round(ceiling.rps),
          note: 'lookup_rps ÷ lookup_ceiling_rps',
        },
        verify_page_rps: {
          value: Math.round(page.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(page.rps),
          note: 'POST /verify (form) hits, HTML result page',
        },
        verify_page_p99_ms: { value: page.p99, unit: 'ms' },
        lookup_kysely_rps: {
          value: Math.round(ky.rps),
          unit: 'req/s',
          baseline: Math.round(ctx.bareHonoRps),
          ratio: ratio(ky.rps),
          note: 'the same, SQL prepared per call through Kysely (no statement reuse)',
        },
        lookup_log_rows: {
          value: logged,
          unit: 'rows',
          note: 'lookup log entries written during the runs (buffered, flushed on stop)',
        },
        lookup_db_build_s: { value: buildS, unit: 's' },
        ...stages,
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default lookupBench
