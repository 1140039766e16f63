/**
 * The employers' JSON API (contract §5 "Employers"): registration without an account, the
 * school's review, and the employer's own 学生收藏夹 and 预设模板.
 */
import { createRoute } from '@hono/zod-openapi'
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import {
  addFavorite,
  decideEmployer,
  deleteTemplate,
  employerJson,
  listEmployers,
  listFavorites,
  listTemplates,
  myEmployer,
  registerEmployer,
  removeFavorite,
  saveTemplate,
} from './service.js'
import { GraduateSearchSchema } from './schemas.js'

export const employersApi = createRouter()

const TAG = ['用人单位']
const text = (max: number) => z.string().max(max)

export const EmployerRegistrationSchema = z
  .object({
    name: text(100),
    creditCode: text(30),
    nature: text(50),
    industry: text(50),
    location: text(10),
    address: text(200),
    contact: text(50),
    phone: text(30),
    email: text(100).nullable().optional(),
    username: z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, '只能使用 2–64 个字母、数字或 _ . @ -'),
    password: z.string().min(8, '至少 8 个字符').max(128),
  })
  .openapi('EmployerRegistration')

const EmployerSchema = z
  .object({ id: z.number(), status: z.enum(['pending', 'approved', 'rejected']) })
  .passthrough()
  .openapi('Employer')

const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const employer = guard({ roles: ['employer'] })
const schoolRead = guard({ roles: ['school'], module: 'info' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })

employersApi.openapi(
  createRoute({
    method: 'post',
    path: '/employers',
    tags: TAG,
    summary: '用人单位注册（无需登录；学校审核通过后可登录）',
    request: { body: jsonBody(EmployerRegistrationSchema) },
    responses: {
      201: jsonContent(z.object({ id: z.number(), status: z.literal('pending') }), '已注册，等待学校审核'),
      ...errorResponses(400, 409),
    },
  }),
  async (c) => {
    const e = await registerEmployer(c.var.deps, c.req.valid('json'))
    return c.json({ id: e.id, status: 'pending' as const }, 201)
  },
)

employersApi.openapi(
  createRoute({
    method: 'get',
    path: '/employers',
    tags: TAG,
    summary: '注册单位列表（学校）',
    middleware: [schoolRead] as const,
    request: { query: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }) },
    responses: {
      200: jsonContent(z.object({ items: z.array(EmployerSchema), total: z.number() }), '单位'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await listEmployers(c.var.deps, currentUser(c), c.req.valid('query').status), 200),
)

employersApi.openapi(
  createRoute({
    method: 'post',
    path: '/employers/{id}/decision',
    tags: TAG,
    summary: '审核单位注册（学校，基本信息读写）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(200).nullable().optional() }),
      ),
    },
    responses: { 200: jsonContent(EmployerSchema, '已审核'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { decision, reason } = c.req.valid('json')
    return c.json(
      await decideEmployer(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason?.trim() || null),
      200,
    )
  },
)

employersApi.openapi(
  createRoute({
    method: 'get',
    path: '/employer/profile',
    tags: TAG,
    summary: '本单位信息',
    middleware: [employer] as const,
    responses: { 200: jsonContent(EmployerSchema, '单位'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json(employerJson(await myEmployer(c.var.deps, currentUser(c))), 200),
)

const FavoriteSchema = z
  .object({
    graduateId: z.number(),
    name: z.string(),
    idNumber: z.string().nullable().openapi({ description: '添加时为所输入的身份证号；列表中为掩码' }),
    school: z.string(),
    schoolCode: z.string(),
    major: z.string(),
    education: z.string().nullable(),
    graduationTime: z.string(),
  })
  .passthrough()
  .openapi('FavoriteGraduate')

employersApi.openapi(
  createRoute({
    method: 'get',
    path: '/employer/favorites',
    tags: TAG,
    summary: '学生收藏夹',
    middleware: [employer] as const,
    responses: {
      200: jsonContent(z.object({ items: z.array(FavoriteSchema) }), '收藏的毕业生'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await listFavorites(c.var.deps, currentUser(c)), 200),
)

employersApi.openapi(
  createRoute({
    method: 'post',
    path: '/employer/favorites',
    tags: TAG,
    summary: '按姓名、身份证号、毕业院校搜索毕业生并加入收藏夹',
    middleware: [employer] as const,
    request: { body: jsonBody(GraduateSearchSchema) },
    responses: { 201: jsonContent(FavoriteSchema, '已加入'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => c.json(await addFavorite(c.var.deps, currentUser(c), c.req.valid('json')), 201),
)

employersApi.openapi(
  createRoute({
    method: 'delete',
    path: '/employer/favorites/{id}',
    tags: TAG,
    summary: '从收藏夹删除（信息有误时删除后重新添加）',
    middleware: [employer] as const,
    request: { params: IdParam },
    responses: { 204: { description: '已删除' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await removeFavorite(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.body(null, 204)
  },
)

const TemplateContentSchema = z.object({
  job: z.record(z.string(), z.any()).optional(),
  archiveTransfer: z.string().max(50).nullable().optional(),
  hukouTransfer: z.string().max(50).nullable().optional(),
  terms: z.string().max(2000).nullable().optional(),
  responseDays: z.number().int().min(1).max(30).optional(),
})

employersApi.openapi(
  createRoute({
    method: 'get',
    path: '/employer/templates',
    tags: TAG,
    summary: '预设模板',
    middleware: [employer] as const,
    responses: { 200: jsonContent(z.object({ items: z.array(z.any()) }), '模板'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json(await listTemplates(c.var.deps, currentUser(c)), 200),
)

employersApi.openapi(
  createRoute({
    method: 'post',
    path: '/employer/templates',
    tags: TAG,
    summary: '保存预设模板（同名覆盖）',
    middleware: [employer] as const,
    request: { body: jsonBody(TemplateContentSchema.extend({ name: z.string().min(1, '必须填写').max(50) })) },
    responses: { 200: jsonContent(z.any(), '已保存'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { name, ...content } = c.req.valid('json')
    return c.json(await saveTemplate(c.var.deps, currentUser(c), name, content), 200)
  },
)

employersApi.openapi(
  createRoute({
    method: 'delete',
    path: '/employer/templates/{id}',
    tags: TAG,
    summary: '删除预设模板',
    middleware: [employer] as const,
    request: { params: IdParam },
    responses: { 204: { description: '已删除' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await deleteTemplate(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.body(null, 204)
  },
)
