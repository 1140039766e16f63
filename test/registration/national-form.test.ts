/**
 * The national form's fields the registration carries (issue 16 item 5; seed 004 §2.1, §2.10):
 * the destination's 单位信息 beyond the unit (岗位名称, 单位联系人, 联系人电话 / 手机, 邮箱, 转正起薪,
 * 违约金), and 档案 and 户口 each with a 情况说明 and up to three images of their own. Over HTTP:
 * the JSON API, the import, the graduate's form page and the school's review page.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'
import {
  PNG,
  REG_HEADERS,
  approved,
  archive,
  csvForm,
  employment,
  fileForm,
  formFields,
  full,
  graduateWithToken,
  hukou,
  pageSession,
  registrationRow,
} from './fixtures.js'

const CONTACT = {
  jobTitle: '软件开发工程师',
  contactName: '赵经理',
  contactPhone: '010-88886666',
  contactMobile: '13900139000',
  contactEmail: 'hr@example.com',
  salary: '9000 元/月',
  penalty: '3000 元',
}

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0])
const PDF = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj<<>>endobj\n')

const upload = (t: TestApp, token: string, bytes: Uint8Array, name: string, part?: string) => {
  const fd = fileForm(bytes, name)
  if (part) fd.append('part', part)
  return t.json('POST', '/api/v1/me/registration/attachments', { token, body: fd })
}

describe('单位信息 of the national form', () => {
  it('round-trips through PUT and GET; a bad mobile, phone or e-mail is a 400 naming the field', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const saved = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { destination: employment({ ...CONTACT, contactMobile: '139 0013 9000' }) },
    })
    expect(saved.status).toBe(200)
    const mine = await t.json('GET', '/api/v1/me/registration', { token: g.token })
    expect(mine.data.destination).toEqual({ ...employment(), ...CONTACT, school: undefined, country: undefined })

    for (const [field, value, name] of [
      ['contactMobile', '1390013900', '联系人手机'],
      ['contactMobile', '23900139000', '联系人手机'],
      // The one mobile rule of src/domain/phone.ts: 12x is no mobile range (the roster refuses it too).
      ['contactMobile', '12900139000', '联系人手机'],
      ['contactPhone', '8888', '联系人电话'],
      ['contactEmail', 'hr.example.com', '联系人邮箱'],
      ['jobTitle', '岗'.repeat(51), '岗位名称'],
    ] as const) {
      const bad = await t.json('PUT', '/api/v1/me/registration', {
        token: g.token,
        body: { destination: employment({ [field]: value }) },
      })
      expect(bad.status, field).toBe(400)
      expect(bad.data.error.code).toBe('validation_error')
      expect(bad.data.error.message.startsWith(`${name}：`), bad.data.error.message).toBe(true)
    }
    // Nothing of the refused saves landed.
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).data.destination.contactMobile).toBe(
      '13900139000',
    )
  })

  it('签就业协议书就业 with the contract’s fields alone submits; a bad 联系人手机 is refused naming the field', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const dest = employment({ type: '签就业协议书就业' })
    await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: full(dest) })
    await upload(t, g.token, PNG, 'agreement.png')
    const bad = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { destination: { ...dest, jobTitle: '工程师', contactName: '赵经理', contactMobile: '1390013900' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toMatch(/^联系人手机：/)
    const ok = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    expect(ok.status).toBe(200)
    // what was stored before the refused edit is kept: no 岗位名称 came in with it
    expect(ok.data.destination.jobTitle ?? null).toBeNull()
  })

  it('the school’s import takes the new columns; a bad one fails its row naming the column', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t)
    const headers = [
      ...REG_HEADERS,
      '岗位名称',
      '单位联系人',
      '联系人手机',
      '联系人邮箱',
      '转正起薪',
      '违约金',
      '档案情况说明',
    ]
    const extra = ['数据分析师', '钱经理', '13700137000', 'hr@corp.example', '8000 元/月', '2000 元', '调档函已发出']
    const imp = await t.json('POST', '/api/v1/registrations/import', {
      token: t.adminToken,
      body: csvForm(headers, [
        [...registrationRow(a.idCard), ...extra],
        [...registrationRow(b.idCard), '数据分析师', '钱经理', '1370013700', '', '', '', ''],
      ]),
    })
    expect(imp.data).toMatchObject({ created: 1, failed: 1 })
    expect(imp.data.failures[0]).toMatchObject({ row: 3, reason: expect.stringContaining('联系人手机：') })
    const reg = await t.json('GET', `/api/v1/graduates/${a.id}/registration`, { token: t.adminToken })
    expect(reg.data.destination).toMatchObject({
      jobTitle: '数据分析师',
      contactName: '钱经理',
      contactMobile: '13700137000',
      contactEmail: 'hr@corp.example',
      salary: '8000 元/月',
      penalty: '2000 元',
    })
    expect(reg.data.archive.note).toBe('调档函已发出')
    // The import page lists the columns.
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await admin.get('/admin/registrations/import')
    for (const col of ['岗位名称', '联系人手机', '违约金', '户口情况说明']) expect(page.html).toContain(col)
  })

  it('the form page takes them, keeps a bad mobile at its field, and the school’s review page shows them', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const form = await me.get('/me/registration')
    for (const id of [
      'd_jobTitle',
      'd_contactName',
      'd_contactPhone',
      'd_contactMobile',
      'd_contactEmail',
      'd_salary',
      'd_penalty',
      'a_note',
      'h_note',
    ])
      expect(form.html).toContain(`id="${id}"`)
    const bad = await me.post(
      '/me/registration',
      formFields({ intent: 'save', d_contactName: '赵经理', d_contactMobile: '12345' }),
    )
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="d_contactMobile-error">联系人手机：应为 11 位手机号码')
    expect(bad.html).toContain('value="赵经理"')
    const fields: Record<string, string> = { intent: 'save', a_note: '调档函见图', h_note: '集体户口' }
    for (const [k, v] of Object.entries(CONTACT)) fields[`d_${k}`] = v
    const ok = await me.post('/me/registration', formFields(fields))
    expect(ok.location).toBe('/me/registration?ok=saved')
    const reg = (await t.json('GET', '/api/v1/me/registration', { token: g.token })).data
    expect(reg.destination).toMatchObject(CONTACT)
    expect(reg.archive.note).toBe('调档函见图')
    expect(reg.hukou.note).toBe('集体户口')

    await upload(t, g.token, PNG, 'contract.png')
    expect((await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })).status).toBe(200)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const detail = await admin.get(`/admin/registrations/${reg.id}`)
    for (const text of [
      '岗位名称',
      '软件开发工程师',
      '单位联系人',
      '赵经理',
      '13900139000',
      'hr@example.com',
      '9000 元/月',
      '调档函见图',
      '集体户口',
    ])
      expect(detail.html).toContain(text)
    const edit = await admin.get(`/admin/registrations/${reg.id}/edit`)
    expect(edit.html).toContain('value="赵经理"')
  })
})

describe('档案 and 户口 图像材料 (seed 004 §2.10)', () => {
  it('up to three images each, by content; a PDF or a renamed non-image is refused; proof stays the default', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    for (let i = 1; i <= 3; i++) {
      const r = await upload(t, g.token, i === 2 ? JPEG : PNG, `调档函${i}.png`, 'archive')
      expect(r.status).toBe(201)
      expect(r.data).toMatchObject({ part: 'archive' })
    }
    const fourth = await upload(t, g.token, PNG, '调档函4.png', 'archive')
    expect(fourth.status).toBe(400)
    expect(fourth.data.error.message).toBe('档案图像材料：最多上传 3 个文件，请先删除不需要的文件')
    // 户口 has three of its own, and proof its own three.
    const renamed = await upload(
      t,
      g.token,
      new TextEncoder().encode('<html><script>x</script>'),
      '户口本.jpg',
      'hukou',
    )
    expect(renamed.status).toBe(415)
    expect(renamed.data.error.message).toContain('户口图像材料：只接受 JPEG 或 PNG 图片')
    const pdf = await upload(t, g.token, PDF, '户口.png', 'hukou')
    expect(pdf.status).toBe(415)
    expect((await upload(t, g.token, PNG, '户口页.png', 'hukou')).status).toBe(201)
    const proof = await upload(t, g.token, PDF, 'contract.pdf')
    expect(proof.status).toBe(201)
    expect(proof.data).toMatchObject({ part: 'proof', contentType: 'application/pdf' })
    expect((await upload(t, g.token, PNG, 'x.png', 'passport')).status).toBe(400)

    const all = await t.json('GET', '/api/v1/me/registration/attachments', { token: g.token })
    expect(all.data.items.map((a: any) => a.part).sort()).toEqual(['archive', 'archive', 'archive', 'hukou', 'proof'])
    const archiveOnly = await t.json('GET', '/api/v1/me/registration/attachments?part=archive', { token: g.token })
    expect(archiveOnly.data.items).toHaveLength(3)
    // Stored through the storage port and served back by its authorised route, byte for byte.
    const first = archiveOnly.data.items.find((a: any) => a.contentType === 'image/jpeg')
    // sniffed, not named: the JPEG sent as 调档函2.png is stored as a JPEG
    expect(first.filename).toBe('调档函2.png.jpg')
    const back = await t.request('GET', `/api/v1/me/registration/attachments/${first.id}`, { token: g.token })
    expect(back.headers.get('content-type')).toBe('image/jpeg')
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(JPEG)
    // Deleting one makes room again.
    expect(
      (await t.request('DELETE', `/api/v1/me/registration/attachments/${first.id}`, { token: g.token })).status,
    ).toBe(204)
    expect((await upload(t, g.token, PNG, '调档函4.png', 'archive')).status).toBe(201)
  })

  it('voiding removes the proof and keeps 档案, 户口 and their images; reviewers see them', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { archive: archive({ note: '调档函见图' }), hukou: hukou({ note: '集体户口' }) },
    })
    const img = await upload(t, g.token, PNG, '调档函.png', 'archive')
    const hk = await upload(t, g.token, JPEG, '户口页.jpg', 'hukou')
    const reg = await approved(t, g, { destination: employment() })
    // Approved: neither part's images change any more.
    expect((await upload(t, g.token, PNG, 'late.png', 'archive')).status).toBe(409)

    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const detail = await admin.get(`/admin/registrations/${reg.id}`)
    expect(detail.html).toContain('档案图像材料')
    expect(detail.html).toContain(`src="/admin/registrations/${reg.id}/attachments/${img.data.id}"`)
    expect(detail.html).toContain(`alt="户口图像材料：户口页.jpg"`)
    const staffFile = await admin.get(`/admin/registrations/${reg.id}/attachments/${hk.data.id}`)
    expect(staffFile.status).toBe(200)
    const review = await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })
    expect(review.data.attachments.map((a: any) => a.part).sort()).toEqual(['archive', 'hukou', 'proof'])
    expect(review.data.archive.note).toBe('调档函见图')

    const v = await t.json('POST', '/api/v1/me/registration/void', { token: g.token })
    expect(v.data).toMatchObject({
      status: 'voided',
      destination: null,
      archive: { note: '调档函见图' },
      hukou: { note: '集体户口' },
    })
    expect(v.data.attachments.map((a: any) => a.id).sort()).toEqual([img.data.id, hk.data.id].sort())
    // The proof's blob is gone; the images' are kept.
    const keys = (await t.db.selectFrom('attachments').select('storage_key').execute()).map((r) => r.storage_key)
    expect(keys).toHaveLength(2)
    for (const k of keys) expect(await t.deps.storage.get(k)).not.toBeNull()
  })

  it('the form page uploads each part’s image at its section and keeps what was typed', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me/registration')
    expect(page.html).toContain('id="a_images"')
    expect(page.html).toContain('id="h_images"')
    expect(page.html).toMatch(/name="part" value="archive"[^>]*formaction="\/me\/registration\/attachments"/)

    const fd = new FormData()
    for (const [k, v] of Object.entries(formFields({ a_note: '调档函见图' }))) fd.append(k, v)
    fd.append('part', 'archive')
    fd.append('file', new File([], ''))
    fd.append('a_images', new File([PNG as unknown as BlobPart], '调档函.png', { type: 'image/png' }))
    fd.append('h_images', new File([], ''))
    const up = await me.post('/me/registration/attachments', fd)
    expect(up.location).toBe('/me/registration?ok=uploaded_archive')
    const reg = (await t.json('GET', '/api/v1/me/registration', { token: g.token })).data
    expect(reg.archive.note).toBe('调档函见图')
    expect(reg.attachments).toMatchObject([{ part: 'archive', filename: '调档函.png' }])
    const after = await me.get('/me/registration?ok=uploaded_archive')
    expect(after.html).toContain('档案图像材料已上传')
    expect(after.html).toContain(`/me/registration/attachments/${reg.attachments[0].id}/delete`)

    // The 户口 上传 pressed with no image: the message is at the 户口 file field.
    const empty = new FormData()
    for (const [k, v] of Object.entries(formFields())) empty.append(k, v)
    empty.append('part', 'hukou')
    empty.append('h_images', new File([], ''))
    const none = await me.post('/me/registration/attachments', empty)
    expect(none.status).toBe(400)
    expect(none.html).toContain('id="h_images-error"')
    // A non-image at the 户口 section: 415 with the message at that field.
    const pdf = new FormData()
    for (const [k, v] of Object.entries(formFields())) pdf.append(k, v)
    pdf.append('part', 'hukou')
    pdf.append('h_images', new File([PDF as unknown as BlobPart], 'scan.png', { type: 'image/png' }))
    const refused = await me.post('/me/registration/attachments', pdf)
    expect(refused.status).toBe(415)
    expect(refused.html).toContain('id="h_images-error">户口图像材料：只接受 JPEG 或 PNG 图片')
  })
})
