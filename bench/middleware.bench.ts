/**
 * Where /healthz's time goes (issue 19 item 4): request-thread time per request at a fixed rate
 * (this process's event-loop busy time ÷ requests answered, steadier than peak req/s on a shared
 * machine), for a bare Hono route and then the service's global middleware added one at a time,
 * up to the whole app; plus the middleware as they were before (hono/request-id, hono/secure-headers,
 * /healthz behind the session and CSRF middleware) for comparison, and the cost of matching a
 * route in the whole route table with each of Hono's routers.
 */
import { performance } from 'node:perf_hooks'
import { Hono, type MiddlewareHandler } from 'hono'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { TrieRouter } from 'hono/router/trie-router'
import { PatternRouter } from 'hono/router/pattern-router'
import { LinearRouter } from 'hono/router/linear-router'
import type { BenchContext, BenchModule, Figure } from './types.js'
import { listen } from './run.js'
import { openBench } from './common.js'
import { SERVICE_SECURE_HEADERS } from '../test/foundation/secure-headers-options.js'
import { createApp } from '../src/app.js'
import type { AppDeps } from '../src/deps.js'
import { requestIds } from '../src/middleware/request-id.js'
import { securityHeaders, PAGE_SECURITY_HEADERS, prebuiltJson } from '../src/middleware/security.js'
import { requestSizeLimit } from '../src/middleware/body-size.js'
import { authenticate, forcePasswordChange } from '../src/middleware/auth.js'
import { csrfProtection } from '../src/middleware/csrf.js'
import { loadSessionUser } from '../src/accounts/service.js'

const RATE = 3000
const r1 = (x: number) => Math.round(x * 10) / 10

async function busyUs(ctx: BenchContext, fetch: (req: Request) => Response | Promise<Response>): Promise<number> {
  const server = await listen(fetch)
  try {
    await ctx.load(`${server.url}/healthz`, { duration: 1 })
    const start = performance.eventLoopUtilization()
    const r = await ctx.load(`${server.url}/healthz`, { overallRate: RATE, duration: 5 })
    const e = performance.eventLoopUtilization(start)
    if (r.non2xx || r.errors) throw new Error(`${r.non2xx + r.errors} failed requests`)
    return r1((e.active * 1000) / Math.max(1, r.total))
  } finally {
    await server.close()
  }
}

/** The old securityHeaders: hono/secure-headers on every request (as src/middleware/security.ts had it). */
function oldSecurityHeaders(): MiddlewareHandler {
  return secureHeaders(SERVICE_SECURE_HEADERS)
}

function stack(deps: AppDeps, layers: MiddlewareHandler[], prebuilt = false) {
  const app = new Hono()
  for (const m of layers) app.use('*', m)
  app.get('/healthz', (c) => (prebuilt ? prebuiltJson(c, { ok: true }, 200, {}, 'page') : c.json({ ok: true })))
  return app.fetch
}

/** µs per match of a path in the whole route table of the service, with one of Hono's routers. */
function routerCosts(app: ReturnType<typeof createApp>): Record<string, Figure> {
  const routers = {
    regexp: () => new RegExpRouter<unknown>(),
    trie: () => new TrieRouter<unknown>(),
    pattern: () => new PatternRouter<unknown>(),
    linear: () => new LinearRouter<unknown>(),
  }
  const paths: Array<[string, string]> = [
    ['GET', '/healthz'],
    ['POST', '/api/v1/verify'],
    ['GET', '/admin/roster'],
    ['GET', '/api/v1/graduates/12/transfer-sheet.pdf'],
  ]
  const figures: Record<string, Figure> = {}
  for (const [name, make] of Object.entries(routers)) {
    const router = make()
    try {
      for (const r of app.routes) router.add(r.method, r.path, r.handler)
      for (let i = 0; i < 20_000; i++) router.match(...paths[i % paths.length]) // RegExpRouter compiles on first use
    } catch (e) {
      figures[`router_${name}_match_us`] = {
        value: Number.NaN,
        unit: 'µs',
        note: `refuses the service's route table: ${String(e).slice(0, 120)}`,
      }
      continue
    }
    const N = 200_000
    const t0 = performance.now()
    for (let i = 0; i < N; i++) router.match(...paths[i % paths.length])
    figures[`router_${name}_match_us`] = {
      value: Math.round(((performance.now() - t0) * 1000 * 100) / N) / 100,
      unit: 'µs',
      note: `one match in the service's ${app.routes.length} routes and middleware (mean over ${paths.length} paths)`,
    }
  }
  return figures
}

/**
 * The same layers measured in-process (`fetch(new Request(...))`, no socket), interleaved: round
 * after round every variant runs 1,000 requests, and each keeps its fastest round. On a machine
 * shared with other work this attributes the cost of each layer far more steadily than HTTP runs
 * one after another (the socket write, the same for every variant, is left out).
 */
