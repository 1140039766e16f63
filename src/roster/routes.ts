/** The roster's JSON API (contract §4.2, plus the self-check, review and withdrawal). */
import { createRoute } from '@hono/zod-openapi'
import { CohortQuery, createRouter, binaryResponse, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { invalid, notFound } from '../errors.js'
import { audit } from '../audit/audit.js'
import { currentUser, guard } from '../middleware/auth.js'
import { CODE_TABLES } from '../domain/codes/index.js'
import { placeChoices } from '../domain/divisions.js'
import { IMPORT_UPLOAD, sendFailureTable, XLSX_TYPE } from '../imports/index.js'
import { uploadLimit } from '../middleware/body-size.js'
import { xlsxDownload } from '../download.js'
import { importRoster, ROSTER_IMPORT_KIND } from './import.js'
import { addGraduate, editGraduate } from './graduate-edits.js'
import { ROSTER_FIELDS, type RosterKey } from '../domain/roster-rules.js'
import { findGraduate, graduateJson, listGraduates } from './queries.js'
import { cohortCounts } from '../db/cohorts.js'
import { currentCohort } from '../domain/cohort.js'
import { codesWorkbook, exportWorkbook, restoreGraduate, templateWorkbook, withdrawGraduate } from './service.js'
import {
  decideCorrection,
  decideMany,
  getCorrection,
  getMyRoster,
  listCorrections,
  reopenCorrection,
  REVIEW_LEVELS,
  reviewLevels,
  setReviewLevels,
  submitCorrection,
  withdrawCorrection,
  SELF_CHECK_JSON,
} from './self-check.js'
import {
  Decision,
  filterOf,
  IdParam,
  ListQuery,
  PlaceQuery,
  ReopenBody,
  RestoreBody,
  SelfCheckBody,
  selfCheckInput,
  WithdrawBody,
} from './schemas.js'

export const rosterApi = createRouter()

// Counsellors (contract §6) read their classes' roster and review at their level; they do not import.
const staffRead = guard({ roles: ['school', 'department', 'counsellor'], module: 'info' })
const reviewWrite = guard({ roles: ['school', 'department', 'counsellor'], module: 'info', level: 'rw' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw' })
const student = guard({ roles: ['student'] })

const CodeTableSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    source: z.string(),
    version: z.string(),
    entries: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .openapi('CodeTable')

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/codes',
    tags: ['生源'],
    summary: '全部代码表（公共代码）',
    responses: { 200: jsonContent(z.object({ tables: z.array(CodeTableSchema) }), '代码表') },
  }),
  (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.json(
      {
        tables: CODE_TABLES.map((t) => ({
          id: t.id,
          name: t.name,
          source: t.source,
          version: t.version,
          entries: t.entries,
        })),
      },
      200,
    )
  },
)

const PlaceSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'city', 'county']).openapi({ description: 'province、city 可展开，county 可选用' }),
  })
  .openapi('Place')

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/codes/divisions',
    tags: ['生源'],
    summary: '行政区划选择（省 → 市 → 县）：按地名查找（q），或列出一个省、市的下级（in；空为全部省份）',
    request: { query: PlaceQuery },
    responses: {
      200: jsonContent(
        z.object({ heading: z.string().nullable(), items: z.array(PlaceSchema), more: z.boolean() }),
        '可选的地区；县级可选用',
      ),
      ...errorResponses(400),
    },
  }),
  (c) => {
    const q = c.req.valid('query')
    const r = placeChoices({ query: q.q ?? '', open: q.in })
    c.header('Cache-Control', 'public, max-age=3600')
    return c.json({ heading: r.heading, items: r.places, more: r.more }, 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/codes.xlsx',
    tags: ['生源'],
    summary: '公共代码（Excel 工作簿）',
    responses: { 200: binaryResponse(XLSX_TYPE, '每个代码表一个工作表') },
  }),
  async (c) => xlsxDownload(c, await codesWorkbook(), '公共代码.xlsx', 'codes'),
)

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates/template.xlsx',
    tags: ['生源'],
    summary: '生源导入模板（必填列标红）',
    middleware: [staffRead] as const,
    responses: { 200: binaryResponse(XLSX_TYPE, '导入模板'), ...errorResponses(401, 403) },
  }),
  async (c) => xlsxDownload(c, await templateWorkbook(), '生源信息导入模板.xlsx', 'template'),
)

