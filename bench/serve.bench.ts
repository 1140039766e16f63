/**
 * The service as `npm start` runs it (issue 19 item 3): src/server.ts in a child process with the
 * start script's own Node flags, on a SQLite file with 200,000 graduates who can be looked up and
 * 2,000 more in one 院系 for the ZIP. Lookups come from autocannon (50 connections, every lookup
 * logged). Figures, each a ratio of numbers taken in this run:
 *  - lookup_under_import_ratio / _p99_ms: lookups while a 50,000-row XLSX import and a 2,000-sheet
 *    ZIP run on the same server ÷ the same lookups idle (WEB_CONCURRENCY=1, the strictest case);
 *  - multi_core_lookup_ratio: lookups with WEB_CONCURRENCY=2 ÷ 1, when the server supports it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchContext, BenchModule, Figure } from './types.js'
import { build } from './lookup.bench.js'
import { seedGraduates } from './transfer-seed.js'
import { writeRosterXlsx } from './import.bench.js'
import { adminToken, BENCH_ADMIN_PASSWORD, graduatingThisMonth, openBench, verifyRequests } from './common.js'
import { freePort } from '../test/processes.js'

const root = join(import.meta.dirname, '..')
const LOOKUP_ROWS = Number(process.env.BENCH_SERVE_ROWS ?? 200_000)
const ADMIN_PASSWORD = BENCH_ADMIN_PASSWORD

/** The Node arguments of `npm start`, read from package.json so the bench follows any change to them. */
function startArgs(): string[] {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string
  const words = script.trim().split(/\s+/)
  if (words[0] !== 'node') throw new Error(`unexpected start script: ${script}`)
  return words.slice(1)
}

async function startServer(dbPath: string, concurrency: number): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, startArgs(), {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      SCHOOL_CODE: '10001',
      SCHOOL_NAME: '基准大学',
      WEB_CONCURRENCY: String(concurrency),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const url = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { url, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`server did not answer /healthz: ${out}`)
}

/** Whether the server on main runs one process per WEB_CONCURRENCY (the node:cluster supervisor). */
const supportsConcurrency = () => readFileSync(join(root, 'src/server.ts'), 'utf8').includes('WEB_CONCURRENCY')

