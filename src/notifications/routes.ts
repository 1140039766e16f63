/** 消息提醒 over JSON (contract §7): the inbox of whoever is signed in, the outbox figures. */
import { createRoute } from '@hono/zod-openapi'
import { CohortQuery, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { formatCst } from '../domain/validity.js'
import { inbox, markNotificationsRead } from './service.js'
import { outboxStats } from './outbox.js'
import { sendReminders } from './reminders.js'
import { CONFIRMATION_STATES } from '../domain/confirmation.js'

export const notificationsApi = createRouter()

/** Any signed-in role: the inbox is keyed by the user id alone (graduate, staff, employer). */
const signedIn = guard()

const NotificationSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification')

const InboxQuerySchema = z.object({
  unread: z.enum(['true', 'false', '1', '0']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
})

const MarkReadSchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }),
  z.object({ all: z.literal(true) }),
])

notificationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/notifications',
    tags: ['消息提醒'],
    summary: '我的消息（最新在前，每页 50 条）',
    middleware: [signedIn] as const,
    request: { query: InboxQuerySchema },
    responses: {
      200: jsonContent(
        z.object({ items: z.array(NotificationSchema), unread: z.number(), total: z.number() }),
        '消息列表与未读数',
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const r = await inbox(c.var.deps, currentUser(c).id, {
      unread: q.unread === 'true' || q.unread === '1',
      page: q.page,
    })
    return c.json(
      { ...r, items: r.items.map((i) => ({ ...i, at: iso(i.at), readAt: i.readAt && iso(i.readAt) })) },
      200,
    )
  },
)

notificationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/notifications/read',
    tags: ['消息提醒'],
    summary: '标记已读：{"ids":[…]} 或 {"all":true}',
    middleware: [signedIn] as const,
    request: { body: jsonBody(MarkReadSchema) },
    responses: {
      200: jsonContent(z.object({ marked: z.number(), unread: z.number() }), '已标记'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const me = currentUser(c)
    const marked = await markNotificationsRead(c.var.deps, me.id, c.req.valid('json'))
    const { unread } = await inbox(c.var.deps, me.id, { pageSize: 0 })
    return c.json({ marked, unread }, 200)
  },
)

notificationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/outbox/stats',
    tags: ['消息提醒'],
    summary: '邮件发送情况',
    description:
      'pending：待发送（含重试中、发送中）；sent：已发送；failed：已放弃（退信、24 小时内未能送达，或发送中断、无法确认是否送达——uncertain 单列其中的这一类，不会自动重发）。',
    middleware: [guard({ roles: ['school'] })] as const,
    responses: {
      200: jsonContent(
        z.object({ pending: z.number(), sent: z.number(), failed: z.number(), uncertain: z.number() }),
        '各状态邮件数',
      ),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await outboxStats(c.var.deps.db, currentUser(c).schoolId), 200),
)

/** Shared by the API and the button on the confirmation list page. */
export const ReminderSchema = z.object({
  state: z.enum(CONFIRMATION_STATES).optional(),
  department: z.string().trim().min(1).max(100).optional(),
  cohort: CohortQuery,
})

notificationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/confirmations/reminders',
    tags: ['消息提醒'],
    summary: '提醒所选毕业生（默认：未确认）',
    description:
      '向所选范围（state 默认 未确认；department、cohort（届别）可选；院系用户只含本院系）的每名毕业生发送站内消息（有邮箱且已配置邮件时同时发邮件）。每名毕业生每个北京时间自然日至多提醒一次；notified 为本次实际提醒的人数。',
    middleware: [guard({ roles: ['school', 'department'], module: 'info', level: 'ro' })] as const,
    request: { body: jsonBody(ReminderSchema) },
    responses: {
      200: jsonContent(z.object({ notified: z.number(), selected: z.number() }), '已提醒'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => c.json(await sendReminders(c.var.deps, currentUser(c), c.req.valid('json')), 200),
)

const iso = (at: string) => formatCst(new Date(at))
