/**
 * 届 on 在线签约管理 (contract §6, issue 14 item 5): the school's list and its pending counts open
 * on the current 届, show an earlier one with cohort=2026 and every 届 with cohort=all; the tabs,
 * the count links and the posted filters (which the pager posts) keep the 届. GET
 * /api/v1/agreements and /agreements/stats filter with cohort= and, without it, cover every 届.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { invite, signingSetup } from './fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school() {
  const t = await createTestApp({ now: AFTER_SWITCH })
  const { employer, g: old, student } = await signingSetup(t, { graduation_time: '202606', name: '二六届甲' })
  const fresh = await insertGraduate(t, { graduation_time: '202706', name: '二七届乙' })
  const freshToken = await studentToken(t, fresh)
  // Both accept an invitation: each waits as 学生已同意签约 for the school.
  for (const [g, token] of [
    [old, student],
    [fresh, freshToken],
  ] as const) {
    const a = await invite(t, employer.token, g)
    const r = await t.json('POST', `/api/v1/me/agreements/${a.id}/answer`, { token, body: { answer: 'accept' } })
    expect(r.status).toBe(200)
  }
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, admin }
}

const accepted = (html: string) => /data-stat="accepted">\s*<div>[^<]*<\/div>\s*<div class="n">(\d+)</.exec(html)?.[1]

describe('届 on 在线签约管理', () => {
  it('the list and its counts open on the current 届; cohort=2026 and all; links keep it', async () => {
    const { admin } = await school()
    let r = await admin.get('/admin/agreements')
    expect(r.status).toBe(200)
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2027')
    expect(accepted(r.html)).toBe('1')

    r = await admin.get('/admin/agreements?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    expect(accepted(r.html)).toBe('1')
    expect(hrefs(r.html, '/admin/agreements?')).toEqual(
      expect.arrayContaining([
        '/admin/agreements?awaiting=true&queue=accepted&cohort=2026',
        '/admin/agreements?status=rescinding&cohort=2026',
      ]),
    )

    // The filters post (the pager posts them too): 全部届别.
    r = await admin.post('/admin/agreements', { cohort: 'all', page: '1' })
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')
    expect(accepted(r.html)).toBe('2')
    expect(picker(r.html).selected).toBe('all')
  })

  it('the API list and counts filter with cohort= and have no default', async () => {
    const { t } = await school()
    const token = t.adminToken
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/agreements${q}`, { token })).data.items.map((i: { name: string }) => i.name).sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('?cohort=2026')).toEqual(['二六届甲'])
    expect((await t.json('GET', '/api/v1/agreements/stats', { token })).data.accepted).toBe(2)
    expect((await t.json('GET', '/api/v1/agreements/stats?cohort=2027', { token })).data.accepted).toBe(1)
    const bad = await t.json('GET', '/api/v1/agreements?cohort=20266', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')
  })
})
