/** 去向登记确认 over JSON (contract §4.4). */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { audit } from '../audit/audit.js'
import { maskIdCard } from '../domain/id-card.js'
import {
  CONFIRMATION_RESULTS,
  CONFIRMATION_STATES,
  DESTINATION_ISSUES,
  SOURCES,
  STATS_COLUMNS,
  STATS_ROWS,
} from '../domain/confirmation.js'
import { confirmationStats, listConfirmations, loadConfirmation } from './queries.js'
import { ConfirmBody, filtersFrom, FiltersSchema, ListQuery, RemindersBody, StatsQuery } from './schemas.js'
import {
  checkConfirmInput,
  confirmForGraduate,
  LIST_FILE,
  listWorkbook,
  myConfirmationJson,
  REMINDERS_FILE,
  remindersWorkbook,
} from './service.js'
import { statsSheet } from './sheets.js'
import { writeXlsx } from '../imports/spreadsheet.js'
import { xlsxDownload } from '../download.js'

export const confirmationApi = createRouter()

const Part = z.record(z.string(), z.string().nullable()).nullable()
const MyConfirmationSchema = z
  .object({
    state: z.enum(CONFIRMATION_STATES),
    registration: z
      .object({
        source: z.enum(SOURCES),
        version: z.number(),
        approvedAt: z.string().nullable(),
        reportedOn: z.string().nullable().openapi({ description: '上报日期，如 2023年05月23日' }),
        destination: Part,
        archive: Part,
        hukou: Part,
      })
      .nullable()
      .openapi({ description: '已上报（审核通过）的登记信息；未上报时为 null' }),
    confirmation: z
      .object({
        result: z.enum(CONFIRMATION_RESULTS),
        destination: z.enum(DESTINATION_ISSUES).nullable(),
        archive: z.boolean(),
        hukou: z.boolean(),
        phone: z.string().nullable(),
        at: z.string(),
        current: z.boolean().openapi({ description: '是否针对当前登记信息；登记信息变更后为 false，需重新确认' }),
      })
      .nullable(),
  })
  .openapi('MyConfirmation')

confirmationApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/confirmation',
    tags: ['登记确认'],
    summary: '我的去向登记确认：当前状态与已上报的登记信息',
    middleware: [guard({ roles: ['student'] })] as const,
    responses: { 200: jsonContent(MyConfirmationSchema, '确认状态'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json(myConfirmationJson(await loadConfirmation(c.var.deps.db, currentUser(c).graduateId ?? -1)), 200),
)

confirmationApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/confirmation',
    tags: ['登记确认'],
    summary: '确认去向登记信息（确认无误 / 确认有误）',
    description:
      '未上报（无审核通过的登记）时 409 conflict。确认有误须说明哪部分有误并留手机号码；更新登记信息后须再次确认。',
    middleware: [guard({ roles: ['student'] })] as const,
    request: { body: jsonBody(ConfirmBody) },
    responses: { 200: jsonContent(MyConfirmationSchema, '已确认'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const body = c.req.valid('json')
    const input = checkConfirmInput(body)
    const data = await confirmForGraduate(c.var.deps, currentUser(c), input, body.version)
    return c.json(myConfirmationJson(data), 200)
  },
)

const ListItem = z.object({
  graduateId: z.number(),
  name: z.string(),
  department: z.string(),
  state: z.enum(CONFIRMATION_STATES),
  source: z.enum(SOURCES).nullable(),
  at: z.string().nullable(),
  issues: z.string().nullable().openapi({ description: '确认有误时所选的有误内容' }),
  studentNo: z.string(),
  examNo: z.string().nullable(),
  idCard: z.string().openapi({ description: '身份证号（脱敏）' }),
  major: z.string(),
  education: z.string(),
  graduationTime: z.string(),
})

const staffGuard = (level?: 'rw') => guard({ roles: ['school', 'department'], module: 'info', level })

confirmationApi.openapi(
  createRoute({
    method: 'get',
    path: '/confirmations',
    tags: ['登记确认'],
    summary: '登记确认情况列表',
    middleware: [staffGuard()] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ListItem), total: z.number() }), '列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const { items, total } = await listConfirmations(c.var.deps.db, currentUser(c), filtersFrom(q), {
      page: q.page,
      pageSize: q.pageSize,
    })
    return c.json(
      {
        items: items.map((i) => ({
          graduateId: i.graduateId,
          name: i.name,
          department: i.department,
          state: i.state,
          source: i.source,
          at: i.at,
          issues: i.issues,
          studentNo: i.studentNo,
          examNo: i.examNo,
          idCard: maskIdCard(i.idCard),
          major: i.major,
          education: i.education,
          graduationTime: i.graduationTime,
        })),
        total,
      },
      200,
    )
  },
)

