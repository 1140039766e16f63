/**
 * Documents in workerd: the sheet PDF (pdfkit's browser build with Helvetica registered, the CJK
 * font bundled as a Data module, the QR code as vector squares) read back as text and its QR
 * decoded; the streamed ZIP of sheets with the list workbook; one PDF of many pages; the
 * graduate's 核验编号 report; and an attachment stored in R2 and read back.
 */
import { describe, expect, it } from 'vitest'
import { unzipSync, strFromU8 } from 'fflate'
import { admin, binary, fileForm, json, login, request } from './helpers.js'
import { cohort, numbered, readXlsx } from './fixtures.js'
import { pdfPageCount, pdfQr, pdfText, pdfFontNames } from '../pdf-helpers.js'

describe('Worker: transfer sheets', () => {
  it('renders one sheet with real Chinese text and a QR code that opens the result page', async () => {
    const c = await numbered(1, { name: '欧阳堃' })
    const g = c.rows[0]
    const number = c.numbers.get(g.studentNo)!
    const id = c.ids.get(g.studentNo)!
    const pdf = await binary('GET', `/api/v1/graduates/${id}/transfer-sheet.pdf`, { token: await admin() })
    expect(pdf.status).toBe(200)
    expect(pdf.res.headers.get('content-type')).toContain('application/pdf')
    const [text] = await pdfText(pdf.bytes)
    expect(text).toContain('毕业生去向登记信息')
    expect(text).toContain(number)
    expect(text).toContain(g.name)
    expect(text).toContain('北京市海淀区人力资源公共服务中心')
    expect(pdfFontNames(pdf.bytes).some((f) => /NotoSansSC/.test(f))).toBe(true)

    const qr = await pdfQr(pdf.bytes)
    expect(qr).toMatch(new RegExp(`^http://localhost:8787/v/${number}\\?s=[A-Za-z0-9_-]+$`))
    const page = await request('GET', qr!.replace('http://localhost:8787', ''), { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(g.name)
  })

  it('streams a ZIP of one PDF per graduate with the list workbook, and one PDF of all pages', async () => {
    const c = await numbered(2)
    const q = `department=${encodeURIComponent(c.department)}`
    const zip = await binary('GET', `/api/v1/transfer-sheets.zip?${q}`, { token: await admin() })
    expect(zip.status).toBe(200)
    expect(zip.res.headers.get('x-sheet-count')).toBe('2')
    const files = unzipSync(zip.bytes)
    const names = Object.keys(files).sort()
    const expected = c.rows.map((r) => `${c.numbers.get(r.studentNo)}_${r.name}.pdf`).sort()
    expect(names).toEqual([...expected, '转递清单.xlsx'].sort())
    const [text] = await pdfText(files[expected[0]])
    expect(text).toContain(expected[0].split('_')[0])
    const list = await readXlsx(files['转递清单.xlsx'])
    expect(list.length).toBe(3)

    const all = await binary('GET', `/api/v1/transfer-sheets.pdf?${q}`, { token: await admin() })
    expect(all.status).toBe(200)
    expect(await pdfPageCount(all.bytes)).toBe(2)
    expect(strFromU8(all.bytes.subarray(0, 5))).toBe('%PDF-')
  })
})

describe('Worker: the graduate', () => {
  it('authorizes a 核验编号 and downloads its report', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const first = await login(g.studentNo, g.idCard.slice(-6))
    expect(
      (
        await json('POST', '/api/v1/me/password', {
          token: first,
          body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-2' },
        })
      ).status,
    ).toBe(200)
    const token = await login(g.studentNo, 'worker-pass-2')

    const grant = await json('POST', '/api/v1/me/verification-grants', { token, body: { password: 'worker-pass-2' } })
    expect(grant.status, JSON.stringify(grant.data)).toBe(201)
    expect(grant.data.number).toMatch(/^26\d{5}[2-9A-HJ-NP-Z]{8}$/)
    const report = await binary('GET', grant.data.reportUrl, { token })
    expect(report.status).toBe(200)
    const [text] = await pdfText(report.bytes)
    expect(text).toContain(grant.data.number)
    expect(text).toContain(g.name)
  })

  it('keeps a proof attachment in R2 and gives it back byte for byte', async () => {
    const c = await cohort(1)
    const g = c.rows[0]
    const first = await login(g.studentNo, g.idCard.slice(-6))
    expect(
      (
        await json('POST', '/api/v1/me/password', {
          token: first,
          body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-3' },
        })
      ).status,
    ).toBe(200)
    const token = await login(g.studentNo, 'worker-pass-3')
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3, 4, 250, 251,
    ])
    const up = await json('POST', '/api/v1/me/registration/attachments', {
      token,
      body: fileForm('proof.png', png, 'image/png'),
    })
    expect(up.status, JSON.stringify(up.data)).toBe(201)
    const back = await binary('GET', `/api/v1/me/registration/attachments/${up.data.id}`, { token })
    expect(back.status).toBe(200)
    expect([...back.bytes]).toEqual([...png])
    const del = await request('DELETE', `/api/v1/me/registration/attachments/${up.data.id}`, { token })
    expect(del.status).toBe(204)
    expect((await binary('GET', `/api/v1/me/registration/attachments/${up.data.id}`, { token })).status).toBe(404)
    // The 档案 image (seed 004 §2.10) through D1's part column (migration 0009) and the same port.
    const form = fileForm('调档函.png', png, 'image/png')
    form.append('part', 'archive')
    const img = await json('POST', '/api/v1/me/registration/attachments', { token, body: form })
    expect(img.status, JSON.stringify(img.data)).toBe(201)
    expect(img.data.part).toBe('archive')
    const listed = await json('GET', '/api/v1/me/registration/attachments?part=archive', { token })
    expect(listed.data.items.map((a: { id: string }) => a.id)).toEqual([img.data.id])
    const again = await binary('GET', `/api/v1/me/registration/attachments/${img.data.id}`, { token })
    expect([...again.bytes]).toEqual([...png])
  })
})
