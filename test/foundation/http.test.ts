import { describe, expect, it } from 'vitest'
import { createTestApp, ADMIN_PASSWORD, insertGraduate } from '../helpers.js'
import { seedGraduate } from '../lookup/fixtures.js'

describe('HTTP basics', () => {
  it('GET /healthz → {"ok":true}', async () => {
    const t = await createTestApp()
    const r = await t.request('GET', '/healthz')
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ ok: true })
  })

  it('unknown API routes are JSON 404 in the one error shape', async () => {
    const t = await createTestApp()
    for (const path of ['/api/v1/nope', '/api/v2/graduates', '/nothing-here']) {
      const r = await t.json('GET', path)
      expect(r.status).toBe(404)
      expect(r.data).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    const page = await t.request('GET', '/nothing-here', { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('页面不存在')
  })

  it('every response carries a request id and strict security headers', async () => {
    const t = await createTestApp()
    for (const path of ['/healthz', '/admin/login', '/verify']) {
      const r = await t.request('GET', path)
      expect(r.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/)
      const csp = r.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  it('JSON API answers carry the API header policy (nothing may load or frame them)', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '陈诚' } })
    const post = (body: object) =>
      t.app.request('/api/v1/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    const hit = await post({ kind: 'archive', name: '陈诚', number: g.transferNumber })
    expect(hit.status).toBe(200)
    const miss = await post({ kind: 'archive', name: '陈诚', number: '1' })
    expect(miss.status).toBe(400)
    for (const r of [await t.request('GET', '/api/v1/nope'), hit, miss]) {
      expect(r.headers.get('content-type')).toMatch(/json/)
      expect(r.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/)
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    }
  })

  it('pages contain no inline scripts or style attributes (the CSP would block them)', async () => {
    const t = await createTestApp()
    for (const path of ['/', '/admin/login', '/me/login']) {
      const html = await (await t.request('GET', path)).text()
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(html).not.toMatch(/\sstyle="/)
      expect(html).toContain('<html lang="zh-CN">')
    }
  })

  it('the OpenAPI document describes the API routes', async () => {
    const t = await createTestApp()
    const r = await t.json('GET', '/api/v1/openapi.json')
    expect(r.status).toBe(200)
    expect(r.data.openapi).toBe('3.1.0')
    for (const p of [
      '/api/v1/verify',
      '/api/v1/session',
      '/api/v1/users',
      '/api/v1/me/password',
      '/api/v1/users/{username}/unlock',
      '/api/v1/graduates/password-reset',
    ]) {
      expect(Object.keys(r.data.paths)).toContain(p)
    }
    expect(r.data.paths['/api/v1/session'].post.requestBody.content['application/json'].schema.required).toEqual([
      'username',
      'password',
    ])
  })

  it('a wrong content type is a 415 in the error shape, not a 500', async () => {
    const t = await createTestApp()
    const r = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<x/>',
    })
    expect(r.status).toBe(415)
    expect((await r.json()).error.code).toBe('unsupported_media_type')
  })
})

describe('CSRF and login pages', () => {
  async function loginForm(t: Awaited<ReturnType<typeof createTestApp>>) {
    const page = await t.request('GET', '/admin/login')
    const html = await page.text()
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]
    return { token, cookie }
  }

  it('the staff login form signs in with an HttpOnly SameSite cookie', async () => {
    const t = await createTestApp()
    const { token, cookie } = await loginForm(t)
    const body = new URLSearchParams({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD })
    const r = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(r.status).toBe(303)
    expect(r.headers.get('location')).toBe('/admin')
    const set = r.headers.get('set-cookie') ?? ''
    expect(set).toMatch(/qx_session=[A-Za-z0-9]{32}/)
    expect(set).toContain('HttpOnly')
    expect(set).toMatch(/SameSite=Lax/i)
  })

  it('refuses a form post without the token, with a wrong token, or from another site', async () => {
    const t = await createTestApp()
    const { token, cookie } = await loginForm(t)
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.request('/admin/login', {
        method: 'POST',
        headers: {
          Cookie: cookie,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'text/html',
          ...headers,
        },
        body: new URLSearchParams(body),
      })
    expect((await post({ username: 'admin', password: ADMIN_PASSWORD })).status).toBe(403)
    expect((await post({ _csrf: token + 'x', username: 'admin', password: ADMIN_PASSWORD })).status).toBe(403)
    expect(
      (await post({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD }, { Origin: 'https://evil.example' }))
        .status,
    ).toBe(403)
    expect(
      (await post({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD }, { 'Sec-Fetch-Site': 'cross-site' }))
        .status,
    ).toBe(403)
    expect(
      (await post({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD }, { Origin: 'http://localhost' }))
        .status,
    ).toBe(303)
  })

  it('a wrong password on the login page re-renders it with the error (401)', async () => {
    const t = await createTestApp()
    const { token, cookie } = await loginForm(t)
    const r = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, username: 'admin', password: 'nope' }),
    })
    expect(r.status).toBe(401)
    expect(await r.text()).toContain('用户名或密码错误')
  })

  it('pages behind login redirect to the login page', async () => {
    const t = await createTestApp()
    const r = await t.request('GET', '/me/password')
    expect(r.status).toBe(303)
    expect(r.headers.get('location')).toBe('/me/login')
  })
})

