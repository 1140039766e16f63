/**
 * A graduate on a phone (390 px) through 线下签约 and its 解约 in real Chromium (issue 16 items 1,
 * 3, 6): the form filled by hand, 保存 and 提交审核, the stamped image chosen and uploaded after
 * 协议审核, 提交签约审核, then 申请解约 with the 解约函 — each step's status and next step on the
 * page, and nothing wider than the screen.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { AGENTS, creditCode } from '../agreements/fixtures.js'
import { PHONE, harnessForFile } from './harness.js'

const harness = harnessForFile()
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])

async function fits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
}

async function approve(id: number) {
  const { t } = harness()
  const r = await t.json('POST', `/api/v1/agreements/${id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  expect(r.status, JSON.stringify(r.data)).toBe(200)
}

describe('线下签约 on a phone', () => {
  it('fills, saves, submits, uploads the stamped image, and asks for 解约 with the 解约函', async () => {
    const { t, base } = harness()
    await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { agents: AGENTS } })
    const g = await insertGraduate(t)
    await studentToken(t, g)
    const page = await (await harness().context()).newPage()
    await page.goto(`${base}/me/login`)
    await page.getByLabel('学号').fill(g.studentNo)
    await page.getByLabel('密码', { exact: true }).fill('new-password-1')
    await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])

    await page.goto(`${base}/me/agreements`)
    await Promise.all([
      page.waitForURL(/\/me\/agreements\/new/),
      page.getByRole('link', { name: '申请线下签约' }).click(),
    ])
    await fits(page)
    await page.getByLabel('单位名称').fill('杭州手机测试有限公司')
    await page.getByLabel('统一社会信用代码').fill(creditCode())
    await page.getByLabel('单位性质').selectOption('39')
    await page.getByLabel('单位行业').selectOption('34')
    await page.locator('#unit_location').fill('330102')
    await page.getByLabel('通讯地址').fill('杭州市上城区解放路1号')
    await page.getByLabel('单位联系人').fill('孙经理')
    await page.getByLabel('联系人电话 / 手机').fill('13700137000')
    await page.getByLabel('拟录用职位类别').selectOption('13')
    await page.getByLabel('拟录用职位名称（岗位名称）').fill('前端工程师')
    await Promise.all([
      page.waitForURL(/\/me\/agreements\?ok=saved/),
      page.getByRole('button', { name: '保存' }).click(),
    ])
    const card = page.locator('[data-agreement]').first()
    await expect.poll(() => card.textContent()).toContain('草稿')
    expect(await card.textContent()).toContain('提交学校协议审核')
    await fits(page)
    await Promise.all([page.waitForURL(/ok=submitted/), card.getByRole('button', { name: '提交审核' }).click()])
    expect(await page.locator('[data-agreement]').first().textContent()).toContain('等待学校协议审核')

    const a = await t.db.selectFrom('agreements').select('id').executeTakeFirstOrThrow()
    await approve(a.id)
    await page.reload()
    const stamp = page.locator('[data-agreement]').first()
    expect(await stamp.textContent()).toContain('交单位盖章后上传协议书图像')
    expect(await stamp.getByRole('link', { name: '下载协议书' }).getAttribute('href')).toBe(
      `/api/v1/agreements/${a.id}/agreement.pdf`,
    )
    await stamp
      .getByLabel('上传盖章后的协议书图像')
      .setInputFiles({ name: '盖章协议.png', mimeType: 'image/png', buffer: PNG })
    await Promise.all([page.waitForURL(/ok=scanned/), stamp.getByRole('button', { name: '上传', exact: true }).click()])
    const scanned = page.locator('[data-agreement]').first()
    expect(await scanned.textContent()).toContain('盖章协议.png')
    await Promise.all([page.waitForURL(/ok=submitted/), scanned.getByRole('button', { name: '提交审核' }).click()])
    expect(await page.locator('[data-agreement]').first().textContent()).toContain('等待学校签约审核')

    await approve(a.id)
    await page.goto(`${base}/me`)
    expect(await page.locator('[data-home-agreement]').textContent()).toContain('签约鉴证通过（已生效）')
    await page.goto(`${base}/me/agreements`)
    await Promise.all([page.waitForURL(/\/rescission$/), page.getByRole('link', { name: '申请解约' }).click()])
    await fits(page)
    await page.getByLabel('解约原因').selectOption('升学')
    await page.getByLabel('情况说明').fill('考取研究生')
    await page.locator('#file').setInputFiles({ name: '解约函.png', mimeType: 'image/png', buffer: PNG })
    await Promise.all([page.waitForURL(/ok=rescission/), page.getByRole('button', { name: '提交解约申请' }).click()])
    const rescinding = page.locator('[data-agreement]').first()
    expect(await rescinding.textContent()).toContain('等待学校解约审核')
    expect(await rescinding.textContent()).toContain('解约函.png')
    await fits(page)
    const row = await t.db.selectFrom('agreements').select(['status', 'rescission_stage']).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'rescinding', rescission_stage: 'school' })
  })
})
