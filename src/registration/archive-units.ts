/**
 * 档案接收单位名录 (seed 004, 2.10): the school's list of archive receiving units by division
 * code — name, address, 邮编, contact, phone — used to pre-fill 转回生源地. Imported through the
 * generic import engine (src/imports), listed, looked up and edited one by one. Reading needs 档案
 * 信息 只读, writing 档案信息 读写.
 */
import { likeContains, likePrefix } from '../db/like.js'
import { createRoute } from '@hono/zod-openapi'
import type { AppDeps, CurrentUser } from '../deps.js'
import { CodeParam, UnitBody, UnitsListQuery } from './schemas.js'
import { createRouter, binaryResponse, errorResponses, jsonBody, jsonContent, z } from '../openapi.js'
import { AppError, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { currentUser, guard } from '../middleware/auth.js'
import { uploadLimit } from '../middleware/body-size.js'
import { checkDivision, divisionName } from '../domain/divisions.js'
import { PHONE_RE, POSTCODE_RE } from '../domain/registration/index.js'
import {
  IMPORT_UPLOAD,
  runImport,
  sendFailureTable,
  type ImportColumn,
  type ImportResult,
  type RowResult,
} from '../imports/index.js'

const ARCHIVE_UNITS_IMPORT_KIND = 'archive-units'

export const ARCHIVE_UNIT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'divisionCode',
    label: '所在地代码',
    required: true,
    variants: [
      '行政区划代码',
      '区划代码',
      '生源所在地代码',
      '档案接收单位所在地代码',
      '档案转递单位所在地代码',
      '所在地',
    ],
  },
  {
    key: 'name',
    label: '单位名称',
    required: true,
    variants: ['档案接收单位名称', '档案转递单位名称', '接收单位名称', '名称'],
  },
  {
    key: 'address',
    label: '单位地址',
    required: true,
    variants: ['档案接收单位地址', '档案转递单位地址', '地址', '通讯地址'],
  },
  { key: 'postcode', label: '邮编', required: true, variants: ['邮政编码', '单位邮编', '档案转递单位邮编'] },
  { key: 'contact', label: '联系人', required: true, variants: ['档案转递联系人', '联系部门', '联系人/联系部门'] },
  { key: 'phone', label: '联系电话', required: true, variants: ['电话', '档案转递联系电话'] },
]

export interface ArchiveUnitInput {
  divisionCode: string
  name: string
  address: string
  postcode: string
  contact: string
  phone: string
}

/** Checks one unit; every problem names its field. */
function checkArchiveUnit(
  u: Record<string, string | undefined | null>,
): { ok: true; value: ArchiveUnitInput } | { ok: false; reasons: string[] } {
  const reasons: string[] = []
  const v = (k: string) => (u[k] ?? '').normalize('NFKC').trim()
  const divisionCode = v('divisionCode')
  const d = checkDivision(divisionCode)
  if (!divisionCode) reasons.push('所在地代码：必须填写')
  else if (!d.ok) reasons.push(`所在地代码：${d.message}`)
  const name = v('name')
  const address = v('address')
  const postcode = v('postcode')
  const contact = v('contact')
  const phone = v('phone').replace(/\s/g, '')
  for (const [label, val, max] of [
    ['单位名称', name, 100],
    ['单位地址', address, 200],
    ['联系人', contact, 50],
  ] as const) {
    if (!val) reasons.push(`${label}：必须填写`)
    else if (val.length > max) reasons.push(`${label}：不能超过 ${max} 个字符`)
  }
  if (!postcode) reasons.push('邮编：必须填写')
  else if (!POSTCODE_RE.test(postcode)) reasons.push('邮编：应为 6 位数字')
  if (!phone) reasons.push('联系电话：必须填写')
  else if (!PHONE_RE.test(phone)) reasons.push('联系电话：应为手机号码或带区号的固定电话')
  if (reasons.length) return { ok: false, reasons }
  return { ok: true, value: { divisionCode, name, address, postcode, contact, phone } }
}

function upsert(deps: AppDeps, schoolId: number, u: ArchiveUnitInput, at: string) {
  const values = {
    name: u.name,
    address: u.address,
    postcode: u.postcode,
    contact: u.contact,
    phone: u.phone,
    updated_at: at,
  }
  return deps.db
    .insertInto('archive_units')
    .values({ school_id: schoolId, division_code: u.divisionCode, ...values })
    .onConflict((oc) => oc.columns(['school_id', 'division_code']).doUpdateSet(values))
}

