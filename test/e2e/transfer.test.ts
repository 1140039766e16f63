/** Acceptance walk through contract §2, §3 and §4.5 (transfer numbers and sheets), as an outsider. */
import { describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { pdfPageCount, pdfQr, pdfText } from '../pdf-helpers.js'
import {
  approvedGraduate,
  archive,
  destination,
  expectError,
  hukou,
  importRoster,
  graduateId,
  readSheet,
  rosterRow,
  studentLogin,
  submitRegistration,
  transferNumbers,
} from './outsider.js'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const ITEM_KEYS = [
  'graduateId',
  'studentNo',
  'name',
  'department',
  'graduationTime',
  'archiveTransferType',
  'archiveUnitName',
  'transferNumber',
  'generatedAt',
  'stale',
]

describe('§4.5 transfer numbers', () => {
  it('generate: generated / unchanged / regenerated / ineligible; the old number answers superseded', async () => {
    const t = await createTestApp()
    const a = await approvedGraduate(t)
    const b = await approvedGraduate(t, { 院系名称: '数学学院' })
    // A third graduate only submitted: not eligible.
    const c = rosterRow()
    await importRoster(t, t.adminToken, [c])
    const cid = await graduateId(t, c.学号)
    await submitRegistration(t, await studentLogin(t, c))

    const before = await t.json('GET', '/api/v1/transfer-numbers?generated=false', { token: t.adminToken })
    expect(before.status).toBe(200)
    expect(before.data.items.map((i: any) => i.graduateId).sort()).toEqual([a.id, b.id, cid].sort())

    const first = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(first.status, JSON.stringify(first.data)).toBe(200)
    expect(first.data).toEqual({ generated: 2, regenerated: 0, unchanged: 0, ineligible: 1 })

    const list = await t.json('GET', '/api/v1/transfer-numbers?generated=true', { token: t.adminToken })
    expect(list.status).toBe(200)
    expect(list.data.total).toBe(2)
    for (const i of list.data.items) {
      expect(Object.keys(i).sort()).toEqual(expect.arrayContaining(ITEM_KEYS.sort()))
      expect(i.transferNumber).toMatch(new RegExp(`^2610001[${ALPHABET}]{10}$`))
      expect(i.stale).toBe(false)
      expect(i.archiveTransferType).toBe('托管单位接收')
      expect(i.archiveUnitName).toBe(archive().unitName)
      expect(i.graduationTime).toBe('202606')
      expect(Number.isNaN(Date.parse(i.generatedAt))).toBe(false)
      expect(JSON.stringify(i)).not.toContain(a.row.身份证号)
    }
    const numA = list.data.items.find((i: any) => i.graduateId === a.id).transferNumber
    const numB = list.data.items.find((i: any) => i.graduateId === b.id).transferNumber
    expect(numA).not.toBe(numB)
    const notYet = await t.json('GET', '/api/v1/transfer-numbers?generated=false', { token: t.adminToken })
    expect(notYet.data.items.map((i: any) => i.graduateId)).toEqual([cid])
    expect(notYet.data.items[0].transferNumber).toBeNull()
    const dept = await t.json('GET', `/api/v1/transfer-numbers?department=${encodeURIComponent('数学学院')}`, {
      token: t.adminToken,
    })
    expect(dept.data.items.map((i: any) => i.graduateId)).toEqual([b.id])
    const q = await t.json('GET', `/api/v1/transfer-numbers?q=${encodeURIComponent(a.name)}`, { token: t.adminToken })
    expect(q.data.items.map((i: any) => i.graduateId)).toEqual([a.id])

    const second = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(second.data).toEqual({ generated: 0, regenerated: 0, unchanged: 2, ineligible: 1 })

    // The school changes A's archive: A is stale until regenerated.
    const put = await t.json('PUT', `/api/v1/graduates/${a.id}/registration`, {
      token: t.adminToken,
      body: {
        destination: destination(),
        archive: archive({ unitName: '北京市朝阳区人才服务中心', unitLocation: '110105' }),
        hukou: hukou(),
      },
    })
    expect(put.status, JSON.stringify(put.data)).toBe(200)
    const stale = await t.json('GET', '/api/v1/transfer-numbers?stale=true', { token: t.adminToken })
    expect(stale.data.items.map((i: any) => i.graduateId)).toEqual([a.id])
    expect(stale.data.items[0].stale).toBe(true)
    const fresh = await t.json('GET', '/api/v1/transfer-numbers?stale=false&generated=true', { token: t.adminToken })
    expect(fresh.data.items.map((i: any) => i.graduateId)).toEqual([b.id])

    // Only A (by id): regenerated; B untouched.
    const third = await t.json('POST', '/api/v1/transfer-numbers/generate', {
      token: t.adminToken,
      body: { graduateIds: [a.id] },
    })
    expect(third.data).toEqual({ generated: 0, regenerated: 1, unchanged: 0, ineligible: 0 })
    const after = await t.json('GET', '/api/v1/transfer-numbers?generated=true', { token: t.adminToken })
    const newA = after.data.items.find((i: any) => i.graduateId === a.id).transferNumber
    expect(newA).not.toBe(numA)
    expect(after.data.items.find((i: any) => i.graduateId === b.id).transferNumber).toBe(numB)

    const old = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: a.name, number: numA } })
    expectError(old, 410, 'superseded')
    const now = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: a.name, number: newA } })
    expect(now.status, JSON.stringify(now.data)).toBe(200)
    expect(now.data.archive.unitName).toBe('北京市朝阳区人才服务中心')

    // By 院系.
    const byDept = await t.json('POST', '/api/v1/transfer-numbers/generate', {
      token: t.adminToken,
      body: { department: '数学学院' },
    })
    expect(byDept.data).toEqual({ generated: 0, regenerated: 0, unchanged: 1, ineligible: 0 })

    // Past the window, a graduate is still eligible.
    t.clock.set('2027-03-01T10:00:00+08:00')
    const admin = await t.login('admin', ADMIN_PASSWORD) // sessions do not last months
    const put2 = await t.json('PUT', `/api/v1/graduates/${b.id}/registration`, {
      token: admin,
      body: { destination: destination({ unitName: '北京再变一次有限公司' }), archive: archive(), hukou: hukou() },
    })
    expect(put2.status).toBe(200)
    const late = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: admin, body: {} })
    expect(late.data).toEqual({ generated: 0, regenerated: 1, unchanged: 1, ineligible: 1 })
  })

  it('empty query parameters, as the contract writes them (?generated=&stale=&department=&q=), mean no filter', async () => {
    const t = await createTestApp()
    const a = await approvedGraduate(t)
    await approvedGraduate(t, { 院系名称: '数学学院' })
    await transferNumbers(t, [a.id])
    const blank = await t.json('GET', '/api/v1/transfer-numbers?generated=&stale=&department=&q=', {
      token: t.adminToken,
    })
    expect(blank.status, JSON.stringify(blank.data)).toBe(200)
    expect(blank.data.total).toBe(2)
    for (const path of [
      '/api/v1/transfer-numbers.xlsx',
      '/api/v1/transfer-sheets.pdf',
      '/api/v1/transfer-sheets.zip',
    ]) {
      const res = await t.request('GET', `${path}?generated=&stale=&department=&q=`, { token: t.adminToken })
      expect(res.status, path).toBe(200)
      await res.arrayBuffer()
    }
  })

  it('access: students cannot, bad input → 400', async () => {
    const t = await createTestApp()
    const a = await approvedGraduate(t)
    expectError(
      await t.json('POST', '/api/v1/transfer-numbers/generate', { token: a.token, body: {} }),
      403,
      'forbidden',
    )
    expectError(await t.json('GET', '/api/v1/transfer-numbers', { token: a.token }), 403, 'forbidden')
    expectError(await t.json('POST', '/api/v1/transfer-numbers/generate', { body: {} }), 401, 'unauthorized')
    expectError(
      await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: { graduateIds: 'all' } }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('GET', '/api/v1/transfer-numbers?generated=maybe', { token: t.adminToken }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('GET', '/api/v1/graduates/999999/transfer-sheet.pdf', { token: t.adminToken }),
      404,
      'not_found',
    )
  })

  it('xlsx list, one sheet, the ZIP and the print PDF', async () => {
    const t = await createTestApp()
    const a = await approvedGraduate(t)
    const b = await approvedGraduate(t, { 姓名: '欧阳·娜娜' })
    const gen = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(gen.data.generated).toBe(2)
    const list = await t.json('GET', '/api/v1/transfer-numbers', { token: t.adminToken })
    const numberOf = (id: number) => list.data.items.find((i: any) => i.graduateId === id).transferNumber as string

    const x = await t.request('GET', '/api/v1/transfer-numbers.xlsx?generated=true', { token: t.adminToken })
    expect(x.status).toBe(200)
    expect(x.headers.get('content-type')).toContain(XLSX)
    const rows = await readSheet(await x.arrayBuffer())
    const flat = rows.flat().join('|')
    expect(flat).toContain(numberOf(a.id))
    expect(flat).toContain(numberOf(b.id))
    expect(rows.length).toBe(3)

    const one = await t.request('GET', `/api/v1/graduates/${a.id}/transfer-sheet.pdf`, { token: t.adminToken })
    expect(one.status).toBe(200)
    expect(one.headers.get('content-type')).toBe('application/pdf')
    const pdf = new Uint8Array(await one.arrayBuffer())
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    const text = (await pdfText(pdf)).join('\n').replace(/\s+/g, '')
    for (const s of ['毕业生去向登记信息', numberOf(a.id), a.name, '测试大学', '2026-12-31', '北京市海淀区'])
      expect(text, s).toContain(s)
    expect(text).not.toContain(a.row.身份证号)
    const qr = await pdfQr(pdf)
    expect(qr).toMatch(new RegExp(`^http://localhost:8787/v/${numberOf(a.id)}\\?s=.+`))
    // The QR link opens the result without a name.
    const page = await t.app.request(qr!.replace('http://localhost:8787', ''), { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(a.name)

    const zip = await t.request('GET', '/api/v1/transfer-sheets.zip', { token: t.adminToken })
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()))
    expect(Object.keys(files).sort()).toEqual(
      [`${numberOf(a.id)}_${a.name}.pdf`, `${numberOf(b.id)}_${b.name}.pdf`, '转递清单.xlsx'].sort(),
    )
    expect(new TextDecoder().decode(files[`${numberOf(b.id)}_${b.name}.pdf`].slice(0, 5))).toBe('%PDF-')
    const manifest = await readSheet(files['转递清单.xlsx'])
    expect(manifest.flat().join('|')).toContain(numberOf(b.id))

    const print = await t.request('GET', '/api/v1/transfer-sheets.pdf', { token: t.adminToken })
    expect(print.status).toBe(200)
    expect(print.headers.get('content-type')).toBe('application/pdf')
    expect(await pdfPageCount(new Uint8Array(await print.arrayBuffer()))).toBe(2)
  })
})
