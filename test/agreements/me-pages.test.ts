/**
 * The graduate's side of online signing in pages (seed 004 §2.3 (2)): the invitation on /me and
 * on 我的签约 with 接受 / 拒绝 (asked first), one agreement at a time, expiry at the answer.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { approvedEmployer, invite, signingSetup } from './fixtures.js'

describe('我的签约', () => {
  it('shows the invitation on /me, asks, accepts; the other invitation can then only be read', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t)
    const other = await approvedEmployer(t)
    const first = await invite(t, employer.token, g)
    const second = await invite(t, other.token, g, { job: { category: '13', title: '数据分析师' } })
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')

    const home = await me.get('/me')
    expect(home.status).toBe(200)
    expect(home.html).toContain('签约邀请（2）')
    expect(home.html).toContain(employer.body.name)
    expect(home.html).toContain(`action="/me/agreements/${first.id}/answer"`)
    expect(home.html).toContain('请在 2026-06-22 10:00（北京时间）前回应')

    const page = await me.get('/me/agreements')
    expect(page.html).toContain('软件工程师')
    expect(page.html).toContain('数据分析师')
    expect(page.html).toContain('提供住房补贴')
    expect(page.html).toContain('<td>7天</td>')
    expect(page.html).toContain('单位发起邀请，等待应约')

    // Without JavaScript the answer is asked first; nothing changes until confirmed.
    const ask = await me.post(`/me/agreements/${first.id}/answer`, { answer: 'accept' })
    expect(ask.status).toBe(200)
    expect(ask.html).toContain('确认接受签约邀请')
    expect(
      (await t.db.selectFrom('agreements').select('status').where('id', '=', first.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('invited')
    const ok = await me.post(`/me/agreements/${first.id}/answer`, { answer: 'accept', confirmed: '1' })
    expect(ok.location).toBe('/me/agreements?ok=accept')
    const after = await me.get('/me/agreements?ok=accept')
    expect(after.html).toContain('已接受签约邀请，等待学校鉴证')
    expect(after.html).toContain('学生已同意签约（等待学校审核）')
    expect(after.html).toContain('其他单位的签约邀请只能查看')
    expect(after.html).not.toContain(`action="/me/agreements/${second.id}/answer"`)
    expect((await me.get('/me')).html).toContain('您已与其他单位签约，这份邀请只能查看')
    // The service still refuses it when posted anyway (409 on the page).
    const again = await me.post(`/me/agreements/${second.id}/answer`, { answer: 'accept', confirmed: '1' })
    expect(again.status).toBe(409)
    expect(again.html).toContain('只能与一家单位签约')
    expect(
      (await t.db.selectFrom('agreements').select('status').where('id', '=', second.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('invited')
  })

  it('declines; an answer after 应约截止时间 is refused and the invitation shows as 已失效', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t)
    const a = await invite(t, employer.token, g, { responseDays: 1 })
    const b = await invite(t, employer.token, g, { responseDays: 3 })
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const no = await me.post(`/me/agreements/${b.id}/answer`, { answer: 'decline', confirmed: '1' })
    expect(no.location).toBe('/me/agreements?ok=decline')
    expect((await me.get('/me/agreements')).html).toContain('毕业生已拒绝')
    t.clock.advance(86_400_000 + 1000)
    // A day later: signed in again (the session has ended), the invitation past its deadline.
    const later = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const late = await later.post(`/me/agreements/${a.id}/answer`, { answer: 'accept', confirmed: '1' })
    expect(late.status).toBe(409)
    expect(late.html).toContain('role="alert"')
    expect(late.html).toContain('已失效（逾期未应约）')
    expect((await later.get('/me')).html).not.toContain('签约邀请（')
    // Another graduate cannot answer it, nor see it.
    const stranger = await insertGraduate(t)
    await studentToken(t, stranger)
    const s = await pageSession(t, 'me', stranger.studentNo, 'new-password-1')
    expect((await s.post(`/me/agreements/${a.id}/answer`, { answer: 'decline', confirmed: '1' })).status).toBe(404)
    expect((await s.get('/me/agreements')).html).not.toContain(employer.body.name)
  })
})
