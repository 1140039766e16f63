/**
 * 找回密码 by an e-mailed code (contract §7). Shared by the JSON API and the pages.
 *
 * Security decisions:
 * - **No account oracle.** A request answers the same 202 body whether or not the account exists,
 *   has an address, or mail is configured; the page says the same sentence. (Its time can differ
 *   by a database write; the per-address throttle bounds how many usernames one client can probe.)
 * - **The code**: 6 digits from the platform's CSPRNG, valid 15 minutes, voided after 5 wrong
 *   tries; a new request replaces the old code. Stored only as HMAC-SHA256 under SECRET_KEY bound
 *   to the user id — a plain hash of a 6-digit code would be reversed by trying all 10⁶ values,
 *   the keyed hash cannot be without the key. The mail's text (which holds the code) is blanked on
 *   the outbox row once it has been sent (src/notifications/outbox.ts).
 * - **Throttled per client address** like the login (src/accounts/login-throttle.ts): 10 requests
 *   and 30 wrong codes per 15 minutes; one account gets at most one new code a minute, so a
 *   stranger cannot flood someone's mailbox.
 * - A successful reset sets the password (8+ characters), unlocks the account, clears the forced
 *   change, and ends every session of the account; it is audited, without the code.
 */
import { sql } from 'kysely'
import type { AppDeps } from '../deps.js'
import { invalid } from '../errors.js'
import { hmac } from '../crypto.js'
import { auditInsert } from '../audit/audit.js'
import { mailOnly } from '../notifications/service.js'
import { addressThrottle } from './login-throttle.js'
import { hashPassword } from './password.js'
import { safeEqual } from '../domain/constant-time.js'
import { findSchool, findUser } from './queries.js'

const RESET_CODE_TTL_MS = 15 * 60_000
const RESET_MAX_TRIES = 5
const RESEND_AFTER_MS = 60_000

const requestThrottle = addressThrottle({ prefix: 'reset-request', limit: 10, windowS: 15 * 60, what: '找回密码请求' })
const codeThrottle = addressThrottle({ prefix: 'reset-code', limit: 30, windowS: 15 * 60, what: '验证码错误' })

/** The one answer to every reset request (contract §7: always the same body). */
export const RESET_REQUESTED = {
  accepted: true,
  message: '如果该账号存在并已登记电子邮箱，验证码已发送到该邮箱，15 分钟内有效。没有收到请联系学校管理员。',
} as const

const codeHash = (deps: Pick<AppDeps, 'secretKey'>, userId: number, code: string) =>
  hmac(deps.secretKey, 'password-reset', `${userId}:${code}`)

/** Six digits, uniform, from the platform's CSPRNG (rejection sampling: no modulo bias). */
function sixDigitCode(): string {
  const buf = new Uint32Array(1)
  for (;;) {
    crypto.getRandomValues(buf)
    if (buf[0] < 4_294_000_000) return String(buf[0] % 1_000_000).padStart(6, '0')
  }
}

