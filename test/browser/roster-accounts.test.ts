/**
 * 重置密码 and 解锁 from the roster pages in Chromium (issue 13 §8): on a graduate's page with
 * JavaScript (the browser's own question, then the notice), and for a selection on the list
 * without it (the confirmation page, then the notice); the graduate can then sign in.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { harnessForFile } from './harness.js'

const harness = harnessForFile()

async function lockedGraduate(t: TestApp, name: string) {
  const g = await insertGraduate(t, { name })
  await studentToken(t, g)
  for (let i = 0; i < 5; i++)
    await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: 'x' } })
  return g
}

const signIn = (t: TestApp, username: string, password: string) =>
  t.json('POST', '/api/v1/session', { body: { username, password } })

async function fitsPhone(page: Page, name: string) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  await page.screenshot({ path: `test-results/roster-accounts-${name}.png`, fullPage: true })
  expect(scroll, name).toBeLessThanOrEqual(inner)
}

describe('graduate accounts on the roster pages in Chromium', () => {
  it("with JavaScript, on the graduate's page: 解锁账号 and 重置密码, each asked first", async () => {
    const { t, base } = harness()
    const g = await lockedGraduate(t, '史湘云')
    expect((await signIn(t, g.studentNo, 'new-password-1')).status).toBe(423)
    const page = await harness().signedInAdmin()
    await page.goto(`${base}/admin/roster/${g.id}`)
    const card = page.locator('[data-account]')
    expect(await card.innerText()).toContain('已锁定')
    await fitsPhone(page, 'graduate')

    // The browser asks; dismissing it changes nothing.
    const questions: string[] = []
    page.once('dialog', (d) => {
      questions.push(d.message())
      void d.dismiss()
    })
    await card.getByRole('button', { name: '解锁账号' }).click()
    expect(questions[0]).toContain('确定解锁 史湘云 的账号')
    expect((await signIn(t, g.studentNo, 'new-password-1')).status).toBe(423)

    page.once('dialog', (d) => void d.accept())
    await Promise.all([page.waitForURL(/done=unlocked/), card.getByRole('button', { name: '解锁账号' }).click()])
    expect(await page.getByRole('status').innerText()).toContain('已解锁 史湘云 的账号')
    expect(await page.locator('[data-account]').innerText()).not.toContain('已锁定')
    expect((await signIn(t, g.studentNo, 'new-password-1')).status).toBe(200)

    page.once('dialog', (d) => void d.accept())
    await Promise.all([
      page.waitForURL(/done=reset/),
      page.locator('[data-account]').getByRole('button', { name: '重置密码' }).click(),
    ])
    expect(await page.getByRole('status').innerText()).toContain('已将 史湘云 的密码重置为初始密码')
    expect(await page.locator('[data-account]').innerText()).toContain('仍在使用初始密码')
    expect((await signIn(t, g.studentNo, 'new-password-1')).status).toBe(401)
    expect((await signIn(t, g.studentNo, g.firstPassword)).data.user.mustChangePassword).toBe(true)
  })

  it('without JavaScript, on the list: tick two, 解锁所选账号, the confirmation page, then the notice', async () => {
    const { t, base } = harness()
    const a = await lockedGraduate(t, '妙玉')
    const b = await lockedGraduate(t, '惜春')
    const page = await harness().signedInAdmin({ javaScriptEnabled: false })
    await page.goto(`${base}/admin/roster?q=${encodeURIComponent('妙玉')}`)
    expect(await page.getByRole('row', { name: /妙玉/ }).innerText()).toContain('已锁定')
    await page.getByLabel('选择 妙玉').check()
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '解锁所选账号' }).click()])
    // Asked first: nothing unlocked yet.
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('确认解锁账号')
    expect(await page.locator('main').innerText()).toContain('选中的 1 名毕业生')
    expect((await signIn(t, a.studentNo, 'new-password-1')).status).toBe(423)
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '确认解锁' }).click()])
    expect(await page.getByRole('status').innerText()).toContain('已解锁 1 名毕业生的账号')
    // Back on the same filtered list.
    expect(await page.getByLabel('姓名或学号').inputValue()).toBe('妙玉')
    expect(await page.getByRole('row', { name: /妙玉/ }).innerText()).not.toContain('已锁定')
    expect((await signIn(t, a.studentNo, 'new-password-1')).status).toBe(200)
    expect((await signIn(t, b.studentNo, 'new-password-1')).status).toBe(423)

    // The whole list: 重置所选密码 for both.
    await page.goto(`${base}/admin/roster`)
    await fitsPhone(page, 'list')
    await page.getByLabel('选择 妙玉').check()
    await page.getByLabel('选择 惜春').check()
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '重置所选密码' }).click()])
    expect(await page.locator('main').innerText()).toContain('选中的 2 名毕业生')
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '确认重置' }).click()])
    expect(await page.getByRole('status').innerText()).toContain('已将 2 名毕业生的密码重置为初始密码')
    for (const g of [a, b]) expect((await signIn(t, g.studentNo, g.firstPassword)).status).toBe(200)
  })
})
