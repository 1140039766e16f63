/** 用人单位 registration, the school's review, sign-in, and the 学生收藏夹 (contract §5 "Employers"). */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate } from '../helpers.js'
import { approvedEmployer, employerBody } from './fixtures.js'

describe('employer registration', () => {
  it('registers pending, cannot sign in until approved (403 employer_pending), then signs in as employer', async () => {
    const t = await createTestApp()
    const body = employerBody()
    const r = await t.json('POST', '/api/v1/employers', { body })
    expect(r.status).toBe(201)
    expect(r.data).toEqual({ id: expect.any(Number), status: 'pending' })
    const early = await t.json('POST', '/api/v1/session', {
      body: { username: body.username, password: body.password },
    })
    expect(early.status).toBe(403)
    expect(early.data.error.code).toBe('employer_pending')
    // a wrong password says nothing about the status
    const wrong = await t.json('POST', '/api/v1/session', {
      body: { username: body.username, password: 'nope-nope-1' },
    })
    expect(wrong.status).toBe(401)
    const list = await t.json('GET', '/api/v1/employers?status=pending', { token: t.adminToken })
    expect(list.data.items.map((e: any) => e.id)).toEqual([r.data.id])
    const ok = await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    expect(ok.status).toBe(200)
    expect(ok.data.status).toBe('approved')
    // a second decision on the same registration → 409
    const again = await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'reject', reason: 'x' },
    })
    expect(again.status).toBe(409)
    const s = await t.json('POST', '/api/v1/session', { body: { username: body.username, password: body.password } })
    expect(s.status).toBe(200)
    expect(s.data.user).toMatchObject({ username: body.username, role: 'employer' })
    const me = await t.json('GET', '/api/v1/employer/profile', { token: s.data.token })
    expect(me.data).toMatchObject({ name: body.name, creditCode: body.creditCode, status: 'approved' })
    // the employer's session reaches no staff or graduate route
    for (const path of [
      '/api/v1/graduates',
      '/api/v1/registrations',
      '/api/v1/me/registration',
      '/api/v1/agreements',
      '/api/v1/employers',
    ])
      expect((await t.json('GET', path, { token: s.data.token })).status, path).toBe(403)
    // and signs out like anyone
    expect((await t.json('DELETE', '/api/v1/session', { token: s.data.token })).status).toBe(204)
    expect((await t.json('GET', '/api/v1/employer/profile', { token: s.data.token })).status).toBe(401)
  })

  it('refuses a bad 统一社会信用代码 or code naming the field, and a taken credit code or username (409)', async () => {
    const t = await createTestApp()
    const body = employerBody()
    const bad = await t.json('POST', '/api/v1/employers', {
      body: { ...body, creditCode: body.creditCode.slice(0, 17) + (body.creditCode[17] === '0' ? '1' : '0') },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toMatch(/^统一社会信用代码：/)
    const nature = await t.json('POST', '/api/v1/employers', { body: { ...body, nature: '99' } })
    expect(nature.status).toBe(400)
    expect(nature.data.error.message).toMatch(/^单位性质：/)
    const loc = await t.json('POST', '/api/v1/employers', { body: { ...body, location: '110100' } })
    expect(loc.data.error.message).toMatch(/^单位所在地：/)
    expect((await t.json('GET', '/api/v1/employers', { token: t.adminToken })).data.total).toBe(0)
    expect((await t.json('POST', '/api/v1/employers', { body })).status).toBe(201)
    expect((await t.json('POST', '/api/v1/employers', { body: { ...body, username: 'other' } })).status).toBe(409)
    const other = employerBody({ username: body.username })
    expect((await t.json('POST', '/api/v1/employers', { body: other })).status).toBe(409)
    // a staff username is taken too
    expect((await t.json('POST', '/api/v1/employers', { body: employerBody({ username: 'admin' }) })).status).toBe(409)
  })

  it('a rejected employer cannot sign in; a department user cannot decide', async () => {
    const t = await createTestApp()
    const dept = await t.createStaff('dept1', { department: '计算机学院' })
    const body = employerBody()
    const r = await t.json('POST', '/api/v1/employers', { body })
    expect(
      (await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, { token: dept, body: { decision: 'approve' } }))
        .status,
    ).toBe(403)
    expect(
      (
        await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, {
          token: t.adminToken,
          body: { decision: 'reject' },
        })
      ).status,
    ).toBe(400)
    await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'reject', reason: '营业执照信息不符' },
    })
    const s = await t.json('POST', '/api/v1/session', { body: { username: body.username, password: body.password } })
    expect(s.status).toBe(403)
    expect(s.data.error.message).toContain('营业执照信息不符')
  })
})

describe('学生收藏夹', () => {
  it('adds a graduate found by 姓名 + 身份证号 + 院校, lists it masked, removes and re-adds', async () => {
    const t = await createTestApp()
    const e = await approvedEmployer(t)
    const g = await insertGraduate(t, { name: '李小明', name_key: '李小明' })
    const added = await t.json('POST', '/api/v1/employer/favorites', {
      token: e.token,
      body: { studentName: '李小明', idNumber: g.idCard.toLowerCase(), school: '10001' },
    })
    expect(added.status).toBe(201)
    expect(added.data).toMatchObject({ graduateId: g.id, name: '李小明', idNumber: g.idCard, school: '测试大学' })
    const list = await t.json('GET', '/api/v1/employer/favorites', { token: e.token })
    expect(list.data.items).toHaveLength(1)
    expect(list.data.items[0].idNumber).not.toBe(g.idCard)
    expect(list.data.items[0].idNumber).toMatch(/\*{8}/)
    expect(JSON.stringify(list.data)).not.toContain(g.idCard)
    expect(JSON.stringify(list.data)).not.toContain('13800138000')
    expect((await t.json('DELETE', `/api/v1/employer/favorites/${g.id}`, { token: e.token })).status).toBe(204)
    expect((await t.json('GET', '/api/v1/employer/favorites', { token: e.token })).data.items).toHaveLength(0)
    expect((await t.json('DELETE', `/api/v1/employer/favorites/${g.id}`, { token: e.token })).status).toBe(404)
    // another employer's list is its own
    const other = await approvedEmployer(t)
    expect((await t.json('GET', '/api/v1/employer/favorites', { token: other.token })).data.items).toHaveLength(0)
  })

  it('answers one identical 404 for a wrong name, a wrong 身份证号 or a wrong school', async () => {
    const t = await createTestApp()
    const e = await approvedEmployer(t)
    const g = await insertGraduate(t, { name: '李小明', name_key: '李小明' })
    const other = await insertGraduate(t)
    const tries = [
      { studentName: '李小红', idNumber: g.idCard, school: '10001' },
      { studentName: '李小明', idNumber: other.idCard, school: '10001' },
      { studentName: '李小明', idNumber: g.idCard, school: '10002' },
    ]
    const bodies = []
    for (const body of tries) {
      const res = await t.request('POST', '/api/v1/employer/favorites', { token: e.token, body })
      expect(res.status).toBe(404)
      bodies.push(await res.text())
    }
    expect(new Set(bodies).size).toBe(1)
  })
})
