/**
 * What every browser test needs: the app on a real port (@hono/node-server on loopback) and
 * headless Debian Chromium through playwright-core, each context with a fresh profile. One harness
 * per test file; nothing is shared between files.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'

const CHROMIUM = '/usr/bin/chromium'
/** No background networking: this machine's network is closed, and Chromium would keep trying. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const PHONE = { width: 390, height: 844 }

export interface BrowserHarness {
  t: TestApp
  base: string
  /** A new browser context with its own profile (phone size and zh-CN unless told otherwise). */
  context(opts?: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean }): Promise<BrowserContext>
  /** A page of a new context, signed in as the school's admin through the login form. */
  signedInAdmin(opts?: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean }): Promise<Page>
  close(): Promise<void>
}

export async function startBrowserHarness(t?: TestApp): Promise<BrowserHarness> {
  mkdirSync('test-results', { recursive: true })
  const app = t ?? (await createTestApp())
  const profiles: string[] = []
  const contexts: BrowserContext[] = []
  let server: ReturnType<typeof serve> | undefined
  const base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(`http://127.0.0.1:${info.port}`),
    )
  })
  const context: BrowserHarness['context'] = async ({ viewport = PHONE, javaScriptEnabled = true } = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-chromium-'))
    profiles.push(dir)
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport,
      locale: 'zh-CN',
      javaScriptEnabled,
    })
    contexts.push(ctx)
    return ctx
  }
  return {
    t: app,
    base,
    context,
    async signedInAdmin(opts) {
      const page = await (await context(opts)).newPage()
      await page.goto(`${base}/admin/login`)
      await page.getByLabel('用户名').fill('admin')
      await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD)
      await Promise.all([page.waitForURL(/\/admin$/), page.getByRole('button', { name: '登录' }).click()])
      return page
    },
    async close() {
      for (const c of contexts) await c.close()
      await new Promise((r) => server?.close(r))
      for (const d of profiles) rmSync(d, { recursive: true, force: true })
    },
  }
}

/** One harness for the calling test file on a fresh app: started before its tests, closed after them. */
export function harnessForFile(): () => BrowserHarness {
  let h: BrowserHarness | undefined
  beforeAll(async () => {
    h = await startBrowserHarness()
  })
  afterAll(() => h?.close())
  return () => h!
}
