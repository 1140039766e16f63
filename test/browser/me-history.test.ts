/**
 * The graduate's 登记记录 on a phone (issue 13 §19) in headless Chromium: on 390 × 844 the history
 * of a registration that was returned with a long reason, resubmitted and approved must fit the
 * screen — the page does not scroll sideways, neither does the table's box — and every entry reads
 * whole: its time, the change of status, who made it and the reason, each inside the screen, the
 * cells that are not self-explanatory named by their column. On a desktop it stays a table.
 * Screenshots go to test-results/.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PHONE, harnessForFile } from './harness.js'
import { graduateWithToken, submitted } from '../registration/fixtures.js'

const harness = harnessForFile()

const REASON =
  '档案转递单位名称与实际接收单位不一致，请与生源所在地人才交流服务中心核实后重新填写，并上传盖章的接收函扫描件。'

async function graduateWithHistory() {
  const { t } = harness()
  const g = await graduateWithToken(t)
  const reg = await submitted(t, g)
  const decide = (body: Record<string, string>) =>
    t.json('POST', `/api/v1/registrations/${reg.id}/decision`, { token: t.adminToken, body })
  expect((await decide({ decision: 'return', reason: REASON })).status).toBe(200)
  expect((await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })).status).toBe(200)
  expect((await decide({ decision: 'approve' })).status).toBe(200)
  return g
}

async function openHistory(g: { studentNo: string }, viewport: { width: number; height: number }): Promise<Page> {
  const { base } = harness()
  const page = await (await harness().context({ viewport })).newPage()
  await page.goto(`${base}/me/login`)
  await page.getByLabel('学号').fill(g.studentNo)
  await page.getByLabel('密码', { exact: true }).fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])
  expect((await page.goto(`${base}/me/registration`))?.status()).toBe(200)
  return page
}

const section = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: '登记记录' }) })

describe('the graduate’s 登记记录 in Chromium', () => {
  it('fits a 390 px phone: no sideways scroll, every entry and column readable', async () => {
    const g = await graduateWithHistory()
    const page = await openHistory(g, PHONE)
    const history = section(page)
    await history.scrollIntoViewIfNeeded()
    await history.screenshot({ path: 'test-results/me-history-phone.png' })

    const sizes = await history.evaluate((s) => {
      const wrap = s.querySelector('.table-wrap')!
      return {
        doc: document.documentElement.scrollWidth,
        wrapScroll: wrap.scrollWidth,
        wrapClient: wrap.clientWidth,
      }
    })
    expect(sizes.doc, 'the page is wider than the phone').toBeLessThanOrEqual(PHONE.width)
    expect(sizes.wrapScroll, 'the history table scrolls sideways').toBeLessThanOrEqual(sizes.wrapClient)

    const headings = await history.evaluate((s) =>
      [...s.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim()),
    )
    expect(headings).toEqual(['时间', '操作人', '状态变化', '原因'])
    const rows = history.locator('tbody tr')
    // save, submit, return, submit, approve: five entries, newest first.
    expect(await rows.count()).toBe(5)
    for (let r = 0; r < 5; r++) {
      const cells = rows.nth(r).locator('td')
      for (let i = 0; i < 4; i++) {
        const cell = cells.nth(i)
        const text = (await cell.innerText()).trim()
        if (!text) continue
        const what = `entry ${r + 1} ${headings[i]}`
        expect(await cell.isVisible(), `${what}: not shown`).toBe(true)
        const box = (await cell.boundingBox())!
        expect(box.x, `${what}: starts left of the screen`).toBeGreaterThanOrEqual(0)
        expect(box.x + box.width, `${what}: runs off the screen`).toBeLessThanOrEqual(PHONE.width)
        expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${what}: cut off`).toBe(true)
        // Who and why are named (the column headings are not shown on a phone); the time and the
        // change of status read for themselves.
        if (headings[i] === '操作人' || headings[i] === '原因') {
          const label = await cell.evaluate((el) => getComputedStyle(el, '::before').content)
          expect(label, `${what}: not named`).toBe(`"${headings[i]}"`)
        }
      }
    }
    // The long reason reads as lines of text across the card, not a narrow column.
    const reason = rows.nth(2).locator('td').nth(3)
    expect(await reason.innerText()).toContain(REASON)
    const reasonBox = (await reason.boundingBox())!
    expect(reasonBox.width, 'the reason squeezed into a narrow column').toBeGreaterThan(PHONE.width * 0.6)
    expect(await rows.nth(2).locator('td').nth(2).innerText()).toMatch(/待审核\s*→\s*退回修改/)
    expect(await rows.nth(0).locator('td').nth(1).innerText()).toContain('学校或院系')
    expect(await rows.nth(1).locator('td').nth(1).innerText()).toContain('本人')
  })

  it('on a desktop the history stays a table that fits its column', async () => {
    const g = await graduateWithHistory()
    const page = await openHistory(g, { width: 1280, height: 900 })
    const shown = await section(page).evaluate((s) => {
      const wrap = s.querySelector('.table-wrap')!
      const table = s.querySelector('table')!
      return {
        table: getComputedStyle(table).display,
        th: getComputedStyle(table.querySelector('thead th')!).display,
        fits: wrap.scrollWidth <= wrap.clientWidth,
      }
    })
    expect(shown).toEqual({ table: 'table', th: 'table-cell', fits: true })
  })
})
