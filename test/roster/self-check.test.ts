import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { browser } from './fixtures.js'

const CORRECTION = {
  originCode: '430104',
  phone: '13911112222',
  email: 'me@example.cn',
  qq: '123456',
  homeAddress: '长沙市岳麓区',
  homePhone: '',
  urbanRural: '农村',
}

async function setup() {
  const t = await createTestApp()
  const g = await insertGraduate(t, { department: '计算机学院', name: '孙悟空' })
  const token = await studentToken(t, g)
  const cs = await t.createStaff('cs', { department: '计算机学院' })
  return { t, g, token, cs }
}

describe('the graduate self-check', () => {
  it('shows the record; submit → approve changes the school record', async () => {
    const { t, g, token, cs } = await setup()
    const me = await t.json('GET', '/api/v1/me/roster', { token })
    expect(me.status).toBe(200)
    expect(me.data.graduate).toMatchObject({ studentNo: g.studentNo, name: '孙悟空', department: '计算机学院' })
    expect(me.data.graduate.idCard).toContain('*')
    expect(me.data.correction).toBeNull()
    const s = await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })
    expect(s.status).toBe(201)
    expect(s.data.status).toBe('submitted')
    // Nothing changes before review.
    expect(
      (await t.db.selectFrom('graduates').select('phone').where('id', '=', g.id).executeTakeFirstOrThrow()).phone,
    ).toBe('13800138000')
    expect((await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })).status).toBe(409)
    const queue = await t.json('GET', '/api/v1/roster-corrections?status=submitted', { token: cs })
    expect(queue.data.total).toBe(1)
    expect(queue.data.items[0]).toMatchObject({ graduateId: g.id, name: '孙悟空' })
    expect(queue.data.items[0].changed).toEqual(expect.arrayContaining(['生源所在地代码', '手机号码', '城乡生源']))
    const detail = await t.json('GET', `/api/v1/roster-corrections/${s.data.id}`, { token: cs })
    const phone = detail.data.fields.find((f: any) => f.field === 'phone')
    expect(phone).toMatchObject({ current: '13800138000', proposed: '13911112222', differs: true })
    expect(detail.data.fields.find((f: any) => f.field === 'homePhone').differs).toBe(false)
    const d = await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
      token: cs,
      body: { decision: 'approve' },
    })
    expect(d.status).toBe(200)
    expect(d.data.status).toBe('approved')
    const row = await t.db.selectFrom('graduates').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      phone: '13911112222',
      origin_code: '430104',
      urban_rural: '2',
      qq: '123456',
      email: 'me@example.cn',
    })
    expect(
      (
        await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
          token: cs,
          body: { decision: 'return', reason: 'x' },
        })
      ).status,
    ).toBe(409)
  })

  it('return keeps the record and needs a reason; the graduate can withdraw before review only', async () => {
    const { t, g, token, cs } = await setup()
    const s = await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })
    expect(
      (
        await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
          token: cs,
          body: { decision: 'return' },
        })
      ).status,
    ).toBe(400)
    const d = await t.json('POST', `/api/v1/roster-corrections/${s.data.id}/decision`, {
      token: cs,
      body: { decision: 'return', reason: '生源地应为户籍所在地' },
    })
    expect(d.data).toMatchObject({ status: 'returned', reason: '生源地应为户籍所在地' })
    expect(
      (await t.db.selectFrom('graduates').select('phone').where('id', '=', g.id).executeTakeFirstOrThrow()).phone,
    ).toBe('13800138000')
    expect((await t.json('GET', '/api/v1/me/roster', { token })).data.correction).toMatchObject({
      status: 'returned',
      reason: '生源地应为户籍所在地',
    })
    expect((await t.json('POST', '/api/v1/me/roster/corrections/withdraw', { token })).status).toBe(409)
    const s2 = await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })
    expect(s2.status).toBe(201)
    const w = await t.json('POST', '/api/v1/me/roster/corrections/withdraw', { token })
    expect(w.data.status).toBe('withdrawn')
    expect(
      (
        await t.json('POST', `/api/v1/roster-corrections/${s2.data.id}/decision`, {
          token: cs,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(409)
  })

  it('refuses bad values naming the field', async () => {
    const { t, token } = await setup()
    const r = await t.json('POST', '/api/v1/me/roster/corrections', {
      token,
      body: { ...CORRECTION, originCode: '430101', qq: 'abc' },
    })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('生源所在地代码：')
    expect(r.data.error.message).toContain('QQ号码：')
  })

  it('batch decisions, scoped to the reviewer’s 院系', async () => {
    const { t, token, cs } = await setup()
    const other = await insertGraduate(t, { department: '数学学院' })
    const otherToken = await studentToken(t, other)
    const a = await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })
    const b = await t.json('POST', '/api/v1/me/roster/corrections', { token: otherToken, body: CORRECTION })
    expect((await t.json('GET', '/api/v1/roster-corrections', { token: cs })).data.total).toBe(1)
    expect((await t.json('GET', `/api/v1/roster-corrections/${b.data.id}`, { token: cs })).status).toBe(404)
    const r = await t.json('POST', '/api/v1/roster-corrections/decisions', {
      token: cs,
      body: { ids: [a.data.id, b.data.id], decision: 'approve' },
    })
    expect(r.status).toBe(200)
    expect(r.data.decided).toEqual([a.data.id])
    expect(r.data.skipped.map((x: any) => x.id)).toEqual([b.data.id])
    const school = await t.json('POST', '/api/v1/roster-corrections/decisions', {
      token: t.adminToken,
      body: { ids: [b.data.id], decision: 'return', reason: '请核对' },
    })
    expect(school.data.decided).toEqual([b.data.id])
    // Students may not review.
    expect((await t.json('GET', '/api/v1/roster-corrections', { token })).status).toBe(403)
  })
})

