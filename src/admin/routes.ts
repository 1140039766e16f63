/** The school dashboard over JSON: pending reviews, confirmation progress, destination charts. */
import { createRoute } from '@hono/zod-openapi'
import { binaryResponse, CohortQuery, createRouter, errorResponses, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { audit } from '../audit/audit.js'
import { loadDashboard } from './service.js'
import { chartSheet } from './sheets.js'
import { CHART_IDS } from '../domain/dashboard.js'
import { writeXlsx, XLSX_TYPE } from '../imports/spreadsheet.js'
import { xlsxDownload } from '../download.js'

export const adminApi = createRouter()

/**
 * Security decision: the dashboard shows counts only, so every staff user may see it, whatever
 * their module permissions; a department user's numbers are limited to its own 院系
 * (scopeGraduates), and a `department` asked for by one never widens that.
 */
const staffOnly = guard({ roles: ['school', 'department'] })

const department = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined))
  .openapi({ description: '院系名称（学校用户可选；院系用户总是本院系）' })

const SeriesSchema = z.object({ label: z.string(), value: z.number() })
const StackedSchema = z.object({ label: z.string(), values: z.record(z.string(), z.number()), total: z.number() })
const RateSchema = z.object({
  label: z.string(),
  placed: z.number(),
  total: z.number(),
  rate: z.number().openapi({ description: '百分比，一位小数' }),
})

const DashboardSchema = z
  .object({
    department: z.string().nullable(),
    cohort: z.number().int().nullable().openapi({ description: '统计的届别（null：全部届别）' }),
    pendingReviews: z.object({ submitted: z.number(), departmentApproved: z.number() }),
    confirmation: z.record(z.string(), z.number()).openapi({ description: '未上报、未确认、确认有误、确认无误、总数' }),
    charts: z.object({
      byCategory: z.array(SeriesSchema),
      byType: z.array(SeriesSchema),
      byDepartment: z.array(StackedSchema),
      byEducation: z.array(StackedSchema),
      placementRate: z.array(RateSchema),
      placementTotal: RateSchema,
    }),
  })
  .openapi('Dashboard')

adminApi.openapi(
  createRoute({
    method: 'get',
    path: '/dashboard',
    tags: ['统计'],
    summary: '学校首页数据：待审核、登记确认进度、毕业去向分布与去向落实率',
    description:
      '去向落实率 = 已审核通过且去向类别不是“未就业”的毕业生 ÷ 全部毕业生（不含退学、休学、留级）。没有审核通过登记的毕业生计入“未上报”。',
    middleware: [staffOnly] as const,
    request: { query: z.object({ department, cohort: CohortQuery }) },
    responses: { 200: jsonContent(DashboardSchema, '首页数据'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(await loadDashboard(c.var.deps, currentUser(c), q.department, q.cohort), 200)
  },
)

adminApi.openapi(
  createRoute({
    method: 'get',
    path: '/dashboard/charts.xlsx',
    tags: ['统计'],
    summary: '首页图表数据（Excel）：chart 指定一张图，不指定则每张图一个工作表',
    middleware: [staffOnly] as const,
    request: { query: z.object({ department, cohort: CohortQuery, chart: z.enum(CHART_IDS).optional() }) },
    responses: { 200: binaryResponse(XLSX_TYPE, '图表数据'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const me = currentUser(c)
    const q = c.req.valid('query')
    const d = await loadDashboard(c.var.deps, me, q.department, q.cohort)
    const scope = `${d.department ?? '全校'}${d.cohort ? `${d.cohort}届` : ''}`
    const ids = q.chart ? [q.chart] : [...CHART_IDS]
    await audit(c.var.deps.db, c.var.deps.now(), me, {
      action: 'dashboard.export',
      detail: { charts: ids, department: d.department, cohort: d.cohort },
    })
    return xlsxDownload(
      c,
      await writeXlsx(ids.map((id) => chartSheet(id, d.charts, scope))),
      `毕业去向统计${q.chart ? '_' + chartSheet(q.chart, d.charts, scope).name : ''}.xlsx`,
    )
  },
)
