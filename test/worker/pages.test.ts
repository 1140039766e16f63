/**
 * The server-rendered pages in workerd: a staff member signs in through the form (session cookie,
 * CSRF token), and every staff page answers 200 with HTML; the static assets are served with the
 * strict CSP. A graduate's pages likewise after the forced password change.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, request } from './helpers.js'
import { cohort } from './fixtures.js'

async function cookieLogin(base: '/admin' | '/me', username: string, password: string): Promise<string> {
  const page = await request('GET', `${base}/login`, { headers: { Accept: 'text/html' } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const pre = (page.headers.get('set-cookie') ?? '').split(';')[0]
  const res = await request('POST', `${base}/login`, {
    body: new URLSearchParams({ username, password, _csrf: csrf }),
    headers: { Cookie: pre, Accept: 'text/html' },
  })
  expect(res.status).toBe(303)
  const session = (res.headers.get('set-cookie') ?? '').split(';')[0]
  expect(session).toMatch(/^qx_session=/)
  return session
}

const html = (path: string, cookie: string) =>
  request('GET', path, { headers: { Cookie: cookie, Accept: 'text/html' } })

describe('Worker: pages', () => {
  it('serves every staff page to a signed-in administrator', async () => {
    const cookie = await cookieLogin('/admin', 'admin', ADMIN_PASSWORD)
    for (const path of [
      '/admin',
      '/admin/roster',
      '/admin/roster/import',
      '/admin/roster/corrections',
      '/admin/registrations',
      '/admin/registrations/import',
      '/admin/registrations/settings',
      '/admin/confirmations',
      '/admin/confirmations/stats',
      '/admin/transfer',
      '/admin/users',
      '/admin/audit',
      '/admin/archive-units',
    ]) {
      const res = await html(path, cookie)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toContain('text/html')
      expect(await res.text(), path).toContain('</html>')
    }
  })

  it('serves the graduate pages after the forced password change, and the static assets', async () => {
    const c = await cohort(1)
    const g = c.rows[0]
    const cookie = await cookieLogin('/me', g.studentNo, g.idCard.slice(-6))
    const forced = await html('/me', cookie)
    expect(forced.status).toBe(303)
    expect(forced.headers.get('location')).toContain('/me/password')
    for (const path of ['/me/password', '/verify', '/']) {
      const res = await html(path, cookie)
      expect(res.status, path).toBe(200)
    }
    const css = await request('GET', '/static/app.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
    const js = await request('GET', '/static/app.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'")
  })
})
