import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { csvText, form, gbk, LABELS, readXlsx, row, table, upload, utf8, xlsx } from './fixtures.js'
import { makeIdCard } from '../../src/domain/id-card.js'
import { nameKey } from '../../src/domain/names.js'

describe('POST /api/v1/graduates/import', () => {
  it('imports an XLSX: creates graduates, their student accounts and new 院系', async () => {
    const t = await createTestApp()
    const rows = [row({ name: '阿依古丽・买买提' }), row({ department: '数学学院' }), row()]
    const r = await upload(t, t.adminToken, await xlsx(table(rows)), '生源.xlsx')
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 3, created: 3, updated: 0, failed: 0, failures: [] })
    expect(typeof r.data.importId).toBe('string')
    expect(r.data.departmentsCreated.sort()).toEqual(['数学学院', '计算机学院'].sort())
    const g = await t.db
      .selectFrom('graduates')
      .selectAll()
      .where('id_card', '=', rows[0].idCard)
      .executeTakeFirstOrThrow()
    expect(g.name_key).toBe(nameKey('阿依古丽・买买提'))
    expect(g.name_key).toBe('阿依古丽·买买提')
    expect(g.import_id).toBe(r.data.importId)
    // The student account: 学号 + last six of 身份证号, forced to change the password.
    const u = await t.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', rows[0].studentNo)
      .executeTakeFirstOrThrow()
    expect(u).toMatchObject({
      role: 'student',
      graduate_id: g.id,
      department_id: g.department_id,
      password_hash: null,
      must_change_password: 1,
    })
    const login = await t.json('POST', '/api/v1/session', {
      body: { username: rows[0].studentNo, password: rows[0].idCard.slice(-6) },
    })
    expect(login.status).toBe(200)
    expect(login.data.user.mustChangePassword).toBe(true)
  })

  it('keeps valid rows, fails the others with every failing field named, rows numbered as in the sheet', async () => {
    const t = await createTestApp()
    const good = row()
    const bad1 = row({ phone: '12345', qq: 'abc' })
    const bad2 = row({ origin: '430101', trainingMode: '21', gender: '2' === row().gender ? '1' : '2' })
    const r = await upload(t, t.adminToken, await xlsx(table([good, bad1, bad2])), 'a.xlsx')
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 3, created: 1, failed: 2 })
    expect(r.data.failures[0].row).toBe(3)
    expect(r.data.failures[0].reason).toContain('手机号码：')
    expect(r.data.failures[0].reason).toContain('QQ号码：')
    expect(r.data.failures[1].row).toBe(4)
    expect(r.data.failures[1].reason).toContain('生源所在地代码：')
    expect(r.data.failures[1].reason).toContain('定向委培单位：')
    const n = await t.db
      .selectFrom('graduates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(1)
  })

  it('fails a repeated 身份证号 or 学号 in one file: the first row counts', async () => {
    const t = await createTestApp()
    const a = row()
    const b = row({ idCard: a.idCard, gender: a.gender })
    const c = row({ studentNo: a.studentNo })
    const r = await upload(t, t.adminToken, await xlsx(table([a, b, c])), 'a.xlsx')
    expect(r.data).toMatchObject({ total: 3, created: 1, failed: 2 })
    expect(r.data.failures).toEqual([
      { row: 3, reason: '身份证号：与第 2 行重复' },
      { row: 4, reason: '学号：与第 2 行重复' },
    ])
  })

  it('upserts by 身份证号 on re-import and reports a 学号 held by another graduate', async () => {
    const t = await createTestApp()
    const rows = [row(), row()]
    await upload(t, t.adminToken, await xlsx(table(rows)), 'a.xlsx')
    const changed = { ...rows[0], phone: '13911112222', studentNo: 'NEW0001' }
    const thief = row({ studentNo: rows[1].studentNo })
    const r = await upload(t, t.adminToken, await xlsx(table([changed, thief, row()])), 'b.xlsx')
    expect(r.data).toMatchObject({ total: 3, created: 1, updated: 1, failed: 1 })
    expect(r.data.failures).toEqual([{ row: 3, reason: '学号：已被本校另一名毕业生使用' }])
    const g = await t.db
      .selectFrom('graduates')
      .selectAll()
      .where('id_card', '=', rows[0].idCard)
      .executeTakeFirstOrThrow()
    expect(g).toMatchObject({ phone: '13911112222', student_no: 'NEW0001' })
    // The account follows the new 学号; no second account.
    const accounts = await t.db.selectFrom('users').select('username').where('graduate_id', '=', g.id).execute()
    expect(accounts).toEqual([{ username: 'NEW0001' }])
    const students = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'student')
      .executeTakeFirstOrThrow()
    expect(Number(students.n)).toBe(3)
  })

  it('reads UTF-8 CSV with and without BOM, and GBK CSV as Excel saves it', async () => {
    const t = await createTestApp()
    const a = row({ name: '张三丰', homeAddress: '湖南省长沙市岳麓区麓山南路 "1" 号, 2 栋' })
    const b = row({ name: '李四' })
    const c = row({ name: '王五' })
    for (const [bytes, name] of [
      [utf8(csvText(table([a]))), 'plain.csv'],
      [utf8(csvText(table([b])), true), 'bom.csv'],
      [gbk(csvText(table([c]))), 'gbk.csv'],
    ] as const) {
      const r = await upload(t, t.adminToken, bytes, name)
      expect(r.status, name).toBe(200)
      expect(r.data, name).toMatchObject({ total: 1, created: 1, failed: 0 })
    }
    const names = await t.db.selectFrom('graduates').select(['name', 'home_address']).orderBy('id').execute()
    expect(names.map((x) => x.name)).toEqual(['张三丰', '李四', '王五'])
    expect(names[0].home_address).toBe('湖南省长沙市岳麓区麓山南路 "1" 号, 2 栋')
  })

  it('accepts header variants and code names', async () => {
    const t = await createTestApp()
    const headers = LABELS.map(
      (h) =>
        ({
          性别代码: '性别',
          院系名称: '所在院系',
          手机号码: '手机',
          民族代码: '民族',
          学号: '*学号',
          学制: '学制（年）',
        })[h] ?? h,
    )
    const a = row()
    const data = table([a], headers)
    data[1][3] = a.gender === '1' ? '男' : '女'
    data[1][4] = '汉族'
    const r = await upload(t, t.adminToken, utf8(csvText(data)), 'variants.csv')
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ created: 1, failed: 0 })
    const g = await t.db.selectFrom('graduates').selectAll().executeTakeFirstOrThrow()
    expect(g).toMatchObject({ gender_code: a.gender, ethnicity_code: '01', phone: a.phone })
  })

  it('refuses missing required headers by name, and remembers a mapping made by hand', async () => {
    const t = await createTestApp()
    const headers = LABELS.map((h) => (h === '学号' ? '学生编号' : h === '生源所在地代码' ? '户籍地' : h))
    const bytes = utf8(csvText(table([row()], headers)))
    const r = await upload(t, t.adminToken, bytes, 'a.csv')
    expect(r.status).toBe(400)
    expect(r.data.error.code).toBe('validation_error')
    expect(r.data.error.message).toContain('学号')
    expect(r.data.error.message).toContain('生源所在地代码')
    expect(r.data.error.message).not.toContain('姓名')
    const m = await upload(t, t.adminToken, bytes, 'a.csv', {
      mapping: JSON.stringify({ studentNo: '学生编号', origin: '户籍地' }),
    })
    expect(m.status).toBe(200)
    expect(m.data.created).toBe(1)
    const again = await upload(t, t.adminToken, utf8(csvText(table([row()], headers))), 'b.csv')
    expect(again.status).toBe(200)
    expect(again.data.created).toBe(1)
    const bad = await upload(t, t.adminToken, bytes, 'a.csv', { mapping: '[1]' })
    expect(bad.status).toBe(400)
  })

  it('refuses bad files with a 400 saying what is wrong, and over 20 MB with 413', async () => {
    const t = await createTestApp()
    const empty = await upload(t, t.adminToken, new Uint8Array(), 'a.csv')
    expect(empty.status).toBe(400)
    expect(empty.data.error.message).toContain('空')
    const png = await upload(
      t,
      t.adminToken,
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'a.png',
    )
    expect(png.status).toBe(400)
    expect(png.data.error.message).toContain('不是电子表格')
    const xls = await upload(
      t,
      t.adminToken,
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'a.xls',
    )
    expect(xls.status).toBe(400)
    expect(xls.data.error.message).toContain('.xls')
    const zip = await upload(
      t,
      t.adminToken,
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]),
      'a.xlsx',
    )
    expect(zip.status).toBe(400)
    const headerOnly = await upload(t, t.adminToken, utf8(csvText([LABELS])), 'a.csv')
    expect(headerOnly.status).toBe(400)
    expect(headerOnly.data.error.message).toContain('没有数据')
    const big = await upload(t, t.adminToken, new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41), 'big.csv')
    expect(big.status).toBe(413)
    expect(big.data.error.code).toBe('payload_too_large')
    const many = `${LABELS.join(',')}\n${'x\n'.repeat(100_001)}`
    const tooMany = await upload(t, t.adminToken, utf8(many), 'many.csv')
    expect(tooMany.status).toBe(400)
    expect(tooMany.data.error.message).toContain('100,000')
    expect(await t.db.selectFrom('imports').selectAll().execute()).toEqual([])
  })

  it('refuses an XLSX whose sheet has more than 100,000 rows', async () => {
    const t = await createTestApp()
    // A sheet claiming 100,002 rows in its dimension, as Excel writes it.
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('s')
    ws.addRow(LABELS)
    ws.getCell('A100002').value = 'x'
    const r = await upload(t, t.adminToken, new Uint8Array(await wb.xlsx.writeBuffer()), 'many.xlsx')
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('100,000')
  })

  it('serves the failure table as XLSX and CSV: original columns, then 失败原因; formulas neutralised', async () => {
    const t = await createTestApp()
    const bad = row({ name: '=HYPERLINK("http://x","y")', phone: '+8613800138000' })
    const r = await upload(t, t.adminToken, await xlsx(table([row(), bad])), 'a.xlsx')
    expect(r.data.failed).toBe(1)
    const res = await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.xlsx`, {
      token: t.adminToken,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const sheet = await readXlsx(await res.arrayBuffer())
    expect(sheet[0]).toEqual([...LABELS, '失败原因'])
    expect(sheet.length).toBe(2)
    expect(sheet[1][0]).toBe(bad.studentNo)
    expect(sheet[1][1]).toBe(`'${bad.name}`)
    expect(sheet[1][15]).toBe(`'${bad.phone}`)
    expect(sheet[1][LABELS.length]).toContain('手机号码：')
    const csv = await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, {
      token: t.adminToken,
    })
    const csvBytes = new Uint8Array(await csv.arrayBuffer())
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(csvBytes)
    expect(text.startsWith('学号,姓名')).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(text.trim().split('\r\n')).toHaveLength(2)
    // The failure table can be uploaded again as it is (the 失败原因 column is ignored).
    const fixed = sheet.map((r2) => r2.slice())
    fixed[1][1] = '赵六'
    fixed[1][15] = '13800138000'
    const again = await upload(t, t.adminToken, await xlsx(fixed), 'fixed.xlsx')
    expect(again.data).toMatchObject({ total: 1, created: 1, failed: 0 })
    const missing = await t.request('GET', '/api/v1/graduates/import/nope/failures.xlsx', { token: t.adminToken })
    expect(missing.status).toBe(404)
  })

  it('scopes a department user to its own 院系', async () => {
    const t = await createTestApp()
    await insertGraduate(t, {
      department: '数学学院',
      id_card: makeIdCard('110108', '20040101', 11, '1'),
      gender_code: '1',
    })
    const token = await t.createStaff('cs', { department: '计算机学院' })
    const mine = row({ department: '计算机学院' })
    const other = row({ department: '数学学院' })
    const moved = row({ department: '计算机学院', idCard: makeIdCard('110108', '20040101', 11, '1'), gender: '1' })
    const r = await upload(t, token, await xlsx(table([mine, other, moved])), 'a.xlsx')
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 3, created: 1, failed: 2, departmentsCreated: [] })
    expect(r.data.failures[0]).toEqual({ row: 3, reason: '院系名称：只能导入本院系（计算机学院）的毕业生' })
    expect(r.data.failures[1].reason).toContain('其他院系')
    // Its failure table is its own: the school sees it, another department does not.
    const math = await t.createStaff('math', { department: '数学学院' })
    expect(
      (await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, { token: math })).status,
    ).toBe(404)
    expect((await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, { token })).status).toBe(
      200,
    )
    expect(
      (await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, { token: t.adminToken }))
        .status,
    ).toBe(200)
    // Read-only users may not import.
    const ro = await t.createStaff('ro', { department: '计算机学院', permissions: { info: 'ro' } })
    expect((await upload(t, ro, await xlsx(table([row()])), 'a.xlsx')).status).toBe(403)
  })

  it('needs a login and a staff role', async () => {
    const t = await createTestApp()
    expect([401, 403]).toContain(
      (await t.json('POST', '/api/v1/graduates/import', { body: form(utf8('a'), 'a.csv') })).status,
    )
    const g = await insertGraduate(t)
    const student = await studentToken(t, g)
    const r = await t.json('POST', '/api/v1/graduates/import', {
      token: student,
      body: form(await xlsx(table([row()])), 'a.xlsx'),
    })
    expect(r.status).toBe(403)
    expect(await t.db.selectFrom('imports').selectAll().execute()).toEqual([])
  })
})