const FailureSchema = z.object({ row: z.number().int(), reason: z.string() })
const ImportResultSchema = z
  .object({
    importId: z.string().openapi({ description: '本次导入的编号；试导入（dryRun）时为空' }),
    total: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    failures: z.array(FailureSchema),
    departmentsCreated: z.array(z.string()),
    newDepartments: z
      .array(z.string())
      .openapi({ description: '文件中学校尚无的院系名称（试导入时据此确认，正式导入时会新建）' }),
    kept: z
      .array(z.object({ row: z.number().int(), field: z.string() }))
      .openapi({ description: '保留未覆盖的字段（毕业生核对通过或老师修改过；overwrite=true 时为空）' }),
  })
  .openapi('ImportResult')

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/import',
    tags: ['生源'],
    summary: '导入生源（.xlsx 或 .csv，按身份证号新增或更新）',
    description:
      '列按表头匹配（接受常见的表头写法；代码列可填代码或名称）。失败行另存，可下载失败表。院系用户只能导入本院系的毕业生。可选字段 mapping：JSON 对象 {"字段键": "表头"}，手动匹配后会被记住。字段 dryRun=true：试导入，照常检查每一行并答复结果和 newDepartments（学校尚无的院系名称），但不保存任何内容。',
    middleware: [staffWrite, uploadLimit(IMPORT_UPLOAD)] as const,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.any().openapi({
                type: 'string',
                format: 'binary',
                description: '生源表 .xlsx 或 .csv（UTF-8 / GB18030），不超过 20 MB、10 万行',
              }),
              mapping: z.string().optional().openapi({ description: '手动匹配：JSON {"studentNo": "学生编号", …}' }),
              dryRun: z
                .enum(['true', 'false'])
                .optional()
                .openapi({ description: 'true：试导入，不保存（答复含 newDepartments）' }),
              overwrite: z
                .enum(['true', 'false'])
                .optional()
                .openapi({ description: 'true：覆盖毕业生核对通过或老师修改过的字段（默认保留，答复 kept 列出）' }),
            }),
          },
        },
      },
    },
    responses: { 200: jsonContent(ImportResultSchema, '导入结果'), ...errorResponses(400, 401, 403, 413) },
  }),
  async (c) => {
    const form = c.req.valid('form')
    const file = form.file
    if (!(file instanceof File)) throw invalid('file', '请选择要上传的文件')
    let mapping: Record<string, string> | undefined
    if (form.mapping) {
      try {
        const m = JSON.parse(form.mapping)
        if (!m || typeof m !== 'object' || Array.isArray(m) || !Object.values(m).every((v) => typeof v === 'string'))
          throw new Error()
        mapping = m
      } catch {
        throw invalid('mapping', '应为 JSON 对象，如 {"studentNo": "学生编号"}')
      }
    }
    const dryRun = form.dryRun === 'true'
    const { newDepartmentRows: _, ...r } = await importRoster(c.var.deps, currentUser(c), file, {
      filename: file.name,
      mapping,
      dryRun,
      overwrite: form.overwrite === 'true',
    })
    return c.json(r, 200)
  },
)

for (const format of ['xlsx', 'csv'] as const) {
  rosterApi.openapi(
    createRoute({
      method: 'get',
      path: `/graduates/import/{importId}/failures.${format}`,
      tags: ['生源'],
      summary: `导入失败表（.${format}）：原始各列加最后一列"失败原因"`,
      middleware: [staffRead] as const,
      request: { params: z.object({ importId: z.string().min(1).max(40) }) },
      responses: {
        200: binaryResponse(format === 'xlsx' ? XLSX_TYPE : 'text/csv', '失败表'),
        ...errorResponses(401, 403, 404),
      },
    }),
    (c) => sendFailureTable(c, { importId: c.req.valid('param').importId, kind: ROSTER_IMPORT_KIND, format }),
  )
}

