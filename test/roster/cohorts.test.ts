/**
 * 届 (contract §6, issue 14 item 5): GET /api/v1/cohorts counts each 届 (the year of 毕业时间) within
 * what the user may see, and names the current one, which turns to next year's on 1 September
 * (Beijing time); the roster list and its export take `cohort=`.
 */
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'

describe('cohorts (届)', () => {
  it('counts each 届 in scope, names the current one, and filters the list and the export', async () => {
    const t = await createTestApp()
    t.clock.set('2026-08-31T15:59:00Z') // 23:59 on 31 August, Beijing time
    const token = await t.login('admin', ADMIN_PASSWORD) // a session of that day
    await insertGraduate(t, { graduation_time: '202606', name: '二六甲' })
    await insertGraduate(t, { graduation_time: '202612', name: '二六乙', department: '外语学院' })
    await insertGraduate(t, { graduation_time: '202506', name: '二五甲' })
    const withdrawn = await insertGraduate(t, { graduation_time: '202706', name: '二七甲' })
    await t.db
      .updateTable('graduates')
      .set({ withdrawn_at: '2026-05-01T00:00:00Z' })
      .where('id', '=', withdrawn.id)
      .execute()

    let r = await t.json('GET', '/api/v1/cohorts', { token })
    expect(r.status).toBe(200)
    expect(r.data).toEqual({
      items: [
        { year: 2026, graduates: 2 },
        { year: 2025, graduates: 1 },
      ],
      current: 2026,
    })
    t.clock.set('2026-08-31T16:00:00Z') // 1 September 00:00 in Beijing
    r = await t.json('GET', '/api/v1/cohorts', { token })
    expect(r.data.current).toBe(2027)

    const list = await t.json('GET', '/api/v1/graduates?cohort=2026', { token })
    expect(list.data.total).toBe(2)
    expect(list.data.items.map((g: { name: string }) => g.name).sort()).toEqual(['二六乙', '二六甲'].sort())
    const old = await t.json('GET', '/api/v1/graduates?cohort=2025', { token })
    expect(old.data.items.map((g: { name: string }) => g.name)).toEqual(['二五甲'])

    const xlsx = await t.request('GET', '/api/v1/graduates.xlsx?cohort=2025', { token })
    expect(xlsx.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.rowCount).toBe(2) // the header and the one graduate of 2025
    expect(JSON.stringify(ws.getRow(2).values)).toContain('二五甲')

    const bad = await t.json('GET', '/api/v1/graduates?cohort=26', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('毕业年份')
  })

  it('a 院系 user counts only its own 院系', async () => {
    const t = await createTestApp()
    await insertGraduate(t, { graduation_time: '202606' })
    await insertGraduate(t, { graduation_time: '202606', department: '外语学院' })
    await insertGraduate(t, { graduation_time: '202506', department: '外语学院' })
    const token = await t.createStaff('waiyu', { department: '外语学院' })
    const r = await t.json('GET', '/api/v1/cohorts', { token })
    expect(r.data.items).toEqual([
      { year: 2026, graduates: 1 },
      { year: 2025, graduates: 1 },
    ])
  })
})
