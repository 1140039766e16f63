/**
 * Security decision: CSRF protection on every form post.
 * 1. Any browser post whose `Sec-Fetch-Site` says cross-site, or whose `Origin` is not this
 *    service's, is refused outright.
 * 2. Form posts must also carry `_csrf` (or the `X-CSRF-Token` header) equal to a token bound to
 *    the session — an HMAC of the session id under the secret key — or, before login, to a random
 *    cookie (double submit), which covers login CSRF.
 * Bearer-token calls are exempt from (2): the credential is not ambient, a browser never adds it;
 * so are API calls that carry no session cookie at all.
 * The public lookup form (`/verify`) gets (1) only: it carries no authority to abuse, it must
 * work for a clerk whose browser refuses cookies, and what it answers is shown only to the poster.
 * JSON bodies cannot be posted cross-site without a CORS preflight, which this service never grants.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { hmac, randomToken } from '../crypto.js'
import { safeEqual } from '../domain/constant-time.js'

const CSRF_COOKIE = 'qx_csrf'
const CSRF_FIELD = '_csrf'

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i

/** The token a page must embed in its forms; sets the pre-login cookie when needed. */
export function csrfToken(c: Context<AppEnv>): string {
  const { secretKey } = c.get('deps')
  const user = c.get('user')
  if (user && user.via === 'cookie') return hmac(secretKey, 'csrf', user.sessionId)
  let anon = getCookie(c, CSRF_COOKIE)
  if (!anon || anon.length !== 32) {
    anon = randomToken()
    setCookie(c, CSRF_COOKIE, anon, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c) })
  }
  return hmac(secretKey, 'csrf-anon', anon)
}

export function isHttps(c: Context<AppEnv>) {
  return c.get('deps').config.publicBaseUrl.startsWith('https:')
}

export function csrfProtection({ publicPaths = ['/verify'] as string[] } = {}): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next()
    const site = c.req.header('sec-fetch-site')
    if (site === 'cross-site') throw new AppError('csrf_failed', '拒绝来自其他网站的表单提交')
    const origin = c.req.header('origin')
    if (
      origin &&
      origin !== 'null' &&
      origin !== new URL(c.req.url).origin &&
      origin !== new URL(c.get('deps').config.publicBaseUrl).origin
    ) {
      throw new AppError('csrf_failed', '拒绝来自其他网站的表单提交')
    }
    // Under our `Referrer-Policy: no-referrer` browsers send `Origin: null` even on same-origin form
    // posts; `Sec-Fetch-Site: same-origin` (set by the browser, never by page script) vouches for
    // those. A null origin from anywhere else (sandboxed frames, data: pages) is refused.
    if (origin === 'null' && site !== 'same-origin') throw new AppError('csrf_failed', '拒绝来自其他网站的表单提交')
    const type = c.req.header('content-type') ?? ''
    const isForm = FORM_TYPES.test(type)
    if (!isForm || publicPaths.includes(c.req.path) || c.get('user')?.via === 'bearer') return next()
    // The JSON API with no session cookie carries no ambient authority (its login answers a bearer
    // token, never a cookie), so only the origin checks above apply; a wrong content type then
    // gets the API's own 415 instead of a confusing CSRF refusal.
    if (c.req.path.startsWith('/api/') && c.get('user')?.via !== 'cookie') return next()
    let sent = c.req.header('x-csrf-token')
    if (!sent) {
      // A body that claims to be a form but cannot be parsed carries no token: refused (403), not a 500.
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const v = body[CSRF_FIELD]
      sent = typeof v === 'string' ? v : undefined
    }
    const expected = csrfToken(c)
    if (!sent || !safeEqual(sent, expected))
      throw new AppError('csrf_failed', '页面已过期或来源不明，请刷新页面后重新提交')
    return next()
  }
}