export async function importArchiveUnits(deps: AppDeps, user: CurrentUser, file: File): Promise<ImportResult> {
  const seen = new Set<string>()
  return runImport<ArchiveUnitInput>(deps, user, {
    kind: ARCHIVE_UNITS_IMPORT_KIND,
    file,
    filename: file.name,
    columns: ARCHIVE_UNIT_COLUMNS,
    validateRow(cells): RowResult<ArchiveUnitInput> {
      const r = checkArchiveUnit(cells)
      if (!r.ok) return { ok: false, reason: r.reasons.join('；') }
      // The first row of a division code counts; later ones fail, as in the roster import.
      if (seen.has(r.value.divisionCode))
        return { ok: false, reason: `所在地代码：${r.value.divisionCode} 在文件中重复，以第一次出现的为准` }
      seen.add(r.value.divisionCode)
      return r
    },
    async persistBatch(rows, ctx) {
      const codes = rows.map((r) => r.value.divisionCode)
      const existing = new Set(
        (
          await deps.db
            .selectFrom('archive_units')
            .select('division_code')
            .where('school_id', '=', user.schoolId)
            .where('division_code', 'in', codes)
            .execute()
        ).map((r) => r.division_code),
      )
      const at = ctx.now.toISOString()
      await deps.batch(rows.map((r) => upsert(deps, user.schoolId, r.value, at)))
      const updated = rows.filter((r) => existing.has(r.value.divisionCode)).length
      return { created: rows.length - updated, updated }
    },
  })
}

// ---------------------------------------------------------------------------------------------
// API.

export const archiveUnitsApi = createRouter()

const read = guard({ roles: ['school', 'department'], module: 'archive' })
const write = guard({ roles: ['school'], module: 'archive', level: 'rw' })
const TAG = ['档案接收单位名录']

