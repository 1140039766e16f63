/** Building roster sheets for tests: rows in the template's columns, as XLSX, UTF-8 or GBK CSV. */
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { ROSTER_FIELDS, type RosterKey } from '../../src/domain/roster-rules.js'
import { makeIdCard } from '../../src/domain/id-card.js'
import type { TestApp } from '../helpers.js'

export const LABELS = ROSTER_FIELDS.map((f) => f.label)

/** The columns every test row shares; each builder adds who the graduate is. */
export const ROW_DEFAULTS = {
  ethnicity: '01',
  political: '03',
  education: '31',
  department: '计算机学院',
  majorCode: '080901',
  majorName: '计算机科学与技术',
  lengthOfSchooling: '4',
  trainingMode: '1',
  origin: '430104',
  enrolledAt: '202209',
  graduationTime: '202606',
  phone: '13800138000',
  examNo: '',
  majorDirection: '',
  targetedUnit: '',
  urbanRural: '',
  normalStudent: '',
  hardship: '',
  className: '',
  email: '',
  qq: '',
  homeAddress: '',
  homePhone: '',
  homePostcode: '',
  extension1: '',
  extension2: '',
  extension3: '',
  extension4: '',
} satisfies Partial<Record<RosterKey, string>>

let n = 0
export function row(over: Partial<Record<RosterKey, string>> = {}): Record<RosterKey, string> {
  n++
  const sex = n % 2 ? '1' : '2'
  return {
    studentNo: `2022${String(n).padStart(5, '0')}`,
    name: `学生${n}`,
    idCard: makeIdCard(
      '430104',
      `2004${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}`,
      n,
      sex,
    ),
    gender: sex,
    ...ROW_DEFAULTS,
    ...over,
  }
}

export function table(rows: Array<Record<RosterKey, string>>, headers: string[] = LABELS): string[][] {
  const keys = ROSTER_FIELDS.map((f) => f.key)
  return [headers, ...rows.map((r) => keys.map((k) => r[k]))]
}

export async function xlsx(data: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('生源')
  for (const r of data) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

export function csvText(data: string[][]): string {
  return (
    data.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') +
    '\r\n'
  )
}

export const utf8 = (text: string, bom = false) => new Uint8Array(Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8'))
export const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'))

export function form(bytes: Uint8Array, filename: string, extra: Record<string, string> = {}) {
  const fd = new FormData()
  fd.append('file', new File([bytes as Uint8Array<ArrayBuffer>], filename))
  for (const [k, v] of Object.entries(extra)) fd.append(k, v)
  return fd
}

export async function upload(
  t: TestApp,
  token: string,
  bytes: Uint8Array,
  filename: string,
  extra: Record<string, string> = {},
) {
  return t.json('POST', '/api/v1/graduates/import', { token, body: form(bytes, filename, extra) })
}

export async function readXlsx(bytes: ArrayBuffer | Uint8Array, sheet = 0): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  // A Uint8Array may be a view into a larger buffer: hand exceljs only its own bytes.
  await wb.xlsx.load(
    bytes instanceof Uint8Array
      ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
      : bytes,
  )
  const ws = wb.worksheets[sheet]
  const out: string[][] = []
  ws.eachRow((r) => {
    const vals = (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))
    out.push(vals)
  })
  return out
}

/** A browser-like session: cookies kept, the CSRF token read from the last page, forms posted. */
export async function browser(t: TestApp, audience: 'me' | 'admin', username: string, password: string) {
  const jar = new Map<string, string>()
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i), pair.slice(i + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  let csrf = ''
  const read = async (res: Response) => {
    keep(res)
    const text = res.headers.get('content-type')?.includes('text/html') ? await res.text() : ''
    if (text) csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? csrf
    return { res, text }
  }
  const get = async (path: string) =>
    read(await t.app.request(path, { headers: { cookie: cookie(), accept: 'text/html' } }))
  const post = async (path: string, fields: Record<string, string | string[]> | FormData) => {
    let body: URLSearchParams | FormData
    const headers: Record<string, string> = { cookie: cookie(), accept: 'text/html' }
    if (fields instanceof FormData) {
      fields.set('_csrf', csrf)
      body = fields
    } else {
      body = new URLSearchParams()
      body.set('_csrf', csrf)
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    return read(await t.app.request(path, { method: 'POST', headers, body }))
  }
  await get(`/${audience}/login`)
  const r = await post(`/${audience}/login`, { username, password })
  if (r.res.status !== 303) throw new Error(`page login failed: ${r.res.status}`)
  return { get, post }
}
