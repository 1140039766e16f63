/**
 * 届 on the staff home page (contract §6, issue 14 item 5): its counts and charts are of the
 * current 届 when it opens, of 2026 with cohort=2026 and of every 届 with cohort=all; its links
 * and chart exports carry the 届. GET /api/v1/dashboard and charts.xlsx take cohort= and, without
 * it, count every 届.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'
import { DESTINATION, insertRegistration } from '../confirmation/fixtures.js'
import { pageSession } from '../registration/fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school() {
  const t = await createTestApp({ now: AFTER_SWITCH })
  const add = async (graduation_time: string, status: 'approved' | 'submitted', type: string) => {
    const g = await insertGraduate(t, { graduation_time })
    await insertRegistration(t, g.id, { status, destination: { ...DESTINATION, type } })
  }
  await add('202606', 'approved', '签就业协议书就业')
  await add('202606', 'submitted', '签就业协议书就业')
  await add('202706', 'approved', '境内升学')
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, admin }
}

const stat = (html: string, name: string) =>
  new RegExp(`data-stat="${name}">[\\s\\S]*?<div class="n">([^<]*)</div>`).exec(html)?.[1]

describe('届 on the dashboard', () => {
  it('the page counts the current 届 when it opens, 2026 when asked, every 届 with cohort=all', async () => {
    const { admin } = await school()
    let r = await admin.get('/admin')
    expect(r.status).toBe(200)
    expect(picker(r.html).selected).toBe('2027')
    expect(stat(r.html, 'pending')).toBe('0')
    expect(stat(r.html, 'rate')).toBe('100%')
    expect(r.html).toContain('2027届就业账户激活率')
    expect(hrefs(r.html, '/api/v1/dashboard/charts.xlsx')).toContain(
      '/api/v1/dashboard/charts.xlsx?chart=byCategory&cohort=2027',
    )
    expect(hrefs(r.html, '/api/v1/dashboard/charts.xlsx')).toContain('/api/v1/dashboard/charts.xlsx?cohort=2027')
    expect(hrefs(r.html, '/admin/registrations?')).toEqual(['/admin/registrations?status=pending&cohort=2027'])
    expect(hrefs(r.html, '/admin/confirmations?state=')).toContain(
      `/admin/confirmations?state=${encodeURIComponent('未确认')}&cohort=2027`,
    )

    r = await admin.get('/admin?cohort=2026')
    expect(picker(r.html).selected).toBe('2026')
    expect(stat(r.html, 'pending')).toBe('1')
    expect(stat(r.html, 'rate')).toBe('50%')
    expect(r.html).toContain('2026届就业账户激活率')
    expect(hrefs(r.html, '/admin/reports/summary')).toEqual(['/admin/reports/summary?cohort=2026'])

    r = await admin.get('/admin?cohort=all')
    expect(picker(r.html).selected).toBe('all')
    expect(stat(r.html, 'pending')).toBe('1')
    expect(stat(r.html, 'rate')).toBe('66.7%')
    // 就业账户激活 is per 届: not shown for 全部届别.
    expect(r.html).not.toContain('就业账户激活率')
    expect(hrefs(r.html, '/api/v1/dashboard/charts.xlsx')).toContain('/api/v1/dashboard/charts.xlsx?chart=byCategory')
    expect(hrefs(r.html, '/admin/registrations?')).toEqual(['/admin/registrations?status=pending&cohort=all'])
  })

  it('the API counts every 届 without cohort=, one with it, and its export says which', async () => {
    const { t } = await school()
    const token = t.adminToken
    let r = await t.json('GET', '/api/v1/dashboard', { token })
    expect(r.data.cohort).toBeNull()
    expect(r.data.confirmation['总数']).toBe(3)
    expect(r.data.pendingReviews.submitted).toBe(1)
    r = await t.json('GET', '/api/v1/dashboard?cohort=2027', { token })
    expect(r.data.cohort).toBe(2027)
    expect(r.data.confirmation['总数']).toBe(1)
    expect(r.data.pendingReviews.submitted).toBe(0)
    expect(r.data.charts.placementTotal).toEqual({ label: '合计', placed: 1, total: 1, rate: 100 })
    r = await t.json('GET', '/api/v1/dashboard?cohort=2026', { token })
    expect(r.data.confirmation['总数']).toBe(2)
    expect(r.data.pendingReviews.submitted).toBe(1)
    const bad = await t.json('GET', '/api/v1/dashboard?cohort=next', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')

    const res = await t.request('GET', '/api/v1/dashboard/charts.xlsx?chart=placementRate&cohort=2026', { token })
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const rows: unknown[][] = []
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows[0]).toEqual(['各院系去向落实率（全校2026届）'])
    expect(rows.at(-1)).toEqual(['合计', 1, 2, 50])
  })
})
