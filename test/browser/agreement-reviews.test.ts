/**
 * The school's 签约审核 and 解约审核 in headless Chromium (issue 16), at a desktop's width and at a
 * phone's: the school user opens an offline agreement waiting for its 签约审核, sees the stamped
 * scan (a real PNG, served inline by the authorised file route), approves it; the graduate then
 * asks for 解约 with the unit's 解约函, and the school reviews it with the letter shown and
 * approves it (the browser's confirm dialog asks first). One browser context for both widths;
 * screenshots go to test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createCanvas } from '@napi-rs/canvas'
import { insertGraduate, studentToken } from '../helpers.js'
import { fileForm } from '../registration/fixtures.js'
import { draft, ownSetup, post, scan } from '../agreements/own-fixtures.js'
import { PHONE, startBrowserHarness, type BrowserHarness } from './harness.js'

const DESKTOP = { width: 1280, height: 900 }

/** A real image (a page with a red "stamp"), so the browser has something to decode and show. */
function stampedPng(label: number): Uint8Array {
  const canvas = createCanvas(600, 420)
  const g = canvas.getContext('2d')
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, 600, 420)
  g.fillStyle = '#333333'
  for (let y = 40; y < 300; y += 28) g.fillRect(40, y, 520 - ((y * label) % 120), 8)
  g.strokeStyle = '#d01010'
  g.lineWidth = 8
  g.beginPath()
  g.arc(460, 330, 60, 0, Math.PI * 2)
  g.stroke()
  return new Uint8Array(canvas.toBuffer('image/png'))
}

let h: BrowserHarness
let page: Page

beforeAll(async () => {
  h = await startBrowserHarness()
  await ownSetup(h.t)
  page = await h.signedInAdmin({ viewport: DESKTOP })
})

afterAll(() => h.close())

/** An offline agreement past its 协议审核 with the stamped scan submitted: waiting for 签约审核. */
async function awaitingSigningReview(name: string) {
  const { t } = h
  const g = await insertGraduate(t, { name })
  const token = await studentToken(t, g)
  const a = await draft(t, token)
  expect((await post(t, token, `/api/v1/me/agreements/${a.id}/submit`)).status).toBe(200)
  expect((await post(t, t.adminToken, `/api/v1/agreements/${a.id}/decision`, { decision: 'approve' })).status).toBe(200)
  expect((await scan(t, token, a.id, stampedPng(a.id), '盖章协议书.png')).status).toBe(200)
  expect((await post(t, token, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('stamp_submitted')
  return { id: a.id as number, token }
}

/** The image is shown: decoded by the browser, and no wider than the screen. */
async function expectImageShown(alt: string, width: number) {
  const img = page.getByRole('img', { name: alt })
  await img.scrollIntoViewIfNeeded()
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 10_000 })
    .toBe(600)
  const box = await img.boundingBox()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(width)
}

async function expectNoSidewaysScroll(width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

async function reviewBothAt(viewport: { width: number; height: number }, name: string, tag: string) {
  const { t, base } = h
  await page.setViewportSize(viewport)
  const { id, token } = await awaitingSigningReview(name)
  const main = page.locator('main')

  // 签约审核: the scan, then 审核通过.
  await page.goto(`${base}/admin/agreements/${id}`)
  expect(await page.getByRole('heading', { level: 2, name: '签约审核' }).isVisible()).toBe(true)
  await expectImageShown('协议书图像：盖章协议书.png', viewport.width)
  await expectNoSidewaysScroll(viewport.width)
  await page.screenshot({ path: `test-results/agreement-signing-review-${tag}.png`, fullPage: true })
  await Promise.all([
    page.waitForURL(new RegExp(`/admin/agreements/${id}\\?ok=approve$`)),
    page.getByRole('button', { name: '审核通过', exact: true }).click(),
  ])
  expect(await main.innerText()).toContain('已审核通过')
  expect(await main.innerText()).toContain('签约鉴证通过（已生效）')

  // The graduate asks for 解约 with the unit's letter; the school reviews it.
  const asked = await t.json('POST', `/api/v1/me/agreements/${id}/rescission`, {
    token,
    body: (() => {
      const fd = fileForm(stampedPng(id + 7), '解约函.png')
      fd.append('reason', '其他去向')
      fd.append('note', '考取选调生')
      return fd
    })(),
  })
  expect(asked.status).toBe(200)
  await page.goto(`${base}/admin/agreements/${id}`)
  expect(await page.getByRole('heading', { level: 2, name: '解约审核' }).isVisible()).toBe(true)
  const request = page.locator('[data-rescission]')
  expect(await request.innerText()).toContain('考取选调生')
  await expectImageShown('解约函：解约函.png', viewport.width)
  await expectNoSidewaysScroll(viewport.width)
  await page.screenshot({ path: `test-results/agreement-rescission-review-${tag}.png`, fullPage: true })
  const asks: string[] = []
  page.once('dialog', (d) => {
    asks.push(d.message())
    void d.accept()
  })
  await Promise.all([
    page.waitForURL(new RegExp(`/admin/agreements/${id}\\?ok=r_approve$`)),
    page.getByRole('button', { name: '解约审核通过' }).click(),
  ])
  expect(asks).toEqual(['解约审核通过后解约即生效，毕业生的就业数据将被清空。确定通过吗？'])
  expect(await main.innerText()).toContain('解约审核通过，解约已生效')
  const after = await t.json('GET', `/api/v1/agreements/${id}`, { token: t.adminToken })
  expect(after.data.status).toBe('rescinded')
}

describe('签约审核 and 解约审核 in Chromium', () => {
  it('at 1280 wide: the scan seen and approved, then the 解约 with its letter approved', async () => {
    await reviewBothAt(DESKTOP, '林黛玉', 'desktop')
  }, 90_000)

  it('at 390 wide (phone): the same, nothing wider than the screen', async () => {
    await reviewBothAt(PHONE, '薛宝钗', 'phone')
  }, 90_000)
})
