import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate } from '../helpers.js'
import { LABELS, readXlsx, row, table, upload, xlsx } from './fixtures.js'

async function seeded() {
  const t = await createTestApp()
  const rows = [
    row({ name: '张伟', department: '计算机学院', majorName: '软件工程', majorCode: '080902' }),
    row({ name: '李娜', department: '计算机学院', education: '11', lengthOfSchooling: '3', enrolledAt: '202309' }),
    row({ name: '王芳', department: '数学学院', graduationTime: '202706', enrolledAt: '202309' }),
    row({ name: '=SUM(A1)', department: '数学学院', homeAddress: '@cmd' }),
  ]
  const r = await upload(t, t.adminToken, await xlsx(table(rows)), 'a.xlsx')
  expect(r.data.created).toBe(4)
  return { t, rows }
}

describe('GET /api/v1/graduates', () => {
  it('lists with filters and pagination, education as its name', async () => {
    const { t, rows } = await seeded()
    const all = await t.json('GET', '/api/v1/graduates', { token: t.adminToken })
    expect(all.status).toBe(200)
    expect(all.data.total).toBe(4)
    const first = all.data.items.find((i: any) => i.name === '李娜')
    expect(first).toMatchObject({
      studentNo: rows[1].studentNo,
      department: '计算机学院',
      major: '计算机科学与技术',
      education: '硕士生毕业',
      graduationTime: '202606',
    })
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['id', 'studentNo', 'name', 'department', 'major', 'education', 'graduationTime']),
    )
    const q = async (s: string) => (await t.json('GET', `/api/v1/graduates?${s}`, { token: t.adminToken })).data
    expect((await q(`department=${encodeURIComponent('数学学院')}`)).total).toBe(2)
    expect((await q(`major=${encodeURIComponent('软件工程')}`)).items.map((i: any) => i.name)).toEqual(['张伟'])
    expect((await q('education=11')).items.map((i: any) => i.name)).toEqual(['李娜'])
    expect((await q('graduationTime=202706')).items.map((i: any) => i.name)).toEqual(['王芳'])
    expect((await q(`q=${encodeURIComponent('张')}`)).items.map((i: any) => i.name)).toEqual(['张伟'])
    expect((await q(`q=${rows[2].studentNo}`)).items.map((i: any) => i.name)).toEqual(['王芳'])
    const p1 = await q('pageSize=3&page=1')
    const p2 = await q('pageSize=3&page=2')
    expect(p1.items).toHaveLength(3)
    expect(p2.items).toHaveLength(1)
    expect(p2.total).toBe(4)
    expect((await t.json('GET', '/api/v1/graduates?page=0', { token: t.adminToken })).status).toBe(400)
  })

  it('shows a department user only its own 院系', async () => {
    const { t } = await seeded()
    const token = await t.createStaff('math', { department: '数学学院', permissions: { info: 'ro' } })
    const r = await t.json('GET', `/api/v1/graduates?department=${encodeURIComponent('计算机学院')}`, { token })
    expect(r.data.total).toBe(0)
    const mine = await t.json('GET', '/api/v1/graduates', { token })
    expect(mine.data.items.map((i: any) => i.department)).toEqual(['数学学院', '数学学院'])
    const other = (await t.json('GET', '/api/v1/graduates', { token: t.adminToken })).data.items.find(
      (i: any) => i.department === '计算机学院',
    )
    expect((await t.json('GET', `/api/v1/graduates/${other.id}`, { token })).status).toBe(404)
    const none = await t.createStaff('none', { department: '数学学院', permissions: { info: 'none' } })
    expect((await t.json('GET', '/api/v1/graduates', { token: none })).status).toBe(403)
  })

  it('exports the national layout with codes and names side by side, formulas neutralised, audited', async () => {
    const { t, rows } = await seeded()
    const res = await t.request('GET', `/api/v1/graduates.xlsx?department=${encodeURIComponent('数学学院')}`, {
      token: t.adminToken,
    })
    expect(res.status).toBe(200)
    const sheet = await readXlsx(await res.arrayBuffer())
    const h = sheet[0]
    expect(h.slice(0, 5)).toEqual(['学号', '姓名', '身份证号', '性别代码', '性别'])
    expect(h).toContain('生源所在地')
    expect(sheet).toHaveLength(3)
    const evil = sheet.find((r) => r[1].includes('SUM'))!
    expect(evil[1]).toBe("'=SUM(A1)")
    expect(evil[h.indexOf('家庭住址')]).toBe("'@cmd")
    const wang = sheet.find((r) => r[1] === '王芳')!
    expect(wang[2]).toBe(rows[2].idCard)
    expect(wang[h.indexOf('民族')]).toBe('汉族')
    expect(wang[h.indexOf('民族代码')]).toBe('01')
    expect(wang[h.indexOf('生源所在地')]).toBe('湖南省长沙市岳麓区')
    expect(wang[h.indexOf('院系名称')]).toBe('数学学院')
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'roster.export').execute()
    expect(log).toHaveLength(1)
  })
})