const bench: BenchModule = {
  name: 'serve',
  async run(ctx: BenchContext) {
    const dir = mkdtempSync(join(tmpdir(), 'qx-serve-'))
    const dbPath = join(dir, 'serve.db')
    try {
      const { store, schoolId } = await openBench(
        dbPath,
        { ADMIN_PASSWORD, SCHOOL_CODE: '10001', SCHOOL_NAME: '基准大学', DATABASE_PATH: dbPath },
        { timers: false },
      )
      const sample = build(store, schoolId, graduatingThisMonth(), LOOKUP_ROWS)
      seedGraduates(store.sqlite, schoolId, 2000, { departments: 1 })
      await store.close()
      const xlsx = join(dir, 'roster-50k.xlsx')
      await writeRosterXlsx(xlsx, 50_000)
      const upload = readFileSync(xlsx)

      const requests = verifyRequests(sample)

      const one = await startServer(dbPath, 1)
      const figures: Record<string, Figure> = {}
      try {
        const auth = { Authorization: `Bearer ${await adminToken((path, init) => fetch(one.url + path, init))}` }
        const gen = await fetch(`${one.url}/api/v1/transfer-numbers/generate`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ department: '第1学院' }),
        })
        if (!gen.ok) throw new Error(`generate: ${gen.status} ${await gen.text()}`)

        await ctx.load(one.url, { requests, duration: 2 }) // warm-up
        const idle = await ctx.load(one.url, { requests })

        // The heavy work, started together; the lookups run while both are under way.
        const t0 = performance.now()
        const fd = new FormData()
        fd.append('file', new File([upload], 'roster-50k.xlsx'))
        const importDone = fetch(`${one.url}/api/v1/graduates/import`, {
          method: 'POST',
          headers: auth,
          body: fd,
        }).then(async (r) => ({ status: r.status, body: await r.text(), s: (performance.now() - t0) / 1000 }))
        const zipDone = fetch(`${one.url}/api/v1/transfer-sheets.zip?department=${encodeURIComponent('第1学院')}`, {
          headers: auth,
        }).then(async (r) => {
          let bytes = 0
          const reader = r.body!.getReader()
          for (let c = await reader.read(); !c.done; c = await reader.read()) bytes += c.value.byteLength
          return { status: r.status, bytes, s: (performance.now() - t0) / 1000 }
        })
        const busy = await ctx.load(one.url, { requests })
        const loadS = (performance.now() - t0) / 1000
        const [imp, zip] = await Promise.all([importDone, zipDone])
        if (imp.status !== 200) throw new Error(`import: ${imp.status} ${imp.body.slice(0, 300)}`)
        if (zip.status !== 200 || zip.bytes < 100_000) throw new Error(`zip: ${zip.status}, ${zip.bytes} bytes`)
        const bad = idle.non2xx + idle.errors + busy.non2xx + busy.errors
        if (bad) console.warn(`  warning: ${bad} non-2xx or failed lookups`)

        figures.serve_lookup_idle_rps = {
          value: Math.round(idle.rps),
          unit: 'req/s',
          note: `npm start's server, WEB_CONCURRENCY=1, ${LOOKUP_ROWS} graduates, 50 connections`,
        }
        figures.serve_lookup_idle_p99_ms = { value: idle.p99, unit: 'ms' }
        figures.loadgen_cpu_lookup_cores = {
          value: Math.round(idle.cpuCores * 100) / 100,
          unit: 'cores',
          note: "autocannon's CPU time ÷ wall time during the idle lookups",
        }
        figures.lookup_under_import_ratio = {
          value: Math.round((busy.rps / idle.rps) * 1000) / 1000,
          unit: 'ratio',
          baseline: Math.round(idle.rps),
          note: `${Math.round(busy.rps)} req/s while a 50,000-row import (${imp.s.toFixed(1)} s) and a 2,000-sheet ZIP (${zip.s.toFixed(1)} s) ran, over ${loadS.toFixed(1)} s; target ≥ 0.7`,
        }
        figures.lookup_under_import_p99_ms = { value: busy.p99, unit: 'ms', note: 'target ≤ 50 ms' }
        figures.serve_import_50k_under_load_s = { value: Number(imp.s.toFixed(2)), unit: 's' }
        figures.serve_zip_2000_under_load_s = { value: Number(zip.s.toFixed(2)), unit: 's' }
      } finally {
        await one.stop()
      }

      if (!supportsConcurrency()) {
        figures.multi_core_lookup_ratio = {
          value: Number.NaN,
          unit: 'ratio',
          note: 'not yet measurable: src/server.ts does not read WEB_CONCURRENCY (the node:cluster supervisor is not on main)',
        }
        return figures
      }
      // Alternating single and dual runs on the same (now larger) database, so both see the same data.
      const runs: Record<1 | 2, number[]> = { 1: [], 2: [] }
      for (const n of [1, 2, 1, 2] as const) {
        const s = await startServer(dbPath, n)
        try {
          await ctx.load(s.url, { requests, duration: 2 })
          runs[n].push((await ctx.load(s.url, { requests })).rps)
        } finally {
          await s.stop()
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
      figures.multi_core_lookup_rps = {
        value: Math.round(mean(runs[2])),
        unit: 'req/s',
        note: `WEB_CONCURRENCY=2 (two runs: ${runs[2].map(Math.round).join(', ')})`,
      }
      figures.multi_core_lookup_ratio = {
        value: Math.round((mean(runs[2]) / mean(runs[1])) * 1000) / 1000,
        unit: 'ratio',
        baseline: Math.round(mean(runs[1])),
        note: `÷ WEB_CONCURRENCY=1 (two runs: ${runs[1].map(Math.round).join(', ')}); autocannon shares the two cores`,
      }
      return figures
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
