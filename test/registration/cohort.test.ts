/**
 * 届 on the registration review queue (contract §6, issue 14 item 5): /admin/registrations opens
 * on the current 届, shows an earlier one with cohort=2026 and every 届 with cohort=all; its
 * 等待您审核 count, pager, name search and batch approval keep the 届. GET /api/v1/registrations
 * filters by cohort= and, without it, lists every 届.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'
import { insertRegistration } from '../confirmation/fixtures.js'
import { pageSession } from './fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school() {
  const t = await createTestApp({ now: AFTER_SWITCH })
  const old = await insertGraduate(t, { graduation_time: '202606', name: '二六届甲' })
  const fresh = await insertGraduate(t, { graduation_time: '202706', name: '二七届乙' })
  for (const g of [old, fresh]) await insertRegistration(t, g.id, { status: 'submitted' })
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, old, fresh, admin }
}

describe('届 on the registration review queue', () => {
  it('opens on the current 届; cohort=2026 and cohort=all; the API has no default', async () => {
    const { t, admin } = await school()
    let r = await admin.get('/admin/registrations')
    expect(r.status).toBe(200)
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2027')
    expect(r.html).toContain('等待您审核：1 条')

    r = await admin.get('/admin/registrations?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    expect(picker(r.html).selected).toBe('2026')
    // The name search and the batch approval post the 届 shown.
    expect(r.html.match(/<input type="hidden" name="cohort" value="2026"\/>/g)).toHaveLength(2)

    r = await admin.get('/admin/registrations?cohort=all&status=all')
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')
    expect(r.html).toContain('等待您审核：2 条')

    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/registrations${q}`, { token: t.adminToken })).data.items
        .map((i: { name: string }) => i.name)
        .sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('?cohort=2026')).toEqual(['二六届甲'])
    expect(await names('?cohort=2027&status=submitted')).toEqual(['二七届乙'])
    const bad = await t.json('GET', '/api/v1/registrations?cohort=2026a', { token: t.adminToken })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')
  })

  it('the name search, the pager and the batch approval keep the 届', async () => {
    const { t, admin, old } = await school()
    // Searching for the 2026 graduate from the 2027 queue finds no one there; from 2026's, them.
    let r = await admin.post('/admin/registrations/find', { q: '二六届甲', cohort: '2027' })
    expect(r.html).toContain('没有符合条件的登记')
    r = await admin.post('/admin/registrations/find', { q: '二六届甲', cohort: '2026' })
    expect(r.html).toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2026')

    for (let i = 0; i < 20; i++) {
      const g = await insertGraduate(t, { graduation_time: '202606' })
      await insertRegistration(t, g.id, { status: 'submitted' })
    }
    const list = await admin.get('/admin/registrations?cohort=2026&status=all')
    expect(list.html).toContain('共 21 条')
    const next = hrefs(list.html, '?').find((h) => h.includes('page=2'))
    expect(new URL(next!, 'http://x').searchParams.get('cohort')).toBe('2026')

    const id = (
      await t.json('GET', `/api/v1/registrations?cohort=2026&pageSize=1&q=${encodeURIComponent('二六届甲')}`, {
        token: t.adminToken,
      })
    ).data.items[0].id
    expect(id).toBeGreaterThan(0)
    const done = await admin.post('/admin/registrations/batch-approve', {
      ids: String(id),
      cohort: '2026',
      confirmed: '1',
    })
    expect(done.status).toBe(303)
    expect(done.location).toContain('cohort=2026')
    const status = await t.db
      .selectFrom('registrations')
      .select('status')
      .where('graduate_id', '=', old.id)
      .executeTakeFirst()
    expect(status?.status).toBe('approved')
  })
})
