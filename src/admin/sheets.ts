/** The dashboard charts as workbook sheets: the same numbers the charts and tables show. */
import { destinationCategory } from '../domain/codes/destinations.js'
import { BUCKETS, percent, type DashboardCharts, type StackedRow } from './dashboard.js'
import type { SheetSpec } from '../imports/spreadsheet.js'

export const CHART_IDS = ['byCategory', 'byType', 'byDepartment', 'byEducation', 'placementRate'] as const
export type ChartId = (typeof CHART_IDS)[number]

export const CHART_TITLES: Record<ChartId, string> = {
  byCategory: '毕业去向（按类别）',
  byType: '毕业去向（按去向）',
  byDepartment: '毕业去向（按院系）',
  byEducation: '毕业去向（按学历层次）',
  placementRate: '各院系去向落实率',
}

function stackedSheet(id: ChartId, first: string, rows: StackedRow[], title: string): SheetSpec {
  return {
    name: CHART_TITLES[id],
    title,
    numbers: true,
    headers: [first, ...BUCKETS, '合计'],
    widths: [20, ...BUCKETS.map(() => 16), 10],
    rows: rows.map((r) => [r.label, ...BUCKETS.map((b) => r.values[b]), r.total]),
  }
}

export function chartSheet(id: ChartId, charts: DashboardCharts, scope: string): SheetSpec {
  const title = `${CHART_TITLES[id]}（${scope}）`
  const total = charts.byCategory.reduce((n, s) => n + s.value, 0)
  switch (id) {
    case 'byCategory':
      return {
        name: CHART_TITLES[id],
        title,
        numbers: true,
        headers: ['毕业去向类别', '人数', '占比（%）'],
        widths: [20],
        rows: charts.byCategory.map((s) => [s.label, s.value, percent(s.value, total)]),
      }
    case 'byType':
      return {
        name: CHART_TITLES[id],
        title,
        numbers: true,
        headers: ['毕业去向类别', '毕业去向', '人数'],
        widths: [20, 24],
        rows: charts.byType.map((s) => [destinationCategory(s.label), s.label, s.value]),
      }
    case 'byDepartment':
      return stackedSheet(id, '院系', charts.byDepartment, title)
    case 'byEducation':
      return stackedSheet(id, '学历层次', charts.byEducation, title)
    case 'placementRate':
      return {
        name: CHART_TITLES[id],
        title,
        numbers: true,
        headers: ['院系', '已落实人数', '毕业生人数', '去向落实率（%）'],
        widths: [20, 12, 12, 16],
        rows: [...charts.placementRate, charts.placementTotal].map((r) => [r.label, r.placed, r.total, r.rate]),
      }
  }
}
