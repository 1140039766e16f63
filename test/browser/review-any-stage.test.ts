/**
 * 先院系再校级审核 in Chromium (issue 13 §10): on a 待审核 registration that still waits for its
 * 院系, the school's review page offers 审核通过, 退回修改, 审核不通过 and 修改去向, and a decision
 * there is recorded as the school's; the settings page refuses two levels while a 院系 with
 * graduates has no account that may review, naming it.
 */
import { describe, expect, it } from 'vitest'
import { harnessForFile } from './harness.js'
import { graduateWithToken, submitted } from '../registration/fixtures.js'

const harness = harnessForFile()

describe('the school reviews at any stage in Chromium', () => {
  it('refuses two levels without a 院系 reviewer; then the school decides a 待审核 registration itself', async () => {
    const h = harness()
    const { t, base } = h
    const g1 = await graduateWithToken(t, { department: '计算机学院' })
    const g2 = await graduateWithToken(t, { department: '计算机学院' })
    const page = await h.signedInAdmin({ viewport: { width: 1280, height: 900 } })

    await page.goto(`${base}/admin/registrations/settings`)
    await page.getByLabel('先院系再校级审核').check()
    await page.getByRole('button', { name: /保存/ }).click()
    expect(await page.getByRole('alert').innerText()).toContain('计算机学院')
    expect(await page.getByLabel('仅校级审核').isChecked()).toBe(true)

    await t.createStaff('jsj', { department: '计算机学院' })
    await page.getByLabel('先院系再校级审核').check()
    await Promise.all([page.waitForURL(/settings\?ok=mode$/), page.getByRole('button', { name: /保存/ }).click()])
    expect(await page.getByLabel('先院系再校级审核').isChecked()).toBe(true)

    const r1 = await submitted(t, g1)
    const r2 = await submitted(t, g2)
    await page.goto(`${base}/admin/registrations/${r1.id}`)
    const main = page.locator('main')
    expect(await main.innerText()).toContain('等待院系审核')
    for (const name of ['审核通过', '退回修改', '审核不通过'])
      expect(await page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true)
    expect(await page.getByRole('link', { name: '修改去向' }).isVisible()).toBe(true)
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/registrations/${r1.id}\\?ok=approve$`)),
      page.getByRole('button', { name: '审核通过', exact: true }).click(),
    ])
    expect(await main.innerText()).toContain('已审核通过')
    expect(await page.locator('main').innerText()).toContain('学校审核（院系未审核）')

    // 修改去向 on the other one: the edit form, saved, approves it as the school.
    await page.goto(`${base}/admin/registrations/${r2.id}`)
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/registrations/${r2.id}/edit$`)),
      page.getByRole('link', { name: '修改去向' }).click(),
    ])
    expect(await main.innerText()).toContain('保存修改即由学校审核通过')
    await page.getByLabel('单位名称').first().fill('北京修改后科技有限公司')
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/registrations/${r2.id}\\?ok=modified$`)),
      page.getByRole('button', { name: '保存修改' }).click(),
    ])
    const after = await t.json('GET', `/api/v1/registrations/${r2.id}`, { token: t.adminToken })
    expect(after.data).toMatchObject({ status: 'approved', destination: { unitName: '北京修改后科技有限公司' } })
  })
})
