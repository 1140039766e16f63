/**
 * Issue 17 §1: the bell with the unread count on EVERY signed-in page. Rather than a list of pages
 * (which a new page would silently miss), each audience's pages are found by following the links
 * of its own pages, from its home page on, and every one of them must carry the bell with the
 * count. Pages with ids are visited once per pattern (/admin/roster/7 stands for every graduate).
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { approved, graduateWithToken, submitted } from '../registration/fixtures.js'
import { notify, toUser } from '../../src/notifications/service.js'

/** The signed-in areas; the public pages (home, login, lookup, password reset) are nobody's. */
const AREAS = /^\/(me|admin|province|notifications)(\/|\?|$)/
/** Links not to follow: files, sign-in, the marking redirect. */
const SKIP = [
  /^\/(me|admin)\/login/,
  /^\/static\//,
  /\.(xlsx|csv|pdf|zip|png|jpe?g)(\?|$)/,
  /\/download/,
  /\/files?\//,
  /\/attachments\//,
  /^\/notifications\/\d+/, // opening a message marks it read: the count would change under the test
  /^\/(verify|agreements\/verify|lookup)/,
  /^\/api\//,
  /logout/,
]

/** The pages a signed-in person can reach from `start`, each with whether it shows the bell's count. */
async function crawl(t: TestApp, token: string, start: string, expected: number) {
  const seen = new Set<string>()
  const queue = [start]
  const visited: Array<{ path: string; status: number; bell: string | null }> = []
  const pattern = (p: string) => p.replace(/\?.*$/, '').replace(/\d+/g, 'N')
  while (queue.length && visited.length < 120) {
    const path = queue.shift()!
    if (seen.has(pattern(path))) continue
    seen.add(pattern(path))
    const res = await t.request('GET', path, { token, headers: { accept: 'text/html' } })
    const type = res.headers.get('content-type') ?? ''
    if (!type.includes('text/html')) continue
    const html = await res.text()
    if (res.status !== 200) {
      visited.push({ path, status: res.status, bell: null })
      continue
    }
    const bell = /<a class="bell"[^>]*aria-label="([^"]*)"[\s\S]*?<\/a>/.exec(html)
    const badge = bell && /data-unread="(\d+)"/.exec(bell[0])
    visited.push({ path, status: res.status, bell: badge ? badge[1] : bell ? 'no count' : null })
    for (const m of html.matchAll(/<a [^>]*href="([^"]+)"/g)) {
      const href = m[1].replaceAll('&amp;', '&')
      if (!AREAS.test(href)) continue
      if (SKIP.some((re) => re.test(href))) continue
      if (!seen.has(pattern(href))) queue.push(href)
    }
  }
  // Every page reached shows the bell with the count — none without it.
  const missing = visited.filter((v) => v.status === 200 && v.bell !== String(expected))
  expect(missing, `pages without the bell's count ${expected}`).toEqual([])
  return visited
}

async function oneUnread(t: TestApp, userId: number, n: number) {
  for (let i = 0; i < n; i++)
    await t.deps.batch(
      notify(t.deps, toUser(userId), { kind: 'confirmation.reminder', title: `提醒 ${i}`, body: '请确认', link: null }),
    )
}

const userIdOf = async (t: TestApp, username: string) =>
  (await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id

describe('the bell on every signed-in page (issue 17 §1)', () => {
  it('a graduate sees the unread count on each of their pages', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await approved(t, g)
    // The approval itself notified them once; two more.
    await oneUnread(t, await userIdOf(t, g.studentNo), 2)
    const pages = await crawl(t, g.token, '/me', 3)
    const paths = pages.map((p) => p.path.replace(/\?.*$/, ''))
    for (const p of [
      '/me',
      '/me/registration',
      '/me/confirmation',
      '/me/authorization',
      '/me/password',
      '/notifications',
    ])
      expect(paths).toContain(p)
  })

  it('school staff see it on each of theirs (roster, reviews, confirmations, transfer, accounts, imports)', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await submitted(t, g)
    await oneUnread(t, await userIdOf(t, 'admin'), 4)
    const pages = await crawl(t, t.adminToken, '/admin', 4)
    const paths = pages.map((p) => p.path.replace(/\?.*$/, '').replace(/\d+/g, 'N'))
    for (const p of [
      '/admin',
      '/admin/roster',
      '/admin/roster/N',
      '/admin/registrations',
      '/admin/registrations/N',
      '/admin/registrations/import',
      '/admin/confirmations',
      '/admin/transfer',
      '/admin/users',
      '/notifications',
    ])
      expect(paths).toContain(p)
    expect(pages.length).toBeGreaterThan(15)
  })

  it('a 院系 account sees it too', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await submitted(t, g)
    const dept = await t.db.selectFrom('departments').select('name').executeTakeFirstOrThrow()
    const token = await t.createStaff('dept1', { department: dept.name })
    await oneUnread(t, await userIdOf(t, 'dept1'), 1)
    const pages = await crawl(t, token, '/admin', 1)
    expect(pages.map((p) => p.path)).toContain('/admin/registrations')
  })

  it('the province administrator sees it on the province pages', async () => {
    const t = await createTestApp({ env: { DEPLOYMENT: 'province', PROVINCE_CODE: '11', PROVINCE_NAME: '北京市' } })
    await oneUnread(t, await userIdOf(t, 'province'), 2)
    const pages = await crawl(t, t.adminToken, '/province', 2)
    const paths = pages.map((p) => p.path.replace(/\?.*$/, ''))
    for (const p of ['/province', '/province/schools', '/notifications']) expect(paths).toContain(p)
    // Their inbox page keeps the province's navigation (no school pages they cannot open).
    const inbox = await (await t.request('GET', '/notifications', { token: t.adminToken })).text()
    expect(inbox).toContain('href="/province/schools"')
    expect(inbox).not.toContain('href="/admin/roster"')
  })
})
