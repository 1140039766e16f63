/**
 * The 省 → 市 → 县 location picker in Chromium (issue 13 §11), on the graduate's registration
 * form: without JavaScript 查找 and the listed places post the form back and choosing a county
 * fills its code, keeping what was typed; with JavaScript the results follow the typing, a
 * province or city opens in place, a county fills the code, and the “当前：…” hint follows a code
 * as it is typed.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { harnessForFile } from './harness.js'

const harness = harnessForFile()

async function graduatePage(javaScriptEnabled: boolean): Promise<Page> {
  const { t, base } = harness()
  const g = await insertGraduate(t)
  await studentToken(t, g)
  const page = await (await harness().context({ javaScriptEnabled })).newPage()
  await page.goto(`${base}/me/login`)
  await page.getByLabel('学号').fill(g.studentNo)
  await page.getByLabel('密码', { exact: true }).fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])
  await page.goto(`${base}/me/registration`)
  return page
}

const hint = (page: Page, id: string) => page.locator(`#${id}-hint`).innerText()

describe('the location picker in Chromium', () => {
  it('without JavaScript: 查找 lists places, choosing one fills the code; nothing typed is lost', async () => {
    const { t } = harness()
    const page = await graduatePage(false)
    await page.getByLabel('档案转递联系人').fill('张三丰')
    const box = page.locator('#a_unitLocation-place')
    await box.getByLabel('按地名查找').fill('芙蓉')
    await Promise.all([page.waitForLoadState('load'), box.getByRole('button', { name: '查找' }).click()])
    expect(await box.innerText()).toContain('“芙蓉”的查找结果')
    await box.screenshot({ path: 'test-results/place-picker-no-js.png' })
    await Promise.all([
      page.waitForLoadState('load'),
      box.getByRole('button', { name: '湖南省长沙市芙蓉区（430102）' }).click(),
    ])
    expect(await page.locator('#a_unitLocation').inputValue()).toBe('430102')
    expect(await hint(page, 'a_unitLocation')).toContain('当前：湖南省长沙市芙蓉区')
    expect(await page.getByLabel('档案转递联系人').inputValue()).toBe('张三丰')

    // 省 → 市 → 县 for 户口迁移所在地.
    const hk = page.locator('#h_location-place')
    await Promise.all([page.waitForLoadState('load'), hk.getByRole('button', { name: '按省份选择' }).click()])
    await Promise.all([page.waitForLoadState('load'), hk.getByRole('button', { name: '北京市 ›' }).click()])
    await Promise.all([
      page.waitForLoadState('load'),
      hk.getByRole('button', { name: '北京市海淀区（110108）' }).click(),
    ])
    expect(await page.locator('#h_location').inputValue()).toBe('110108')
    expect(await page.locator('#a_unitLocation').inputValue()).toBe('430102')
    expect(await page.getByLabel('档案转递联系人').inputValue()).toBe('张三丰')
    // Still nothing saved until 暂存.
    expect(await t.db.selectFrom('registrations').select('id').execute()).toHaveLength(0)
  })

  it('with JavaScript: results follow the typing, regions open in place, the hint follows the code', async () => {
    const page = await graduatePage(true)
    const url = page.url()
    await page.getByLabel('档案转递联系人').fill('李四')
    const box = page.locator('#a_unitLocation-place')
    await box.getByLabel('按地名查找').pressSequentially('长沙 芙蓉')
    const pick = box.getByRole('button', { name: '湖南省长沙市芙蓉区（430102）' })
    await pick.waitFor()
    await box.screenshot({ path: 'test-results/place-picker-js.png' })
    await pick.click()
    expect(await page.locator('#a_unitLocation').inputValue()).toBe('430102')
    await expect.poll(() => hint(page, 'a_unitLocation')).toContain('当前：湖南省长沙市芙蓉区')

    // 按省份选择 → 湖南省 → 长沙市 → 长沙县, without leaving the page.
    const hk = page.locator('#h_location-place')
    await hk.getByRole('button', { name: '按省份选择' }).click()
    await hk.getByRole('button', { name: '湖南省 ›' }).click()
    await hk.getByRole('button', { name: '湖南省长沙市 ›' }).click()
    await hk.getByRole('button', { name: '湖南省长沙市长沙县（430121）' }).click()
    expect(await page.locator('#h_location').inputValue()).toBe('430121')
    await expect.poll(() => hint(page, 'h_location')).toContain('当前：湖南省长沙市长沙县')

    // Typing a code: the hint follows it.
    const code = page.locator('#d_unitLocation')
    await page.getByLabel('毕业去向', { exact: true }).selectOption('签劳动合同就业')
    await code.pressSequentially('1101')
    await expect.poll(() => hint(page, 'd_unitLocation')).toContain('当前：已输入 4 位')
    await code.pressSequentially('08')
    await expect.poll(() => hint(page, 'd_unitLocation')).toContain('当前：北京市海淀区')
    await code.fill('430101')
    await expect.poll(() => hint(page, 'd_unitLocation')).toContain('不是县级行政区划代码')
    expect(page.url()).toBe(url)
    expect(await page.getByLabel('档案转递联系人').inputValue()).toBe('李四')
  })
})
