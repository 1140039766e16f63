import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { approved, graduateWithToken, submitted } from '../registration/fixtures.js'
import { notify, toUser } from '../../src/notifications/service.js'

describe('the inbox (contract §7)', () => {
  it('a decision on a registration tells the graduate, in Chinese, with a link; read marks it', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    let r = await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '证明材料不清晰' },
    })
    expect(r.status).toBe(200)
    r = await t.json('GET', '/api/v1/me/notifications?unread=true', { token: g.token })
    expect(r.status).toBe(200)
    expect(r.data.unread).toBe(1)
    expect(r.data.items).toHaveLength(1)
    const n = r.data.items[0]
    expect(n).toMatchObject({ kind: 'registration.decision', title: '去向登记被退回修改', link: '/me/registration' })
    expect(n.body).toContain('证明材料不清晰')
    expect(n.at).toMatch(/\+08:00$/)
    expect(n.readAt).toBeNull()

    r = await t.json('POST', '/api/v1/me/notifications/read', { token: g.token, body: { ids: [n.id] } })
    expect(r.data).toEqual({ marked: 1, unread: 0 })
    r = await t.json('GET', '/api/v1/me/notifications?unread=true', { token: g.token })
    expect(r.data.items).toHaveLength(0)
    r = await t.json('GET', '/api/v1/me/notifications', { token: g.token })
    expect(r.data.items[0].readAt).toMatch(/\+08:00$/)
  })

  it('the graduate is not told of their own acts, and nobody reads another inbox', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t)
    await approved(t, a)
    let r = await t.json('GET', '/api/v1/me/notifications', { token: a.token })
    expect(r.data.items.map((i: { title: string }) => i.title)).toEqual(['去向登记已审核通过'])
    expect(r.data.items[0].link).toBe('/me/confirmation')
    const id = r.data.items[0].id
    r = await t.json('GET', '/api/v1/me/notifications', { token: b.token })
    expect(r.data).toMatchObject({ items: [], unread: 0 })
    // Marking someone else's notification read changes nothing.
    r = await t.json('POST', '/api/v1/me/notifications/read', { token: b.token, body: { ids: [id] } })
    expect(r.data.marked).toBe(0)
    r = await t.json('GET', '/api/v1/me/notifications?unread=true', { token: a.token })
    expect(r.data.unread).toBe(1)
    r = await t.json('POST', '/api/v1/me/notifications/read', { token: a.token, body: { all: true } })
    expect(r.data).toEqual({ marked: 1, unread: 0 })
  })

  it('staff accounts have an inbox too (any role, by user id); bad bodies are 400, no session 401', async () => {
    const t = await createTestApp()
    const admin = await t.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
    await t.deps.batch(
      notify(t.deps, toUser(admin.id), { kind: 'password.reset', title: '测试消息', body: '正文', link: null }),
    )
    let r = await t.json('GET', '/api/v1/me/notifications', { token: t.adminToken })
    expect(r.data.unread).toBe(1)
    expect(r.data.items[0]).toMatchObject({ title: '测试消息', link: null })
    r = await t.json('POST', '/api/v1/me/notifications/read', { token: t.adminToken, body: { ids: 'x' } })
    expect(r.status).toBe(400)
    r = await t.json('GET', '/api/v1/me/notifications')
    expect(r.status).toBe(401)
    // Mail is off by default: no outbox rows at all.
    const rows = await t.db.selectFrom('mail_outbox').selectAll().execute()
    expect(rows).toHaveLength(0)
  })
})
