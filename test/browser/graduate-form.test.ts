/**
 * 添加毕业生 and 修改生源信息 in Chromium on a 390 px phone (issue 14 item 2): the form is filled by
 * its labels, a bad 身份证号 comes back at its field with everything typed kept, the graduate is
 * added, then 姓名 is changed — refused without a 修改原因, saved with one, and in the audit log.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate } from '../helpers.js'
import { row } from '../roster/fixtures.js'
import { ROSTER_FIELDS } from '../../src/domain/roster-rules.js'
import { harnessForFile } from './harness.js'

const harness = harnessForFile()

async function fitsPhone(page: Page, name: string) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  await page.screenshot({ path: `test-results/graduate-form-${name}.png`, fullPage: true })
  expect(scroll, name).toBeLessThanOrEqual(inner)
}

/** Fills every field of the template through the page's own controls (selects by their value). */
async function fill(page: Page, values: Record<string, string>) {
  for (const f of ROSTER_FIELDS) {
    const v = values[f.key]
    if (v === undefined) continue
    const el = page.locator(`#${f.key}`)
    if ((await el.evaluate((x) => x.tagName)) === 'SELECT') await el.selectOption(v)
    else await el.fill(v)
  }
}

describe('the graduate form in Chromium', () => {
  it('adds a graduate on a phone (the bad 身份证号 at its field, the rest kept), then renames with a reason', async () => {
    const { t, base } = harness()
    await insertGraduate(t, { department: '文学院' })
    const page = await harness().signedInAdmin({ javaScriptEnabled: false })
    await page.goto(`${base}/admin/roster`)
    await Promise.all([
      page.waitForURL(/\/admin\/roster\/new$/),
      page.getByRole('link', { name: '添加毕业生' }).click(),
    ])
    await fitsPhone(page, 'new')

    const r = { ...row(), department: '文学院', name: '林黛玉', className: '中文2201' }
    await fill(page, { ...r, idCard: '430104200401011234' })
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '添加' }).click()])
    // The error is at 身份证号 (tied to the input), everything typed is still there.
    const idCard = page.locator('#idCard')
    expect(await idCard.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#idCard-error').innerText()).toMatch(/身份证号/)
    expect(await page.locator('#name').inputValue()).toBe('林黛玉')
    expect(await page.locator('#className').inputValue()).toBe('中文2201')
    expect(await page.locator('#department').inputValue()).toBe('文学院')
    await fitsPhone(page, 'error')
    expect(await t.db.selectFrom('graduates').select('id').where('name', '=', '林黛玉').execute()).toEqual([])

    await idCard.fill(r.idCard)
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '添加' }).click()])
    await fitsPhone(page, 'added')
    expect(page.url()).toMatch(/done=added/)
    expect(await page.locator('main').innerText()).toContain('已添加 林黛玉')
    expect(await page.locator('main').innerText()).toContain('林黛玉')

    // 修改: the new 姓名 without a reason is refused at 修改原因; with one it is saved.
    await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('link', { name: '修改生源信息' }).click()])
    expect(await page.locator('#idCard').inputValue()).toBe(r.idCard)
    await page.locator('#name').fill('林颦儿')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '保存修改' }).click()])
    expect(await page.locator('#reason').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#name').inputValue()).toBe('林颦儿')
    await page.locator('#reason').fill('学籍更正')
    await Promise.all([page.waitForURL(/done=edited/), page.getByRole('button', { name: '保存修改' }).click()])
    expect(await page.locator('main').innerText()).toContain('林颦儿')
    await fitsPhone(page, 'edited')

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'roster.edit')
      .execute()
    const edit = audit.find((a) => (a.detail ?? '').includes('林颦儿'))
    expect(edit?.detail).toContain('林黛玉')
    expect(edit?.detail).toContain('学籍更正')
  }, 90_000)
})
