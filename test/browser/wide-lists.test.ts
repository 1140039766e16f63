/**
 * The wide staff lists on a 1280 px desktop in headless Chromium (issue 13 §13), on the demo school:
 * the transfer list shows the 转递编号 whole on one line, 更新时间 and 下载转递单; the confirmation
 * list shows 去向来源 and a 查看 link on every row. Neither the page nor the table's own box may
 * scroll sideways, and each of those cells lies inside the screen and inside the table's box.
 * Screenshots of the tables' top go to test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { createTestApp } from '../helpers.js'
import { startBrowserHarness, type BrowserHarness } from './harness.js'
import { loadDemo } from '../../src/demo/load.js'

const DESKTOP = { width: 1280, height: 800 }

let h: BrowserHarness

beforeAll(async () => {
  const t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
  h = await startBrowserHarness(t)
})

afterAll(() => h.close())

/** Opens a list; nothing scrolls sideways. Returns the column headings. */
async function openWide(page: Page, path: string) {
  const res = await page.goto(h.base + path)
  expect(res?.status(), path).toBe(200)
  const top = (await page.locator('main .table-wrap').boundingBox())!.y
  await page.screenshot({
    path: `test-results/wide-list${path.replace(/\W+/g, '_')}.png`,
    fullPage: true,
    clip: { x: 0, y: Math.max(0, top - 40), width: DESKTOP.width, height: 640 },
  })
  const sizes = await page.evaluate(() => {
    const wrap = document.querySelector('main .table-wrap')!
    return {
      doc: document.documentElement.scrollWidth,
      wrapScroll: wrap.scrollWidth,
      wrapClient: wrap.clientWidth,
    }
  })
  expect(sizes.doc, `${path}: the page is wider than the screen`).toBeLessThanOrEqual(DESKTOP.width)
  expect(sizes.wrapScroll, `${path}: the table scrolls sideways`).toBeLessThanOrEqual(sizes.wrapClient)
  return (await page.locator('main table thead th').allTextContents()).map((s) => s.trim())
}

/** Shown, not empty, inside the screen and inside the table's box, its content not cut off. */
async function expectWhole(page: Page, loc: Locator, what: string) {
  expect(await loc.isVisible(), `${what}: not shown`).toBe(true)
  const box = await loc.boundingBox()
  const wrap = await page.locator('main .table-wrap').boundingBox()
  expect(box && wrap, `${what}: no box`).toBeTruthy()
  expect(box!.width, `${what}: empty`).toBeGreaterThan(0)
  expect(box!.x, `${what}: starts left of the table`).toBeGreaterThanOrEqual(wrap!.x)
  expect(box!.x + box!.width, `${what}: runs past the table's right edge`).toBeLessThanOrEqual(wrap!.x + wrap!.width)
  expect(box!.x + box!.width, `${what}: runs off the screen`).toBeLessThanOrEqual(DESKTOP.width)
  const cut = await loc.evaluate((el) => el.scrollWidth > el.clientWidth + 1)
  expect(cut, `${what}: its content is cut off`).toBe(false)
}

const cellOf = (row: Locator, headings: string[], heading: string) => {
  const i = headings.indexOf(heading)
  expect(i, `no column ${heading}`).toBeGreaterThanOrEqual(0)
  return row.locator('td').nth(i)
}

describe('wide staff lists at 1280 px in Chromium', () => {
  it('the transfer list shows the whole 转递编号, 更新时间 and 下载转递单', async () => {
    const page = await h.signedInAdmin({ viewport: DESKTOP })
    const headings = await openWide(page, '/admin/transfer?generated=true')
    const rows = page.locator('main table tbody tr')
    expect(await rows.count()).toBeGreaterThan(10)
    for (const n of [0, (await rows.count()) - 1]) {
      const row = rows.nth(n)
      const number = cellOf(row, headings, '转递编号').locator('.mono')
      await expectWhole(page, cellOf(row, headings, '转递编号'), `row ${n} 转递编号`)
      await expectWhole(page, number, `row ${n} 转递编号 text`)
      expect((await number.innerText()).trim()).toMatch(/^[0-9A-Z]{17}$/)
      // Whole means on one line: seventeen characters split over two lines read as two numbers.
      const lines = await number.evaluate((el) => {
        const r = document.createRange()
        r.selectNodeContents(el)
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size
      })
      expect(lines, `row ${n} 转递编号 broken over lines`).toBe(1)
      const updated = cellOf(row, headings, '更新时间')
      await expectWhole(page, updated, `row ${n} 更新时间`)
      expect(await updated.innerText()).toMatch(/20\d\d-\d\d-\d\d\s+\d\d:\d\d/)
      const link = row.getByRole('link', { name: '下载转递单' })
      await expectWhole(page, link, `row ${n} 下载转递单`)
      await expectWhole(page, cellOf(row, headings, '操作'), `row ${n} 操作`)
    }
  })

  it('the confirmation list shows 去向来源 and a 查看 link on every row', async () => {
    const page = await h.signedInAdmin({ viewport: DESKTOP })
    const headings = await openWide(page, '/admin/confirmations')
    const rows = page.locator('main table tbody tr')
    const count = await rows.count()
    expect(count).toBeGreaterThan(10)
    expect(await page.locator('main table tbody').getByRole('link', { name: /^查看/ }).count()).toBe(count)
    // A row with a registration shows where it came from.
    const withSource = rows.filter({ hasText: '登记系统' }).first()
    for (const [what, row] of [
      ['first row', rows.first()],
      ['a row with a source', withSource],
      ['last row', rows.last()],
    ] as const) {
      await expectWhole(page, cellOf(row, headings, '去向来源'), `${what} 去向来源`)
      await expectWhole(page, cellOf(row, headings, '登记确认状态'), `${what} 登记确认状态`)
      await expectWhole(page, row.getByRole('link', { name: /^查看/ }), `${what} 查看`)
    }
    expect((await cellOf(withSource, headings, '去向来源').innerText()).trim()).toMatch(/登记系统/)
    // 查看 opens that graduate's page.
    const name = (await cellOf(withSource, headings, '姓名').innerText()).trim()
    await Promise.all([
      page.waitForURL(/\/admin\/roster\/\d+$/),
      withSource.getByRole('link', { name: /^查看/ }).click(),
    ])
    expect(await page.locator('h1').innerText()).toContain(name)
  })
})
