import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { browserLogin, bumpVersion, insertRegistration } from './fixtures.js'

/**
 * The fixture (two 院系, every state, every source):
 *  g1 A  no registration                 → 未上报 (no source)
 *  g2 A  draft, 登记系统                  → 未上报 / 登记系统
 *  g3 B  voided, 就业管理系统上传          → 未上报 / 就业管理系统上传
 *  g4 A  approved, 登记系统               → 未确认 / 登记系统
 *  g5 B  approved, 上传, confirmed, then changed → 未确认 / 就业管理系统上传
 *  g6 A  approved, 接口, 确认有误          → 确认有误 / 就业管理系统接口
 *  g7 A  approved, 登记系统, 确认无误      → 确认无误 / 登记系统
 *  g8 B  approved, 上传, 确认无误          → 确认无误 / 就业管理系统上传
 *  g9 A  submitted, 登记系统              → 未上报 / 登记系统
 *  g10 A withdrawn (退学), approved, 确认无误 → left out everywhere
 */
async function fixture() {
  const t = await createTestApp()
  const A = '计算机学院'
  const B = '其他院系'
  const g: Array<Awaited<ReturnType<typeof insertGraduate>>> = []
  const add = async (department: string, extra: Record<string, unknown> = {}) => {
    const x = await insertGraduate(t, {
      department,
      email: `g${g.length + 1}@example.com`,
      phone: `1390000000${g.length}`.slice(0, 11),
      ...extra,
    })
    g.push(x)
    return x
  }
  const confirmAs = async (x: { studentNo: string; firstPassword: string }, body: unknown) => {
    const token = await studentToken(t, x)
    const r = await t.json('POST', '/api/v1/me/confirmation', { token, body })
    if (r.status !== 200) throw new Error(JSON.stringify(r.data))
  }
  const g1 = await add(A, { name: '陈诚', education_code: '31' })
  const g2 = await add(A, { name: '李娟', education_code: '31' })
  await insertRegistration(t, g2.id, { status: 'draft', source: '登记系统', version: 0 })
  const g3 = await add(B, { name: '花员沈', education_code: '11', graduation_time: '202610' })
  await insertRegistration(t, g3.id, { status: 'voided', source: '就业管理系统上传', version: 2 })
  const g4 = await add(A, { name: '张骏', education_code: '31' })
  await insertRegistration(t, g4.id, { source: '登记系统' })
  const g5 = await add(B, { name: '姜培', education_code: '11' })
  await insertRegistration(t, g5.id, { source: '就业管理系统上传' })
  await confirmAs(g5, { result: '确认无误' })
  await bumpVersion(t, g5.id)
  const g6 = await add(A, { name: '何丽', education_code: '01', major_name: '软件工程' })
  await insertRegistration(t, g6.id, { source: '就业管理系统接口' })
  await confirmAs(g6, { result: '确认有误', destination: '有错误', phone: '13712345678' })
  const g7 = await add(A, { name: '曹陆', education_code: '31' })
  await insertRegistration(t, g7.id, { source: '登记系统' })
  await confirmAs(g7, { result: '确认无误' })
  const g8 = await add(B, { name: '史众枝', education_code: '41' })
  await insertRegistration(t, g8.id, { source: '就业管理系统上传' })
  await confirmAs(g8, { result: '确认无误' })
  const g9 = await add(A, { name: '刘强', education_code: '31' })
  await insertRegistration(t, g9.id, { status: 'submitted', source: '登记系统' })
  const g10 = await add(A, { name: '苏场', education_code: '31' })
  await insertRegistration(t, g10.id, { source: '登记系统' })
  await confirmAs(g10, { result: '确认无误' })
  await t.db
    .updateTable('graduates')
    .set({ withdrawn_at: t.clock.now.toISOString(), withdrawn_reason: '退学' })
    .where('id', '=', g10.id)
    .execute()
  return { t, A, B, g: { g1, g2, g3, g4, g5, g6, g7, g8, g9, g10 } }
}

const SCHOOL_STATS = {
  未上报: { 登记系统: 2, 就业管理系统上传: 1, 就业管理系统接口: 0, 总数: 4 },
  未确认: { 登记系统: 1, 就业管理系统上传: 1, 就业管理系统接口: 0, 总数: 2 },
  确认有误: { 登记系统: 0, 就业管理系统上传: 0, 就业管理系统接口: 1, 总数: 1 },
  确认无误: { 登记系统: 1, 就业管理系统上传: 1, 就业管理系统接口: 0, 总数: 2 },
  总数: { 登记系统: 4, 就业管理系统上传: 3, 就业管理系统接口: 1, 总数: 9 },
}
const DEPT_A_STATS = {
  未上报: { 登记系统: 2, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 3 },
  未确认: { 登记系统: 1, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 1 },
  确认有误: { 登记系统: 0, 就业管理系统上传: 0, 就业管理系统接口: 1, 总数: 1 },
  确认无误: { 登记系统: 1, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 1 },
  总数: { 登记系统: 4, 就业管理系统上传: 0, 就业管理系统接口: 1, 总数: 6 },
}

