/**
 * The school's transfer page in a real browser (headless Debian Chromium through playwright-core):
 * select all, generate through the confirmation that names the counts, then download the ZIP with
 * the progress line counting the sheets as they arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { unzipSync } from 'fflate'
import type { BrowserContext } from 'playwright-core'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { register } from './fixtures.js'
import { startBrowserHarness, type BrowserHarness } from '../browser/harness.js'

let t: TestApp
let base = ''
let h: BrowserHarness
let context: BrowserContext

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true })
  t = await createTestApp()
  for (const name of ['张三', '李四', '王五']) {
    const g = await insertGraduate(t, { name })
    await register(t, g.id)
  }
  await insertGraduate(t, { name: '未登记' })
  h = await startBrowserHarness(t)
  base = h.base
  context = await h.context({ viewport: { width: 1280, height: 720 } })
}, 60_000)

afterAll(() => h.close())

describe('/admin/transfer in Chromium', () => {
  it('select all → confirm the counts → generate → download the ZIP with progress', async () => {
    const page = await context.newPage()
    await page.goto(`${base}/admin/login`)
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill(ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: /登录/ }).click()])

    await page.goto(`${base}/admin/transfer`)
    await page.locator('#select-all').check()
    expect(await page.locator('input[name=graduateIds]:checked').count()).toBe(4)
    await Promise.all([
      page.waitForURL(/\/admin\/transfer\/preview$/),
      page.getByRole('button', { name: '为选中的毕业生生成/重新生成转递编号' }).click(),
    ])
    expect(await page.locator('[data-count=generated]').textContent()).toBe('3')
    expect(await page.locator('[data-count=ineligible]').textContent()).toBe('1')

    let asked = ''
    page.once('dialog', (d) => {
      asked = d.message()
      void d.accept()
    })
    await Promise.all([page.waitForURL(/done=3\.0\.0\.1/), page.getByRole('button', { name: /确认生成/ }).click()])
    expect(asked).toContain('3 人生成')
    await expect.poll(() => page.locator('[data-done]').textContent()).toContain('新生成 3 人')

    await page.screenshot({ path: 'test-results/transfer-page.png', fullPage: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载转递单 ZIP/ }).click(),
    ])
    await expect.poll(() => page.locator('[data-progress-text]').textContent()).toContain('下载完成：共 3 份')
    expect(await page.locator('#dl-status progress').getAttribute('max')).toBe('3')
    expect(download.suggestedFilename()).toBe('转递单.zip')
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)))
    expect(Object.keys(files).filter((f) => f.endsWith('.pdf'))).toHaveLength(3)
    expect(Object.keys(files)).toContain('转递清单.xlsx')
    await page.screenshot({ path: 'test-results/transfer-page-downloaded.png' })
    await page.close()
  }, 60_000)

  it('the graduate grants, sees the number, and revokes after confirming (phone width)', async () => {
    const g = await insertGraduate(t, { name: '陈诚' })
    await register(t, g.id)
    await studentToken(t, g)
    const page = await context.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${base}/me/login`)
    await page.getByLabel('学号').fill(g.studentNo)
    await page.getByLabel('密码').fill('new-password-1')
    await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: /登录/ }).click()])
    await page.goto(`${base}/me/authorization`)
    expect(await page.getByLabel('有效期至').inputValue()).toBe('2026-12-31')
    await page.getByLabel('有效期至').fill('2026-10-31')
    await page.getByLabel('登录密码').fill('new-password-1')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '授权并生成核验编号' }).click()])
    const number = (await page.locator('[data-created] .mono').textContent())!.trim()
    expect(number).toMatch(/^2610001[0-9A-Z]{8}$/)
    await page.screenshot({ path: 'test-results/authorization-page.png', fullPage: true })
    page.once('dialog', (d) => void d.accept())
    await Promise.all([page.waitForLoadState('load'), page.locator(`li[data-number="${number}"] button`).click()])
    await expect.poll(() => page.locator(`li[data-number="${number}"]`).textContent()).toContain('已撤销')
    await page.close()
  }, 60_000)
})
