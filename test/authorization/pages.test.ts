import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { browserLogin } from '../confirmation/fixtures.js'
import { register } from '../transfer/fixtures.js'

describe('/me/authorization', () => {
  it('explains expiry, grants with the password, lists, revokes after confirmation', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '陈诚' })
    await register(t, g.id)
    await studentToken(t, g)
    const s = await browserLogin(t, 'me', g.studentNo, 'new-password-1')

    const page = await s.get('/me/authorization')
    expect(page.res.status).toBe(200)
    expect(page.text).toContain('并不会因此失效')
    expect(page.text).toContain('max="2026-12-31"')
    expect(page.text).toContain('value="2026-12-31"')
    expect(page.text).toContain('还没有核验授权')

    const wrong = await s.post('/me/authorization', { validUntil: '2026-12-31', password: 'nope' })
    expect(wrong.res.status).toBe(400)
    expect(wrong.text).toContain('密码')
    const late = await s.post('/me/authorization', { validUntil: '2027-01-01', password: 'new-password-1' })
    expect(late.res.status).toBe(400)
    expect(late.text).toContain('不能晚于 2026-12-31')

    const ok = await s.post('/me/authorization', { validUntil: '2026-09-30', password: 'new-password-1' })
    expect(ok.res.status).toBe(200)
    const number = (await t.db.selectFrom('verification_grants').select('number').executeTakeFirstOrThrow()).number
    expect(ok.text).toContain(number)
    expect(ok.text).toContain('2026-09-30 23:59')
    expect(ok.text).toContain(`/api/v1/me/verification-grants/${number}/report.pdf`)
    expect(ok.text).toContain('data-confirm=')

    const report = await s.get(`/api/v1/me/verification-grants/${number}/report.pdf`)
    expect(report.res.status).toBe(200)
    expect(report.res.headers.get('content-type')).toBe('application/pdf')

    const revoked = await s.post('/me/authorization/revoke', { number, confirmed: '1' })
    expect(revoked.res.status).toBe(200)
    expect(revoked.text).toContain('已撤销')
    expect(
      (await t.db.selectFrom('verification_grants').select('revoked_at').executeTakeFirstOrThrow()).revoked_at,
    ).not.toBeNull()
  })

  it('says so when there is no approved registration', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    await studentToken(t, g)
    const s = await browserLogin(t, 'me', g.studentNo, 'new-password-1')
    const page = await s.get('/me/authorization')
    expect(page.text).toContain('还没有审核通过的去向登记')
    expect(page.text).not.toContain('name="password"')
  })

  it('pages the access log with a pager and the total', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '何十四' })
    await register(t, g.id)
    await studentToken(t, g)
    const s = await browserLogin(t, 'me', g.studentNo, 'new-password-1')
    await s.get('/me/authorization')
    await s.post('/me/authorization', { validUntil: '2026-12-31', password: 'new-password-1' })
    const number = (await t.db.selectFrom('verification_grants').select('number').executeTakeFirstOrThrow()).number
    for (let i = 0; i < 120; i++) {
      const r = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: '何十四', number } })
      expect(r.status).toBe(200)
      t.clock.advance(60_000)
    }
    const logPart = (html: string) => (html.split('data-access-log')[1] ?? '').split('</ul>')[0]
    const entries = (html: string) => logPart(html).split('<li>').length - 1

    const one = await s.get('/me/authorization')
    expect(one.res.status).toBe(200)
    expect(one.text).toContain('共 120 条')
    expect(entries(one.text)).toBe(50)
    expect(one.text).toContain('第 1 / 3 页')
    expect(one.text).toContain('href="/me/authorization?page=2#log-h"')

    const three = await s.get('/me/authorization?page=3')
    expect(three.res.status).toBe(200)
    expect(entries(three.text)).toBe(20)
    expect(three.text).toContain('第 3 / 3 页')
    expect(three.text).toContain('href="/me/authorization?page=2#log-h"')
    // The oldest lookup (10:00 Beijing time on the test day) is the last entry of the last page.
    expect(logPart(three.text)).toContain('2026-06-15 10:00')
    expect(logPart(one.text)).not.toContain('2026-06-15 10:00')

    const bad = await s.get('/me/authorization?page=x')
    expect(bad.res.status).toBe(400)
    expect(bad.text).toContain('页码有误')
    expect(entries(bad.text)).toBe(50)
  })
})
