/** The dashboard charts as workbook sheets: the same numbers the charts and tables show. */
import { destinationCategory } from '../domain/codes/destinations.js'
import {
  BUCKETS,
  CHART_TITLES,
  percent,
  type ChartId,
  type DashboardCharts,
  type StackedRow,
} from '../domain/dashboard.js'
import type { SheetSpec } from '../imports/spreadsheet.js'

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
