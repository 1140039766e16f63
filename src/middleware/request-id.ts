/**
 * A request id on every request (`c.get('requestId')`, sent back as `X-Request-Id` by
 * securityHeaders), so a user's report of an error page can be matched with the server's log line.
 *
 * Performance: an id is a random per-process prefix and a counter — `k3x9q2ab-1z` — instead of a
 * fresh `crypto.randomUUID()` checked against the client's own `X-Request-Id` on each request
 * (hono/request-id), which cost a measurable share of `/healthz` (BENCHMARKS.md). It only has to
 * be unique, not unguessable: it grants nothing. The prefix (48 random bits) keeps the ids of the
 * processes of one server, and of Workers isolates, apart. It is drawn on the first request, since
 * Workers allow no random values at module load. A client's own `X-Request-Id` is ignored, so it
 * cannot plant a misleading id in the log.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../deps.js'

let prefix = ''
let counter = 0

function nextRequestId(): string {
  if (!prefix) {
    const bytes = new Uint8Array(6)
    crypto.getRandomValues(bytes)
    prefix = Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')
  }
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER
  return `${prefix}-${counter.toString(36)}`
}

export function requestIds(): MiddlewareHandler<AppEnv> {
  return function requestIdMiddleware(c, next) {
    c.set('requestId', nextRequestId())
    return next()
  }
}
