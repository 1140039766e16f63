/**
 * Resetting and unlocking graduates' accounts from the roster pages (issue 13 §8): on the
 * graduate's page and for a selection on the list, each asked first (the confirmation page
 * without JavaScript), audited, answered in Chinese — and only by staff with 基本信息 读写 over
 * that graduate (the API's own rule): a read-only user gets 403, a user of another 院系 touches
 * nothing.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { browser } from './fixtures.js'

async function school() {
  const t = await createTestApp()
  const a = await insertGraduate(t, { department: '计算机学院', name: '林黛玉' })
  const b = await insertGraduate(t, { department: '计算机学院', name: '薛宝钗' })
  const m = await insertGraduate(t, { department: '数学学院', name: '贾探春' })
  for (const g of [a, b, m]) await studentToken(t, g)
  await t.createStaff('cs', { department: '计算机学院' })
  await t.createStaff('cs-ro', { department: '计算机学院', permissions: { info: 'ro' } })
  await t.createStaff('math', { department: '数学学院' })
  return { t, a, b, m }
}

const account = (t: TestApp, graduateId: number) =>
  t.db
    .selectFrom('users')
    .select(['password_hash', 'must_change_password', 'failed_logins', 'locked_until'])
    .where('graduate_id', '=', graduateId)
    .executeTakeFirstOrThrow()

/** Five wrong passwords lock the account (contract §4.1). */
async function lock(t: TestApp, g: { id: number; studentNo: string }) {
  for (let i = 0; i < 5; i++)
    await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: 'x' } })
  expect((await account(t, g.id)).locked_until).not.toBeNull()
}

const audits = (t: TestApp, action: string) =>
  t.db.selectFrom('audit_log').select(['actor', 'target', 'detail']).where('action', '=', action).execute()

