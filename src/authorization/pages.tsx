/** The graduate's 核验授权 page (/me/authorization): forms posting back to the same page. */
import { graduateWho } from '../pages/staff-chrome.js'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../pages/confirm.js'
import { cstDay, isOpen, windowFromValidUntil } from '../domain/validity.js'
import { normalizeNumber } from '../domain/numbers.js'
import { AuthorizationPage, type AuthorizationPageProps } from '../../views/authorization/me-page.js'
import { zValidator } from '@hono/zod-validator'
import { ACCESS_LOG_PAGE_SIZE, accessLog, createGrant, grantContext, listGrants, revokeGrant } from './service.js'
import { AccessLogQuery, reportUrl } from './routes.js'
import { z } from '../openapi.js'
import { pageValidator, stringValues } from '../page-validator.js'

export const authorizationPages = new Hono<AppEnv>()

const studentGuard = guard({ roles: ['student'], loginPath: '/me/login' })

async function render(
  c: Context<AppEnv>,
  extra: Partial<AuthorizationPageProps> = {},
  status: 200 | 400 | 404 | 409 | 423 = 200,
  logPage = 1,
) {
  const me = currentUser(c)
  const { deps } = c.var
  const ctx = await grantContext(deps, me)
  const now = deps.now()
  await deps.lookupLog.flush()
  const [grants, log] = await Promise.all([
    listGrants(deps.db, ctx.graduateId),
    accessLog(deps.db, ctx.graduateId, { page: logPage }),
  ])
  return c.html(
    <AuthorizationPage
      who={graduateWho(c, ctx.name)}
      csrf={csrfToken(c)}
      name={ctx.name}
      eligible={ctx.registrationStatus === 'approved'}
      open={ctx.open}
      today={cstDay(now)}
      lastDay={ctx.lastDay}
      grants={grants.map((g) => ({
        ...g,
        state: g.revokedAt ? '已撤销' : isOpen(windowFromValidUntil(g.validUntil), now) ? '有效' : '已过期',
        reportUrl: reportUrl(g.number),
      }))}
      log={{ ...log, page: logPage, pageSize: ACCESS_LOG_PAGE_SIZE }}
      {...extra}
    />,
    status,
  )
}

/** The access log's page number is the one query parameter; a bad one shows the first page with a notice. */
const logPageQuery = zValidator('query', AccessLogQuery.pick({ page: true }), (result, c) => {
  if (!result.success) return render(c as Context<AppEnv>, { error: '页码有误，已显示第 1 页。' }, 400)
})

authorizationPages.get('/me/authorization', studentGuard, logPageQuery, (c) =>
  render(c, {}, 200, c.req.valid('query').page),
)

/** The grant form: the password again (a grant is a disclosure) and the last day, empty for the longest. */
const GrantForm = z.object({
  password: z.string().max(128).default(''),
  validUntil: z.string().trim().max(10).default(''),
})

authorizationPages.post(
  '/me/authorization',
  studentGuard,
  pageValidator('form', GrantForm, (c, bad) =>
    render(c, { error: bad.message, errorField: bad.field, chosenDay: stringValues(bad.values).validUntil }, 400),
  ),
  async (c) => {
    const { password, validUntil } = c.req.valid('form')
    try {
      const g = await createGrant(c.var.deps, currentUser(c), { password, validUntil: validUntil || undefined })
      return render(c, { created: { ...g, reportUrl: reportUrl(g.number) } })
    } catch (e) {
      if (e instanceof AppError && ['validation_error', 'conflict', 'account_locked'].includes(e.code)) {
        return render(
          c,
          { error: e.message, errorField: e.extra.field ?? null, chosenDay: validUntil || undefined },
          e.status as 400 | 409 | 423,
        )
      }
      throw e
    }
  },
)

const RevokeForm = z.object({ number: z.string().max(40).default('') })

/** Revoking cannot be undone: asked first, also without JavaScript (middleware/confirm.tsx). */
const confirmRevoke = confirmFirst((c) => {
  const { number } = (c.req.valid as (t: 'form') => z.output<typeof RevokeForm>)('form')
  return {
    title: '确认撤销核验授权',
    message: `撤销后，核验编号 ${number} 将不能再查询，且不能恢复。确定撤销吗？`,
    confirmLabel: '确认撤销',
    back: '/me/authorization',
  }
})

authorizationPages.post(
  '/me/authorization/revoke',
  studentGuard,
  pageValidator('form', RevokeForm, (c, bad) => render(c, { error: bad.message }, 400)),
  confirmRevoke,
  async (c) => {
    const { number } = c.req.valid('form')
    try {
      await revokeGrant(c.var.deps, currentUser(c), number)
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') return render(c, { error: e.message }, 404)
      throw e
    }
    return render(c, { revoked: normalizeNumber(number) })
  },
)
