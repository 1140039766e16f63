/** The 资格审核汇总表 as a workbook: an overview sheet, then one sheet per 院系 in the form's shape. */
import type { SheetSpec } from '../imports/spreadsheet.js'
import type { SummaryDepartment } from './queries.js'

const summaryTitle = (department: string, cohort: number) => `${department}${cohort}届毕业生资格审核汇总表`

/** Excel refuses these characters in a sheet's name and names longer than 31 characters. */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '院系'

/**
 * Seed 001 附件5's columns: 序号, 专业, 专业人数, 所在班级, and the class's 毕业生人数, with a 合计 line
 * first; a 专业 with several classes names itself on its first class's line only, as the form does.
 * The 填报 lines close the sheet, for the 院系 to sign and stamp.
 */
function departmentSheet(d: SummaryDepartment, cohort: number, filledBy: string, filledAt: string): SheetSpec {
  const rows: unknown[][] = [['合计', '', '', d.count, '', d.count]]
  d.majors.forEach((m, i) =>
    m.classes.forEach((c, j) =>
      rows.push(
        j === 0
          ? [i + 1, m.majorCode, m.majorName, m.count, c.className || '（未分班）', c.count]
          : ['', '', '', '', c.className || '（未分班）', c.count],
      ),
    ),
  )
  rows.push([], [`填表人：${filledBy}`, '', '', `填表时间：${filledAt}`], ['主管院领导签名：', '', '', '学院盖章：'])
  return {
    name: sheetName(d.department),
    title: summaryTitle(d.department, cohort),
    numbers: true,
    headers: ['序号', '专业代码', '专业', '专业人数', '所在班级', '毕业生人数'],
    widths: [8, 12, 26, 10, 22, 12],
    rows,
  }
}

export function summarySheets(
  departments: SummaryDepartment[],
  cohort: number,
  scope: string,
  filledBy: string,
  filledAt: string,
): SheetSpec[] {
  const total = departments.reduce((n, d) => n + d.count, 0)
  const overview: SheetSpec = {
    name: '汇总',
    title: `${scope}${cohort}届毕业生资格审核汇总表`,
    numbers: true,
    headers: ['院系', '专业数', '班级数', '毕业生人数'],
    widths: [24, 10, 10, 12],
    rows: [
      ...departments.map((d) => [
        d.department,
        d.majors.length,
        d.majors.reduce((n, m) => n + m.classes.length, 0),
        d.count,
      ]),
      ['合计', '', '', total],
    ],
  }
  return [overview, ...departments.map((d) => departmentSheet(d, cohort, filledBy, filledAt))]
}
