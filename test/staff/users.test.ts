/**
 * Staff accounts, managed (contract §6 Users; issue 14 item 1): counsellors kept to their
 * classes, 数据权限 kept to its level in every list, export and count, disabled users refused,
 * 院系 chosen from existing ones, a new password — all through HTTP.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import { readXlsx } from '../roster/fixtures.js'

async function addUser(t: TestApp, body: Record<string, unknown>) {
  return t.json('POST', '/api/v1/users', {
    token: t.adminToken,
    body: { password: 'staff-password-1', permissions: { info: 'rw', archive: 'rw', hukou: 'rw' }, ...body },
  })
}

async function school() {
  const t = await createTestApp()
  const a1 = await insertGraduate(t, { department: '计算机学院', class_name: '计科2201' })
  const a2 = await insertGraduate(t, { department: '计算机学院', class_name: '计科2202' })
  const master = await insertGraduate(t, {
    department: '计算机学院',
    class_name: '计科2201',
    education_code: '11',
    length_of_schooling: '3',
  })
  const math = await insertGraduate(t, { department: '数学学院', class_name: '计科2201' })
  return { t, a1, a2, master, math }
}

const ids = (r: { data: { items: Array<{ id: number }> } }) => r.data.items.map((i) => i.id).sort((x, y) => x - y)

describe('counsellor (班主任/辅导员)', () => {
  it('sees only its classes of its 院系, and resets and unlocks only them', async () => {
    const { t, a1, a2, master, math } = await school()
    const made = await addUser(t, {
      username: 'teacher',
      role: 'counsellor',
      department: '计算机学院',
      classes: ['计科2201'],
    })
    expect(made.status).toBe(201)
    expect(made.data.user).toMatchObject({ role: 'counsellor', department: '计算机学院', classes: ['计科2201'] })
    const token = await t.login('teacher', 'staff-password-1')
    const session = await t.json('GET', '/api/v1/session', { token })
    expect(session.data.user).toMatchObject({ role: 'counsellor', classes: ['计科2201'] })

    const list = await t.json('GET', '/api/v1/graduates', { token })
    expect(list.status).toBe(200)
    // 数学学院 also has a class named 计科2201: the counsellor's 院系 bounds it.
    expect(ids(list)).toEqual([a1.id, master.id].sort((x, y) => x - y))
    expect((await t.json('GET', `/api/v1/graduates/${a2.id}`, { token })).status).toBe(404)
    expect((await t.json('GET', `/api/v1/graduates/${math.id}`, { token })).status).toBe(404)
    expect((await t.json('GET', `/api/v1/graduates/${a1.id}`, { token })).status).toBe(200)

    // Not its graduate: nothing reset, nothing unlocked.
    expect((await t.json('POST', `/api/v1/graduates/${a2.id}/password-reset`, { token })).status).toBe(404)
    const bulk = await t.json('POST', '/api/v1/graduates/password-reset', {
      token,
      body: { graduateIds: [a1.id, a2.id, math.id] },
    })
    expect(bulk.data.reset).toBe(1)

    // Lock a1 with five wrong passwords; the counsellor unlocks it, not a2.
    for (let i = 0; i < 5; i++)
      await t.json('POST', '/api/v1/session', { body: { username: a1.studentNo, password: 'x' } })
    for (let i = 0; i < 5; i++)
      await t.json('POST', '/api/v1/session', { body: { username: a2.studentNo, password: 'x' } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a1.studentNo, password: a1.firstPassword } }))
        .status,
    ).toBe(423)
    expect((await t.json('POST', `/api/v1/graduates/${a2.id}/unlock`, { token })).status).toBe(404)
    const un = await t.json('POST', `/api/v1/graduates/${a1.id}/unlock`, { token })
    expect(un).toMatchObject({ status: 200, data: { unlocked: 1 } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a1.studentNo, password: a1.firstPassword } }))
        .status,
    ).toBe(200)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a2.studentNo, password: a2.firstPassword } }))
        .status,
    ).toBe(423)

    // A counsellor cannot import, manage users, or reach the registration review.
    expect((await t.json('GET', '/api/v1/users', { token })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/registrations', { token })).status).toBe(403)

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'target'])
      .where('actor', '=', 'teacher')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['password.reset', 'user.unlock']))
  })

  it('needs a class, and PATCH changes its classes', async () => {
    const { t, a1, a2 } = await school()
    const none = await addUser(t, { username: 'teacher', role: 'counsellor', department: '计算机学院', classes: [] })
    expect(none.status).toBe(400)
    expect(none.data.error.message).toContain('所在班级')
    await addUser(t, { username: 'teacher', role: 'counsellor', department: '计算机学院', classes: ['计科2201'] })
    const token = await t.login('teacher', 'staff-password-1')
    const p = await t.json('PATCH', '/api/v1/users/teacher', { token: t.adminToken, body: { classes: ['计科2202'] } })
    expect(p.status).toBe(200)
    expect(p.data.classes).toEqual(['计科2202'])
    expect(ids(await t.json('GET', '/api/v1/graduates', { token }))).toEqual([a2.id])
    expect((await t.json('GET', `/api/v1/graduates/${a1.id}`, { token })).status).toBe(404)
  })
})

describe('数据权限 (educationScope)', () => {
  it('keeps a 本专科 user from 研究生 in lists, one graduate, exports and counts', async () => {
    const { t, a1, a2, master } = await school()
    await addUser(t, { username: 'ug', role: 'department', department: '计算机学院', educationScope: 'undergraduate' })
    const token = await t.login('ug', 'staff-password-1')
    expect(ids(await t.json('GET', '/api/v1/graduates', { token }))).toEqual([a1.id, a2.id])
    expect((await t.json('GET', `/api/v1/graduates/${master.id}`, { token })).status).toBe(404)
    const xlsx = await t.request('GET', '/api/v1/graduates.xlsx', { token })
    const sheet = await readXlsx(new Uint8Array(await xlsx.arrayBuffer()))
    expect(sheet.length - 1).toBe(2)
    const stats = await t.json('GET', '/api/v1/confirmations/stats', { token })
    expect(stats.data.rows['总数']['总数']).toBe(2)

    // A school-wide 研究生 user sees the master's graduate only.
    await addUser(t, { username: 'pg', role: 'school', educationScope: 'graduate' })
    const pg = await t.login('pg', 'staff-password-1')
    expect(ids(await t.json('GET', '/api/v1/graduates', { token: pg }))).toEqual([master.id])
    const pgStats = await t.json('GET', '/api/v1/confirmations/stats', { token: pg })
    expect(pgStats.data.rows['总数']['总数']).toBe(1)

    // Widened by PATCH, the same user sees all three.
    const p = await t.json('PATCH', '/api/v1/users/ug', { token: t.adminToken, body: { educationScope: 'all' } })
    expect(p.data.educationScope).toBe('all')
    expect((await t.json('GET', '/api/v1/graduates', { token })).data.total).toBe(3)
  })
})

describe('managing users', () => {
  it('disables a user: sessions end, login answers 403 account_disabled only with the right password', async () => {
    const t = await createTestApp()
    const token = await t.createStaff('clerk', { department: '计算机学院' })
    const list = await t.json('GET', '/api/v1/users', { token: t.adminToken })
    expect(list.data.items.find((u: any) => u.username === 'clerk')).toMatchObject({
      role: 'department',
      department: '计算机学院',
      educationScope: 'all',
      disabled: false,
      classes: [],
    })
    const p = await t.json('PATCH', '/api/v1/users/clerk', { token: t.adminToken, body: { disabled: true } })
    expect(p).toMatchObject({ status: 200, data: { disabled: true } })
    expect((await t.json('GET', '/api/v1/session', { token })).status).toBe(401)
    const refused = await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })
    expect(refused.status).toBe(403)
    expect(refused.data.error.code).toBe('account_disabled')
    const wrong = await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'nope-nope' } })
    expect(wrong.data.error.code).toBe('invalid_credentials')
    expect(
      (await t.json('PATCH', '/api/v1/users/admin', { token: t.adminToken, body: { disabled: true } })).status,
    ).toBe(400)
    await t.json('PATCH', '/api/v1/users/clerk', { token: t.adminToken, body: { disabled: false } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })).status,
    ).toBe(200)
    const actions = (
      await t.db.selectFrom('audit_log').select('action').where('target', '=', 'user:clerk').execute()
    ).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.disable', 'user.enable']))
  })

  it('moves a user only to an existing 院系, naming the close ones, and changes nothing otherwise', async () => {
    const t = await createTestApp()
    await insertGraduate(t, { department: '计算机学院' })
    await insertGraduate(t, { department: '数学学院' })
    const token = await t.createStaff('clerk', { department: '数学学院', permissions: { info: 'ro' } })
    const bad = await t.json('PATCH', '/api/v1/users/clerk', {
      token: t.adminToken,
      body: { department: '计箅机学院', permissions: { info: 'rw', archive: 'rw', hukou: 'rw' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('院系')
    expect(bad.data.error.message).toContain('计算机学院')
    const depts = await t.db.selectFrom('departments').select('name').execute()
    expect(depts.map((d) => d.name)).not.toContain('计箅机学院')
    const still = (await t.json('GET', '/api/v1/users', { token: t.adminToken })).data.items.find(
      (u: any) => u.username === 'clerk',
    )
    expect(still).toMatchObject({ department: '数学学院', permissions: { info: 'ro' } })

    const ok = await t.json('PATCH', '/api/v1/users/clerk', {
      token: t.adminToken,
      body: { department: '计算机学院', permissions: { info: 'rw', archive: 'none', hukou: 'none' } },
    })
    expect(ok.data).toMatchObject({ department: '计算机学院', permissions: { info: 'rw', archive: 'none' } })
    const list = await t.json('GET', '/api/v1/graduates', { token })
    expect(list.data.items.map((i: any) => i.department)).toEqual(['计算机学院'])
    expect(
      (await t.json('PATCH', '/api/v1/users/nobody', { token: t.adminToken, body: { disabled: true } })).status,
    ).toBe(404)
    expect((await t.json('PATCH', '/api/v1/users/clerk', { token, body: { disabled: true } })).status).toBe(403)
    const audit = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'user.update')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detail!)).toMatchObject({ after: { department: '计算机学院' } })
  })

  it('sets a new password: the old one and its sessions stop working', async () => {
    const t = await createTestApp()
    const token = await t.createStaff('clerk', { department: '计算机学院' })
    const short = await t.json('PUT', '/api/v1/users/clerk/password', {
      token: t.adminToken,
      body: { password: 'short' },
    })
    expect(short.status).toBe(400)
    const r = await t.json('PUT', '/api/v1/users/clerk/password', {
      token: t.adminToken,
      body: { password: 'brand-new-pass' },
    })
    expect(r.status).toBe(204)
    expect((await t.json('GET', '/api/v1/session', { token })).status).toBe(401)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })).status,
    ).toBe(401)
    expect(await t.login('clerk', 'brand-new-pass')).toBeTruthy()
  })
})
