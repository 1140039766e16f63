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
import { administratorRow, generatePassword } from './bootstrap.js'
import { safeEqual } from '../domain/constant-time.js'
import {
  endOtherSessions,
  findUser,
  firstPasswordOf,
  graduateAccountRows,
  insertUser,
  publicUser,
  resetGraduateAccounts,
  setPassword,
  unlockAccount,
  userById,
} from './queries.js'
import type { CreateStaffInput, StaffPatch } from './schemas.js'
import type { Db } from '../db/schema.js'
import { conflict } from '../errors.js'
import { scopeGraduates } from '../middleware/auth.js'
import { departmentNames, ensureDepartment, findDepartment } from '../db/departments.js'
import { closeNames, unknownNameMessage } from '../domain/similar-names.js'
import { listStaffUsers, parseClasses } from './queries.js'

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

/**
 * One's own e-mail address (issue 17: staff had no way to give one). It goes on the account
 * (`users.email`), which the outbox prefers to the roster's address (notifications/service.ts), so
 * a graduate's change does not rewrite the roster the school imported. Audited without the address.
 */
export async function setOwnEmail(deps: AppDeps, me: CurrentUser, email: string | null) {
  const now = deps.now()
  await deps.batch([
    deps.db.updateTable('users').set({ email }).where('id', '=', me.id),
    auditInsert(deps.db, now, me, { action: email ? 'email.set' : 'email.clear', target: `user:${me.username}` }),
  ])
  return { email }
}

/** Ids of the graduates a staff user may act on, optionally of one 院系 (by name). */
async function graduateIdsInScope(db: Db, me: CurrentUser, department?: string) {
  // The one scoping rule: a counsellor acts only on its classes' graduates (seed 002 附件3).
  let q = scopeGraduates(
    db.selectFrom('graduates').innerJoin('departments', 'departments.id', 'graduates.department_id'),
    me,
  ).select('graduates.id')
  if (department) q = q.where('departments.name', '=', department)
  return (await q.execute()).map((r) => r.id)
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
  if (input.role !== 'school') {
    if (!input.department) throw invalid('院系', '院系用户和辅导员必须指定院系')
    // Department names must match the roster's exactly (seed 004 §1.4).
    const d = await resolveDepartment(deps, me.schoolId, input.department, { create: input.createDepartment ?? true })
    departmentId = d.id
    department = d.name
  }
  const classes = input.role === 'counsellor' ? cleanClasses(input.classes ?? []) : []
  if (input.role === 'counsellor' && !classes.length) throw invalid('所在班级', '辅导员至少要有一个班级')
  if (await findUser(db, me.schoolId, input.username)) throw new AppError('conflict', `用户名 ${input.username} 已存在`)
  const hash = await hashPassword(input.password, deps.passwordParams)
  const at = now.toISOString()
  try {
    await deps.batch([
      insertUser(db, {
        school_id: me.schoolId,
        username: input.username,
        // A counsellor is a department row marked as such (migration 0003).
        role: input.role === 'counsellor' ? 'department' : input.role,
        counsellor: input.role === 'counsellor' ? 1 : 0,
        classes: input.role === 'counsellor' ? JSON.stringify(classes) : null,
        education_scope: input.educationScope ?? 'all',
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
        detail: {
          role: input.role,
          department,
          classes,
          educationScope: input.educationScope ?? 'all',
          permissions: input.permissions,
        },
      }),
    ])
  } catch (e) {
    if (String(e).includes('UNIQUE')) throw new AppError('conflict', `用户名 ${input.username} 已存在`)
    throw e
  }
  return publicUser({
    username: input.username,
    role: input.role,
    department,
    permissions: input.permissions,
    mustChangePassword: false,
    classes,
    educationScope: input.educationScope ?? 'all',
  })
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
// Who a session token belongs to: what src/app.ts hands the authenticate middleware.
export { loadSessionUser } from './queries.js'

/**
 * A new school's administrator `admin` (学校管理员, rw on every part): a generated password, to be
 * shown once, and the users row holding only its scrypt hash (school_id 0: the caller's INSERT
 * takes the school's id from the new schools row).
 */
export async function newSchoolAdministrator(deps: Pick<AppDeps, 'passwordParams'>, at: string) {
  const password = generatePassword()
  const passwordHash = await hashPassword(password, deps.passwordParams)
  const row = administratorRow(0, { username: 'admin', displayName: '学校管理员', permission: 'rw', passwordHash, at })
  return { password, row }
}

/**
 * A 院系 by its exact name. Issue 13 item 9: a typo must not create a department, so an unknown
 * name is a 400 naming 院系 and the close existing names — unless the caller asked to create it.
 */
async function resolveDepartment(
  deps: Pick<AppDeps, 'db' | 'now'>,
  schoolId: number,
  name: string,
  { create = false } = {},
): Promise<{ id: number; name: string }> {
  const found = await findDepartment(deps.db, schoolId, name)
  if (found) return found
  if (!create)
    throw invalid('院系', unknownNameMessage('院系', name, closeNames(name, await departmentNames(deps.db, schoolId))))
  return ensureDepartment(deps.db, schoolId, name, deps.now())
}

/** 所在班级 names: trimmed, distinct, non-empty, each at most 50 characters (the roster's limit). */
function cleanClasses(classes: readonly string[]): string[] {
  const out = [...new Set(classes.map((c) => c.trim()).filter(Boolean))]
  if (out.some((c) => c.length > 50)) throw invalid('所在班级', '每个班级名称不能超过 50 个字')
  if (out.length > 100) throw invalid('所在班级', '最多 100 个班级')
  return out
}

async function staffUser(db: Db, me: CurrentUser, username: string) {
  const u = await findUser(db, me.schoolId, username)
  if (!u || u.role === 'student') throw notFound(`没有用户 ${username.slice(0, 64)}`)
  return u
}

/**
 * Changes a staff user. Security decisions: nobody disables their own account or takes away
 * their own 基本信息 读写 (the school would lock itself out); disabling ends the user's sessions at
 * once. The write is conditional on the row being unchanged since it was read (409 otherwise).
 */
export async function updateStaffUser(deps: AppDeps, me: CurrentUser, username: string, patch: StaffPatch) {
  const { db } = deps
  const u = await staffUser(db, me, username)
  const set: Record<string, unknown> = {}
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const isCounsellor = u.role === 'department' && u.counsellor === 1
  if (patch.permissions) {
    if (u.id === me.id && patch.permissions.info !== 'rw') throw invalid('权限', '不能取消自己的基本信息读写权限')
    set.perm_info = patch.permissions.info
    set.perm_archive = patch.permissions.archive
    set.perm_hukou = patch.permissions.hukou
    before.permissions = { info: u.perm_info, archive: u.perm_archive, hukou: u.perm_hukou }
    after.permissions = patch.permissions
  }
  if (patch.department !== undefined) {
    if (u.role === 'school') throw invalid('院系', '学校用户不属于任何院系')
    const d = await resolveDepartment(deps, me.schoolId, patch.department.trim())
    set.department_id = d.id
    before.departmentId = u.department_id
    after.department = d.name
  }
  if (patch.classes !== undefined) {
    if (!isCounsellor) throw invalid('所在班级', '只有辅导员账号有所在班级')
    const classes = cleanClasses(patch.classes)
    if (!classes.length) throw invalid('所在班级', '辅导员至少要有一个班级')
    set.classes = JSON.stringify(classes)
    before.classes = parseClasses(u.classes)
    after.classes = classes
  }
  if (patch.educationScope !== undefined) {
    set.education_scope = patch.educationScope
    before.educationScope = u.education_scope
    after.educationScope = patch.educationScope
  }
  if (patch.disabled !== undefined) {
    if (patch.disabled && u.id === me.id) throw invalid('停用', '不能停用自己的账号')
    set.disabled_at = patch.disabled ? (u.disabled_at ?? deps.now().toISOString()) : null
    before.disabled = !!u.disabled_at
    after.disabled = patch.disabled
  }
  if (!Object.keys(set).length) throw invalid('修改内容', '没有要修改的内容')
  const now = deps.now()
  const at = now.toISOString()
  const queries = [
    db
      .updateTable('users')
      .set({ ...set, updated_at: at })
      .where('id', '=', u.id)
      .where('updated_at', '=', u.updated_at),
    auditInsert(db, now, me, {
      action: patch.disabled === true ? 'user.disable' : patch.disabled === false ? 'user.enable' : 'user.update',
      target: `user:${u.username}`,
      detail: { before, after },
    }),
  ]
  if (patch.disabled) queries.push(db.deleteFrom('sessions').where('user_id', '=', u.id) as never)
  const [r] = await deps.batch(queries)
  if (!Number(r.numAffectedRows ?? 1)) throw conflict('该用户刚被他人修改，请刷新后重试')
  return (await listStaffUsers(db, me.schoolId, now)).find((x) => x.username === u.username)!
}

/** A new password set by the school (the user's sessions end; the lock is lifted). */
export async function setStaffPassword(deps: AppDeps, me: CurrentUser, username: string, password: string) {
  const { db } = deps
  const u = await staffUser(db, me, username)
  const now = deps.now()
  const hash = await hashPassword(password, deps.passwordParams)
  await deps.batch([
    db
      .updateTable('users')
      .set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: now.toISOString() })
      .where('id', '=', u.id),
    db.deleteFrom('sessions').where('user_id', '=', u.id).where('id', '!=', me.sessionId),
    auditInsert(db, now, me, { action: 'user.password', target: `user:${u.username}` }),
  ])
}

