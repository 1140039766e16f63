import { beijingTime } from '../domain/beijing-time.js'
/**
 * 学校转递档案 over JSON and downloads (contract §4.5).
 *
 * Permission decision: transfer numbers and sheets belong to the 档案信息 module — generating
 * needs archive `rw`, listing and downloading archive `ro` — for school and department users
 * (department users only ever reach their own 院系 through `scopeGraduates`). The sheet also
 * prints 户口迁移信息; a user whose hukou permission is `none` gets sheets without that section.
 * Every generation and every download is in the audit log with who and how many (never names).
 */
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv, CurrentUser } from '../deps.js'
import { binaryResponse, CohortQuery, createRouter, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError, notFound } from '../errors.js'
import { audit } from '../audit/audit.js'
import { currentUser, guard } from '../middleware/auth.js'
import { codeName } from '../domain/codes/index.js'
import { contentPart } from '../domain/registration/index.js'
import { divisionName } from '../domain/divisions.js'
import { graduationWindow } from '../domain/validity.js'
import { sheetFont, sheetRenderer } from '../documents/index.js'
import { writeXlsx } from '../imports/spreadsheet.js'
import { download, xlsxDownload } from '../download.js'
import { generateNumbers } from './generate.js'
import {
  countPrintable,
  listPage,
  listPages,
  schoolName,
  sheetPages,
  sheetRowFor,
  type ListFilter,
  type ListRow,
  type SheetRow,
} from './queries.js'
import { toSheetData, type SheetContext } from './sheet-data.js'
import { printStream, sheetFileName, zipStream } from './bulk.js'

export const transferApi = createRouter()

const staff = { roles: ['school', 'department'] as CurrentUser['role'][], module: 'archive' as const }

/** An empty parameter (?generated=&department=) means no filter, as the contract writes them. */
const blank = (v: unknown) => (v === '' ? undefined : v)
const opt = <T extends z.ZodType>(schema: T, doc: { description: string; type?: 'string'; enum?: string[] }) =>
  z.preprocess(blank, schema.optional()).openapi(doc)
const bool = z.enum(['true', 'false']).transform((v) => v === 'true')
const boolDoc = (description: string) => ({ type: 'string' as const, enum: ['true', 'false'], description })
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD')

/** The national list's filters (seed 004, 4.1), shared by the list, the workbook and the downloads. */
export const FilterQuery = z.object({
  generated: opt(bool, boolDoc('是否已生成转递编号')),
  stale: opt(bool, boolDoc('登记信息在编号生成后有变化，需重新生成')),
  eligible: opt(bool, boolDoc('有审核通过的去向登记（可生成编号）')),
  department: opt(z.string().trim().max(100), { description: '院系名称' }),
  major: opt(z.string().trim().max(100), { description: '专业名称（包含）或专业代码' }),
  education: opt(z.string().trim().max(4), { description: '学历代码' }),
  name: opt(z.string().trim().max(50), { description: '姓名（包含）' }),
  studentNo: opt(z.string().trim().max(50), { description: '学号' }),
  origin: opt(
    z
      .string()
      .trim()
      .regex(/^\d{2,6}$/, '应为 2–6 位行政区划代码'),
    { description: '生源所在地代码（省 2 位、市 4 位或县 6 位）' },
  ),
  graduationTime: opt(z.string().regex(/^\d{6}$/, '应为 YYYYMM'), { description: '毕业时间 YYYYMM' }),
  archiveUnit: opt(z.string().trim().max(100), { description: '档案转递单位名称（包含）' }),
  updatedFrom: opt(day, { description: '更新时间（编号生成日期，北京时间）起' }),
  updatedTo: opt(day, { description: '更新时间止' }),
  q: opt(z.string().trim().max(50), { description: '姓名、学号或转递编号' }),
  cohort: CohortQuery,
})

const ListQuery = FilterQuery.extend({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
})

const ItemSchema = z
  .object({
    graduateId: z.number(),
    studentNo: z.string(),
    name: z.string(),
    department: z.string(),
    major: z.string(),
    education: z.string().nullable(),
    origin: z.string().nullable(),
    graduationTime: z.string(),
    eligible: z.boolean(),
    archiveTransferType: z.string().nullable(),
    archiveUnitName: z.string().nullable(),
    archiveUnitLocation: z.string().nullable(),
    transferNumber: z.string().nullable(),
    generatedAt: z.string().nullable(),
    stale: z.boolean(),
  })
  .openapi('TransferListItem')

const CountsSchema = z
  .object({ generated: z.number(), regenerated: z.number(), unchanged: z.number(), ineligible: z.number() })
  .openapi('GenerateCounts')

function archiveOf(text: string | null): {
  transferType: string | null
  unitName: string | null
  unitLocation: string | null
} {
  const a = contentPart(text) ?? {} // a malformed archive shows as empty
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null)
  return { transferType: s(a.transferType), unitName: s(a.unitName), unitLocation: s(a.unitLocation) }
}

