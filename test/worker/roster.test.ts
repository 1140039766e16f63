/**
 * Roster and registration imports in workerd: CSV as UTF-8 with BOM and as GBK (iconv-lite),
 * XLSX through exceljs's streaming reader, the failure table written back as XLSX, multi-row
 * writes as D1 batches, and the employment-system registration upload.
 */
import { describe, expect, it } from 'vitest'
import { admin, binary, json } from './helpers.js'
import {
  CSV_TYPE,
  XLSX_TYPE,
  csv,
  gbk,
  importRegistrations,
  importRoster,
  readXlsx,
  registrationRow,
  rosterRow,
  rosterTable,
  utf8Bom,
  xlsx,
  cohort,
} from './fixtures.js'
import { unique } from './helpers.js'

const dept = () => `导入学院${unique()}`

describe('Worker: roster import', () => {
  it('imports a UTF-8 CSV, keeps the valid rows and serves the failure table as XLSX', async () => {
    const d = dept()
    const good = [rosterRow(d), rosterRow(d)]
    const badCard = rosterRow(d)
    badCard.idCard = badCard.idCard.slice(0, 17) + (badCard.idCard[17] === '1' ? '2' : '1')
    const r = await importRoster(utf8Bom(csv(rosterTable([good[0], badCard, good[1]]))), '生源.csv', CSV_TYPE)
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data).toMatchObject({ total: 3, created: 2, updated: 0, failed: 1 })
    expect(r.data.failures).toHaveLength(1)
    expect(r.data.failures[0].row).toBe(3)
    expect(r.data.failures[0].reason).toContain('身份证号')

    const table = await binary('GET', `/api/v1/graduates/import/${r.data.importId}/failures.xlsx`, {
      token: await admin(),
    })
    expect(table.status).toBe(200)
    const rows = await readXlsx(table.bytes)
    expect(rows[0].at(-1)).toBe('失败原因')
    expect(rows[1]).toContain(badCard.studentNo)
    expect(rows[1].at(-1)).toContain('身份证号')

    const list = await json('GET', `/api/v1/graduates?department=${encodeURIComponent(d)}`, { token: await admin() })
    expect(list.data.total).toBe(2)
    expect(list.data.items.map((g: { name: string }) => g.name).sort()).toEqual(good.map((g) => g.name).sort())
  })

  it('imports a GBK CSV (as Excel saves it on Chinese Windows) with the names intact', async () => {
    const d = dept()
    const rows = [rosterRow(d, { name: '欧阳娜娜' }), rosterRow(d, { name: '张 伟' })]
    const r = await importRoster(gbk(csv(rosterTable(rows))), '生源-gbk.csv', CSV_TYPE)
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data).toMatchObject({ created: 2, failed: 0 })
    const list = await json('GET', `/api/v1/graduates?department=${encodeURIComponent(d)}`, { token: await admin() })
    expect(list.data.items.map((g: { name: string }) => g.name)).toContain('欧阳娜娜')
  })

  it('imports an XLSX and upserts by 身份证号 on the second upload', async () => {
    const d = dept()
    const rows = [rosterRow(d), rosterRow(d), rosterRow(d)]
    const first = await importRoster(await xlsx(rosterTable(rows)), '生源.xlsx', XLSX_TYPE)
    expect(first.status, JSON.stringify(first.data)).toBe(200)
    expect(first.data).toMatchObject({ total: 3, created: 3, updated: 0, failed: 0 })

    rows[1].majorName = '软件工程'
    rows[1].majorCode = '080902'
    const second = await importRoster(await xlsx(rosterTable(rows)), '生源.xlsx', XLSX_TYPE)
    expect(second.status).toBe(200)
    expect(second.data.created).toBe(0)
    expect(second.data.failed).toBe(0)
    expect(second.data.updated).toBeGreaterThanOrEqual(1)
    const list = await json('GET', `/api/v1/graduates?department=${encodeURIComponent(d)}`, { token: await admin() })
    expect(list.data.total).toBe(3)
    expect(list.data.items.find((g: { studentNo: string }) => g.studentNo === rows[1].studentNo).major).toBe('软件工程')
  })

  it('serves the template and the code tables as workbooks', async () => {
    const t = await binary('GET', '/api/v1/graduates/template.xlsx', { token: await admin() })
    expect(t.status).toBe(200)
    expect(t.res.headers.get('content-type')).toContain('spreadsheetml')
    const header = (await readXlsx(t.bytes))[0]
    expect(header).toEqual(expect.arrayContaining(['学号', '姓名', '身份证号', '毕业时间']))
    const codes = await binary('GET', '/api/v1/codes.xlsx', { token: await admin() })
    expect(codes.status).toBe(200)
    expect(codes.bytes.length).toBeGreaterThan(1000)
  })
})

describe('Worker: registration import (就业管理系统上传)', () => {
  it('approves valid rows at once and reports the bad ones', async () => {
    const c = await cohort(2)
    const bad = registrationRow(c.rows[1].idCard, { 统一社会信用代码: '91110108MA01C3XK5X' })
    const r = await importRegistrations([registrationRow(c.rows[0].idCard), bad], 'xlsx')
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data).toMatchObject({ total: 2, failed: 1 })
    expect(r.data.created + r.data.updated).toBe(1)
    expect(r.data.failures[0].row).toBe(3)
    expect(r.data.failures[0].reason).toContain('统一社会信用代码')

    const list = await json(
      'GET',
      `/api/v1/registrations?status=approved&department=${encodeURIComponent(c.department)}`,
      { token: await admin() },
    )
    expect(list.status).toBe(200)
    const mine = list.data.items.filter((i: { department: string }) => i.department === c.department)
    expect(mine).toHaveLength(1)
    expect(mine[0].source).toBe('就业管理系统上传')
  })
})
