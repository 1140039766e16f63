/**
 * 届 on the roster's staff pages (contract §6, issue 14 item 5): /admin/roster and the self-check
 * review queue open on the current 届 — or, when the user's scope has no graduates in it, on the
 * newest 届 that has — show an earlier one when asked (cohort=2026) and every 届 with cohort=all;
 * the choice travels in the pager, the export link and the forms. The API lists keep no default:
 * without cohort= they list every 届.
 */
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school(now = AFTER_SWITCH) {
  const t = await createTestApp({ now })
  const old = await insertGraduate(t, { graduation_time: '202606', name: '二六届甲' })
  const fresh = await insertGraduate(t, { graduation_time: '202706', name: '二七届乙' })
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, old, fresh, admin }
}

describe('届 on the roster pages', () => {
  it('the roster list opens on the current 届, shows an earlier one when asked, and all with cohort=all', async () => {
    const { t, admin } = await school()

    let r = await admin.get('/admin/roster')
    expect(r.status).toBe(200)
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    const p = picker(r.html)
    expect(p.selected).toBe('2027')
    expect(p.options).toEqual({ '2027': '2027 届（1 人） · 本届', '2026': '2026 届（1 人）', all: '全部届别' })
    // The export link asks the API for the 届 shown.
    expect(hrefs(r.html, '/api/v1/graduates.xlsx')).toEqual(['/api/v1/graduates.xlsx?cohort=2027'])

    r = await admin.get('/admin/roster?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    expect(picker(r.html).selected).toBe('2026')
    expect(hrefs(r.html, '/api/v1/graduates.xlsx')).toEqual(['/api/v1/graduates.xlsx?cohort=2026'])
    expect(hrefs(r.html, '/admin/roster/corrections')).toContain('/admin/roster/corrections?cohort=2026')

    r = await admin.get('/admin/roster?cohort=all')
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')
    expect(picker(r.html).selected).toBe('all')
    // 全部届别: the export has no cohort, which the API reads as every 届.
    expect(hrefs(r.html, '/api/v1/graduates.xlsx')).toEqual(['/api/v1/graduates.xlsx'])

    // A hand-edited 届 is no 届: the page opens as usual.
    r = await admin.get('/admin/roster?cohort=27')
    expect(r.status).toBe(200)
    expect(picker(r.html).selected).toBe('2027')

    // The API list has no default 届: without cohort= it lists both.
    const token = t.adminToken
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/graduates${q}`, { token })).data.items.map((g: { name: string }) => g.name).sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('?cohort=2026')).toEqual(['二六届甲'])
    expect(await names('?cohort=2027')).toEqual(['二七届乙'])
    const bad = await t.json('GET', '/api/v1/graduates?cohort=all', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')

    const xlsx = await t.request('GET', '/api/v1/graduates.xlsx?cohort=2027', { token })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer)
    const rows = wb.worksheets[0]!.getSheetValues()
      .slice(2)
      .map((v) => JSON.stringify(v))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toContain('二七届乙')

    const cohorts = await t.json('GET', '/api/v1/cohorts', { token })
    expect(cohorts.data).toEqual({
      items: [
        { year: 2027, graduates: 1 },
        { year: 2026, graduates: 1 },
      ],
      current: 2027,
    })
  })

  it('the pager and the selection form keep the 届 shown', async () => {
    const { t, admin } = await school()
    for (let i = 0; i < 21; i++) await insertGraduate(t, { graduation_time: '202606' })
    const r = await admin.get('/admin/roster?cohort=2026')
    expect(r.html).toContain('共 22 人')
    const next = hrefs(r.html, '/admin/roster?').find((h) => h.includes('page=2'))
    expect(next).toBeDefined()
    expect(new URL(next!, 'http://x').searchParams.get('cohort')).toBe('2026')
    expect((await admin.get(next!)).html).toContain('第 2 / 2 页')
    // The accounts form comes back to the same list (its `from`), 届 included.
    expect(/name="from" value="([^"]*)"/.exec(r.html)?.[1]).toContain('cohort=2026')
    const all = await admin.get('/admin/roster?cohort=all')
    const nextAll = hrefs(all.html, '/admin/roster?').find((h) => h.includes('page=2'))
    expect(new URL(nextAll!, 'http://x').searchParams.get('cohort')).toBe('all')
  })

  it('opens on the newest 届 with graduates when the current one has none', async () => {
    // 1 September: the class of 2027 is not imported yet; this summer's graduates stay in view.
    const t = await createTestApp({ now: '2026-08-31T16:00:00Z' })
    await insertGraduate(t, { graduation_time: '202606', name: '二六届甲' })
    await insertGraduate(t, { graduation_time: '202506', name: '二五届丙' })
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    let r = await admin.get('/admin/roster')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二五届丙')
    const p = picker(r.html)
    expect(p.selected).toBe('2026')
    expect(p.options['2027']).toBe('2027 届（0 人） · 本届')
    // So do the reports, which are of one 届 at a time.
    const report = await admin.get('/admin/reports/summary')
    expect(report.html).toContain('<option value="2026" selected="">2026届</option>')
    // The day before, 2026 is the current 届 itself.
    t.clock.set('2026-08-31T15:59:00Z')
    r = await admin.get('/admin/roster')
    expect(picker(r.html).options['2026']).toBe('2026 届（1 人） · 本届')
    expect(picker(r.html).selected).toBe('2026')

    // The withdrawn list opens where its graduates are (an earlier 届 here).
    const gone = await insertGraduate(t, { graduation_time: '202506', name: '二五届丁' })
    await t.db
      .updateTable('graduates')
      .set({ withdrawn_at: t.clock.now.toISOString(), withdrawn_reason: '休学' })
      .where('id', '=', gone.id)
      .execute()
    r = await admin.get('/admin/roster?withdrawn=1')
    expect(picker(r.html).selected).toBe('2025')
    expect(r.html).toContain('二五届丁')
    expect(r.html).not.toContain('二六届甲')
  })

  it('a school with no graduates opens on the current 届', async () => {
    const t = await createTestApp({ now: AFTER_SWITCH })
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const r = await admin.get('/admin/roster')
    expect(picker(r.html)).toEqual({ options: { '2027': '2027 届（0 人） · 本届', all: '全部届别' }, selected: '2027' })
    expect(r.html).toContain('还没有生源数据')
  })

  it('the self-check review queue is per 届, in its page and its API', async () => {
    const { t, old, fresh, admin } = await school()
    const correction = {
      originCode: '430104',
      phone: '13911112222',
      email: 'me@example.cn',
      qq: '123456',
      homeAddress: '长沙市岳麓区',
      homePhone: '',
      urbanRural: '农村',
    }
    for (const g of [old, fresh]) {
      const token = await studentToken(t, g)
      expect((await t.json('POST', '/api/v1/me/roster/corrections', { token, body: correction })).status).toBe(201)
    }
    let r = await admin.get('/admin/roster/corrections')
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2027')
    r = await admin.get('/admin/roster/corrections?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    // The status tabs and the batch form keep it.
    expect(hrefs(r.html, '/admin/roster/corrections?')).toContain(
      '/admin/roster/corrections?status=approved&cohort=2026',
    )
    expect(r.html).toContain('<input type="hidden" name="cohort" value="2026"/>')
    r = await admin.get('/admin/roster/corrections?cohort=all')
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')

    const token = t.adminToken
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/roster-corrections?status=submitted${q}`, { token })).data.items
        .map((i: { name: string }) => i.name)
        .sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('&cohort=2026')).toEqual(['二六届甲'])
    const bad = await t.json('GET', '/api/v1/roster-corrections?cohort=1999', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')

    // A batch decision comes back to the queue of the same 届.
    const id = (await t.json('GET', '/api/v1/roster-corrections?cohort=2026', { token })).data.items[0].id
    const done = await admin.post('/admin/roster/corrections/decisions', {
      ids: String(id),
      decision: 'approve',
      cohort: '2026',
      confirmed: '1',
    })
    expect(done.status).toBe(303)
    expect(done.location).toContain('cohort=2026')
  })
})
