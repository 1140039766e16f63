/**
 * The registration JSON API (contract §4.3), mounted under /api/v1: the graduate's own
 * registration and proof files, the reviewers' queue and decisions, the school's direct filing
 * and modification, and the review-mode setting. Imports live in ./imports.ts, the archive
 * receiving-unit directory in ./archive-units.ts.
 */
import { createRoute } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { createRouter, errorResponses, jsonBody, jsonContent, binaryResponse, multipartFile, z } from '../openapi.js'
import { AppError, invalid } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { DESTINATION_TYPE_NAMES } from '../domain/codes/destinations.js'
import { MAX_ATTACHMENT_BYTES, REVIEW_MODES, awaiting, type ReviewMode } from '../domain/registration.js'
import type { RegistrationStatus } from '../db/schema.js'
import {
  addAttachment,
  archivePrefill,
  attachmentResponse,
  batchApprove,
  decide,
  deleteAttachment,
  myGraduate,
  readAttachment,
  saveMine,
  schoolModify,
  schoolPut,
  schoolVoid,
  setReviewMode,
  submitMine,
  voidMine,
  withdrawMine,
} from './actions.js'
import {
  listRegistrations,
  loadAttachments,
  registrationOfGraduate,
  reviewMode,
  scopedGraduate,
  scopedRegistration,
  toJson,
} from './queries.js'

export const registrationApi = createRouter()

const STATUSES = ['draft', 'submitted', 'department_approved', 'approved', 'returned', 'rejected', 'voided'] as const
const SOURCES = ['登记系统', '就业管理系统上传', '就业管理系统接口'] as const

// ---------------------------------------------------------------------------------------------
// Schemas.

const Field = z
  .union([z.string().max(500), z.number()])
  .nullable()
  .optional()

export const DestinationSchema = z
  .object({
    type: z
      .string()
      .max(50)
      .nullable()
      .optional()
      .openapi({ enum: [...DESTINATION_TYPE_NAMES], description: '毕业去向（24 种之一，取名称）' }),
    unitName: Field.openapi({ description: '单位名称' }),
    unitCreditCode: Field.openapi({ description: '统一社会信用代码（GB 32100）' }),
    unitNature: Field.openapi({ description: '单位性质（代码或名称，存为代码）' }),
    unitIndustry: Field.openapi({ description: '单位行业（代码或名称，存为代码）' }),
    unitLocation: Field.openapi({ description: '单位所在地（6 位行政区划代码）' }),
    jobCategory: Field.openapi({ description: '工作职位类别（代码或名称，存为代码）' }),
    school: Field.openapi({ description: '升学院校' }),
    country: Field.openapi({ description: '国家或地区' }),
  })
  .openapi('Destination')

export const ArchiveSchema = z
  .object({
    transferType: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .openapi({
        enum: ['签约单位接收', '托管单位接收', '上级主管单位接收', '转回生源地'],
        description: '档案转递类型',
      }),
    unitName: Field.openapi({ description: '档案转递单位名称' }),
    unitAddress: Field.openapi({ description: '档案转递单位地址' }),
    unitLocation: Field.openapi({ description: '档案转递单位所在地（6 位行政区划代码）' }),
    postcode: Field.openapi({ description: '档案转递单位邮编（6 位数字）' }),
    contact: Field.openapi({ description: '档案转递联系人' }),
    phone: Field.openapi({ description: '档案转递联系电话' }),
  })
  .openapi('Archive')

export const HukouSchema = z
  .object({
    migrationType: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .openapi({
        enum: ['签约单位接收', '托管单位接收', '上级主管单位接收', '转回生源地', '不迁移'],
        description: '户口迁移类型',
      }),
    location: Field.openapi({ description: '户口迁移所在地（6 位行政区划代码）' }),
    address: Field.openapi({ description: '户口迁移地址' }),
  })
  .openapi('Hukou')

