/**
 * The public lookup in a real browser (headless Debian Chromium through playwright-core): a clerk
 * fills the form for a hit, a miss and an expired number, and opens a QR link. Screenshots go to
 * test-results/ (git-ignored); one phone-width screenshot of a filled result page goes to
 * docs/lookup-page.png for the README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../helpers.js'
import { PHONE, startBrowserHarness, type BrowserHarness } from './harness.js'
import { qrLink } from '../../src/qr-signature.js'
import { checkChar } from '../../src/domain/numbers.js'
import { seedGraduate } from '../lookup/fixtures.js'

let t: TestApp
let base = ''
let h: BrowserHarness
let context: BrowserContext
let g: Awaited<ReturnType<typeof seedGraduate>>
let late: Awaited<ReturnType<typeof seedGraduate>>

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true })
  mkdirSync('docs', { recursive: true })
  t = await createTestApp({ env: { VERIFY_FAILURE_LIMIT: '50' } })
  g = await seedGraduate(t, {
    graduate: { name: '阿依古丽·买买提', gender_code: '2', major_name: '汉语言文学', origin_code: '650102' },
    destination: { type: '签就业协议书就业', unitName: '新疆某某科技有限公司', unitLocation: '650104' },
  })
  // A fixed number, so the committed screenshot only changes when the page does.
  const fixed = '2610001QC42UDY7H' + checkChar('2610001QC42UDY7H')
  await t.db.updateTable('transfer_numbers').set({ number: fixed }).where('number', '=', g.transferNumber).execute()
  g.transferNumber = fixed
  // Graduated in 202511: its window ended 2026-05-31, before the test clock (2026-06-15).
  late = await seedGraduate(t, { graduate: { name: '李四', graduation_time: '202511' } })
  h = await startBrowserHarness(t)
  base = h.base
  context = await h.context()
})

afterAll(() => h.close())

/** Fills the form the way a clerk would: pick the kind, type the name and the number, submit. */
async function fillAndSubmit(page: Page, kind: '档案' | '户口', name: string, number: string) {
  await page.goto(`${base}/verify`)
  await page
    .getByRole('group', { name: '查询类型' })
    .getByLabel(kind === '档案' ? /档案转递信息/ : /户口迁移信息/)
    .check()
  await page.getByLabel('毕业生姓名').fill(name)
  await page.getByLabel(/^编号/).pressSequentially(number, { delay: 5 })
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/verify` && r.request().method() === 'POST'),
    page.getByRole('button', { name: '查询核验' }).click(),
  ])
  await page.waitForLoadState('load')
  return response
}

describe('the lookup page in Chromium', () => {
  it('a hit: the result laid out like the sheet, phone width, printable', async () => {
    const page = await context.newPage()
    await page.goto(`${base}/verify`)
    // The number is checked as it is typed.
    const number = page.getByLabel(/^编号/)
    await number.pressSequentially(g.transferNumber.slice(0, 10), { delay: 5 })
    await expect.poll(() => page.locator('#verify-number-status').textContent()).toContain('已输入 10 位')
    await number.fill('')
    await number.pressSequentially(g.transferNumber.slice(0, 16) + (g.transferNumber[16] === 'A' ? 'B' : 'A'))
    await expect.poll(() => page.locator('#verify-number-status').textContent()).toContain('校验不符')
    expect(await number.getAttribute('aria-invalid')).toBe('true')
    await page.close()

    const p = await context.newPage()
    // Typed as a clerk might: a different dot, lower case, spaces in the number.
    const typed = `${g.transferNumber.slice(0, 7)} ${g.transferNumber.slice(7).toLowerCase()}`
    await p.goto(`${base}/verify`)
    await p.getByLabel('毕业生姓名').fill('阿依古丽・买买提')
    await p.getByLabel(/^编号/).pressSequentially(typed, { delay: 5 })
    await expect.poll(() => p.locator('#verify-number-status').textContent()).toContain('格式正确（转递编号）')
    await p.screenshot({ path: 'test-results/lookup-form-filled.png', fullPage: true })
    const [res] = await Promise.all([
      p.waitForResponse((r) => r.url() === `${base}/verify`),
      p.getByRole('button', { name: '查询核验' }).click(),
    ])
    await p.waitForLoadState('load')
    expect(res.status()).toBe(200)
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent()).toBe('毕业生去向登记信息')
    const text = await p.locator('main').innerText()
    for (const s of [
      '核验通过',
      '阿依古丽·买买提',
      '女',
      '汉语言文学',
      '新疆维吾尔自治区乌鲁木齐市天山区',
      '新疆某某科技有限公司',
      '档案转递信息',
      '核验时间',
      '2026年12月31日',
    ])
      expect(text).toContain(s)
    expect(text).not.toContain('户口迁移信息')
    // The print button appears with JavaScript; the print stylesheet hides the chrome.
    await expect.poll(() => p.getByRole('button', { name: '打印本页' }).isVisible()).toBe(true)
    await p.emulateMedia({ media: 'print' })
    expect(await p.locator('header.top').isVisible()).toBe(false)
    await p.emulateMedia({ media: 'screen' })
    // Phone width: nothing wider than the screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await p.screenshot({ path: 'test-results/lookup-hit.png', fullPage: true })
    await p.screenshot({ path: 'docs/lookup-page.png', fullPage: true })
    await p.close()
  })

  it('a miss: 404, the error announced and focused, what was typed kept', async () => {
    const page = await context.newPage()
    const res = await fillAndSubmit(page, '户口', '阿依古丽·买买', g.transferNumber)
    expect(res.status()).toBe(404)
    const alert = page.getByRole('alert')
    expect(await alert.innerText()).toContain('没有查到与该姓名和编号相符的登记信息')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-error')
    expect(await page.getByLabel('毕业生姓名').inputValue()).toBe('阿依古丽·买买')
    expect(await page.getByLabel(/户口迁移信息/).isChecked()).toBe(true)
    await page.screenshot({ path: 'test-results/lookup-miss.png', fullPage: true })
    // Keyboard: Tab from the alert reaches the form controls.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT')
    await page.close()
  })

  it('an expired number: 410 and what to do next', async () => {
    const page = await context.newPage()
    const res = await fillAndSubmit(page, '档案', '李四', late.transferNumber)
    expect(res.status()).toBe(410)
    const msg = await page.getByRole('alert').innerText()
    expect(msg).toContain('查询核验服务已结束')
    expect(msg).toContain('2026年5月31日')
    await page.screenshot({ path: 'test-results/lookup-expired.png', fullPage: true })

    // Moving the clock past the window ends the other graduate's number too.
    const saved = t.clock.now
    t.clock.set('2027-01-01T00:00:00+08:00')
    try {
      const again = await fillAndSubmit(page, '档案', '阿依古丽·买买提', g.transferNumber)
      expect(again.status()).toBe(410)
      expect(await page.getByRole('alert').innerText()).toContain('2026年12月31日')
    } finally {
      t.clock.now = saved
    }
    await page.close()
  })

  it('the QR link: the result without typing the name, with a tab for 户口', async () => {
    const page = await context.newPage()
    const link = qrLink(base, t.deps.secretKey, g.transferNumber)
    const res = await page.goto(link)
    expect(res?.status()).toBe(200)
    let text = await page.locator('main').innerText()
    expect(text).toContain('二维码有效')
    expect(text).toContain('档案转递信息')
    await page.screenshot({ path: 'test-results/lookup-qr-archive.png', fullPage: true })
    await page.getByRole('navigation', { name: '查询类型' }).getByRole('link', { name: '户口迁移信息' }).click()
    await page.waitForLoadState('load')
    text = await page.locator('main').innerText()
    expect(text).toContain('户口迁移信息')
    expect(text).not.toContain('档案转递类型')
    await page.screenshot({ path: 'test-results/lookup-qr-hukou.png', fullPage: true })
    // A damaged link: the form, number filled in, asking for the name.
    await page.goto(`${base}/v/${g.transferNumber}?s=damaged`)
    expect(await page.getByLabel(/^编号/).inputValue()).toBe(g.transferNumber)
    expect(await page.locator('main').innerText()).toContain('请输入毕业生姓名后查询')
    await page.close()
  })

  it('works without JavaScript', async () => {
    const page = await (await h.context({ javaScriptEnabled: false })).newPage()
    const res = await fillAndSubmit(page, '户口', '阿依古丽·买买提', g.grantNumber)
    expect(res.status()).toBe(200)
    const text = await page.locator('main').innerText()
    expect(text).toContain('户口迁移信息')
    expect(text).toContain('核验编号')
  })
})
