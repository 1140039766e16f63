/**
 * Data for the Workers suite, made the way a school makes it: a roster sheet imported over HTTP,
 * registrations imported from the employment system, numbers generated. Every call uses its own
 * department, student numbers and 身份证号, so tests running side by side never meet.
 */
import { expect } from 'vitest'
import type { RosterKey } from '../../src/domain/roster-rules.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'
import { ROW_DEFAULTS, table as rosterTable, csvText as csv, gbk, xlsx, readXlsx } from '../roster/fixtures.js'
import { admin, fileForm, idCard, json, unique } from './helpers.js'

export const CSV_TYPE = 'text/csv'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function rosterRow(department: string, over: Partial<Record<RosterKey, string>> = {}): Record<RosterKey, string> {
  const n = unique()
  const sex = n % 2 ? '1' : '2'
  return {
    studentNo: `W${n}`,
    name: `工人${n}`,
    idCard: idCard(sex),
    gender: sex,
    ...ROW_DEFAULTS,
    department,
    ...over,
  }
}

export { rosterTable, csv, gbk, xlsx, readXlsx }

export const utf8Bom = (text: string) => new TextEncoder().encode('\uFEFF' + text)

export async function importRoster(bytes: Uint8Array, filename: string, type: string) {
  return json('POST', '/api/v1/graduates/import', { token: await admin(), body: fileForm(filename, bytes, type) })
}

export const REG_HEADERS = ['身份证号', '毕业去向', '单位名称', '统一社会信用代码', '单位性质代码', '单位行业代码', '单位所在地代码', '工作职位类别代码', '升学院校', '国家或地区', '档案转递类型', '档案转递单位名称', '档案转递单位地址', '档案转递单位所在地代码', '档案转递单位邮编', '档案转递联系人', '档案转递联系电话', '户口迁移类型', '户口迁移所在地代码', '户口迁移地址']

export const CREDIT = makeCreditCode('91110108MA01C3XK5')

export function registrationRow(idCardNo: string, over: Record<string, string> = {}): string[] {
  const base: Record<string, string> = {
    身份证号: idCardNo,
    毕业去向: '签劳动合同就业',
    单位名称: '北京示例科技有限公司',
    统一社会信用代码: CREDIT,
    单位性质代码: '39',
    单位行业代码: '34',
    单位所在地代码: '110108',
    工作职位类别代码: '13',
    档案转递类型: '托管单位接收',
    档案转递单位名称: '北京市海淀区人力资源公共服务中心',
    档案转递单位地址: '北京市海淀区西四环北路73号',
    档案转递单位所在地代码: '110108',
    档案转递单位邮编: '100195',
    档案转递联系人: '王维',
    档案转递联系电话: '15875693214',
    户口迁移类型: '转回生源地',
    户口迁移所在地代码: '430104',
    户口迁移地址: '湖南省长沙市芙蓉区某街道 1 号',
    ...over,
  }
  return REG_HEADERS.map((h) => base[h] ?? '')
}

export async function importRegistrations(rows: string[][], format: 'csv' | 'xlsx' = 'csv') {
  const data = [REG_HEADERS, ...rows]
  const body = format === 'csv' ? fileForm('registrations.csv', utf8Bom(csv(data)), CSV_TYPE) : fileForm('registrations.xlsx', await xlsx(data), XLSX_TYPE)
  return json('POST', '/api/v1/registrations/import', { token: await admin(), body })
}

export interface Cohort {
  department: string
  rows: Array<Record<RosterKey, string>>
  ids: Map<string, number>
}

/** A department of `n` graduates, imported from a UTF-8 CSV, with their graduate ids. */
export async function cohort(n: number, over: Partial<Record<RosterKey, string>> = {}): Promise<Cohort> {
  const department = `工作者学院${unique()}`
  const rows = Array.from({ length: n }, () => rosterRow(department, over))
  const r = await importRoster(utf8Bom(csv(rosterTable(rows))), 'roster.csv', CSV_TYPE)
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  expect(r.data.failures).toEqual([])
  expect(r.data.created).toBe(n)
  const list = await json('GET', `/api/v1/graduates?department=${encodeURIComponent(department)}&pageSize=200`, { token: await admin() })
  expect(list.status).toBe(200)
  const ids = new Map<string, number>(list.data.items.map((g: { studentNo: string; id: number }) => [g.studentNo, g.id]))
  expect(ids.size).toBe(n)
  return { department, rows, ids }
}

/** The cohort with approved registrations (employment-system upload) and generated 转递编号. */
export async function numbered(n: number, over: Partial<Record<RosterKey, string>> = {}) {
  const c = await cohort(n, over)
  const reg = await importRegistrations(c.rows.map((r) => registrationRow(r.idCard)))
  expect(reg.status, JSON.stringify(reg.data)).toBe(200)
  expect(reg.data.failures).toEqual([])
  const gen = await json('POST', '/api/v1/transfer-numbers/generate', { token: await admin(), body: { department: c.department } })
  expect(gen.status, JSON.stringify(gen.data)).toBe(200)
  expect(gen.data.generated).toBe(n)
  const list = await json('GET', `/api/v1/transfer-numbers?generated=true&department=${encodeURIComponent(c.department)}`, { token: await admin() })
  expect(list.status).toBe(200)
  const numbers = new Map<string, string>(list.data.items.map((i: { studentNo: string; transferNumber: string }) => [i.studentNo, i.transferNumber]))
  expect(numbers.size).toBe(n)
  return { ...c, numbers }
}
