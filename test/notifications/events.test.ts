import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { approved, graduateWithToken, pageSession } from '../registration/fixtures.js'

const titles = async (t: TestApp, token: string) =>
  ((await t.json('GET', '/api/v1/me/notifications', { token })).data.items as Array<{ title: string }>).map(
    (i) => i.title,
  )

describe('every event of §7 that exists today notifies the graduate', () => {
  it('transfer numbers generated, then regenerated after a change', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const other = await graduateWithToken(t)
    await approved(t, g)
    let r = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(r.data.generated).toBe(1)
    expect(await titles(t, g.token)).toContain('档案转递编号已生成')
    expect(await titles(t, other.token)).not.toContain('档案转递编号已生成')
    const reg = (await t.json('GET', '/api/v1/me/registration', { token: g.token })).data
    r = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { ...reg, destination: { ...reg.destination, unitName: '另一家公司' } },
    })
    expect(r.status).toBe(200)
    expect(await titles(t, g.token)).toContain('学校更新了您的去向登记')
    r = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(r.data.regenerated).toBe(1)
    expect(await titles(t, g.token)).toContain('档案转递编号已重新生成')
  })

  it('a roster correction decision and a password reset by staff', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const s = await t.json('POST', '/api/v1/me/roster/corrections', {
      token: g.token,
      body: { phone: '13911112222', originCode: '430104' },
    })
    expect(s.status).toBe(201)
    const d = await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '请上传证明' },
    })
    expect(d.status).toBe(200)
    // A second decision on the same correction is refused and tells nobody again.
    await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    expect((await titles(t, g.token)).filter((x) => x.startsWith('生源信息核对'))).toEqual(['生源信息核对被退回'])

    const r = await t.json('POST', `/api/v1/graduates/${g.id}/password-reset`, { token: t.adminToken })
    expect(r.status).toBe(200)
    const rows = await t.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select('title')
      .where('users.graduate_id', '=', g.id)
      .where('kind', '=', 'password.reset')
      .execute()
    expect(rows.map((x) => x.title)).toEqual(['您的登录密码已被重置'])
  })

  it('the bell shows the unread count on signed-in pages, the list links to the thing and marks it read', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await approved(t, g)
    const s = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    let p = await s.get('/me/registration')
    expect(p.html).toMatch(/class="bell"[^>]*aria-label="消息（1 条未读）"/)
    p = await s.get('/notifications')
    expect(p.html).toContain('去向登记已审核通过')
    const id = /href="\/notifications\/(\d+)"/.exec(p.html)![1]
    const open = await s.get(`/notifications/${id}`)
    expect(open.status).toBe(303)
    expect(open.res.headers.get('location')).toBe('/me/confirmation')
    p = await s.get('/me/registration')
    expect(p.html).toMatch(/class="bell"[^>]*aria-label="消息"/)
    // The staff chrome has the bell too.
    const admin = await pageSession(t, 'admin', 'admin', 'admin-pass-2026')
    expect((await admin.get('/admin')).html).toContain('class="bell"')
  })
})
