import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { browserLogin, bumpVersion, insertRegistration, setStatus } from './fixtures.js'

async function setup() {
  const t = await createTestApp()
  const g = await insertGraduate(t, { name: '陈诚' })
  const token = await studentToken(t, g)
  const me = () => t.json('GET', '/api/v1/me/confirmation', { token })
  const confirm = (body: unknown) => t.json('POST', '/api/v1/me/confirmation', { token, body })
  return { t, g, token, me, confirm }
}

describe('POST/GET /api/v1/me/confirmation — the state after each kind of change', () => {
  it('is 未上报 without a registration and refuses to confirm', async () => {
    const { me, confirm } = await setup()
    const r = await me()
    expect(r.status).toBe(200)
    expect(r.data).toEqual({ state: '未上报', registration: null, confirmation: null })
    const c = await confirm({ result: '确认无误' })
    expect(c.status).toBe(409)
    expect(c.data.error.code).toBe('conflict')
    expect(c.data.error.message).toContain('尚未上报')
  })

  it('is still 未上报 while the registration awaits review', async () => {
    const { t, g, me, confirm } = await setup()
    await insertRegistration(t, g.id, { status: 'submitted' })
    expect((await me()).data.state).toBe('未上报')
    expect((await me()).data.registration).toBeNull()
    expect((await confirm({ result: '确认无误' })).status).toBe(409)
  })

  it('goes 未确认 → 确认无误 → (change) 未确认 → 确认有误 → (void) 未上报', async () => {
    const { t, g, me, confirm } = await setup()
    t.clock.set('2026-05-22T17:00:00Z') // 2026-05-23 01:00 in China
    await insertRegistration(t, g.id, { source: '登记系统' })
    let r = await me()
    expect(r.data.state).toBe('未确认')
    expect(r.data.registration).toMatchObject({
      source: '登记系统',
      version: 1,
      reportedOn: '2026年05月23日',
      destination: { type: '签就业协议书就业' },
    })
    expect(r.data.registration.archive.transferType).toBe('托管单位接收')
    expect(r.data.registration.hukou.migrationType).toBe('托管单位接收')

    t.clock.set('2026-06-01T02:00:00Z')
    const ok = await confirm({ result: '确认无误' })
    expect(ok.status).toBe(200)
    expect(ok.data.state).toBe('确认无误')
    expect(ok.data.confirmation).toMatchObject({
      result: '确认无误',
      destination: null,
      archive: false,
      hukou: false,
      phone: null,
      at: '2026-06-01T02:00:00.000Z',
      current: true,
    })

    await bumpVersion(t, g.id, { destination: { type: '境内升学', school: '北京大学' } })
    r = await me()
    expect(r.data.state).toBe('未确认')
    expect(r.data.registration.version).toBe(2)
    expect(r.data.registration.destination.type).toBe('境内升学')
    expect(r.data.confirmation.current).toBe(false)

    const wrong = await confirm({
      result: '确认有误',
      destination: '有变化',
      archive: false,
      hukou: true,
      phone: '139 1234 5678',
    })
    expect(wrong.status).toBe(200)
    expect(wrong.data.state).toBe('确认有误')
    expect(wrong.data.confirmation).toMatchObject({
      result: '确认有误',
      destination: '有变化',
      archive: false,
      hukou: true,
      phone: '13912345678',
      current: true,
    })
    const row = await t.db
      .selectFrom('confirmations')
      .selectAll()
      .where('graduate_id', '=', g.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      registration_version: 2,
      result: '确认有误',
      destination_issue: '有变化',
      archive_issue: 0,
      hukou_issue: 1,
      phone: '13912345678',
    })

    // The graduate updates the registration (version 3): back to 未确认, and may confirm again.
    await bumpVersion(t, g.id)
    expect((await me()).data.state).toBe('未确认')
    expect((await confirm({ result: '确认无误' })).data.state).toBe('确认无误')
    const after = await t.db
      .selectFrom('confirmations')
      .selectAll()
      .where('graduate_id', '=', g.id)
      .executeTakeFirstOrThrow()
    expect(after).toMatchObject({
      registration_version: 3,
      result: '确认无误',
      destination_issue: null,
      hukou_issue: 0,
      phone: null,
    })

    await setStatus(t, g.id, 'voided')
    r = await me()
    expect(r.data.state).toBe('未上报')
    expect(r.data.registration).toBeNull()
    expect((await confirm({ result: '确认无误' })).status).toBe(409)
  })

  it('validates 确认有误: a part, a mobile number', async () => {
    const { t, g, confirm } = await setup()
    await insertRegistration(t, g.id)
    let r = await confirm({ result: '确认有误', destination: null, archive: false, hukou: false, phone: '13912345678' })
    expect(r.status).toBe(400)
    expect(r.data.error.code).toBe('validation_error')
    expect(r.res.headers.get('x-error-field')).toBe('destination')
    r = await confirm({ result: '确认有误', destination: '有错误' })
    expect(r.status).toBe(400)
    expect(r.res.headers.get('x-error-field')).toBe('phone')
    expect(r.data.error.message).toContain('联系方式')
    for (const phone of ['12912345678', '1391234567', '139123456789', 'abc']) {
      r = await confirm({ result: '确认有误', destination: '有错误', phone })
      expect(r.status, phone).toBe(400)
      expect(r.res.headers.get('x-error-field')).toBe('phone')
    }
    r = await confirm({ result: '确认有误', destination: '不知道', phone: '13912345678' })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('毕业去向信息')
    r = await confirm({ result: '好的' })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('确认结果')
    expect(await t.db.selectFrom('confirmations').selectAll().execute()).toEqual([])
  })

  it('refuses a version the graduate did not see', async () => {
    const { t, g, confirm } = await setup()
    await insertRegistration(t, g.id, { version: 4 })
    const r = await confirm({ result: '确认无误', version: 3 })
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('重新核对')
    expect((await confirm({ result: '确认无误', version: 4 })).data.state).toBe('确认无误')
  })

  it('is for graduates only, past the first password', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    const first = await t.login(g.studentNo, g.firstPassword)
    expect((await t.json('GET', '/api/v1/me/confirmation', { token: first })).data.error.code).toBe(
      'password_change_required',
    )
    expect((await t.json('GET', '/api/v1/me/confirmation', { token: t.adminToken })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/me/confirmation')).status).toBe(401)
  })
})

