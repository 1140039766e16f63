import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { createTestApp } from '../helpers.js'
import { PAGE_SECURITY_HEADERS } from '../../src/middleware/security.js'
import { SERVICE_SECURE_HEADERS } from './secure-headers-options.js'

const lower = (h: Headers | Record<string, string>) =>
  Object.fromEntries(
    (h instanceof Headers ? [...h.entries()] : Object.entries(h)).map(([k, v]) => [k.toLowerCase(), v]),
  )

describe('precomputed security headers', () => {
  it('are exactly what hono/secure-headers sends with the service’s options', async () => {
    const reference = new Hono()
    reference.use(secureHeaders(SERVICE_SECURE_HEADERS))
    reference.get('/', (c) => c.body(null, 204))
    const expected = lower((await reference.request('/')).headers)
    expect(lower(PAGE_SECURITY_HEADERS)).toEqual(expected)
  })

  it('reach /healthz, pages and the JSON 404 of the service, each with its own request id', async () => {
    const t = await createTestApp()
    const ids = new Set<string>()
    for (const path of ['/healthz', '/healthz', '/admin/login', '/nothing-here']) {
      const r = await t.request('GET', path, { headers: { 'X-Request-Id': 'planted-by-client' } })
      const h = lower(r.headers)
      for (const [k, v] of Object.entries(lower(PAGE_SECURITY_HEADERS))) expect(h[k], `${path} ${k}`).toBe(v)
      expect(h['x-request-id']).toMatch(/^[\w-]{8,}$/)
      expect(h['x-request-id']).not.toBe('planted-by-client')
      ids.add(h['x-request-id'])
    }
    expect(ids.size).toBe(4)
  })
})
