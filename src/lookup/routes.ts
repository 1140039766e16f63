/**
 * `POST /api/v1/verify` (contract §4.7): the public lookup for archive and hukou offices, no
 * account. Every outcome of the contract: 200 with only the section the kind may see, 400
 * invalid_number (no database lookup), 404 not_found (the same body for a wrong name and a wrong
 * number), 410 expired | revoked | superseded (only when both match), 429 rate_limited with
 * Retry-After.
 */
import { createRoute } from '@hono/zod-openapi'
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError } from '../errors.js'
import { clientAddress } from '../rate-limit.js'
import { performLookup } from './service.js'
import { apiJson } from '../middleware/security.js'
import { VerifyBody } from './schemas.js'

export const lookupApi = createRouter()

const nullableText = z.string().nullable()
const VerifyResultSchema = z
  .object({
    kind: z.enum(['archive', 'hukou']),
    number: z.string().openapi({ description: '规范化后的编号' }),
    numberType: z
      .enum(['transfer', 'verification'])
      .openapi({ description: 'transfer 转递编号，verification 核验编号' }),
    validUntil: z
      .string()
      .openapi({ description: '查询核验服务的最后一秒（北京时间）', example: '2026-12-31T23:59:59+08:00' }),
    graduate: z.object({
      name: z.string(),
      gender: nullableText,
      school: z.string(),
      graduationTime: z.string().openapi({ example: '202606' }),
      lengthOfSchooling: z.string(),
      major: z.string(),
      education: nullableText,
      origin: nullableText.openapi({ description: '生源所在地（名称）' }),
    }),
    destination: z.object({
      type: nullableText,
      unitName: nullableText,
      unitLocation: nullableText.openapi({ description: '单位所在地（名称）' }),
    }),
    archive: z
      .object({
        transferType: nullableText,
        unitName: nullableText,
        unitAddress: nullableText,
        unitLocation: nullableText,
        postcode: nullableText,
        contact: nullableText.openapi({ description: '联系人/联系部门（不含联系电话）' }),
      })
      .optional()
      .openapi({ description: '仅 kind=archive 时返回' }),
    hukou: z
      .object({ migrationType: nullableText, location: nullableText, address: nullableText })
      .optional()
      .openapi({ description: '仅 kind=hukou 时返回' }),
  })
  .openapi('VerifyResult')

lookupApi.openapi(
  createRoute({
    method: 'post',
    path: '/verify',
    tags: ['户档部门查询核验'],
    summary: '按姓名和编号查询核验（无需登录）',
    description:
      '不返回身份证号和任何电话号码。失败（非 200）的查询按客户端地址计数，超过 VERIFY_FAILURE_LIMIT 次 / VERIFY_FAILURE_WINDOW_S 秒后一律返回 429，直到窗口结束。',
    request: { body: jsonBody(VerifyBody) },
    responses: {
      200: jsonContent(VerifyResultSchema, '核验通过：登记信息'),
      ...errorResponses(400, 404, 410, 429),
    },
  }),
  async (c) => {
    const { kind, name, number } = c.req.valid('json')
    const deps = c.get('deps') // c.get, not c.var: c.var copies every variable into a new object on each read
    const answer = await performLookup(deps, {
      kind,
      name,
      number,
      clientAddress: clientAddress(c, deps.config.trustProxy),
    })
    if (answer.ok) return apiJson(c, answer.result, 200, { 'Cache-Control': 'no-store' }) as never
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
    if (answer.retryAfter) headers['Retry-After'] = String(answer.retryAfter)
    throw new AppError(answer.code, answer.message, { headers })
  },
)
