/**
 * Confirmation before destructive page actions, with or without JavaScript.
 *
 * Security/usability decision: a destructive form post (作废, 撤出生源, 撤销授权, 删除, 批量生成…)
 * must never take effect on a single click. With JavaScript, app.js asks with window.confirm()
 * (the form's `data-confirm` text) and then adds `confirmed=1`. Without it, the post arrives with
 * no `confirmed=1`; this middleware then answers 200 with a server-rendered confirmation page
 * (views/confirm-page.tsx) whose 确认 button re-posts the same fields (`_csrf` included) plus
 * `confirmed=1`, and nothing is changed until then. Only page handlers use this; the JSON API is
 * unaffected (its callers confirm in their own UI).
 *
 * It renders a page, so it lives with the page helpers (src/pages/), not in middleware/, which
 * renders nothing. Place it after the route's guard (so only authorised users see the page) and before the handler;
 * the handler reads the same body afterwards (Hono caches the parsed form data).
 */
import { staffNavOf } from './staff-chrome.js'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../deps.js'
import { currentUser } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { employerNav, studentNav } from '../../views/nav.js'
import { ConfirmPage } from '../../views/confirm-page.js'

const CONFIRMED_FIELD = 'confirmed'

export interface ConfirmSpec {
  /** Page heading, e.g. 确认作废登记. */
  title: string
  /** What will happen, in plain Chinese. */
  message: string
  details?: string[]
  /** The 确认 button's label; defaults to 确认. */
  confirmLabel?: string
  /** Red button (irreversible); default true. */
  danger?: boolean
  /** Where 取消 leads (a same-site path). */
  back: string
}

type FormBody = Record<string, string | File | Array<string | File>>

/** `spec` may depend on the posted fields (e.g. only the 不通过 button asks); null = no question. */
export type ConfirmSpecFn = (c: Context<AppEnv>, body: FormBody) => ConfirmSpec | null | Promise<ConfirmSpec | null>

function isConfirmed(body: FormBody): boolean {
  const v = body[CONFIRMED_FIELD]
  return (Array.isArray(v) ? v : [v]).some((x) => x === '1')
}

/**
 * Answers the confirmation page when the posted form lacks `confirmed=1`; returns null when the
 * action may go ahead. For handlers that decide inline; most routes use `confirmFirst()` instead.
 */
async function requireConfirmation(c: Context<AppEnv>, spec: ConfirmSpec | ConfirmSpecFn): Promise<Response | null> {
  const body = (await c.req.parseBody({ all: true })) as FormBody
  if (isConfirmed(body)) return null
  const s = typeof spec === 'function' ? await spec(c, body) : spec
  if (!s) return null
  const hidden: Array<[string, string]> = []
  for (const [name, value] of Object.entries(body)) {
    if (name === CONFIRMED_FIELD) continue
    // Files cannot be carried through a page; no destructive form uploads one.
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') hidden.push([name, v])
  }
  const url = new URL(c.req.url)
  const user = currentUser(c)
  const csrf = csrfToken(c)
  const student = user.role === 'student'
  const employer = user.role === 'employer'
  let label = user.displayName ?? user.username
  if (student && user.graduateId) {
    const g = await c.var.deps.db
      .selectFrom('graduates')
      .select('name')
      .where('id', '=', user.graduateId)
      .executeTakeFirst()
    if (g) label = g.name
  }
  // The page never caches: it holds the form's CSRF token and the chosen records.
  c.header('Cache-Control', 'no-store')
  return c.html(
    <ConfirmPage
      title={s.title}
      message={s.message}
      details={s.details}
      confirmLabel={s.confirmLabel ?? '确认'}
      danger={s.danger ?? true}
      action={url.pathname + url.search}
      hidden={hidden}
      back={s.back.startsWith('/') && !s.back.startsWith('//') ? s.back : '/'}
      nav={student ? studentNav() : employer ? employerNav() : staffNavOf(c)}
      who={{
        label,
        logoutAction: student ? '/me/logout' : employer ? '/employer/logout' : '/admin/logout',
        csrf,
        unread: c.get('unread'),
        account: !employer,
      }}
    />,
    200,
  )
}

/** Middleware form of requireConfirmation(), for a page POST route. */
export function confirmFirst(spec: ConfirmSpec | ConfirmSpecFn): MiddlewareHandler<AppEnv> {
  return async function confirmFirstMiddleware(c, next) {
    const page = await requireConfirmation(c, spec)
    if (page) return page
    await next()
  }
}
