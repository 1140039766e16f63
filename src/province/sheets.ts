/** The province statistics as a workbook: one row per school, counts and rates as numbers. */
import { writeXlsx } from '../imports/spreadsheet.js'
import type { ProvinceStatsItem } from './service.js'

const STATS_COLUMNS = [
  '院校代码',
  '学校名称',
  '毕业生数',
  '已登记',
  '去向落实率（%）',
  '未上报',
  '未确认',
  '确认有误',
  '确认无误',
  '已生成转递编号',
] as const

function statsRow(s: ProvinceStatsItem): Array<string | number> {
  return [
    s.school,
    s.schoolName,
    s.graduates,
    s.registered,
    s.implementationRate,
    s.confirmation.未上报,
    s.confirmation.未确认,
    s.confirmation.确认有误,
    s.confirmation.确认无误,
    s.numbers,
  ]
}

export function statsWorkbook(cohort: number, items: ProvinceStatsItem[]) {
  return writeXlsx([
    {
      name: `${cohort}届各校统计`,
      title: `${cohort} 届各校毕业去向统计`,
      numbers: true,
      headers: [...STATS_COLUMNS],
      rows: items.map(statsRow),
    },
  ])
}
