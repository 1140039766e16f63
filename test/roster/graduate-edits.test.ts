/**
 * One graduate at a time and re-imports that keep work (issue 14 items 2 and 4; contract §6):
 * POST /graduates with the import's rules, PATCH any field (姓名 / 身份证号 need a reason, audited
 * with before and after), the account following, and a re-import keeping what an edit or an
 * approved correction set unless told to overwrite.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { csvText, row, table, upload, utf8 } from './fixtures.js'
import { makeIdCard } from '../../src/domain/id-card.js'

const body = (r: ReturnType<typeof row>) => r as Record<string, string>

describe('POST /api/v1/graduates', () => {
  it('adds one graduate by the import’s rules, each error at its field, and the account signs in', async () => {
    const t = await createTestApp()
    await insertGraduate(t, { department: '计算机学院' })
    const r = row()
    const badId = await t.json('POST', '/api/v1/graduates', {
      token: t.adminToken,
      body: { ...body(r), idCard: '123' },
    })
    expect(badId.status).toBe(400)
    expect(badId.data.error.message).toMatch(/^身份证号：/)
    const badDept = await t.json('POST', '/api/v1/graduates', {
      token: t.adminToken,
      body: { ...body(r), department: '计算机学员' },
    })
    expect(badDept.status).toBe(400)
    expect(badDept.data.error.message).toMatch(/^院系：/)
    expect(badDept.data.error.message).toContain('计算机学院')
    expect(await t.db.selectFrom('graduates').select('id').where('id_card', '=', r.idCard).execute()).toEqual([])

    const ok = await t.json('POST', '/api/v1/graduates', { token: t.adminToken, body: body(r) })
    expect(ok.status, JSON.stringify(ok.data)).toBe(201)
    expect(ok.data).toMatchObject({ studentNo: r.studentNo, name: r.name, department: '计算机学院' })
    expect(ok.data.idCard).not.toBe(r.idCard)
    const login = await t.json('POST', '/api/v1/session', {
      body: { username: r.studentNo, password: r.idCard.slice(-6) },
    })
    expect(login.status).toBe(200)
    expect((await t.json('POST', '/api/v1/graduates', { token: t.adminToken, body: body(r) })).status).toBe(409)
    expect(
      (
        await t.json('POST', '/api/v1/graduates', {
          token: t.adminToken,
          body: { ...body(row()), studentNo: r.studentNo },
        })
      ).status,
    ).toBe(409)

    // a 院系 user adds only to its own 院系
    await insertGraduate(t, { department: '数学学院' })
    const dept = await t.createStaff('cs-add', { department: '计算机学院' })
    const other = await t.json('POST', '/api/v1/graduates', {
      token: dept,
      body: { ...body(row()), department: '数学学院' },
    })
    expect(other.status).toBe(400)
    expect(other.data.error.message).toContain('本院系')
  })
})

describe('PATCH /api/v1/graduates/{id}', () => {
  it('edits any field; 姓名 / 身份证号 need a reason and are audited masked; the first password follows', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    const patch = (b: Record<string, unknown>, token = t.adminToken) =>
      t.json('PATCH', `/api/v1/graduates/${g.id}`, { token, body: b })

    expect((await patch({ phone: '139' })).status).toBe(400)
    const phone = await patch({ phone: '13912345678' })
    expect(phone.status).toBe(200)
    expect(phone.data.phone).toBe('13912345678')

    const noReason = await patch({ name: '新名字' })
    expect(noReason.status).toBe(400)
    expect(noReason.data.error.message).toContain('原因')
    const newId = makeIdCard('110108', '20030115', 777, Number(g.idCard[16]) % 2 ? '1' : '2')
    const renamed = await patch({ name: '新名字', idCard: newId, reason: '公安户籍更正' })
    expect(renamed.status, JSON.stringify(renamed.data)).toBe(200)
    expect(renamed.data.name).toBe('新名字')
    const entry = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'roster.edit')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const detail = JSON.parse(entry.detail!)
    expect(detail.reason).toBe('公安户籍更正')
    expect(detail.changes).toContainEqual({ field: '姓名', before: g.name, after: '新名字' })
    const idChange = detail.changes.find((c: { field: string }) => c.field === '身份证号')
    expect(idChange.after).toMatch(/^110108\*+\d{3}[\dX]$/)
    expect(entry.detail).not.toContain(newId)
    // the first password is now the new number's last six
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: newId.slice(-6) } })).status,
    ).toBe(200)

    // a department user of another 院系 cannot see it
    await insertGraduate(t, { department: '数学学院' })
    const math = await t.createStaff('math-edit', { department: '数学学院' })
    expect((await patch({ phone: '13700000000' }, math)).status).toBe(404)

    // two racing edits: one 200, one 409
    const [a, b] = await Promise.all([patch({ qq: '12345678' }), patch({ qq: '87654321' })])
    expect([a.status, b.status].sort()).toEqual([200, 409])
  })

  it('keeps a graduate’s own password when the 身份证号 changes after the first login', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    await studentToken(t, g) // changes the first password to new-password-1
    const newId = makeIdCard('110108', '20030216', 555, Number(g.idCard[16]) % 2 ? '1' : '2')
    const r = await t.json('PATCH', `/api/v1/graduates/${g.id}`, {
      token: t.adminToken,
      body: { idCard: newId, reason: '录入错误' },
    })
    expect(r.status).toBe(200)
    expect(
      (await t.json('POST', '/api/v1/session', { body: { username: g.studentNo, password: 'new-password-1' } })).status,
    ).toBe(200)
  })
})

describe('re-imports keep corrected fields', () => {
  it('keeps a staff edit and lists it (also on a dry run), unless overwrite=true', async () => {
    const t = await createTestApp()
    const r = row()
    const file = () => utf8(csvText(table([r])))
    expect((await upload(t, t.adminToken, file(), 'a.csv')).data.created).toBe(1)
    const g = await t.db.selectFrom('graduates').selectAll().where('id_card', '=', r.idCard).executeTakeFirstOrThrow()
    await t.json('PATCH', `/api/v1/graduates/${g.id}`, { token: t.adminToken, body: { phone: '13955556666' } })

    const dry = await upload(t, t.adminToken, file(), 'a.csv', { dryRun: 'true' })
    expect(dry.data.kept).toEqual([{ row: 2, field: '手机号码' }])
    const again = await upload(t, t.adminToken, file(), 'a.csv')
    expect(again.data).toMatchObject({ updated: 1, kept: [{ row: 2, field: '手机号码' }] })
    const kept = await t.db.selectFrom('graduates').select('phone').where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(kept.phone).toBe('13955556666')

    const over = await upload(t, t.adminToken, file(), 'a.csv', { overwrite: 'true' })
    expect(over.data.kept).toEqual([])
    const now = await t.db.selectFrom('graduates').select('phone').where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(now.phone).toBe(r.phone)
  })

  it('keeps what the graduate’s approved self-check set', async () => {
    const t = await createTestApp()
    const r = row()
    const file = () => utf8(csvText(table([r])))
    await upload(t, t.adminToken, file(), 'a.csv')
    const g = await t.db.selectFrom('graduates').selectAll().where('id_card', '=', r.idCard).executeTakeFirstOrThrow()
    const token = await studentToken(t, { studentNo: r.studentNo, firstPassword: r.idCard.slice(-6) })
    const sent = await t.json('POST', '/api/v1/me/roster/corrections', {
      token,
      body: { originCode: r.origin, phone: r.phone, email: 'me@example.com', homeAddress: '长沙市岳麓区' },
    })
    expect(sent.status, JSON.stringify(sent.data)).toBe(201)
    const c = await t.json('GET', '/api/v1/roster-corrections', { token: t.adminToken })
    const id = c.data.items[0].id
    expect(
      (
        await t.json('POST', `/api/v1/roster-corrections/${id}/decision`, {
          token: t.adminToken,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(200)
    const again = await upload(t, t.adminToken, file(), 'a.csv')
    expect(again.data.kept.map((k: { field: string }) => k.field).sort()).toEqual(['家庭住址', '电子邮箱'].sort())
    const after = await t.db.selectFrom('graduates').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ email: 'me@example.com', home_address: '长沙市岳麓区' })
  })
})
