import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, ADMIN_PASSWORD } from '../helpers.js'
import { browserLogin } from '../confirmation/fixtures.js'
import { currentNumber, register } from './fixtures.js'

describe('/admin/transfer', () => {
  it('lists with filters, previews the counts, generates after confirming, links the downloads', async () => {
    const t = await createTestApp()
    const a = await insertGraduate(t, { name: '张三' })
    const b = await insertGraduate(t, { name: '李四' })
    const c = await insertGraduate(t, { name: '王五', department: '外国语学院' })
    await register(t, a.id)
    await register(t, b.id)
    const s = await browserLogin(t, 'admin', 'admin', ADMIN_PASSWORD)

    const list = await s.get('/admin/transfer')
    expect(list.res.status).toBe(200)
    expect(list.text).toContain('档案信息转递列表')
    expect(list.text).toContain('data-select-all="graduateIds"')
    for (const n of ['张三', '李四', '王五']) expect(list.text).toContain(n)
    expect(list.text).toContain('href="/api/v1/transfer-sheets.zip?cohort=2026"')

    const filtered = await s.get(`/admin/transfer?department=${encodeURIComponent('外国语学院')}`)
    expect(filtered.text).toContain('王五')
    expect(filtered.text).not.toContain('张三')
    expect(filtered.text).toContain(`/api/v1/transfer-sheets.zip?department=${encodeURIComponent('外国语学院')}`)

    // Preview for two selected graduates: the counts are named before anything is written.
    const preview = await s.post('/admin/transfer/preview', {
      scope: 'selected',
      graduateIds: [String(a.id), String(c.id)],
    })
    expect(preview.res.status).toBe(200)
    expect(preview.text).toMatch(/新生成 <strong data-count="generated">1<\/strong>/)
    expect(preview.text).toMatch(/不符合条件 <strong data-count="ineligible">1<\/strong>/)
    expect(preview.text).toContain('data-confirm=')
    expect(await currentNumber(t, a.id)).toBeNull()

    const done = await s.post('/admin/transfer/generate', {
      scope: 'selected',
      graduateIds: [String(a.id), String(c.id)],
      confirmed: '1',
    })
    expect(done.res.status).toBe(303)
    const after = await s.get(done.res.headers.get('location')!)
    expect(after.text).toContain('转递编号已生成')
    const na = await currentNumber(t, a.id)
    expect(na).not.toBeNull()
    expect(after.text).toContain(na!)
    expect(await currentNumber(t, b.id)).toBeNull()

    // "All that match" uses the filters.
    const all = await s.post('/admin/transfer/generate', { scope: 'all', f_generated: 'false', confirmed: '1' })
    expect(all.res.headers.get('location')).toContain('done=1.0.0.1')
    expect(await currentNumber(t, b.id)).not.toBeNull()

    // Nothing selected: back to the list with a message.
    const none = await s.post('/admin/transfer/preview', { scope: 'selected' })
    expect(none.res.status).toBe(303)
    expect((await s.get(none.res.headers.get('location')!)).text).toContain('请先勾选')
  })

  it('hides generation from read-only users and refuses their posts', async () => {
    const t = await createTestApp()
    const a = await insertGraduate(t, { name: '张三' })
    await register(t, a.id)
    await t.createStaff('ro', { role: 'school', permissions: { archive: 'ro' } })
    const s = await browserLogin(t, 'admin', 'ro', 'ro-password')
    const list = await s.get('/admin/transfer')
    expect(list.res.status).toBe(200)
    expect(list.text).not.toContain('为选中的毕业生生成')
    const r = await s.post('/admin/transfer/generate', { scope: 'all' })
    expect(r.res.status).toBe(403)
    expect(await currentNumber(t, a.id)).toBeNull()
  })
})
