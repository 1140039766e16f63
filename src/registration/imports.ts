/**
 * 就业管理系统上传: the school uploads registrations (contract §4.3 columns), approved at once,
 * through the generic import engine — the same response and failure table as the roster import.
 * A row is matched to a graduate by 身份证号; empty archive or hukou columns keep what is stored.
 * Each written row is a move with its event; rows that did not change are counted as updated and
 * leave the version alone.
 */
import { createRoute } from '@hono/zod-openapi'
import type { Graduate, Registration } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { binaryResponse, errorResponses, jsonContent, z } from '../openapi.js'
import { AppError, invalid } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { runImport, sendFailureTable, type ImportColumn, type ImportResult, type RowResult } from '../imports/index.js'
import {
  DESTINATION_FIELDS,
  checkBesideDestination,
  checkContent,
  destinationChanged,
  heldByAgreement,
  sameContent,
  type HoldingAgreementStatus,
  type RawContent,
  type RegistrationContent,
} from '../domain/registration/index.js'
import { contentOf, graduatesHeldByAgreement } from './queries.js'
import { commitMove, isGuardFailure, moveStatements } from './service.js'
import { ImportResultSchema, importFileBody } from './archive-units.js'
import { IMPORT_UPLOAD } from '../imports/index.js'
import { uploadLimit } from '../middleware/body-size.js'
import { createRouter } from '../openapi.js'

const REGISTRATION_IMPORT_KIND = 'registrations'

/**
 * The contract's columns (§4.3), in its order; 身份证号 and 毕业去向 must be there. After them, the
 * optional columns of the national form's 单位信息 (seed 004 §2.1: 岗位名称 … 违约金) and the 档案 /
 * 户口 情况说明 (§2.10), so a sheet without them imports as before.
 */
export const REGISTRATION_COLUMNS: readonly ImportColumn[] = [
  { key: 'idCard', label: '身份证号', required: true, variants: ['身份证号码', '证件号码'] },
  { key: 'type', label: '毕业去向', required: true, variants: ['毕业去向类别', '去向'] },
  { key: 'unitName', label: '单位名称', variants: ['就业单位名称', '用人单位名称'] },
  { key: 'unitCreditCode', label: '统一社会信用代码', variants: ['单位统一社会信用代码', '组织机构代码'] },
  { key: 'unitNature', label: '单位性质代码', variants: ['单位性质'] },
  { key: 'unitIndustry', label: '单位行业代码', variants: ['单位行业'] },
  { key: 'unitLocation', label: '单位所在地代码', variants: ['单位所在地'] },
  { key: 'jobCategory', label: '工作职位类别代码', variants: ['工作职位类别', '职位类别'] },
  { key: 'school', label: '升学院校', variants: ['升学学校'] },
  { key: 'country', label: '国家或地区', variants: ['出国出境国家或地区'] },
  { key: 'a_transferType', label: '档案转递类型' },
  { key: 'a_unitName', label: '档案转递单位名称' },
  { key: 'a_unitAddress', label: '档案转递单位地址' },
  { key: 'a_unitLocation', label: '档案转递单位所在地代码', variants: ['档案转递单位所在地'] },
  { key: 'a_postcode', label: '档案转递单位邮编', variants: ['档案转递单位邮政编码'] },
  { key: 'a_contact', label: '档案转递联系人' },
  { key: 'a_phone', label: '档案转递联系电话' },
  { key: 'h_migrationType', label: '户口迁移类型', variants: ['户口迁转类型'] },
  { key: 'h_location', label: '户口迁移所在地代码', variants: ['户口迁移所在地', '户口迁转所在地'] },
  { key: 'h_address', label: '户口迁移地址', variants: ['户口迁转地址'] },
  { key: 'jobTitle', label: '岗位名称', variants: ['职位名称'] },
  { key: 'contactName', label: '单位联系人' },
  { key: 'contactPhone', label: '联系人电话' },
  { key: 'contactMobile', label: '联系人手机' },
  { key: 'contactEmail', label: '联系人邮箱', variants: ['联系人email', '联系人Email', '联系人电子邮箱'] },
  { key: 'salary', label: '转正起薪' },
  { key: 'penalty', label: '违约金' },
  { key: 'a_note', label: '档案情况说明' },
  { key: 'h_note', label: '户口情况说明' },
]

