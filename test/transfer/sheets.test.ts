import { afterAll, describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { createTestApp, insertGraduate, loadTestFont, type TestApp } from '../helpers.js'
import { isSubsetName, pdfEmbedsFontFile, pdfFontNames, pdfPageCount, pdfQr, pdfText } from '../pdf-helpers.js'
import { verifyQrSignature } from '../../src/qr-signature.js'
import { workerRenderer, workersBundled, type WorkerPool } from '../../src/platform/node/sheet-pool.js'
import { currentNumber, register } from './fixtures.js'

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer())

async function withNumbers(t: TestApp, names: string[], department = '计算机学院') {
  const out = []
  for (const name of names) {
    const g = await insertGraduate(t, { name, department })
    await register(t, g.id)
    out.push(g)
  }
  const r = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
  expect(r.status).toBe(200)
  return Promise.all(out.map(async (g) => ({ ...g, number: (await currentNumber(t, g.id))! })))
}

describe('GET /api/v1/graduates/{id}/transfer-sheet.pdf', () => {
  it('is an A4 sheet with real CJK text, a signed QR code and a subset font', async () => {
    const t = await createTestApp()
    const [g] = await withNumbers(t, ['王堃镕'])
    const res = await t.request('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`${g.number}_王堃镕.pdf`))
    const pdf = await bytes(res)

    const [text] = await pdfText(pdf)
    for (const s of [
      '毕业生去向登记信息',
      `转递编号：${g.number}`,
      '姓名王堃镕',
      '毕业院校测试大学',
      '毕业时间202606',
      '学制4',
      '专业计算机科学与技术',
      '学历本科生毕业',
      '生源所在地北京市海淀区',
      '毕业去向签就业协议书就业',
      '单位名称北京学信咨询服务有限公司',
      '单位所在地北京市西城区',
      '档案转递类型托管单位接收',
      '北京市海淀区人力资源公共服务中心',
      '户口迁移类型转回生源地',
      '湖北省襄阳市襄城区',
      'http://localhost:8787/verify',
      '2026-12-3123:59:59',
    ])
      expect(text).toContain(s)
    // Never the identity number.
    expect(text).not.toContain(g.idCard)

    const qr = await pdfQr(pdf)
    expect(qr).not.toBeNull()
    const m = /^http:\/\/localhost:8787\/v\/([0-9A-Z]{17})\?s=([A-Za-z0-9_-]+)$/.exec(qr!)
    expect(m?.[1]).toBe(g.number)
    expect(verifyQrSignature(t.deps.secretKey, g.number, m![2])).toBe(true)

    const fonts = pdfFontNames(pdf)
    expect(fonts).toHaveLength(1)
    expect(isSubsetName(fonts[0])).toBe(true)
    expect(fonts[0]).toMatch(/NotoSansSC/)
    expect(pdfEmbedsFontFile(pdf)).toBe(true)
    // A subset, not the 10 MB font.
    expect(pdf.length).toBeLessThan(200_000)

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'transfer.sheet')
      .executeTakeFirstOrThrow()
    expect(audit.target).toBe(`graduate:${g.id}`)
  })

  it('leaves out 户口迁移信息 for a reader without hukou permission', async () => {
    const t = await createTestApp()
    const [g] = await withNumbers(t, ['李雷'])
    const token = await t.createStaff('archivist', {
      role: 'school',
      permissions: { archive: 'ro', hukou: 'none', info: 'none' },
    })
    const res = await t.request('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token })
    expect(res.status).toBe(200)
    const [text] = await pdfText(await bytes(res))
    expect(text).toContain('档案转递信息')
    expect(text).not.toContain('户口迁移信息')
  })

  it('answers 404 without a number, 409 without an approved registration, 404 outside the scope', async () => {
    const t = await createTestApp()
    const [g] = await withNumbers(t, ['韩梅梅'])
    const fresh = await insertGraduate(t, { name: '未生成' })
    await register(t, fresh.id)
    const r1 = await t.json('GET', `/api/v1/graduates/${fresh.id}/transfer-sheet.pdf`, { token: t.adminToken })
    expect(r1.status).toBe(404)
    expect(r1.data.error.message).toContain('尚未生成')
    await t.db.updateTable('registrations').set({ status: 'voided' }).where('graduate_id', '=', g.id).execute()
    expect((await t.json('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: t.adminToken })).status).toBe(
      409,
    )
    await t.db.updateTable('registrations').set({ status: 'approved' }).where('graduate_id', '=', g.id).execute()
    const other = await t.createStaff('fl', { role: 'department', department: '外国语学院' })
    expect((await t.json('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: other })).status).toBe(404)
    expect((await t.json('GET', '/api/v1/graduates/abc/transfer-sheet.pdf', { token: t.adminToken })).status).toBe(400)
  })
})

describe('bulk downloads', () => {
  const names = ['甲一', '乙二', '丙三', '丁/四', '戊五']

  async function zipOf(t: TestApp, qs = '', token = t.adminToken) {
    const res = await t.request('GET', `/api/v1/transfer-sheets.zip${qs}`, { token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.body).toBeInstanceOf(ReadableStream)
    return { count: Number(res.headers.get('x-sheet-count')), files: unzipSync(await bytes(res)) }
  }

  async function checkZip(t: TestApp, gs: Array<{ name: string; number: string }>, files: Record<string, Uint8Array>) {
    const expected = gs.map((g) => `${g.number}_${g.name.replace('/', '_')}.pdf`)
    expect(Object.keys(files).sort()).toEqual([...expected, '转递清单.xlsx'].sort())
    // Each PDF is that graduate's own sheet.
    for (const g of gs) {
      const [text] = await pdfText(files[`${g.number}_${g.name.replace('/', '_')}.pdf`])
      expect(text).toContain(`转递编号：${g.number}`)
      expect(text).toContain(`姓名${g.name}`)
    }
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(files['转递清单.xlsx']) as never)
    const ws = wb.worksheets[0]
    expect(ws.rowCount).toBe(gs.length + 1)
    const listed = new Set<string>()
    for (let i = 2; i <= ws.rowCount; i++) listed.add(String(ws.getRow(i).getCell(11).value))
    expect([...listed].sort()).toEqual(gs.map((g) => g.number).sort())
  }

  it('streams a ZIP of one PDF per graduate named {转递编号}_{姓名}.pdf, with 转递清单.xlsx', async () => {
    const t = await createTestApp()
    const gs = await withNumbers(t, names)
    const outsider = await insertGraduate(t, { name: '没登记' })
    const { count, files } = await zipOf(t)
    expect(count).toBe(5)
    await checkZip(t, gs, files)
    expect(Object.keys(files).some((f) => f.includes(outsider.name))).toBe(false)
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'transfer.export')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detail!)).toMatchObject({ format: 'zip', count: 5 })
  })

  describe('with worker threads', () => {
    let pool: WorkerPool | undefined
    afterAll(async () => pool?.close())

    it('keeps the entries in order and each sheet its own', async () => {
      const t = await createTestApp()
      const many = Array.from({ length: 12 }, (_, i) => `学生${'甲乙丙丁戊己庚辛壬癸子丑'[i]}`)
      const gs = await withNumbers(t, many)
      pool = workerRenderer(await loadTestFont(), { threads: 2 })
      t.deps.sheetRenderer = pool
      const res = await t.request('GET', '/api/v1/transfer-sheets.zip', { token: t.adminToken })
      const files = unzipSync(await bytes(res))
      // Written in graduate order, whatever order the workers finish in.
      expect(Object.keys(files)).toEqual([
        ...gs.sort((a, b) => a.id - b.id).map((g) => `${g.number}_${g.name}.pdf`),
        '转递清单.xlsx',
      ])
      await checkZip(t, gs, files)
      // The workers run the bundled plain-JS module, not the project through tsx.
      expect(await workersBundled()).toBe(true)
    })
  })

  it('honours the filters and the department scope', async () => {
    const t = await createTestApp()
    const cs = await withNumbers(t, ['计一', '计二'], '计算机学院')
    const fl = await withNumbers(t, ['外一'], '外国语学院')
    const dept = await t.createStaff('fl', {
      role: 'department',
      department: '外国语学院',
      permissions: { archive: 'ro' },
    })
    const mine = await zipOf(t, '', dept)
    expect(mine.count).toBe(1)
    await checkZip(t, fl, mine.files)
    const filtered = await zipOf(t, `?department=${encodeURIComponent('计算机学院')}`)
    await checkZip(t, cs, filtered.files)
    const none = await zipOf(t, '?generated=false')
    expect(Object.keys(none.files)).toEqual(['转递清单.xlsx'])
  })

  it('prints one PDF with a page per graduate', async () => {
    const t = await createTestApp()
    const gs = await withNumbers(t, names)
    const res = await t.request('GET', '/api/v1/transfer-sheets.pdf', { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-sheet-count')).toBe('5')
    const pdf = await bytes(res)
    expect(await pdfPageCount(pdf)).toBe(5)
    const pages = await pdfText(pdf)
    const sorted = [...gs].sort((a, b) => a.id - b.id)
    pages.forEach((p, i) => expect(p).toContain(`转递编号：${sorted[i].number}`))
    expect(await pdfQr(pdf, 3)).toContain(`/v/${sorted[2].number}?s=`)
    expect(pdfFontNames(pdf)).toHaveLength(1)

    const empty = await t.request('GET', '/api/v1/transfer-sheets.pdf?generated=false', { token: t.adminToken })
    expect((await pdfText(await bytes(empty)))[0]).toContain('没有符合条件的毕业生')
  })

  it('needs archive permission', async () => {
    const t = await createTestApp()
    const token = await t.createStaff('noarch', { role: 'school', permissions: { archive: 'none' } })
    expect((await t.json('GET', '/api/v1/transfer-sheets.zip', { token })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/transfer-sheets.pdf', { token })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/transfer-sheets.zip')).status).toBe(401)
  })
})
