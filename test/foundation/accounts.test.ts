import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken, ADMIN_PASSWORD } from '../helpers.js'
import { hashPassword, parseHash, verifyPassword, DEFAULT_PARAMS } from '../../src/accounts/password.js'

describe('password hashing', () => {
  it('stores self-describing scrypt PHC strings with the production parameters', async () => {
    const h = await hashPassword('correct horse battery')
    expect(h).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(parseHash(h)).toMatchObject(DEFAULT_PARAMS)
    expect(await verifyPassword('correct horse battery', h)).toBe(true)
    expect(await verifyPassword('correct horse batterY', h)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
  })
  it('salts every hash', async () => {
    expect(await hashPassword('same', { ln: 10, r: 8, p: 1 })).not.toBe(
      await hashPassword('same', { ln: 10, r: 8, p: 1 }),
    )
  })
})

describe('sessions (contract §4.1)', () => {
  it('logs in with a bearer token and answers the contract shape', async () => {
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(r.status).toBe(200)
    expect(r.data.token).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(r.data.user).toEqual({
      username: 'admin',
      role: 'school',
      department: null,
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      mustChangePassword: false,
    })
    const me = await t.json('GET', '/api/v1/session', { token: r.data.token })
    expect(me.status).toBe(200)
    // the token is stored hashed, never as is
    const rows = await t.db.selectFrom('sessions').select('id').execute()
    expect(rows.map((x) => x.id)).not.toContain(r.data.token)
  })

  it('answers 401 invalid_credentials for a wrong password or unknown user, in the one error shape', async () => {
    const t = await createTestApp()
    for (const body of [
      { username: 'admin', password: 'wrong-one' },
      { username: 'nobody', password: 'whatever' },
    ]) {
      const r = await t.json('POST', '/api/v1/session', { body })
      expect(r.status).toBe(401)
      expect(r.data).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } })
    }
  })

  it('accepts the school code and refuses an unknown one', async () => {
    const t = await createTestApp()
    expect(
      (
        await t.json('POST', '/api/v1/session', {
          body: { username: 'admin', password: ADMIN_PASSWORD, school: '10001' },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await t.json('POST', '/api/v1/session', {
          body: { username: 'admin', password: ADMIN_PASSWORD, school: '10002' },
        })
      ).status,
    ).toBe(401)
    const bad = await t.json('POST', '/api/v1/session', {
      body: { username: 'admin', password: ADMIN_PASSWORD, school: '1' },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.code).toBe('validation_error')
    expect(bad.data.error.message).toContain('院校代码')
  })

  it('names the missing field and never 500s on bad bodies', async () => {
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/session', { body: { username: 'admin' } })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('密码')
    const raw = await t.app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    })
    expect(raw.status).toBe(400)
    expect((await raw.json()).error.code).toBe('validation_error')
    const arr = await t.json('POST', '/api/v1/session', { body: [1, 2] })
    expect(arr.status).toBe(400)
    expect(arr.data.error.message).toBe('请求内容：应为JSON 对象')
  })

  it('tells a missing field from one of the wrong type, in Chinese', async () => {
    const t = await createTestApp()
    const missing = await t.json('POST', '/api/v1/session', { body: { username: 'admin' } })
    expect(missing.data.error.message).toBe('密码：必须填写')
    expect(missing.res.headers.get('x-error-field')).toBe('password')
    const wrong = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: 5, number: '26100012345678923' },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.data.error.message).toBe('姓名：应为文字（字符串）')
    expect(wrong.res.headers.get('x-error-field')).toBe('name')
    expect(wrong.data.error.message).not.toMatch(/string|number|expected/i)
  })

  it('logs out: the token stops working', async () => {
    const t = await createTestApp()
    const token = await t.login('admin', ADMIN_PASSWORD)
    expect((await t.json('DELETE', '/api/v1/session', { token })).status).toBe(204)
    expect((await t.json('GET', '/api/v1/session', { token })).status).toBe(401)
  })

  it('sessions expire after 12 hours', async () => {
    const t = await createTestApp()
    const token = await t.login('admin', ADMIN_PASSWORD)
    t.clock.advance(11.9 * 3600_000)
    expect((await t.json('GET', '/api/v1/session', { token })).status).toBe(200)
    t.clock.advance(0.2 * 3600_000)
    const r = await t.json('GET', '/api/v1/session', { token })
    expect(r.status).toBe(401)
    expect(r.data.error.code).toBe('unauthorized')
  })
})

