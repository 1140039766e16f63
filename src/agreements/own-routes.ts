/**
 * The agreements' JSON API, second part (contract §5): the graduate's own agreements (线下签约,
 * 补登) with their 协议书图像, every 解约 (both parties' requests and answers, the 解约函, the
 * school's review), the school's 修改 of an agreement in force, and the files.
 */
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Agreement } from '../db/schema.js'
import type { AppEnv } from '../deps.js'
import { binaryResponse, createRouter, errorResponses, jsonBody, jsonContent, validationHook, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { uploadLimit } from '../middleware/body-size.js'
import { AppError } from '../errors.js'
import { privateFileResponse } from '../download.js'
import { RESCISSION_REASONS } from '../domain/agreement.js'
import { AgreementSchema, IdParam, JobSchema } from './routes.js'
import { agreementJson, modifyAgreement, scopedAgreement } from './service.js'
import {
  LETTER_UPLOAD,
  SCAN_UPLOAD,
  createOwn,
  readAgreementFile,
  submitOwn,
  updateOwn,
  uploadScan,
  withdrawOwn,
  uploadOf,
} from './own.js'
import { answerRescission, decideRescission, requestRescission } from './rescission.js'

export const ownAgreementsApi = createRouter()

const TAG = ['就业协议']
const student = guard({ roles: ['student'] })
const employer = guard({ roles: ['employer'] })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })
const anyParty = guard({ roles: ['school', 'department', 'student', 'employer'], module: 'info' })

/** The national form's unit (seed 004 §2.5): codes may be given as codes or names. */
const UnitSchema = z
  .object({
    name: z.string().max(100).optional(),
    creditCode: z.string().max(30).optional(),
    nature: z.string().max(50).optional().openapi({ description: '单位性质（代码或名称）' }),
    industry: z.string().max(50).optional().openapi({ description: '单位行业（代码或名称）' }),
    location: z.string().max(20).optional().openapi({ description: '单位所在地（6 位行政区划代码）' }),
    address: z.string().max(200).optional(),
    contact: z.string().max(50).optional(),
    phone: z.string().max(30).optional().openapi({ description: '联系人电话或手机（填一个即可）' }),
    email: z.string().max(100).nullable().optional(),
  })
  .openapi('AgreementUnit')

const OwnSchema = z
  .object({
    kind: z.enum(['offline', 'paper']).openapi({ description: 'offline 线下签约 / paper 补登' }),
    unit: UnitSchema,
    job: JobSchema.nullable().optional(),
    archiveTransfer: z.string().max(50).nullable().optional().openapi({ description: '档案转递类型' }),
    hukouTransfer: z.string().max(50).nullable().optional().openapi({ description: '户口迁移类型' }),
    terms: z.string().max(2000).nullable().optional(),
    agreementNo: z.string().max(30).nullable().optional().openapi({ description: '补登：纸质协议书上的协议编号' }),
  })
  .openapi('OwnAgreement')

const FileParam = IdParam.extend({
  fileId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .openapi({ param: { name: 'fileId', in: 'path' } }),
})

const RescissionSchema = z.object({
  reason: z.enum(RESCISSION_REASONS, { message: `应为：${RESCISSION_REASONS.join('、')}` }),
  note: z.string().max(200, '不能超过 200 个字').nullable().optional(),
})
const RescissionForm = RescissionSchema.extend({
  file: z.any().optional().openapi({ type: 'string', format: 'binary', description: '解约函' }),
})

const reply = (c: Context<AppEnv>, a: Agreement) => agreementJson(c.var.deps.db, a)

// ---------------------------------------------------------------------------------------------
// 线下签约 and 补登.

ownAgreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/agreements',
    tags: TAG,
    summary: '新建线下签约申请或补登（草稿）',
    middleware: [student] as const,
    request: { body: jsonBody(OwnSchema) },
    responses: { 201: jsonContent(AgreementSchema, '草稿'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => c.json(await reply(c, await createOwn(c.var.deps, currentUser(c), c.req.valid('json'))), 201),
)

ownAgreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/agreements/{id}',
    tags: TAG,
    summary: '我的一份协议',
    middleware: [student] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(AgreementSchema, '协议'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => c.json(await reply(c, await scopedAgreement(c.var.deps, currentUser(c), c.req.valid('param').id)), 200),
)

ownAgreementsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/agreements/{id}',
    tags: TAG,
    summary: '修改草稿或被退回的协议',
    middleware: [student] as const,
    request: { params: IdParam, body: jsonBody(OwnSchema.partial({ kind: true })) },
    responses: { 200: jsonContent(AgreementSchema, '已保存'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) =>
    c.json(
      await reply(c, await updateOwn(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
)

for (const [path, summary, run] of [
  [
    '/me/agreements/{id}/submit',
    '提交审核（补登须先上传协议书图像；线下签约协议审核通过后上传盖章协议书再提交）',
    submitOwn,
  ],
  ['/me/agreements/{id}/withdraw', '撤回（审核之前）', withdrawOwn],
] as const) {
  ownAgreementsApi.openapi(
    createRoute({
      method: 'post',
      path,
      tags: TAG,
      summary,
      middleware: [student] as const,
      request: { params: IdParam },
      responses: { 200: jsonContent(AgreementSchema, '已提交'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await reply(c, await run(c.var.deps, currentUser(c), c.req.valid('param').id)), 200),
  )
}

ownAgreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/agreements/{id}/scan',
    tags: TAG,
    summary: '上传盖章后的协议书图像（JPEG、PNG 或 PDF，按内容识别，不超过 10 MB；新上传替换旧的）',
    middleware: [student, uploadLimit(SCAN_UPLOAD)] as const,
    request: {
      params: IdParam,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.any().openapi({ type: 'string', format: 'binary', description: '协议书图像' }),
            }),
          },
        },
      },
    },
    responses: { 200: jsonContent(AgreementSchema, '已上传'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
  }),
  async (c) => {
    const file = await uploadOf(c.req.valid('form') as Record<string, unknown>)
    if (!file)
      throw new AppError('validation_error', '协议书图像：请选择要上传的文件（表单字段 file）', { field: 'file' })
    return c.json(await reply(c, await uploadScan(c.var.deps, currentUser(c), c.req.valid('param').id, file)), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// 解约.

// Not `required`: with two media types @hono/zod-openapi would then run both validators on every
// body; optional, each runs only for its own Content-Type and the handler checks what arrived.
const rescissionBody = {
  required: false as const,
  content: {
    'application/json': { schema: RescissionSchema },
    'multipart/form-data': { schema: RescissionForm },
  },
}

for (const [prefix, who] of [
  ['/me/agreements', student],
  ['/employer/agreements', employer],
] as const) {
  ownAgreementsApi.openapi(
    createRoute({
      method: 'post',
      path: `${prefix}/{id}/rescission`,
      tags: TAG,
      summary: '申请解约（线上签约：JSON；线下签约、补登：multipart，附解约函 file）',
      middleware: [who, uploadLimit(LETTER_UPLOAD)] as const,
      request: { params: IdParam, body: rescissionBody },
      responses: { 200: jsonContent(AgreementSchema, '解约中'), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/')
      const body = multipart ? (c.req.valid('form') as Record<string, unknown>) : c.req.valid('json')
      // One body, two shapes: the validators above each checked theirs; a body of neither kind ends here.
      const parsed = RescissionSchema.safeParse(body)
      validationHook(parsed)
      const input = parsed.data!
      const letter = multipart ? await uploadOf(body as Record<string, unknown>) : null
      const a = await requestRescission(c.var.deps, currentUser(c), c.req.valid('param').id, input, letter)
      return c.json(await reply(c, a), 200)
    },
  )

  ownAgreementsApi.openapi(
    createRoute({
      method: 'post',
      path: `${prefix}/{id}/rescission/answer`,
      tags: TAG,
      summary: '回应对方的解约申请（同意 / 不同意）',
      middleware: [who] as const,
      request: { params: IdParam, body: jsonBody(z.object({ answer: z.enum(['accept', 'decline']) })) },
      responses: { 200: jsonContent(AgreementSchema, '已回应'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const a = await answerRescission(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json').answer)
      return c.json(await reply(c, a), 200)
    },
  )
}

ownAgreementsApi.openapi(
  createRoute({
    method: 'post',
    path: '/rescissions/{agreementId}/decision',
    tags: TAG,
    summary: '解约审核（通过、退回修改、不通过）',
    middleware: [staffWrite] as const,
    request: {
      params: z.object({
        agreementId: z.coerce
          .number()
          .int()
          .positive()
          .openapi({ param: { name: 'agreementId', in: 'path' } }),
      }),
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
    const a = await decideRescission(
      c.var.deps,
      currentUser(c),
      c.req.valid('param').agreementId,
      decision,
      reason?.trim() || null,
    )
    return c.json(await reply(c, a), 200)
  },
)

// ---------------------------------------------------------------------------------------------
// The school's 修改, and the files.

ownAgreementsApi.openapi(
  createRoute({
    method: 'put',
    path: '/agreements/{id}',
    tags: TAG,
    summary:
      '修改已生效的协议（学校用户：岗位与联系人；单位名称、信用代码不可改；已注册单位的性质、行业、地址由单位维护）',
    middleware: [schoolWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({
          unit: UnitSchema.nullable().optional(),
          job: JobSchema.nullable().optional(),
          archiveTransfer: z.string().max(50).nullable().optional(),
          hukouTransfer: z.string().max(50).nullable().optional(),
          reason: z.string().max(200).nullable().optional(),
        }),
      ),
    },
    responses: { 200: jsonContent(AgreementSchema, '已修改'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) =>
    c.json(
      await reply(c, await modifyAgreement(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
)

ownAgreementsApi.openapi(
  createRoute({
    method: 'get',
    path: '/agreements/{id}/files/{fileId}',
    tags: TAG,
    summary: '协议书图像或解约函（学校、院系、毕业生本人、用人单位）',
    middleware: [anyParty] as const,
    request: { params: FileParam, query: z.object({ download: z.enum(['1']).optional() }) },
    responses: { 200: binaryResponse('application/octet-stream', '文件'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const { id, fileId } = c.req.valid('param')
    const file = await readAgreementFile(c.var.deps, currentUser(c), id, fileId)
    return privateFileResponse(file, c.req.valid('query').download === '1', 'agreement-file')
  },
)
