/**
 * The roster reports in headless Chromium on the demo school (issue 14 items 7 and 8): the
 * 资格审核汇总表 prints one 院系 a page with its title and 填表 lines (printed to PDF by Chromium and
 * read back), and the activation page reads on a phone without sideways scrolling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { PHONE, startBrowserHarness, type BrowserHarness } from './harness.js'
import { loadDemo } from '../../src/demo/load.js'
import { pdfText } from '../pdf-helpers.js'
import { departmentNames } from '../../src/db/departments.js'
import { currentCohort } from '../../src/domain/cohort.js'

let h: BrowserHarness
let departments: string[]
let cohort: number

beforeAll(async () => {
  const t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
  departments = await departmentNames(t.db, t.schoolId)
  cohort = currentCohort(t.clock.now)
  h = await startBrowserHarness(t)
})

afterAll(() => h.close())

describe('roster reports in Chromium', () => {
  it('prints the 资格审核汇总表 one 院系 a page, with its title and the 填表 lines, without the filters', async () => {
    const page = await h.signedInAdmin({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${h.base}/admin/reports/summary?cohort=${cohort}`)
    expect(await page.locator('section.summary-sheet').count()).toBe(departments.length)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('form.filters').isVisible()).toBe(false)
    const pdf = new Uint8Array(await page.pdf({ format: 'A4', printBackground: false }))
    // NFKC: Chromium's PDF maps some characters of the CJK font to Kangxi radicals (⽣ for 生);
    // it also turns full-width punctuation into ASCII (：to :).
    const pages = (await pdfText(pdf)).map((p) => p.normalize('NFKC'))
    const titles = departments.map((d) => `${d}${cohort}届毕业生资格审核汇总表`)
    // Each 院系 starts its own page, and no page holds two 院系.
    for (const title of titles)
      expect(
        pages.some((p) => p.startsWith(title)),
        title,
      ).toBe(true)
    for (const p of pages) expect(titles.filter((title) => p.includes(title)).length).toBeLessThanOrEqual(1)
    expect(pages.filter((p) => p.includes('填表人:')).length).toBe(departments.length)
    expect(pages.join('')).not.toContain('查看')
  })

  it('shows 就业账户激活 on a phone: the rates and who has not, without sideways scrolling', async () => {
    const page = await h.signedInAdmin({ viewport: PHONE })
    const res = await page.goto(`${h.base}/admin/reports/activation?cohort=${cohort}`)
    expect(res?.status()).toBe(200)
    await page.screenshot({ path: 'test-results/activation-phone.png', fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await expect.poll(() => page.getByRole('heading', { name: '未激活的毕业生' }).isVisible()).toBe(true)
    const first = page.locator('main table').nth(1).locator('tbody tr').first()
    for (const label of ['学号', '姓名', '生源核对']) {
      const cell = first.locator(`td[data-label="${label}"]`)
      expect((await cell.innerText()).trim(), label).not.toBe('')
      const box = await cell.boundingBox()
      expect(box!.x + box!.width, label).toBeLessThanOrEqual(PHONE.width)
    }
    // The 姓名 links to the graduate's page.
    await Promise.all([page.waitForURL(/\/admin\/roster\/\d+$/), first.locator('td[data-label="姓名"] a').click()])
  })
})
