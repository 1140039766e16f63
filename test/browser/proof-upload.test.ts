/**
 * Uploading a proof file on /me/registration keeps what the form holds (issue 13 §7): the graduate
 * fills the 档案 and 户口 fields, chooses a file and presses 上传 — with and without JavaScript —
 * and afterwards every field still holds what was typed (saved as the draft) and the file is listed.
 * A file refused (not a JPEG/PNG/PDF) keeps the typed fields too; fields that cannot be saved keep
 * the file and show each problem at its field.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { insertGraduate, studentToken } from '../helpers.js'
import { harnessForFile } from './harness.js'

const harness = harnessForFile()

async function graduatePage(javaScriptEnabled: boolean) {
  const { t, base } = harness()
  const g = await insertGraduate(t)
  await studentToken(t, g)
  const page = await (await harness().context({ javaScriptEnabled })).newPage()
  await page.goto(`${base}/me/login`)
  await page.getByLabel('学号').fill(g.studentNo)
  await page.getByLabel('密码', { exact: true }).fill('new-password-1')
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()])
  await page.goto(`${base}/me/registration`)
  return { page, g }
}

const TYPED = {
  a_unitName: '杭州市人才服务中心',
  a_unitAddress: '杭州市上城区解放路 1 号',
  a_postcode: '310002',
  a_contact: '王老师',
  a_phone: '0571-87000000',
  h_address: '杭州市上城区解放路 1 号集体户',
}

async function fillArchiveAndHukou(page: Page) {
  await page.locator('#a_transferType').selectOption('托管单位接收')
  await page.locator('#h_migrationType').selectOption('托管单位接收')
  for (const [id, v] of Object.entries(TYPED)) await page.locator(`#${id}`).fill(v)
}

async function expectTypedKept(page: Page) {
  expect(await page.locator('#a_transferType').inputValue()).toBe('托管单位接收')
  expect(await page.locator('#h_migrationType').inputValue()).toBe('托管单位接收')
  for (const [id, v] of Object.entries(TYPED)) expect(await page.locator(`#${id}`).inputValue(), id).toBe(v)
}

const PDF = { name: '劳动合同.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') }

async function upload(page: Page, file: typeof PDF) {
  await page.getByLabel('选择文件').setInputFiles(file)
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '上传', exact: true }).click()])
}

describe('上传 on the registration form keeps what was typed', () => {
  for (const js of [true, false]) {
    it(`${js ? 'with' : 'without'} JavaScript: the fields stay filled (saved as the draft) and the file is listed`, async () => {
      const { t } = harness()
      const { page, g } = await graduatePage(js)
      await fillArchiveAndHukou(page)
      await upload(page, PDF)
      expect(await page.getByRole('status').innerText()).toContain('证明材料已上传')
      await page.screenshot({ path: `test-results/proof-upload-${js ? 'js' : 'no-js'}.png`, fullPage: true })
      await expectTypedKept(page)
      expect(await page.locator('.proofs').innerText()).toContain('劳动合同.pdf')

      // Saved, not only shown: a fresh load of the page has it too.
      await page.reload()
      await expectTypedKept(page)
      const reg = await t.db
        .selectFrom('registrations')
        .select(['status', 'archive', 'hukou'])
        .where('graduate_id', '=', g.id)
        .executeTakeFirstOrThrow()
      expect(reg.status).toBe('draft')
      expect(JSON.parse(reg.archive ?? '{}')).toMatchObject({ unitName: TYPED.a_unitName, contact: TYPED.a_contact })
      expect(JSON.parse(reg.hukou ?? '{}')).toMatchObject({ address: TYPED.h_address })
    })
  }

  it('a refused file: its message at the file field, the typed fields kept', async () => {
    const { page } = await graduatePage(false)
    await fillArchiveAndHukou(page)
    await upload(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a proof') })
    expect(await page.locator('#proof-file-error').innerText()).toContain('只接受 JPEG、PNG 图片或 PDF')
    await expectTypedKept(page)
    expect(await page.locator('.proofs').count()).toBe(0)
  })

  it('a field that cannot be saved: the file is still uploaded, the problem shown at its field, the typing kept', async () => {
    const { page } = await graduatePage(false)
    await fillArchiveAndHukou(page)
    await page.locator('#a_postcode').fill('3100')
    await upload(page, PDF)
    expect(await page.getByRole('status').innerText()).toContain('证明材料已上传，但填写的内容未能暂存')
    expect(await page.locator('#a_postcode-error').innerText()).toContain('邮编')
    expect(await page.locator('#a_postcode').inputValue()).toBe('3100')
    expect(await page.locator('#a_unitName').inputValue()).toBe(TYPED.a_unitName)
    expect(await page.locator('.proofs').innerText()).toContain('劳动合同.pdf')
  })
})
