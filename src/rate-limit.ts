/**
 * The failed-lookup limiter of the public lookup (contract §1, §4.7).
 *
 * Security decision: a stranger who tries names and numbers at random fails almost every time,
 * so failures — every lookup that does not answer 200 — are counted per client address, and once
 * a client has used up `VERIFY_FAILURE_LIMIT` failures in a window of `VERIFY_FAILURE_WINDOW_S`
 * seconds every further lookup from it is refused with 429 and `Retry-After` until the window
 * ends, even a correct one (otherwise the limit would not bound guessing). Successful lookups are
 * never counted, so an office checking a pile of real archives is never slowed down.
 *
 * - Fixed windows: the window opens at a client's first failure and lasts the configured time.
 * - The counters live in the `rate_limits` table, so they survive a restart and are shared by
 *   every process (or Workers isolate) serving the same database.
 * - Cheap: a failure is one atomic UPSERT … RETURNING (no read-modify-write race between
 *   processes). The check costs no extra read: the lookup query itself reads the client's counter
 *   (src/lookup/queries.ts), and where there is nothing to look up (an unknown or malformed
 *   number) the failure's UPSERT returns the count it reached — above the limit means the client
 *   was already throttled. Refused lookups of an existing number are not counted: the window is
 *   fixed, so counting them would change nothing but cost a write each.
 * - The key is a keyed hash of the address (HMAC under SECRET_KEY), never the raw address.
 */
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from './deps.js'
import { hmac } from './crypto.js'
import { kyselyStatements } from './db/statements.js'

export interface FailureCounter {
  count: number
  /** Epoch seconds when the client's current window opened. */
  windowStart: number
}

/**
 * Security decision: which address is the client's.
 * - With TRUST_PROXY=1 the service sits behind a reverse proxy that appends the address it saw to
 *   `X-Forwarded-For`; that last entry is the one the proxy vouches for (entries left of it were
 *   sent by the client and may be forged), so the last entry is taken.
 * - Otherwise the peer the runtime reports through Hono's ConnInfo helper, handed in by the entry
 *   (`deps.connInfo`): on Node the TCP socket's address (@hono/node-server/conninfo); on Workers,
 *   where there is no socket, `CF-Connecting-IP`, which Cloudflare's edge sets itself
 *   (hono/cloudflare-workers). On Node that header is ignored, since any client could send it.
 * - With neither (requests made in-process, as in tests) all clients share the key 'unknown'.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header('x-forwarded-for')
    if (xff) {
      const parts = xff
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (parts.length) return normalizeAddress(parts[parts.length - 1])
    }
  }
  const address = c.var.deps.connInfo?.(c).remote.address
  return address ? normalizeAddress(address) : 'unknown'
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) is the same client as `1.2.3.4`. */
function normalizeAddress(a: string): string {
  return a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase()
}

/**
 * The keyed hash of a client address, as stored in the lookup log and the counter key. Memoised
 * (a busy office sends many lookups from one address; an HMAC costs a few microseconds); the memo
 * is dropped whole when it grows past 10,000 addresses, so it stays small.
 */
export function clientHash(secretKey: string, address: string): string {
  if (memoKey !== secretKey) {
    memo.clear()
    memoKey = secretKey
  }
  let h = memo.get(address)
  if (h === undefined) {
    if (memo.size >= 10_000) memo.clear()
    h = hmac(secretKey, 'client', address)
    memo.set(address, h)
  }
  return h
}
const memo = new Map<string, string>()
let memoKey = ''

/** The counter key of a client for the public lookup. */
export const verifyLimitKey = (hash: string) => `verify:${hash}`

/** Seconds until the client may try again, or 0 when it is not throttled. */
export function retryAfter(counter: FailureCounter | null, nowS: number, limit: number, windowS: number): number {
  if (!counter) return 0
  const ends = counter.windowStart + windowS
  if (ends <= nowS || counter.count < limit) return 0
  return Math.max(1, ends - nowS)
}

/**
 * One atomic UPSERT: opens a new window (count 1) when there is none or it has ended, else adds
 * one. SQLite evaluates every SET expression against the old row, so both CASEs see the old
 * window_start.
 */
export const RECORD_FAILURE_SQL = `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.count + 1 END,
  window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start ELSE rate_limits.window_start END
RETURNING count, window_start AS windowStart`

export async function recordFailure(
  deps: Pick<AppDeps, 'db' | 'statements' | 'config'>,
  key: string,
  nowS: number,
): Promise<FailureCounter> {
  const st = deps.statements ?? kyselyStatements(deps.db)
  const expiredIfAtOrBefore = nowS - deps.config.verifyFailureWindowS
  const row = await st.first<FailureCounter>(RECORD_FAILURE_SQL, [key, nowS, expiredIfAtOrBefore, expiredIfAtOrBefore])
  return row ?? { count: 1, windowStart: nowS }
}