const ListItem = z.object({
  id: z.number().int(),
  studentNo: z.string(),
  name: z.string(),
  department: z.string(),
  major: z.string(),
  education: z.string(),
  graduationTime: z.string(),
  reported: z.boolean().openapi({ description: '生源上报状态：true 已上报（省级已审核通过），false 未上报' }),
})

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/cohorts',
    tags: ['生源'],
    summary: '届别：每届的毕业生人数（按毕业时间的年份），及当前届（每年 9 月 1 日起为下一届）',
    middleware: [staffRead] as const,
    responses: {
      200: jsonContent(
        z.object({
          items: z.array(z.object({ year: z.number().int(), graduates: z.number().int() })),
          current: z.number().int(),
        }),
        '届别',
      ),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => {
    const items = await cohortCounts(c.var.deps.db, currentUser(c))
    return c.json({ items, current: currentCohort(c.var.deps.now()) }, 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates',
    tags: ['生源'],
    summary: '生源名单（院系用户只看到本院系；已撤出的不列出，除非 withdrawn=true）',
    middleware: [staffRead] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ListItem), total: z.number().int() }), '名单'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const r = await listGraduates(c.var.deps.db, currentUser(c), filterOf(q), q.page, q.pageSize)
    return c.json(r, 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates.xlsx',
    tags: ['生源'],
    summary: '导出生源（全国系统列顺序，代码与名称并列）',
    middleware: [staffRead] as const,
    request: { query: ListQuery },
    responses: { 200: binaryResponse(XLSX_TYPE, '生源表'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const user = currentUser(c)
    const bytes = await exportWorkbook(c.var.deps, user, filterOf(q))
    await audit(c.var.deps.db, c.var.deps.now(), user, {
      action: 'roster.export',
      detail: { department: q.department ?? null, withdrawn: filterOf(q).withdrawn, check: q.check ?? null },
    })
    return xlsxDownload(c, bytes, '生源信息.xlsx', 'graduates')
  },
)

const GraduateSchema = z.record(z.string(), z.any()).openapi('Graduate')

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates/{id}',
    tags: ['生源'],
    summary: '一名毕业生的生源信息（身份证号已遮盖）',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: { 200: jsonContent(GraduateSchema, '生源信息'), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const g = await findGraduate(c.var.deps.db, currentUser(c), c.req.valid('param').id, { includeWithdrawn: true })
    if (!g) throw notFound('没有这名毕业生，或无权查看')
    return c.json(graduateJson(g), 200)
  },
)

