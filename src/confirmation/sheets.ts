/** The confirmation workbooks' sheets: the list, the reminder list and the statistics table. */
import { maskIdCard } from '../domain/id-card.js'
import { STATS_COLUMNS, STATS_ROWS, type StatsTable } from '../domain/confirmation.js'
import { sizedColumns, type SheetSpec } from '../imports/spreadsheet.js'
import type { ConfirmationListItem } from './queries.js'

export function confirmationListSheet(items: ConfirmationListItem[]): SheetSpec {
  return {
    name: '登记确认情况列表',
    numbers: true,
    ...sizedColumns([
      ['考生号', 16],
      ['姓名', 12],
      ['院系', 18],
      ['专业', 20],
      ['学历', 8],
      ['身份证号', 22],
      ['学号', 14],
      ['毕业时间', 10],
      ['登记确认状态', 14],
      ['去向来源', 18],
      ['确认时间', 22],
      ['有误内容', 30],
    ]),
    rows: items.map((i) => [
      i.examNo,
      i.name,
      i.department,
      i.major,
      i.education,
      maskIdCard(i.idCard),
      i.studentNo,
      i.graduationTime,
      i.state,
      i.source,
      i.at,
      i.issues,
    ]),
  }
}

export function reminderSheet(items: ConfirmationListItem[]): SheetSpec {
  return {
    name: '登记确认提醒名单',
    numbers: true,
    ...sizedColumns([
      ['姓名', 12],
      ['学号', 14],
      ['院系', 18],
      ['专业', 20],
      ['登记确认状态', 14],
      ['手机号码', 14],
      ['电子邮箱', 26],
      ['有误内容', 30],
      ['确认有误时留的手机号码', 16],
    ]),
    rows: items.map((i) => [
      i.name,
      i.studentNo,
      i.department,
      i.major,
      i.state,
      i.phone,
      i.email,
      i.issues,
      i.issuePhone,
    ]),
  }
}

export function statsSheet(rows: StatsTable, department?: string | null): SheetSpec {
  return {
    name: '登记确认情况统计',
    title: department ? `登记确认情况统计（${department}）` : '登记确认情况统计',
    numbers: true,
    headers: ['登记确认情况 \\ 去向来源', ...STATS_COLUMNS],
    widths: [24, ...STATS_COLUMNS.map(() => 18)],
    rows: STATS_ROWS.map((r) => [r, ...STATS_COLUMNS.map((c) => rows[r][c])]),
  }
}