export const ContentBody = z
  .object({
    destination: DestinationSchema.nullable().optional(),
    archive: ArchiveSchema.nullable().optional(),
    hukou: HukouSchema.nullable().optional(),
  })
  .openapi('RegistrationContent', { description: '三部分各自可选：缺省的部分保持不变，null 清空该部分。' })

const EventSchema = z
  .object({
    at: z.string(),
    by: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('RegistrationEvent')
const AttachmentSchema = z
  .object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), createdAt: z.string() })
  .openapi('Attachment')

export const RegistrationSchema = z
  .object({
    id: z.number(),
    graduateId: z.number(),
    status: z.enum(STATUSES),
    source: z.enum(SOURCES),
    version: z
      .number()
      .openapi({ description: '首次审核通过时为 1，此后登记的每次变化（修改、作废、重新通过、导入或接口覆盖）加 1' }),
    destination: z.any().openapi({ type: 'object', description: 'Destination 或 null' }),
    archive: z.any().openapi({ type: 'object', description: 'Archive 或 null' }),
    hukou: z.any().openapi({ type: 'object', description: 'Hukou 或 null' }),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    updatedAt: z.string(),
    events: z.array(EventSchema),
    attachments: z.array(AttachmentSchema),
  })
  .openapi('Registration')

const ReviewSchema = RegistrationSchema.extend({
  graduate: z.object({
    id: z.number(),
    name: z.string(),
    studentNo: z.string(),
    idCardMasked: z.string(),
    department: z.string(),
    major: z.string(),
    education: z.string(),
    trainingMode: z.string(),
    targetedUnit: z.string().nullable(),
    origin: z.string(),
    graduationTime: z.string(),
  }),
  reviewMode: z.enum(REVIEW_MODES),
  awaitingYou: z.boolean().openapi({ description: '是否正等待当前用户审核' }),
}).openapi('RegistrationForReview')

const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const AttachmentParam = z.object({
  attachmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,32}$/, '格式不正确')
    .openapi({ param: { name: 'attachmentId', in: 'path' } }),
})

/**
 * Security decision: an upload is cut off at 5 MB plus room for the multipart envelope before it
 * is parsed, so an oversized body never sits in memory; each file is checked again after parsing.
 */
const uploadLimit = bodyLimit({
  maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024,
  onError: () => {
    throw new AppError('payload_too_large', '证明材料：每个文件不能超过 5 MB', { field: 'file' })
  },
})

const student = guard({ roles: ['student'] })
const staffRead = guard({ roles: ['school', 'department'], module: 'info' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })

const TAG = ['去向登记']