const StatsRowSchema = z.object(
  Object.fromEntries(STATS_COLUMNS.map((k) => [k, z.number()])) as Record<string, z.ZodNumber>,
)
const StatsSchema = z
  .object({
    rows: z.object(
      Object.fromEntries(STATS_ROWS.map((k) => [k, StatsRowSchema])) as Record<string, typeof StatsRowSchema>,
    ),
  })
  .openapi('ConfirmationStats')

confirmationApi.openapi(
  createRoute({
    method: 'get',
    path: '/confirmations/stats',
    tags: ['登记确认'],
    summary: '登记确认情况统计（确认状态 × 去向来源）',
    description: '未上报的毕业生计入其未审核通过登记的来源；没有任何登记的只计入“总数”列。',
    middleware: [staffGuard()] as const,
    request: { query: StatsQuery },
    responses: { 200: jsonContent(StatsSchema, '统计表'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const rows = await confirmationStats(c.var.deps.db, currentUser(c), { department: q.department, cohort: q.cohort })
    return c.json({ rows }, 200)
  },
)

confirmationApi.openapi(
  createRoute({
    method: 'get',
    path: '/confirmations/stats.xlsx',
    tags: ['登记确认'],
    summary: '登记确认情况统计（Excel）',
    middleware: [staffGuard()] as const,
    request: { query: StatsQuery },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '统计表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const me = currentUser(c)
    const { department, cohort } = c.req.valid('query')
    const rows = await confirmationStats(c.var.deps.db, me, { department, cohort })
    await audit(c.var.deps.db, c.var.deps.now(), me, {
      action: 'confirmation.stats.export',
      detail: { department: department ?? me.department ?? null, cohort: cohort ?? null },
    })
    return xlsxDownload(c, await writeXlsx([statsSheet(rows, department ?? me.department)]), '登记确认情况统计.xlsx')
  },
)

confirmationApi.openapi(
  createRoute({
    method: 'get',
    path: '/confirmations.xlsx',
    tags: ['登记确认'],
    summary: '登记确认情况列表（Excel，身份证号脱敏）',
    middleware: [staffGuard()] as const,
    request: { query: FiltersSchema },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) =>
    xlsxDownload(c, await listWorkbook(c.var.deps, currentUser(c), filtersFrom(c.req.valid('query'))), LIST_FILE),
)

confirmationApi.openapi(
  createRoute({
    method: 'post',
    path: '/confirmations/reminders.xlsx',
    tags: ['登记确认'],
    summary: '导出未确认毕业生的联系方式（手机号码、电子邮箱），用于提醒',
    description:
      '给出 graduateIds 时只导出其中未确认或确认有误者；不给时导出符合筛选条件的全部未确认、确认有误者。需要基本信息读写权限，导出记入审计日志。',
    middleware: [staffGuard('rw')] as const,
    request: {
      body: jsonBody(RemindersBody),
    },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '提醒名单'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const body = c.req.valid('json')
    return xlsxDownload(
      c,
      await remindersWorkbook(c.var.deps, currentUser(c), filtersFrom(body), body.graduateIds),
      REMINDERS_FILE,
    )
  },
)