/** A graduate's login account as staff see it: locked (until when) and still on the first password. */
export interface GraduateAccountState {
  lockedUntil: string | null
  firstPassword: boolean
}

/** The account state of each of these graduates (ids the caller has already scoped), by graduate id. */
export async function graduateAccountStates(deps: AppDeps, me: CurrentUser, graduateIds: number[]) {
  const now = deps.now().toISOString()
  const out = new Map<number, GraduateAccountState>()
  for (const r of await graduateAccountRows(deps.db, me.schoolId, graduateIds))
    if (r.graduate_id !== null)
      out.set(r.graduate_id, {
        // A lock that has run out is no lock (the next login clears it).
        lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until : null,
        firstPassword: r.password_hash === null,
      })
  return out
}

/**
 * Unlocks graduates' accounts (contract §6: a counsellor, department or school user of that
 * graduate; seed 002 附件3). Only graduates in the user's scope are touched; returns how many.
 */
export async function unlockGraduates(deps: AppDeps, me: CurrentUser, graduateIds: number[]) {
  const { db } = deps
  const ids = (
    await scopeGraduates(db.selectFrom('graduates'), me)
      .select('graduates.id')
      .where('graduates.id', 'in', graduateIds.length ? graduateIds : [-1])
      .execute()
  ).map((r) => r.id)
  if (!ids.length) return 0
  const now = deps.now()
  await deps.batch([
    db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, updated_at: now.toISOString() })
      .where('graduate_id', 'in', ids),
    auditInsert(db, now, me, {
      action: 'user.unlock',
      target: ids.length === 1 ? `graduate:${ids[0]}` : null,
      detail: { count: ids.length },
    }),
  ])
  return ids.length
}
