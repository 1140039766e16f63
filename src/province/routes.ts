/** A province over many schools, over JSON (contract §8). */
import { createRoute } from '@hono/zod-openapi'
import { createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { AGREEMENT_TYPES } from '../domain/province.js'
import { currentCohort } from '../domain/cohort.js'
import { xlsxDownload } from '../download.js'
import {
  agreementType,
  createSchool,
  decideRosterReport,
  decideTrainingModeChange,
  provinceStats,
  requestTrainingModeChange,
  setAgreementType,
  submitReport,
} from './service.js'
import { graduateCounts, listReports, listSchools, listTrainingModeRequests } from './queries.js'
import { statsWorkbook } from './sheets.js'

export const provinceApi = createRouter()

const province = guard({ roles: ['province'] })
/** The province reads; a school user with info rights reads its own school's. */
const provinceOrSchoolRead = guard({ roles: ['province', 'school'], module: 'info' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)
const SchoolCode = z.string().regex(/^\d{5}$/, '院校代码应为 5 位数字')
const Cohort = z.coerce.number().int().min(2000, '应为 4 位年份，如 2026').max(2100, '应为 4 位年份，如 2026')
const Page = {
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(20)),
}
const IdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

export const CreateSchoolSchema = z.object({
  code: SchoolCode,
  name: z.string().trim().min(2, '至少 2 个字').max(50, '不能超过 50 个字'),
})

const SchoolItem = z.object({ code: z.string(), name: z.string(), graduates: z.number().int(), createdAt: z.string() })

provinceApi.openapi(
  createRoute({
    method: 'post',
    path: '/schools',
    tags: ['省级'],
    summary: '新建学校及其管理员 admin（省级用户；密码只显示这一次）',
    middleware: [province] as const,
    request: { body: jsonBody(CreateSchoolSchema) },
    responses: {
      201: jsonContent(
        z.object({
          code: z.string(),
          name: z.string(),
          admin: z.object({ username: z.string(), password: z.string() }),
        }),
        '已新建',
      ),
      ...errorResponses(400, 401, 403, 409),
    },
  }),
  async (c) => c.json(await createSchool(c.var.deps, currentUser(c), c.req.valid('json')), 201),
)

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/schools',
    tags: ['省级'],
    summary: '本省的学校（省级用户）',
    middleware: [province] as const,
    responses: {
      200: jsonContent(z.object({ items: z.array(SchoolItem) }), '学校列表'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const [schools, counts] = await Promise.all([listSchools(c.var.deps.db), graduateCounts(c.var.deps.db)])
    return c.json(
      {
        items: schools.map((s) => ({
          code: s.code,
          name: s.name,
          graduates: counts.get(s.id) ?? 0,
          createdAt: s.created_at,
        })),
      },
      200,
    )
  },
)

const ReportStatus = z.enum(['submitted', 'approved', 'returned'])
const ReportSchema = z
  .object({
    id: z.number().int(),
    school: z.string(),
    schoolName: z.string(),
    cohort: z.number().int(),
    graduates: z.number().int(),
    status: ReportStatus,
    reason: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi('RosterReport')

export const ReportQuery = z.object({
  school: z.preprocess(blankToUndefined, SchoolCode.optional()),
  status: z.preprocess(blankToUndefined, ReportStatus.optional()),
  cohort: z.preprocess(blankToUndefined, Cohort.optional()),
  ...Page,
})

provinceApi.openapi(
  createRoute({
    method: 'post',
    path: '/roster-reports',
    tags: ['省级'],
    summary: '生源上报：把一届的生源报送省级审核（学校用户，基本信息读写）',
    middleware: [schoolWrite] as const,
    request: { body: jsonBody(z.object({ cohort: Cohort })) },
    responses: {
      201: jsonContent(
        z.object({
          id: z.number().int(),
          cohort: z.number().int(),
          graduates: z.number().int(),
          status: z.literal('submitted'),
        }),
        '已上报，等待省级审核',
      ),
      ...errorResponses(400, 401, 403, 409),
    },
  }),
  async (c) => {
    const r = await submitReport(c.var.deps, currentUser(c), c.req.valid('json').cohort)
    return c.json({ id: r.id, cohort: r.cohort, graduates: r.graduates, status: 'submitted' as const }, 201)
  },
)

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/roster-reports',
    tags: ['省级'],
    summary: '生源上报列表（省级看全部学校，学校只看本校）',
    middleware: [provinceOrSchoolRead] as const,
    request: { query: ReportQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ReportSchema), total: z.number().int() }), '上报列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(await listReports(c.var.deps.db, currentUser(c), q, q.page, q.pageSize), 200)
  },
)

provinceApi.openapi(
  createRoute({
    method: 'post',
    path: '/roster-reports/{id}/decision',
    tags: ['省级'],
    summary: '审核生源上报：通过，或退回并说明原因（省级用户）',
    middleware: [province] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({ decision: z.enum(['approve', 'return']), reason: z.string().max(500).nullable().optional() }),
      ),
    },
    responses: {
      200: jsonContent(ReportSchema, '已审核'),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { decision, reason } = c.req.valid('json')
    const r = await decideRosterReport(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason)
    const { school_id: _s, ...out } = r
    return c.json(out, 200)
  },
)

