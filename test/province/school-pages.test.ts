/**
 * The school's side of a province in pages (issue 18 item 2, 3; contract §8): 生源上报 (asked first,
 * then listed with its status), the province's return reason shown, and the 培养方式 change request
 * of a reported graduate with its errors at their fields.
 */
import { describe, expect, it } from 'vitest'
import { pageSession } from '../registration/fixtures.js'
import { addSchool, createProvinceApp, graduateOf } from './fixtures.js'

describe('生源上报 and 培养方式变更申请 on the school’s pages', () => {
  it('reports a 届 (asked first), sees the province’s decision, and asks to change a reported graduate’s 培养方式', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10558', '中山大学')
    const g = await graduateOf(t, a)
    const s = await pageSession(t, 'admin', 'admin', a.adminPassword, a.code)
    expect((await s.get('/admin')).html).toContain('href="/admin/roster-reports"')

    const page = await s.get('/admin/roster-reports')
    expect(page.status).toBe(200)
    expect(page.html).toContain('上报一届生源')
    const ask = await s.post('/admin/roster-reports', { cohort: '2026' })
    expect(ask.html).toContain('确认上报生源')
    expect(await t.db.selectFrom('roster_reports').select('id').execute()).toEqual([])
    const sent = await s.post('/admin/roster-reports', { cohort: '2026', confirmed: '1' })
    expect(sent.location).toBe('/admin/roster-reports?ok=1')
    const listed = await s.get('/admin/roster-reports?ok=1')
    expect(listed.html).toContain('已上报，等待省级审核')
    expect(listed.html).toContain('2026 届')
    // the school cannot decide its own report
    expect(listed.html).not.toContain('/decision')

    const report = await t.db.selectFrom('roster_reports').select('id').executeTakeFirstOrThrow()
    await t.json('POST', `/api/v1/roster-reports/${report.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    const grad = await s.get(`/admin/roster/${g.id}`)
    expect(grad.html).toContain(`href="/admin/roster/${g.id}/training-mode-request"`)
    const form = await s.get(`/admin/roster/${g.id}/training-mode-request`)
    expect(form.html).toContain('该毕业生已上报')
    const noReason = await s.post(`/admin/roster/${g.id}/training-mode-request`, { trainingModeCode: '21', unit: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('id="reason-error"')
    const badMode = await s.post(`/admin/roster/${g.id}/training-mode-request`, {
      trainingModeCode: '9',
      reason: '签订定向就业协议',
    })
    expect(badMode.status).toBe(400)
    expect(badMode.html).toContain('id="trainingModeCode-error"')
    const ok = await s.post(`/admin/roster/${g.id}/training-mode-request`, {
      trainingModeCode: '21',
      unit: '广州市教育局',
      reason: '签订定向就业协议',
    })
    expect(ok.location).toBe('/admin/training-mode-requests?ok=1')
    const requests = await s.get('/admin/training-mode-requests?ok=1')
    expect(requests.html).toContain('申请已提交，等待省级审核')
    expect(requests.html).toContain('签订定向就业协议')

    // another school's graduate is not found
    const b = await addSchool(t, '10559', '华南理工大学')
    const other = await graduateOf(t, b)
    expect((await s.get(`/admin/roster/${other.id}/training-mode-request`)).status).toBe(404)
  })
})
