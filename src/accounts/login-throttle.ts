/**
 * Security decision: besides the per-account lock (5 failures in a row), failed logins are
 * counted per client address — 30 in 15 minutes — so that one client cannot try a common password
 * against many accounts (credential stuffing) without ever locking any single one. Generous
 * enough for a school office behind one NAT address; successful logins are never counted. The
 * counters share the public lookup's `rate_limits` table (survive restarts, shared by processes)
 * under their own key prefix, keyed by a keyed hash of the address.
 */
import type { AppDeps } from '../deps.js'
import { AppError } from '../errors.js'
import { clientHash, RECORD_FAILURE_SQL } from '../rate-limit.js'
import { kyselyStatements } from '../db/statements.js'

export const LOGIN_FAILURE_LIMIT = 30
export const LOGIN_FAILURE_WINDOW_S = 15 * 60

const keyOf = (deps: AppDeps, address: string) => `login:${clientHash(deps.secretKey, address)}`

/** Throws 429 when this client has used up its failed logins for the window. */
export async function checkLoginThrottle(deps: AppDeps, address: string, now: Date) {
  const row = await deps.db
    .selectFrom('rate_limits')
    .select(['count', 'window_start'])
    .where('key', '=', keyOf(deps, address))
    .executeTakeFirst()
  if (!row) return
  const nowS = Math.floor(now.getTime() / 1000)
  const ends = row.window_start + LOGIN_FAILURE_WINDOW_S
  if (ends > nowS && row.count >= LOGIN_FAILURE_LIMIT) {
    const wait = Math.max(1, ends - nowS)
    throw new AppError('rate_limited', `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
      headers: { 'Retry-After': String(wait) },
    })
  }
}

export async function recordLoginFailure(deps: AppDeps, address: string, now: Date) {
  const nowS = Math.floor(now.getTime() / 1000)
  const expiredIfAtOrBefore = nowS - LOGIN_FAILURE_WINDOW_S
  await (deps.statements ?? kyselyStatements(deps.db)).first(RECORD_FAILURE_SQL, [
    keyOf(deps, address),
    nowS,
    expiredIfAtOrBefore,
    expiredIfAtOrBefore,
  ])
}