const RequestStatus = z.enum(['submitted', 'approved', 'rejected'])
const TrainingModeRequestSchema = z
  .object({
    id: z.number().int(),
    graduateId: z.number().int(),
    name: z.string(),
    studentNo: z.string(),
    school: z.string(),
    schoolName: z.string(),
    oldTrainingModeCode: z.string(),
    oldUnit: z.string().nullable(),
    trainingModeCode: z.string(),
    unit: z.string().nullable(),
    reason: z.string(),
    status: RequestStatus,
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi('TrainingModeRequest')

const TrainingModeRequestBody = z.object({
  trainingModeCode: z.string().trim().min(1, '必须填写').max(10),
  unit: z.string().max(100, '不能超过 100 个字').nullable().optional(),
  reason: z.string().trim().min(1, '必须填写').max(500, '不能超过 500 个字'),
})

provinceApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/{id}/training-mode-requests',
    tags: ['省级'],
    summary: '申请修改已上报毕业生的培养方式、定向委培单位（学校用户，由省级审核）',
    middleware: [schoolWrite] as const,
    request: { params: IdParam, body: jsonBody(TrainingModeRequestBody) },
    responses: {
      201: jsonContent(TrainingModeRequestSchema, '已提交，等待省级审核'),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) =>
    c.json(
      await requestTrainingModeChange(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json')),
      201,
    ),
)

export const RequestQuery = z.object({
  school: z.preprocess(blankToUndefined, SchoolCode.optional()),
  status: z.preprocess(blankToUndefined, RequestStatus.optional()),
  ...Page,
})

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/training-mode-requests',
    tags: ['省级'],
    summary: '培养方式变更申请（省级看全部学校，学校只看本校）',
    middleware: [provinceOrSchoolRead] as const,
    request: { query: RequestQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(TrainingModeRequestSchema), total: z.number().int() }), '申请列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(await listTrainingModeRequests(c.var.deps.db, currentUser(c), q, q.page, q.pageSize), 200)
  },
)

provinceApi.openapi(
  createRoute({
    method: 'post',
    path: '/training-mode-requests/{id}/decision',
    tags: ['省级'],
    summary: '审核培养方式变更申请（省级用户）；通过即修改该毕业生的培养方式',
    middleware: [province] as const,
    request: {
      params: IdParam,
      body: jsonBody(
        z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(500).nullable().optional() }),
      ),
    },
    responses: {
      200: jsonContent(TrainingModeRequestSchema, '已审核'),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { decision, reason } = c.req.valid('json')
    return c.json(
      await decideTrainingModeChange(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason),
      200,
    )
  },
)

export const StatsQuery = z.object({ cohort: z.preprocess(blankToUndefined, Cohort.optional()) })

const StatsItem = z
  .object({
    school: z.string(),
    schoolName: z.string(),
    graduates: z.number().int(),
    registered: z.number().int(),
    implementationRate: z.number(),
    confirmation: z.object({
      未上报: z.number().int(),
      未确认: z.number().int(),
      确认有误: z.number().int(),
      确认无误: z.number().int(),
    }),
    numbers: z.number().int(),
  })
  .openapi('ProvinceStatsItem')

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/province/stats',
    tags: ['省级'],
    summary:
      '各校统计：毕业生数、已登记（去向登记已审核）、去向落实率（%）、登记确认各状态、已生成转递编号（省级用户）',
    middleware: [province] as const,
    request: { query: StatsQuery },
    responses: {
      200: jsonContent(z.object({ cohort: z.number().int(), items: z.array(StatsItem) }), '统计'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const cohort = c.req.valid('query').cohort ?? currentCohort(c.var.deps.now())
    return c.json({ cohort, items: await provinceStats(c.var.deps, cohort) }, 200)
  },
)

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/province/stats.xlsx',
    tags: ['省级'],
    summary: '各校统计（Excel）',
    middleware: [province] as const,
    request: { query: StatsQuery },
    responses: {
      200: {
        description: 'XLSX',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: z.string().openapi({ format: 'binary' }),
          },
        },
      },
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const cohort = c.req.valid('query').cohort ?? currentCohort(c.var.deps.now())
    const bytes = await statsWorkbook(cohort, await provinceStats(c.var.deps, cohort))
    return xlsxDownload(c, bytes, `${cohort}届各校毕业去向统计.xlsx`)
  },
)

const SettingsSchema = z.object({ agreementType: z.enum(AGREEMENT_TYPES, '应为 三方协议 或 两方协议') })

provinceApi.openapi(
  createRoute({
    method: 'get',
    path: '/province/settings',
    tags: ['省级'],
    summary: '省级设置：电子就业协议书类型',
    middleware: [province] as const,
    responses: { 200: jsonContent(SettingsSchema, '设置'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json({ agreementType: await agreementType(c.var.deps) }, 200),
)

provinceApi.openapi(
  createRoute({
    method: 'put',
    path: '/province/settings',
    tags: ['省级'],
    summary: '设置本省电子就业协议书类型（三方协议 / 两方协议，印在协议书上）',
    middleware: [province] as const,
    request: { body: jsonBody(SettingsSchema) },
    responses: { 200: jsonContent(SettingsSchema, '已保存'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => c.json(await setAgreementType(c.var.deps, currentUser(c), c.req.valid('json').agreementType), 200),
)
