/** 找回密码 pages (no session), linked from both login pages. */
import { Hono } from 'hono'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { csrfToken } from '../middleware/csrf.js'
import { clientAddress } from '../rate-limit.js'
import { ResetConfirmPage, ResetRequestPage } from '../../views/accounts/reset-pages.js'
import { requestPasswordReset, resetPasswordWithCode } from './password-reset.js'
import { ResetRequestSchema, ResetSchema } from './reset-routes.js'

export const passwordResetPages = new Hono<AppEnv>()

type Field = 'username' | 'code' | 'newPassword'
/** Each failing field with its message (the schema's own Chinese text). */
function fieldErrors(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
  const out: Partial<Record<Field, string>> = {}
  for (const i of error.issues) {
    const f = String(i.path[0]) as Field
    out[f] ??= i.message
  }
  return out
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')

passwordResetPages.get('/password-reset', (c) => c.html(<ResetRequestPage csrf={csrfToken(c)} />))

passwordResetPages.post(
  '/password-reset',
  zValidator('form', ResetRequestSchema, async (result, hc) => {
    if (result.success) return
    const c = hc as unknown as Context<AppEnv>
    // What was typed, as the validator received it (no second read of the body).
    const body = (result.data ?? {}) as Record<string, unknown>
    return c.html(
      <ResetRequestPage csrf={csrfToken(c)} username={str(body.username)} errors={fieldErrors(result.error)} />,
      400,
    )
  }),
  async (c) => {
    const input = c.req.valid('form')
    const deps = c.var.deps
    try {
      const r = await requestPasswordReset(deps, { ...input, clientAddress: clientAddress(c, deps.config.trustProxy) })
      return c.html(<ResetConfirmPage csrf={csrfToken(c)} username={input.username} notice={r.message} />)
    } catch (e) {
      if (e instanceof AppError && e.code === 'rate_limited') {
        for (const [k, v] of Object.entries(e.extra.headers ?? {})) c.header(k, v)
        return c.html(<ResetRequestPage csrf={csrfToken(c)} username={input.username} error={e.message} />, 429)
      }
      throw e
    }
  },
)

passwordResetPages.get('/password-reset/confirm', (c) => c.html(<ResetConfirmPage csrf={csrfToken(c)} />))

passwordResetPages.post(
  '/password-reset/confirm',
  zValidator('form', ResetSchema, async (result, hc) => {
    if (result.success) return
    const c = hc as unknown as Context<AppEnv>
    // What was typed, as the validator received it (no second read of the body).
    const body = (result.data ?? {}) as Record<string, unknown>
    return c.html(
      <ResetConfirmPage csrf={csrfToken(c)} username={str(body.username)} errors={fieldErrors(result.error)} />,
      400,
    )
  }),
  async (c) => {
    const input = c.req.valid('form')
    const deps = c.var.deps
    try {
      await resetPasswordWithCode(deps, { ...input, clientAddress: clientAddress(c, deps.config.trustProxy) })
      return c.html(<ResetConfirmPage csrf={csrfToken(c)} done />)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'rate_limited')) {
        for (const [k, v] of Object.entries(e.extra.headers ?? {})) c.header(k, v)
        const errors = e.code === 'validation_error' ? { code: e.message.replace(/^验证码：/, '') } : undefined
        return c.html(
          <ResetConfirmPage
            csrf={csrfToken(c)}
            username={input.username}
            errors={errors}
            error={e.code === 'rate_limited' ? e.message : null}
          />,
          e.code === 'rate_limited' ? 429 : 400,
        )
      }
      throw e
    }
  },
)
