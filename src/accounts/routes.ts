/** Accounts and sessions over JSON (contract §4.1). */
import { createRoute } from '@hono/zod-openapi'
import { deleteCookie } from 'hono/cookie'
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { notFound } from '../errors.js'
import { currentUser, guard, SESSION_COOKIE } from '../middleware/auth.js'
import { login } from './login.js'
import { clientAddress } from '../rate-limit.js'
import { deleteSession, listStaffUsers, publicUser } from './queries.js'
import {
  CreateUserSchema,
  LoginBody,
  PasswordBody,
  PermissionsSchema,
  ResetBody,
  UsernameParam,
  UserSchema,
} from './schemas.js'
import { changePassword, createStaffUser, resetGraduatePasswords, unlockUser } from './service.js'

export const accountsApi = createRouter()

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/session',
    tags: ['账号'],
    summary: '登录，取得令牌',
    request: {
      body: jsonBody(LoginBody),
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
    request: { body: jsonBody(PasswordBody) },
    responses: { 200: jsonContent(z.object({ user: UserSchema }), '已修改'), ...errorResponses(400, 401) },
  }),
  async (c) => {
    const { oldPassword, newPassword } = c.req.valid('json')
    const me = currentUser(c)
    await changePassword(c.var.deps, me, oldPassword, newPassword)
    return c.json({ user: publicUser({ ...me, mustChangePassword: false }) }, 200)
  },
)

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
    request: { params: UsernameParam },
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
      body: jsonBody(ResetBody),
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
