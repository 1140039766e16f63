/**
 * The agreements' JSON API (contract §5): 签约设置, 预警单位, online signing (the employer's
 * invitations, the graduate's answer, the school's 鉴证), the lists and the pending counts.
 */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, CohortQuery, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { agreementPdf } from './document.js'
import { currentUser, guard } from '../middleware/auth.js'
import { download } from '../download.js'
import { AGREEMENT_STATUSES, MAX_RESPONSE_DAYS } from '../domain/agreement.js'
import { GraduateSearchSchema } from '../employers/service.js'
import {
  agreementJson,
  answer,
  decide,
  invite,
  listForEmployer,
  listForGraduate,
  listForStaff,
  pendingCounts,
  scopedAgreement,
  withdrawInvitation,
  forceRescind,
  voidAgreement,
} from './service.js'
import { RESCISSION_REASONS } from '../domain/agreement.js'
import { deleteWarningUnit, listWarningUnits, putSigningSettings, putWarningUnit, signingSettings } from './settings.js'

export const agreementsApi = createRouter()

const TAG = ['就业协议']
export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const employer = guard({ roles: ['employer'] })
const student = guard({ roles: ['student'] })
const staffRead = guard({ roles: ['school', 'department'], module: 'info' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw' })
const schoolRead = guard({ roles: ['school'], module: 'info' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })

const EventSchema = z.object({
  at: z.string(),
  by: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string().nullable(),
})
export const AgreementSchema = z
  .object({
    id: z.number(),
    agreementNo: z.string().nullable(),
    kind: z.enum(['online', 'offline', 'paper']),
    status: z.enum(AGREEMENT_STATUSES),
    graduateId: z.number(),
    graduate: z.object({ name: z.string(), studentNo: z.string(), department: z.string() }),
    unit: z.record(z.string(), z.any()),
    job: z.record(z.string(), z.any()),
    archiveTransfer: z.string().nullable(),
    hukouTransfer: z.string().nullable(),
    terms: z.string().nullable(),
    expiresAt: z.string().nullable(),
    warning: z.object({ reason: z.string() }).nullable(),
    events: z.array(EventSchema),
  })
  .passthrough()
  .openapi('Agreement')

// ---------------------------------------------------------------------------------------------
// 签约设置 and 预警单位.

export const AgentSchema = z.object({
  name: z.string().min(1, '必须填写').max(50),
  phone: z.string().min(1, '必须填写').max(30),
  address: z.string().min(1, '必须填写').max(200),
  postcode: z.string().regex(/^\d{6}$/, '应为 6 位数字'),
})
const SigningSettingsSchema = z
  .object({
    onlineSigning: z.boolean().optional(),
    supplementaryRegistration: z.boolean().optional(),
    maxRescissions: z.number().int().min(0, '应为 0–99').max(99, '应为 0–99').optional(),
    agents: z
      .union([
        z.object({ all: AgentSchema }).strict(),
        z.object({ undergraduate: AgentSchema, graduate: AgentSchema }).strict(),
      ])
      .nullable()
      .optional()
      .openapi({ description: '协议经办人：{"all":{...}} 或 {"undergraduate":{...},"graduate":{...}}' }),
  })
  .openapi('SigningSettings')

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/settings/signing',
    tags: TAG,
    summary: '签约设置',
    middleware: [staffRead] as const,
    responses: { 200: jsonContent(SigningSettingsSchema, '设置'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json(await signingSettings(c.var.deps.db, currentUser(c).schoolId), 200),
)

agreementsApi.openapi(
  createRoute({
    method: 'put',
    path: '/settings/signing',
    tags: TAG,
    summary: '修改签约设置（学校，基本信息读写；在线签约开启后不可关闭，开启前须设置协议经办人）',
    middleware: [schoolWrite] as const,
    request: { body: jsonBody(SigningSettingsSchema) },
    responses: { 200: jsonContent(SigningSettingsSchema, '已保存'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => c.json(await putSigningSettings(c.var.deps, currentUser(c), c.req.valid('json')), 200),
)

const CreditParam = z.object({
  creditCode: z
    .string()
    .max(30)
    .openapi({ param: { name: 'creditCode', in: 'path' } }),
})
const WarningUnitSchema = z
  .object({ creditCode: z.string(), name: z.string(), reason: z.string(), updatedAt: z.string() })
  .openapi('WarningUnit')

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/warning-units',
    tags: TAG,
    summary: '预警单位名单',
    middleware: [schoolRead] as const,
    responses: {
      200: jsonContent(z.object({ items: z.array(WarningUnitSchema) }), '名单'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await listWarningUnits(c.var.deps.db, currentUser(c).schoolId), 200),
)

agreementsApi.openapi(
  createRoute({
    method: 'put',
    path: '/warning-units/{creditCode}',
    tags: TAG,
    summary: '加入或修改预警单位',
    middleware: [schoolWrite] as const,
    request: {
      params: CreditParam,
      body: jsonBody(
        z.object({ name: z.string().min(1, '必须填写').max(100), reason: z.string().min(1, '必须填写').max(200) }),
      ),
    },
    responses: { 200: jsonContent(WarningUnitSchema, '已保存'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { name, reason } = c.req.valid('json')
    return c.json(
      await putWarningUnit(c.var.deps, currentUser(c), c.req.valid('param').creditCode, name.trim(), reason.trim()),
      200,
    )
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/warning-units/{creditCode}',
    tags: TAG,
    summary: '移出预警单位名单',
    middleware: [schoolWrite] as const,
    request: { params: CreditParam },
    responses: { 204: { description: '已移出' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await deleteWarningUnit(c.var.deps, currentUser(c), c.req.valid('param').creditCode)
    return c.body(null, 204)
  },
)

// ---------------------------------------------------------------------------------------------
// The employer.

export const JobSchema = z
  .object({
    category: z.string().max(50).nullable().optional().openapi({ description: '职位类别（代码或名称，存为代码）' }),
    title: z.string().max(200).nullable().optional(),
    probation: z.string().max(200).nullable().optional(),
    salary: z.string().max(200).nullable().optional(),
    penalty: z.string().max(200).nullable().optional(),
    reportDeadline: z.string().max(200).nullable().optional(),
    reportPlace: z.string().max(200).nullable().optional(),
    workPlace: z.string().max(200).nullable().optional(),
  })
  .openapi('Job')

const InvitationSchema = GraduateSearchSchema.extend({
  job: JobSchema,
  archiveTransfer: z.string().max(50).nullable().optional().openapi({ description: '单位是否解决户档：档案' }),
  hukouTransfer: z.string().max(50).nullable().optional().openapi({ description: '单位是否解决户档：户口' }),
  terms: z.string().max(2000).nullable().optional().openapi({ description: '补充条款' }),
  responseDays: z
    .number()
    .int()
    .min(1, `应为 1–${MAX_RESPONSE_DAYS} 天`)
    .max(MAX_RESPONSE_DAYS, `应为 1–${MAX_RESPONSE_DAYS} 天`),
}).openapi('Invitation')

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/employer/invitations',
    tags: TAG,
    summary: '发起签约邀请（用人单位）',
    middleware: [employer] as const,
    request: { body: jsonBody(InvitationSchema) },
    responses: { 201: jsonContent(AgreementSchema, '已发出'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const a = await invite(c.var.deps, currentUser(c), c.req.valid('json'))
    return c.json(await agreementJson(c.var.deps.db, a), 201)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/employer/invitations/{id}/withdraw',
    tags: TAG,
    summary: '撤回签约邀请（毕业生应约之前）',
    middleware: [employer] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(AgreementSchema, '已撤回'), ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const a = await withdrawInvitation(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/employer/agreements',
    tags: TAG,
    summary: '本单位的邀请和协议',
    middleware: [employer] as const,
    request: { query: z.object({ status: z.enum(AGREEMENT_STATUSES).optional() }) },
    responses: {
      200: jsonContent(z.object({ items: z.array(AgreementSchema), total: z.number() }), '协议'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await listForEmployer(c.var.deps, currentUser(c), c.req.valid('query').status), 200),
)

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/employer/agreements/{id}',
    tags: TAG,
    summary: '本单位的一份协议',
    middleware: [employer] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(AgreementSchema, '协议'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const a = await scopedAgreement(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// The graduate.

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/agreements',
    tags: TAG,
    summary: '我的签约（邀请与协议）',
    middleware: [student] as const,
    responses: { 200: jsonContent(z.object({ items: z.array(AgreementSchema) }), '协议'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json(await listForGraduate(c.var.deps, currentUser(c)), 200),
)

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/agreements/{id}/answer',
    tags: TAG,
    summary: '回应签约邀请（接受 / 拒绝；过应约截止时间后 409）',
    middleware: [student] as const,
    request: { params: IdParam, body: jsonBody(z.object({ answer: z.enum(['accept', 'decline']) })) },
    responses: { 200: jsonContent(AgreementSchema, '已回应'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const a = await answer(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json').answer)
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// The school (鉴证).

const ListQuery = z.object({
  status: z.enum(AGREEMENT_STATUSES).optional(),
  kind: z.enum(['online', 'offline', 'paper']).optional(),
  initiator: z
    .enum(['employer', 'student'])
    .optional()
    .openapi({ description: '签约发起方：employer 单位 / student 学生' }),
  department: z.string().max(100).optional(),
  education: z.string().max(10).optional(),
  major: z.string().max(100).optional(),
  q: z.string().max(50).optional().openapi({ description: '姓名' }),
  agreementNo: z.string().max(30).optional(),
  studentNo: z.string().max(30).optional(),
  unit: z.string().max(100).optional(),
  awaiting: z.enum(['true', 'false']).optional().openapi({ description: '只看等待当前用户审核的' }),
  cohort: CohortQuery,
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
})

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/agreements',
    tags: TAG,
    summary: '在线签约管理（学校、院系）',
    middleware: [staffRead] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(z.any()), total: z.number() }).passthrough(), '协议'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(await listForStaff(c.var.deps, currentUser(c), { ...q, awaiting: q.awaiting === 'true' }), 200)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/agreements/stats',
    tags: TAG,
    summary: '待审核数（待审核总数、协议审核、签约鉴证、学生已同意签约）与失效信息',
    middleware: [staffRead] as const,
    request: { query: z.object({ cohort: CohortQuery }) },
    responses: { 200: jsonContent(z.record(z.string(), z.number()), '计数'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => c.json(await pendingCounts(c.var.deps, currentUser(c), c.req.valid('query').cohort), 200),
)

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/agreements/{id}',
    tags: TAG,
    summary: '一份协议（鉴证时与已报送的去向、单位、毕业生信息对照）',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(AgreementSchema, '协议'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const a = await scopedAgreement(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{id}/decision',
    tags: TAG,
    summary: '鉴证 / 审核（通过、退回修改、不通过）；审核方式按 §4.3',
    middleware: [staffWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({
          decision: z.enum(['approve', 'return', 'reject']),
          reason: z.string().max(500).nullable().optional(),
        }),
      ),
    },
    responses: { 200: jsonContent(AgreementSchema, '已审核'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { decision, reason } = c.req.valid('json')
    const a = await decide(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason?.trim() || null)
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/agreements/{id}/agreement.pdf',
    tags: TAG,
    summary: '毕业生就业协议书 PDF（学校、院系、毕业生本人、用人单位；在线签约生效后带数字签名）',
    middleware: [guard({ roles: ['school', 'department', 'student', 'employer'], module: 'info' })] as const,
    request: { params: IdParam },
    responses: { 200: binaryResponse('application/pdf', '协议书'), ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const { pdf, filename } = await agreementPdf(c.var.deps, currentUser(c), c.req.valid('param').id)
    return download(c, pdf, { type: 'application/pdf', filename, fallback: 'agreement' })
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{id}/forced-rescission',
    tags: TAG,
    summary: '强制解约（仅学校用户，院系用户无此功能；须填写情况说明）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({
          reason: z.enum(RESCISSION_REASONS),
          note: z.string().min(1, '必须填写情况说明').max(200, '不能超过 200 个字'),
        }),
      ),
    },
    responses: { 200: jsonContent(AgreementSchema, '已解约'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { reason, note } = c.req.valid('json')
    const a = await forceRescind(c.var.deps, currentUser(c), c.req.valid('param').id, reason, note.trim())
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)

agreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/agreements/{id}/void',
    tags: TAG,
    summary: '作废已生效的协议（学校用户；毕业生的就业数据清空，档案、户口保留）',
    middleware: [schoolWrite] as const,
    request: { params: IdParam, body: jsonBody(z.object({ reason: z.string().min(1, '必须填写').max(200) })) },
    responses: { 200: jsonContent(AgreementSchema, '已作废'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const a = await voidAgreement(
      c.var.deps,
      currentUser(c),
      c.req.valid('param').id,
      c.req.valid('json').reason.trim(),
    )
    return c.json(await agreementJson(c.var.deps.db, a), 200)
  },
)
