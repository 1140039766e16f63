/**
 * The bell and the inbox in headless Chromium (issue 17 §1): a graduate and a school's staff
 * member each see the unread count in the header, open the list from the bell, follow a message's
 * link to the thing itself (which marks it read), mark another read by its button, and watch the
 * count drop on the next page. Screenshots go to test-results/.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { harnessForFile } from './harness.js'
import { graduateWithToken, submitted } from '../registration/fixtures.js'
import { notify, toUser } from '../../src/notifications/service.js'

const harness = harnessForFile()

const bell = (page: Page) => page.locator('header a.bell')
/** The count the bell shows: its badge's number, 0 when there is no badge. */
async function bellCount(page: Page) {
  const badge = bell(page).locator('.badge')
  return (await badge.count()) ? Number(await badge.getAttribute('data-unread')) : 0
}

async function signIn(page: Page, audience: 'me' | 'admin', username: string, password: string) {
  const { base } = harness()
  await page.goto(`${base}/${audience}/login`)
  await page.getByLabel(audience === 'me' ? '学号' : '用户名').fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await Promise.all([page.waitForURL(new RegExp(`/${audience}$`)), page.getByRole('button', { name: '登录' }).click()])
}

describe('the bell and the inbox in Chromium', () => {
  it('a graduate: count in the header, the list, a link followed, one marked read, the count drops', async () => {
    const { t } = harness()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    // Two real events: the registration returned, and a reminder from staff.
    let r = await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '请补充单位接收函' },
    })
    expect(r.status).toBe(200)
    // (A returned registration counts as 未上报: remind those.)
    r = await t.json('POST', '/api/v1/confirmations/reminders', { token: t.adminToken, body: { state: '未上报' } })
    expect(r.data.notified).toBe(1)

    const page = await (await harness().context()).newPage()
    await signIn(page, 'me', g.studentNo, 'new-password-1')
    expect(await bellCount(page)).toBe(2)
    await expect(bell(page).getAttribute('aria-label')).resolves.toBe('消息（2 条未读）')
    await bell(page).screenshot({ path: 'test-results/bell-graduate.png' })
    // The same count on another of their pages.
    await page.goto(`${harness().base}/me/authorization`)
    expect(await bellCount(page)).toBe(2)

    await Promise.all([page.waitForURL(/\/notifications$/), bell(page).click()])
    await expect(page.getByRole('heading', { name: '我的消息', level: 1 }).isVisible()).resolves.toBe(true)
    const items = page.locator('ul.inbox > li')
    expect(await items.count()).toBe(2)
    const returned = items.filter({ hasText: '去向登记被退回修改' })
    await expect(returned.innerText()).resolves.toContain('请补充单位接收函')
    await page.screenshot({ path: 'test-results/inbox-graduate.png', fullPage: true })

    // Following the message's link goes to the registration itself and marks it read.
    await Promise.all([
      page.waitForURL(/\/me\/registration$/),
      returned.getByRole('link', { name: '查看详情' }).click(),
    ])
    await expect(page.getByText('请补充单位接收函').first().isVisible()).resolves.toBe(true)
    expect(await bellCount(page)).toBe(1)

    // The other one, marked read by its button on the list.
    await Promise.all([page.waitForURL(/\/notifications$/), bell(page).click()])
    const unread = page.locator('ul.inbox > li.unread')
    expect(await unread.count()).toBe(1)
    await Promise.all([
      page.waitForURL(/\/notifications\?done=read$/),
      unread.getByRole('button', { name: '标为已读' }).click(),
    ])
    expect(await bellCount(page)).toBe(0)
    await expect(bell(page).getAttribute('aria-label')).resolves.toBe('消息')
    expect(await page.locator('ul.inbox > li.unread').count()).toBe(0)
    expect(await page.getByTestId('unread').innerText()).toBe('0')
    // And the API agrees.
    r = await t.json('GET', '/api/v1/me/notifications?unread=true', { token: g.token })
    expect(r.data.unread).toBe(0)
  })

  it('staff: the same bell on their pages, the link to the thing itself, 全部标为已读', async () => {
    const { t } = harness()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    await t.createStaff('reviewer1', { role: 'school' })
    const staff = await t.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'reviewer1')
      .executeTakeFirstOrThrow()
    for (const n of [
      {
        title: '有新的去向登记待审核',
        body: '一名毕业生提交了去向登记，请审核。',
        link: `/admin/registrations/${reg.id}`,
      },
      { title: '生源核对待审核', body: '有毕业生提交了生源信息修改。', link: '/admin/roster' },
      { title: '转递编号已生成', body: '本次生成 1 个。', link: '/admin/transfer' },
    ])
      await t.deps.batch(notify(t.deps, toUser(staff.id), { kind: 'transfer.number', ...n }))

    const page = await (await harness().context({ viewport: { width: 1280, height: 800 } })).newPage()
    await signIn(page, 'admin', 'reviewer1', 'reviewer1-password')
    expect(await bellCount(page)).toBe(3)
    for (const path of ['/admin/roster', '/admin/registrations', '/admin/confirmations', '/admin/transfer']) {
      await page.goto(`${harness().base}${path}`)
      expect(await bellCount(page), path).toBe(3)
    }
    await bell(page).screenshot({ path: 'test-results/bell-staff.png' })

    await Promise.all([page.waitForURL(/\/notifications$/), bell(page).click()])
    expect(await page.locator('ul.inbox > li.unread').count()).toBe(3)
    const first = page.locator('ul.inbox > li', { hasText: '有新的去向登记待审核' })
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/registrations/${reg.id}$`)),
      first.getByRole('link', { name: '查看详情' }).click(),
    ])
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(g.name)
    expect(await bellCount(page)).toBe(2)

    await Promise.all([page.waitForURL(/\/notifications$/), bell(page).click()])
    await Promise.all([
      page.waitForURL(/\/notifications\?done=read$/),
      page.getByRole('button', { name: '全部标为已读' }).click(),
    ])
    expect(await bellCount(page)).toBe(0)
    expect(await page.locator('ul.inbox > li.unread').count()).toBe(0)
    expect(await page.locator('ul.inbox > li').count()).toBe(3)
  })
})
