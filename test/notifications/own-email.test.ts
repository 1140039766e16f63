/**
 * One's own e-mail address (issue 17; contract §7 addition `PUT /api/v1/me/email`): staff had no
 * way to give one, so a school administrator could never get a reset code. Delivered through a
 * real SMTP server on loopback.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { mailTestApp } from './smtp.js'
import { graduateWithToken, pageSession } from '../registration/fixtures.js'
import { approvedEmployer } from '../agreements/fixtures.js'

const setup = mailTestApp

describe('PUT /api/v1/me/email', () => {
  it('gives the school administrator an address: the reset code is mailed there; cleared, the account has none again', async () => {
    const { t, smtp, deliver } = await setup()
    await t.json('POST', '/api/v1/password-reset-requests', { body: { username: 'admin' } })
    await deliver()
    expect(smtp.received).toHaveLength(0)

    const r = await t.json('PUT', '/api/v1/me/email', {
      token: t.adminToken,
      body: { email: ' office@school.example ' },
    })
    expect(r.status).toBe(200)
    expect(r.data).toEqual({ email: 'office@school.example' })
    t.clock.advance(61_000) // a new code is given at most once a minute
    await t.json('POST', '/api/v1/password-reset-requests', { body: { username: 'admin' } })
    await deliver()
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]!.envelopeTo).toEqual(['office@school.example'])
    expect(String(smtp.received[0]!.mail.text)).toMatch(/验证码：\d{6}/)
    // Audited, without the address.
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'email.set').execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain('office@school.example')

    const cleared = await t.json('PUT', '/api/v1/me/email', { token: t.adminToken, body: { email: '' } })
    expect(cleared.data).toEqual({ email: null })
    const row = await t.db.selectFrom('users').select('email').where('username', '=', 'admin').executeTakeFirstOrThrow()
    expect(row.email).toBeNull()
  })

  it("a graduate's own address goes before the roster's, and the roster is left as imported", async () => {
    const { t, smtp, deliver } = await setup()
    const g = await graduateWithToken(t, { email: 'roster@example.com' })
    const r = await t.json('PUT', '/api/v1/me/email', { token: g.token, body: { email: 'mine@example.com' } })
    expect(r.status).toBe(200)
    await t.json('POST', '/api/v1/password-reset-requests', { body: { username: g.studentNo } })
    await deliver()
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['mine@example.com']])
    const roster = await t.db.selectFrom('graduates').select('email').where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(roster.email).toBe('roster@example.com')
  })

  it('names the field on a bad address, changes nothing, and is not for employers or the signed-out', async () => {
    const { t } = await setup()
    await t.json('PUT', '/api/v1/me/email', { token: t.adminToken, body: { email: 'office@school.example' } })
    const bad = await t.json('PUT', '/api/v1/me/email', { token: t.adminToken, body: { email: 'not-an-address' } })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('电子邮箱')
    expect(bad.data.error.message).toContain('不是有效的电子邮箱地址')
    const row = await t.db.selectFrom('users').select('email').where('username', '=', 'admin').executeTakeFirstOrThrow()
    expect(row.email).toBe('office@school.example')
    const employer = await approvedEmployer(t)
    expect((await t.json('PUT', '/api/v1/me/email', { token: employer.token, body: { email: 'a@b.cn' } })).status).toBe(
      403,
    )
    expect((await t.json('PUT', '/api/v1/me/email', { body: { email: 'a@b.cn' } })).status).toBe(401)
  })
})

describe('the 电子邮箱 page (no JavaScript)', () => {
  it('shows the address, keeps a bad one typed with its error at the field, saves a good one', async () => {
    const { t } = await setup()
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    let page = await admin.get('/me/email')
    expect(page.status).toBe(200)
    expect(page.html).toContain('<h1>电子邮箱</h1>')
    expect((await admin.get('/me/password')).html).toContain('href="/me/email"')

    const bad = await admin.post('/me/email', { email: 'office@@school' })
    expect(bad.status).toBe(400)
    expect(bad.html).toMatch(/<p class="field-error" id="email-error">[^<]*不是有效的电子邮箱地址/)
    expect(bad.html).toContain('value="office@@school"')
    expect(bad.html).toContain('aria-invalid="true"')

    const ok = await admin.post('/me/email', { email: 'office@school.example' })
    expect(ok.status).toBe(303)
    expect(ok.location).toBe('/me/email?done=1')
    page = await admin.get('/me/email?done=1')
    expect(page.html).toContain('已保存，邮件将发送到 office@school.example')
    expect(page.html).toContain('value="office@school.example"')
    const row = await t.db.selectFrom('users').select('email').where('username', '=', 'admin').executeTakeFirstOrThrow()
    expect(row.email).toBe('office@school.example')
  })

  it("tells a graduate the roster's address is used until one is given; says when mail is off", async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { email: 'roster@example.com' })
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me/email')
    expect(page.status).toBe(200)
    expect(page.html).toContain('目前使用学校生源信息中的邮箱：roster@example.com')
    expect(page.html).toContain('本系统尚未开启邮件发送')
  })
})