async function readXlsx(res: Response) {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('spreadsheetml')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
  const ws = wb.worksheets[0]
  const rows: unknown[][] = []
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
  return rows
}

const auditActions = async (t: TestApp) =>
  (await t.db.selectFrom('audit_log').select(['action', 'detail']).execute()).filter((a) =>
    a.action.startsWith('confirmation.'),
  )

describe('GET /api/v1/confirmations/stats', () => {
  it('matches the fixture in every cell, for the school and for one 院系', async () => {
    const { t, A } = await fixture()
    const r = await t.json('GET', '/api/v1/confirmations/stats', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data).toEqual({ rows: SCHOOL_STATS })
    const byDept = await t.json('GET', `/api/v1/confirmations/stats?department=${encodeURIComponent(A)}`, {
      token: t.adminToken,
    })
    expect(byDept.data).toEqual({ rows: DEPT_A_STATS })
    const dept = await t.createStaff('cs', { department: A, permissions: { info: 'ro' } })
    expect((await t.json('GET', '/api/v1/confirmations/stats', { token: dept })).data).toEqual({ rows: DEPT_A_STATS })
    // A department user asking for another 院系 still sees only its own (which has none there).
    const other = await t.json('GET', `/api/v1/confirmations/stats?department=${encodeURIComponent('其他院系')}`, {
      token: dept,
    })
    expect(other.data.rows['总数']['总数']).toBe(0)
  })

  it('exports the same table as a workbook, audited', async () => {
    const { t } = await fixture()
    const res = await t.request('GET', '/api/v1/confirmations/stats.xlsx', { token: t.adminToken })
    const rows = await readXlsx(res)
    expect(rows[0]).toEqual(['登记确认情况统计'])
    expect(rows[1]).toEqual(['登记确认情况 \\ 去向来源', '登记系统', '就业管理系统上传', '就业管理系统接口', '总数'])
    const body = Object.fromEntries(
      rows.slice(2).map((r) => [r[0], { 登记系统: r[1], 就业管理系统上传: r[2], 就业管理系统接口: r[3], 总数: r[4] }]),
    )
    expect(body).toEqual(SCHOOL_STATS)
    expect((await auditActions(t)).map((a) => a.action)).toEqual(['confirmation.stats.export'])
  })

  it('renders the table page for staff', async () => {
    const { t } = await fixture()
    const b = await browserLogin(t, 'admin', 'admin', 'admin-pass-2026')
    const p = await b.get('/admin/confirmations/stats')
    expect(p.res.status).toBe(200)
    for (const [row, cols] of Object.entries(SCHOOL_STATS)) {
      for (const [col, n] of Object.entries(cols)) expect(p.text).toContain(`data-row="${row}" data-col="${col}">${n}<`)
    }
  })
})