export async function requestPasswordReset(
  deps: AppDeps,
  input: { username: string; school?: string; clientAddress: string },
  { makeCode = sixDigitCode } = {},
): Promise<typeof RESET_REQUESTED> {
  const { db } = deps
  const now = deps.now()
  await requestThrottle.check(deps, input.clientAddress, now)
  await requestThrottle.record(deps, input.clientAddress, now)
  const school = await findSchool(db, input.school, deps.config)
  const user = school ? await findUser(db, school.id, input.username.trim()) : undefined
  if (!user) return RESET_REQUESTED
  const existing = await db
    .selectFrom('password_reset_codes')
    .select('created_at')
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  if (existing && now.getTime() - Date.parse(existing.created_at) < RESEND_AFTER_MS) return RESET_REQUESTED
  const code = makeCode()
  const mail = mailOnly(deps, user.id, {
    kind: 'password.reset',
    subject: '【去向】找回密码验证码',
    body: [
      `您正在找回账号 ${user.username} 的密码，验证码：${code}`,
      '',
      '验证码 15 分钟内有效，输错 5 次作废。请在“找回密码”页面输入验证码并设置新密码。',
      `页面地址：${deps.config.publicBaseUrl}/password-reset/confirm`,
      '',
      '如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。',
    ].join('\n'),
  })
  // Without mail (or an address) there is nobody to send a code to: store none.
  if (!mail) return RESET_REQUESTED
  const at = now.toISOString()
  await deps.batch([
    db
      .insertInto('password_reset_codes')
      .values({
        user_id: user.id,
        code_hash: codeHash(deps, user.id, code),
        created_at: at,
        expires_at: new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString(),
        failed_tries: 0,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          code_hash: (eb) => eb.ref('excluded.code_hash'),
          created_at: (eb) => eb.ref('excluded.created_at'),
          expires_at: (eb) => eb.ref('excluded.expires_at'),
          failed_tries: 0,
        }),
      ),
    // Only when the account has an address does this insert a row; then the code above is mailed.
    mail,
    auditInsert(
      db,
      now,
      { id: user.id, username: user.username, schoolId: user.school_id },
      {
        action: 'password.reset.request',
        target: `user:${user.username}`,
      },
    ),
  ])
  return RESET_REQUESTED
}

const wrongCode = () => invalid('验证码', '验证码错误或已失效，请重新获取')

export async function resetPasswordWithCode(
  deps: AppDeps,
  input: { username: string; code: string; newPassword: string; school?: string; clientAddress: string },
): Promise<void> {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  await codeThrottle.check(deps, input.clientAddress, now)
  const fail = async () => {
    await codeThrottle.record(deps, input.clientAddress, now)
    return wrongCode()
  }
  const school = await findSchool(db, input.school, deps.config)
  const user = school ? await findUser(db, school.id, input.username.trim()) : undefined
  if (!user) throw await fail()
  const row = await db.selectFrom('password_reset_codes').selectAll().where('user_id', '=', user.id).executeTakeFirst()
  if (!row || row.expires_at <= at || row.failed_tries >= RESET_MAX_TRIES) throw await fail()
  const given = codeHash(deps, user.id, input.code.trim())
  if (!safeEqual(given, row.code_hash)) {
    // Counted on the row itself (conditional, so racing guesses cannot exceed the limit); the
    // fifth wrong try voids the code.
    await db
      .updateTable('password_reset_codes')
      .set({ failed_tries: sql`failed_tries + 1` })
      .where('user_id', '=', user.id)
      .where('code_hash', '=', row.code_hash)
      .where('failed_tries', '<', RESET_MAX_TRIES)
      .execute()
    await db
      .deleteFrom('password_reset_codes')
      .where('user_id', '=', user.id)
      .where('failed_tries', '>=', RESET_MAX_TRIES)
      .execute()
    throw await fail()
  }
  const hash = await hashPassword(input.newPassword, deps.passwordParams)
  await deps.batch([
    // The code is used up; the row's disappearance guards the rest of the batch (one reset per code).
    db
      .deleteFrom('password_reset_codes')
      .where('user_id', '=', user.id)
      .where('code_hash', '=', row.code_hash)
      .where('failed_tries', '<', RESET_MAX_TRIES)
      .where('expires_at', '>', at),
    sql`UPDATE users SET password_hash = ${hash}, must_change_password = 0, failed_logins = 0,
          locked_until = NULL, updated_at = ${at}
          WHERE id = ${user.id} AND (CASE WHEN changes() = 1 THEN 1 ELSE NULL END) IS NOT NULL`.compile(db),
    sql`INSERT INTO audit_log (at, school_id, actor_user_id, actor, action, target, detail)
          SELECT ${at}, ${user.school_id}, ${user.id}, ${user.username}, 'password.reset.code', ${`user:${user.username}`}, NULL
          WHERE changes() = 1`.compile(db),
    db.deleteFrom('sessions').where('user_id', '=', user.id),
  ])
  const done = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirst()
  if (done?.password_hash !== hash) throw wrongCode()
}
