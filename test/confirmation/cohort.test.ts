/**
 * 届 on 登记确认 (contract §6, issue 14 item 5): the list, its export, the reminder export and the
 * 提醒 button, and the statistics are per 届 — the pages open on the current 届, cohort=2026 shows
 * the earlier one, cohort=all both; the API list, exports and statistics filter with cohort= and,
 * without it, cover every 届.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'
import { insertRegistration } from './fixtures.js'
import { pageSession } from '../registration/fixtures.js'
import { readXlsx } from '../roster/fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school() {
  const t = await createTestApp({ now: AFTER_SWITCH })
  const old = await insertGraduate(t, { graduation_time: '202606', name: '二六届甲' })
  const fresh = await insertGraduate(t, { graduation_time: '202706', name: '二七届乙' })
  // Approved registrations, not yet confirmed: 未确认.
  for (const g of [old, fresh]) await insertRegistration(t, g.id)
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, old, fresh, admin }
}

const sheetText = async (res: { arrayBuffer(): Promise<ArrayBuffer> }) =>
  JSON.stringify(await readXlsx(await res.arrayBuffer()))

describe('届 on 登记确认', () => {
  it('the list opens on the current 届; cohort=2026 and all; its forms carry the 届', async () => {
    const { admin } = await school()
    let r = await admin.get('/admin/confirmations')
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2027')

    r = await admin.get('/admin/confirmations?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    // The reminder export's form and the 提醒 form act on the 届 shown; the tabs keep it.
    expect(r.html.match(/<input type="hidden" name="cohort" value="2026"\/>/g)).toHaveLength(2)
    expect(hrefs(r.html, '/admin/confirmations/stats')).toEqual(['/admin/confirmations/stats?cohort=2026'])

    // The filters post (names stay out of the address): 全部届别 there too.
    r = await admin.post('/admin/confirmations', { cohort: 'all', page: '1' })
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')
    expect(picker(r.html).selected).toBe('all')
  })

  it('the page exports and the 提醒 button follow the 届 posted', async () => {
    const { t, admin, old, fresh } = await school()
    // The page's exports (posted forms): what they held is in the audit log.
    expect((await admin.post('/admin/confirmations/export', { cohort: '2026' })).status).toBe(200)
    expect((await admin.post('/admin/confirmations/reminders', { scope: 'all', cohort: 'all' })).status).toBe(200)
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'in', ['confirmation.list.export', 'confirmation.reminders.export'])
      .orderBy('id')
      .execute()
    expect(audited.map((a) => [a.action, JSON.parse(a.detail!)])).toEqual([
      ['confirmation.list.export', expect.objectContaining({ rows: 1, cohort: 2026 })],
      ['confirmation.reminders.export', expect.objectContaining({ rows: 2, cohort: null })],
    ])

    // Through the API, which the same workbook code serves: cohort= filters, absent is every 届.
    const token = t.adminToken
    let x = await sheetText(await t.request('GET', '/api/v1/confirmations.xlsx?cohort=2026', { token }))
    expect(x).toContain('二六届甲')
    expect(x).not.toContain('二七届乙')
    x = await sheetText(await t.request('GET', '/api/v1/confirmations.xlsx', { token }))
    expect(x).toContain('二六届甲')
    expect(x).toContain('二七届乙')
    x = await sheetText(
      await t.request('POST', '/api/v1/confirmations/reminders.xlsx', { token, body: { cohort: 2027 } }),
    )
    expect(x).toContain('二七届乙')
    expect(x).not.toContain('二六届甲')

    // The 提醒 button reminds the 届 shown, and comes back to it.
    const sent = await admin.post('/admin/confirmations/notify', { state: '未确认', cohort: '2026' })
    expect(sent.status).toBe(303)
    expect(sent.location).toContain('cohort=2026')
    expect(sent.location).toContain('reminded=1')
    const logged = await t.db.selectFrom('reminder_log').select('graduate_id').execute()
    expect(logged.map((l) => l.graduate_id)).toEqual([old.id])
    const api = await t.json('POST', '/api/v1/confirmations/reminders', { token, body: { cohort: 2027 } })
    expect(api.data).toMatchObject({ notified: 1, selected: 1 })
    expect(
      (await t.db.selectFrom('reminder_log').select('graduate_id').execute()).map((l) => l.graduate_id).sort(),
    ).toEqual([old.id, fresh.id].sort())
  })

  it('the statistics are per 届, in the page, the API and its export', async () => {
    const { t, admin } = await school()
    const cell = (html: string, row: string) => new RegExp(`data-row="${row}" data-col="总数">(\\d+)<`).exec(html)?.[1]
    let r = await admin.get('/admin/confirmations/stats')
    expect(picker(r.html).selected).toBe('2027')
    expect(cell(r.html, '未确认')).toBe('1')
    expect(hrefs(r.html, '/api/v1/confirmations/stats.xlsx')).toEqual(['/api/v1/confirmations/stats.xlsx?cohort=2027'])
    r = await admin.get('/admin/confirmations/stats?cohort=all')
    expect(cell(r.html, '未确认')).toBe('2')
    expect(hrefs(r.html, '/api/v1/confirmations/stats.xlsx')).toEqual(['/api/v1/confirmations/stats.xlsx'])

    const token = t.adminToken
    const total = async (q: string) =>
      (await t.json('GET', `/api/v1/confirmations/stats${q}`, { token })).data.rows['未确认']['总数']
    expect(await total('')).toBe(2)
    expect(await total('?cohort=2026')).toBe(1)
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/confirmations${q}`, { token })).data.items
        .map((i: { name: string }) => i.name)
        .sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('?cohort=2027')).toEqual(['二七届乙'])
    const bad = await t.json('GET', '/api/v1/confirmations?cohort=x', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')
  })
})
