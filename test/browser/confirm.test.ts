/**
 * Destructive buttons in a real browser (headless Chromium through playwright-core): without
 * JavaScript the server's confirmation page asks and 确认 carries the form through; with it,
 * only the window.confirm() dialog asks (dismissing it posts nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, type TestApp } from '../helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

let t: TestApp
let base = ''
let server: ReturnType<typeof serve>
const profiles: string[] = []
const contexts: BrowserContext[] = []

async function signedIn(javaScriptEnabled: boolean): Promise<Page> {
  const dir = mkdtempSync(join(tmpdir(), 'quxiang-chromium-'))
  profiles.push(dir)
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled })
  contexts.push(ctx)
  const page = await ctx.newPage()
  await page.goto(`${base}/admin/login`)
  await page.getByLabel('用户名').fill('admin')
  await page.getByLabel('密码').fill(ADMIN_PASSWORD)
  await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: '登录' }).click()])
  return page
}

const withdrawnAt = async (id: number) => (await t.db.selectFrom('graduates').select('withdrawn_at').where('id', '=', id).executeTakeFirstOrThrow()).withdrawn_at

beforeAll(async () => {
  t = await createTestApp()
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`
      resolve()
    })
  })
})

afterAll(async () => {
  for (const c of contexts) await c.close()
  await new Promise((r) => server?.close(r))
  for (const d of profiles) rmSync(d, { recursive: true, force: true })
})

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
    await Promise.all([page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)), page.getByRole('link', { name: '取消' }).click()])
    expect(await withdrawnAt(g.id)).toBeNull()

    await page.getByLabel('撤出原因').fill('退学')
    await page.getByRole('button', { name: '撤出生源' }).click()
    await Promise.all([page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)), page.getByRole('button', { name: '确认撤出' }).click()])
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
    await Promise.all([page.waitForURL(new RegExp(`/admin/roster/${g.id}$`)), page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '撤出生源' }).click()])
    expect(await withdrawnAt(g.id)).not.toBeNull()
    // app.js told the server it was confirmed, so no confirmation page came in between.
    expect(posts).toHaveLength(1)
    expect(new URLSearchParams(posts[0]).get('confirmed')).toBe('1')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).not.toContain('确认')
  })
})