const UnitSchema = z
  .object({
    divisionCode: z.string(),
    divisionName: z.string().nullable(),
    name: z.string(),
    address: z.string(),
    postcode: z.string(),
    contact: z.string(),
    phone: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ArchiveUnit')

const toJson = (u: {
  division_code: string
  name: string
  address: string
  postcode: string
  contact: string
  phone: string
  updated_at: string
}) => ({
  divisionCode: u.division_code,
  divisionName: divisionName(u.division_code),
  name: u.name,
  address: u.address,
  postcode: u.postcode,
  contact: u.contact,
  phone: u.phone,
  updatedAt: u.updated_at,
})

export async function listArchiveUnits(
  deps: AppDeps,
  user: CurrentUser,
  f: { division?: string; q?: string; page: number; pageSize: number },
) {
  let q = deps.db.selectFrom('archive_units').where('school_id', '=', user.schoolId)
  if (f.division) q = q.where('division_code', 'like', likePrefix(f.division.replace(/\D/g, '')))
  if (f.q) q = q.where('name', 'like', likeContains(f.q))
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .selectAll()
    .orderBy('division_code')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute()
  return { items: rows.map(toJson), total: Number(total.n) }
}

archiveUnitsApi.openapi(
  createRoute({
    method: 'get',
    path: '/archive-units',
    tags: TAG,
    summary: '档案接收单位名录',
    middleware: [read] as const,
    request: {
      query: UnitsListQuery,
    },
    responses: {
      200: jsonContent(z.object({ items: z.array(UnitSchema), total: z.number() }), '名录'),
      ...errorResponses(401, 403),
    },
  }),
  async (c) => c.json(await listArchiveUnits(c.var.deps, currentUser(c), c.req.valid('query')), 200),
)

archiveUnitsApi.openapi(
  createRoute({
    method: 'get',
    path: '/archive-units/{divisionCode}',
    tags: TAG,
    summary: '按所在地代码查档案接收单位',
    middleware: [read] as const,
    request: { params: CodeParam },
    responses: { 200: jsonContent(UnitSchema, '单位'), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const u = await c.var.deps.db
      .selectFrom('archive_units')
      .selectAll()
      .where('school_id', '=', currentUser(c).schoolId)
      .where('division_code', '=', c.req.valid('param').divisionCode)
      .executeTakeFirst()
    if (!u) throw notFound('名录中没有这个地区的档案接收单位')
    return c.json(toJson(u), 200)
  },
)

export async function putArchiveUnit(
  deps: AppDeps,
  user: CurrentUser,
  divisionCode: string,
  body: Record<string, string>,
) {
  const r = checkArchiveUnit({ ...body, divisionCode })
  if (!r.ok) {
    const first = r.reasons[0]
    throw new AppError('validation_error', first, { field: first.split('：')[0] })
  }
  const now = deps.now()
  await deps.batch([
    upsert(deps, user.schoolId, r.value, now.toISOString()),
    auditInsert(deps.db, now, user, { action: 'archive_unit.put', target: `division:${divisionCode}` }),
  ])
  return r.value
}

archiveUnitsApi.openapi(
  createRoute({
    method: 'put',
    path: '/archive-units/{divisionCode}',
    tags: TAG,
    summary: '新增或修改一个地区的档案接收单位',
    middleware: [write] as const,
    request: { params: CodeParam, body: jsonBody(UnitBody) },
    responses: { 200: jsonContent(UnitSchema, '已保存'), ...errorResponses(400, 401, 403) },
  }),
  async (c) => {
    const code = c.req.valid('param').divisionCode
    await putArchiveUnit(c.var.deps, currentUser(c), code, c.req.valid('json'))
    const u = await c.var.deps.db
      .selectFrom('archive_units')
      .selectAll()
      .where('school_id', '=', currentUser(c).schoolId)
      .where('division_code', '=', code)
      .executeTakeFirstOrThrow()
    return c.json(toJson(u), 200)
  },
)

archiveUnitsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/archive-units/{divisionCode}',
    tags: TAG,
    summary: '删除一个地区的档案接收单位',
    middleware: [write] as const,
    request: { params: CodeParam },
    responses: { 204: { description: '已删除' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const user = currentUser(c)
    const code = c.req.valid('param').divisionCode
    const r = await c.var.deps.db
      .deleteFrom('archive_units')
      .where('school_id', '=', user.schoolId)
      .where('division_code', '=', code)
      .executeTakeFirst()
    if (Number(r.numDeletedRows) === 0) throw notFound('名录中没有这个地区的档案接收单位')
    await auditInsert(c.var.deps.db, c.var.deps.now(), user, {
      action: 'archive_unit.delete',
      target: `division:${code}`,
    }).execute()
    return c.body(null, 204)
  },
)

const FailureSchema = z.object({ row: z.number().int(), reason: z.string() })
export const ImportResultSchema = z
  .object({
    importId: z.string(),
    total: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    failures: z.array(FailureSchema),
  })
  .openapi('RegistrationImportResult')

export const importFileBody = (description: string) => ({
  required: true as const,
  content: {
    'multipart/form-data': {
      schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary', description }) }),
    },
  },
})

archiveUnitsApi.openapi(
  createRoute({
    method: 'post',
    path: '/archive-units/import',
    tags: TAG,
    summary: '导入档案接收单位名录（.xlsx 或 .csv；按所在地代码新增或更新）',
    description: `列：${ARCHIVE_UNIT_COLUMNS.map((c) => c.label).join('、')}。失败行另存，可下载失败表。`,
    middleware: [write, uploadLimit(IMPORT_UPLOAD)] as const,
    request: { body: importFileBody('名录 .xlsx 或 .csv') },
    responses: { 200: jsonContent(ImportResultSchema, '导入结果'), ...errorResponses(400, 401, 403, 413) },
  }),
  async (c) => {
    const file = (c.req.valid('form') as { file?: unknown }).file
    if (!(file instanceof File)) throw invalid('文件', '请选择要上传的文件（表单字段 file）')
    return c.json(await importArchiveUnits(c.var.deps, currentUser(c), file), 200)
  },
)

for (const format of ['xlsx', 'csv'] as const) {
  archiveUnitsApi.openapi(
    createRoute({
      method: 'get',
      path: `/archive-units/import/{importId}/failures.${format}`,
      tags: TAG,
      summary: `名录导入失败表（.${format}）`,
      middleware: [read] as const,
      request: { params: z.object({ importId: z.string().min(1).max(40) }) },
      responses: {
        200: binaryResponse(
          format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
          '失败表',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    (c) => sendFailureTable(c, { importId: c.req.valid('param').importId, kind: ARCHIVE_UNITS_IMPORT_KIND, format }),
  )
}
