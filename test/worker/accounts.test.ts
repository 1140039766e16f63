/**
 * The foundation in workerd: health, the OpenAPI document, the JSON error shape, login with the
 * production scrypt parameters (node:crypto under nodejs_compat), sessions, the account lock,
 * the forced first-password change, and CSRF on the form login.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, admin, createStaff, json, login, request, unique } from './helpers.js'

describe('Worker: foundation', () => {
  it('serves /healthz, the OpenAPI document and JSON 404s', async () => {
    const h = await json('GET', '/healthz')
    expect(h.status).toBe(200)
    expect(h.data).toEqual({ ok: true })

    const doc = await json('GET', '/api/v1/openapi.json')
    expect(doc.status).toBe(200)
    expect(doc.data.openapi).toBe('3.1.0')
    expect(Object.keys(doc.data.paths)).toContain('/api/v1/session')
    // PUBLIC_BASE_URL from the environment reached the Worker.
    expect(doc.data.servers[0].url).toBe('http://localhost:8787')

    const nf = await json('GET', '/api/v1/no-such-thing')
    expect(nf.status).toBe(404)
    expect(nf.data.error.code).toBe('not_found')

    const bad = await request('POST', '/api/v1/session', {
      headers: { 'Content-Type': 'application/json' },
      body: undefined,
    })
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect(bad.status).toBeLessThan(500)
  })

  it('logs the bootstrapped admin in and answers with the session user', async () => {
    const r = await json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(r.status).toBe(200)
    expect(r.data.user).toEqual({
      username: 'admin',
      role: 'school',
      department: null,
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      mustChangePassword: false,
    })
    const me = await json('GET', '/api/v1/session', { token: r.data.token })
    expect(me.status).toBe(200)
    expect(me.data.user.username).toBe('admin')

    const wrong = await json('POST', '/api/v1/session', { body: { username: 'admin', password: 'not-the-password' } })
    expect(wrong.status).toBe(401)
    expect(wrong.data.error.code).toBe('invalid_credentials')

    const out = await request('DELETE', '/api/v1/session', { token: r.data.token })
    expect(out.status).toBe(204)
    expect((await json('GET', '/api/v1/session', { token: r.data.token })).status).toBe(401)
  })

  it('creates a user (password hashed in workerd), then locks it after 5 failures', async () => {
    const staff = await createStaff(`w-staff-${unique()}`, { role: 'school' })
    for (let i = 0; i < 5; i++) {
      const r = await json('POST', '/api/v1/session', {
        body: { username: staff.username, password: 'wrong-password' },
      })
      expect(r.status).toBe(401)
    }
    const locked = await json('POST', '/api/v1/session', {
      body: { username: staff.username, password: staff.password },
    })
    expect(locked.status).toBe(423)
    expect(locked.data.error.code).toBe('account_locked')
  })

  it('refuses a form login without the CSRF token and accepts one with it', async () => {
    const page = await request('GET', '/admin/login', { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
    expect(token).toBeTruthy()
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]

    const form = (csrf?: string) => {
      const f = new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD })
      if (csrf) f.set('_csrf', csrf)
      return f
    }
    const refused = await request('POST', '/admin/login', {
      body: form(),
      headers: { Cookie: cookie, Accept: 'text/html' },
    })
    expect(refused.status).toBe(403)
    const ok = await request('POST', '/admin/login', {
      body: form(token),
      headers: { Cookie: cookie, Accept: 'text/html' },
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('set-cookie')).toMatch(/qx_session|session/)
  })

  it('answers a staff token on a bearer API call', async () => {
    const token = await admin()
    const users = await json('GET', '/api/v1/session', { token })
    expect(users.status).toBe(200)
    expect(await login('admin', ADMIN_PASSWORD)).toMatch(/^\S{20,}$/)
  })
})
