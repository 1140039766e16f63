/**
 * Security decision: besides the per-account lock (5 failures in a row), failed logins are
 * counted per client address — 30 in 15 minutes — so that one client cannot try a common password
 * against many accounts (credential stuffing) without ever locking any single one. Generous
 * enough for a school office behind one NAT address; successful logins are never counted. The
 * counters share the public lookup's `rate_limits` table (survive restarts, shared by processes)
 * under their own key prefix, keyed by a keyed hash of the address.
 *
 * The forgotten-password pages (src/accounts/password-reset.ts) use the same counter shape under
 * their own prefixes (`addressThrottle`).
 */
import type { AppDeps } from '../deps.js'
import { AppError } from '../errors.js'
import { clientHash, RECORD_FAILURE_SQL } from '../rate-limit.js'
import { kyselyStatements } from '../db/statements.js'

const LOGIN_FAILURE_LIMIT = 30
const LOGIN_FAILURE_WINDOW_S = 15 * 60

/** A per-client-address counter in `rate_limits`: `check` throws 429 once `limit` is used up. */
export function addressThrottle(opts: { prefix: string; limit: number; windowS: number; what: string }) {
  const keyOf = (deps: AppDeps, address: string) => `${opts.prefix}:${clientHash(deps.secretKey, address)}`
  return {
    async check(deps: AppDeps, address: string, now: Date) {
      const row = await deps.db
        .selectFrom('rate_limits')
        .select(['count', 'window_start'])
        .where('key', '=', keyOf(deps, address))
        .executeTakeFirst()
      if (!row) return
      const nowS = Math.floor(now.getTime() / 1000)
      const ends = row.window_start + opts.windowS
      if (ends > nowS && row.count >= opts.limit) {
        const wait = Math.max(1, ends - nowS)
        throw new AppError('rate_limited', `${opts.what}次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
          headers: { 'Retry-After': String(wait) },
        })
      }
    },
    async record(deps: AppDeps, address: string, now: Date) {
      const nowS = Math.floor(now.getTime() / 1000)
      const expiredIfAtOrBefore = nowS - opts.windowS
      await (deps.statements ?? kyselyStatements(deps.db)).first(RECORD_FAILURE_SQL, [
        keyOf(deps, address),
        nowS,
        expiredIfAtOrBefore,
        expiredIfAtOrBefore,
      ])
    },
  }
}

const loginThrottle = addressThrottle({
  prefix: 'login',
  limit: LOGIN_FAILURE_LIMIT,
  windowS: LOGIN_FAILURE_WINDOW_S,
  what: '登录失败',
})

/** Throws 429 when this client has used up its failed logins for the window. */
export const checkLoginThrottle = loginThrottle.check
export const recordLoginFailure = loginThrottle.record
