import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { approved, graduateWithToken, pageSession } from '../registration/fixtures.js'

const inboxOf = async (t: TestApp, token: string) =>
  (await t.json('GET', '/api/v1/me/notifications', { token })).data.items as Array<{ kind: string; link: string }>

const reminders = <T extends { kind: string }>(items: T[]) => items.filter((i) => i.kind === 'confirmation.reminder')

describe('reminders from staff (contract §7)', () => {
  it('reminds each graduate of the selection at most once per Beijing-time day', async () => {
    // 23:30 Beijing time on 15 June.
    const t = await createTestApp({ now: '2026-06-15T23:30:00+08:00' })
    const a = await graduateWithToken(t, { department: '计算机学院' })
    const b = await graduateWithToken(t, { department: '数学学院' })
    const none = await graduateWithToken(t, { department: '计算机学院' }) // 未上报: not in the default selection
    await approved(t, a)
    await approved(t, b)
    let r = await t.json('POST', '/api/v1/confirmations/reminders', { token: t.adminToken, body: {} })
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ notified: 2 })
    const got = reminders(await inboxOf(t, a.token))
    expect(got).toHaveLength(1)
    expect(got[0].link).toBe('/me/confirmation')
    expect(reminders(await inboxOf(t, none.token))).toHaveLength(0)
    // Again the same day (23:59 CST): nobody is reminded twice.
    t.clock.set('2026-06-15T23:59:00+08:00')
    r = await t.json('POST', '/api/v1/confirmations/reminders', { token: t.adminToken, body: {} })
    expect(r.data).toMatchObject({ notified: 0, selected: 2 })
    expect(reminders(await inboxOf(t, a.token))).toHaveLength(1)
    // 00:01 the next day in Beijing (still 15 June in UTC): a new day.
    t.clock.set('2026-06-16T00:01:00+08:00')
    r = await t.json('POST', '/api/v1/confirmations/reminders', {
      token: t.adminToken,
      body: { department: '数学学院' },
    })
    expect(r.data).toMatchObject({ notified: 1 })
    expect(reminders(await inboxOf(t, b.token))).toHaveLength(2)
    expect(reminders(await inboxOf(t, a.token))).toHaveLength(1)
    // Another selection: 未上报.
    r = await t.json('POST', '/api/v1/confirmations/reminders', { token: t.adminToken, body: { state: '未上报' } })
    expect(r.data).toMatchObject({ notified: 1 })
    expect(reminders(await inboxOf(t, none.token))[0].link).toBe('/me/registration')
    r = await t.json('POST', '/api/v1/confirmations/reminders', { token: t.adminToken, body: { state: '没有' } })
    expect(r.status).toBe(400)
  })

  it('a department user reminds only its own graduates; graduates may not remind', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t, { department: '计算机学院' })
    const b = await graduateWithToken(t, { department: '数学学院' })
    await approved(t, a)
    await approved(t, b)
    const dept = await t.createStaff('cs', { department: '计算机学院' })
    let r = await t.json('POST', '/api/v1/confirmations/reminders', { token: dept, body: {} })
    expect(r.data).toMatchObject({ notified: 1 })
    expect(reminders(await inboxOf(t, a.token))).toHaveLength(1)
    expect(reminders(await inboxOf(t, b.token))).toHaveLength(0)
    r = await t.json('POST', '/api/v1/confirmations/reminders', { token: a.token, body: {} })
    expect(r.status).toBe(403)
  })

  it('the button on the confirmation list says how many were reminded', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    await approved(t, a)
    const s = await pageSession(t, 'admin', 'admin', 'admin-pass-2026')
    const list = await s.get('/admin/confirmations')
    expect(list.html).toContain('提醒未确认的毕业生')
    let r = await s.post('/admin/confirmations/notify', { state: '未确认' })
    expect(r.status).toBe(303)
    const page = await s.get(r.location!)
    expect(page.html).toContain('已提醒 1 名毕业生')
    r = await s.post('/admin/confirmations/notify', { state: '未确认' })
    const again = await s.get(r.location!)
    expect(again.html).toContain('已提醒 0 名毕业生')
    expect(again.html).toContain('今天已提醒过')
  })
})