describe('pages', () => {
  it('works end to end through the forms', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { department: '计算机学院', name: '猪八戒' })
    await studentToken(t, g)
    const me = await browser(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me')
    expect(page.res.status).toBe(200)
    expect(page.text).toContain('猪八戒')
    expect(page.text).toContain('辅导员')
    expect(page.text).toContain(g.studentNo)
    expect(page.text).not.toContain(g.idCard)
    const bad = await me.post('/me/roster', { ...CORRECTION, urbanRural: '2', originCode: '430101' })
    expect(bad.res.status).toBe(400)
    expect(bad.text).toContain('生源所在地代码：')
    const ok = await me.post('/me/roster', { ...CORRECTION, urbanRural: '2' })
    expect(ok.res.status).toBe(303)
    expect((await me.get('/me')).text).toContain('撤回提交')

    await t.createStaff('cs', { department: '计算机学院' })
    const staff = await browser(t, 'admin', 'cs', 'cs-password')
    const queue = await staff.get('/admin/roster/corrections')
    expect(queue.text).toContain('猪八戒')
    const id = /\/admin\/roster\/corrections\/(\d+)/.exec(queue.text)![1]
    const detail = await staff.get(`/admin/roster/corrections/${id}`)
    expect(detail.text).toContain('有变化')
    expect(detail.text).toContain('<mark>13911112222</mark>')
    const d = await staff.post(`/admin/roster/corrections/${id}/decision`, { decision: 'approve', reason: '' })
    expect(d.res.status).toBe(303)
    expect(
      (await t.db.selectFrom('graduates').select('phone').where('id', '=', g.id).executeTakeFirstOrThrow()).phone,
    ).toBe('13911112222')
    expect((await me.get('/me')).text).toContain('已通过')
  })
})

describe('self-check form errors (issue 13 §16)', () => {
  it('prints each error at its own field and keeps what was typed', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { department: '计算机学院', name: '猪八戒' })
    await studentToken(t, g)
    const me = await browser(t, 'me', g.studentNo, 'new-password-1')
    await me.get('/me')
    const bad = await me.post('/me/roster', { ...CORRECTION, phone: '1391111', qq: 'abc', homeAddress: '高老庄' })
    expect(bad.res.status).toBe(400)
    const errorOf = (f: string) => new RegExp(`<p class="field-error" id="${f}-error">([^<]*)</p>`).exec(bad.text)?.[1]
    expect(errorOf('phone')).toMatch(/^手机号码：/)
    expect(errorOf('qq')).toMatch(/^QQ号码：/)
    expect(errorOf('originCode')).toBeUndefined()
    // The phone's error sits right above the phone input, not under 生源所在地代码.
    const phoneError = bad.text.indexOf('id="phone-error"')
    expect(phoneError).toBeGreaterThan(bad.text.indexOf('id="originCode"'))
    expect(bad.text.indexOf('id="phone"', phoneError)).toBeGreaterThan(phoneError)
    expect(bad.text).toContain('value="高老庄"')
    expect(bad.text).toContain('value="1391111"')
  })
})

describe('the review queue reads in Beijing time (issue 13 §15)', () => {
  it('lists a correction sent at 07:04 Beijing time as 07:04 that day, not the previous day 23:04', async () => {
    const t = await createTestApp({ now: '2026-06-16T07:04:00+08:00' })
    const g = await insertGraduate(t, { department: '计算机学院', name: '沙和尚' })
    const token = await studentToken(t, g)
    expect((await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })).status).toBe(201)
    await t.createStaff('cs', { department: '计算机学院' })
    const staff = await browser(t, 'admin', 'cs', 'cs-password')
    const queue = await staff.get('/admin/roster/corrections')
    expect(queue.text).toContain('沙和尚')
    expect(queue.text).toContain('2026-06-16 07:04')
    expect(queue.text).not.toContain('2026-06-15 23:04')
  })
})
