/** The registration pages, driven like a browser: cookie session, CSRF tokens, forms without JavaScript. */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { DESTINATION_TYPES } from '../../src/domain/codes/destinations.js'
import { PNG, approved, fileForm, formFields, graduateWithToken, pageSession, submitted } from './fixtures.js'

describe('the graduate pages', () => {
  it('fills, saves, uploads proof and submits without JavaScript', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me/registration')
    expect(page.status).toBe(200)
    expect(page.html).toContain('您还没有登记毕业去向')
    // All 24 types, grouped by the 4 categories, with the national explanations.
    for (const t of DESTINATION_TYPES) expect(page.html).toContain(`<option value="${t.name}"`)
    for (const cat of ['签就业协议书就业', '其他形式就业', '升学', '未就业'])
      expect(page.html).toContain(`<optgroup label="${cat}">`)
    expect(page.html).toContain('创立企业（包括参与创立）')
    expect(page.html).toContain('data-reg-form')
    expect(page.html).not.toMatch(/<script>[^<]/)
    expect(page.html).not.toContain('style="')

    // No CSRF token → refused.
    expect((await me.post('/me/registration', formFields({ intent: 'save' }), { withCsrf: false })).status).toBe(403)
    // A bad postcode: the page comes back with the message and the field marked, values kept.
    const bad = await me.post('/me/registration', formFields({ intent: 'save', a_postcode: '12' }))
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('档案转递单位邮编：应为 6 位数字')
    expect(bad.html).toMatch(/id="a_postcode" name="a_postcode" type="text" value="12" aria-invalid="true"/)
    expect(bad.html).toContain('北京示例科技有限公司')
    const saved = await me.post('/me/registration', formFields({ intent: 'save' }))
    expect(saved.status).toBe(303)
    expect(saved.location).toBe('/me/registration?ok=saved')
    // Submit without proof: refused with the reason.
    const noProof = await me.post('/me/registration', formFields({ intent: 'submit' }))
    expect(noProof.status).toBe(400)
    expect(noProof.html).toContain('须上传证明材料')
    const up = await me.post('/me/registration/attachments', fileForm(PNG, '协议书.png'))
    expect(up.status).toBe(303)
    const withFile = await me.get('/me/registration?ok=uploaded')
    expect(withFile.html).toContain('证明材料已上传')
    expect(withFile.html).toContain('协议书.png')
    const sub = await me.post('/me/registration', formFields({ intent: 'submit' }))
    expect(sub.location).toBe('/me/registration?ok=submitted')
    const after = await me.get('/me/registration?ok=submitted')
    expect(after.html).toContain('待审核')
    expect(after.html).toContain('撤回修改')
    expect(after.html).not.toContain('name="d_type"')
    // Withdraw through the page.
    expect((await me.post('/me/registration/withdraw', { confirmed: '1' })).location).toBe(
      '/me/registration?ok=withdrawn',
    )
    expect((await me.get('/me/registration')).html).toContain('name="d_type"')
  })

  it('pre-fills 转回生源地 from the directory without JavaScript', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { origin_code: '110108' })
    await t.json('PUT', '/api/v1/archive-units/110108', {
      token: t.adminToken,
      body: {
        name: '海淀人才中心',
        address: '西四环北路73号',
        postcode: '100195',
        contact: '王维',
        phone: '15875693214',
      },
    })
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const r = await me.post('/me/registration', { intent: 'prefill', d_type: '求职中', a_transferType: '转回生源地' })
    expect(r.status).toBe(200)
    expect(r.html).toContain('value="海淀人才中心"')
    expect(r.html).toContain('已按您的生源所在地预填')
    expect(r.html).toMatch(/<option value="求职中" selected/)
    // The prefill data for the script is on the form.
    expect(r.html).toContain('data-prefill=')
  })

  it('voids an approved registration from the page', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await approved(t, g)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me/registration')
    expect(page.html).toContain('审核通过')
    expect(page.html).toContain('data-confirm=')
    const v = await me.post('/me/registration/void', { reason: '重新签约', confirmed: '1' })
    expect(v.location).toBe('/me/registration?ok=voided')
    const after = await me.get('/me/registration?ok=voided')
    expect(after.html).toContain('已作废')
    expect(after.html).toContain('重新签约')
  })
})

