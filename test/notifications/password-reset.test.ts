import { describe, expect, it } from 'vitest'
import { insertGraduate } from '../helpers.js'
import { mailTestApp } from './smtp.js'
import { pageSession } from '../registration/fixtures.js'

async function setup() {
  const { t, smtp, deliver } = await mailTestApp()
  const g = await insertGraduate(t, { email: 'me@example.com' })
  const mailedCode = async () => {
    await deliver()
    const last = smtp.received.at(-1)!
    return /验证码：(\d{6})/.exec(String(last.mail.text))![1]
  }
  return { t, g, smtp, mailedCode }
}

describe('forgotten password (contract §7)', () => {
  it('answers the same 202 for any username; mails a 6-digit code only to a real account with an address', async () => {
    const { t, g, smtp, mailedCode } = await setup()
    const a = await t.json('POST', '/api/v1/password-reset-requests', { body: { username: g.studentNo } })
    const b = await t.json('POST', '/api/v1/password-reset-requests', { body: { username: 'nobody' } })
    expect(a.status).toBe(202)
    expect(b.status).toBe(202)
    expect(a.data).toEqual(b.data)
    const code = await mailedCode()
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0].envelopeTo).toEqual(['me@example.com'])
    // Hashed at rest: the stored value is not the code; the sent mail's text is blanked on the row.
    const row = await t.db.selectFrom('password_reset_codes').selectAll().executeTakeFirstOrThrow()
    expect(row.code_hash).not.toContain(code)
    const out = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    expect(out.body).not.toContain(code)

    let r = await t.json('POST', '/api/v1/password-reset', {
      body: { username: g.studentNo, code, newPassword: 'short' },
    })
    expect(r.status).toBe(400)
    r = await t.json('POST', '/api/v1/password-reset', {
      body: { username: g.studentNo, code, newPassword: 'brand-new-pass-1' },
    })
    expect(r.status).toBe(204)
    expect(await t.login(g.studentNo, 'brand-new-pass-1')).toBeTruthy()
    // Used up.
    r = await t.json('POST', '/api/v1/password-reset', {
      body: { username: g.studentNo, code, newPassword: 'another-pass-2' },
    })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('验证码')
  })

  it('the code expires after 15 minutes and is void after 5 wrong tries (fixed clock)', async () => {
    const { t, g, mailedCode } = await setup()
    await t.json('POST', '/api/v1/password-reset-requests', { body: { username: g.studentNo } })
    let code = await mailedCode()
    t.clock.advance(15 * 60_000)
    let r = await t.json('POST', '/api/v1/password-reset', {
      body: { username: g.studentNo, code, newPassword: 'brand-new-pass-1' },
    })
    expect(r.status).toBe(400)

    t.clock.advance(60_000)
    await t.json('POST', '/api/v1/password-reset-requests', { body: { username: g.studentNo } })
    code = await mailedCode()
    t.clock.advance(14 * 60_000) // still inside the 15 minutes
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      r = await t.json('POST', '/api/v1/password-reset', {
        body: { username: g.studentNo, code: wrong, newPassword: 'brand-new-pass-1' },
      })
      expect(r.status).toBe(400)
    }
    // The right code no longer works after 5 wrong ones.
    r = await t.json('POST', '/api/v1/password-reset', {
      body: { username: g.studentNo, code, newPassword: 'brand-new-pass-1' },
    })
    expect(r.status).toBe(400)
  })

  it('throttles requests per client address, with the same answer until then', async () => {
    const { t, g } = await setup()
    for (let i = 0; i < 10; i++) {
      const r = await t.json('POST', '/api/v1/password-reset-requests', { body: { username: `x${i}` } })
      expect(r.status).toBe(202)
    }
    const r = await t.json('POST', '/api/v1/password-reset-requests', { body: { username: g.studentNo } })
    expect(r.status).toBe(429)
    expect(r.res.headers.get('retry-after')).toBeTruthy()
  })

  it('pages: linked from the login page, request then set a new password', async () => {
    const { t, g, mailedCode } = await setup()
    const login = await t.app.request('/me/login')
    expect(await login.text()).toContain('href="/password-reset"')
    const s = await pageSession(t, 'admin', 'admin', 'admin-pass-2026')
    let r = await s.post('/password-reset', { username: '' })
    expect(r.status).toBe(400)
    r = await s.post('/password-reset', { username: g.studentNo })
    expect(r.status).toBe(200)
    expect(r.html).toContain('验证码已发送到该邮箱')
    const code = await mailedCode()
    r = await s.post('/password-reset/confirm', { username: g.studentNo, code: '12', newPassword: 'brand-new-pass-1' })
    expect(r.status).toBe(400)
    expect(r.html).toContain('应为邮件中的 6 位数字')
    r = await s.post('/password-reset/confirm', { username: g.studentNo, code, newPassword: 'brand-new-pass-1' })
    expect(r.status).toBe(200)
    expect(r.html).toContain('密码已重置')
    expect(await t.login(g.studentNo, 'brand-new-pass-1')).toBeTruthy()
  })
})
