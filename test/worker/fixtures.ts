/**
 * Data for the Workers suite, made the way a school makes it: a roster sheet imported over HTTP,
 * registrations imported from the employment system, numbers generated. Every call uses its own
 * department, student numbers and 身份证号, so tests running side by side never meet.
 */
import { expect } from 'vitest'
import type { RosterKey } from '../../src/domain/roster-rules.js'
import { ROW_DEFAULTS, table as rosterTable, csvText as csv, gbk, xlsx, readXlsx } from '../roster/fixtures.js'
import { REG_HEADERS, registrationRow } from '../registration/fixtures.js'
import { admin, fileForm, idCard, json, unique } from './helpers.js'

export const CSV_TYPE = 'text/csv'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function rosterRow(
  department: string,
  over: Partial<Record<RosterKey, string>> = {},
): Record<RosterKey, string> {
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

/** As the suite's school administrator, or as the holder of `token` (a school of a province). */
export async function importRoster(bytes: Uint8Array, filename: string, type: string, token?: string) {
  return json('POST', '/api/v1/graduates/import', {
    token: token ?? (await admin()),
    body: fileForm(filename, bytes, type),
  })
}

export { registrationRow }

export async function importRegistrations(rows: string[][], format: 'csv' | 'xlsx' = 'csv', token?: string) {
  const data = [REG_HEADERS, ...rows]
  const body =
    format === 'csv'
      ? fileForm('registrations.csv', utf8Bom(csv(data)), CSV_TYPE)
      : fileForm('registrations.xlsx', await xlsx(data), XLSX_TYPE)
  return json('POST', '/api/v1/registrations/import', { token: token ?? (await admin()), body })
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
  const list = await json('GET', `/api/v1/graduates?department=${encodeURIComponent(department)}&pageSize=200`, {
    token: await admin(),
  })
  expect(list.status).toBe(200)
  const ids = new Map<string, number>(
    list.data.items.map((g: { studentNo: string; id: number }) => [g.studentNo, g.id]),
  )
  expect(ids.size).toBe(n)
  return { department, rows, ids }
}

/** The cohort with approved registrations (employment-system upload) and generated 转递编号. */
export async function numbered(n: number, over: Partial<Record<RosterKey, string>> = {}) {
  const c = await cohort(n, over)
  const reg = await importRegistrations(c.rows.map((r) => registrationRow(r.idCard)))
  expect(reg.status, JSON.stringify(reg.data)).toBe(200)
  expect(reg.data.failures).toEqual([])
  const gen = await json('POST', '/api/v1/transfer-numbers/generate', {
    token: await admin(),
    body: { department: c.department },
  })
  expect(gen.status, JSON.stringify(gen.data)).toBe(200)
  expect(gen.data.generated).toBe(n)
  const list = await json(
    'GET',
    `/api/v1/transfer-numbers?generated=true&department=${encodeURIComponent(c.department)}`,
    { token: await admin() },
  )
  expect(list.status).toBe(200)
  const numbers = new Map<string, string>(
    list.data.items.map((i: { studentNo: string; transferNumber: string }) => [i.studentNo, i.transferNumber]),
  )
  expect(numbers.size).toBe(n)
  return { ...c, numbers }
}
