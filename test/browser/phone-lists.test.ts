/**
 * The staff list pages on a phone (390 px) in headless Debian Chromium, on the demo school
 * (src/demo/load.ts): each row must show who it is and its status without scrolling sideways —
 * neither the page nor the table's own box may be wider than the phone, and the first row's name,
 * 学号, status and checkbox must lie inside the screen. On a desktop the lists stay real tables.
 * Screenshots go to test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { createTestApp } from '../helpers.js'
import { PHONE, startBrowserHarness, type BrowserHarness } from './harness.js'
import { loadDemo } from '../../src/demo/load.js'

const DESKTOP = { width: 1280, height: 900 }

let h: BrowserHarness
const signedIn = (viewport: { width: number; height: number }) => h.signedInAdmin({ viewport })

/** Shown, and from its left to its right edge inside the phone's screen. */
async function expectOnScreen(loc: Locator, what: string) {
  expect(await loc.isVisible(), `${what}: not shown`).toBe(true)
  const box = await loc.boundingBox()
  expect(box, `${what}: no box`).not.toBeNull()
  expect(box!.width, `${what}: empty`).toBeGreaterThan(0)
  expect(box!.x, `${what}: starts left of the screen`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what}: runs off the right of the screen`).toBeLessThanOrEqual(PHONE.width)
}

/**
 * Opens a list at phone width; checks that nothing scrolls sideways and that the named columns of
 * the first row (found by their headings, which stay in the page for screen readers) are on screen.
 * Returns that row.
 */
async function openList(page: Page, path: string, columns: string[], rowFilter?: string) {
  const res = await page.goto(h.base + path)
  expect(res?.status(), path).toBe(200)
  const sizes = await page.evaluate(() => {
    const wrap = document.querySelector('main .table-wrap')
    return { doc: document.documentElement.scrollWidth, wrap: wrap ? wrap.scrollWidth - wrap.clientWidth : -1 }
  })
  await page.screenshot({ path: `test-results/phone-list${path.replace(/\W+/g, '_')}.png`, fullPage: true })
  expect(sizes.doc, `${path}: page wider than the phone`).toBeLessThanOrEqual(PHONE.width)
  expect(sizes.wrap, `${path}: the table scrolls sideways`).toBe(0)
  const headings = (await page.locator('main table thead th').allTextContents()).map((s) => s.trim())
  const rows = page.locator('main table tbody tr')
  const row = rowFilter ? rows.filter({ has: page.locator(rowFilter) }).first() : rows.first()
  for (const c of columns) {
    const i = headings.indexOf(c)
    expect(i, `${path}: no column ${c}`).toBeGreaterThanOrEqual(0)
    const cell = row.locator('td').nth(i)
    expect((await cell.innerText()).trim(), `${path}: ${c} is empty`).not.toBe('')
    await expectOnScreen(cell, `${path} ${c}`)
  }
  return row
}

beforeAll(async () => {
  const t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
  h = await startBrowserHarness(t)
})

afterAll(() => h.close())

describe('staff lists at phone width in Chromium', () => {
  it('every list shows who and the status of a row without sideways scrolling', async () => {
    const page = await signedIn(PHONE)

    await openList(page, '/admin/roster', ['学号', '姓名', '院系'])
    await openList(page, '/admin/roster?withdrawn=1', ['学号', '姓名', '撤出原因'])

    const reg = await openList(page, '/admin/registrations?status=pending', ['姓名', '学号', '状态'])
    await expectOnScreen(reg.locator('.badge'), 'registration status badge')
    await expectOnScreen(reg.locator('input[name=ids]'), 'registration checkbox')
    await openList(page, '/admin/registrations', ['姓名', '学号', '毕业去向', '状态'])

    const conf = await openList(
      page,
      '/admin/confirmations',
      ['姓名', '学号', '登记确认状态'],
      'input[name=graduateIds]',
    )
    await expectOnScreen(conf.locator('.badge'), 'confirmation state badge')
    await expectOnScreen(conf.locator('input[name=graduateIds]'), 'confirmation checkbox')

    const tr = await openList(page, '/admin/transfer', ['姓名', '学号', '转递编号'])
    await expectOnScreen(tr.locator('input[name=graduateIds]'), 'transfer checkbox')
    // A row with a number also shows its download link.
    const withNumber = await openList(page, '/admin/transfer?generated=true', ['姓名', '学号', '转递编号', '操作'])
    await expectOnScreen(withNumber.getByRole('link', { name: '下载转递单' }), 'transfer sheet link')
    // Select-all keeps a visible, tappable label in the card layout.
    const all = page.getByText('全选本页', { exact: true })
    await expectOnScreen(all, 'select-all label')
    await all.click()
    expect(await page.locator('input[name=graduateIds]:not(:checked)').count()).toBe(0)
    expect(await page.locator('input[name=graduateIds]:checked').count()).toBeGreaterThan(0)

    const users = await openList(page, '/admin/users', ['用户名', '姓名', '状态'])
    await expectOnScreen(users.locator('.badge'), 'account state badge')
    await openList(page, '/admin/audit', ['时间', '操作人', '操作'])
  })

  it('on a desktop the lists stay tables with their column headings', async () => {
    const page = await signedIn(DESKTOP)
    for (const path of [
      '/admin/roster',
      '/admin/registrations',
      '/admin/confirmations',
      '/admin/transfer',
      '/admin/users',
    ]) {
      await page.goto(h.base + path)
      const shown = await page.evaluate(() => {
        const table = document.querySelector('main table')!
        const th = table.querySelector('thead th:nth-child(2)')!
        return {
          table: getComputedStyle(table).display,
          row: getComputedStyle(table.querySelector('tbody tr')!).display,
          th: getComputedStyle(th).display,
        }
      })
      expect(shown, path).toEqual({ table: 'table', row: 'table-row', th: 'table-cell' })
    }
  })
})