describe('the reviewer pages', () => {
  it('queue with filters, detail with proof preview, decision, batch approve', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t, { department: '外语学院' })
    const c = await graduateWithToken(t)
    const ra = await submitted(t, a)
    const rb = await submitted(t, b)
    const rc = await submitted(t, c)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const list = await admin.get('/admin/registrations?status=pending')
    expect(list.status).toBe(200)
    expect(list.html).toContain(a.name)
    expect(list.html).toContain(b.name)
    expect(list.html).toContain('批量审核通过')
    const filtered = await admin.get(`/admin/registrations?department=${encodeURIComponent('外语学院')}`)
    expect(filtered.html).toContain(b.name)
    expect(filtered.html).not.toContain(`>${a.name}<`)

    // The name search posts (no name in the address).
    const found = await admin.post('/admin/registrations/find', { q: b.name })
    expect(found.status).toBe(200)
    expect(found.html).toContain(`>${b.name}<`)
    expect(found.html).not.toContain(`>${a.name}<`)

    const detail = await admin.get(`/admin/registrations/${ra.id}`)
    expect(detail.html).toContain('审核通过')
    expect(detail.html).toMatch(
      new RegExp(`<img class="proof-preview" src="/admin/registrations/${ra.id}/attachments/[A-Za-z0-9_-]+"`),
    )
    expect(detail.html).toMatch(/\*{8}/) // masked 身份证号
    expect(detail.html).not.toContain(a.idCard)
    const src = /src="(\/admin\/registrations\/\d+\/attachments\/[^"]+)"/.exec(detail.html)![1]
    const img = await admin.get(src)
    expect(img.res.headers.get('content-type')).toBe('image/png')
    // Returning needs a reason; the page says so.
    const noReason = await admin.post(`/admin/registrations/${ra.id}/decision`, { decision: 'return', reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('退回修改须说明原因')
    const ok = await admin.post(`/admin/registrations/${ra.id}/decision`, { decision: 'approve', reason: '' })
    expect(ok.location).toBe(`/admin/registrations/${ra.id}?ok=approve`)
    const again = await admin.post(`/admin/registrations/${ra.id}/decision`, { decision: 'approve' })
    expect(again.status).toBe(409)
    const batch = await admin.post('/admin/registrations/batch-approve', {
      ids: [String(rb.id), String(rc.id), String(ra.id)],
      confirmed: '1',
    })
    expect(batch.location).toContain('approved=2&skipped=1')
    expect((await t.json('GET', `/api/v1/registrations/${rc.id}`, { token: t.adminToken })).data.status).toBe(
      'approved',
    )
    const history = await admin.get(`/admin/registrations/${ra.id}`)
    expect(history.html).toContain('操作记录')
    expect(history.html).toContain('修改登记')
  })

  it('a department user sees only their 院系 and cannot open another', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t, { department: '外语学院' })
    await submitted(t, a)
    const rb = await submitted(t, b)
    await t.createStaff('jsj', { department: '计算机学院' })
    const dept = await pageSession(t, 'admin', 'jsj', 'jsj-password')
    const list = await dept.get('/admin/registrations')
    expect(list.html).toContain(a.name)
    expect(list.html).not.toContain(b.name)
    expect(list.html).not.toContain('批量审核通过') // 仅校级审核: nothing awaits a department
    expect((await dept.get(`/admin/registrations/${rb.id}`)).status).toBe(404)
  })

  it('school edit and void pages bump the version; settings refuse a change while in review', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const edit = await admin.get(`/admin/registrations/${reg.id}/edit`)
    expect(edit.html).toContain('value="北京示例科技有限公司"')
    const saved = await admin.post(
      `/admin/registrations/${reg.id}/edit`,
      formFields({ intent: 'save', d_unitName: '北京示例科技股份有限公司', reason: '更名' }),
    )
    expect(saved.location).toBe(`/admin/registrations/${reg.id}?ok=modified`)
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data.version).toBe(2)
    const voided = await admin.post(`/admin/registrations/${reg.id}/void`, { reason: '协商作废', confirmed: '1' })
    expect(voided.location).toBe(`/admin/registrations/${reg.id}?ok=voided`)
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data).toMatchObject({
      status: 'voided',
      version: 3,
    })

    const g2 = await graduateWithToken(t)
    await submitted(t, g2)
    const settings = await admin.get('/admin/registrations/settings')
    expect(settings.html).toContain('当前有 1 条正在审核中')
    const refused = await admin.post('/admin/registrations/settings', { reviewMode: '先院系再校级审核' })
    expect(refused.status).toBe(409)
    expect(refused.html).toContain('审核方式暂不能修改')
  })

  it('import pages: registrations and the archive directory', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    expect((await admin.get('/admin/registrations/import')).html).toContain('身份证号、毕业去向')
    const fd = new FormData()
    fd.append('file', new File([`身份证号,毕业去向\r\n${g.idCard},求职中\r\n110108200001011234,求职中\r\n`], 'r.csv'))
    const r = await admin.post('/admin/registrations/import', fd)
    expect(r.status).toBe(200)
    expect(r.html).toContain('新增 1，更新 0，失败 1')
    expect(r.html).toMatch(/\/api\/v1\/registrations\/import\/[A-Za-z0-9_-]+\/failures\.xlsx/)
    const units = await admin.post('/admin/archive-units/one', {
      divisionCode: '110108',
      name: '海淀人才中心',
      address: '西四环北路73号',
      postcode: '100195',
      contact: '王维',
      phone: '15875693214',
    })
    expect(units.location).toBe('/admin/archive-units?ok=1')
    const list = await admin.get('/admin/archive-units')
    expect(list.html).toContain('海淀人才中心')
    expect(list.html).toContain('北京市海淀区')
    const bad = await admin.post('/admin/archive-units/one', {
      divisionCode: '110108',
      name: 'x',
      address: 'y',
      postcode: '1',
      contact: 'z',
      phone: '13800138000',
    })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('邮编：应为 6 位数字')
  })
})