describe('account lock (contract §4.1)', () => {
  it('locks after 5 failures in a row: 423 even with the right password, until 15 minutes pass', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 5; i++)
      expect(
        (await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: `wrong-${i}` } })).status,
      ).toBe(401)
    const locked = await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(locked.status).toBe(423)
    expect(locked.data.error.code).toBe('account_locked')
    t.clock.advance(14 * 60_000)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status,
    ).toBe(423)
    t.clock.advance(61_000)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status,
    ).toBe(200)
  })

  it('a success in between resets the count', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 4; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: 'nope-nope' } })
    await t.login('admin', ADMIN_PASSWORD)
    for (let i = 0; i < 4; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: 'nope-nope' } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status,
    ).toBe(200)
  })

  it('a school user can unlock, and the act is audited', async () => {
    const t = await createTestApp()
    await t.createStaff('teacher1', { department: '计算机学院' })
    for (let i = 0; i < 5; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'teacher1', password: 'bad-password' } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'teacher1', password: 'teacher1-password' } }))
        .status,
    ).toBe(423)
    const list = await t.json('GET', '/api/v1/users', { token: t.adminToken })
    expect(list.data.items.find((u: any) => u.username === 'teacher1').locked).toBe(true)
    const r = await t.json('POST', '/api/v1/users/teacher1/unlock', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'teacher1', password: 'teacher1-password' } }))
        .status,
    ).toBe(200)
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.unlock').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'admin', target: 'user:teacher1' })
    expect(
      (await t.db.selectFrom('audit_log').select('action').where('action', '=', 'account.locked').execute()).length,
    ).toBe(1)
  })

  it('a department user cannot unlock', async () => {
    const t = await createTestApp()
    const dept = await t.createStaff('teacher2', { department: '数学学院' })
    expect((await t.json('POST', '/api/v1/users/admin/unlock', { token: dept })).status).toBe(403)
  })
})

describe('users and permissions', () => {
  it('POST /api/v1/users creates users (201) and refuses duplicates (409) and bad input (400, field named)', async () => {
    const t = await createTestApp()
    const body = {
      username: 'zhangsan',
      password: 'long-enough-pw',
      role: 'department',
      department: '外国语学院',
      permissions: { info: 'rw', archive: 'ro', hukou: 'none' },
    }
    const r = await t.json('POST', '/api/v1/users', { token: t.adminToken, body })
    expect(r.status).toBe(201)
    expect(r.data.user).toEqual({
      username: 'zhangsan',
      role: 'department',
      department: '外国语学院',
      permissions: { info: 'rw', archive: 'ro', hukou: 'none' },
      mustChangePassword: false,
    })
    expect((await t.json('POST', '/api/v1/users', { token: t.adminToken, body })).status).toBe(409)
    const short = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: { ...body, username: 'lisi', password: 'short' },
    })
    expect(short.status).toBe(400)
    expect(short.data.error.message).toContain('密码')
    const noDept = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: { ...body, username: 'wangwu', department: null },
    })
    expect(noDept.status).toBe(400)
    expect(noDept.data.error.message).toContain('院系')
    const badPerm = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: { ...body, username: 'zhao', permissions: { info: 'write', archive: 'ro', hukou: 'none' } },
    })
    expect(badPerm.status).toBe(400)
    const login = await t.json('POST', '/api/v1/session', {
      body: { username: 'zhangsan', password: 'long-enough-pw' },
    })
    expect(login.data.user.department).toBe('外国语学院')
  })

  it('refuses user creation without a token (401), for department users and for read-only school users (403)', async () => {
    const t = await createTestApp()
    const body = {
      username: 'someone',
      password: 'long-enough-pw',
      role: 'school',
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
    }
    expect((await t.json('POST', '/api/v1/users', { body })).status).toBe(401)
    const dept = await t.createStaff('d1', { department: '化学学院' })
    expect((await t.json('POST', '/api/v1/users', { token: dept, body })).status).toBe(403)
    const ro = await t.createStaff('ro1', { role: 'school', permissions: { info: 'ro' } })
    const r = await t.json('POST', '/api/v1/users', { token: ro, body })
    expect(r.status).toBe(403)
    expect(r.data.error.code).toBe('forbidden')
    // …but a read-only user may read
    expect((await t.json('GET', '/api/v1/users', { token: ro })).status).toBe(200)
    const none = await t.createStaff('none1', { role: 'school', permissions: { info: 'none' } })
    expect((await t.json('GET', '/api/v1/users', { token: none })).status).toBe(403)
  })
})

