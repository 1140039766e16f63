/**
 * Destructive buttons in a real browser (headless Chromium through playwright-core): without
 * JavaScript the server's confirmation page asks and 确认 carries the form through; with it,
 * only the window.confirm() dialog asks (dismissing it posts nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, type TestApp } from '../helpers.js'
import { startBrowserHarness, type BrowserHarness } from './harness.js'

let t: TestApp
let base = ''
let h: BrowserHarness
const signedIn = (javaScriptEnabled: boolean): Promise<Page> => h.signedInAdmin({ javaScriptEnabled })

const withdrawnAt = async (id: number) =>
  (await t.db.selectFrom('graduates').select('withdrawn_at').where('id', '=', id).executeTakeFirstOrThrow())
    .withdrawn_at

beforeAll(async () => {
  h = await startBrowserHarness()
  ;({ t, base } = h)
})

afterAll(() => h.close())

describe('confirming a destructive action in Chromium', () => {
  it('without JavaScript: the confirmation page asks; 取消 changes nothing; 确认 withdraws', async () => {
    const g = await insertGraduate(t, { name: '沙悟净' })
    const page = await signedIn(false)
    await page.goto(`${base}/admin/roster/${g.id}`)
    await page.getByLabel('撤出原因').fill('退学')
    await page.getByRole('button', { name: '撤出生源' }).click()
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('确认撤出生源')
    expect(await page.getByRole('alert').innerText()).toContain('确定将 沙悟净 撤出生源吗')
    expect(await withdrawnAt(g.id)).toBeNull()
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)),
      page.getByRole('link', { name: '取消' }).click(),
    ])
    expect(await withdrawnAt(g.id)).toBeNull()

    await page.getByLabel('撤出原因').fill('退学')
    await page.getByRole('button', { name: '撤出生源' }).click()
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)),
      page.getByRole('button', { name: '确认撤出' }).click(),
    ])
    expect(await withdrawnAt(g.id)).not.toBeNull()
    expect(await page.locator('main').innerText()).toContain('退学')
  })

  it('with JavaScript: only the dialog asks; dismissing posts nothing', async () => {
    const g = await insertGraduate(t, { name: '猪八戒' })
    const page = await signedIn(true)
    await page.goto(`${base}/admin/roster/${g.id}`)
    await page.getByLabel('撤出原因').fill('休学')
    const messages: string[] = []
    page.once('dialog', (d) => {
      messages.push(d.message())
      void d.dismiss()
    })
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.postData() ?? '')
    })
    await page.getByRole('button', { name: '撤出生源' }).click()
    await page.evaluate(() => document.readyState) // the submit event has run its course
    expect(messages).toEqual(['确定将 猪八戒 撤出生源吗？'])
    expect(posts).toEqual([])
    expect(page.url()).toBe(`${base}/admin/roster/${g.id}`)
    expect(await withdrawnAt(g.id)).toBeNull()

    page.once('dialog', (d) => void d.accept())
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)),
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: '撤出生源' }).click(),
    ])
    expect(await withdrawnAt(g.id)).not.toBeNull()
    // app.js told the server it was confirmed, so no confirmation page came in between.
    expect(posts).toHaveLength(1)
    expect(new URLSearchParams(posts[0]).get('confirmed')).toBe('1')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).not.toContain('确认')
  })
})