export async function inProcessProfile(
  variants: Array<[string, string, (req: Request) => Response | Promise<Response>]>,
  rounds = 40,
  N = 1000,
): Promise<Record<string, Figure>> {
  const best = new Map<string, number>()
  for (let round = 0; round < rounds; round++) {
    for (const [key, , fetch] of variants) {
      const t0 = performance.now()
      for (let i = 0; i < N; i++) {
        const res = await fetch(new Request('http://127.0.0.1/healthz'))
        if (res.status !== 200) throw new Error(`${key}: ${res.status}`)
        await res.arrayBuffer()
      }
      const us = ((performance.now() - t0) * 1000) / N
      if (round > 0) best.set(key, Math.min(best.get(key) ?? Infinity, us)) // round 0 warms up
    }
  }
  const figures: Record<string, Figure> = {}
  for (const [key, note] of variants)
    figures[`mw_inproc_${key}_us`] = {
      value: Math.round(best.get(key)! * 100) / 100,
      unit: 'µs',
      note: `${note}; in-process GET /healthz, fastest of ${rounds - 1} interleaved rounds`,
    }
  return figures
}

export function profileVariants(
  deps: AppDeps,
): Array<[string, string, (req: Request) => Response | Promise<Response>]> {
  const inject: MiddlewareHandler = (c, next) => {
    c.set('deps', deps)
    return next()
  }
  const rid = requestIds() as MiddlewareHandler
  const sec = securityHeaders()
  const size = requestSizeLimit() as MiddlewareHandler
  const session = [authenticate({ loadSessionUser }), csrfProtection(), forcePasswordChange()] as MiddlewareHandler[]
  return [
    ['bare', 'a bare Hono route', stack(deps, [])],
    ['request_id', '+ request id (prefix and counter)', stack(deps, [rid])],
    ['request_id_hono', '+ hono/request-id instead (randomUUID, header checked)', stack(deps, [requestId()])],
    ['security', '+ precomputed security headers', stack(deps, [rid, sec])],
    ['security_hono', '+ hono/secure-headers instead', stack(deps, [requestId(), oldSecurityHeaders()])],
    ['deps', '+ deps', stack(deps, [rid, sec, inject])],
    ['prebuilt', '+ the answer with its headers prebuilt (as /healthz now)', stack(deps, [rid, sec, inject], true)],
    [
      'session',
      '+ body limit, session, CSRF and password-change middleware before /healthz (as before)',
      stack(deps, [requestId(), oldSecurityHeaders(), inject, size, ...session]),
    ],
    ['app', 'the whole app (createApp)', createApp(deps).fetch],
  ]
}

const bench: BenchModule = {
  name: 'middleware',
  async run(ctx) {
    const { store, deps } = await openBench(':memory:', { ADMIN_PASSWORD: 'bench-password' })
    const variants = profileVariants(deps)
    const figures: Record<string, Figure> = {}
    let bare = 0
    for (const [key, note, fetch] of variants) {
      const us = await busyUs(ctx, fetch)
      if (key === 'bare') bare = us
      figures[`mw_healthz_${key}_us`] = {
        value: us,
        unit: 'µs',
        ...(key === 'bare' ? {} : { baseline: bare, ratio: Math.round((bare / us) * 1000) / 1000 }),
        note: `${note}; request-thread time per GET /healthz at ${RATE} req/s`,
      }
    }
    // The load generator's own share of the two cores when it drives a route as fast as it can:
    // whatever it takes, the server under test does not get (see BENCHMARKS.md).
    for (const [key, fetch] of [
      ['bare', stack(deps, [])],
      ['app', createApp(deps).fetch],
    ] as const) {
      const server = await listen(fetch)
      try {
        await ctx.load(`${server.url}/healthz`, { duration: 1 })
        const r = await ctx.load(`${server.url}/healthz`, { duration: 5 })
        figures[`loadgen_cpu_${key}_healthz_cores`] = {
          value: Math.round(r.cpuCores * 100) / 100,
          unit: 'cores',
          note: `autocannon's CPU time ÷ wall time while driving ${key === 'bare' ? 'the bare route' : 'the whole app'} at full speed (${Math.round(r.rps)} req/s)`,
        }
      } finally {
        await server.close()
      }
    }
    Object.assign(figures, await inProcessProfile(variants))
    const app = createApp(deps)
    Object.assign(figures, routerCosts(app))
    // Hono's default SmartRouter keeps the first router that accepts every route (RegExpRouter, then TrieRouter).
    await app.request('/healthz')
    const active = (app.router as unknown as { activeRouter?: { name: string } }).activeRouter?.name ?? app.router.name
    figures.router_in_use = {
      value: active === 'RegExpRouter' ? 1 : 0,
      unit: 'RegExpRouter?',
      note: `SmartRouter chose ${active}`,
    }
    figures.mw_page_headers = { value: Object.keys(PAGE_SECURITY_HEADERS).length, unit: 'headers' }
    await store.close()
    return figures
  },
}

export default bench
