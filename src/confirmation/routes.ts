/** 去向登记确认 over JSON (contract §4.4). */
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { binaryResponse, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError } from '../errors.js'
import type { AppEnv, CurrentUser } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { audit } from '../audit/audit.js'
import { maskIdCard } from '../domain/id-card.js'
import {
  CONFIRMATION_RESULTS,
  CONFIRMATION_STATES,
  DESTINATION_ISSUES,
  MOBILE_RE,
  reportedOn,
  SOURCES,
  STATS_COLUMNS,
  STATS_ROWS,
  type ConfirmationState,
} from '../domain/confirmation.js'
import {
  confirmationStats,
  listConfirmations,
  loadConfirmation,
  writeConfirmation,
  type ConfirmationFilters,
  type ConfirmInput,
} from './queries.js'
import { confirmationListSheet, reminderSheet, statsSheet } from './sheets.js'
import { xlsxBuffer, xlsxResponse } from '../admin/xlsx.js'

export const confirmationApi = createRouter()

const fieldError = (field: string, message: string) => new AppError('validation_error', message, { field })

/** Validates the parts of a 确认有误 answer the schema cannot express alone. */
export function checkConfirmInput(input: {
  result: string
  destination?: string | null
  archive?: boolean
  hukou?: boolean
  phone?: string | null
}): ConfirmInput {
  if (input.result === '确认无误')
    return { result: '确认无误', destination: null, archive: false, hukou: false, phone: null }
  const destination = input.destination ?? null
  const archive = !!input.archive
  const hukou = !!input.hukou
  if (!destination && !archive && !hukou) {
    throw fieldError(
      'destination',
      '您的错误信息情况：请至少选择一项（毕业去向信息有变化或有错误、档案转递信息、户口迁移信息）',
    )
  }
  const phone = (input.phone ?? '').replace(/[\s-]/g, '')
  if (!phone) throw fieldError('phone', '联系方式：信息有误时必须填写手机号码')
  if (!MOBILE_RE.test(phone)) throw fieldError('phone', '联系方式：请填写 11 位手机号码（1 开头，第二位 3–9）')
  return { result: '确认有误', destination, archive, hukou, phone }
}

/**
 * Confirms for the graduate. National rule (seed 004, 3): only information that has been reported
 * (an approved registration) can be confirmed; `seenVersion`, when given, must be the version the
 * graduate looked at, so a registration changed in between is not confirmed unseen.
 */
export async function confirmForGraduate(
  c: Context<AppEnv>,
  me: CurrentUser,
  input: ConfirmInput,
  seenVersion?: number,
) {
  const { db, now } = c.var.deps
  const graduateId = me.graduateId ?? -1
  const ok = await writeConfirmation(db, graduateId, input, now(), seenVersion)
  if (!ok) {
    const current = await loadConfirmation(db, graduateId)
    if (current.state === '未上报')
      throw new AppError(
        'conflict',
        '您的毕业去向尚未上报（登记未审核通过），暂时不能确认；请先完成去向登记并等待审核。',
      )
    throw new AppError('conflict', '您的去向登记信息刚刚有更新，请重新核对后再确认。')
  }
  return loadConfirmation(db, graduateId)
}

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

export function myConfirmationJson(data: Awaited<ReturnType<typeof loadConfirmation>>) {
  const reg = data.registration && data.registration.status === 'approved' ? data.registration : null
  return {
    state: data.state,
    registration: reg
      ? {
          source: reg.source,
          version: reg.version,
          approvedAt: reg.approvedAt,
          reportedOn: reportedOn(reg.approvedAt),
          destination: reg.destination,
          archive: reg.archive,
          hukou: reg.hukou,
        }
      : null,
    confirmation: data.confirmation
      ? {
          result: data.confirmation.result,
          destination: data.confirmation.destinationIssue as '有变化' | '有错误' | null,
          archive: data.confirmation.archiveIssue,
          hukou: data.confirmation.hukouIssue,
          phone: data.confirmation.phone,
          at: data.confirmation.at,
          current: data.state === '确认无误' || data.state === '确认有误',
        }
      : null,
  }
}

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

const ConfirmBody = z
  .object({
    result: z.enum(CONFIRMATION_RESULTS),
    destination: z
      .enum(DESTINATION_ISSUES)
      .nullable()
      .optional()
      .openapi({ description: '毕业去向信息：有变化 / 有错误 / null（无误）' }),
    archive: z.boolean().optional().openapi({ description: '档案转递信息有变化或存在错误' }),
    hukou: z.boolean().optional().openapi({ description: '户口迁移信息有变化或存在错误' }),
    phone: z.string().max(20).nullable().optional().openapi({ description: '联系方式（手机号码），确认有误时必填' }),
    version: z.number().int().optional().openapi({ description: '可选：所核对登记信息的版本；与当前版本不符时 409' }),
  })
  .openapi('ConfirmationInput')

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
    const data = await confirmForGraduate(c, currentUser(c), input, body.version)
    return c.json(myConfirmationJson(data), 200)
  },
)