describe('graduates: first password, forced change, resets', () => {
  it('a graduate logs in with 学号 and the last six of 身份证号, and must change it before any other /me call', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { gender_code: '1' })
    const r = await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: g.firstPassword } })
    expect(r.status).toBe(200)
    expect(r.data.user).toMatchObject({ role: 'student', mustChangePassword: true, department: '计算机学院' })
    const token = r.data.token
    const blocked = await t.json('GET', '/api/v1/me/registration', { token })
    expect(blocked.status).toBe(403)
    expect(blocked.data.error.code).toBe('password_change_required')
    const short = await t.json('POST', '/api/v1/me/password', {
      token,
      body: { oldPassword: g.firstPassword, newPassword: 'short' },
    })
    expect(short.status).toBe(400)
    const wrongOld = await t.json('POST', '/api/v1/me/password', {
      token,
      body: { oldPassword: '000000', newPassword: 'a-good-password' },
    })
    expect(wrongOld.status).toBe(400)
    expect(wrongOld.data.error.message).toContain('原密码')
    const ok = await t.json('POST', '/api/v1/me/password', {
      token,
      body: { oldPassword: g.firstPassword, newPassword: 'a-good-password' },
    })
    expect(ok.status).toBe(200)
    expect(ok.data.user.mustChangePassword).toBe(false)
    expect((await t.json('GET', '/api/v1/session', { token })).data.user.mustChangePassword).toBe(false)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: g.firstPassword } })).status,
    ).toBe(401)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: 'a-good-password' } }))
        .status,
    ).toBe(200)
  })

  it('staff with info rw reset passwords back to the first password, singly and in bulk, scoped and audited', async () => {
    const t = await createTestApp()
    const a = await insertGraduate(t, { department: '计算机学院' })
    const b = await insertGraduate(t, { department: '计算机学院' })
    const c = await insertGraduate(t, { department: '数学学院' })
    for (const g of [a, b, c]) await studentToken(t, g)
    const dept = await t.createStaff('cs', { department: '计算机学院' })
    const bulk = await t.json('POST', '/api/v1/graduates/password-reset', {
      token: dept,
      body: { graduateIds: [a.id, b.id, c.id] },
    })
    expect(bulk.status).toBe(200)
    expect(bulk.data.reset).toBe(2) // c is in another department
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: a.studentNo, password: a.firstPassword } })).data
        .user.mustChangePassword,
    ).toBe(true)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: c.studentNo, password: c.firstPassword } })).status,
    ).toBe(401)
    expect((await t.json('POST', `/api/v1/graduates/${c.id}/password-reset`, { token: dept })).status).toBe(404)
    expect((await t.json('POST', `/api/v1/graduates/${c.id}/password-reset`, { token: t.adminToken })).status).toBe(200)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: c.studentNo, password: c.firstPassword } })).status,
    ).toBe(200)
    const ro = await t.createStaff('ro', { department: '计算机学院', permissions: { info: 'ro' } })
    expect((await t.json('POST', `/api/v1/graduates/${a.id}/password-reset`, { token: ro })).status).toBe(403)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'password.reset')
      .execute()
    expect(audit.map((x) => JSON.parse(x.detail!).count)).toEqual([2, 1])
  })

  it('students cannot reach staff APIs', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    const token = await studentToken(t, g)
    expect((await t.json('GET', '/api/v1/users', { token })).status).toBe(403)
    expect((await t.json('POST', '/api/v1/graduates/password-reset', { token, body: { all: true } })).status).toBe(403)
  })
})

describe('per-client login throttle', () => {
  it('after 30 failed logins from one address in 15 minutes, every login from it gets 429 with Retry-After; other addresses and the window end are fine', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } })
    const from = (ip: string) => ({ 'X-Forwarded-For': ip })
    // Spread over many usernames: no single account locks, yet the client is stopped.
    for (let i = 0; i < 30; i++) {
      const r = await t.json('POST', '/api/v1/session', {
        body: { username: `user${i}`, password: 'guess-123' },
        headers: from('203.0.113.7'),
      })
      expect(r.status).toBe(401)
    }
    const blocked = await t.json('POST', '/api/v1/session', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
      headers: from('203.0.113.7'),
    })
    expect(blocked.status).toBe(429)
    expect(blocked.data.error.code).toBe('rate_limited')
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(
      (
        await t.json('POST', '/api/v1/session', {
          body: { username: 'admin', password: ADMIN_PASSWORD },
          headers: from('198.51.100.1'),
        })
      ).status,
    ).toBe(200)
    t.clock.advance(15 * 60_000 + 1000)
    expect(
      (
        await t.json('POST', '/api/v1/session', {
          body: { username: 'admin', password: ADMIN_PASSWORD },
          headers: from('203.0.113.7'),
        })
      ).status,
    ).toBe(200)
    // The address is stored only as a keyed hash.
    const keys = (await t.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key)
    expect(keys.every((k) => k.startsWith('login:') && !k.includes('203.0.113.7'))).toBe(true)
  })
})
