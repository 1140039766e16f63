/**
 * The pages of the self-check's review levels (issue 14 item 3): the settings page beside the
 * registration's 审核方式, each reviewer's queue showing what waits at its level, a step and a
 * 重新审核 through the forms, and the roster list's 生源核对 filter with its export link — real
 * page requests with a cookie session and the CSRF token, no JavaScript.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { browser } from './fixtures.js'

const CORRECTION = {
  originCode: '430104',
  phone: '13911112222',
  email: 'me@example.cn',
  qq: '123456',
  homeAddress: '长沙市岳麓区',
  homePhone: '',
  urbanRural: '农村',
}

describe('review level pages', () => {
  it('sets the levels by form; the counsellor and the 院系 each see their level; reopen by form', async () => {
    const t = await createTestApp()
    const mine = await insertGraduate(t, { department: '计算机学院', class_name: '计科2201', name: '孙悟空' })
    const other = await insertGraduate(t, { department: '计算机学院', class_name: '计科2202', name: '猪八戒' })
    await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'teacher',
        password: 'staff-password-1',
        role: 'counsellor',
        department: '计算机学院',
        classes: ['计科2201'],
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    await t.createStaff('cs', { department: '计算机学院' })
    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)

    // The registration's settings page leads to this one.
    expect((await admin.get('/admin/registrations/settings')).text).toContain('/admin/roster/review-settings')
    const form = await admin.get('/admin/roster/review-settings')
    expect(form.res.status).toBe(200)
    expect(form.text).toContain('name="levels" value="department" checked')
    const none = await admin.post('/admin/roster/review-settings', {})
    expect(none.res.status).toBe(400)
    expect(none.text).toContain('审核层级')
    const saved = await admin.post('/admin/roster/review-settings', { levels: ['counsellor', 'department'] })
    expect(saved.res.status).toBe(303)
    expect((await t.json('GET', '/api/v1/settings/roster-review', { token: t.adminToken })).data.levels).toEqual([
      'counsellor',
      'department',
    ])

    for (const g of [mine, other]) {
      const token = await studentToken(t, g)
      expect((await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })).status).toBe(201)
    }
    const teacher = await browser(t, 'admin', 'teacher', 'staff-password-1')
    const dept = await browser(t, 'admin', 'cs', 'cs-password')
    const tq = await teacher.get('/admin/roster/corrections')
    expect(tq.res.status).toBe(200)
    expect(tq.text).toContain('孙悟空')
    expect(tq.text).not.toContain('猪八戒')
    expect(tq.text).toContain('待班主任（辅导员）审核')
    expect((await dept.get('/admin/roster/corrections')).text).not.toContain('孙悟空')

    const id = (
      await t.json('GET', '/api/v1/roster-corrections?status=submitted', { token: t.adminToken })
    ).data.items.find((i: any) => i.name === '孙悟空').id
    const page = await teacher.get(`/admin/roster/corrections/${id}`)
    expect(page.text).toContain('value="approve"')
    expect((await teacher.post(`/admin/roster/corrections/${id}/decision`, { decision: 'approve' })).res.status).toBe(
      303,
    )
    const dq = await dept.get('/admin/roster/corrections')
    expect(dq.text).toContain('孙悟空')
    expect(dq.text).toContain('待院系审核')
    // The counsellor's page no longer offers a decision; the history names the step.
    const after = await teacher.get(`/admin/roster/corrections/${id}`)
    expect(after.text).not.toContain('value="approve"')
    expect(after.text).toContain('班主任（辅导员）通过，交院系审核')
    expect((await dept.post(`/admin/roster/corrections/${id}/decision`, { decision: 'approve' })).res.status).toBe(303)
    expect(
      (await t.db.selectFrom('graduates').select('phone').where('id', '=', mine.id).executeTakeFirstOrThrow()).phone,
    ).toBe('13911112222')

    // 重新审核 from the approved correction's page: back in the counsellor's queue.
    const approved = await teacher.get(`/admin/roster/corrections/${id}`)
    expect(approved.text).toContain(`/admin/roster/corrections/${id}/reopen`)
    expect((await teacher.post(`/admin/roster/corrections/${id}/reopen`, { reason: '再核实' })).res.status).toBe(303)
    expect((await teacher.get('/admin/roster/corrections')).text).toContain('孙悟空')

    // The roster list's 生源核对 filter, and the export link that carries it.
    const unchecked = await admin.get('/admin/roster?check=unchecked')
    expect(unchecked.res.status).toBe(200)
    expect(unchecked.text).toContain('check=unchecked')
    expect(unchecked.text).toContain('导出未核对名单')
    expect(unchecked.text).not.toContain('孙悟空')
    const submitted = await admin.get('/admin/roster?check=submitted')
    expect(submitted.text).toContain('孙悟空')
    expect(submitted.text).toContain('猪八戒')
  })
})
