/**
 * What an outside acceptance suite knows: only /work/shared/contract.md. These helpers build
 * roster sheets with the contract's column headers (§4.2) and walk the documented endpoints to
 * put graduates into the states later sections need. Nothing here writes to the database.
 */
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { expect } from 'vitest'
import { makeIdCard } from '../../src/domain/id-card.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'
import type { TestApp } from '../helpers.js'

/** §4.2 required columns, in the contract's order. */
export const REQUIRED = [
  '学号',
  '姓名',
  '身份证号',
  '性别代码',
  '民族代码',
  '政治面貌代码',
  '学历代码',
  '院系名称',
  '专业代码',
  '专业名称',
  '学制',
  '培养方式代码',
  '生源所在地代码',
  '入学时间',
  '毕业时间',
  '手机号码',
] as const
/** §4.2 optional columns. */
const OPTIONAL = [
  '考生号',
  '专业方向',
  '定向委培单位',
  '城乡生源',
  '师范生类别代码',
  '困难生类别代码',
  '所在班级',
  '电子邮箱',
  'QQ号码',
  '家庭住址',
  '家庭电话',
  '家庭邮编',
] as const
export const HEADERS: string[] = [...REQUIRED, ...OPTIONAL]

export type Row = Record<string, string>

let seq = 0
/** A valid roster row (a unique 学号 and 身份证号 each call), with overrides by column header. */
export function rosterRow(over: Row = {}): Row {
  seq += 1
  const sex = seq % 2 ? '1' : '2'
  const idCard = makeIdCard(
    '110108',
    `2004${String((seq % 12) + 1).padStart(2, '0')}${String((seq % 27) + 1).padStart(2, '0')}`,
    300 + seq,
    sex,
  )
  return {
    学号: `E2E${String(Date.now() % 100000).padStart(5, '0')}${String(seq).padStart(4, '0')}`,
    姓名: `验收${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${seq}`,
    身份证号: idCard,
    性别代码: sex,
    民族代码: '01',
    政治面貌代码: '13',
    学历代码: '31',
    院系名称: '计算机学院',
    专业代码: '080901',
    专业名称: '计算机科学与技术',
    学制: '4',
    培养方式代码: '1',
    生源所在地代码: '110108',
    入学时间: '202209',
    毕业时间: '202606',
    手机号码: '13912345678',
    ...over,
  }
}

export function sheet(rows: Row[], headers: string[] = HEADERS): string[][] {
  return [headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))]
}

export async function toXlsx(data: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of data) ws.addRow(r)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

export function toCsv(data: string[][]): string {
  return (
    data.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') +
    '\r\n'
  )
}
export const utf8Bom = (text: string) => new Uint8Array(Buffer.from('\uFEFF' + text, 'utf8'))
export const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'))

export function fileForm(bytes: Uint8Array, filename: string, type = '') {
  const fd = new FormData()
  fd.append('file', new File([bytes as Uint8Array<ArrayBuffer>], filename, type ? { type } : {}))
  return fd
}

export async function readSheet(bytes: ArrayBuffer | Uint8Array, index = 0): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as ArrayBuffer)
  const ws = wb.worksheets[index]
  const out: string[][] = []
  ws.eachRow({ includeEmpty: false }, (r) => {
    out.push(
      (r.values as unknown[])
        .slice(1)
        .map((v) =>
          v === null || v === undefined
            ? ''
            : typeof v === 'object' && v && 'richText' in v
              ? (v as { richText: { text: string }[] }).richText.map((x) => x.text).join('')
              : String(v),
        ),
    )
  })
  return out
}

export async function importRoster(t: TestApp, token: string, rows: Row[]) {
  const r = await t.json('POST', '/api/v1/graduates/import', {
    token,
    body: fileForm(await toXlsx(sheet(rows)), '生源.xlsx'),
  })
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  expect(r.data.failed, JSON.stringify(r.data.failures)).toBe(0)
  return r.data
}

/** The graduate's id as the roster list shows it (found by 学号 through ?q=). */
export async function graduateId(t: TestApp, studentNo: string): Promise<number> {
  const r = await t.json('GET', `/api/v1/graduates?q=${encodeURIComponent(studentNo)}`, { token: t.adminToken })
  expect(r.status).toBe(200)
  const item = r.data.items.find((i: { studentNo: string }) => i.studentNo === studentNo)
  expect(item, `graduate ${studentNo} in the list`).toBeTruthy()
  return item.id
}

export const NEW_PASSWORD = 'Graduate-2026!'