interface Row {
  graduate: Pick<Graduate, 'id' | 'training_mode_code' | 'targeted_unit'>
  reg: Registration | null
  content: RegistrationContent
  /** An agreement holds the destination: the row brought 档案 / 户口 only, the source stays. */
  held: boolean
}

const part = (cells: Record<string, string>, prefix: string, keys: string[]) => {
  const o: Record<string, string> = {}
  for (const k of keys) o[k] = cells[`${prefix}${k}`] ?? ''
  return Object.values(o).every((v) => v === '') ? undefined : o
}

export async function importRegistrations(deps: AppDeps, user: CurrentUser, file: File): Promise<ImportResult> {
  const { db } = deps
  // The school's graduates by 身份证号, loaded once (not one query a row).
  let graduates: Map<string, Pick<Graduate, 'id' | 'training_mode_code' | 'targeted_unit' | 'withdrawn_at'>> | null =
    null
  let registrations: Map<number, Registration> | null = null
  let held: Map<number, HoldingAgreementStatus> | null = null
  const seen = new Set<string>()
  return runImport<Row>(deps, user, {
    kind: REGISTRATION_IMPORT_KIND,
    file,
    filename: file.name,
    columns: REGISTRATION_COLUMNS,
    async validateRow(cells): Promise<RowResult<Row>> {
      if (!graduates) {
        const rows = await db
          .selectFrom('graduates')
          .select(['id', 'id_card', 'training_mode_code', 'targeted_unit', 'withdrawn_at'])
          .where('school_id', '=', user.schoolId)
          .execute()
        graduates = new Map(rows.map((g) => [g.id_card, g]))
        const regs = await db
          .selectFrom('registrations')
          .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
          .selectAll('registrations')
          .where('graduates.school_id', '=', user.schoolId)
          .execute()
        registrations = new Map(regs.map((r) => [r.graduate_id, r]))
        held = await graduatesHeldByAgreement(db, user.schoolId)
      }
      // 身份证号 as stored: upper-case X, no spaces (Excel and full-width input are common).
      const idCard = cells.idCard.normalize('NFKC').replace(/\s/g, '').toUpperCase()
      if (!idCard) return { ok: false, reason: '身份证号：必须填写' }
      const g = graduates.get(idCard)
      if (!g) return { ok: false, reason: '身份证号：生源名单中没有这名毕业生' }
      if (g.withdrawn_at) return { ok: false, reason: '身份证号：该毕业生已不在本届名单中（退学、休学或留级）' }
      if (seen.has(idCard)) return { ok: false, reason: '身份证号：在文件中重复，以第一次出现的为准' }
      seen.add(idCard)
      const raw: RawContent = {
        destination: { type: cells.type, ...Object.fromEntries(DESTINATION_FIELDS.map((f) => [f, cells[f]])) },
        archive: part(cells, 'a_', [
          'transferType',
          'unitName',
          'unitAddress',
          'unitLocation',
          'postcode',
          'contact',
          'phone',
          'note',
        ]),
        hukou: part(cells, 'h_', ['migrationType', 'location', 'address', 'note']),
      }
      const reg = registrations!.get(g.id) ?? null
      const stored = contentOf(reg)
      const merged: RawContent = {
        destination: raw.destination,
        archive: raw.archive !== undefined ? raw.archive : (stored.archive as unknown as RawContent['archive']),
        hukou: raw.hukou !== undefined ? raw.hukou : (stored.hukou as unknown as RawContent['hukou']),
      }
      // A destination an agreement holds is the agreement's (its 修改 or 作废 changes it): the row
      // may repeat it and bring 档案 and 户口, not replace it.
      const holding = held!.get(g.id)
      if (holding && destinationChanged(raw.destination, stored.destination, g))
        return { ok: false, reason: `毕业去向：${heldByAgreement(holding, 'school', 'change')}` }
      const checked = holding
        ? checkBesideDestination(stored, raw, { mode: 'complete', graduate: g })
        : checkContent(merged, {
            mode: 'complete',
            graduate: g,
            requireParts: { archive: false, hukou: false },
          })
      // Every failing field of the row, named as the column it came from.
      if (!checked.ok) return { ok: false, reason: checked.issues.map((i) => i.message).join('；') }
      const content = checked.value
      const sameArchive = sameContent(
        { destination: null, archive: stored.archive, hukou: null },
        { destination: null, archive: content.archive, hukou: null },
      )
      const sameHukou = sameContent(
        { destination: null, archive: null, hukou: stored.hukou },
        { destination: null, archive: null, hukou: content.hukou },
      )
      // Security decision: archive and hukou columns need their module's 读写 (seed 004, 1.4).
      if (!sameArchive && user.permissions.archive !== 'rw')
        return { ok: false, reason: '档案转递类型：没有档案信息的读写权限，不能导入档案转递信息' }
      if (!sameHukou && user.permissions.hukou !== 'rw')
        return { ok: false, reason: '户口迁移类型：没有户口信息的读写权限，不能导入户口迁移信息' }
      return { ok: true, value: { graduate: g, reg, content, held: !!holding } }
    },
    async persistBatch(rows, ctx) {
      let created = 0
      let updated = 0
      const writes = rows.filter(
        (r) =>
          !(r.value.reg && r.value.reg.status === 'approved' && sameContent(contentOf(r.value.reg), r.value.content)),
      )
      updated += rows.length - writes.length
      const args = (r: (typeof rows)[number]) => ({
        user,
        graduateId: r.value.graduate.id,
        reg: r.value.reg,
        move: 'overwrite' as const,
        to: 'approved' as const,
        content: r.value.content,
        source: r.value.held ? undefined : ('就业管理系统上传' as const),
        event: true,
        reason: '就业管理系统上传',
      })
      try {
        await deps.batch(writes.flatMap((r) => moveStatements(deps, args(r), { audit: false }).statements))
        for (const r of writes) r.value.reg ? updated++ : created++
        return { created, updated }
      } catch (e) {
        if (!isGuardFailure(e)) throw e
      }
      // Someone changed a registration of this batch meanwhile: write row by row, the changed
      // ones fail with a reason (upload again to overwrite them).
      const failures: Array<{ row: number; reason: string }> = []
      for (const r of writes) {
        try {
          await commitMove(deps, args(r))
          r.value.reg ? updated++ : created++
        } catch (e) {
          if (e instanceof AppError && e.code === 'conflict')
            failures.push({ row: r.row, reason: '身份证号：该毕业生的登记在导入时被他人修改，请重新导入这一行' })
          else throw e
        }
      }
      void ctx
      return { created, updated, failures }
    },
  })
}

