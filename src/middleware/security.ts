import type { Context, MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/**
 * Security decision: the headers of a JSON API answer (OWASP REST Security Cheat Sheet, "Security
 * headers"). An API answer is data, never a document a browser renders, so it needs no script,
 * style or image sources: `default-src 'none'` forbids everything should a browser ever render
 * it, `frame-ancestors 'none'` and `X-Frame-Options: DENY` stop framing, `nosniff` stops a
 * browser from guessing a type other than JSON, `no-referrer` keeps URLs from leaking, HSTS pins
 * HTTPS, and `Cross-Origin-Resource-Policy: same-origin` keeps other sites from loading it. The
 * page-only headers (Permissions-Policy, COOP, X-XSS-Protection, …) have no effect on JSON and
 * are left out: each header costs time on the hottest route (the public lookup, BENCHMARKS.md).
 * Cache-Control stays with each route (the lookup sets no-store itself).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'Cross-Origin-Resource-Policy': 'same-origin',
})
const API_HEADER_ENTRIES = Object.entries(API_SECURITY_HEADERS)

/** Responses built by apiJson(): they already carry the API headers and the request id. */
const prebuilt = new WeakSet<Response>()

/**
 * A JSON answer for a hot API route with every header already in place, as a plain object: with
 * @hono/node-server such a response is written straight to the socket, without building a
 * `Headers` object and setting each header through it afterwards.
 */
export function apiJson(c: Context, body: unknown, status: number, headers: Record<string, string> = {}): Response {
  const requestId = c.get('requestId') as string | undefined
  const res = new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json',
      ...API_SECURITY_HEADERS,
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
      ...headers,
    },
  })
  prebuilt.add(res)
  return res
}

/**
 * Security decision: strict headers on every response. The CSP allows scripts, styles and images
 * from this origin only — no inline script or style anywhere, so an injected string cannot run;
 * `frame-ancestors 'none'` (and X-Frame-Options) stops click-jacking of the lookup and review
 * pages; `form-action 'self'` keeps forms from posting elsewhere; `Referrer-Policy: no-referrer`
 * keeps the QR link (the one URL that carries a number) from leaking to other sites.
 * JSON answers under /api/ get API_SECURITY_HEADERS instead; everything else there (files,
 * downloads) keeps the full set.
 */
export function securityHeaders({ extraImgSrc = [] as string[] } = {}): MiddlewareHandler {
  const full = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...extraImgSrc],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  })
  const noop = async () => {}
  return async function securityHeadersMiddleware(c, next) {
    if (!c.req.path.startsWith('/api/')) return full(c, next)
    await next()
    if (prebuilt.has(c.res)) return
    if (!/json/i.test(c.res.headers.get('content-type') ?? '')) return full(c, noop)
    const headers = c.res.headers
    for (const [k, v] of API_HEADER_ENTRIES) headers.set(k, v)
  }
}
