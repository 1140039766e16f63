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
  EmailBody,
  LoginBody,
  newPassword,
  PasswordBody,
  PatchUserSchema,
  ResetBody,
  StaffUserSchema,
  UnlockBody,
  UsernameParam,
  UserSchema,
} from './schemas.js'
import {
  changePassword,
  createStaffUser,
  resetGraduatePasswords,
  setOwnEmail,
  setStaffPassword,
  unlockGraduates,
  unlockUser,
  updateStaffUser,
} from './service.js'

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
    method: 'put',
    path: '/me/email',
    tags: ['账号'],
    summary: '设置自己的电子邮箱（用于邮件提醒与找回密码；单位账号的邮箱在单位信息中）',
    middleware: [guard({ roles: ['school', 'department', 'counsellor', 'student', 'province'] })] as const,
    request: { body: jsonBody(EmailBody) },
    responses: {
      200: jsonContent(z.object({ email: z.string().nullable() }), '已保存'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => c.json(await setOwnEmail(c.var.deps, currentUser(c), c.req.valid('json').email), 200),
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

const UserListItem = StaffUserSchema

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
    method: 'patch',
    path: '/users/{username}',
    tags: ['账号'],
    summary: '修改学校、院系或辅导员用户：权限、院系、所在班级、数据权限、停用',
    description:
      'department 必须是已有院系（否则 400 并列出相近的院系名称）；educationScope：all 全部、undergraduate 本专科、graduate 研究生；disabled=true 停用，停用的账号不能登录（403 account_disabled）。',
    middleware: [guard({ roles: ['school'], module: 'info', level: 'rw' })] as const,
    request: { params: UsernameParam, body: jsonBody(PatchUserSchema) },
    responses: { 200: jsonContent(UserListItem, '已修改'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) =>
    c.json(await updateStaffUser(c.var.deps, currentUser(c), c.req.valid('param').username, c.req.valid('json')), 200),
)

accountsApi.openapi(
  createRoute({
    method: 'put',
    path: '/users/{username}/password',
    tags: ['账号'],
    summary: '为学校、院系或辅导员用户设置新密码（该用户的登录会话随即失效）',
    middleware: [guard({ roles: ['school'], module: 'info', level: 'rw' })] as const,
    request: { params: UsernameParam, body: jsonBody(z.object({ password: newPassword })) },
    responses: { 204: { description: '已设置' }, ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    await setStaffPassword(c.var.deps, currentUser(c), c.req.valid('param').username, c.req.valid('json').password)
    return c.body(null, 204)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/{id}/unlock',
    tags: ['账号'],
    summary: '解锁一名毕业生的账号（该毕业生的辅导员、院系或学校用户）',
    middleware: [guard({ roles: ['school', 'department', 'counsellor'], module: 'info', level: 'rw' })] as const,
    request: {
      params: z.object({
        id: z.coerce
          .number()
          .int()
          .positive()
          .max(2 ** 31),
      }),
    },
    responses: {
      200: jsonContent(z.object({ unlocked: z.number().int() }), '已解锁'),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const unlocked = await unlockGraduates(c.var.deps, currentUser(c), [c.req.valid('param').id])
    if (!unlocked) throw notFound('没有这名毕业生，或无权查看')
    return c.json({ unlocked }, 200)
  },
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/unlock',
    tags: ['账号'],
    summary: '批量解锁毕业生账号（只处理本人可见的毕业生）',
    middleware: [guard({ roles: ['school', 'department', 'counsellor'], module: 'info', level: 'rw' })] as const,
    request: {
      body: jsonBody(UnlockBody),
    },
    responses: {
      200: jsonContent(z.object({ unlocked: z.number().int() }), '已解锁'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) =>
    c.json({ unlocked: await unlockGraduates(c.var.deps, currentUser(c), c.req.valid('json').graduateIds) }, 200),
)

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/password-reset',
    tags: ['账号'],
    summary: '批量重置毕业生密码为初始密码（身份证号后六位）',
    description:
      '按 graduateIds 或院系选择；院系用户只能重置本院系毕业生，辅导员只能重置所带班级的毕业生。被重置的账号下次登录须修改密码，并同时解锁。',
    middleware: [guard({ roles: ['school', 'department', 'counsellor'], module: 'info' })] as const,
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
    middleware: [guard({ roles: ['school', 'department', 'counsellor'], module: 'info' })] as const,
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
