/**
 * The school dashboard's numbers, from counts grouped by (院系, 学历代码, approved 毕业去向).
 * Pure: the query hands in the groups, these functions shape the charts. The dashboard's shape
 * (`Dashboard`, the chart ids and titles) is here too, so the page view and the workbook share it.
 *
 * Every chart counts every non-withdrawn graduate in scope once: those without an approved
 * registration fall in the extra bucket 未上报, so each chart's total is the number of graduates.
 *
 * 去向落实率 (issue 5; the national reporting notion of 毕业去向落实率): graduates whose approved
 * destination is of an employment or further-study category — 签就业协议书就业, 其他形式就业,
 * 升学, i.e. any category but 未就业 (contract §4.3) — over all non-withdrawn graduates.
 */
import {
  DESTINATION_CATEGORIES,
  DESTINATION_TYPES,
  destinationCategory,
  type DestinationCategory,
} from './codes/destinations.js'
import { EDUCATION_LEVELS, educationLevel } from './codes/education-levels.js'

const NOT_REPORTED = '未上报'
export type Bucket = DestinationCategory | typeof NOT_REPORTED
export const BUCKETS: Bucket[] = [...DESTINATION_CATEGORIES, NOT_REPORTED]
const PLACED_CATEGORIES: readonly DestinationCategory[] = ['签就业协议书就业', '其他形式就业', '升学']

export interface DestinationGroup {
  department: string
  educationCode: string
  /** The approved registration's destination type; null without an approved registration. */
  type: string | null
  count: number
}

interface Series {
  label: string
  value: number
}
export interface StackedRow {
  label: string
  values: Record<Bucket, number>
  total: number
}
interface RateRow {
  label: string
  placed: number
  total: number
  /** Percent, one decimal; 0 when there are no graduates. */
  rate: number
}

export interface DashboardCharts {
  byCategory: Series[]
  byType: Series[]
  byDepartment: StackedRow[]
  byEducation: StackedRow[]
  placementRate: RateRow[]
  /** The whole scope's 去向落实率. */
  placementTotal: RateRow
}

/** An approved registration whose type is not one of the 24 cannot be placed: it counts as 未上报. */
function bucketOf(type: string | null): Bucket {
  return (type && destinationCategory(type)) || NOT_REPORTED
}

export { percent } from './percent.js'
import { percent } from './percent.js'

function emptyBuckets(): Record<Bucket, number> {
  return Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>
}

function stacked(
  groups: DestinationGroup[],
  keyOf: (g: DestinationGroup) => string,
  order?: readonly string[],
): StackedRow[] {
  const rows = new Map<string, StackedRow>()
  for (const k of order ?? []) rows.set(k, { label: k, values: emptyBuckets(), total: 0 })
  for (const g of groups) {
    const k = keyOf(g)
    let row = rows.get(k)
    if (!row) rows.set(k, (row = { label: k, values: emptyBuckets(), total: 0 }))
    row.values[bucketOf(g.type)] += g.count
    row.total += g.count
  }
  const list = [...rows.values()]
  if (!order) list.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'))
  return list
}

const placedOf = (r: StackedRow) => PLACED_CATEGORIES.reduce((n, c) => n + r.values[c], 0)

export function dashboardCharts(groups: DestinationGroup[]): DashboardCharts {
  const all = emptyBuckets()
  const types = new Map<string, number>(DESTINATION_TYPES.map((t) => [t.name, 0]))
  for (const g of groups) {
    all[bucketOf(g.type)] += g.count
    if (g.type && types.has(g.type)) types.set(g.type, types.get(g.type)! + g.count)
  }
  const byDepartment = stacked(groups, (g) => g.department)
  // Levels in their national order; a level with nobody in it is left out.
  const byEducation = stacked(groups, (g) => educationLevel(g.educationCode), [...EDUCATION_LEVELS, '其他']).filter(
    (r) => r.total > 0,
  )
  const total = BUCKETS.reduce((n, b) => n + all[b], 0)
  const placed = PLACED_CATEGORIES.reduce((n, c) => n + all[c], 0)
  return {
    byCategory: BUCKETS.map((b) => ({ label: b, value: all[b] })),
    byType: [...types].map(([label, value]) => ({ label, value })),
    byDepartment,
    byEducation,
    placementRate: byDepartment.map((r) => ({
      label: r.label,
      placed: placedOf(r),
      total: r.total,
      rate: percent(placedOf(r), r.total),
    })),
    placementTotal: { label: '合计', placed, total, rate: percent(placed, total) },
  }
}

export interface PendingReviews {
  submitted: number
  departmentApproved: number
}

/** The school dashboard: the API's JSON and the page's props. */
export interface Dashboard {
  department: string | null
  /** The 届 counted (null: every 届). */
  cohort: number | null
  pendingReviews: PendingReviews
  /** Graduates by confirmation state (the 总数 column of the statistics table). */
  confirmation: Record<'未上报' | '未确认' | '确认有误' | '确认无误' | '总数', number>
  charts: DashboardCharts
}

export const CHART_IDS = ['byCategory', 'byType', 'byDepartment', 'byEducation', 'placementRate'] as const
export type ChartId = (typeof CHART_IDS)[number]

export const CHART_TITLES: Record<ChartId, string> = {
  byCategory: '毕业去向（按类别）',
  byType: '毕业去向（按去向）',
  byDepartment: '毕业去向（按院系）',
  byEducation: '毕业去向（按学历层次）',
  placementRate: '各院系去向落实率',
}