describe('graduate accounts from the roster pages', () => {
  it("the graduate's page: 重置密码 asks first, then resets to the first password, audited, with a Chinese notice", async () => {
    const { t, a } = await school()
    const cs = await browser(t, 'admin', 'cs', 'cs-password')
    const page = await cs.get(`/admin/roster/${a.id}`)
    expect(page.text).toContain('登录账号')
    expect(page.text).toContain(`action="/admin/roster/${a.id}/password-reset"`)

    // Without confirmed=1: the question, nothing changed.
    const ask = await cs.post(`/admin/roster/${a.id}/password-reset`, {})
    expect(ask.res.status).toBe(200)
    expect(ask.text).toContain('确认重置密码')
    expect(ask.text).toContain('林黛玉')
    expect((await account(t, a.id)).password_hash).not.toBeNull()

    const done = await cs.post(`/admin/roster/${a.id}/password-reset`, { confirmed: '1' })
    expect(done.res.status).toBe(303)
    const after = await cs.get(done.res.headers.get('location')!)
    expect(after.text).toContain('已将 林黛玉 的密码重置为初始密码（身份证号后六位')
    expect(await account(t, a.id)).toMatchObject({ password_hash: null, must_change_password: 1 })
    expect(await audits(t, 'password.reset')).toEqual([
      expect.objectContaining({ actor: 'cs', target: `graduate:${a.id}` }),
    ])
    // The graduate signs in with the first password again (and must change it).
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a.studentNo, password: a.firstPassword } })).data
        .user.mustChangePassword,
    ).toBe(true)
  })

  it("the graduate's page: a locked account shows as locked; 解锁账号 asks first, then unlocks, audited", async () => {
    const { t, a } = await school()
    await lock(t, a)
    const cs = await browser(t, 'admin', 'cs', 'cs-password')
    const page = await cs.get(`/admin/roster/${a.id}`)
    expect(page.text).toContain('已锁定')
    const ask = await cs.post(`/admin/roster/${a.id}/unlock`, {})
    expect(ask.text).toContain('确认解锁账号')
    expect((await account(t, a.id)).locked_until).not.toBeNull()
    const done = await cs.post(`/admin/roster/${a.id}/unlock`, { confirmed: '1' })
    expect(done.res.status).toBe(303)
    const after = await cs.get(done.res.headers.get('location')!)
    expect(after.text).toContain('已解锁 林黛玉 的账号')
    expect(after.text).not.toContain('已锁定')
    expect(await account(t, a.id)).toMatchObject({ locked_until: null, failed_logins: 0 })
    expect((await audits(t, 'user.unlock')).map((r) => r.target)).toEqual([`graduate:${a.id}`])
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a.studentNo, password: 'new-password-1' } })).status,
    ).toBe(200)
  })

  it('the list: a selection reset or unlocked at once, after the question; out-of-scope ones are counted, not touched', async () => {
    const { t, a, b, m } = await school()
    await lock(t, a)
    await lock(t, b)
    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const list = await admin.get('/admin/roster')
    expect(list.text).toContain(`name="ids" value="${a.id}"`)
    expect(list.text).toContain('已锁定')

    // Nothing chosen: said so, at the list.
    const none = await admin.post('/admin/roster/accounts', { action: 'unlock' })
    expect(none.res.status).toBe(400)
    expect(none.text).toContain('请先勾选要处理的毕业生')

    const ask = await admin.post('/admin/roster/accounts', { action: 'unlock', ids: [String(a.id), String(b.id)] })
    expect(ask.text).toContain('确认解锁账号')
    expect(ask.text).toContain('选中的 2 名毕业生')
    const done = await admin.post('/admin/roster/accounts', {
      action: 'unlock',
      ids: [String(a.id), String(b.id)],
      from: 'department=计算机学院',
      confirmed: '1',
    })
    expect(done.res.status).toBe(303)
    const location = done.res.headers.get('location')!
    expect(location).toContain(`department=${encodeURIComponent('计算机学院')}`)
    expect((await admin.get(location)).text).toContain('已解锁 2 名毕业生的账号')
    for (const g of [a, b]) expect((await account(t, g.id)).locked_until).toBeNull()
    expect(await audits(t, 'user.unlock')).toEqual([expect.objectContaining({ actor: 'admin', target: null })])

    // A department user's selection with another 院系's graduate: that one is skipped and counted.
    const cs = await browser(t, 'admin', 'cs', 'cs-password')
    await cs.get('/admin/roster')
    const reset = await cs.post('/admin/roster/accounts', {
      action: 'reset',
      ids: [String(a.id), String(m.id)],
      confirmed: '1',
    })
    const notice = (await cs.get(reset.res.headers.get('location')!)).text
    expect(notice).toContain('已将 1 名毕业生的密码重置为初始密码')
    expect(notice).toContain('另有 1 名不在您的管理范围内，未处理')
    expect((await account(t, a.id)).password_hash).toBeNull()
    expect((await account(t, m.id)).password_hash).not.toBeNull()
  })

  it('a read-only user sees no buttons and is refused; a user of another 院系 reaches nothing', async () => {
    const { t, a } = await school()
    await lock(t, a)
    const ro = await browser(t, 'admin', 'cs-ro', 'cs-ro-password')
    const page = await ro.get(`/admin/roster/${a.id}`)
    expect(page.res.status).toBe(200)
    expect(page.text).not.toContain('/password-reset"')
    expect(page.text).not.toContain('/unlock"')
    expect((await ro.get('/admin/roster')).text).not.toContain('/admin/roster/accounts')
    for (const path of [`/admin/roster/${a.id}/password-reset`, `/admin/roster/${a.id}/unlock`])
      expect((await ro.post(path, { confirmed: '1' })).res.status).toBe(403)
    expect(
      (await ro.post('/admin/roster/accounts', { action: 'reset', ids: String(a.id), confirmed: '1' })).res.status,
    ).toBe(403)

    const math = await browser(t, 'admin', 'math', 'math-password')
    await math.get('/admin/roster')
    for (const path of [`/admin/roster/${a.id}/password-reset`, `/admin/roster/${a.id}/unlock`]) {
      expect((await math.post(path, {})).res.status).toBe(404)
      expect((await math.post(path, { confirmed: '1' })).res.status).toBe(404)
    }
    const bulk = await math.post('/admin/roster/accounts', { action: 'unlock', ids: String(a.id), confirmed: '1' })
    expect((await math.get(bulk.res.headers.get('location')!)).text).toContain('选中的毕业生都不在您的管理范围内')

    expect(await account(t, a.id)).toMatchObject({ must_change_password: 0 })
    expect((await account(t, a.id)).password_hash).not.toBeNull()
    expect((await account(t, a.id)).locked_until).not.toBeNull()
    expect(await audits(t, 'password.reset')).toEqual([])
    expect(await audits(t, 'user.unlock')).toEqual([])
  })
})