const optionalText = (max = 50) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined))

export const FiltersSchema = z.object({
  state: z
    .union([z.enum(CONFIRMATION_STATES), z.literal('')])
    .optional()
    .transform((v) => (v ? v : undefined)),
  department: optionalText(100),
  major: optionalText(),
  education: optionalText(10).openapi({ description: '学历：博士 / 硕士 / 本科 / 专科，或 2 位学历代码' }),
  name: optionalText(),
  studentNo: optionalText(),
  idCard: optionalText(18),
  examNo: optionalText(),
  graduationTime: z
    .union([z.string().regex(/^\d{6}$/, '应为 6 位年月，如 202606'), z.literal('')])
    .optional()
    .transform((v) => (v ? v : undefined)),
})

const ListQuery = FiltersSchema.extend({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
})

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

export const filtersFrom = (q: Record<string, unknown>): ConfirmationFilters => {
  const { state, department, major, education, name, studentNo, idCard, examNo, graduationTime } =
    q as ConfirmationFilters
  return { state, department, major, education, name, studentNo, idCard, examNo, graduationTime }
}

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
    request: { query: z.object({ department: optionalText(100) }) },
    responses: { 200: jsonContent(StatsSchema, '统计表'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const rows = await confirmationStats(c.var.deps.db, currentUser(c), { department: c.req.valid('query').department })
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
    request: { query: z.object({ department: optionalText(100) }) },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '统计表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const me = currentUser(c)
    const department = c.req.valid('query').department
    const rows = await confirmationStats(c.var.deps.db, me, { department })
    await audit(c.var.deps.db, c.var.deps.now(), me, {
      action: 'confirmation.stats.export',
      detail: { department: department ?? me.department ?? null },
    })
    return xlsxResponse(c, await xlsxBuffer([statsSheet(rows, department ?? me.department)]), '登记确认情况统计.xlsx')
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
  async (c) => exportList(c, filtersFrom(c.req.valid('query'))),
)

/** The list as a workbook; every bulk export is audited (design notes, Privacy). */
export async function exportList(c: Context<AppEnv>, filters: ConfirmationFilters) {
  const me = currentUser(c)
  const { items } = await listConfirmations(c.var.deps.db, me, filters, null)
  await audit(c.var.deps.db, c.var.deps.now(), me, {
    action: 'confirmation.list.export',
    detail: {
      rows: items.length,
      state: filters.state ?? null,
      department: filters.department ?? me.department ?? null,
    },
  })
  return xlsxResponse(c, await xlsxBuffer([confirmationListSheet(items)]), '登记确认情况列表.xlsx')
}

/** Who a reminder goes to: anyone who has something to confirm and has not confirmed it as right. */
export const REMINDER_STATES: ConfirmationState[] = ['未确认', '确认有误']

/**
 * The reminder list (phone, email) for the selected graduates, or — when none are selected —
 * for everyone matching the filters who is 未确认 or 确认有误. Graduates already 确认无误 or
 * 未上报 are left out even if selected: there is nothing for them to confirm.
 * Security decision: phones and e-mails in bulk are full personal data, so this needs 读写 on
 * 基本信息和就业信息 and is audited with the count (never the numbers themselves).
 */
export async function exportReminders(c: Context<AppEnv>, filters: ConfirmationFilters, graduateIds?: number[]) {
  const me = currentUser(c)
  const { items } = await listConfirmations(c.var.deps.db, me, filters, null, { graduateIds })
  const targets = items.filter((i) => REMINDER_STATES.includes(i.state))
  await audit(c.var.deps.db, c.var.deps.now(), me, {
    action: 'confirmation.reminders.export',
    detail: {
      rows: targets.length,
      selected: graduateIds?.length ?? null,
      department: filters.department ?? me.department ?? null,
    },
  })
  return xlsxResponse(c, await xlsxBuffer([reminderSheet(targets)]), '登记确认提醒名单.xlsx')
}

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
      body: jsonBody(FiltersSchema.extend({ graduateIds: z.array(z.number().int()).max(20000).optional() })),
    },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '提醒名单'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const body = c.req.valid('json')
    return exportReminders(c, filtersFrom(body), body.graduateIds)
  },
)
