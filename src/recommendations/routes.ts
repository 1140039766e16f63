/** 毕业生就业推荐表 over JSON (contract §6; issue 14 item 9). */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { download } from '../download.js'
import { RECOMMENDATION_STATUSES } from '../domain/recommendation.js'
import { listRecommendations } from './queries.js'
import { DecisionBody, filterOf, IdParam, ListQuery, PartsBody, ZipQuery } from './schemas.js'
import {
  approvedZip,
  basicJson,
  decide,
  loadForStaff,
  loadMine,
  myPdf,
  recommendationJson,
  saveMine,
  staffPdf,
  submitMine,
  ZIP_LIMIT,
} from './service.js'

export const recommendationsApi = createRouter()

const TAG = ['毕业生就业推荐表']
const student = guard({ roles: ['student'] })
// The graduate's 院系 reviews (seed 003: 提交所在院进行审核); the school's users may too. Reading
// needs 基本信息 `ro`, deciding `rw`; scoping is the roster's (院系, 数据权限).
const staffRead = guard({ roles: ['school', 'department'], module: 'info' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw' })

const MY_PDF = '/api/v1/me/recommendation.pdf'
const staffPdfPath = (id: number) => `/api/v1/recommendations/${id}/recommendation.pdf`

const text = z.string().nullable()
const BasicSchema = z
  .object({
    studentNo: z.string(),
    name: z.string(),
    gender: z.string(),
    ethnicity: z.string(),
    political: z.string(),
    education: z.string(),
    major: z.string(),
    department: z.string(),
    graduationTime: z.string(),
    phone: z.string(),
    email: text,
    school: z.string(),
  })
  .openapi('RecommendationBasic', { description: '生源信息中的基本信息（只读，不能在推荐表中修改）' })

const RecommendationSchema = z
  .object({
    id: z.number().int().nullable().openapi({ description: '尚未暂存过时为 null' }),
    status: z.enum(RECOMMENDATION_STATUSES),
    statusName: z.string(),
    editable: z.boolean().openapi({ description: 'draft 或 returned 时可修改' }),
    version: z.number().int(),
    intention: text,
    selfEvaluation: text,
    awards: text,
    practice: text,
    skills: text,
    opinion: text.openapi({ description: '院系意见（审核通过后）' }),
    reason: text.openapi({ description: '退回原因（退回时）' }),
    submittedAt: text,
    decidedAt: text,
    basic: BasicSchema,
    pdf: text.openapi({ description: '审核通过后的 PDF 地址' }),
  })
  .openapi('Recommendation')

const EventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  move: z.enum(['submit', 'approve', 'return']),
  from: text,
  to: z.string(),
  reason: text,
})

const StaffRecommendationSchema = RecommendationSchema.extend({
  graduateId: z.number().int(),
  decidedBy: text,
  events: z.array(EventSchema),
}).openapi('StaffRecommendation')

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/recommendation',
    tags: TAG,
    summary: '我的毕业生就业推荐表（含只读的基本信息）',
    middleware: [student] as const,
    responses: { 200: jsonContent(RecommendationSchema, '推荐表'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const { rec, basic } = await loadMine(c.var.deps, currentUser(c))
    return c.json(recommendationJson(rec, basic, MY_PDF), 200)
  },
)

recommendationsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/recommendation',
    tags: TAG,
    summary: '暂存推荐表（求职意向、自我评价、奖惩情况、社会实践、特长，各不超过 1000 字）',
    description:
      '只在草稿（draft）或被退回（returned）时可修改，否则 409。基本信息来自生源信息，不能在此修改（请求中的其他字段一律忽略）。',
    middleware: [student] as const,
    request: { body: jsonBody(PartsBody) },
    responses: { 200: jsonContent(RecommendationSchema, '已暂存'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { rec, basic } = await saveMine(c.var.deps, currentUser(c), c.req.valid('json'))
    return c.json(recommendationJson(rec, basic, MY_PDF), 200)
  },
)

recommendationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/recommendation/submit',
    tags: TAG,
    summary: '提交推荐表，等待院系审核',
    description: '至少须填写求职意向和自我评价（否则 400，指明缺少的一项）。已提交或已通过时 409。',
    middleware: [student] as const,
    responses: { 200: jsonContent(RecommendationSchema, '已提交'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { rec, basic } = await submitMine(c.var.deps, currentUser(c))
    return c.json(recommendationJson(rec, basic, MY_PDF), 200)
  },
)

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/recommendation.pdf',
    tags: TAG,
    summary: '下载我的推荐表（A4 PDF；院系审核通过后）',
    middleware: [student] as const,
    responses: { 200: binaryResponse('application/pdf', '推荐表'), ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const { pdf, filename } = await myPdf(c.var.deps, currentUser(c))
    return download(c, pdf, { type: 'application/pdf', filename, fallback: 'recommendation' })
  },
)

const ListItem = z.object({
  id: z.number().int(),
  graduateId: z.number().int(),
  studentNo: z.string(),
  name: z.string(),
  department: z.string(),
  major: z.string(),
  education: z.string(),
  graduationTime: z.string(),
  status: z.enum(RECOMMENDATION_STATUSES),
  submittedAt: text,
  decidedAt: text,
})

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/recommendations',
    tags: TAG,
    summary: '推荐表列表（院系用户只看到本院系；数据权限同生源名单）',
    description: '待审核（submitted）的排在前面，先提交的在前。q：姓名或学号。',
    middleware: [staffRead] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ListItem), total: z.number().int() }), '列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(await listRecommendations(c.var.deps.db, currentUser(c), filterOf(q), q.page, q.pageSize), 200)
  },
)

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/recommendations.zip',
    tags: TAG,
    summary: `批量下载审核通过的推荐表（ZIP，每份一个 PDF，文件名 学号-姓名.pdf；一次最多 ${ZIP_LIMIT} 份）`,
    description: `筛选条件同列表，只含审核通过的推荐表；超过 ${ZIP_LIMIT} 份或一份也没有时 400。下载记入审计日志。`,
    middleware: [staffRead] as const,
    request: { query: ZipQuery },
    responses: { 200: binaryResponse('application/zip', 'ZIP'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { stream, count } = await approvedZip(c.var.deps, currentUser(c), filterOf(c.req.valid('query')))
    return download(c, stream, {
      type: 'application/zip',
      filename: '毕业生就业推荐表.zip',
      fallback: 'recommendations',
      headers: { 'X-Sheet-Count': String(count) },
    })
  },
)

/** A 推荐表 as staff see it: the graduate's, plus who they are, who decided and the history. */
async function staffJson(data: Awaited<ReturnType<typeof loadForStaff>>) {
  const { rec, basic, events, decidedBy } = data
  return {
    ...recommendationJson(rec, basic, staffPdfPath(rec.id)),
    // Staff see the 院系意见 and the last reason whatever the status (the history says when).
    opinion: rec.opinion,
    reason: rec.reason,
    basic: basicJson(basic),
    graduateId: rec.graduate_id,
    decidedBy,
    events: events.map((e) => ({ ...e, move: e.move as 'submit' | 'approve' | 'return' })),
  }
}

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/recommendations/{id}',
    tags: TAG,
    summary: '一份推荐表（基本信息、五项内容、审核记录）',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(StaffRecommendationSchema, '推荐表'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => c.json(await staffJson(await loadForStaff(c.var.deps, currentUser(c), c.req.valid('param').id)), 200),
)

recommendationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/recommendations/{id}/decision',
    tags: TAG,
    summary: '院系审核推荐表：审核通过（须填院系意见）或退回（须填原因）',
    description: '只能审核已提交（submitted）的推荐表，否则 409；两人同时审核时只有一人成功，另一人 409。',
    middleware: [staffWrite] as const,
    request: { params: IdParam, body: jsonBody(DecisionBody) },
    responses: {
      200: jsonContent(StaffRecommendationSchema, '已审核'),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { decision, opinion, reason } = c.req.valid('json')
    const data = await decide(c.var.deps, currentUser(c), c.req.valid('param').id, decision, { opinion, reason })
    return c.json(await staffJson(data), 200)
  },
)

recommendationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/recommendations/{id}/recommendation.pdf',
    tags: TAG,
    summary: '下载一份推荐表（A4 PDF；审核通过后）',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: { 200: binaryResponse('application/pdf', '推荐表'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { pdf, filename } = await staffPdf(c.var.deps, currentUser(c), c.req.valid('param').id)
    return download(c, pdf, { type: 'application/pdf', filename, fallback: 'recommendation' })
  },
)
