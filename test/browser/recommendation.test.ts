/**
 * 毕业生就业推荐表 in real Chromium (issue 14 item 9): a graduate on a 390 px phone finds it in the
 * menu, types the parts (the counter follows), is told at its field that 自我评价 is missing,
 * 暂存s, submits; the 院系 at 1280 px finds it waiting, tries 审核通过 without the 院系意见 (told at
 * the field), writes it and approves; the graduate then sees the 院系意见 and the PDF link, which
 * answers with a PDF. Nothing wider than the phone's screen.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { PHONE, harnessForFile } from './harness.js'

const harness = harnessForFile()
const DESKTOP = { width: 1280, height: 900 }

async function fits(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

describe('推荐表: the graduate on a phone, the 院系 at a desk', () => {
  it('is filled in and submitted on a phone, approved by the 院系, then downloadable', async () => {
    const { t, base } = harness()
    const g = await insertGraduate(t, { name: '王小明', department: '计算机学院' })
    await studentToken(t, g)
    await t.createStaff('jsj', { department: '计算机学院', permissions: { info: 'rw' } })

    const phone = await (await harness().context()).newPage()
    await phone.goto(`${base}/me/login`)
    await phone.getByLabel('学号').fill(g.studentNo)
    await phone.getByLabel('密码', { exact: true }).fill('new-password-1')
    await Promise.all([phone.waitForURL(/\/me$/), phone.getByRole('button', { name: '登录' }).click()])
    await Promise.all([
      phone.waitForURL(/\/me\/recommendation$/),
      phone.getByRole('link', { name: '就业推荐表' }).click(),
    ])
    await fits(phone, PHONE.width)
    expect(await phone.locator('table.kv').textContent()).toContain('王小明')

    await phone.getByLabel('求职意向').fill('软件开发工程师，杭州')
    expect(await phone.locator('#intention-count').textContent()).toBe('已填 10 / 1000 字')
    await phone.getByLabel('奖惩情况').fill('国家奖学金')
    // 提交 without 自我评价: told at the field, what was typed kept.
    await Promise.all([
      phone.waitForLoadState('domcontentloaded'),
      phone.getByRole('button', { name: '提交院系审核' }).click(),
    ])
    await expect.poll(() => phone.locator('#selfEvaluation-error').textContent()).toContain('提交前必须填写')
    expect(await phone.getByLabel('求职意向').inputValue()).toBe('软件开发工程师，杭州')
    await fits(phone, PHONE.width)

    await phone.getByLabel('自我评价').fill('学习认真，善于合作。')
    await Promise.all([phone.waitForURL(/ok=saved/), phone.getByRole('button', { name: '暂存' }).click()])
    expect(await phone.getByLabel('自我评价').inputValue()).toBe('学习认真，善于合作。')
    await Promise.all([phone.waitForURL(/ok=submitted/), phone.getByRole('button', { name: '提交院系审核' }).click()])
    expect(await phone.locator('[data-status]').first().textContent()).toContain('等待院系审核')
    await fits(phone, PHONE.width)

    // The 院系 at a desk.
    const desk = await (await harness().context({ viewport: DESKTOP })).newPage()
    await desk.goto(`${base}/admin/login`)
    await desk.getByLabel('用户名').fill('jsj')
    await desk.getByLabel('密码', { exact: true }).fill('jsj-password')
    await Promise.all([desk.waitForURL(/\/admin$/), desk.getByRole('button', { name: '登录' }).click()])
    await Promise.all([
      desk.waitForURL(/\/admin\/recommendations$/),
      desk.getByRole('link', { name: '推荐表', exact: true }).click(),
    ])
    const row = desk.locator('tr', { hasText: '王小明' })
    await Promise.all([
      desk.waitForURL(/\/admin\/recommendations\/\d+$/),
      row.getByRole('link', { name: /审核/ }).click(),
    ])
    expect(await desk.locator('[data-parts]').textContent()).toContain('学习认真，善于合作。')
    await Promise.all([
      desk.waitForLoadState('domcontentloaded'),
      desk.getByRole('button', { name: '审核通过' }).click(),
    ])
    await expect.poll(() => desk.locator('#opinion-error').textContent()).toContain('必须填写院系意见')
    await desk.getByLabel('院系意见').fill('该生表现优秀，同意推荐。')
    await Promise.all([desk.waitForURL(/ok=approve/), desk.getByRole('button', { name: '审核通过' }).click()])
    expect(await desk.locator('[data-approved]').textContent()).toContain('该生表现优秀，同意推荐。')
    await fits(desk, DESKTOP.width)

    // The graduate sees it approved, with the PDF.
    await phone.reload()
    expect(await phone.locator('[data-approved]').textContent()).toContain('该生表现优秀，同意推荐。')
    const href = await phone.locator('[data-pdf]').getAttribute('href')
    expect(href).toBe('/api/v1/me/recommendation.pdf')
    const pdf = await phone.context().request.get(`${base}${href}`)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
    await fits(phone, PHONE.width)
  })
})
