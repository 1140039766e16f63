/**
 * Acceptance walk through /work/shared/contract.md §4 – §4.4, as an outsider: only the documented
 * endpoints and JSON, through app.request(). §4.5 – §4.7 are in the sibling files.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'
import {
  approvedGraduate,
  archive,
  destination,
  expectError,
  fileForm,
  gbk,
  graduateId,
  HEADERS,
  hukou,
  importRoster,
  NEW_PASSWORD,
  readSheet,
  REQUIRED,
  rosterRow,
  sheet,
  studentLogin,
  submitRegistration,
  toCsv,
  toXlsx,
  utf8Bom,
} from './outsider.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('§4 basics', () => {
  it('GET /healthz → {"ok":true}; unknown routes → 404 error JSON', async () => {
    const t = await createTestApp()
    const h = await t.json('GET', '/healthz')
    expect(h.status).toBe(200)
    expect(h.data).toEqual({ ok: true })
    for (const path of ['/api/v1/nope', '/api/v1/graduates/1/nothing', '/no-such-page']) {
      const r = await t.json('GET', path)
      expectError(r, 404, 'not_found')
      expect(Object.keys(r.data)).toEqual(['error'])
    }
    expectError(await t.json('DELETE', '/api/v1/verify'), 404, 'not_found')
  })

  it('authenticated API calls need a bearer token', async () => {
    const t = await createTestApp()
    expectError(await t.json('GET', '/api/v1/graduates'), 401, 'unauthorized')
    expectError(await t.json('GET', '/api/v1/graduates', { token: 'garbage' }), 401, 'unauthorized')
    expectError(await t.json('GET', '/api/v1/me/registration'), 401, 'unauthorized')
  })
})

describe('§4.1 sessions and accounts', () => {
  it('admin logs in: token and user shape', async () => {
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(r.status).toBe(200)
    expect(typeof r.data.token).toBe('string')
    expect(r.data.user).toEqual(
      expect.objectContaining({
        username: 'admin',
        role: 'school',
        department: null,
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
        mustChangePassword: false,
      }),
    )
    // With the school code too.
    const s = await t.json('POST', '/api/v1/session', {
      body: { username: 'admin', password: ADMIN_PASSWORD, school: '10001' },
    })
    expect(s.status).toBe(200)
    const wrongSchool = await t.json('POST', '/api/v1/session', {
      body: { username: 'admin', password: ADMIN_PASSWORD, school: '99998' },
    })
    expectError(wrongSchool, 401, 'invalid_credentials')
    // The token works.
    expect((await t.json('GET', '/api/v1/graduates', { token: r.data.token })).status).toBe(200)
  })

  it('401 invalid_credentials; 423 account_locked after 5 failures in a row, unlocked after 15 minutes', async () => {
    const t = await createTestApp()
    await t.createStaff('clerk', { role: 'school' })
    const unknown = await t.json('POST', '/api/v1/session', { body: { username: 'ghost', password: 'whatever-1' } })
    expectError(unknown, 401, 'invalid_credentials')
    const wrong = await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'wrong-password' } })
    expectError(wrong, 401, 'invalid_credentials')
    // Same body for unknown user and wrong password.
    expect(wrong.data).toEqual(unknown.data)
    for (let i = 0; i < 4; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'wrong-password' } })
    const locked = await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })
    expectError(locked, 423, 'account_locked')
    // The lock counts failures in a row: after the 15 minutes, 4 failures, a success, 4 more → not locked.
    t.clock.advance(14 * 60_000)
    expectError(
      await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } }),
      423,
      'account_locked',
    )
    t.clock.advance(60_000 + 1000)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })).status,
    ).toBe(200)
    for (let i = 0; i < 4; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'wrong-password' } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })).status,
    ).toBe(200)
    for (let i = 0; i < 4; i++)
      await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'wrong-password' } })
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })).status,
    ).toBe(200)
  })

  it('POST /api/v1/users → 201; a department user sees only its own 院系; role and permission checks', async () => {
    const t = await createTestApp()
    const created = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'cs-dean',
        password: 'cs-dean-password',
        role: 'department',
        department: '计算机学院',
        permissions: { info: 'rw', archive: 'ro', hukou: 'none' },
      },
    })
    expect(created.status, JSON.stringify(created.data)).toBe(201)
    const login = await t.json('POST', '/api/v1/session', {
      body: { username: 'cs-dean', password: 'cs-dean-password' },
    })
    expect(login.status).toBe(200)
    expect(login.data.user).toEqual(
      expect.objectContaining({
        username: 'cs-dean',
        role: 'department',
        department: '计算机学院',
        permissions: { info: 'rw', archive: 'ro', hukou: 'none' },
        mustChangePassword: false,
      }),
    )
    const dean = login.data.token

    const cs = rosterRow()
    const math = rosterRow({ 院系名称: '数学学院' })
    await importRoster(t, t.adminToken, [cs, math])
    const mine = await t.json('GET', '/api/v1/graduates', { token: dean })
    expect(mine.status).toBe(200)
    expect(mine.data.items.map((i: { studentNo: string }) => i.studentNo)).toEqual([cs.学号])
    expect(mine.data.total).toBe(1)
    const all = await t.json('GET', '/api/v1/graduates', { token: t.adminToken })
    expect(all.data.total).toBe(2)

    // Only the school creates users.
    expectError(
      await t.json('POST', '/api/v1/users', {
        token: dean,
        body: {
          username: 'x1',
          password: 'x1-password',
          role: 'department',
          department: '计算机学院',
          permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
        },
      }),
      403,
      'forbidden',
    )
    // A school user with info ro cannot either.
    const ro = await t.createStaff('reader', { role: 'school', permissions: { info: 'ro' } })
    expectError(
      await t.json('POST', '/api/v1/users', {
        token: ro,
        body: {
          username: 'x2',
          password: 'x2-password',
          role: 'school',
          department: null,
          permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
        },
      }),
      403,
      'forbidden',
    )
    // Bad input names the field.
    const bad = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'x3',
        password: 'x3-password',
        role: 'boss',
        department: null,
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expectError(bad, 400, 'validation_error')
    const badPerm = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'x4',
        password: 'x4-password',
        role: 'school',
        department: null,
        permissions: { info: 'write', archive: 'rw', hukou: 'rw' },
      },
    })
    expectError(badPerm, 400, 'validation_error')
    // A department user needs a 院系.
    expectError(
      await t.json('POST', '/api/v1/users', {
        token: t.adminToken,
        body: {
          username: 'x5',
          password: 'x5-password',
          role: 'department',
          department: null,
          permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
        },
      }),
      400,
      'validation_error',
    )
    // Username taken.
    const dup = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'cs-dean',
        password: 'cs-dean-password',
        role: 'department',
        department: '计算机学院',
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expect([400, 409]).toContain(dup.status)
  })

  it('students: first password = last six of 身份证号; 403 password_change_required until POST /me/password (8+)', async () => {
    const t = await createTestApp()
    const row = rosterRow()
    await importRoster(t, t.adminToken, [row])
    const first = await t.json('POST', '/api/v1/session', {
      body: { username: row.学号, password: row.身份证号.slice(-6) },
    })
    expect(first.status).toBe(200)
    expect(first.data.user).toEqual(
      expect.objectContaining({ username: row.学号, role: 'student', mustChangePassword: true }),
    )
    const token = first.data.token
    for (const [method, path] of [
      ['GET', '/api/v1/me/registration'],
      ['PUT', '/api/v1/me/registration'],
      ['POST', '/api/v1/me/registration/submit'],
      ['POST', '/api/v1/me/confirmation'],
      ['GET', '/api/v1/me/verification-grants'],
      ['GET', '/api/v1/me/access-log'],
    ] as const) {
      const res = await t.json(method, path, { token, body: method === 'GET' ? undefined : {} })
      expectError(res, 403, 'password_change_required')
    }
    expectError(
      await t.json('POST', '/api/v1/me/password', {
        token,
        body: { oldPassword: row.身份证号.slice(-6), newPassword: 'short' },
      }),
      400,
      'validation_error',
    )
    const wrongOld = await t.json('POST', '/api/v1/me/password', {
      token,
      body: { oldPassword: 'wrong1', newPassword: 'long-enough-1' },
    })
    expect([400, 401]).toContain(wrongOld.status)
    const ok = await t.json('POST', '/api/v1/me/password', {
      token,
      body: { oldPassword: row.身份证号.slice(-6), newPassword: NEW_PASSWORD },
    })
    expect([200, 204]).toContain(ok.status)
    const again = await t.json('POST', '/api/v1/session', { body: { username: row.学号, password: NEW_PASSWORD } })
    expect(again.data.user.mustChangePassword).toBe(false)
    // Past the forced change: /me answers (404: nothing registered yet), not 403.
    expectError(await t.json('GET', '/api/v1/me/registration', { token: again.data.token }), 404, 'not_found')
    // The old first password no longer works.
    expectError(
      await t.json('POST', '/api/v1/session', { body: { username: row.学号, password: row.身份证号.slice(-6) } }),
      401,
      'invalid_credentials',
    )
    // Students cannot reach staff endpoints.
    expectError(await t.json('GET', '/api/v1/graduates', { token: again.data.token }), 403, 'forbidden')
  })
})

describe('§4.2 roster', () => {
  it('template.xlsx, codes, codes.xlsx', async () => {
    const t = await createTestApp()
    const tpl = await t.request('GET', '/api/v1/graduates/template.xlsx', { token: t.adminToken })
    expect(tpl.status).toBe(200)
    expect(tpl.headers.get('content-type')).toContain(XLSX)
    const tplRows = await readSheet(await tpl.arrayBuffer())
    const header = tplRows[0].map((h) => h.replace(/^\*/, '').trim())
    for (const col of HEADERS) expect(header, col).toContain(col)

    const codes = await t.json('GET', '/api/v1/codes', { token: t.adminToken })
    expect(codes.status).toBe(200)
    const text = JSON.stringify(codes.data)
    // Every code table the roster columns name, e.g. 性别 1 男, 民族 01 汉族, 学历 31.
    for (const s of ['汉族', '男', '女', '本科', '110108']) expect(text, s).toContain(s)

    const wb = await t.request('GET', '/api/v1/codes.xlsx', { token: t.adminToken })
    expect(wb.status).toBe(200)
    expect(wb.headers.get('content-type')).toContain(XLSX)
    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await wb.arrayBuffer())
    expect(book.worksheets.length).toBeGreaterThan(3)
  })

  it('imports XLSX with good and bad rows; duplicates in one file; failures table; re-import updates', async () => {
    const t = await createTestApp()
    const a = rosterRow()
    const b = rosterRow({ 院系名称: '数学学院' })
    const badPhone = rosterRow({ 手机号码: '12345' })
    const dupId = rosterRow({ 身份证号: a.身份证号, 性别代码: a.性别代码 })
    const dupNo = rosterRow({ 学号: a.学号 })
    const badId = rosterRow({ 身份证号: a.身份证号.slice(0, 17) + (a.身份证号.endsWith('1') ? '2' : '1') })
    const c = rosterRow()
    const file = await toXlsx(sheet([a, badPhone, b, dupId, dupNo, badId, c]))
    const r = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: fileForm(file, '生源.xlsx'),
    })
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data).toEqual(expect.objectContaining({ total: 7, created: 3, updated: 0, failed: 4 }))
    expect(typeof r.data.importId === 'string' || typeof r.data.importId === 'number').toBe(true)
    expect(r.data.failures.map((f: { row: number }) => f.row)).toEqual([3, 5, 6, 7])
    for (const f of r.data.failures) expect(Object.keys(f).sort()).toEqual(['reason', 'row'])
    expect(r.data.failures[0].reason).toContain('手机号码')
    expect(r.data.failures[1].reason).toContain('身份证号')
    expect(r.data.failures[2].reason).toContain('学号')
    expect(r.data.failures[3].reason).toContain('身份证号')

    // The failure tables: the original columns plus 失败原因 last.
    const fx = await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.xlsx`, {
      token: t.adminToken,
    })
    expect(fx.status).toBe(200)
    expect(fx.headers.get('content-type')).toContain(XLSX)
    const rows = await readSheet(await fx.arrayBuffer())
    expect(rows[0].at(-1)).toBe('失败原因')
    for (const col of REQUIRED) expect(rows[0], col).toContain(col)
    expect(rows.length).toBe(5)
    const phoneCol = rows[0].indexOf('手机号码')
    expect(rows[1][phoneCol]).toBe('12345')
    expect(rows[1].at(-1)).toContain('手机号码')
    const fc = await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, {
      token: t.adminToken,
    })
    expect(fc.status).toBe(200)
    expect(fc.headers.get('content-type')).toMatch(/text\/csv/)
    const csv = new TextDecoder().decode(await fc.arrayBuffer()).replace(/^\uFEFF/, '')
    const lines = csv.trim().split(/\r?\n/)
    expect(lines[0].split(',').at(-1)).toBe('失败原因')
    expect(lines.length).toBe(5)
    expect(csv).toContain('12345')
    // Another import id → 404.
    expectError(
      await t.json('GET', '/api/v1/graduates/import/does-not-exist/failures.xlsx', { token: t.adminToken }),
      404,
      'not_found',
    )

    // Re-import: upserted by 身份证号.
    const again = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: fileForm(await toXlsx(sheet([{ ...a, 手机号码: '13700001111' }, b])), 'again.xlsx'),
    })
    expect(again.data).toEqual(expect.objectContaining({ total: 2, created: 0, updated: 2, failed: 0, failures: [] }))
    const list = await t.json('GET', '/api/v1/graduates', { token: t.adminToken })
    expect(list.data.total).toBe(3)
  })

  it('reads CSV in UTF-8 with BOM and in GBK', async () => {
    const t = await createTestApp()
    const a = rosterRow({ 姓名: '张三丰', 家庭住址: '湖南省长沙市岳麓区麓山南路"1"号, 2栋' })
    const b = rosterRow({ 姓名: '欧阳娜娜' })
    const bad = rosterRow({ 性别代码: '9' })
    const r1 = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: fileForm(utf8Bom(toCsv(sheet([a, bad]))), 'bom.csv', 'text/csv'),
    })
    expect(r1.status, JSON.stringify(r1.data)).toBe(200)
    expect(r1.data).toEqual(expect.objectContaining({ total: 2, created: 1, failed: 1 }))
    expect(r1.data.failures).toEqual([{ row: 3, reason: expect.stringContaining('性别') }])
    const r2 = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: fileForm(gbk(toCsv(sheet([b]))), 'gbk.csv', 'text/csv'),
    })
    expect(r2.status, JSON.stringify(r2.data)).toBe(200)
    expect(r2.data).toEqual(expect.objectContaining({ total: 1, created: 1, failed: 0 }))
    const found = await t.json('GET', `/api/v1/graduates?q=${encodeURIComponent('欧阳娜娜')}`, { token: t.adminToken })
    expect(found.data.items.map((i: { name: string }) => i.name)).toEqual(['欧阳娜娜'])
    const z = await t.json('GET', `/api/v1/graduates?q=${encodeURIComponent('张三丰')}`, { token: t.adminToken })
    expect(z.data.total).toBe(1)
  })

  it('refuses a file without the required columns or not a spreadsheet, with 400 naming the problem', async () => {
    const t = await createTestApp()
    const headers = HEADERS.filter((h) => h !== '身份证号')
    const r = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: fileForm(await toXlsx(sheet([rosterRow()], headers)), 'a.xlsx'),
    })
    expectError(r, 400, 'validation_error')
    expect(r.data.error.message).toContain('身份证号')
    expectError(
      await t.json('POST', '/api/v1/graduates/import', {
        token: t.adminToken,
        body: fileForm(new TextEncoder().encode('not a spreadsheet'), 'a.xlsx'),
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('POST', '/api/v1/graduates/import', { token: t.adminToken, body: new FormData() }),
      400,
      'validation_error',
    )
  })

  it('GET /api/v1/graduates?department=&q=&page= shape', async () => {
    const t = await createTestApp()
    const rows = Array.from({ length: 3 }, () => rosterRow())
    rows.push(rosterRow({ 院系名称: '数学学院', 学历代码: '11' }))
    await importRoster(t, t.adminToken, rows)
    // Empty parameters, exactly as the contract writes the query, mean "no filter" / the first page.
    const r = await t.json('GET', '/api/v1/graduates?department=&q=&page=', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data.total).toBe(4)
    expect(Array.isArray(r.data.items)).toBe(true)
    for (const i of r.data.items) {
      for (const k of ['id', 'studentNo', 'name', 'department', 'major', 'education', 'graduationTime'])
        expect(i, k).toHaveProperty(k)
      expect(typeof i.id).toBe('number')
      expect(i.graduationTime).toBe('202606')
      expect(JSON.stringify(i)).not.toContain(rows[0].身份证号)
    }
    const math = await t.json('GET', `/api/v1/graduates?department=${encodeURIComponent('数学学院')}`, {
      token: t.adminToken,
    })
    expect(math.data.total).toBe(1)
    expect(math.data.items[0]).toEqual(
      expect.objectContaining({
        studentNo: rows[3].学号,
        name: rows[3].姓名,
        department: '数学学院',
        major: '计算机科学与技术',
      }),
    )
    const q = await t.json('GET', `/api/v1/graduates?q=${encodeURIComponent(rows[1].姓名)}`, { token: t.adminToken })
    expect(q.data.items.map((i: { studentNo: string }) => i.studentNo)).toEqual([rows[1].学号])
    const byNo = await t.json('GET', `/api/v1/graduates?q=${rows[2].学号}`, { token: t.adminToken })
    expect(byNo.data.items.map((i: { name: string }) => i.name)).toEqual([rows[2].姓名])
    const page2 = await t.json('GET', '/api/v1/graduates?page=2', { token: t.adminToken })
    expect(page2.status).toBe(200)
    expect(page2.data.total).toBe(4)
    expect(page2.data.items.length).toBe(0)
    expectError(await t.json('GET', '/api/v1/graduates?page=abc', { token: t.adminToken }), 400, 'validation_error')
  })
})

/** The §4.3 registration JSON shape. */
function expectRegistration(reg: any) {
  for (const k of ['id', 'graduateId', 'status', 'source', 'version', 'destination', 'archive', 'hukou', 'events'])
    expect(reg, k).toHaveProperty(k)
  expect(Array.isArray(reg.events)).toBe(true)
  for (const e of reg.events) for (const k of ['at', 'by', 'from', 'to', 'reason']) expect(e, k).toHaveProperty(k)
}

describe('§4.3 registration', () => {
  it('student saves, attaches, submits; reviewer lists, approves; a second decision → 409', async () => {
    const t = await createTestApp()
    const row = rosterRow()
    await importRoster(t, t.adminToken, [row])
    const gid = await graduateId(t, row.学号)
    const token = await studentLogin(t, row)

    // Parts are optional until submitted.
    const draft = await t.json('PUT', '/api/v1/me/registration', { token, body: { destination: destination() } })
    expect(draft.status, JSON.stringify(draft.data)).toBe(200)
    expectRegistration(draft.data)
    expect(draft.data).toEqual(expect.objectContaining({ graduateId: gid, status: 'draft', source: '登记系统' }))
    expect(draft.data.destination).toEqual(
      expect.objectContaining({
        type: '签劳动合同就业',
        unitCreditCode: destination().unitCreditCode,
        unitLocation: '110108',
      }),
    )

    // Field checks name the field.
    const badCode = await t.json('PUT', '/api/v1/me/registration', {
      token,
      body: { destination: destination({ unitCreditCode: '91110108MA01C3XK5X' }) },
    })
    expectError(badCode, 400, 'validation_error')
    const badLoc = await t.json('PUT', '/api/v1/me/registration', {
      token,
      body: { destination: destination({ unitLocation: '999999' }) },
    })
    expectError(badLoc, 400, 'validation_error')
    const badType = await t.json('PUT', '/api/v1/me/registration', {
      token,
      body: { destination: destination({ type: '躺平' }) },
    })
    expectError(badType, 400, 'validation_error')
    const badArchive = await t.json('PUT', '/api/v1/me/registration', {
      token,
      body: { archive: archive({ transferType: '随便' }) },
    })
    expectError(badArchive, 400, 'validation_error')
    const badHukou = await t.json('PUT', '/api/v1/me/registration', {
      token,
      body: { hukou: hukou({ migrationType: '随便' }) },
    })
    expectError(badHukou, 400, 'validation_error')

    const got = await t.json('GET', '/api/v1/me/registration', { token })
    expect(got.status).toBe(200)
    expect(got.data.destination.unitCreditCode).toBe(destination().unitCreditCode)

    const sub = await submitRegistration(t, token)
    expectRegistration(sub)
    expect(sub.status).toBe('submitted')

    // Submitted: the student cannot edit it any more.
    expect(
      (
        await t.json('PUT', '/api/v1/me/registration', {
          token,
          body: { destination: destination({ unitName: '改' }) },
        })
      ).status,
    ).toBe(409)

    const list = await t.json('GET', '/api/v1/registrations?status=submitted', { token: t.adminToken })
    expect(list.status).toBe(200)
    expect(list.data.total).toBe(1)
    expect(list.data.items[0]).toEqual(
      expect.objectContaining({
        id: sub.id,
        graduateId: gid,
        name: row.姓名,
        department: '计算机学院',
        status: 'submitted',
        source: '登记系统',
      }),
    )
    expect(typeof list.data.items[0].submittedAt).toBe('string')
    expect((await t.json('GET', '/api/v1/registrations?status=approved', { token: t.adminToken })).data.total).toBe(0)

    const ok = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    expect(ok.status, JSON.stringify(ok.data)).toBe(200)
    expectRegistration(ok.data)
    expect(ok.data.status).toBe('approved')
    expect(ok.data.events.map((e: { to: string }) => e.to)).toEqual(expect.arrayContaining(['submitted', 'approved']))
    const last = ok.data.events.at(-1)
    expect(last).toEqual(expect.objectContaining({ from: 'submitted', to: 'approved' }))
    expect(Number.isNaN(Date.parse(last.at))).toBe(false)

    expectError(
      await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
        token: t.adminToken,
        body: { decision: 'approve' },
      }),
      409,
      'conflict',
    )
    expectError(
      await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
        token: t.adminToken,
        body: { decision: 'reject', reason: '晚了' },
      }),
      409,
      'conflict',
    )
    expectError(
      await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
        token: t.adminToken,
        body: { decision: 'maybe' },
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('POST', '/api/v1/registrations/999999/decision', {
        token: t.adminToken,
        body: { decision: 'approve' },
      }),
      404,
      'not_found',
    )
    const mine = await t.json('GET', '/api/v1/me/registration', { token })
    expect(mine.data.status).toBe('approved')
  })

  it('return with a reason, withdraw, void', async () => {
    const t = await createTestApp()
    const row = rosterRow()
    await importRoster(t, t.adminToken, [row])
    const token = await studentLogin(t, row)
    const sub = await submitRegistration(t, token)
    const ret = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '请补充协议书' },
    })
    expect(ret.status).toBe(200)
    expect(ret.data.status).toBe('returned')
    expect(ret.data.events.at(-1)).toEqual(
      expect.objectContaining({ from: 'submitted', to: 'returned', reason: '请补充协议书' }),
    )
    // Editable again; submit; withdraw back.
    expect(
      (
        await t.json('PUT', '/api/v1/me/registration', {
          token,
          body: { destination: destination({ unitName: '北京另一家公司' }) },
        })
      ).status,
    ).toBe(200)
    expect((await t.json('POST', '/api/v1/me/registration/submit', { token })).data.status).toBe('submitted')
    const w = await t.json('POST', '/api/v1/me/registration/withdraw', { token })
    expect(w.status).toBe(200)
    expect(['draft', 'returned']).toContain(w.data.status)
    // Void: a draft cannot be voided (409), an approved registration can.
    expectError(await t.json('POST', '/api/v1/me/registration/void', { token }), 409, 'conflict')
    const again = await t.json('POST', '/api/v1/me/registration/submit', { token })
    expect(
      (
        await t.json('POST', `/api/v1/registrations/${again.data.id}/decision`, {
          token: t.adminToken,
          body: { decision: 'approve' },
        })
      ).data.status,
    ).toBe('approved')
    const v = await t.json('POST', '/api/v1/me/registration/void', { token })
    expect(v.status, JSON.stringify(v.data)).toBe(200)
    expect(v.data.status).toBe('voided')
  })

  it('accepts every one of the 24 destination type names in a draft', async () => {
    const t = await createTestApp()
    const row = rosterRow()
    await importRoster(t, t.adminToken, [row])
    const token = await studentLogin(t, row)
    const TYPES = [
      '签就业协议书就业',
      '签劳动合同就业',
      '提供公招接收函就业',
      '其他录用证明就业',
      '自由职业',
      '国家基层项目',
      '地方基层项目',
      '科研助理、管理助理',
      '应征义务兵',
      '部队军士或文职人员',
      '医学规培生',
      '自主创业',
      '国际组织任职',
      '出国出境工作',
      '境内升学',
      '出国出境深造',
      '求职中',
      '签约中',
      '拟参加公招考试',
      '拟创业',
      '不就业拟升学',
      '拟应征入伍',
      '拟出国出境',
      '暂不就业',
    ]
    expect(TYPES.length).toBe(24)
    const refused: string[] = []
    for (const type of TYPES) {
      const r = await t.json('PUT', '/api/v1/me/registration', { token, body: { destination: { type } } })
      if (r.status !== 200 || r.data.destination.type !== type)
        refused.push(`${type}: ${r.status} ${JSON.stringify(r.data)}`)
    }
    expect(refused).toEqual([])
  })

  it('school: PUT /graduates/{id}/registration (就业管理系统接口) and POST /registrations/import (就业管理系统上传), approved at once', async () => {
    const t = await createTestApp()
    const a = rosterRow()
    const b = rosterRow()
    const c = rosterRow()
    await importRoster(t, t.adminToken, [a, b, c])
    const ida = await graduateId(t, a.学号)
    const put = await t.json('PUT', `/api/v1/graduates/${ida}/registration`, {
      token: t.adminToken,
      body: { destination: destination(), archive: archive(), hukou: hukou() },
    })
    expect(put.status, JSON.stringify(put.data)).toBe(200)
    expectRegistration(put.data)
    expect(put.data).toEqual(
      expect.objectContaining({ graduateId: ida, status: 'approved', source: '就业管理系统接口' }),
    )
    expectError(
      await t.json('PUT', `/api/v1/graduates/${ida}/registration`, {
        token: t.adminToken,
        body: { destination: destination({ unitCreditCode: 'nonsense' }) },
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('PUT', '/api/v1/graduates/999999/registration', {
        token: t.adminToken,
        body: { destination: destination(), archive: archive(), hukou: hukou() },
      }),
      404,
      'not_found',
    )

    const cols = [
      '身份证号',
      '毕业去向',
      '单位名称',
      '统一社会信用代码',
      '单位性质代码',
      '单位行业代码',
      '单位所在地代码',
      '工作职位类别代码',
      '升学院校',
      '国家或地区',
      '档案转递类型',
      '档案转递单位名称',
      '档案转递单位地址',
      '档案转递单位所在地代码',
      '档案转递单位邮编',
      '档案转递联系人',
      '档案转递联系电话',
      '户口迁移类型',
      '户口迁移所在地代码',
      '户口迁移地址',
    ]
    const d = destination()
    const ar = archive()
    const h = hukou()
    const line = (idCard: string, over: Record<string, string> = {}) => {
      const v: Record<string, string> = {
        身份证号: idCard,
        毕业去向: d.type,
        单位名称: d.unitName,
        统一社会信用代码: d.unitCreditCode,
        单位性质代码: d.unitNature,
        单位行业代码: d.unitIndustry,
        单位所在地代码: d.unitLocation,
        工作职位类别代码: d.jobCategory,
        升学院校: '',
        国家或地区: '',
        档案转递类型: ar.transferType,
        档案转递单位名称: ar.unitName,
        档案转递单位地址: ar.unitAddress,
        档案转递单位所在地代码: ar.unitLocation,
        档案转递单位邮编: ar.postcode,
        档案转递联系人: ar.contact,
        档案转递联系电话: ar.phone,
        户口迁移类型: h.migrationType,
        户口迁移所在地代码: h.location,
        户口迁移地址: h.address,
        ...over,
      }
      return cols.map((k) => v[k])
    }
    const unknownId = rosterRow().身份证号
    const data = [
      cols,
      line(b.身份证号),
      line(c.身份证号, { 统一社会信用代码: 'BADCODE' }),
      line(unknownId),
      line(b.身份证号),
    ]
    const imp = await t.json('POST', '/api/v1/registrations/import', {
      token: t.adminToken,
      body: fileForm(await toXlsx(data), '登记.xlsx'),
    })
    expect(imp.status, JSON.stringify(imp.data)).toBe(200)
    expect(imp.data).toEqual(expect.objectContaining({ total: 4, created: 1, failed: 3 }))
    expect(imp.data.failures.map((f: { row: number }) => f.row)).toEqual([3, 4, 5])
    expect(imp.data.failures[0].reason).toContain('统一社会信用代码')
    const ft = await t.request('GET', `/api/v1/registrations/import/${imp.data.importId}/failures.xlsx`, {
      token: t.adminToken,
    })
    expect(ft.status).toBe(200)
    const frows = await readSheet(await ft.arrayBuffer())
    expect(frows[0].at(-1)).toBe('失败原因')
    const idb = await graduateId(t, b.学号)
    const approved = await t.json('GET', '/api/v1/registrations?status=approved', { token: t.adminToken })
    const item = approved.data.items.find((i: { graduateId: number }) => i.graduateId === idb)
    expect(item).toEqual(expect.objectContaining({ status: 'approved', source: '就业管理系统上传' }))
    // Re-import the same row: counted as updated.
    const again = await t.json('POST', '/api/v1/registrations/import', {
      token: t.adminToken,
      body: fileForm(gbk(toCsv([cols, line(b.身份证号, { 单位名称: '北京新单位有限公司' })])), 'gbk.csv'),
    })
    expect(again.status, JSON.stringify(again.data)).toBe(200)
    expect(again.data).toEqual(expect.objectContaining({ total: 1, created: 0, updated: 1, failed: 0 }))
  })
})

describe('§4.1 a department user sees only its own 院系, everywhere', () => {
  it('roster, registrations, confirmations, transfer numbers, sheets, decisions', async () => {
    const t = await createTestApp()
    const cs = await approvedGraduate(t)
    const math = await approvedGraduate(t, { 院系名称: '数学学院' })
    const pending = rosterRow({ 院系名称: '数学学院' })
    await importRoster(t, t.adminToken, [pending])
    const sub = await submitRegistration(t, await studentLogin(t, pending))
    const gen = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(gen.data.generated).toBe(2)
    const dean = await t.createStaff('cs-dean', { department: '计算机学院' })
    const ids = (r: { data: { items: Array<{ graduateId?: number; id?: number }> } }) =>
      r.data.items.map((i) => i.graduateId ?? i.id)
    expect(ids(await t.json('GET', '/api/v1/graduates', { token: dean }))).toEqual([cs.id])
    expect(ids(await t.json('GET', '/api/v1/registrations', { token: dean })).length).toBe(1)
    expect((await t.json('GET', '/api/v1/registrations', { token: dean })).data.items[0].graduateId).toBe(cs.id)
    expect(ids(await t.json('GET', '/api/v1/confirmations', { token: dean }))).toEqual([cs.id])
    expect(ids(await t.json('GET', '/api/v1/transfer-numbers', { token: dean }))).toEqual([cs.id])
    const stats = await t.json('GET', '/api/v1/confirmations/stats', { token: dean })
    expect(stats.data.rows['总数']['总数']).toBe(1)
    expect((await t.json('GET', `/api/v1/graduates/${math.id}/transfer-sheet.pdf`, { token: dean })).status).toBe(404)
    const other = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, {
      token: dean,
      body: { decision: 'approve' },
    })
    expect([403, 404]).toContain(other.status)
    expect(
      (
        await t.json('PUT', `/api/v1/graduates/${math.id}/registration`, {
          token: dean,
          body: { destination: destination(), archive: archive(), hukou: hukou() },
        })
      ).status,
    ).toBeGreaterThanOrEqual(403)
    const zip = await t.request('GET', '/api/v1/transfer-sheets.zip', { token: dean })
    expect(zip.status).toBe(200)
    const { unzipSync } = await import('fflate')
    const names = Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())))
    expect(names.filter((n) => n.endsWith('.pdf'))).toEqual([expect.stringContaining(cs.name)])
  })
})

describe('§4.4 confirmation', () => {
  async function states(t: TestApp, query = '') {
    const r = await t.json('GET', `/api/v1/confirmations${query}`, { token: t.adminToken })
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    for (const i of r.data.items)
      for (const k of ['graduateId', 'name', 'department', 'state', 'source', 'at']) expect(i, k).toHaveProperty(k)
    return new Map<number, { state: string; source: string | null }>(r.data.items.map((i: any) => [i.graduateId, i]))
  }

  it('states 未上报 → 未确认 → 确认无误 / 确认有误, back to 未确认 after a change; list and stats', async () => {
    const t = await createTestApp()
    const g = await approvedGraduate(t)
    const other = rosterRow({ 院系名称: '数学学院' })
    await importRoster(t, t.adminToken, [other])
    const otherId = await graduateId(t, other.学号)
    const otherToken = await studentLogin(t, other)

    let s = await states(t)
    expect(s.get(g.id)?.state).toBe('未确认')
    expect(s.get(g.id)?.source).toBe('登记系统')
    expect(s.get(otherId)?.state).toBe('未上报')
    // Not reported yet: nothing to confirm.
    const early = await t.json('POST', '/api/v1/me/confirmation', { token: otherToken, body: { result: '确认无误' } })
    expect([409, 400]).toContain(early.status)

    const ok = await t.json('POST', '/api/v1/me/confirmation', { token: g.token, body: { result: '确认无误' } })
    expect(ok.status, JSON.stringify(ok.data)).toBe(200)
    s = await states(t)
    expect(s.get(g.id)?.state).toBe('确认无误')
    const empty = await t.json('GET', '/api/v1/confirmations?state=&department=', { token: t.adminToken })
    expect(empty.status).toBe(200)
    expect(empty.data.total).toBe(2)
    const filtered = await t.json(
      'GET',
      `/api/v1/confirmations?state=${encodeURIComponent('确认无误')}&department=${encodeURIComponent('计算机学院')}`,
      { token: t.adminToken },
    )
    expect(filtered.data.total).toBe(1)
    expect(filtered.data.items[0]).toEqual(
      expect.objectContaining({
        graduateId: g.id,
        name: g.name,
        department: '计算机学院',
        state: '确认无误',
        source: '登记系统',
      }),
    )
    expect(typeof filtered.data.items[0].at).toBe('string')
    expect(
      (
        await t.json('GET', `/api/v1/confirmations?state=${encodeURIComponent('未上报')}`, { token: t.adminToken })
      ).data.items.map((i: any) => i.graduateId),
    ).toEqual([otherId])

    const wrong = await t.json('POST', '/api/v1/me/confirmation', {
      token: g.token,
      body: { result: '确认有误', destination: '有变化', archive: true, hukou: false, phone: '13912345678' },
    })
    expect(wrong.status, JSON.stringify(wrong.data)).toBe(200)
    expect((await states(t)).get(g.id)?.state).toBe('确认有误')
    expectError(
      await t.json('POST', '/api/v1/me/confirmation', { token: g.token, body: { result: '也许' } }),
      400,
      'validation_error',
    )
    const nullDest = await t.json('POST', '/api/v1/me/confirmation', {
      token: g.token,
      body: { result: '确认有误', destination: null, archive: false, hukou: true, phone: '13912345678' },
    })
    expect(nullDest.status, JSON.stringify(nullDest.data)).toBe(200)

    // School changes the approved registration through the interface → 未确认, source follows.
    const put = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { destination: destination({ unitName: '北京改过的公司' }), archive: archive(), hukou: hukou() },
    })
    expect(put.status, JSON.stringify(put.data)).toBe(200)
    s = await states(t)
    expect(s.get(g.id)).toEqual(expect.objectContaining({ state: '未确认', source: '就业管理系统接口' }))

    const stats = await t.json('GET', '/api/v1/confirmations/stats', { token: t.adminToken })
    expect(stats.status).toBe(200)
    const rows = stats.data.rows
    expect(Object.keys(rows).sort()).toEqual(['总数', '未上报', '未确认', '确认无误', '确认有误'].sort())
    for (const name of Object.keys(rows))
      expect(Object.keys(rows[name]).sort(), name).toEqual(
        ['登记系统', '就业管理系统上传', '就业管理系统接口', '总数'].sort(),
      )
    expect(rows['未确认']['就业管理系统接口']).toBe(1)
    expect(rows['未确认']['总数']).toBe(1)
    expect(rows['未上报']['总数']).toBe(1)
    expect(rows['总数']['总数']).toBe(2)
    expect(rows['确认无误']['总数']).toBe(0)
  })
})
