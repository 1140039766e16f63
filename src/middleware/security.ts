import type { Context, MiddlewareHandler } from 'hono'

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
const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'Cross-Origin-Resource-Policy': 'same-origin',
})
const API_HEADER_ENTRIES = Object.entries(API_SECURITY_HEADERS)

/**
 * Security decision: strict headers on every response that is not a JSON API answer. The CSP
 * allows scripts, styles and images from this origin only — no inline script or style anywhere, so
 * an injected string cannot run; `frame-ancestors 'none'` (and X-Frame-Options) stops
 * click-jacking of the lookup and review pages; `form-action 'self'` keeps forms from posting
 * elsewhere; `Referrer-Policy: no-referrer` keeps the QR link (the one URL that carries a number)
 * from leaking to other sites. The rest is hono/secure-headers' default set (COOP, CORP,
 * Origin-Agent-Cluster, HSTS, nosniff, …) with camera, microphone and geolocation disallowed.
 *
 * Performance: the set is written out once here, not rebuilt by hono/secure-headers on every
 * request; test/foundation/security-headers.test.ts checks it stays exactly what
 * `secureHeaders()` with these options sends.
 */
function pageSecurityHeaders(extraImgSrc: readonly string[] = []): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...extraImgSrc].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  return Object.freeze({
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'DENY',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
    'Content-Security-Policy': csp,
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  })
}
export const PAGE_SECURITY_HEADERS = pageSecurityHeaders()

/** Responses built by prebuiltJson(): they already carry their security headers and the request id. */
const prebuilt = new WeakSet<Response>()

/**
 * A JSON answer for a hot route with every header already in place, as a plain object: with
 * @hono/node-server such a response is written straight to the socket, without building a
 * `Headers` object and setting each header through it afterwards (BENCHMARKS.md). `policy` says
 * which set it carries: `api` under /api/, `page` elsewhere (/healthz) — the same set
 * securityHeaders would have added.
 */
export function prebuiltJson(
  c: Context,
  body: unknown,
  status: number,
  headers: Record<string, string> = {},
  policy: 'api' | 'page' = 'api',
): Response {
  const requestId = c.get('requestId') as string | undefined
  const res = new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json',
      ...(policy === 'api' ? API_SECURITY_HEADERS : PAGE_SECURITY_HEADERS),
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
      ...headers,
    },
  })
  prebuilt.add(res)
  return res
}

/** A JSON API answer (under /api/) with its headers in place: see prebuiltJson. */
export const apiJson = (c: Context, body: unknown, status: number, headers: Record<string, string> = {}) =>
  prebuiltJson(c, body, status, headers, 'api')

const JSON_TYPE = /json/i

/**
 * Security decision: every response carries the request id and one of the two header sets above —
 * API_SECURITY_HEADERS for JSON answers under /api/, PAGE_SECURITY_HEADERS for everything else
 * (pages, and files or downloads under /api/). Written after the handler, so nothing a handler
 * does can leave them out; responses from prebuiltJson() already carry them.
 */
export function securityHeaders({ extraImgSrc = [] as string[] } = {}): MiddlewareHandler {
  const page = Object.entries(extraImgSrc.length ? pageSecurityHeaders(extraImgSrc) : PAGE_SECURITY_HEADERS)
  return async function securityHeadersMiddleware(c, next) {
    await next()
    const res = c.res
    if (prebuilt.has(res)) return
    const headers = res.headers
    const entries =
      c.req.path.startsWith('/api/') && JSON_TYPE.test(headers.get('content-type') ?? '') ? API_HEADER_ENTRIES : page
    for (const [k, v] of entries) headers.set(k, v)
    headers.delete('X-Powered-By')
    const id = c.get('requestId') as string | undefined
    if (id) headers.set('X-Request-Id', id)
  }
}
