/**
 * The province's pages in headless Chromium on a phone (390 px): the province signs in through
 * the school picker, creates a school (its admin's password shown once), approves a 生源上报, and
 * reads the statistics with their chart; the school's admin then signs in by picking its school.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD } from '../helpers.js'
import { PHONE, startBrowserHarness, type BrowserHarness } from './harness.js'
import { addSchool, createProvinceApp, graduateOf } from '../province/fixtures.js'

let h: BrowserHarness

beforeAll(async () => {
  h = await startBrowserHarness(await createProvinceApp())
})
afterAll(async () => {
  await h?.close()
})

describe('province pages (Chromium, phone)', () => {
  it('signs in as the province, creates a school, reviews a report and shows the statistics', async () => {
    const a = await addSchool(h.t, '10001', '甲大学')
    await graduateOf(h.t, a)
    await graduateOf(h.t, a)
    const sent = await h.t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })
    expect(sent.status).toBe(201)

    const page = await (await h.context()).newPage()
    await page.goto(`${h.base}/admin/login`)
    // The picker lists the province's own login first, then each school by 院校代码.
    const options = await page.locator('#school option').allTextContents()
    expect(options).toEqual(['省级管理员（广东省）', '10001 甲大学'])
    await page.getByLabel('用户名').fill('province')
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(/\/province$/), page.getByRole('button', { name: '登录' }).click()])
    expect(await page.locator('h1').textContent()).toContain('全省毕业去向统计')
    expect(
      await page.locator('[data-chart="graduates-chart"] rect[data-label="10001 甲大学"]').getAttribute('data-value'),
    ).toBe('2')
    // Nothing scrolls sideways on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)

    // A new school: the admin's password appears once.
    await page.goto(`${h.base}/province/schools`)
    await page.getByLabel('院校代码').fill('10002')
    await page.getByLabel('学校名称').fill('乙大学')
    await page.getByRole('button', { name: '新建' }).click()
    const password = (await page.locator('[data-password]').textContent())!.trim()
    expect(password.length).toBeGreaterThanOrEqual(12)
    expect(await page.locator('table[data-table="schools"]').textContent()).toContain('乙大学')
    await page.reload()
    expect(await page.locator('[data-password]').count()).toBe(0)

    // The report: returning without a reason is refused on the page, approving works.
    await page.goto(`${h.base}/province/reports?status=submitted`)
    const card = page.locator(`[data-report="${sent.data.id}"]`)
    expect(await card.textContent()).toContain('毕业生 2 人')
    await card.getByRole('button', { name: '退回' }).click()
    expect(await page.locator('.alert').first().textContent()).toContain('原因')
    await page.locator(`[data-report="${sent.data.id}"]`).getByRole('button', { name: '通过' }).click()
    expect(await page.locator('.alert.ok').textContent()).toContain('已上报')
    const roster = await h.t.json('GET', '/api/v1/graduates?reported=true', { token: a.token })
    expect(roster.data.total).toBe(2)

    // The new school's admin signs in by picking the school.
    const other = await (await h.context()).newPage()
    await other.goto(`${h.base}/admin/login`)
    await other.selectOption('#school', '10002')
    await other.getByLabel('用户名').fill('admin')
    await other.getByLabel('密码', { exact: true }).fill(password)
    await Promise.all([other.waitForURL(/\/admin$/), other.getByRole('button', { name: '登录' }).click()])
    await page.screenshot({ path: 'test-results/province-reports-phone.png', fullPage: true })
  })
})
