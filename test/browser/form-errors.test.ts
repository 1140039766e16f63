/**
 * Errors on form posts are not dead ends (issue 13 §16), in headless Chromium with and without
 * JavaScript: a proof file over 5 MB (just over, or well over) chosen on /me/registration comes back as the registration
 * page with the message at the file field (not a bare 请求未能完成 page), the typed fields kept;
 * on 生源核对 (/me) a bad phone number is shown under the phone field, between its label and its
 * input, and nothing under 生源所在地代码.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { harnessForFile } from './harness.js'

const harness = harnessForFile()

async function graduateSignedIn(javaScriptEnabled: boolean): Promise<Page> {
  const { t, base } = harness()
  const g = await insertGraduate(t)
  await studentToken(t, g)
  const page = await (await harness().context({ javaScriptEnabled })).newPage()
  await page.goto(`${base}/me/login`)
  await page.getByLabel('学号').fill(g.studentNo)
  await page.getByLabel('密码', { exact: true }).fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])
  return page
}

/** The top of `below` lies under the bottom of `above`. */
async function expectBelow(page: Page, above: string, below: string) {
  const a = (await page.locator(above).boundingBox())!
  const b = (await page.locator(below).boundingBox())!
  expect(b.y, `${below} is not below ${above}`).toBeGreaterThanOrEqual(a.y + a.height - 1)
}

describe('form errors come back at their field in Chromium', () => {
  // Just over the limit (refused once read) and well over it (refused from its declared length, unread).
  for (const [js, size, what] of [
    [true, 5 * 1024 * 1024 + 100, 'just over 5 MB'],
    [false, 7 * 1024 * 1024, 'of 7 MB'],
  ] as const) {
    it(`${js ? 'with' : 'without'} JavaScript: a proof ${what} is refused at the file field on the registration page`, async () => {
      const { base } = harness()
      const page = await graduateSignedIn(js)
      await page.goto(`${base}/me/registration`)
      await page.locator('#a_contact').fill('王老师')
      const big = Buffer.alloc(size)
      Buffer.from('%PDF-1.4\n').copy(big)
      await page.getByLabel('选择文件').setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: big })
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/me/registration/attachments')),
        page.getByRole('button', { name: '上传', exact: true }).click(),
      ])
      await page.waitForLoadState('load')
      await page.screenshot({ path: `test-results/form-errors-proof-${js ? 'js' : 'no-js'}.png`, fullPage: true })
      expect(res.status()).toBe(413)
      expect(await page.locator('h1').innerText()).toBe('毕业去向登记')
      expect(await page.locator('body').innerText()).not.toContain('请求未能完成')
      const error = page.locator('#proof-file-error')
      expect(await error.innerText()).toContain('每个文件不能超过 5 MB')
      // At the file field: between its label and the input, which points to it.
      await expectBelow(page, 'label[for=proof-file]', '#proof-file-error')
      await expectBelow(page, '#proof-file-error', '#proof-file')
      expect(await page.locator('#proof-file').getAttribute('aria-describedby')).toContain('proof-file-error')
      // The registration form is there, with what was typed.
      expect(await page.locator('#a_contact').inputValue()).toBe('王老师')
    })
  }

  for (const js of [true, false]) {
    it(`${js ? 'with' : 'without'} JavaScript: on 生源核对 a bad phone number is shown under the phone field`, async () => {
      const page = await graduateSignedIn(js)
      await page.locator('#phone').fill('1391111')
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '提交核对' }).click()])
      await page.screenshot({ path: `test-results/form-errors-self-check-${js ? 'js' : 'no-js'}.png`, fullPage: true })
      const error = page.locator('#phone-error')
      expect(await error.innerText()).toMatch(/^手机号码：/)
      await expectBelow(page, 'label[for=phone]', '#phone-error')
      await expectBelow(page, '#phone-error', '#phone')
      // Nothing under 生源所在地代码, which was right; the phone input keeps what was typed.
      expect(await page.locator('#originCode-error').count()).toBe(0)
      await expectBelow(page, '#originCode', '#phone-error')
      expect(await page.locator('#phone').inputValue()).toBe('1391111')
      expect(await page.locator('#phone').getAttribute('aria-invalid')).toBe('true')
    })
  }
})
