/**
 * 去向登记确认 (seed 004, section 3 "去向登记确认（全国统一）"): the pure rules.
 *
 * A graduate's confirmation state is DERIVED, never stored (contract §4.4):
 * - 未上报: no registration with status `approved`;
 * - otherwise the confirmation row counts only when it was given for the registration's current
 *   `version` (every change to an approved registration bumps it), so "any change to an approved
 *   registration puts it back to 未确认" holds without anyone writing a state;
 * - a counting row gives 确认有误 or 确认无误; no counting row gives 未确认.
 *
 * The SQL in src/confirmation/queries.ts mirrors `deriveState` (so lists can filter and page in the
 * database); test/confirmation/state-sql.test.ts checks the two agree on every combination.
 */
import type { RegistrationSource, RegistrationStatus } from './registration/states.js'

export const CONFIRMATION_STATES = ['未上报', '未确认', '确认有误', '确认无误'] as const
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number]

export const CONFIRMATION_RESULTS = ['确认无误', '确认有误'] as const
export type ConfirmationResult = (typeof CONFIRMATION_RESULTS)[number]

/** 毕业去向信息 "有变化 / 有错误" (seed 004, 3 信息有误). */
export const DESTINATION_ISSUES = ['有变化', '有错误'] as const

export const SOURCES = [
  '登记系统',
  '就业管理系统上传',
  '就业管理系统接口',
] as const satisfies readonly RegistrationSource[]

export interface RegistrationVersion {
  status: RegistrationStatus
  version: number
}
export interface ConfirmationRecord {
  registration_version: number
  result: ConfirmationResult
}

export function deriveState(
  reg: RegistrationVersion | null | undefined,
  conf: ConfirmationRecord | null | undefined,
): ConfirmationState {
  if (!reg || reg.status !== 'approved') return '未上报'
  if (!conf || conf.registration_version !== reg.version) return '未确认'
  return conf.result
}

export type StatsColumn = RegistrationSource | '总数'
export type StatsRowName = ConfirmationState | '总数'
export type StatsRow = Record<StatsColumn, number>
export type StatsTable = Record<StatsRowName, StatsRow>

export const STATS_COLUMNS: StatsColumn[] = [...SOURCES, '总数']
export const STATS_ROWS: StatsRowName[] = [...CONFIRMATION_STATES, '总数']

/**
 * The 登记确认情况统计 table (seed 004, 3 "查看登记确认情况统计"): states by 去向来源.
 *
 * Each input is one graduate: their state and the source of their registration (null when they
 * have none). A graduate counts once in their state's row, under their source's column and in
 * 总数. Choice for 未上报: the seed shows 未上报 graduates under 就业管理系统上传 too, so a
 * graduate whose registration exists but is not (or no longer) approved is counted under that
 * registration's source; a graduate with no registration at all has no source and is counted in
 * 总数 only — which is why a row's 总数 may exceed the sum of its source columns.
 */
export function statsTable(
  graduates: Iterable<{ state: ConfirmationState; source: RegistrationSource | null; count?: number }>,
): StatsTable {
  const empty = (): StatsRow => ({ 登记系统: 0, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 0 })
  const rows = Object.fromEntries(STATS_ROWS.map((r) => [r, empty()])) as StatsTable
  for (const g of graduates) {
    const n = g.count ?? 1
    for (const row of [rows[g.state], rows['总数']]) {
      if (g.source) row[g.source] += n
      row['总数'] += n
    }
  }
  return rows
}

/** "以上毕业去向信息于2023年05月23日通过…上报" — the date in China Standard Time. */
export function reportedOn(approvedAt: string | null | undefined): string | null {
  if (!approvedAt) return null
  const t = Date.parse(approvedAt)
  if (Number.isNaN(t)) return null
  const d = new Date(t + 8 * 60 * 60 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日`
}

/** How the source reads in the sentence "通过…上报". */
export function sourceLabel(source: RegistrationSource): string {
  if (source === '登记系统') return '毕业去向登记系统'
  if (source === '就业管理系统上传') return '学校就业管理系统（批量上传）'
  return '学校就业管理系统（接口）'
}

/** The 登记确认 list's filters (the query's and the page form's). */
export interface ConfirmationFilters {
  state?: ConfirmationState
  department?: string
  major?: string
  education?: string
  name?: string
  studentNo?: string
  idCard?: string
  examNo?: string
  graduationTime?: string
  /** 届: the year of 毕业时间 (none: every 届). */
  cohort?: number
}

/** One row of the 登记确认 list. */
export interface ConfirmationListItem {
  graduateId: number
  name: string
  department: string
  state: ConfirmationState
  source: RegistrationSource | null
  at: string | null
  /** For 确认有误: which parts the graduate said are wrong, and the phone left for contact. */
  issues: string | null
  issuePhone: string | null
  studentNo: string
  examNo: string | null
  idCard: string
  major: string
  education: string
  educationCode: string
  graduationTime: string
  phone: string
  email: string | null
}