describe('codes and template', () => {
  it('serves every code table as JSON and as a workbook, and the upload template', async () => {
    const t = await createTestApp()
    const codes = await t.json('GET', '/api/v1/codes')
    expect(codes.status).toBe(200)
    const ids = codes.data.tables.map((x: any) => x.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'gender',
        'ethnicity',
        'political',
        'education',
        'trainingMode',
        'hardship',
        'normalStudent',
        'urbanRural',
        'destinationType',
        'unitNature',
        'unitIndustry',
        'jobCategory',
        'archiveTransferType',
        'hukouMigrationType',
        'division',
      ]),
    )
    expect(codes.data.tables.find((x: any) => x.id === 'ethnicity').entries).toHaveLength(58)
    const wbRes = await t.request('GET', '/api/v1/codes.xlsx')
    expect(wbRes.status).toBe(200)
    const eth = await readXlsx(await wbRes.arrayBuffer(), 1)
    expect(eth[0]).toEqual(['代码', '名称'])
    expect(eth[1]).toEqual(['01', '汉族'])
    const tpl = await t.request('GET', '/api/v1/graduates/template.xlsx', { token: t.adminToken })
    expect(tpl.status).toBe(200)
    const head = await readXlsx(await tpl.arrayBuffer())
    expect(head[0]).toEqual(LABELS)
  })
})

describe('withdrawal (退学、休学、留级)', () => {
  it('hides a withdrawn graduate from lists, audits it, and restores', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '赵敏' })
    const w = await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, {
      token: t.adminToken,
      body: { reason: '休学' },
    })
    expect(w.status).toBe(200)
    expect(w.data).toMatchObject({ withdrawnReason: '休学' })
    expect((await t.json('GET', '/api/v1/graduates', { token: t.adminToken })).data.total).toBe(0)
    const withdrawn = await t.json('GET', '/api/v1/graduates?withdrawn=true', { token: t.adminToken })
    expect(withdrawn.data.items.map((i: any) => i.name)).toEqual(['赵敏'])
    expect(
      (await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: t.adminToken, body: { reason: '再次' } }))
        .status,
    ).toBe(409)
    expect(
      (await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: t.adminToken, body: { reason: '' } }))
        .status,
    ).toBe(400)
    const row = await t.db
      .selectFrom('graduates')
      .select(['withdrawn_at', 'withdrawn_reason'])
      .where('id', '=', g.id)
      .executeTakeFirstOrThrow()
    expect(row.withdrawn_at).not.toBeNull()
    const r = await t.json('POST', `/api/v1/graduates/${g.id}/restore`, {
      token: t.adminToken,
      body: { reason: '复学' },
    })
    expect(r.status).toBe(200)
    expect((await t.json('GET', '/api/v1/graduates', { token: t.adminToken })).data.total).toBe(1)
    const actions = (
      await t.db.selectFrom('audit_log').select('action').where('target', '=', `graduate:${g.id}`).execute()
    ).map((a) => a.action)
    expect(actions).toEqual(['roster.withdraw', 'roster.restore'])
  })

  it('lets a department withdraw only its own graduates', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { department: '数学学院' })
    const cs = await t.createStaff('cs', { department: '计算机学院' })
    expect(
      (await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: cs, body: { reason: '退学' } })).status,
    ).toBe(404)
    const ro = await t.createStaff('ro', { department: '数学学院', permissions: { info: 'ro' } })
    expect(
      (await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: ro, body: { reason: '退学' } })).status,
    ).toBe(403)
    const math = await t.createStaff('math', { department: '数学学院' })
    expect(
      (await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: math, body: { reason: '退学' } })).status,
    ).toBe(200)
  })
})

describe('search text (issue 12 §5: one LIKE helper)', () => {
  it('finds % and _ as themselves, never as wildcards', async () => {
    const t = await createTestApp()
    await insertGraduate(t, { name: 'Anna_Lee' })
    await insertGraduate(t, { name: 'AnnaXLee' })
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/graduates?q=${encodeURIComponent(q)}`, { token: t.adminToken })).data.items.map(
        (i: any) => i.name,
      )
    expect(await names('a_L')).toEqual(['Anna_Lee'])
    expect(await names('Anna%Lee')).toEqual([])
  })
})
