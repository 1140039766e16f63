/**
 * The staff and graduate pages in a real browser (headless Debian Chromium through playwright-core),
 * at phone width, on the demo school (src/demo/load.ts: 240 graduates in every state). Staff sign
 * in through the login form and open every main page; a graduate signs in with the first password,
 * is made to change it, lands on /me with the confirmation reminder, and fills the registration
 * form — once with mistakes (every problem listed, nothing typed lost), once without JavaScript.
 * On every page the body must not be wider than the phone. Screenshots go to test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sql } from 'kysely'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'
import { startBrowserHarness, type BrowserHarness } from './harness.js'
import { loadDemo } from '../../src/demo/load.js'

let t: TestApp
let base = ''
let h: BrowserHarness
const browser = (opts: { javaScriptEnabled?: boolean } = {}) => h.context(opts)

/** A graduate of the demo school matching the condition, with the first password (last six of the 身份证号). */
async function graduateWhere(where: string) {
  const r = await sql<{ id: number; student_no: string; id_card: string }>`
    SELECT g.id, g.student_no, g.id_card FROM graduates g LEFT JOIN registrations r ON r.graduate_id = g.id
    WHERE g.withdrawn_at IS NULL AND ${sql.raw(where)} ORDER BY g.id LIMIT 1`.execute(t.db)
  const g = r.rows[0]
  if (!g) throw new Error(`no demo graduate where ${where}`)
  return { id: g.id, studentNo: g.student_no, firstPassword: g.id_card.slice(-6) }
}

/** Nothing on the page is wider than the phone: wide tables scroll inside their own box. */
async function expectFitsPhone(page: Page, name: string) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  await page.screenshot({ path: `test-results/phone-${name}.png`, fullPage: true })
  expect(scroll, `${name}: page wider than the phone`).toBeLessThanOrEqual(inner)
}

async function open(page: Page, path: string, heading: string | RegExp) {
  const res = await page.goto(base + path)
  expect(res?.status(), path).toBe(200)
  expect(await page.getByRole('heading', { level: 1 }).innerText(), path).toMatch(heading)
  await expectFitsPhone(page, path.replace(/\W+/g, '_'))
}

async function graduateSignsIn(page: Page, g: { studentNo: string; firstPassword: string }) {
  await page.goto(`${base}/me/login`)
  await page.getByLabel('学号').fill(g.studentNo)
  await page.getByLabel('密码', { exact: true }).fill(g.firstPassword)
  await Promise.all([page.waitForURL(/\/me\/password$/), page.getByRole('button', { name: '登录' }).click()])
  await page.getByLabel('原密码').fill(g.firstPassword)
  await page.getByLabel('新密码').fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me\?done=password$/), page.getByRole('button', { name: '保存新密码' }).click()])
}

beforeAll(async () => {
  t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
  h = await startBrowserHarness(t)
  base = h.base
})

afterAll(() => h.close())

