/** 添加毕业生 and 修改生源信息 pages (issue 14 item 2): errors at their fields, typed values kept, the reason for 姓名. */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { row } from './fixtures.js'

describe('the graduate form pages', () => {
  it('adds a graduate (a bad 身份证号 at its field first), then edits the name only with a reason', async () => {
    const t = await createTestApp()
    await insertGraduate(t, { department: '计算机学院' })
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    expect((await admin.get('/admin/roster')).html).toContain('href="/admin/roster/new"')
    const form = await admin.get('/admin/roster/new')
    expect(form.html).toContain('<option value="计算机学院"')
    expect(form.html).toContain('id="ethnicity"')

    const r = row() as Record<string, string>
    const bad = await admin.post('/admin/roster/new', { ...r, idCard: '123456' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="idCard-error"')
    expect(bad.html).toContain(`value="${r.name}"`)
    const ok = await admin.post('/admin/roster/new', r)
    expect(ok.status).toBe(303)
    const g = await t.db
      .selectFrom('graduates')
      .select(['id', 'name'])
      .where('id_card', '=', r.idCard)
      .executeTakeFirstOrThrow()
    expect(ok.location).toBe(`/admin/roster/${g.id}?done=added`)
    const page = await admin.get(ok.location!)
    expect(page.html).toContain('已添加')
    expect(page.html).toContain(`href="/admin/roster/${g.id}/edit"`)

    const edit = await admin.get(`/admin/roster/${g.id}/edit`)
    expect(edit.html).toContain(`value="${r.idCard}"`)
    const noReason = await admin.post(`/admin/roster/${g.id}/edit`, { ...r, name: '改后的名字' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('id="reason-error"')
    expect(noReason.html).toContain('value="改后的名字"')
    const saved = await admin.post(`/admin/roster/${g.id}/edit`, { ...r, name: '改后的名字', reason: '学籍更正' })
    expect(saved.location).toBe(`/admin/roster/${g.id}?done=edited`)
    const after = await t.db.selectFrom('graduates').select('name').where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(after.name).toBe('改后的名字')
  })
})
