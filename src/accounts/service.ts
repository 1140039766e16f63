/**
 * Accounts: what the API and the pages both do (password change, staff users, unlock, 密码初始化).
 * Each takes `deps` first; the statements are in queries.ts.
 */
import { notify, toGraduates } from '../notifications/service.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { jsonList } from '../db/batch.js'
import { hashPassword, verifyPassword } from './password.js'
import { safeEqual } from '../domain/constant-time.js'
import {
  endOtherSessions,
  ensureDepartment,
  findUser,
  firstPasswordOf,
  graduateIdsInScope,
  insertUser,
  resetGraduateAccounts,
  setPassword,
  unlockAccount,
  userById,
} from './queries.js'
import type { CreateStaffInput } from './schemas.js'

/** Shared by the JSON API and the password page. */
export async function changePassword(deps: AppDeps, me: CurrentUser, oldPassword: string, newPassword: string) {
  const { db } = deps
  const user = await userById(db, me.id)
  const ok = user.password_hash
    ? await verifyPassword(oldPassword, user.password_hash)
    : safeEqual(oldPassword.trim().toUpperCase(), (await firstPasswordOf(db, user)) ?? '\u0000')
  if (!ok) throw invalid('原密码', '不正确')
  if (newPassword === oldPassword) throw invalid('新密码', '不能与原密码相同')
  if (user.graduate_id && newPassword.toUpperCase() === (await firstPasswordOf(db, user)))
    throw invalid('新密码', '不能使用身份证号后六位')
  const now = deps.now()
  const hash = await hashPassword(newPassword, deps.passwordParams)
  await deps.batch([
    setPassword(db, me.id, hash, now),
    // Other sessions of this user end: whoever else held one no longer knows the password.
    endOtherSessions(db, me.id, me.sessionId),
    auditInsert(db, now, me, { action: 'password.change', target: `user:${me.username}` }),
  ])
}

/** 密码初始化 (seeds 001, 002): back to the last six of 身份证号, forced change, unlocked. */
export async function resetGraduatePasswords(
  deps: AppDeps,
  me: CurrentUser,
  sel: { graduateIds?: number[]; department?: string; all?: boolean },
) {
  const { db } = deps
  const now = deps.now()
  const ids = await graduateIdsInScope(db, me, sel.department)
  const wanted = sel.graduateIds ? new Set(sel.graduateIds) : null
  const target = wanted ? ids.filter((id) => wanted.has(id)) : ids
  if (target.length === 0) return 0
  const queries = []
  for (let i = 0; i < target.length; i += 5000)
    queries.push(...resetGraduateAccounts(db, jsonList(target.slice(i, i + 5000)), now))
  queries.push(
    // Each graduate is told (contract §7: a password reset by staff), in the same batch.
    ...notify(deps, toGraduates(target, me.id), {
      kind: 'password.reset',
      title: '您的登录密码已被重置',
      body: '学校或院系已把您的登录密码重置为初始密码（身份证号后六位，末位 X 大写）。请尽快登录并设置新密码；如非您本人申请，请联系所在院系。',
      link: '/me/password',
    }),
    auditInsert(db, now, me, {
      action: 'password.reset',
      target: target.length === 1 ? `graduate:${target[0]}` : null,
      detail: { count: target.length, department: sel.department ?? null },
    }),
  )
  await deps.batch(queries)
  return target.length
}

/** Adds a school or department user; shared by the API and the account page. */
export async function createStaffUser(deps: AppDeps, me: CurrentUser, input: CreateStaffInput) {
  const { db } = deps
  const now = deps.now()
  let departmentId: number | null = null
  let department: string | null = null
  if (input.role === 'department') {
    if (!input.department) throw invalid('院系', '院系用户必须指定院系')
    const d = await ensureDepartment(db, me.schoolId, input.department, now)
    departmentId = d.id
    department = d.name
  }
  if (await findUser(db, me.schoolId, input.username)) throw new AppError('conflict', `用户名 ${input.username} 已存在`)
  const hash = await hashPassword(input.password, deps.passwordParams)
  const at = now.toISOString()
  try {
    await deps.batch([
      insertUser(db, {
        school_id: me.schoolId,
        username: input.username,
        role: input.role,
        department_id: departmentId,
        display_name: input.displayName || null,
        perm_info: input.permissions.info,
        perm_archive: input.permissions.archive,
        perm_hukou: input.permissions.hukou,
        password_hash: hash,
        created_at: at,
        updated_at: at,
      }),
      auditInsert(db, now, me, {
        action: 'user.create',
        target: `user:${input.username}`,
        detail: { role: input.role, department, permissions: input.permissions },
      }),
    ])
  } catch (e) {
    if (String(e).includes('UNIQUE')) throw new AppError('conflict', `用户名 ${input.username} 已存在`)
    throw e
  }
  return {
    username: input.username,
    role: input.role,
    department,
    permissions: input.permissions,
    mustChangePassword: false,
  }
}

export async function unlockUser(deps: AppDeps, me: CurrentUser, username: string) {
  const { db } = deps
  const now = deps.now()
  const user = await findUser(db, me.schoolId, username)
  if (!user) throw notFound(`没有用户 ${username}`)
  await deps.batch([
    unlockAccount(db, user.id, now),
    auditInsert(db, now, me, { action: 'user.unlock', target: `user:${username}` }),
  ])
}

// What other features use to check a password again before a sensitive act (the 核验授权), under
// the same lockout as the login.
export { hashPassword, verifyPassword } from './password.js'
export { LOCK_MS, MAX_FAILED_LOGINS } from './queries.js'
