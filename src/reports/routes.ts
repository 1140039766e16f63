/** The roster reports over HTTP (contract §6): 资格审核汇总表 as XLSX, 就业账户激活 per 院系. */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, createRouter, errorResponses, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { audit } from '../audit/audit.js'
import { writeXlsx, XLSX_TYPE } from '../imports/spreadsheet.js'
import { xlsxDownload } from '../download.js'
import { currentCohort } from '../domain/cohort.js'
import { beijingDate } from '../domain/beijing-time.js'
import { activationByDepartment, rosterSummary } from './queries.js'
import { summarySheets } from './sheets.js'

export const reportsApi = createRouter()

/** Who reads the roster (module 信息, any level) reads its counts, in their own scope. */
const reportReaders = guard({ roles: ['school', 'department', 'counsellor'], module: 'info' })

/** `cohort` (届): a year; absent, the current one (next year's from 1 September, CST). */
const CohortParam = z.coerce
  .number({ message: '届：请填写四位年份' })
  .int('届：请填写四位年份')
  .min(2000, '届：请填写 2000 至 2100 之间的年份')
  .max(2100, '届：请填写 2000 至 2100 之间的年份')
  .optional()
  .openapi({ description: '届（毕业年份）；不填为当前届（每年 9 月 1 日起为下一届）' })

const ReportQuery = z.object({
  cohort: CohortParam,
  department: z
    .string()
    .trim()
    .max(100, '院系：不能超过 100 个字')
    .optional()
    .transform((v) => v || undefined)
    .openapi({ description: '院系名称（学校用户可选；院系用户总是本院系）' }),
})

reportsApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates/summary.xlsx',
    tags: ['生源'],
    summary: '资格审核汇总表（Excel）：按院系、专业、班级统计毕业生人数',
    middleware: [reportReaders] as const,
    request: { query: ReportQuery },
    responses: { 200: binaryResponse(XLSX_TYPE, '汇总表'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const { db, now } = c.var.deps
    const me = currentUser(c)
    const q = c.req.valid('query')
    const cohort = q.cohort ?? currentCohort(now())
    const departments = await rosterSummary(db, me, { cohort, department: q.department })
    const scope = q.department ?? (departments.length === 1 ? departments[0].department : '')
    const bytes = await writeXlsx(
      summarySheets(departments, cohort, scope, me.displayName ?? me.username, beijingDate(now())),
    )
    await audit(db, now(), me, {
      action: 'reports.summary_export',
      detail: { cohort, department: q.department ?? null },
    })
    return xlsxDownload(c, bytes, `${scope}${cohort}届毕业生资格审核汇总表.xlsx`)
  },
)

const ActivationItem = z.object({
  department: z.string(),
  graduates: z.number().int(),
  activated: z.number().int(),
  rate: z.number().openapi({ description: '激活率，百分比，一位小数' }),
})

reportsApi.openapi(
  createRoute({
    method: 'get',
    path: '/activation',
    tags: ['生源'],
    summary: '就业账户激活：各院系毕业生数、已激活数与激活率（已修改初始密码且生源核对已通过）',
    middleware: [reportReaders] as const,
    request: { query: ReportQuery },
    responses: {
      200: jsonContent(z.object({ cohort: z.number().int(), items: z.array(ActivationItem) }), '激活情况'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const cohort = q.cohort ?? currentCohort(c.var.deps.now())
    const items = await activationByDepartment(c.var.deps.db, currentUser(c), { cohort, department: q.department })
    return c.json({ cohort, items }, 200)
  },
)
