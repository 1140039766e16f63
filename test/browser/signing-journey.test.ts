/**
 * Online signing end to end in real Chromium (issue 15): an HR clerk registers the unit on a phone,
 * the school approves it at a desk (1280 px), the clerk finds the graduate by 姓名 + 身份证号 + 院校,
 * adds them to the 学生收藏夹 and sends the 签约邀请函, the graduate accepts on a phone, and the
 * school's 鉴证 — once at 1280 px, once on a 390 px phone for a second graduate — puts the
 * agreements in force; the PDF link answers with a PDF.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { AGENTS, creditCode } from '../agreements/fixtures.js'
import { PHONE, harnessForFile } from './harness.js'

const harness = harnessForFile()
const DESK = { width: 1280, height: 900 }

async function fits(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

async function signIn(page: Page, path: string, user: string, password: string, landing: RegExp) {
  await page.goto(`${harness().base}${path}`)
  await page.getByLabel(/用户名|学号/).fill(user)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await Promise.all([page.waitForURL(landing), page.getByRole('button', { name: '登录' }).click()])
}

async function invite(hr: Page, g: { name: string; idCard: string }) {
  const { base } = harness()
  await hr.goto(`${base}/employer/favorites`)
  await hr.getByLabel('学生姓名').fill(g.name)
  await hr.getByLabel('身份证号').fill(g.idCard)
  await hr.getByLabel('毕业院校').fill('10001')
  await Promise.all([hr.waitForLoadState('load'), hr.getByRole('button', { name: '搜索' }).click()])
  expect(await hr.locator('[data-found]').textContent()).toContain(g.name)
  await Promise.all([hr.waitForURL(/ok=added/), hr.getByRole('button', { name: '确认无误，加入收藏夹' }).click()])
  const item = hr.locator('[data-favorites] li', { hasText: g.name })
  await Promise.all([hr.waitForURL(/invitations\/new/), item.getByRole('link', { name: '发起签约邀请' }).click()])
  await fits(hr, PHONE.width)
  await hr.getByLabel('拟录用职位类别').selectOption('13')
  await hr.getByLabel('拟录用职位名称（岗位名称）').fill('测试开发工程师')
  await hr.getByLabel('薪资').fill('12000元/月')
  await hr.getByLabel('单位是否接收档案').selectOption('签约单位接收')
  await Promise.all([hr.waitForURL(/ok=sent/), hr.getByRole('button', { name: '发送邀请函' }).click()])
}

async function accept(g: { studentNo: string }) {
  const { base } = harness()
  const page = await (await harness().context({ viewport: PHONE })).newPage()
  await signIn(page, '/me/login', g.studentNo, 'new-password-1', /\/me$/)
  const card = page.locator('[data-invitations] li').first()
  expect(await card.textContent()).toContain('测试开发工程师')
  page.once('dialog', (d) => d.accept())
  await Promise.all([page.waitForURL(/ok=accept/), card.getByRole('button', { name: '接受' }).click()])
  await page.goto(`${base}/me/agreements`)
  expect(await page.locator('[data-agreement]').first().textContent()).toContain('学生已同意签约')
}

async function review(viewport: { width: number; height: number }, id: number) {
  const { base } = harness()
  const page = await harness().signedInAdmin({ viewport })
  await page.goto(`${base}/admin/agreements?awaiting=true`)
  await Promise.all([
    page.waitForURL(new RegExp(`/admin/agreements/${id}$`)),
    page.locator(`a[href="/admin/agreements/${id}"]`).first().click(),
  ])
  await fits(page, viewport.width)
  expect(await page.textContent('body')).toContain('就业管理系统已报送的就业信息')
  await Promise.all([page.waitForURL(/ok=approve/), page.getByRole('button', { name: '审核通过' }).click()])
  expect(await page.textContent('body')).toContain('签约鉴证通过（已生效）')
  const href = await page.getByRole('link', { name: '下载协议书' }).getAttribute('href')
  const pdf = await page.request.get(`${base}${href}`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
}

describe('online signing in Chromium', () => {
  it('register → approved → 收藏夹 → 邀请函 → accepted → 鉴证 at 1280 px and on a phone → PDF', async () => {
    const { t, base } = harness()
    await t.json('PUT', '/api/v1/settings/signing', {
      token: t.adminToken,
      body: { agents: AGENTS, onlineSigning: true },
    })
    const g1 = await insertGraduate(t)
    const g2 = await insertGraduate(t)
    await studentToken(t, g1)
    await studentToken(t, g2)

    // the HR clerk registers the unit on a phone
    const hr = await (await harness().context({ viewport: PHONE })).newPage()
    await hr.goto(`${base}/employer/register`)
    await fits(hr, PHONE.width)
    await hr.getByLabel('单位名称').fill('浏览器签约科技有限公司')
    await hr.getByLabel('统一社会信用代码').fill(creditCode())
    await hr.getByLabel('单位性质').selectOption('39')
    await hr.getByLabel('单位行业').selectOption('34')
    await hr.locator('#location').fill('110108')
    await hr.getByLabel('通讯地址').fill('北京市海淀区中关村大街1号')
    await hr.getByLabel('单位联系人').fill('钱经理')
    await hr.getByLabel('联系人电话 / 手机').fill('13600136000')
    await hr.getByLabel('用户名').fill('browserhr')
    await hr.getByLabel('密码', { exact: true }).fill('browser-hr-pass-1')
    await hr.getByLabel('再次输入密码').fill('browser-hr-pass-1')
    await Promise.all([hr.waitForURL(/registered=1/), hr.getByRole('button', { name: /注册/ }).click()])

    // the school approves it at a desk
    const school = await harness().signedInAdmin({ viewport: DESK })
    await school.goto(`${base}/admin/employers`)
    const row = school.locator('[data-employer]', { hasText: '浏览器签约科技有限公司' })
    await Promise.all([school.waitForLoadState('load'), row.getByRole('button', { name: '审核通过' }).click()])
    const status = await t.db.selectFrom('employers').select('status').executeTakeFirstOrThrow()
    expect(status.status).toBe('approved')

    // the clerk signs in, finds each graduate, and invites them
    await signIn(hr, '/employer/login', 'browserhr', 'browser-hr-pass-1', /\/employer$/)
    await invite(hr, g1)
    await invite(hr, g2)
    const invited = await t.db.selectFrom('agreements').select(['id', 'status']).orderBy('id').execute()
    expect(invited.map((a) => a.status)).toEqual(['invited', 'invited'])

    await accept(g1)
    await accept(g2)
    await review(DESK, invited[0].id)
    await review(PHONE, invited[1].id)
    const done = await t.db.selectFrom('agreements').select('status').orderBy('id').execute()
    expect(done.map((a) => a.status)).toEqual(['in_force', 'in_force'])
    // A whole journey of three parties in five browser contexts: about 15 s alone, twice that
    // when the machine is shared, so it has the time of the other long journeys.
  }, 90_000)
})
