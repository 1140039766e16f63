/**
 * Issue 12 §1 on the registration pages: every form and query goes through its schema, and a bad
 * one comes back as the same page (400) with the message at its field and what was typed kept —
 * never a dead-end error page (issue 13 §16).
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { PNG, approved, formFields, graduateWithToken, pageSession, submitted } from './fixtures.js'

describe('the graduate form at the edge', () => {
  it('a field over the API limit: the form again, the message at that field, everything typed kept', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const long = '甲'.repeat(501)
    const r = await me.post('/me/registration', formFields({ intent: 'save', a_contact: long }))
    expect(r.status).toBe(400)
    expect(r.html).toMatch(/<p class="field-error" id="a_contact-error">档案转递联系人：/)
    expect(r.html).toContain(`value="${long}"`)
    expect(r.html).toContain('value="北京示例科技有限公司"')
    // Nothing was saved.
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).status).toBe(404)
  })

  it('a proof file over 5 MB: the page with the message at the file field, not an error page', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const big = new Uint8Array(5 * 1024 * 1024 + 10)
    big.set(PNG)
    const fd = new FormData()
    fd.append('file', new File([big], 'big.png', { type: 'image/png' }))
    const r = await me.post('/me/registration/attachments', fd)
    expect(r.status).toBe(413)
    expect(r.html).toContain('id="proof-file-error"')
    expect(r.html).toContain('每个文件不能超过 5 MB')
    expect(r.html).toContain('name="d_type"')
    expect(r.html).not.toContain('返回首页')
    // No file chosen: the message at the same field.
    const none = await me.post('/me/registration/attachments', new FormData())
    expect(none.status).toBe(400)
    expect(none.html).toMatch(/id="proof-file-error">证明材料：请选择要上传的文件/)
  })
})

describe('the reviewer pages at the edge', () => {
  it('a bad filter, a bad decision, an empty batch and a void without reason each say so on their page', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { department: '外语学院' })
    const reg = await submitted(t, g)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)

    const list = await admin.get(
      `/admin/registrations?submittedSince=tomorrow&department=${encodeURIComponent('外语学院')}`,
    )
    expect(list.status).toBe(400)
    expect(list.html).toContain('提交日期：应为 YYYY-MM-DD')
    // The other filter stays chosen and the queue is still there.
    expect(list.html).toMatch(/<option value="外语学院" selected/)
    expect(list.html).toContain(`>${g.name}<`)

    const decision = await admin.post(`/admin/registrations/${reg.id}/decision`, { decision: 'maybe' })
    expect(decision.status).toBe(400)
    expect(decision.html).toContain('审核结果：请选择通过、退回修改或不通过')
    expect(decision.html).toContain(g.name)
    const tooLong = await admin.post(`/admin/registrations/${reg.id}/decision`, {
      decision: 'return',
      reason: '长'.repeat(201),
    })
    expect(tooLong.status).toBe(400)
    expect(tooLong.html).toContain('原因：不能超过 200 个字符')
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data.status).toBe(
      'submitted',
    )

    const empty = await admin.post('/admin/registrations/batch-approve', { confirmed: '1' })
    expect(empty.status).toBe(400)
    expect(empty.html).toContain('批量审核：请先在列表中勾选要审核通过的登记')

    const g2 = await graduateWithToken(t)
    const done = await approved(t, g2)
    const noReason = await admin.post(`/admin/registrations/${done.id}/void`, { reason: ' ', confirmed: '1' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('作废原因：必须填写')

    // A hand-edited id is simply not there.
    expect((await admin.get('/admin/registrations/0')).status).toBe(404)
  })

  it('the school edit form keeps what was typed when a field is over the limit', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const r = await admin.post(
      `/admin/registrations/${reg.id}/edit`,
      formFields({ intent: 'save', d_unitName: '新名称有限公司', h_address: '址'.repeat(501) }),
    )
    expect(r.status).toBe(400)
    expect(r.html).toContain('户口迁移地址：')
    expect(r.html).toContain('value="新名称有限公司"')
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data.version).toBe(1)
  })

  it('the directory form and the import forms say what is wrong at their field', async () => {
    const t = await createTestApp()
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const bad = await admin.post('/admin/archive-units/one', {
      divisionCode: '1101',
      name: '海淀人才中心',
      address: '西四环北路73号',
      postcode: '100195',
      contact: '王维',
      phone: '15875693214',
    })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('所在地代码：应为 6 位行政区划代码')
    expect(bad.html).toContain('value="海淀人才中心"')
    const noFile = await admin.post('/admin/registrations/import', new FormData())
    expect(noFile.status).toBe(400)
    expect(noFile.html).toContain('文件：请选择要上传的文件')
    const noUnits = await admin.post('/admin/archive-units/import', new FormData())
    expect(noUnits.status).toBe(400)
    expect(noUnits.html).toContain('文件：请选择要上传的文件')
  })
})

describe('the review queue (issue 13 §18)', () => {
  it('opens on what waits for me, offers 全部, and leads to 下一条 after a decision', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t)
    const done = await graduateWithToken(t)
    const ra = await submitted(t, a)
    const rb = await submitted(t, b)
    await approved(t, done)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const queue = await admin.get('/admin/registrations')
    expect(queue.html).toMatch(/<option value="pending" selected/)
    expect(queue.html).toContain(`>${a.name}<`)
    expect(queue.html).not.toContain(`>${done.name}<`)
    const all = await admin.get('/admin/registrations?status=all')
    expect(all.html).toContain(`>${done.name}<`)
    expect(all.html).toMatch(/<option value="all" selected/)

    const decided = await admin.post(`/admin/registrations/${ra.id}/decision`, { decision: 'approve' })
    const after = await admin.get(decided.location!)
    expect(after.html).toContain('已审核通过')
    expect(after.html).toContain(`href="/admin/registrations/${rb.id}"`)
    expect(after.html).toContain('下一条')
    // The last one: nothing further waits, so no 下一条.
    const last = await admin.post(`/admin/registrations/${rb.id}/decision`, { decision: 'approve' })
    expect((await admin.get(last.location!)).html).not.toContain('下一条')
  })
})