describe('GET /api/v1/confirmations', () => {
  it('lists every non-withdrawn graduate with the derived state, source and time', async () => {
    const { t, g } = await fixture()
    const r = await t.json('GET', '/api/v1/confirmations?pageSize=100', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data.total).toBe(9)
    const by = Object.fromEntries(r.data.items.map((i: any) => [i.name, i]))
    expect(Object.keys(by).sort()).toEqual(
      ['何丽', '刘强', '史众枝', '姜培', '张骏', '曹陆', '李娟', '花员沈', '陈诚'].sort(),
    )
    expect(by['陈诚']).toMatchObject({
      graduateId: g.g1.id,
      department: '计算机学院',
      state: '未上报',
      source: null,
      at: null,
    })
    expect(by['李娟']).toMatchObject({ state: '未上报', source: '登记系统' })
    expect(by['姜培']).toMatchObject({ state: '未确认', source: '就业管理系统上传', at: null })
    expect(by['何丽']).toMatchObject({ state: '确认有误', source: '就业管理系统接口', at: t.clock.now.toISOString() })
    expect(by['何丽'].issues).toBe('毕业去向有错误')
    expect(by['曹陆'].issues).toBeNull()
    expect(by['史众枝']).toMatchObject({ state: '确认无误', source: '就业管理系统上传', education: '专科' })
    // 身份证号 masked
    expect(by['陈诚'].idCard).not.toBe(g.g1.idCard)
    expect(by['陈诚'].idCard).toContain('*')
  })

  it('filters by state, 院系, 专业, 学历, name, 学号, 身份证号, graduation time, and pages', async () => {
    const { t, g, B } = await fixture()
    const names = async (qs: string) => {
      const r = await t.json('GET', `/api/v1/confirmations?${qs}`, { token: t.adminToken })
      expect(r.status, qs).toBe(200)
      return r.data.items.map((i: any) => i.name).sort()
    }
    expect(await names(`state=${encodeURIComponent('未上报')}`)).toEqual(['刘强', '李娟', '花员沈', '陈诚'].sort())
    expect(await names(`state=${encodeURIComponent('确认无误')}`)).toEqual(['史众枝', '曹陆'].sort())
    expect(await names(`department=${encodeURIComponent(B)}`)).toEqual(['史众枝', '姜培', '花员沈'].sort())
    expect(await names(`state=${encodeURIComponent('未确认')}&department=${encodeURIComponent(B)}`)).toEqual(['姜培'])
    expect(await names(`major=${encodeURIComponent('软件工程')}`)).toEqual(['何丽'])
    expect(await names(`education=${encodeURIComponent('硕士')}`)).toEqual(['姜培', '花员沈'].sort())
    expect(await names('education=01')).toEqual(['何丽'])
    expect(await names(`name=${encodeURIComponent('史')}`)).toEqual(['史众枝'])
    expect(await names(`name=${encodeURIComponent('%')}`)).toEqual([])
    expect(await names(`studentNo=${g.g4.studentNo}`)).toEqual(['张骏'])
    expect(await names(`idCard=${g.g7.idCard.toLowerCase()}`)).toEqual(['曹陆'])
    expect(await names('graduationTime=202610')).toEqual(['花员沈'])
    const p1 = await t.json('GET', '/api/v1/confirmations?pageSize=4&page=1', { token: t.adminToken })
    const p3 = await t.json('GET', '/api/v1/confirmations?pageSize=4&page=3', { token: t.adminToken })
    expect(p1.data.total).toBe(9)
    expect(p1.data.items).toHaveLength(4)
    expect(p3.data.items).toHaveLength(1)
    const bad = await t.json('GET', `/api/v1/confirmations?state=${encodeURIComponent('已确认')}`, {
      token: t.adminToken,
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('确认状态')
    expect((await t.json('GET', '/api/v1/confirmations?graduationTime=2026', { token: t.adminToken })).status).toBe(400)
  })

  it('scopes a department user to its own 院系, and needs the info module', async () => {
    const { t, A } = await fixture()
    const dept = await t.createStaff('cs', { department: A, permissions: { info: 'ro' } })
    const r = await t.json('GET', '/api/v1/confirmations?pageSize=100', { token: dept })
    expect(r.data.total).toBe(6)
    expect(new Set(r.data.items.map((i: any) => i.department))).toEqual(new Set([A]))
    const cross = await t.json('GET', `/api/v1/confirmations?department=${encodeURIComponent('其他院系')}`, {
      token: dept,
    })
    expect(cross.data.total).toBe(0)
    const none = await t.createStaff('noinfo', { department: A, permissions: { info: 'none' } })
    expect((await t.json('GET', '/api/v1/confirmations', { token: none })).status).toBe(403)
    const student = await t.json('GET', '/api/v1/confirmations', {
      token: await studentToken(t, await insertGraduate(t)),
    })
    expect(student.status).toBe(403)
  })
})

describe('exports', () => {
  it('exports the filtered list with masked 身份证号, audited', async () => {
    const { t, A, g } = await fixture()
    const res = await t.request('GET', `/api/v1/confirmations.xlsx?department=${encodeURIComponent(A)}`, {
      token: t.adminToken,
    })
    const rows = await readXlsx(res)
    expect(rows[0]).toEqual([
      '考生号',
      '姓名',
      '院系',
      '专业',
      '学历',
      '身份证号',
      '学号',
      '毕业时间',
      '登记确认状态',
      '去向来源',
      '确认时间',
      '有误内容',
    ])
    expect(rows).toHaveLength(7)
    const chen = rows.find((r) => r[1] === '陈诚')!
    expect(chen[2]).toBe(A)
    expect(chen[5]).not.toBe(g.g1.idCard)
    expect(String(chen[5])).toContain('*')
    expect(chen[8]).toBe('未上报')
    expect(rows.find((r) => r[1] === '何丽')![8]).toBe('确认有误')
    expect(rows.find((r) => r[1] === '何丽')![11]).toBe('毕业去向有错误')
    const a = await auditActions(t)
    expect(a.map((x) => x.action)).toEqual(['confirmation.list.export'])
    expect(JSON.parse(a[0].detail!)).toMatchObject({ rows: 6 })
  })

  it('exports reminders (phone, email) only for the selected graduates who still have to confirm', async () => {
    const { t, g } = await fixture()
    const res = await t.request('POST', '/api/v1/confirmations/reminders.xlsx', {
      token: t.adminToken,
      body: { graduateIds: [g.g4.id, g.g5.id, g.g6.id, g.g7.id, g.g1.id, g.g10.id] },
    })
    const rows = await readXlsx(res)
    expect(rows[0]).toEqual([
      '姓名',
      '学号',
      '院系',
      '专业',
      '登记确认状态',
      '手机号码',
      '电子邮箱',
      '有误内容',
      '确认有误时留的手机号码',
    ])
    expect(rows.find((r) => r[0] === '何丽')!.slice(7)).toEqual(['毕业去向有错误', '13712345678'])
    const people = rows.slice(1).map((r) => [r[0], r[4], r[6]])
    expect(people.sort()).toEqual(
      [
        ['张骏', '未确认', 'g4@example.com'],
        ['姜培', '未确认', 'g5@example.com'],
        ['何丽', '确认有误', 'g6@example.com'],
      ].sort(),
    )
    const all = await readXlsx(
      await t.request('POST', '/api/v1/confirmations/reminders.xlsx', { token: t.adminToken, body: {} }),
    )
    expect(
      all
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['何丽', '姜培', '张骏'].sort())
    const a = await auditActions(t)
    expect(a.map((x) => x.action)).toEqual(['confirmation.reminders.export', 'confirmation.reminders.export'])
    expect(JSON.parse(a[0].detail!)).toMatchObject({ rows: 3, selected: 6 })
    expect(a[0].detail).not.toContain('1390000')
    // Read-only staff may not take phone numbers in bulk.
    const ro = await t.createStaff('ro', { role: 'school', permissions: { info: 'ro' } })
    expect((await t.request('POST', '/api/v1/confirmations/reminders.xlsx', { token: ro, body: {} })).status).toBe(403)
  })

  it('neutralises formula-like text in cells', async () => {
    const t = await createTestApp()
    const x = await insertGraduate(t, { name: '=HYPERLINK("http://x")', name_key: 'x' })
    await insertRegistration(t, x.id)
    const rows = await readXlsx(await t.request('GET', '/api/v1/confirmations.xlsx', { token: t.adminToken }))
    expect(rows[1][1]).toBe(`'=HYPERLINK("http://x")`)
  })
})

describe('/admin/confirmations page', () => {
  it('lists with filters posted (no personal data in the address), pages, and exports the selected for reminders', async () => {
    const { t, g, B } = await fixture()
    const b = await browserLogin(t, 'admin', 'admin', 'admin-pass-2026')
    let p = await b.get('/admin/confirmations')
    expect(p.res.status).toBe(200)
    expect(p.text).toContain('data-total="9"')
    expect(p.text).not.toMatch(/style=/)
    p = await b.get(`/admin/confirmations?state=${encodeURIComponent('未确认')}&department=${encodeURIComponent(B)}`)
    expect(p.text).toContain('data-total="1"')
    expect(p.text).toContain('姜培')
    // name / 学号 / 身份证号 in a GET query are ignored by the page
    p = await b.get(`/admin/confirmations?name=${encodeURIComponent('姜培')}`)
    expect(p.text).toContain('data-total="9"')
    p = await b.post('/admin/confirmations', { name: '姜培', page: '1' })
    expect(p.res.status).toBe(200)
    expect(p.text).toContain('data-total="1"')
    // Only graduates who still have to confirm can be ticked.
    expect(p.text).toContain(`name="graduateIds" value="${g.g5.id}"`)
    p = await b.post('/admin/confirmations', {})
    expect(p.text).not.toContain(`name="graduateIds" value="${g.g7.id}"`)
    const r = await b.post('/admin/confirmations/reminders', {
      scope: 'selected',
      graduateIds: [String(g.g5.id), String(g.g7.id)],
    })
    const rows = await readXlsx(r.res)
    expect(rows.slice(1).map((x) => x[0])).toEqual(['姜培'])
    const e = await b.post('/admin/confirmations/export', { state: '确认无误' })
    expect(
      (await readXlsx(e.res))
        .slice(1)
        .map((x) => x[1])
        .sort(),
    ).toEqual(['史众枝', '曹陆'].sort())
  })

  it('shows a department user only its own 院系, without the reminder export when read-only', async () => {
    const { t, A } = await fixture()
    await t.createStaff('cs-ro', { department: A, permissions: { info: 'ro' } })
    const b = await browserLogin(t, 'admin', 'cs-ro', 'cs-ro-password')
    let p = await b.get(`/admin/confirmations?department=${encodeURIComponent('其他院系')}`)
    expect(p.text).toContain('data-total="0"')
    p = await b.get('/admin/confirmations')
    expect(p.text).toContain('data-total="6"')
    expect(p.text).not.toContain('姜培')
    expect(p.text).not.toContain('name="graduateIds"')
    expect((await b.post('/admin/confirmations/reminders', { scope: 'all' })).res.status).toBe(403)
    p = await b.get('/admin/confirmations/stats')
    expect(p.text).toContain('data-row="总数" data-col="总数">6<')
  })
})