describe('/me/confirmation page', () => {
  it('shows what was reported and confirms through the form; 信息有误 explains how to update', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '李娟' })
    await studentToken(t, g)
    t.clock.set('2026-05-29T03:00:00Z')
    await insertRegistration(t, g.id, { source: '登记系统' })
    const b = await browserLogin(t, 'me', g.studentNo, 'new-password-1')
    let p = await b.get('/me/confirmation')
    expect(p.res.status).toBe(200)
    expect(p.text).toContain('以上毕业去向信息于2026年05月29日通过毕业去向登记系统上报')
    expect(p.text).toContain('学信咨询服务有限公司')
    expect(p.text).toContain('北京市海淀区人力资源公共服务中心')
    expect(p.text).toContain('北京市西城区') // 户口迁移所在地 110102 by name
    expect(p.text).toContain('data-state="未确认"')
    expect(p.text).not.toMatch(/style=/)

    p = await b.post('/me/confirmation', { result: '确认有误', destination: '有错误', phone: '123', version: '1' })
    expect(p.res.status).toBe(400)
    expect(p.text).toContain('联系方式')
    expect(p.text).toContain('value="123"')

    p = await b.post('/me/confirmation', {
      result: '确认有误',
      destination: '有错误',
      archive: '1',
      phone: '13712345678',
      version: '1',
    })
    expect(p.res.status).toBe(200)
    expect(p.text).toContain('data-state="确认有误"')
    expect(p.text).toContain('您已确认去向信息有误')
    expect(p.text).toContain('再次进行去向登记确认')
    expect(p.text).toContain('href="/me/registration"')

    p = await b.post('/me/confirmation', { result: '确认无误', version: '1' })
    expect(p.res.status).toBe(200)
    expect(p.text).toContain('data-state="确认无误"')
    expect(p.text).toContain('href="/me/authorization"')
    expect(p.text).toContain('核验授权')

    // A stale form (the registration changed meanwhile) is refused, not confirmed unseen.
    await bumpVersion(t, g.id)
    p = await b.post('/me/confirmation', { result: '确认无误', version: '1' })
    expect(p.res.status).toBe(409)
    expect(p.text).toContain('data-state="未确认"')
  })

  it('tells a graduate with nothing reported to register first', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    await studentToken(t, g)
    const b = await browserLogin(t, 'me', g.studentNo, 'new-password-1')
    const p = await b.get('/me/confirmation')
    expect(p.text).toContain('尚未上报')
    expect(p.text).not.toContain('name="result"')
  })
})