export function toItem(r: ListRow): z.infer<typeof ItemSchema> {
  const approved = r.status === 'approved'
  const a = approved ? archiveOf(r.archive) : { transferType: null, unitName: null, unitLocation: null }
  return {
    graduateId: r.id,
    studentNo: r.student_no,
    name: r.name,
    department: r.department,
    major: r.major_name,
    education: codeName('education', r.education_code) ?? r.education_code,
    origin: divisionName(r.origin_code) ?? r.origin_code,
    graduationTime: r.graduation_time,
    eligible: approved,
    archiveTransferType: a.transferType,
    archiveUnitName: a.unitName,
    archiveUnitLocation: a.unitLocation ? (divisionName(a.unitLocation) ?? a.unitLocation) : null,
    transferNumber: r.number,
    generatedAt: r.generated_at,
    stale: Boolean(r.stale),
  }
}

export function filterOf(q: z.infer<typeof FilterQuery>): ListFilter {
  const f: ListFilter = {}
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') (f as Record<string, unknown>)[k] = v
  return f
}

/** Which filters were used (names only — the values may be names of people). */
const filterKeys = (f: ListFilter) => Object.keys(f)

const LIST_HEADERS = [
  '学号',
  '姓名',
  '院系',
  '专业',
  '学历',
  '生源所在地',
  '毕业时间',
  '档案转递类型',
  '档案转递单位名称',
  '档案转递单位所在地',
  '转递编号',
  '更新时间',
  '需重新生成',
]

async function* listRowsForXlsx(rows: AsyncIterable<ListRow[]>): AsyncGenerator<unknown[]> {
  for await (const page of rows) {
    for (const r of page) {
      const it = toItem(r)
      yield [
        it.studentNo,
        it.name,
        it.department,
        it.major,
        it.education,
        it.origin,
        it.graduationTime,
        it.archiveTransferType,
        it.archiveUnitName,
        it.archiveUnitLocation,
        it.transferNumber,
        it.generatedAt ? cstMinute(it.generatedAt) : '',
        it.stale ? '是' : '',
      ]
    }
  }
}

/** "2026-06-15T02:00:00.000Z" → "2026-06-15 10:00:00" (Beijing time). */
const cstMinute = (iso: string) => beijingTime(iso, 'second')

async function sheetContext(c: Context<AppEnv>): Promise<SheetContext> {
  const { deps } = c.var
  return {
    baseUrl: deps.config.publicBaseUrl,
    secretKey: deps.secretKey,
    school: await schoolName(deps.db, currentUser(c).schoolId),
  }
}

function transferSheetData(row: SheetRow, ctx: SheetContext, user: CurrentUser) {
  return toSheetData(
    row,
    {
      kind: 'transfer',
      number: row.number,
      validUntil: graduationWindow(row.graduation_time).validUntil,
      issuedAt: new Date(row.generated_at),
    },
    ctx,
    { showHukou: user.permissions.hukou !== 'none' },
  )
}

const PDF = 'application/pdf'

