/** 找回密码 over JSON (contract §7): no session; throttled per client address. */
import { createRoute } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { createRouter, describeZodError, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError } from '../errors.js'
import { clientAddress } from '../rate-limit.js'
import { requestPasswordReset, resetPasswordWithCode } from './password-reset.js'
import { newPassword } from './schemas.js'

export const passwordResetApi = createRouter()

/** `code` here is the 验证码 (elsewhere `code` names other things, so it is labelled here). */
function resetHook(result: { success: boolean; error?: ZodError }) {
  if (!result.success && result.error) {
    const { field, message } = describeZodError(result.error)
    throw new AppError('validation_error', field === 'code' ? message.replace(/^code：/, '验证码：') : message, {
      field,
    })
  }
}

/** Shared by the API and the pages. */
export const ResetRequestSchema = z.object({
  username: z.string().trim().min(1, '必须填写').max(64),
  school: z
    .string()
    .trim()
    .regex(/^\d{5}$/, '院校代码应为 5 位数字')
    .optional(),
})

export const ResetSchema = z.object({
  username: z.string().trim().min(1, '必须填写').max(64),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '应为邮件中的 6 位数字'),
  newPassword,
  school: z
    .string()
    .trim()
    .regex(/^\d{5}$/, '院校代码应为 5 位数字')
    .optional(),
})

passwordResetApi.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset-requests',
    tags: ['账号'],
    summary: '找回密码：向账号的邮箱发送 6 位验证码',
    description:
      '无论账号是否存在、是否登记邮箱，都答复同样的 202。验证码 15 分钟内有效，输错 5 次作废；同一客户端地址 15 分钟内至多 10 次请求。',
    request: { body: jsonBody(ResetRequestSchema) },
    responses: {
      202: jsonContent(z.object({ accepted: z.literal(true), message: z.string() }), '已受理'),
      ...errorResponses(400, 429),
    },
  }),
  async (c) => {
    const body = c.req.valid('json')
    const deps = c.var.deps
    const r = await requestPasswordReset(deps, { ...body, clientAddress: clientAddress(c, deps.config.trustProxy) })
    return c.json(r, 202)
  },
)

passwordResetApi.openapi(
  createRoute({
    method: 'post',
    path: '/password-reset',
    tags: ['账号'],
    summary: '找回密码：凭验证码设置新密码',
    description: '成功后该账号的所有登录会话失效、账号解锁。验证码错误、过期或已作废：400（验证码）。',
    request: { body: jsonBody(ResetSchema) },
    responses: { 204: { description: '密码已重置' }, ...errorResponses(400, 429) },
  }),
  async (c) => {
    const body = c.req.valid('json')
    const deps = c.var.deps
    await resetPasswordWithCode(deps, { ...body, clientAddress: clientAddress(c, deps.config.trustProxy) })
    return c.body(null, 204)
  },
  resetHook as never,
)
