/** The confirmation workbooks' sheets: the list, the reminder list and the statistics table. */
import { maskIdCard } from '../domain/id-card.js'
import { STATS_COLUMNS, STATS_ROWS, type StatsTable } from '../domain/confirmation.js'
import type { SheetSpec } from '../admin/xlsx.js'
import type { ConfirmationListItem } from './queries.js'

export function confirmationListSheet(items: ConfirmationListItem[]): SheetSpec {
  return {
    name: '登记确认情况列表',
    columns: [
      { header: '考生号', width: 16 },
      { header: '姓名', width: 12 },
      { header: '院系', width: 18 },
      { header: '专业', width: 20 },
      { header: '学历', width: 8 },
      { header: '身份证号', width: 22 },
      { header: '学号', width: 14 },
      { header: '毕业时间', width: 10 },
      { header: '登记确认状态', width: 14 },
      { header: '去向来源', width: 18 },
      { header: '确认时间', width: 22 },
      { header: '有误内容', width: 30 },
    ],
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
    columns: [
      { header: '姓名', width: 12 },
      { header: '学号', width: 14 },
      { header: '院系', width: 18 },
      { header: '专业', width: 20 },
      { header: '登记确认状态', width: 14 },
      { header: '手机号码', width: 14 },
      { header: '电子邮箱', width: 26 },
      { header: '有误内容', width: 30 },
      { header: '确认有误时留的手机号码', width: 16 },
    ],
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
    columns: [
      { header: '登记确认情况 \\ 去向来源', width: 24 },
      ...STATS_COLUMNS.map((c) => ({ header: c, width: 18 })),
    ],
    rows: STATS_ROWS.map((r) => [r, ...STATS_COLUMNS.map((c) => rows[r][c])]),
  }
}
