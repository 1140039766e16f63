/**
 * 按生源地预填 on the demo school in Chromium (issue 13 §12), on a phone: with JavaScript, choosing
 * 转回生源地 for the 档案 fills the unit of the graduate's county from the demo's 名录, and for the 户口
 * fills the 户口迁移所在地 (its 当前 hint following) and 地址 from the 生源地; without JavaScript the
 * 按生源地预填 buttons do the same, keeping what was typed. A county the 名录 lacks is said in place,
 * as a neutral notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createTestApp, studentToken } from '../helpers.js'
import { startBrowserHarness, type BrowserHarness } from './harness.js'
import { loadDemo } from '../../src/demo/load.js'
import { divisionName } from '../../src/domain/divisions.js'

let h: BrowserHarness

beforeAll(async () => {
  const t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
  h = await startBrowserHarness(t)
}, 120_000)

afterAll(() => h.close())

/** The next demo graduate with no registration, on /me/registration in a new context. */
let taken = 0
async function demoGraduatePage(javaScriptEnabled: boolean) {
  const g = await h.t.db
    .selectFrom('graduates')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .select([
      'graduates.student_no',
      'graduates.id_card',
      'graduates.origin_code',
      'graduates.home_address',
      'graduates.school_id',
    ])
    .where('registrations.id', 'is', null)
    .where('graduates.withdrawn_at', 'is', null)
    .orderBy('graduates.id')
    .limit(1)
    .offset(taken++)
    .executeTakeFirstOrThrow()
  await studentToken(h.t, { studentNo: g.student_no, firstPassword: g.id_card.slice(-6) })
  const page: Page = await (await h.context({ javaScriptEnabled })).newPage()
  await page.goto(`${h.base}/me/login`)
  await page.getByLabel('学号').fill(g.student_no)
  await page.getByLabel('密码', { exact: true }).fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])
  await page.goto(`${h.base}/me/registration`)
  const unit = await h.t.db
    .selectFrom('archive_units')
    .selectAll()
    .where('school_id', '=', g.school_id)
    .where('division_code', '=', g.origin_code)
    .executeTakeFirst()
  return { page, g, unit }
}

describe('按生源地预填 on the demo school in Chromium', () => {
  it('with JavaScript: 转回生源地 fills the 档案 from the 名录 and the 户口 from the 生源地', async () => {
    const { page, g, unit } = await demoGraduatePage(true)
    expect(unit, 'the demo 名录 has the graduate’s county').toBeTruthy()
    await page.locator('#a_transferType').selectOption('转回生源地')
    expect(await page.locator('#a_unitName').inputValue()).toBe(unit!.name)
    expect(await page.locator('#a_unitAddress').inputValue()).toBe(unit!.address)
    expect(await page.locator('#a_postcode').inputValue()).toBe(unit!.postcode)
    expect(await page.locator('#a_unitLocation').inputValue()).toBe(g.origin_code)
    expect(await page.locator('[data-prefill-miss]').count()).toBe(0)

    await page.locator('#h_migrationType').selectOption('转回生源地')
    expect(await page.locator('#h_location').inputValue()).toBe(g.origin_code)
    expect(await page.locator('#h_address').inputValue()).toBe(g.home_address)
    await expect
      .poll(() => page.locator('#h_location-hint').innerText())
      .toContain(`当前：${divisionName(g.origin_code)}`)
    await page.locator('fieldset[data-archive]').screenshot({ path: 'test-results/demo-prefill-archive.png' })
  })

  it('without JavaScript: the 按生源地预填 buttons fill the same, keeping what was typed', async () => {
    const { page, g, unit } = await demoGraduatePage(false)
    await page.locator('#d_type').selectOption('求职中')
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: '按生源地预填', exact: true }).click(),
    ])
    const notice = page.getByRole('status').filter({ hasText: '预填' })
    expect(await notice.innerText()).toContain('已按您的生源所在地预填档案接收单位')
    expect(await notice.getAttribute('class')).toBe('alert ok')
    expect(await page.locator('#a_unitName').inputValue()).toBe(unit!.name)
    expect(await page.locator('#a_transferType').inputValue()).toBe('转回生源地')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '按生源地预填户口' }).click()])
    expect(await page.locator('#h_migrationType').inputValue()).toBe('转回生源地')
    expect(await page.locator('#h_location').inputValue()).toBe(g.origin_code)
    expect(await page.locator('#h_address').inputValue()).toBe(g.home_address)
    // What was typed and filled before stays.
    expect(await page.locator('#d_type').inputValue()).toBe('求职中')
    expect(await page.locator('#a_unitName').inputValue()).toBe(unit!.name)
  })

  it('a county not in the 名录: said in place as a neutral notice, the 生源所在地 still filled', async () => {
    const { page, g } = await demoGraduatePage(true)
    await h.t.db.deleteFrom('archive_units').where('division_code', '=', g.origin_code).execute()
    await page.reload()
    const miss = page.locator('[data-prefill-miss]')
    expect(await miss.isVisible()).toBe(false)
    await page.locator('#a_transferType').selectOption('转回生源地')
    expect(await miss.isVisible()).toBe(true)
    expect(await miss.innerText()).toContain('名录中没有您生源所在地的档案接收单位')
    expect(await miss.getAttribute('class')).toBe('alert info')
    expect(await page.locator('#a_unitLocation').inputValue()).toBe(g.origin_code)
    expect(await page.locator('#a_unitName').inputValue()).toBe('')
    expect(await page.locator('.alert.ok').count()).toBe(0)
  })
})