async function fileOf(form: Record<string, unknown>): Promise<{ name: string; bytes: Uint8Array }> {
  const f = form.file
  if (!f || typeof f === 'string' || typeof (f as File).arrayBuffer !== 'function')
    throw invalid('文件', '请选择要上传的文件（表单字段 file）')
  const file = f as File
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

// ---------------------------------------------------------------------------------------------
// The graduate.

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration',
    tags: TAG,
    summary: '我的去向登记',
    middleware: [student] as const,
    responses: { 200: jsonContent(RegistrationSchema, '登记'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    if (!reg) throw new AppError('not_found', '尚未登记毕业去向')
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/registration',
    tags: TAG,
    summary: '保存我的去向登记（草稿；退回修改、审核不通过或作废后重新登记）',
    description: '提交前各部分可不完整；已填写的字段会检查格式。审核中或已通过的登记不能保存（409）。',
    middleware: [student] as const,
    request: { body: jsonBody(ContentBody) },
    responses: { 200: jsonContent(RegistrationSchema, '已保存'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const reg = await saveMine(c.var.deps, currentUser(c), c.req.valid('json'))
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

for (const [path, summary, run] of [
  ['/me/registration/submit', '提交审核', submitMine],
  ['/me/registration/withdraw', '撤回（审核之前）', withdrawMine],
] as const) {
  registrationApi.openapi(
    createRoute({
      method: 'post',
      path,
      tags: TAG,
      summary,
      middleware: [student] as const,
      responses: { 200: jsonContent(RegistrationSchema, '登记'), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const reg = await run(c.var.deps, currentUser(c))
      return c.json(await toJson(c.var.deps.db, reg), 200)
    },
  )
}

const ReasonBody = z.object({ reason: z.string().trim().max(200, '不能超过 200 个字符').nullable().optional() })

registrationApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/registration/void',
    tags: TAG,
    summary: '作废已审核通过的登记（无需审核；就业数据清空，登记确认回到未上报）',
    middleware: [student] as const,
    request: { body: { required: false, content: { 'application/json': { schema: ReasonBody } } } },
    responses: { 200: jsonContent(RegistrationSchema, '已作废'), ...errorResponses(401, 403, 409) },
  }),
  async (c) => {
    const body = (c.req.valid('json') as z.infer<typeof ReasonBody> | undefined) ?? {}
    const reg = await voidMine(c.var.deps, currentUser(c), body.reason)
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/registration/attachments',
    tags: TAG,
    summary: '上传证明材料（最多 3 个；JPEG、PNG 或 PDF，按内容识别；每个不超过 5 MB）',
    middleware: [student, uploadLimit] as const,
    request: { body: multipartFile('证明材料文件') },
    responses: { 201: jsonContent(AttachmentSchema, '已上传'), ...errorResponses(400, 401, 403, 409, 413, 415) },
  }),
  async (c) => {
    const file = await fileOf(c.req.valid('form') as Record<string, unknown>)
    return c.json(await addAttachment(c.var.deps, currentUser(c), file), 201)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration/attachments',
    tags: TAG,
    summary: '我的证明材料',
    middleware: [student] as const,
    responses: {
      200: jsonContent(z.object({ items: z.array(AttachmentSchema) }), '文件列表'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    return c.json({ items: reg ? await loadAttachments(c.var.deps.db, reg.id) : [] }, 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration/attachments/{attachmentId}',
    tags: TAG,
    summary: '下载我的一份证明材料',
    middleware: [student] as const,
    request: { params: AttachmentParam, query: z.object({ download: z.string().optional() }) },
    responses: { 200: binaryResponse('application/octet-stream', '文件'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    if (!reg) throw new AppError('not_found', '没有找到这个文件')
    const file = await readAttachment(c.var.deps, reg.id, c.req.valid('param').attachmentId)
    return attachmentResponse(file, !!c.req.valid('query').download) as never
  },
)

registrationApi.openapi(
  createRoute({
    method: 'delete',
    path: '/me/registration/attachments/{attachmentId}',
    tags: TAG,
    summary: '删除我的一份证明材料（审核中或已通过时不能删除）',
    middleware: [student] as const,
    request: { params: AttachmentParam },
    responses: { 204: { description: '已删除' }, ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    await deleteAttachment(c.var.deps, currentUser(c), c.req.valid('param').attachmentId)
    return c.body(null, 204)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration/archive-prefill',
    tags: TAG,
    summary: '“转回生源地”的档案转递信息预填（按生源所在地查档案接收单位名录）',
    middleware: [student] as const,
    responses: { 200: jsonContent(ArchiveSchema, '预填的档案转递信息（可修改）'), ...errorResponses(401, 403) },
  }),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    return c.json(await archivePrefill(c.var.deps, g), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// Reviewers.

const ListQuery = z.object({
  status: z
    .string()
    .optional()
    .openapi({ description: `状态，可用逗号分隔多个：${STATUSES.join(', ')}；pending = 等待当前用户审核` }),
  department: z.string().max(100).optional(),
  major: z.string().max(100).optional().openapi({ description: '专业代码或专业名称的一部分' }),
  education: z.string().max(10).optional().openapi({ description: '学历代码' }),
  type: z.string().max(50).optional().openapi({ description: '毕业去向' }),
  source: z.enum(SOURCES).optional(),
  submittedSince: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD')
    .optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})

const ListItemSchema = z
  .object({
    id: z.number(),
    graduateId: z.number(),
    name: z.string(),
    department: z.string(),
    status: z.enum(STATUSES),
    source: z.enum(SOURCES),
    submittedAt: z.string().nullable(),
    studentNo: z.string(),
    major: z.string(),
    education: z.string(),
    type: z.string().nullable(),
    version: z.number(),
    updatedAt: z.string(),
  })
  .openapi('RegistrationListItem')

/** Parses the status filter: names, comma lists, or `pending` (what awaits this user's decision). */
export async function statusFilter(
  raw: string | undefined,
  role: 'school' | 'department',
  mode: ReviewMode,
): Promise<RegistrationStatus[] | undefined> {
  if (!raw) return undefined
  const out: RegistrationStatus[] = []
  for (const s of raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (s === 'pending') out.push(...awaiting(role, mode))
    else if ((STATUSES as readonly string[]).includes(s)) out.push(s as RegistrationStatus)
    else throw invalid('状态', `“${s}”不是有效的状态`)
  }
  return out.length ? out : ['__none__' as RegistrationStatus]
}

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/registrations',
    tags: TAG,
    summary: '去向登记列表（审核队列）',
    middleware: [staffRead] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ListItemSchema), total: z.number() }), '列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const user = currentUser(c)
    const q = c.req.valid('query')
    const mode = await reviewMode(c.var.deps.db, user.schoolId)
    const status = await statusFilter(q.status, user.role as 'school' | 'department', mode)
    // Submitted-since is a China Standard Time date (the users' day), compared as an instant.
    const since = q.submittedSince ? new Date(`${q.submittedSince}T00:00:00+08:00`).toISOString() : undefined
    const r = await listRegistrations(c.var.deps.db, user, { ...q, status, submittedSince: since })
    return c.json(r, 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/registrations/{id}',
    tags: TAG,
    summary: '一条登记的全部信息与操作记录',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(ReviewSchema, '登记'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const user = currentUser(c)
    const { reg, graduate } = await scopedRegistration(c.var.deps.db, user, c.req.valid('param').id)
    const mode = await reviewMode(c.var.deps.db, user.schoolId)
    const { phone: _p, schoolId: _s, departmentId: _d, ...g } = graduate
    return c.json(
      {
        ...(await toJson(c.var.deps.db, reg)),
        graduate: g,
        reviewMode: mode,
        awaitingYou: awaiting(user.role as 'school' | 'department', mode).includes(reg.status),
      },
      200,
    )
  },
)

registrationApi.openapi(
  createRoute({
    method: 'post',
    path: '/registrations/{id}/decision',
    tags: TAG,
    summary: '审核：通过、退回修改或不通过',
    description: '退回修改和审核不通过须填写原因。登记已不在等待该审核的状态（如已被他人处理）时回答 409 conflict。',
    middleware: [staffWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({
          decision: z.enum(['approve', 'return', 'reject']),
          reason: z.string().trim().max(200, '不能超过 200 个字符').nullable().optional(),
        }),
      ),
    },
    responses: { 200: jsonContent(RegistrationSchema, '已审核'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { decision, reason } = c.req.valid('json')
    const reg = await decide(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason)
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'post',
    path: '/registrations/batch-approve',
    tags: TAG,
    summary: '批量审核通过',
    middleware: [staffWrite] as const,
    request: {
      body: jsonBody(
        z.object({
          registrationIds: z.array(z.number().int().positive()).min(1, '至少选择一条').max(500, '一次最多 500 条'),
        }),
      ),
    },
    responses: {
      200: jsonContent(
        z.object({ approved: z.array(z.number()), skipped: z.array(z.object({ id: z.number(), reason: z.string() })) }),
        '结果',
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => c.json(await batchApprove(c.var.deps, currentUser(c), c.req.valid('json').registrationIds), 200),
)

registrationApi.openapi(
  createRoute({
    method: 'put',
    path: '/registrations/{id}',
    tags: TAG,
    summary: '学校修改已审核通过的登记（保留来源；版本号加 1）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(ContentBody.extend({ reason: z.string().trim().max(200).nullable().optional() })),
    },
    responses: { 200: jsonContent(RegistrationSchema, '已修改'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { reason, ...content } = c.req.valid('json')
    const reg = await schoolModify(c.var.deps, currentUser(c), c.req.valid('param').id, content, reason)
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'post',
    path: '/registrations/{id}/void',
    tags: TAG,
    summary: '学校作废已审核通过的登记（就业数据清空）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(z.object({ reason: z.string().trim().min(1, '必须填写').max(200, '不能超过 200 个字符') })),
    },
    responses: { 200: jsonContent(RegistrationSchema, '已作废'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const reg = await schoolVoid(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json').reason)
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/registrations/{id}/attachments/{attachmentId}',
    tags: TAG,
    summary: '查看证明材料（仅能看到该毕业生的审核人员）',
    middleware: [staffRead] as const,
    request: { params: IdParam.merge(AttachmentParam), query: z.object({ download: z.string().optional() }) },
    responses: { 200: binaryResponse('application/octet-stream', '文件'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const { id, attachmentId } = c.req.valid('param')
    const { reg } = await scopedRegistration(c.var.deps.db, currentUser(c), id)
    const file = await readAttachment(c.var.deps, reg.id, attachmentId)
    return attachmentResponse(file, !!c.req.valid('query').download) as never
  },
)

// ---------------------------------------------------------------------------------------------
// The school's systems (就业管理系统接口).

const GraduateParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates/{id}/registration',
    tags: TAG,
    summary: '一名毕业生的登记',
    middleware: [staffRead] as const,
    request: { params: GraduateParam },
    responses: { 200: jsonContent(RegistrationSchema, '登记'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const g = await scopedGraduate(c.var.deps.db, currentUser(c), c.req.valid('param').id)
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    if (!reg) throw new AppError('not_found', '该毕业生尚未登记毕业去向')
    return c.json(await toJson(c.var.deps.db, reg), 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'put',
    path: '/graduates/{id}/registration',
    tags: TAG,
    summary: '就业管理系统接口报送登记（来源“就业管理系统接口”，直接审核通过）',
    description:
      '缺省的部分保持不变，null 清空。与已通过的登记完全相同时不做改动（版本号不变）；否则版本号加 1。修改档案、户口部分分别需要档案信息、户口信息的读写权限。',
    middleware: [schoolWrite] as const,
    request: { params: GraduateParam, body: jsonBody(ContentBody) },
    responses: { 200: jsonContent(RegistrationSchema, '已报送'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const r = await schoolPut(
      c.var.deps,
      currentUser(c),
      c.req.valid('param').id,
      c.req.valid('json'),
      '就业管理系统接口',
    )
    return c.json(await toJson(c.var.deps.db, r.registration), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// Review mode (seed 004, 2.2).

const ModeSchema = z.object({ reviewMode: z.enum(REVIEW_MODES) }).openapi('ReviewMode')

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/settings/review-mode',
    tags: TAG,
    summary: '审核方式',
    middleware: [guard({ roles: ['school', 'department'] })] as const,
    responses: { 200: jsonContent(ModeSchema, '当前审核方式'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json({ reviewMode: await reviewMode(c.var.deps.db, currentUser(c).schoolId) }, 200),
)

registrationApi.openapi(
  createRoute({
    method: 'put',
    path: '/settings/review-mode',
    tags: TAG,
    summary: '设置审核方式（有登记正在审核中时不能修改：409）',
    middleware: [schoolWrite] as const,
    request: { body: jsonBody(ModeSchema) },
    responses: { 200: jsonContent(ModeSchema, '已设置'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) =>
    c.json({ reviewMode: await setReviewMode(c.var.deps, currentUser(c), c.req.valid('json').reviewMode) }, 200),
)