transferApi.openapi(
  createRoute({
    method: 'post',
    path: '/transfer-numbers/generate',
    tags: ['转递编号'],
    summary: '批量生成 / 重新生成转递编号',
    description:
      '为有审核通过的去向登记而没有编号的毕业生生成转递编号；登记信息在编号生成后有变化的，重新生成（旧编号作废，查询时答 superseded）；其余不变。不给 department 和 graduateIds 时为本人可见的全部毕业生。整个请求一次写入：要么全部成功，要么什么都不改。需要档案信息读写权限。',
    middleware: [guard(staff)] as const,
    request: {
      body: jsonBody(
        z.object({
          department: z.string().trim().min(1).max(100).optional(),
          graduateIds: z.array(z.number().int().positive()).max(100000).optional(),
        }),
      ),
    },
    responses: { 200: jsonContent(CountsSchema, '各类人数'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const body = c.req.valid('json')
    const counts = await generateNumbers(c.var.deps, currentUser(c), {
      department: body.department,
      graduateIds: body.graduateIds,
    })
    return c.json(counts, 200)
  },
)

transferApi.openapi(
  createRoute({
    method: 'get',
    path: '/transfer-numbers',
    tags: ['转递编号'],
    summary: '档案信息转递列表',
    middleware: [guard(staff)] as const,
    request: { query: ListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ItemSchema), total: z.number() }), '列表'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const { page, pageSize, ...rest } = c.req.valid('query')
    const { rows, total } = await listPage(c.var.deps.db, currentUser(c), filterOf(rest), page, pageSize)
    return c.json({ items: rows.map(toItem), total }, 200)
  },
)

transferApi.openapi(
  createRoute({
    method: 'get',
    path: '/transfer-numbers.xlsx',
    tags: ['转递编号'],
    summary: '档案信息转递列表（Excel）',
    middleware: [guard(staff)] as const,
    request: { query: FilterQuery },
    responses: {
      200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '工作簿'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const user = currentUser(c)
    const f = filterOf(c.req.valid('query'))
    const { db } = c.var.deps
    let count = 0
    async function* counted() {
      for await (const r of listRowsForXlsx(listPages(db, user, f))) {
        count++
        yield r
      }
    }
    const xlsx = await writeXlsx([
      {
        name: '档案信息转递列表',
        headers: LIST_HEADERS,
        rows: counted(),
        widths: [14, 10, 16, 20, 12, 20, 10, 14, 28, 20, 20, 20, 10],
      },
    ])
    await audit(db, c.var.deps.now(), user, {
      action: 'transfer.export',
      target: 'xlsx',
      detail: { format: 'xlsx', count, filters: filterKeys(f) },
    })
    return xlsxDownload(c, xlsx, '档案信息转递列表.xlsx', 'transfer-numbers')
  },
)

transferApi.openapi(
  createRoute({
    method: 'get',
    path: '/graduates/{id}/transfer-sheet.pdf',
    tags: ['转递编号'],
    summary: '一名毕业生的转递单（毕业生去向登记信息）',
    middleware: [guard(staff)] as const,
    request: { params: z.object({ id: z.coerce.number().int().positive() }) },
    responses: { 200: binaryResponse(PDF, 'PDF'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const user = currentUser(c)
    const { deps } = c.var
    const row = await sheetRowFor(deps.db, user, c.req.valid('param').id)
    if (!row) throw notFound('没有找到这名毕业生')
    if (row.status !== 'approved') throw new AppError('conflict', '该毕业生没有审核通过的去向登记，不能打印转递单')
    if (!row.number || !row.generated_at) throw notFound('该毕业生尚未生成转递编号，请先生成')
    const data = transferSheetData(row as SheetRow, await sheetContext(c), user)
    // On Node a worker thread renders it (the request thread keeps answering); on Workers, in-isolate.
    const pdf = await sheetRenderer(deps).render(data)
    await audit(deps.db, deps.now(), user, {
      action: 'transfer.sheet',
      target: `graduate:${row.id}`,
      detail: { format: 'pdf', count: 1 },
    })
    return download(c, pdf, { type: PDF, filename: sheetFileName(row.number, row.name), fallback: 'transfer-sheet' })
  },
)

transferApi.openapi(
  createRoute({
    method: 'get',
    path: '/transfer-sheets.zip',
    tags: ['转递编号'],
    summary: '批量下载转递单（ZIP，每人一个 PDF，附转递清单.xlsx）',
    description:
      '筛选条件同列表；只含已生成转递编号且登记审核通过的毕业生。响应以流的方式边生成边发送；响应头 X-Sheet-Count 为其中的转递单份数。',
    middleware: [guard(staff)] as const,
    request: { query: FilterQuery },
    responses: { 200: binaryResponse('application/zip', 'ZIP'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const user = currentUser(c)
    const { deps } = c.var
    const f = filterOf(c.req.valid('query'))
    const [count, ctx] = await Promise.all([countPrintable(deps.db, user, f), sheetContext(c)])
    const renderer = sheetRenderer(deps)
    await audit(deps.db, deps.now(), user, {
      action: 'transfer.export',
      target: 'zip',
      detail: { format: 'zip', count, filters: filterKeys(f) },
    })
    async function* entries() {
      for await (const page of sheetPages(deps.db, user, f))
        yield page.map((r) => ({ name: sheetFileName(r.number, r.name), data: transferSheetData(r, ctx, user) }))
    }
    const stream = zipStream({
      entries: entries(),
      renderer,
      mtime: deps.now(),
      trailer: async () => [
        {
          name: '转递清单.xlsx',
          data: await writeXlsx([
            {
              name: '转递清单',
              headers: LIST_HEADERS,
              rows: listRowsForXlsx(listPages(deps.db, user, { ...f, generated: true, eligible: true })),
            },
          ]),
        },
      ],
    })
    return download(c, stream, {
      type: 'application/zip',
      filename: '转递单.zip',
      fallback: 'transfer-sheets',
      headers: { 'X-Sheet-Count': String(count) },
    })
  },
)

transferApi.openapi(
  createRoute({
    method: 'get',
    path: '/transfer-sheets.pdf',
    tags: ['转递编号'],
    summary: '批量打印转递单（一个 PDF，每人一页）',
    description: '筛选条件同列表；只含已生成转递编号且登记审核通过的毕业生。响应头 X-Sheet-Count 为页数。',
    middleware: [guard(staff)] as const,
    request: { query: FilterQuery },
    responses: { 200: binaryResponse(PDF, 'PDF'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const user = currentUser(c)
    const { deps } = c.var
    const f = filterOf(c.req.valid('query'))
    const [count, ctx, font] = await Promise.all([countPrintable(deps.db, user, f), sheetContext(c), sheetFont(deps)])
    await audit(deps.db, deps.now(), user, {
      action: 'transfer.export',
      target: 'pdf',
      detail: { format: 'pdf', count, filters: filterKeys(f) },
    })
    async function* pages() {
      for await (const page of sheetPages(deps.db, user, f, 100)) yield page.map((r) => transferSheetData(r, ctx, user))
    }
    return download(c, printStream({ pages: pages(), font }), {
      type: PDF,
      filename: '转递单（打印）.pdf',
      fallback: 'transfer-sheets',
      headers: { 'X-Sheet-Count': String(count) },
    })
  },
)
