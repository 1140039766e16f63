/** 学生核验授权 over JSON (contract §4.6). Graduates only; staff have no business here. */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { download } from '../download.js'
import { ACCESS_LOG_PAGE_SIZE, accessLog, createGrant, grantReport, listGrants, revokeGrant } from './service.js'

/** An empty `page=` means the first page, not an error. */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

export const authorizationApi = createRouter()

const student = guard({ roles: ['student'] })

export const reportUrl = (number: string) => `/api/v1/me/verification-grants/${number}/report.pdf`

const GrantSchema = z
  .object({ number: z.string(), validUntil: z.string(), revokedAt: z.string().nullable(), createdAt: z.string() })
  .openapi('VerificationGrant')
const NumberParam = z.object({ number: z.string().min(1).max(40) })

authorizationApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/verification-grants',
    tags: ['核验授权'],
    summary: '授权核验，生成核验编号',
    description:
      '需重新输入登录密码。validUntil（YYYY-MM-DD，北京时间当日 23:59:59 止）默认且最迟为毕业时间加六个月的月末。需有审核通过的去向登记。',
    middleware: [student] as const,
    request: {
      body: jsonBody(
        z.object({
          password: z.string().min(1, '必须填写').max(128),
          validUntil: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD')
            .optional(),
        }),
      ),
    },
    responses: {
      201: jsonContent(z.object({ number: z.string(), validUntil: z.string(), reportUrl: z.string() }), '已授权'),
      ...errorResponses(400, 401, 403, 409, 423),
    },
  }),
  async (c) => {
    const g = await createGrant(c.var.deps, currentUser(c), c.req.valid('json'))
    return c.json({ ...g, reportUrl: reportUrl(g.number) }, 201)
  },
)

authorizationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/verification-grants',
    tags: ['核验授权'],
    summary: '我的核验授权',
    middleware: [student] as const,
    responses: { 200: jsonContent(z.object({ items: z.array(GrantSchema) }), '授权列表'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json({ items: await listGrants(c.var.deps.db, currentUser(c).graduateId ?? -1) }, 200),
)

authorizationApi.openapi(
  createRoute({
    method: 'delete',
    path: '/me/verification-grants/{number}',
    tags: ['核验授权'],
    summary: '撤销核验授权（此后该核验编号查询时答 revoked）',
    middleware: [student] as const,
    request: { params: NumberParam },
    responses: { 204: { description: '已撤销' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await revokeGrant(c.var.deps, currentUser(c), c.req.valid('param').number)
    return c.body(null, 204)
  },
)

authorizationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/verification-grants/{number}/report.pdf',
    tags: ['核验授权'],
    summary: '下载核验报告（带核验编号和二维码的毕业生去向登记信息）',
    middleware: [student] as const,
    request: { params: NumberParam },
    responses: { 200: binaryResponse('application/pdf', 'PDF'), ...errorResponses(401, 403, 404, 409, 410) },
  }),
  async (c) => {
    const { pdf, number, name } = await grantReport(c.var.deps, currentUser(c), c.req.valid('param').number)
    return download(c, pdf, {
      type: 'application/pdf',
      filename: `核验报告_${number}_${name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}.pdf`,
      fallback: 'verification-report',
    })
  },
)

/** `?page=` (and `pageSize`) of the access log, shared by the API and the page (/me/authorization). */
export const AccessLogQuery = z.object({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(ACCESS_LOG_PAGE_SIZE)),
})

authorizationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/access-log',
    tags: ['核验授权'],
    summary: '我的编号被查询的记录',
    description: `本人所有转递编号（含已作废的）和核验编号的每一次查询：时间、编号、查询类型（archive 档案 / hukou 户口）、结果。最新的在前，分页（page 从 1 起，pageSize 默认 ${ACCESS_LOG_PAGE_SIZE}、最多 200），total 为全部条数。`,
    middleware: [student] as const,
    request: { query: AccessLogQuery },
    responses: {
      200: jsonContent(
        z.object({
          items: z.array(z.object({ at: z.string(), number: z.string(), kind: z.string(), outcome: z.string() })),
          total: z.number().int(),
        }),
        '查询记录',
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const { deps } = c.var
    // Lookups are buffered and written in batches: flush first, so the newest shows up.
    await deps.lookupLog.flush()
    return c.json(await accessLog(deps.db, currentUser(c).graduateId ?? -1, c.req.valid('query')), 200)
  },
)
