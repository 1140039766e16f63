import { describe, expect, it } from 'vitest'
import { createTestApp } from './helpers.js'

describe('smoke', () => {
  it('serves healthz and logs the admin in', async () => {
    const t = await createTestApp()
    const r = await t.json('GET', '/healthz')
    expect(r.status).toBe(200)
    expect(r.data).toEqual({ ok: true })
    const me = await t.json('GET', '/api/v1/session', { token: t.adminToken })
    expect(me.data.user.username).toBe('admin')
    const doc = await t.json('GET', '/api/v1/openapi.json')
    expect(doc.status).toBe(200)
    expect(Object.keys(doc.data.paths)).toContain('/api/v1/session')
  })
})
