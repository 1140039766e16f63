/** The dashboard charts as workbook sheets: the same numbers the charts and tables show. */
import { destinationCategory } from '../domain/codes/destinations.js'
import { BUCKETS, percent, type DashboardCharts, type StackedRow } from './dashboard.js'
import type { SheetSpec } from './xlsx.js'

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
    columns: [
      { header: first, width: 20 },
      ...BUCKETS.map((b) => ({ header: b, width: 16 })),
      { header: '合计', width: 10 },
    ],
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
        columns: [{ header: '毕业去向类别', width: 20 }, { header: '人数' }, { header: '占比（%）' }],
        rows: charts.byCategory.map((s) => [s.label, s.value, percent(s.value, total)]),
      }
    case 'byType':
      return {
        name: CHART_TITLES[id],
        title,
        columns: [{ header: '毕业去向类别', width: 20 }, { header: '毕业去向', width: 24 }, { header: '人数' }],
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
        columns: [
          { header: '院系', width: 20 },
          { header: '已落实人数', width: 12 },
          { header: '毕业生人数', width: 12 },
          { header: '去向落实率（%）', width: 16 },
        ],
        rows: [...charts.placementRate, charts.placementTotal].map((r) => [r.label, r.placed, r.total, r.rate]),
      }
  }
}
