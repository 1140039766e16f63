/**
 * The self-check's three review levels in Chromium (issue 14 item 3; seed 002: 班主任 → 二级学院 →
 * 校级): the school turns on all three at 1280 px; the counsellor on a 390 px phone sees only its
 * class and passes the correction on; the 院系, then the school, pass it; the school record takes
 * it; 重新审核 (asked first by the browser) puts it back in the counsellor's queue.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { harnessForFile, type BrowserHarness } from './harness.js'

const harness = harnessForFile()

const CORRECTION = {
  originCode: '430104',
  phone: '13911112222',
  email: 'me@example.cn',
  qq: '123456',
  homeAddress: '长沙市岳麓区',
  homePhone: '',
  urbanRural: '农村',
}

async function signIn(h: BrowserHarness, username: string, password: string, wide = false) {
  const page = await (await h.context(wide ? { viewport: { width: 1280, height: 900 } } : {})).newPage()
  page.setDefaultTimeout(8000)
  await page.goto(`${h.base}/admin/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: '登录' }).click()])
  return page
}

/** Opens the queue, checks who is in it, opens 孙悟空's correction and passes it. */
async function approveAt(page: Page, base: string, expectLevel: string) {
  await page.goto(`${base}/admin/roster/corrections`)
  const main = page.locator('main')
  expect(await main.innerText()).toContain(`待${expectLevel}审核`)
  expect(await main.innerText()).not.toContain('猪八戒')
  await Promise.all([page.waitForURL(/corrections\/\d+$/), page.getByRole('link', { name: '孙悟空' }).click()])
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '审核通过' }).click()])
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  expect(scroll).toBeLessThanOrEqual(inner)
}

describe('three review levels in Chromium', () => {
  it('班主任 → 院系 → 学校, each seeing only what waits at its level; 重新审核 goes back to the first', async () => {
    const h = harness()
    const { t, base } = h
    const mine = await insertGraduate(t, { department: '计算机学院', class_name: '计科2201', name: '孙悟空' })
    const other = await insertGraduate(t, { department: '计算机学院', class_name: '计科2202', name: '猪八戒' })
    const made = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'teacher',
        password: 'staff-password-1',
        role: 'counsellor',
        department: '计算机学院',
        classes: ['计科2201'],
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expect(made.status).toBe(201)
    await t.createStaff('cs', { department: '计算机学院' })

    // The school sets 班主任 → 院系 → 学校 on the settings page.
    const admin = await signIn(h, 'admin', 'admin-pass-2026', true)
    await admin.goto(`${base}/admin/roster/review-settings`)
    await admin.getByLabel('班主任（辅导员）').check()
    await admin.getByLabel('学校').check()
    await Promise.all([admin.waitForURL(/ok=1/), admin.getByRole('button', { name: '保存' }).click()])
    expect(await admin.locator('main').innerText()).toContain('班主任（辅导员） → 院系 → 学校')

    // Both graduates check their data; only 孙悟空 is in the counsellor's class.
    for (const g of [mine, other]) {
      const token = await studentToken(t, g)
      expect((await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })).status).toBe(201)
    }
    const phoneOf = async () =>
      (await t.db.selectFrom('graduates').select('phone').where('id', '=', mine.id).executeTakeFirstOrThrow()).phone
    const before = await phoneOf()

    const teacher = await signIn(h, 'teacher', 'staff-password-1')
    await approveAt(teacher, base, '班主任（辅导员）')
    expect(await teacher.locator('main').innerText()).toContain('院系')
    // The 院系's queue had nothing of 孙悟空 until now; now it is there, at its level.
    const dept = await signIn(h, 'cs', 'cs-password')
    await dept.goto(`${base}/admin/roster/corrections`)
    expect(await dept.locator('main').innerText()).toContain('孙悟空')
    await approveAt(dept, base, '院系')
    expect(await phoneOf()).toBe(before)

    await admin.goto(`${base}/admin/roster/corrections`)
    await Promise.all([admin.waitForURL(/corrections\/\d+$/), admin.getByRole('link', { name: '孙悟空' }).click()])
    const url = admin.url()
    await Promise.all([admin.waitForURL(/done=1/), admin.getByRole('button', { name: '审核通过' }).click()])
    expect(await phoneOf()).toBe('13911112222')

    // 重新审核: the browser asks; dismissed, nothing happens; accepted, back to the counsellor.
    await admin.goto(url)
    const asked: string[] = []
    admin.once('dialog', (d) => {
      asked.push(d.message())
      void d.dismiss()
    })
    await admin.getByRole('button', { name: '重新审核' }).click()
    expect(asked).toEqual(['确定将这条核对重新审核吗？'])
    expect(admin.url()).toBe(url)
    admin.once('dialog', (d) => void d.accept())
    await Promise.all([admin.waitForLoadState('load'), admin.getByRole('button', { name: '重新审核' }).click()])
    await teacher.goto(`${base}/admin/roster/corrections`)
    expect(await teacher.locator('main').innerText()).toContain('孙悟空')
    expect(await teacher.locator('main').innerText()).toContain('待班主任（辅导员）审核')
  }, 90_000)
})