describe('account pages', () => {
  async function adminCookie(t: Awaited<ReturnType<typeof createTestApp>>) {
    const page = await t.request('GET', '/admin/login')
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]
    const anon = (page.headers.get('set-cookie') ?? '').split(';')[0]
    const r = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: anon, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, username: 'admin', password: ADMIN_PASSWORD }),
    })
    return (r.headers.get('set-cookie') ?? '').split(';')[0]
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]

  it('a school admin adds a department user through the page, and sees it listed; bad input re-renders with the field named', async () => {
    const t = await createTestApp()
    // 添加用户 chooses the 院系 from the existing ones (issue 13 item 9): 法学院 exists through its graduate.
    await insertGraduate(t, { department: '法学院' })
    const cookie = await adminCookie(t)
    const page = await t.app.request('/admin/users', { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('添加用户')
    expect(html).toMatch(/<select id="department" name="department">[\s\S]*<option value="法学院"/)
    const csrf = csrfOf(html)
    const post = (f: Record<string, string>) =>
      t.app.request('/admin/users', {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...f }),
      })
    const bad = await post({
      username: 'li',
      password: 'short',
      role: 'department',
      department: '法学院',
      info: 'rw',
      archive: 'ro',
      hukou: 'none',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('密码')
    const typo = await post({
      username: 'li',
      password: 'long-enough',
      role: 'department',
      department: '法学学院',
      info: 'rw',
      archive: 'ro',
      hukou: 'none',
    })
    expect(typo.status).toBe(400)
    expect(await typo.text()).toContain('是否为：法学院')
    expect((await t.db.selectFrom('departments').select('name').execute()).map((d) => d.name)).toEqual(['法学院'])
    const ok = await post({
      username: 'li',
      password: 'long-enough',
      role: 'department',
      department: '法学院',
      info: 'rw',
      archive: 'ro',
      hukou: 'none',
    })
    expect(ok.status).toBe(303)
    const after = await (await t.app.request('/admin/users', { headers: { Cookie: cookie } })).text()
    expect(after).toContain('法学院')
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'li', password: 'long-enough' } })).data.user
        .permissions,
    ).toEqual({ info: 'rw', archive: 'ro', hukou: 'none' })
    const audit = await (await t.app.request('/admin/audit', { headers: { Cookie: cookie } })).text()
    expect(audit).toContain('user.create')
  })

  it('department users cannot open the account page', async () => {
    const t = await createTestApp()
    await t.createStaff('dept', { department: '法学院' })
    const page = await t.request('GET', '/admin/login')
    const token = csrfOf(await page.text())
    const anon = (page.headers.get('set-cookie') ?? '').split(';')[0]
    const r = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: anon, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, username: 'dept', password: 'dept-password' }),
    })
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]
    const res = await t.app.request('/admin/users', { headers: { Cookie: cookie, Accept: 'text/html' } })
    expect(res.status).toBe(403)
  })
})

describe('API content types', () => {
  it('JSON sent as text/plain or form to the API is a 415, not a CSRF refusal', async () => {
    const t = await createTestApp()
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const r = await t.app.request('/api/v1/session', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      })
      expect(r.status, type).toBe(415)
      expect((await r.json()).error.code).toBe('unsupported_media_type')
    }
  })
  it('validation errors keep the contract body and name the field in a header', async () => {
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/session', { body: { username: 'admin' } })
    expect(Object.keys(r.data.error).sort()).toEqual(['code', 'message'])
    expect(r.res.headers.get('x-error-field')).toBe('password')
  })
})

describe('request size', () => {
  it('refuses a JSON body over 1 MB with 413 before reading it, and keeps normal bodies working', async () => {
    const t = await createTestApp()
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 + 10) })
    const r = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    })
    expect(r.status).toBe(413)
    expect((await r.json()).error.code).toBe('payload_too_large')
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status,
    ).toBe(200)
  })
  it('refuses a declared Content-Length over the limit from the header alone', async () => {
    const t = await createTestApp()
    const r = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(2 * 1024 * 1024) },
      body: '{}',
    })
    expect(r.status).toBe(413)
    expect((await r.json()).error.code).toBe('payload_too_large')
  })
  it('refuses an upload over 20 MB with 413', async () => {
    const t = await createTestApp()
    const fd = new FormData()
    fd.append('file', new File([new Uint8Array(21 * 1024 * 1024)], 'roster.csv'))
    const r = await t.request('POST', '/api/v1/graduates/import', { token: t.adminToken, body: fd })
    expect(r.status).toBe(413)
    expect((await r.json()).error.code).toBe('payload_too_large')
  })
})

describe('validation messages', () => {
  it('are in Chinese and name the field, with no English left from the validator', async () => {
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'office', name: '张三', number: '2610001QC42UDY7HN' },
    })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toMatch(/^查询类型：/)
    expect(r.data.error.message).not.toMatch(/Invalid|expected/)
  })
})
