import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { browser } from '../roster/fixtures.js'

describe('the audit log reads in Chinese (issue 13 §14)', () => {
  it('names objects, formats, media types and field lists in words, not stored codes', async () => {
    const t = await createTestApp()
    const at = t.clock.now.toISOString()
    const row = (action: string, target: string | null, detail: unknown) => ({
      school_id: t.schoolId,
      at,
      actor: 'admin',
      action,
      target,
      detail: JSON.stringify(detail),
    })
    await t.db
      .insertInto('audit_log')
      .values([
        row('transfer.export', 'graduates:12', { format: 'zip', filters: ['department', 'major'] }),
        row('registration.attachment', null, { attachment: { type: 'image/png' } }),
        row('roster.correction', 'school', { fields: ['phone', 'origin_code'] }),
      ] as never)
      .execute()
    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await admin.get('/admin/audit')
    expect(page.res.status).toBe(200)
    const text = page.text.replace(/<[^>]+>/g, ' ')
    expect(text).toContain('毕业生 12 人')
    expect(text).toContain('ZIP 压缩包')
    expect(text).toContain('院系、专业')
    expect(text).toContain('PNG 图片')
    expect(text).toContain('手机号码、生源所在地')
    expect(text).toContain('本校')
    for (const word of ['graduates:12', 'image/png', '筛选条件 department', 'phone']) expect(text).not.toContain(word)
  })
})
