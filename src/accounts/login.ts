/** Signing in, shared by the JSON API and the login pages. */
import { sql } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { audit } from '../audit/audit.js'
import { hashPassword, verifyPassword } from './password.js'
import { safeEqual } from '../domain/constant-time.js'
import { checkLoginThrottle, recordLoginFailure } from './login-throttle.js'
import {
  LOCK_MS,
  MAX_FAILED_LOGINS,
  createEmployerSession,
  createSession,
  findEmployerAccount,
  findSchool,
  findUser,
  firstPasswordOf,
  loadSessionUser,
} from './queries.js'

export interface LoginInput {
  username: string
  password: string
  school?: string
  /** The client's address (see clientAddress in src/rate-limit.ts), for the per-client throttle. */
  clientAddress?: string
}

let dummyHash: Promise<string> | undefined

export async function login(
  deps: AppDeps,
  input: LoginInput,
  via: CurrentUser['via'],
): Promise<{ token: string; user: CurrentUser }> {
  const { db } = deps
  const now = deps.now()
  const address = input.clientAddress ?? 'unknown'
  await checkLoginThrottle(deps, address, now)
  const school = await findSchool(db, input.school, deps.config)
  const user = school ? await findUser(db, school.id, input.username.trim()) : undefined
  const bad = () => {
    // Counted without waiting on the answer's timing: a failure is a failure whichever it was.
    const counted = recordLoginFailure(deps, address, now)
    return counted.then(() => new AppError('invalid_credentials', '用户名或密码错误'))
  }
  if (!user) {
    const employer = await findEmployerAccount(db, input.username.trim())
    if (employer) return employerLogin(deps, employer, input.password, via, bad)
    // Spend the same time as a real check so that timing does not tell which usernames exist.
    dummyHash ??= hashPassword('quxiang-dummy', deps.passwordParams)
    await verifyPassword(input.password, await dummyHash)
    throw await bad()
  }
  const nowIso = now.toISOString()
  if (user.locked_until && user.locked_until > nowIso) {
    const minutes = Math.max(1, Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60000))
    throw new AppError(
      'account_locked',
      `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定，请 ${minutes} 分钟后再试或联系学校管理员解锁`,
      {
        headers: { 'Retry-After': String(minutes * 60) },
      },
    )
  }

  let ok: boolean
  if (user.password_hash) {
    ok = await verifyPassword(input.password, user.password_hash)
  } else {
    const first = await firstPasswordOf(db, user)
    ok = first !== null && safeEqual(input.password.trim().toUpperCase(), first)
  }

  if (!ok) {
    const lockExpired = user.locked_until !== null && user.locked_until <= nowIso
    const failures = (lockExpired ? 0 : user.failed_logins) + 1
    const lock = failures >= MAX_FAILED_LOGINS
    await db
      .updateTable('users')
      .set({
        failed_logins: lockExpired ? 1 : sql`failed_logins + 1`,
        locked_until: lock ? new Date(now.getTime() + LOCK_MS).toISOString() : lockExpired ? null : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute()
    if (lock)
      await audit(db, now, null, { action: 'account.locked', target: `user:${user.username}`, detail: { failures } })
    throw await bad()
  }

  // Security decision: only someone who proved the password learns that the account is
  // disabled; everyone else gets the usual invalid_credentials (contract §6: 403 account_disabled).
  if (user.disabled_at) throw new AppError('account_disabled', '该账号已停用，请联系学校管理员')
  if (user.failed_logins !== 0 || user.locked_until) {
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute()
  }
  const token = await createSession(db, user.id, now)
  const current = await loadSessionUser(db, token, now, via)
  if (!current) throw new AppError('internal_error', '登录失败，请重试')
  return { token, user: current }
}

/**
 * An employer signs in through the same session API (contract §5). Security decisions: the same
 * lock after 5 failures in a row as staff; the password is checked before the status is told, so
 * `employer_pending` (403) reveals nothing to someone without the password; a rejected
 * registration cannot sign in either.
 */
async function employerLogin(
  deps: AppDeps,
  employer: NonNullable<Awaited<ReturnType<typeof findEmployerAccount>>>,
  password: string,
  via: CurrentUser['via'],
  bad: () => Promise<AppError>,
): Promise<{ token: string; user: CurrentUser }> {
  const { db } = deps
  const now = deps.now()
  const nowIso = now.toISOString()
  if (employer.locked_until && employer.locked_until > nowIso)
    throw new AppError('account_locked', `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定，请 15 分钟后再试`)
  if (!(await verifyPassword(password, employer.password_hash))) {
    const expired = employer.locked_until !== null && employer.locked_until <= nowIso
    const failures = (expired ? 0 : employer.failed_logins) + 1
    await db
      .updateTable('employers')
      .set({
        failed_logins: failures,
        locked_until: failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
      })
      .where('id', '=', employer.id)
      .execute()
    throw await bad()
  }
  if (employer.status === 'pending')
    throw new AppError('employer_pending', '单位注册信息正在等待学校审核，审核通过后即可登录')
  if (employer.status === 'rejected')
    throw new AppError(
      'forbidden',
      `单位注册未通过学校审核${employer.decision_reason ? `：${employer.decision_reason}` : ''}`,
    )
  if (employer.failed_logins !== 0 || employer.locked_until)
    await db
      .updateTable('employers')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', employer.id)
      .execute()
  const token = await createEmployerSession(db, employer.id, now)
  const current = await loadSessionUser(db, token, now, via)
  if (!current) throw new AppError('internal_error', '登录失败，请重试')
  return { token, user: current }
}
