/**
 * The registration JSON API (contract §4.3), mounted under /api/v1: the graduate's own
 * registration and proof files, the reviewers' queue and decisions, the school's direct filing
 * and modification, and the review-mode setting. Its schemas are in ./schemas.ts (shared with the
 * pages); imports live in ./imports.ts, the archive receiving-unit directory in ./archive-units.ts.
 */
import { createRoute } from '@hono/zod-openapi'
import { createRouter, errorResponses, jsonBody, jsonContent, binaryResponse, multipartFile, z } from '../openapi.js'
import { AppError, invalid } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { PROOF_UPLOAD, awaiting } from '../domain/registration/index.js'
import { uploadLimit } from '../middleware/body-size.js'
import {
  ArchiveSchema,
  AttachmentParam,
  AttachmentPartField,
  AttachmentSchema,
  AttachmentUploadFields,
  BatchApproveBody,
  ContentBody,
  DecisionBody,
  DownloadQuery,
  GraduateParam,
  IdParam,
  ListItemSchema,
  ListQuery,
  ModeSchema,
  ModifyBody,
  ReasonBody,
  RegistrationSchema,
  ReviewSchema,
  VoidBody,
  statusFilter,
} from './schemas.js'
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
    summary: '上传证明材料或档案、户口的图像材料（按内容识别；每个不超过 5 MB）',
    description:
      '表单字段 part：proof（缺省）证明材料，最多 3 个，JPEG、PNG 或 PDF；archive 档案图像材料、hukou 户口图像材料，各最多 3 张，只接受 JPEG 或 PNG。' +
      '证明材料随登记可编辑时可改；档案、户口的图像材料在其所属部分可编辑时可改（包括去向来自就业协议时）。',
    middleware: [student, uploadLimit(PROOF_UPLOAD)] as const,
    request: { body: multipartFile('文件', AttachmentUploadFields) },
    responses: { 201: jsonContent(AttachmentSchema, '已上传'), ...errorResponses(400, 401, 403, 409, 413, 415) },
  }),
  async (c) => {
    const form = c.req.valid('form')
    const file = await fileOf(form as Record<string, unknown>)
    return c.json(await addAttachment(c.var.deps, currentUser(c), file, form.part), 201)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration/attachments',
    tags: TAG,
    summary: '我的证明材料与档案、户口图像材料（part= 只看其中一类）',
    middleware: [student] as const,
    request: { query: z.object({ part: AttachmentPartField.optional() }) },
    responses: {
      200: jsonContent(z.object({ items: z.array(AttachmentSchema) }), '文件列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    const { part } = c.req.valid('query')
    return c.json({ items: reg ? await loadAttachments(c.var.deps.db, reg.id, part) : [] }, 200)
  },
)

registrationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/registration/attachments/{attachmentId}',
    tags: TAG,
    summary: '下载我的一份证明材料',
    middleware: [student] as const,
    request: { params: AttachmentParam, query: DownloadQuery },
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
    const status = statusFilter(q.status, user.role as 'school' | 'department', mode)
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
      body: jsonBody(DecisionBody),
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
      body: jsonBody(BatchApproveBody),
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
    summary: '学校修改去向：已审核通过或审核中的登记（审核中的即由学校审核通过；保留来源；版本号加 1）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(ModifyBody),
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
      body: jsonBody(VoidBody),
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
    request: { params: IdParam.merge(AttachmentParam), query: DownloadQuery },
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
    summary:
      '设置审核方式（有登记正在审核中时不能修改：409；先院系再校级审核须每个有毕业生的院系都有读写的院系账号，否则 409 并列出院系）',
    middleware: [schoolWrite] as const,
    request: { body: jsonBody(ModeSchema) },
    responses: { 200: jsonContent(ModeSchema, '已设置'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) =>
    c.json({ reviewMode: await setReviewMode(c.var.deps, currentUser(c), c.req.valid('json').reviewMode) }, 200),
)
