/** Roster actions shared by the JSON API and the pages. */
import type { AppDeps, CurrentUser } from '../deps.js'
import { conflict, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { CODE_TABLES } from '../domain/codes/index.js'
import { ROSTER_FIELDS } from '../domain/roster-rules.js'
import { writeXlsx } from '../imports/index.js'
import { eachGraduate, EXPORT_HEADERS, exportRow, findGraduate, type RosterFilter } from './queries.js'

/** 公共代码 as a workbook: one sheet per table (代码, 名称), and a sheet naming each source. */
export function codesWorkbook(): Promise<Uint8Array> {
  return writeXlsx([
    ...CODE_TABLES.map((t) => ({
      name: t.name,
      headers: ['代码', '名称'],
      rows: t.entries.map((e) => [e.code, e.name]),
      widths: [10, 40],
    })),
    {
      name: '来源',
      headers: ['代码表', '版本', '来源'],
      rows: CODE_TABLES.map((t) => [t.name, t.version, t.source]),
      widths: [16, 20, 90],
    },
  ])
}

/** The upload template: the 28 columns (required ones in red), an example row, and instructions. */
export function templateWorkbook(): Promise<Uint8Array> {
  const headers = ROSTER_FIELDS.map((f) => f.label)
  const required = new Set(ROSTER_FIELDS.flatMap((f, i) => (f.required ? [i] : [])))
  return writeXlsx([
    { name: '生源信息', headers, rows: [], required },
    {
      name: '填写说明',
      headers: ['列名', '是否必填', '说明'],
      widths: [16, 10, 90],
      rows: ROSTER_FIELDS.map((f) => [
        f.label,
        f.required ? '必填' : '选填',
        HINTS[f.key] ?? (f.table ? '填写代码或名称，见公共代码' : ''),
      ]),
    },
  ])
}

const HINTS: Record<string, string> = {
  idCard: '18 位居民身份证号码，末位 X 大写；出生日期、校验位和性别位都会被检查',
  gender: '1 男，2 女（或填写 男 / 女），须与身份证号的性别位一致',
  ethnicity: 'GB 3304 两位代码，如 01 汉族（或填写民族名称）',
  political: 'GB/T 4762 两位代码，如 01 中共党员、03 共青团员、13 群众',
  department: '院系全称；新出现的院系会自动创建',
  lengthOfSchooling: '年数，如 4 或 2.5',
  trainingMode: '1 非定向、21 定向（不可网签）、22 定向（可网签）、3 在职、4 委培、5 自筹',
  origin: '6 位县级行政区划代码，须到区、县一级；不能填写"市辖区"或下设区县的地级市代码',
  enrolledAt: '年月，6 位，如 202209；须早于毕业时间',
  graduationTime: '年月，6 位，如 202606',
  phone: '11 位手机号码',
  targetedUnit: '培养方式为 21、22、4 时必填',
  urbanRural: '1 城镇，2 农村',
  qq: '纯数字',
  homePostcode: '6 位数字',
}

export function exportWorkbook(deps: AppDeps, user: CurrentUser, f: RosterFilter): Promise<Uint8Array> {
  async function* rows() {
    for await (const g of eachGraduate(deps.db, user, f)) yield exportRow(g)
  }
  return writeXlsx([{ name: '生源信息', headers: EXPORT_HEADERS, rows: rows() }])
}

/**
 * Withdraws a graduate who left the cohort (退学, 休学, 留级 — seed 001): not deleted, but hidden
 * from lists and statistics (scopeGraduates), and every number of theirs answers not_found.
 * Audited; reversible with `restoreGraduate`.
 */
export async function withdrawGraduate(deps: AppDeps, user: CurrentUser, id: number, reason: string) {
  const why = reason.trim()
  if (!why) throw invalid('reason', '请填写撤出原因（如退学、休学、留级）')
  const g = await findGraduate(deps.db, user, id, { includeWithdrawn: true })
  if (!g) throw notFound('没有这名毕业生，或无权查看')
  if (g.withdrawn_at) throw conflict('该毕业生已撤出生源')
  const now = deps.now()
  await deps.batch([
    deps.db
      .updateTable('graduates')
      .set({ withdrawn_at: now.toISOString(), withdrawn_reason: why.slice(0, 200), updated_at: now.toISOString() })
      .where('id', '=', id),
    auditInsert(deps.db, now, user, {
      action: 'roster.withdraw',
      target: `graduate:${id}`,
      detail: { reason: why.slice(0, 200) },
    }),
  ])
  return (await findGraduate(deps.db, user, id, { includeWithdrawn: true }))!
}

export async function restoreGraduate(deps: AppDeps, user: CurrentUser, id: number, reason?: string | null) {
  const g = await findGraduate(deps.db, user, id, { includeWithdrawn: true })
  if (!g) throw notFound('没有这名毕业生，或无权查看')
  if (!g.withdrawn_at) throw conflict('该毕业生不在撤出名单中')
  const now = deps.now()
  await deps.batch([
    deps.db
      .updateTable('graduates')
      .set({ withdrawn_at: null, withdrawn_reason: null, updated_at: now.toISOString() })
      .where('id', '=', id),
    auditInsert(deps.db, now, user, {
      action: 'roster.restore',
      target: `graduate:${id}`,
      detail: { reason: reason?.trim().slice(0, 200) || null, withdrawnReason: g.withdrawn_reason },
    }),
  ])
  return (await findGraduate(deps.db, user, id))!
}