// ---------------------------------------------------------------------------------------------
// API (mounted by app.ts under /api/v1).

export const registrationImportsApi = createRouter()

const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw' })
const staffRead = guard({ roles: ['school', 'department'], module: 'info' })

registrationImportsApi.openapi(
  createRoute({
    method: 'post',
    path: '/registrations/import',
    tags: ['去向登记'],
    summary: '就业管理系统上传：导入去向登记（直接审核通过）',
    description: `列（按表头匹配）：${REGISTRATION_COLUMNS.map((c) => c.label).join('、')}；必需 身份证号、毕业去向。代码列可填代码或名称。档案、户口各列留空则保留原有信息。与已通过的登记相同的行不做改动。`,
    middleware: [schoolWrite, uploadLimit(IMPORT_UPLOAD)] as const,
    request: { body: importFileBody('去向登记 .xlsx 或 .csv（UTF-8 / GB18030）') },
    responses: { 200: jsonContent(ImportResultSchema, '导入结果'), ...errorResponses(400, 401, 403, 413) },
  }),
  async (c) => {
    const file = (c.req.valid('form') as { file?: unknown }).file
    if (!(file instanceof File)) throw invalid('文件', '请选择要上传的文件（表单字段 file）')
    return c.json(await importRegistrations(c.var.deps, currentUser(c), file), 200)
  },
)

for (const format of ['xlsx', 'csv'] as const) {
  registrationImportsApi.openapi(
    createRoute({
      method: 'get',
      path: `/registrations/import/{importId}/failures.${format}`,
      tags: ['去向登记'],
      summary: `去向登记导入失败表（.${format}）：原始各列加最后一列"失败原因"`,
      middleware: [staffRead] as const,
      request: { params: z.object({ importId: z.string().min(1).max(40) }) },
      responses: {
        200: binaryResponse(
          format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
          '失败表',
        ),
        ...errorResponses(401, 403, 404),
      },
    }),
    (c) => sendFailureTable(c, { importId: c.req.valid('param').importId, kind: REGISTRATION_IMPORT_KIND, format }),
  )
}