describe('the pages at phone width in Chromium', () => {
  it('staff: sign in through the form, then every main page shows its content and fits the phone', async () => {
    const page = await (await browser()).newPage()
    await page.goto(`${base}/admin/login`)
    await expectFitsPhone(page, 'admin-login')
    // A wrong password keeps the user name and says what went wrong.
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill('wrong-password')
    await page.getByRole('button', { name: '登录' }).click()
    expect(await page.getByRole('alert').innerText()).toContain('用户名或密码错误')
    expect(await page.getByLabel('用户名').inputValue()).toBe('admin')
    await page.getByLabel('密码').fill(ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: '登录' }).click()])

    const submitted = await graduateWhere(`r.status = 'submitted'`)
    const regId = (
      await t.db
        .selectFrom('registrations')
        .select('id')
        .where('graduate_id', '=', submitted.id)
        .executeTakeFirstOrThrow()
    ).id
    await open(page, '/admin', '全校毕业去向概况')
    expect(await page.locator('[data-stat="pending"] .n').innerText()).toMatch(/^[1-9]\d*$/)
    await open(page, '/admin/roster', '生源名单')
    expect(await page.locator('main table tbody tr').count()).toBe(20)
    expect(await page.getByRole('navigation', { name: '分页' }).innerText()).toContain('第 1 / 12 页')
    await open(page, '/admin/roster/import', '导入生源')
    await open(page, `/admin/roster/${submitted.id}`, /\S/)
    expect(await page.locator('[data-registration]').innerText()).toContain('待审核')
    await open(page, '/admin/roster/corrections', '生源核对审核')
    expect(await page.locator('main').innerText()).toContain('没有待审核的生源核对')
    await open(page, '/admin/registrations?status=pending', '去向登记审核')
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0)
    await open(page, `/admin/registrations/${regId}`, /的去向登记/)
    // The two-level review: the school is told the 院系 reviews first.
    expect(await page.locator('main').innerText()).toContain('等待院系审核')
    await open(page, '/admin/registrations/settings', '审核设置')
    await open(page, '/admin/registrations/import', '导入去向登记')
    await open(page, '/admin/archive-units', '档案接收单位名录')
    await open(page, '/admin/confirmations', '登记确认情况列表')
    await open(page, '/admin/confirmations/stats', '登记确认情况统计')
    await open(page, '/admin/users', '账号管理')
    expect(await page.locator('main').innerText()).toContain('dept1')
    await open(page, '/admin/audit', '操作日志')
    // Read in Chinese and Beijing time, not action codes and UTC.
    const audit = await page.locator('main table').innerText()
    expect(audit).toContain('去向登记：审核通过')
    expect(audit).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
  })

  it('a graduate: first password, forced change, the reminder on /me, the registration form with every mistake listed', async () => {
    const page = await (await browser()).newPage()
    const g = await graduateWhere(
      `r.status = 'approved' AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE c.graduate_id = g.id)`,
    )
    await graduateSignsIn(page, g)
    expect(await page.getByRole('status').first().innerText()).toContain('密码已修改')
    const prompt = page.locator('[data-confirmation-prompt="未确认"]')
    expect(await prompt.isVisible()).toBe(true)
    await expectFitsPhone(page, 'me')
    await Promise.all([
      page.waitForURL(/\/me\/confirmation$/),
      prompt.getByRole('link', { name: '去登记确认' }).click(),
    ])
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('去向登记确认')
    await expectFitsPhone(page, 'me-confirmation')
    await open(page, '/me/registration', '毕业去向登记')
    expect(await page.locator('main').innerText()).toContain('审核通过')

    // Another graduate, with nothing registered yet, gets the form wrong.
    const fresh = await (await browser()).newPage()
    const n = await graduateWhere('r.id IS NULL')
    await graduateSignsIn(fresh, n)
    expect(await fresh.locator('[data-registration-status="none"]').innerText()).toContain('还没有登记毕业去向')
    await fresh.goto(`${base}/me/registration`)
    await fresh.locator('#d_type').selectOption('签就业协议书就业')
    // With the script, only the chosen type's fields show.
    expect(await fresh.locator('#d_school').isVisible()).toBe(false)
    await fresh.getByLabel('单位名称', { exact: true }).fill('青禾农业发展有限公司')
    await fresh.getByLabel('档案转递联系人').fill('张老师')
    await Promise.all([fresh.waitForLoadState('load'), fresh.getByRole('button', { name: '提交审核' }).click()])
    const summary = fresh.locator('#error-summary')
    const items = await summary.locator('li').allInnerTexts()
    expect(items.length).toBeGreaterThanOrEqual(4)
    expect(items).toContain('统一社会信用代码：必须填写')
    expect(items).toContain('档案转递类型：必须选择')
    // Each item links to its field, which is marked and explained beside it; nothing typed is lost.
    expect(await summary.getByRole('link', { name: '档案转递类型：必须选择' }).getAttribute('href')).toBe(
      '#a_transferType',
    )
    expect(await fresh.locator('#a_transferType').getAttribute('aria-invalid')).toBe('true')
    expect(await fresh.locator('#a_transferType-error').innerText()).toBe('档案转递类型：必须选择')
    expect(await fresh.getByLabel('单位名称', { exact: true }).inputValue()).toBe('青禾农业发展有限公司')
    expect(await fresh.getByLabel('档案转递联系人').inputValue()).toBe('张老师')
    expect(await fresh.evaluate(() => document.activeElement?.id)).toBe('error-summary')
    await expectFitsPhone(fresh, 'me-registration-errors')
  })

  it('without JavaScript: a graduate saves with Enter and submits the registration', async () => {
    const page = await (await browser({ javaScriptEnabled: false })).newPage()
    const g = await (async () => {
      const r = await sql<{ id: number; student_no: string; id_card: string }>`
        SELECT g.id, g.student_no, g.id_card FROM graduates g WHERE g.withdrawn_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.graduate_id = g.id) ORDER BY g.id DESC LIMIT 1`.execute(
        t.db,
      )
      return { studentNo: r.rows[0].student_no, firstPassword: r.rows[0].id_card.slice(-6) }
    })()
    await graduateSignsIn(page, g)
    await page.goto(`${base}/me/registration`)
    await page.locator('#d_type').selectOption('求职中')
    await page.locator('#a_transferType').selectOption('转回生源地')
    await page.getByLabel('档案转递单位名称').fill('海淀区人才服务中心')
    await page.getByLabel('档案转递单位地址').fill('海淀区西四环北路73号')
    await page.getByRole('textbox', { name: '档案转递单位所在地' }).fill('110108')
    await page.getByLabel('档案转递单位邮编').fill('100195')
    await page.getByLabel('档案转递联系人').fill('王老师')
    await page.getByLabel('档案转递联系电话').fill('13800138000')
    await page.locator('#h_migrationType').selectOption('不迁移')
    // Enter in a text field saves the draft (not the 按生源地预填 button further down the form).
    await Promise.all([page.waitForURL(/ok=saved$/), page.getByLabel('档案转递联系人').press('Enter')])
    expect(await page.getByRole('status').first().innerText()).toContain('已暂存')
    expect(await page.getByLabel('档案转递单位名称').inputValue()).toBe('海淀区人才服务中心')
    await Promise.all([page.waitForURL(/ok=submitted$/), page.getByRole('button', { name: '提交审核' }).click()])
    expect(await page.locator('main').innerText()).toContain('已提交审核')
    await expectFitsPhone(page, 'me-registration-submitted-nojs')
  })
})
