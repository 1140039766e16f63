/** Accounts and sessions over JSON (contract §4.1). */
import { createRoute } from '@hono/zod-openapi'
import { deleteCookie } from 'hono/cookie'
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { jsonList } from '../db/batch.js'
import { currentUser, guard, SESSION_COOKIE } from '../middleware/auth.js'
import { login } from './login.js'
import { clientAddress } from '../rate-limit.js'
import { deleteSession, findUser, firstPasswordOf, publicUser } from './queries.js'
import { hashPassword, verifyPassword } from './password.js'
import { safeEqual } from '../domain/constant-time.js'

const Perm = z.enum(['rw', 'ro', 'none'])
const PermissionsSchema = z.object({ info: Perm, archive: Perm, hukou: Perm }).openapi('Permissions')
const UserSchema = z
  .object({
    username: z.string(),
    role: z.enum(['school', 'department', 'student']),
    department: z.string().nullable(),
    permissions: PermissionsSchema,
    mustChangePassword: z.boolean(),
  })
  .openapi('User')

export const MIN_PASSWORD = 8
const newPassword = z.string().min(MIN_PASSWORD, `至少 ${MIN_PASSWORD} 个字符`).max(128, '不能超过 128 个字符')

export const accountsApi = createRouter()

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    tags: ['账号'],
    summary: '登录，取得令牌',
    request: {
      body: jsonBody(
        z.object({
          username: z.string().min(1, '必须填写').max(64),
          password: z.string().min(1, '必须填写').max(128),
          school: z
            .string()
            .regex(/^\d{5}$/, '院校代码应为 5 位数字')
            .optional(),
        }),
      ),
    },
    responses: {
      200: jsonContent(z.object({ token: z.string(), user: UserSchema }), '登录成功'),
      ...errorResponses(400, 401, 423, 429),
    },
  }),
  async (c) => {
    const { token, user } = await login(
      c.var.deps,
      { ...c.req.valid('json'), clientAddress: clientAddress(c, c.var.deps.config.trustProxy) },
      'bearer',
    )
    return c.json({ token, user: publicUser(user) }, 200)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'get',
    path: '/session',
    tags: ['账号'],
    summary: '当前登录的用户',
    middleware: [guard({ allowPasswordChange: true })] as const,
    responses: { 200: jsonContent(z.object({ user: UserSchema }), '当前用户'), ...errorResponses(401) },
  }),
  (c) => c.json({ user: publicUser(currentUser(c)) }, 200),
)

accountsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/session',
    tags: ['账号'],
    summary: '退出登录（令牌作废）',
    middleware: [guard({ allowPasswordChange: true })] as const,
    responses: { 204: { description: '已退出' }, ...errorResponses(401) },
  }),
  async (c) => {
    await deleteSession(c.var.deps.db, currentUser(c).sessionId)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/password',
    tags: ['账号'],
    summary: '修改自己的密码（学生首次登录必须先修改）',
    middleware: [guard({ allowPasswordChange: true })] as const,
    request: { body: jsonBody(z.object({ oldPassword: z.string().min(1, '必须填写').max(128), newPassword })) },
    responses: { 200: jsonContent(z.object({ user: UserSchema }), '已修改'), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const { oldPassword, newPassword } = c.req.valid('json')
    const me = currentUser(c)
    await changePassword(c.var.deps, me, oldPassword, newPassword)
    return c.json({ user: publicUser({ ...me, mustChangePassword: false }) }, 200)
  },
)

/** Shared by the JSON API and the password page. */
export async function changePassword(
  deps: import('../deps.js').AppDeps,
  me: import('../deps.js').CurrentUser,
  oldPassword: string,
  newPassword: string,
) {
  const { db } = deps
  const user = await db.selectFrom('users').selectAll().where('id', '=', me.id).executeTakeFirstOrThrow()
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
    db
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, updated_at: now.toISOString() })
      .where('id', '=', me.id),
    // Other sessions of this user end: whoever else held one no longer knows the password.
    db.deleteFrom('sessions').where('user_id', '=', me.id).where('id', '!=', me.sessionId),
    auditInsert(db, now, me, { action: 'password.change', target: `user:${me.username}` }),
  ])
}

const CreateUserSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, '只能使用 2–64 个字母、数字或 _ . @ -'),
  password: newPassword,
  role: z.enum(['school', 'department']),
  department: z.string().trim().min(1).max(100).nullable().optional(),
  permissions: PermissionsSchema,
  displayName: z.string().trim().max(50).optional(),
})

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/users',
    tags: ['账号'],
    summary: '添加学校或院系用户（学校用户，基本信息读写权限）',
    middleware: [guard({ roles: ['school'], module: 'info' })] as const,
    request: { body: jsonBody(CreateUserSchema) },
    responses: { 201: jsonContent(z.object({ user: UserSchema }), '已添加'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const user = await createStaffUser(c.var.deps, currentUser(c), c.req.valid('json'))
    return c.json({ user }, 201)
  },
)

const UserListItem = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(['school', 'department', 'student']),
  department: z.string().nullable(),
  permissions: PermissionsSchema,
  locked: z.boolean(),
  failedLogins: z.number(),
})

accountsApi.openapi(
  createRoute({
    method: 'get',
    path: '/users',
    tags: ['账号'],
    summary: '学校和院系用户列表',
    middleware: [guard({ roles: ['school'], module: 'info' })] as const,
    responses: {
      200: jsonContent(z.object({ items: z.array(UserListItem) }), '用户列表'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json({ items: await listStaffUsers(c.var.deps.db, currentUser(c).schoolId, c.var.deps.now()) }, 200),
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/users/{username}/unlock',
    tags: ['账号'],
    summary: '解锁账号（学校用户）',
    middleware: [guard({ roles: ['school'], module: 'info' })] as const,
    request: { params: z.object({ username: z.string().min(1).max(64) }) },
    responses: {
      200: jsonContent(z.object({ username: z.string(), unlocked: z.boolean() }), '已解锁'),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { username } = c.req.valid('param')
    await unlockUser(c.var.deps, currentUser(c), username)
    return c.json({ username, unlocked: true }, 200)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/password-reset',
    tags: ['账号'],
    summary: '批量重置毕业生密码为初始密码（身份证号后六位）',
    description:
      '按 graduateIds 或院系选择；院系用户只能重置本院系毕业生。被重置的账号下次登录须修改密码，并同时解锁。',
    middleware: [guard({ roles: ['school', 'department'], module: 'info' })] as const,
    request: {
      body: jsonBody(
        z
          .object({
            graduateIds: z.array(z.number().int().positive()).max(100_000).optional(),
            department: z.string().min(1).optional(),
            all: z.boolean().optional(),
          })
          .refine((v) => v.graduateIds?.length || v.department || v.all, {
            message: '请选择要重置密码的毕业生',
            path: ['graduateIds'],
          }),
      ),
    },
    responses: { 200: jsonContent(z.object({ reset: z.number() }), '已重置'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const input = c.req.valid('json')
    const me = currentUser(c)
    const reset = await resetGraduatePasswords(c.var.deps, me, input)
    return c.json({ reset }, 200)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/{id}/password-reset',
    tags: ['账号'],
    summary: '重置一名毕业生的密码为初始密码',
    middleware: [guard({ roles: ['school', 'department'], module: 'info' })] as const,
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    responses: { 200: jsonContent(z.object({ reset: z.number() }), '已重置'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid('param')
    const reset = await resetGraduatePasswords(c.var.deps, currentUser(c), { graduateIds: [id] })
    if (reset === 0) throw notFound('没有这名毕业生')
    return c.json({ reset }, 200)
  },
)

/** 密码初始化 (seeds 001, 002): back to the last six of 身份证号, forced change, unlocked. */
export async function resetGraduatePasswords(
  deps: import('../deps.js').AppDeps,
  me: import('../deps.js').CurrentUser,
  sel: { graduateIds?: number[]; department?: string; all?: boolean },
) {
  const { db } = deps
  const now = deps.now()
  let q = db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .select('graduates.id')
    .where('graduates.school_id', '=', me.schoolId)
  if (me.role === 'department') q = q.where('graduates.department_id', '=', me.departmentId ?? -1)
  if (sel.department) q = q.where('departments.name', '=', sel.department)
  const ids = (await q.execute()).map((r) => r.id)
  const wanted = sel.graduateIds ? new Set(sel.graduateIds) : null
  const target = wanted ? ids.filter((id) => wanted.has(id)) : ids
  if (target.length === 0) return 0
  const queries = []
  for (let i = 0; i < target.length; i += 5000) {
    const chunk = jsonList(target.slice(i, i + 5000))
    queries.push(
      db
        .updateTable('users')
        .set({
          password_hash: null,
          must_change_password: 1,
          failed_logins: 0,
          locked_until: null,
          updated_at: now.toISOString(),
        })
        .where('graduate_id', 'in', chunk),
      db
        .deleteFrom('sessions')
        .where('user_id', 'in', db.selectFrom('users').select('id').where('graduate_id', 'in', chunk)),
    )
  }
  queries.push(
    auditInsert(db, now, me, {
      action: 'password.reset',
      target: target.length === 1 ? `graduate:${target[0]}` : null,
      detail: { count: target.length, department: sel.department ?? null },
    }),
  )
  await deps.batch(queries)
  return target.length
}

export type CreateStaffInput = z.infer<typeof CreateUserSchema>
export { CreateUserSchema }

/** Adds a school or department user; shared by the API and the account page. */
export async function createStaffUser(
  deps: import('../deps.js').AppDeps,
  me: import('../deps.js').CurrentUser,
  input: CreateStaffInput,
) {
  const { db } = deps
  const now = deps.now()
  let departmentId: number | null = null
  let department: string | null = null
  if (input.role === 'department') {
    if (!input.department) throw invalid('院系', '院系用户必须指定院系')
    // Department names must match the roster's exactly (seed 004, 1.4); a new one is created.
    await db
      .insertInto('departments')
      .values({ school_id: me.schoolId, name: input.department, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['school_id', 'name']).doNothing())
      .execute()
    const d = await db
      .selectFrom('departments')
      .select(['id', 'name'])
      .where('school_id', '=', me.schoolId)
      .where('name', '=', input.department)
      .executeTakeFirstOrThrow()
    departmentId = d.id
    department = d.name
  }
  if (await findUser(db, me.schoolId, input.username)) throw new AppError('conflict', `用户名 ${input.username} 已存在`)
  const hash = await hashPassword(input.password, deps.passwordParams)
  const at = now.toISOString()
  try {
    await deps.batch([
      db.insertInto('users').values({
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

export async function listStaffUsers(db: import('../db/schema.js').Db, schoolId: number, at: Date) {
  const now = at.toISOString()
  const rows = await db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'username',
      'display_name',
      'role',
      'departments.name as department',
      'perm_info',
      'perm_archive',
      'perm_hukou',
      'locked_until',
      'failed_logins',
    ])
    .where('users.school_id', '=', schoolId)
    .where('role', '!=', 'student')
    .orderBy('users.id')
    .execute()
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    department: r.department,
    permissions: { info: r.perm_info, archive: r.perm_archive, hukou: r.perm_hukou },
    locked: !!r.locked_until && r.locked_until > now,
    failedLogins: r.failed_logins,
  }))
}

export async function unlockUser(
  deps: import('../deps.js').AppDeps,
  me: import('../deps.js').CurrentUser,
  username: string,
) {
  const { db } = deps
  const now = deps.now()
  const user = await findUser(db, me.schoolId, username)
  if (!user) throw notFound(`没有用户 ${username}`)
  await deps.batch([
    db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, updated_at: now.toISOString() })
      .where('id', '=', user.id),
    auditInsert(db, now, me, { action: 'user.unlock', target: `user:${username}` }),
  ])
}
