/**
 * The self-check's review levels (contract §6; issue 14 item 3; seed 002: 班主任 → 二级学院 →
 * 校级): the setting, a correction passing each level in order, a counsellor kept to its classes,
 * racing approvals (one 200, one 409), 重新审核, and the roster's check filter — all through HTTP.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { readXlsx } from './fixtures.js'

const CORRECTION = {
  originCode: '430104',
  phone: '13911112222',
  email: 'me@example.cn',
  qq: '123456',
  homeAddress: '长沙市岳麓区',
  homePhone: '',
  urbanRural: '农村',
}

async function school() {
  const t = await createTestApp()
  const mine = await insertGraduate(t, { department: '计算机学院', class_name: '计科2201', name: '孙悟空' })
  const other = await insertGraduate(t, { department: '计算机学院', class_name: '计科2202', name: '猪八戒' })
  const made = await t.json('POST', '/api/v1/users', {
    token: t.adminToken,
    body: {
      username: 'teacher',
      password: 'staff-password-1',
      role: 'counsellor',
      department: '计算机学院',
      classes: ['计科2201'],
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
    },
  })
  expect(made.status).toBe(201)
  const counsellor = await t.login('teacher', 'staff-password-1')
  const dept = await t.createStaff('cs', { department: '计算机学院' })
  return { t, mine, other, counsellor, dept }
}

const phoneOf = async (t: TestApp, id: number) =>
  (await t.db.selectFrom('graduates').select('phone').where('id', '=', id).executeTakeFirstOrThrow()).phone

async function submit(t: TestApp, g: { studentNo: string; firstPassword: string }) {
  const token = await studentToken(t, g)
  const s = await t.json('POST', '/api/v1/me/roster/corrections', { token, body: CORRECTION })
  expect(s.status).toBe(201)
  return { id: s.data.id as number, token }
}

const approve = (t: TestApp, token: string, id: number) =>
  t.json('POST', `/api/v1/roster-corrections/${id}/decision`, { token, body: { decision: 'approve' } })

const queueIds = async (t: TestApp, token: string) =>
  (await t.json('GET', '/api/v1/roster-corrections?status=submitted', { token })).data.items.map((i: any) => i.id)

describe('roster review levels', () => {
  it('defaults to 院系; the school sets an ordered subset, bad bodies answered naming 审核层级', async () => {
    const { t, dept } = await school()
    expect((await t.json('GET', '/api/v1/settings/roster-review', { token: dept })).data).toEqual({
      levels: ['department'],
    })
    for (const levels of [[], ['school', 'department'], ['department', 'department'], ['dean']]) {
      const r = await t.json('PUT', '/api/v1/settings/roster-review', { token: t.adminToken, body: { levels } })
      expect(r.status, JSON.stringify(levels)).toBe(400)
      expect(r.data.error.message).toContain('审核层级')
    }
    const noArray = await t.json('PUT', '/api/v1/settings/roster-review', {
      token: t.adminToken,
      body: { levels: 'x' },
    })
    expect(noArray.status).toBe(400)
    expect(noArray.data.error.message).toContain('审核层级')
    // A 院系 user may read the setting, not change it.
    expect(
      (await t.json('PUT', '/api/v1/settings/roster-review', { token: dept, body: { levels: ['school'] } })).status,
    ).toBe(403)
    const ok = await t.json('PUT', '/api/v1/settings/roster-review', {
      token: t.adminToken,
      body: { levels: ['counsellor', 'department', 'school'] },
    })
    expect(ok.status).toBe(200)
    expect((await t.json('GET', '/api/v1/settings/roster-review', { token: dept })).data.levels).toEqual([
      'counsellor',
      'department',
      'school',
    ])
    const audit = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'roster.review_levels')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detail!)).toEqual({ from: ['department'], to: ['counsellor', 'department', 'school'] })
  })

  it('passes 班主任 → 院系 → 学校 in order; each sees only what waits at its level; the last applies it', async () => {
    const { t, mine, other, counsellor, dept } = await school()
    await t.json('PUT', '/api/v1/settings/roster-review', {
      token: t.adminToken,
      body: { levels: ['counsellor', 'department', 'school'] },
    })
    const a = await submit(t, mine)
    const b = await submit(t, other)

    // The counsellor sees its class only; the 院系 nothing yet (both wait at 班主任).
    expect(await queueIds(t, counsellor)).toEqual([a.id])
    expect(await queueIds(t, dept)).toEqual([])
    const atSchool = await t.json('GET', '/api/v1/roster-corrections?status=submitted&level=school', {
      token: t.adminToken,
    })
    expect(atSchool.data.total).toBe(0)
    // Kept to its classes: the other class's correction is not found, and cannot be decided.
    expect((await t.json('GET', `/api/v1/roster-corrections/${b.id}`, { token: counsellor })).status).toBe(404)
    expect((await approve(t, counsellor, b.id)).status).toBe(404)
    // The 院系 cannot decide ahead of the counsellor.
    expect((await approve(t, dept, a.id)).status).toBe(409)

    const step1 = await approve(t, counsellor, a.id)
    expect(step1.status).toBe(200)
    expect(step1.data).toMatchObject({ status: 'submitted', level: 'department' })
    expect(await phoneOf(t, mine.id)).toBe('13800138000')
    expect(await queueIds(t, counsellor)).toEqual([])
    expect(await queueIds(t, dept)).toEqual([a.id])
    expect((await t.json('POST', '/api/v1/me/roster/corrections/withdraw', { token: a.token })).status).toBe(409)
    // The graduate is told of the step.
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: a.token })
    expect(inbox.data.items[0].title).toContain('班主任')

    const step2 = await approve(t, dept, a.id)
    expect(step2.status).toBe(200)
    expect(step2.data).toMatchObject({ status: 'submitted', level: 'school' })
    expect(await phoneOf(t, mine.id)).toBe('13800138000')
    expect(await queueIds(t, dept)).toEqual([])
    const schoolQueue = await t.json('GET', '/api/v1/roster-corrections?status=submitted&level=school', {
      token: t.adminToken,
    })
    expect(schoolQueue.data.items.map((i: any) => i.id)).toEqual([a.id])

    const step3 = await approve(t, t.adminToken, a.id)
    expect(step3.status).toBe(200)
    expect(step3.data).toMatchObject({ status: 'approved', level: null })
    expect(await phoneOf(t, mine.id)).toBe('13911112222')

    const detail = await t.json('GET', `/api/v1/roster-corrections/${a.id}`, { token: t.adminToken })
    expect(detail.data.steps.map((s: any) => [s.actor, s.level, s.toLevel])).toEqual([
      ['teacher', 'counsellor', 'department'],
      ['cs', 'department', 'school'],
      ['admin', 'school', null],
    ])
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'roster.correction.approve')
      .orderBy('id')
      .execute()
    expect(audits.map((x) => [x.actor, JSON.parse(x.detail!).level])).toEqual([
      ['teacher', 'counsellor'],
      ['cs', 'department'],
      ['admin', 'school'],
    ])

    // The school may decide ahead of the counsellor: final, and recorded as such.
    expect((await approve(t, t.adminToken, b.id)).status).toBe(200)
    expect(await phoneOf(t, other.id)).toBe('13911112222')
    const ahead = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'roster.correction.approve')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(ahead.detail!)).toMatchObject({ level: 'counsellor', ahead: true })
  })

  it('a return at any level sends it back; racing approvals: one 200, one 409, one step stored', async () => {
    const { t, mine, counsellor, dept } = await school()
    await t.json('PUT', '/api/v1/settings/roster-review', {
      token: t.adminToken,
      body: { levels: ['counsellor', 'department'] },
    })
    const a = await submit(t, mine)
    const [x, y] = await Promise.all([approve(t, counsellor, a.id), approve(t, t.adminToken, a.id)])
    expect([x.status, y.status].sort()).toEqual([200, 409])
    const steps = await t.db
      .selectFrom('roster_correction_events')
      .selectAll()
      .where('correction_id', '=', a.id)
      .execute()
    expect(steps).toHaveLength(1)
    const approvals = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'roster.correction.approve')
      .execute()
    expect(approvals).toHaveLength(1)

    // Whichever won: if the counsellor did, it waits at 院系 and the 院系 returns it.
    const now = (await t.json('GET', `/api/v1/roster-corrections/${a.id}`, { token: t.adminToken })).data
    if (now.status === 'submitted') {
      expect(now.level).toBe('department')
      const r = await t.json('POST', `/api/v1/roster-corrections/${a.id}/decision`, {
        token: dept,
        body: { decision: 'return', reason: '家庭住址请写到门牌号' },
      })
      expect(r.status).toBe(200)
      expect(r.data.status).toBe('returned')
      expect(await phoneOf(t, mine.id)).toBe('13800138000')
    } else {
      expect(now.status).toBe('approved')
    }
  })

  it('重新审核 puts an approved correction back at the first level; the record keeps what it applied', async () => {
    const { t, mine, counsellor, dept } = await school()
    await t.json('PUT', '/api/v1/settings/roster-review', {
      token: t.adminToken,
      body: { levels: ['counsellor', 'department'] },
    })
    const a = await submit(t, mine)
    expect((await approve(t, counsellor, a.id)).status).toBe(200)
    expect((await approve(t, dept, a.id)).status).toBe(200)
    expect(await phoneOf(t, mine.id)).toBe('13911112222')

    // Only an approved one, and only by the school or the first level's reviewer.
    expect((await t.json('POST', `/api/v1/roster-corrections/${a.id}/reopen`, { token: dept, body: {} })).status).toBe(
      403,
    )
    const r = await t.json('POST', `/api/v1/roster-corrections/${a.id}/reopen`, {
      token: counsellor,
      body: { reason: '手机号码需再核实' },
    })
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ status: 'submitted', level: 'counsellor' })
    expect(await queueIds(t, counsellor)).toEqual([a.id])
    expect(await phoneOf(t, mine.id)).toBe('13911112222')
    expect((await t.json('POST', `/api/v1/roster-corrections/${a.id}/reopen`, { token: t.adminToken })).status).toBe(
      409,
    )
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'roster.correction.reopen')
      .executeTakeFirstOrThrow()
    expect(audit.actor).toBe('teacher')
    expect(JSON.parse(audit.detail!)).toMatchObject({
      correction: a.id,
      level: 'counsellor',
      reason: '手机号码需再核实',
    })
    // It climbs again.
    expect((await approve(t, counsellor, a.id)).data.level).toBe('department')
    expect((await approve(t, dept, a.id)).data.status).toBe('approved')
  })
})

describe('the roster check filter', () => {
  it('unchecked | submitted | returned | approved, and the export takes it (the reminder list)', async () => {
    const { t, mine, other, dept } = await school()
    const none = await insertGraduate(t, { department: '计算机学院', name: '沙悟净' })
    const gone = await insertGraduate(t, { department: '计算机学院', name: '白龙马' })
    const ret = await insertGraduate(t, { department: '计算机学院', name: '唐三藏' })
    const a = await submit(t, mine) // stays submitted
    const b = await submit(t, other)
    expect((await approve(t, dept, b.id)).status).toBe(200)
    const w = await submit(t, gone)
    expect((await t.json('POST', '/api/v1/me/roster/corrections/withdraw', { token: w.token })).status).toBe(200)
    const r = await submit(t, ret)
    await t.json('POST', `/api/v1/roster-corrections/${r.id}/decision`, {
      token: dept,
      body: { decision: 'return', reason: '请核实' },
    })
    expect(a.id).toBeGreaterThan(0)

    const names = async (check: string) =>
      (await t.json('GET', `/api/v1/graduates?check=${check}`, { token: dept })).data.items
        .map((i: any) => i.name)
        .sort()
    expect(await names('unchecked')).toEqual(['沙悟净', '白龙马'].sort())
    expect(await names('submitted')).toEqual(['孙悟空'])
    expect(await names('approved')).toEqual(['猪八戒'])
    expect(await names('returned')).toEqual(['唐三藏'])
    const bad = await t.json('GET', '/api/v1/graduates?check=maybe', { token: dept })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('核对状态')

    const xlsx = await t.app.request('/api/v1/graduates.xlsx?check=unchecked', {
      headers: { authorization: `Bearer ${dept}` },
    })
    expect(xlsx.status).toBe(200)
    const rows = await readXlsx(await xlsx.arrayBuffer())
    const flat = rows.slice(1).map((row) => row.join('|'))
    expect(flat.some((l) => l.includes('沙悟净'))).toBe(true)
    expect(flat.some((l) => l.includes('白龙马'))).toBe(true)
    expect(flat.some((l) => l.includes('孙悟空') || l.includes('猪八戒') || l.includes('唐三藏'))).toBe(false)
    expect(none.id).toBeGreaterThan(0)
  })
})