/** §4.1: 学号 + last six of 身份证号, then the forced change; returns a token for /me calls. */
export async function studentLogin(t: TestApp, r: Row): Promise<string> {
  const first = await t.json('POST', '/api/v1/session', { body: { username: r.学号, password: r.身份证号.slice(-6) } })
  expect(first.status, JSON.stringify(first.data)).toBe(200)
  const changed = await t.json('POST', '/api/v1/me/password', {
    token: first.data.token,
    body: { oldPassword: r.身份证号.slice(-6), newPassword: NEW_PASSWORD },
  })
  expect([200, 204], JSON.stringify(changed.data)).toContain(changed.status)
  const again = await t.json('POST', '/api/v1/session', { body: { username: r.学号, password: NEW_PASSWORD } })
  expect(again.status).toBe(200)
  expect(again.data.user.mustChangePassword).toBe(false)
  return again.data.token
}

const CREDIT_CODE = makeCreditCode('91110108MA01C3XK5')

export const destination = (over: Row = {}) => ({
  type: '签劳动合同就业',
  unitName: '北京验收科技有限公司',
  unitCreditCode: CREDIT_CODE,
  unitNature: '39',
  unitIndustry: '34',
  unitLocation: '110108',
  jobCategory: '13',
  ...over,
})
export const archive = (over: Row = {}) => ({
  transferType: '托管单位接收',
  unitName: '北京市海淀区人力资源公共服务中心',
  unitAddress: '北京市海淀区苏州街36号',
  unitLocation: '110108',
  postcode: '100080',
  contact: '王维',
  phone: '010-82345678',
  ...over,
})
export const hukou = (over: Row = {}) => ({
  migrationType: '托管单位接收',
  location: '110108',
  address: '北京市海淀区苏州街36号',
  ...over,
})

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
  0x1f, 0x15, 0xc4, 0x89,
])

/** Student saves all three parts, uploads a proof, submits; returns the registration JSON. */
export async function submitRegistration(
  t: TestApp,
  token: string,
  body: Record<string, unknown> = { destination: destination(), archive: archive(), hukou: hukou() },
) {
  const put = await t.json('PUT', '/api/v1/me/registration', { token, body })
  expect(put.status, JSON.stringify(put.data)).toBe(200)
  const att = await t.json('POST', '/api/v1/me/registration/attachments', {
    token,
    body: fileForm(PNG, '协议书.png', 'image/png'),
  })
  expect([200, 201], JSON.stringify(att.data)).toContain(att.status)
  const sub = await t.json('POST', '/api/v1/me/registration/submit', { token })
  expect(sub.status, JSON.stringify(sub.data)).toBe(200)
  expect(sub.data.status).toBe('submitted')
  return sub.data
}

/**
 * A graduate imported through the roster, logged in, with a registration the school approved:
 * the starting point of §4.4–§4.7.
 */
export async function approvedGraduate(t: TestApp, over: Row = {}, body?: Record<string, unknown>) {
  const row = rosterRow(over)
  await importRoster(t, t.adminToken, [row])
  const id = await graduateId(t, row.学号)
  const token = await studentLogin(t, row)
  const reg = await submitRegistration(t, token, body)
  const d = await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  expect(d.status, JSON.stringify(d.data)).toBe(200)
  expect(d.data.status).toBe('approved')
  return { row, id, token, registrationId: reg.id as number, name: row.姓名 }
}

/** The error body of contract §4: exactly {"error":{"code","message"}} with a Chinese message. */
export function expectError(r: { status: number; data: any; res: Response }, status: number, code: string) {
  expect(r.status, JSON.stringify(r.data)).toBe(status)
  expect(r.res.headers.get('content-type') ?? '').toContain('application/json')
  expect(r.data?.error?.code, JSON.stringify(r.data)).toBe(code)
  expect(typeof r.data.error.message).toBe('string')
  expect(r.data.error.message).toMatch(/[\u4e00-\u9fff]/)
}

/** Generates transfer numbers for the given graduates and returns each one's current number. */
export async function transferNumbers(t: TestApp, ids: number[]) {
  const gen = await t.json('POST', '/api/v1/transfer-numbers/generate', {
    token: t.adminToken,
    body: { graduateIds: ids },
  })
  expect(gen.status, JSON.stringify(gen.data)).toBe(200)
  const list = await t.json('GET', '/api/v1/transfer-numbers?generated=true', { token: t.adminToken })
  expect(list.status).toBe(200)
  const out = new Map<number, string>()
  for (const i of list.data.items) if (ids.includes(i.graduateId)) out.set(i.graduateId, i.transferNumber)
  return out
}
