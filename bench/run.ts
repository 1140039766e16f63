/**
 * `npm run bench`: measures the ceiling (a bare Hono JSON route on @hono/node-server) and then
 * every bench/*.bench.ts module, in this one run, so ratios compare numbers taken on the same
 * machine at the same time. Prints a table and writes bench-results.json.
 */
import { spawn } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, platform, release } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { BenchContext, BenchModule, Figure } from './types.js'
import { openBench } from './common.js'
import { createApp } from '../src/app.js'

const here = dirname(fileURLToPath(import.meta.url))
const DURATION = Number(process.env.BENCH_DURATION ?? 8)

export const load: BenchContext['load'] = (url, opts = {}) =>
  new Promise((resolve, reject) => {
    const args = JSON.stringify({
      url,
      connections: opts.connections ?? 50,
      duration: opts.duration ?? DURATION,
      overallRate: opts.overallRate,
      method: opts.method,
      body: opts.body,
      headers: opts.headers,
      requests: opts.requests,
    })
    const child = spawn(process.execPath, [join(here, 'load-runner.mjs'), args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load runner exited ${code}`)),
    )
  })

export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) })
    })
  })
}

async function measureBaselines(): Promise<{ bare: number; barePost: number; full: number }> {
  const bareApp = new Hono()
  bareApp.get('/healthz', (c) => c.json({ ok: true }))
  bareApp.post('/echo', async (c) => c.json(await c.req.json()))
  const bare = await listen(bareApp.fetch)
  const { deps } = await openBench(':memory:', { ADMIN_PASSWORD: 'bench-password' })
  const full = await listen(createApp(deps).fetch)
  await load(`${bare.url}/healthz`, { duration: 2 }) // warm-up
  await load(`${full.url}/healthz`, { duration: 2 })
  // Alternating runs (bare, full, bare, full), each figure the mean of its two: on a shared
  // machine a burst of someone else's work then disturbs both sides of the ratio alike.
  const bareRuns: number[] = []
  const fullRuns: number[] = []
  for (let i = 0; i < 2; i++) {
    bareRuns.push((await load(`${bare.url}/healthz`)).rps)
    fullRuns.push((await load(`${full.url}/healthz`)).rps)
  }
  const body = JSON.stringify({ kind: 'archive', name: '阿依古丽·买买提', number: '2610001QC42UDY7HN' })
  const postResult = await load(`${bare.url}/echo`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  })
  await bare.close()
  await full.close()
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  console.log(
    `  bare ${bareRuns.map(Math.round).join(', ')} req/s; full stack ${fullRuns.map(Math.round).join(', ')} req/s`,
  )
  return { bare: mean(bareRuns), barePost: postResult.rps, full: mean(fullRuns) }
}

async function main() {
  const only = process.argv.slice(2)
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
  }
  const figures: Record<string, Figure> = {}
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`)
  const base = await measureBaselines()
  figures.bare_hono_rps = { value: Math.round(base.bare), unit: 'req/s' }
  figures.bare_hono_post_rps = {
    value: Math.round(base.barePost),
    unit: 'req/s',
    baseline: Math.round(base.bare),
    ratio: round(base.barePost / base.bare),
    note: 'a bare POST route parsing a small JSON body: the ceiling for POST /api/v1/verify',
  }
  figures.full_stack_rps = {
    value: Math.round(base.full),
    unit: 'req/s',
    baseline: Math.round(base.bare),
    ratio: round(base.full / base.bare),
  }
  figures.full_stack_healthz_ratio = {
    value: round(base.full / base.bare),
    unit: 'ratio',
    baseline: Math.round(base.bare),
    note: 'GET /healthz through every middleware ÷ the bare Hono route, same run; target ≥ 0.6',
  }
  const ctx: BenchContext = { bareHonoRps: base.bare, barePostRps: base.barePost, load }

  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)).default as BenchModule
    if (only.length && !only.includes(mod.name)) continue
    console.log(`… ${mod.name}`)
    try {
      Object.assign(figures, await mod.run(ctx))
    } catch (e) {
      console.error(`benchmark ${mod.name} failed:`, e)
      figures[`${mod.name}_failed`] = { value: 1, unit: 'error', note: String(e).slice(0, 200) }
    }
  }

  const rows = Object.entries(figures).map(([name, f]) => ({
    name,
    value: f.value,
    unit: f.unit,
    baseline: f.baseline ?? '',
    ratio: f.ratio ?? '',
  }))
  console.table(rows)
  writeFileSync('bench-results.json', JSON.stringify({ machine, figures }, null, 2) + '\n')
  console.log('wrote bench-results.json')
  process.exit(0)
}

const round = (x: number) => Math.round(x * 1000) / 1000

if (import.meta.url === pathToFileURL(process.argv[1]).href) main()