/** One graduate's roster fields as the API takes them: the import's keys (contract §4.2, §6). */
const GraduateFields = z
  .object(
    Object.fromEntries(
      ROSTER_FIELDS.map((f) => [
        f.key,
        z.string().max(200, '不能超过 200 个字').nullable().optional().openapi({ description: f.label }),
      ]),
    ) as Record<RosterKey, z.ZodOptional<z.ZodNullable<z.ZodString>>>,
  )
  .openapi('GraduateFields')

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates',
    tags: ['生源'],
    summary: '添加一名毕业生（与导入相同的规则；同时创建学生账号）',
    middleware: [staffWrite] as const,
    request: { body: jsonBody(GraduateFields) },
    responses: { 201: jsonContent(GraduateSchema, '已添加'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => c.json(graduateJson(await addGraduate(c.var.deps, currentUser(c), c.req.valid('json'))), 201),
)

rosterApi.openapi(
  createRoute({
    method: 'patch',
    path: '/graduates/{id}',
    tags: ['生源'],
    summary: '修改一名毕业生的生源信息（任何字段；修改姓名或身份证号须填写原因，留痕修改前后）',
    middleware: [staffWrite] as const,
    request: {
      params: IdParam,
      body: jsonBody(GraduateFields.extend({ reason: z.string().max(200).nullable().optional() })),
    },
    responses: { 200: jsonContent(GraduateSchema, '已修改'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { reason, ...fields } = c.req.valid('json')
    const g = await editGraduate(c.var.deps, currentUser(c), c.req.valid('param').id, fields, reason ?? null)
    return c.json(graduateJson(g), 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/{id}/withdraw',
    tags: ['生源'],
    summary: '撤出生源（退学、休学、留级）：不删除，可恢复，留审计记录',
    middleware: [staffWrite] as const,
    request: { params: IdParam, body: jsonBody(WithdrawBody) },
    responses: { 200: jsonContent(GraduateSchema, '已撤出'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) =>
    c.json(
      graduateJson(
        await withdrawGraduate(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json').reason),
      ),
      200,
    ),
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/graduates/{id}/restore',
    tags: ['生源'],
    summary: '恢复已撤出的毕业生',
    middleware: [staffWrite] as const,
    request: { params: IdParam, body: jsonBody(RestoreBody) },
    responses: { 200: jsonContent(GraduateSchema, '已恢复'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) =>
    c.json(
      graduateJson(
        await restoreGraduate(c.var.deps, currentUser(c), c.req.valid('param').id, c.req.valid('json').reason),
      ),
      200,
    ),
)

// --- The graduate's self-check -------------------------------------------------------------

const FieldDiff = z.object({
  field: z.string(),
  label: z.string(),
  current: z.string().nullable(),
  currentText: z.string(),
  proposed: z.string().nullable(),
  proposedText: z.string(),
  differs: z.boolean(),
})
const LevelEnum = z.enum(REVIEW_LEVELS)
const CorrectionSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['submitted', 'approved', 'returned', 'withdrawn']),
    level: LevelEnum.nullable().openapi({ description: '待审核时所在的审核层级；已审核为 null' }),
    reason: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    fields: z.array(FieldDiff),
  })
  .openapi('RosterCorrection')

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/roster',
    tags: ['生源核对'],
    summary: '我的生源信息与最近一次核对',
    middleware: [student] as const,
    responses: {
      200: jsonContent(
        z.object({ graduate: GraduateSchema, correction: CorrectionSchema.nullable(), editable: z.array(z.string()) }),
        '生源信息',
      ),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const r = await getMyRoster(c.var.deps.db, currentUser(c))
    return c.json(
      { graduate: graduateJson(r.graduate), correction: r.correction, editable: Object.values(SELF_CHECK_JSON) },
      200,
    )
  },
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/roster/corrections',
    tags: ['生源核对'],
    summary: '提交生源核对（可更正生源所在地、手机、邮箱、QQ、家庭住址、家庭电话、城乡生源），待院系审核',
    middleware: [student] as const,
    request: { body: jsonBody(SelfCheckBody) },
    responses: { 201: jsonContent(CorrectionSchema, '已提交'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => c.json(await submitCorrection(c.var.deps, currentUser(c), selfCheckInput(c.req.valid('json'))), 201),
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/roster/corrections/withdraw',
    tags: ['生源核对'],
    summary: '审核前撤回核对',
    middleware: [student] as const,
    responses: { 200: jsonContent(CorrectionSchema, '已撤回'), ...errorResponses(401, 403, 404, 409) },
  }),
  async (c) => c.json(await withdrawCorrection(c.var.deps, currentUser(c)), 200),
)

const CorrectionItem = z.object({
  id: z.number().int(),
  graduateId: z.number().int(),
  studentNo: z.string(),
  name: z.string(),
  department: z.string(),
  className: z.string().nullable(),
  status: z.string(),
  level: LevelEnum.nullable(),
  changed: z.array(z.string()),
  createdAt: z.string(),
})

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/roster-corrections',
    tags: ['生源核对'],
    summary: '生源核对审核队列',
    description:
      '班主任、院系用户只看到在本级等待审核的核对（及本范围内的已审核记录）；学校用户看到各级的，可用 level 只看一级。',
    middleware: [staffRead] as const,
    request: {
      query: z.object({
        status: z.enum(['submitted', 'approved', 'returned', 'withdrawn']).optional(),
        level: LevelEnum.optional(),
        department: z.string().max(50).optional(),
        cohort: CohortQuery,
        page: z.coerce.number().int().min(1).max(100000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({ items: z.array(CorrectionItem), total: z.number().int(), levels: z.array(LevelEnum) }),
        '核对记录',
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    return c.json(
      await listCorrections(
        c.var.deps.db,
        currentUser(c),
        { status: q.status, department: q.department, level: q.level, cohort: q.cohort },
        q.page,
        q.pageSize,
      ),
      200,
    )
  },
)

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/roster-corrections/{id}',
    tags: ['生源核对'],
    summary: '一条核对：每个可更正字段的学校记录与毕业生填写值，不同处 differs=true',
    middleware: [staffRead] as const,
    request: { params: IdParam },
    responses: {
      200: jsonContent(
        CorrectionSchema.extend({
          graduate: GraduateSchema,
          steps: z.array(
            z.object({
              at: z.string(),
              actor: z.string(),
              move: z.enum(['approve', 'return', 'reopen']),
              level: z.string().nullable(),
              toLevel: z.string().nullable(),
              reason: z.string().nullable(),
            }),
          ),
        }),
        '核对',
      ),
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const r = await getCorrection(c.var.deps.db, currentUser(c), c.req.valid('param').id)
    return c.json({ ...r.correction, graduate: graduateJson(r.graduate) }, 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/roster-corrections/{id}/decision',
    tags: ['生源核对'],
    summary: '审核核对：approve 通过（更新学校记录）或 return 退回（须填原因）',
    middleware: [reviewWrite] as const,
    request: { params: IdParam, body: jsonBody(Decision) },
    responses: { 200: jsonContent(CorrectionSchema, '审核结果'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const b = c.req.valid('json')
    const r = await decideCorrection(c.var.deps, currentUser(c), c.req.valid('param').id, b.decision, b.reason)
    return c.json(r.correction, 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/roster-corrections/decisions',
    tags: ['生源核对'],
    summary: '批量审核核对',
    middleware: [reviewWrite] as const,
    request: {
      body: jsonBody(Decision.extend({ ids: z.array(z.number().int().positive()).min(1, '至少选择一条').max(1000) })),
    },
    responses: {
      200: jsonContent(
        z.object({
          decided: z.array(z.number().int()),
          skipped: z.array(z.object({ id: z.number().int(), reason: z.string() })),
        }),
        '批量结果',
      ),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const b = c.req.valid('json')
    return c.json(await decideMany(c.var.deps, currentUser(c), b.ids, b.decision, b.reason), 200)
  },
)

rosterApi.openapi(
  createRoute({
    method: 'post',
    path: '/roster-corrections/{id}/reopen',
    tags: ['生源核对'],
    summary: '重新审核：审核通过的核对回到第一级的待审核队列（已更新的记录保持不变，直到再次审核）',
    middleware: [reviewWrite] as const,
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: ReopenBody } } },
    },
    responses: { 200: jsonContent(CorrectionSchema, '已重新进入审核'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const b = (c.req.valid('json') ?? {}) as z.infer<typeof ReopenBody>
    const r = await reopenCorrection(c.var.deps, currentUser(c), c.req.valid('param').id, b.reason)
    return c.json(r.correction, 200)
  },
)

// --- Review levels (contract §6) -------------------------------------------------------------

const LevelsSchema = z
  .object({
    levels: z
      .array(z.string().max(20))
      .max(10)
      .openapi({ description: '按顺序的审核层级：counsellor（班主任）、department（院系）、school（学校）的非空子集' }),
  })
  .openapi('RosterReviewLevels')

rosterApi.openapi(
  createRoute({
    method: 'get',
    path: '/settings/roster-review',
    tags: ['生源核对'],
    summary: '生源核对的审核层级',
    middleware: [guard({ roles: ['school', 'department', 'counsellor'] })] as const,
    responses: { 200: jsonContent(z.object({ levels: z.array(LevelEnum) }), '审核层级'), ...errorResponses(401, 403) },
  }),
  async (c) => c.json({ levels: await reviewLevels(c.var.deps.db, currentUser(c).schoolId) }, 200),
)

rosterApi.openapi(
  createRoute({
    method: 'put',
    path: '/settings/roster-review',
    tags: ['生源核对'],
    summary: '设置生源核对的审核层级（学校用户，基本信息读写）；在已删除层级等待的核对转到第一级',
    middleware: [guard({ roles: ['school'], module: 'info', level: 'rw' })] as const,
    request: { body: jsonBody(LevelsSchema) },
    responses: {
      200: jsonContent(z.object({ levels: z.array(LevelEnum) }), '已设置'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => c.json({ levels: await setReviewLevels(c.var.deps, currentUser(c), c.req.valid('json').levels) }, 200),
)
