import { describe, expect, it } from 'vitest'
import { CompiledQuery } from 'kysely'
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import { parseNumber } from '../../src/domain/numbers.js'
import { drawNumbers } from '../../src/transfer/generate.js'
import { bumpVersion, currentNumber, register } from './fixtures.js'

async function school(t: TestApp) {
  const a = await insertGraduate(t, { name: '张三', department: '计算机学院' })
  const b = await insertGraduate(t, { name: '李四', department: '计算机学院' })
  const c = await insertGraduate(t, { name: '王五', department: '外国语学院', graduation_time: '202512' })
  const pending = await insertGraduate(t, { name: '赵六', department: '外国语学院' })
  const none = await insertGraduate(t, { name: '钱七', department: '计算机学院' })
  await register(t, a.id)
  await register(t, b.id)
  await register(t, c.id, { version: 3 })
  await register(t, pending.id, { status: 'submitted' })
  return { a, b, c, pending, none }
}

const generate = (t: TestApp, body: object = {}, token = t.adminToken) =>
  t.json('POST', '/api/v1/transfer-numbers/generate', { token, body })

describe('POST /api/v1/transfer-numbers/generate', () => {
  it('generates for the eligible, then leaves them unchanged, and counts the ineligible', async () => {
    const t = await createTestApp()
    const g = await school(t)
    const first = await generate(t)
    expect(first.status).toBe(200)
    expect(first.data).toEqual({ generated: 3, regenerated: 0, unchanged: 0, ineligible: 2 })

    const n = await currentNumber(t, g.a.id)
    const parsed = parseNumber(n!)
    expect(parsed).toMatchObject({ ok: true, type: 'transfer', year: '26', schoolCode: '10001' })
    expect(parseNumber((await currentNumber(t, g.c.id))!)).toMatchObject({ ok: true, year: '25' })
    expect(await currentNumber(t, g.pending.id)).toBeNull()
    expect(await currentNumber(t, g.none.id)).toBeNull()
    const rows = await t.db.selectFrom('transfer_numbers').selectAll().execute()
    expect(rows).toHaveLength(3)
    expect(rows.find((r) => r.graduate_id === g.c.id)?.registration_version).toBe(3)

    const again = await generate(t)
    expect(again.data).toEqual({ generated: 0, regenerated: 0, unchanged: 3, ineligible: 2 })
    expect(await currentNumber(t, g.a.id)).toBe(n)
  })

  it('regenerates for a changed registration and supersedes the old number', async () => {
    const t = await createTestApp()
    const g = await school(t)
    await generate(t)
    const old = await currentNumber(t, g.a.id)
    const keep = await currentNumber(t, g.b.id)
    await bumpVersion(t, g.a.id)

    const list = await t.json('GET', '/api/v1/transfer-numbers?stale=true', { token: t.adminToken })
    expect(list.data.items.map((i: { graduateId: number }) => i.graduateId)).toEqual([g.a.id])

    const r = await generate(t)
    expect(r.data).toEqual({ generated: 0, regenerated: 1, unchanged: 2, ineligible: 2 })
    const fresh = await currentNumber(t, g.a.id)
    expect(fresh).not.toBe(old)
    expect(await currentNumber(t, g.b.id)).toBe(keep)
    const oldRow = await t.db
      .selectFrom('transfer_numbers')
      .selectAll()
      .where('number', '=', old!)
      .executeTakeFirstOrThrow()
    expect(oldRow.superseded_at).toBe(t.clock.now.toISOString())
    const newRow = await t.db
      .selectFrom('transfer_numbers')
      .selectAll()
      .where('number', '=', fresh!)
      .executeTakeFirstOrThrow()
    expect(newRow.registration_version).toBe(2)

    // The old number answers `superseded` to the public lookup; the new one answers.
    const oldLookup = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: '张三', number: old } })
    expect(oldLookup.status).toBe(410)
    expect(oldLookup.data.error.code).toBe('superseded')
    const newLookup = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: '张三', number: fresh } })
    expect(newLookup.status).toBe(200)
  })

  it('limits itself to the department or the graduates asked for', async () => {
    const t = await createTestApp()
    const g = await school(t)
    expect((await generate(t, { department: '外国语学院' })).data).toEqual({
      generated: 1,
      regenerated: 0,
      unchanged: 0,
      ineligible: 1,
    })
    expect(await currentNumber(t, g.a.id)).toBeNull()
    expect((await generate(t, { graduateIds: [g.a.id, g.c.id, g.none.id] })).data).toEqual({
      generated: 1,
      regenerated: 0,
      unchanged: 1,
      ineligible: 1,
    })
    expect(await currentNumber(t, g.a.id)).not.toBeNull()
    expect(await currentNumber(t, g.b.id)).toBeNull()
  })

  it('is in the audit log with who and how many', async () => {
    const t = await createTestApp()
    await school(t)
    await generate(t)
    const entry = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'transfer.generate')
      .executeTakeFirstOrThrow()
    expect(entry.actor).toBe('admin')
    expect(entry.actor_user_id).not.toBeNull()
    expect(JSON.parse(entry.detail!)).toEqual({ generated: 3, regenerated: 0, unchanged: 0, ineligible: 2 })
  })

  it('writes nothing when any statement of the batch fails', async () => {
    const t = await createTestApp()
    const g = await school(t)
    await generate(t)
    const before = await t.db.selectFrom('transfer_numbers').selectAll().orderBy('number').execute()
    await bumpVersion(t, g.a.id)
    await t.db
      .insertInto('registrations')
      .values({
        graduate_id: g.none.id,
        status: 'approved',
        source: '登记系统',
        version: 1,
        destination: null,
        archive: null,
        hukou: null,
        submitted_at: null,
        approved_at: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute()
    const realBatch = t.deps.batch
    let seen = 0
    // The real batch with one more statement that fails when it runs (NOT NULL), after ours.
    t.deps.batch = (qs) => {
      seen = qs.length
      return realBatch([
        ...qs,
        CompiledQuery.raw(
          "INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at) VALUES ('X', NULL, 1, 'x')",
        ),
      ])
    }
    const r = await generate(t)
    expect(r.status).toBe(500)
    expect(seen).toBeGreaterThanOrEqual(3) // supersede, insert, audit
    t.deps.batch = realBatch
    expect(await t.db.selectFrom('transfer_numbers').selectAll().orderBy('number').execute()).toEqual(before)
    expect(
      await t.db.selectFrom('audit_log').select('id').where('action', '=', 'transfer.generate').execute(),
    ).toHaveLength(1)
    // And it works once the failure is gone.
    expect((await generate(t)).data).toEqual({ generated: 1, regenerated: 1, unchanged: 2, ineligible: 1 })
  })

  it('draws again when a number is already taken or drawn twice', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    const taken = '26100012345678ABC'
    await t.db
      .insertInto('transfer_numbers')
      .values({
        number: taken,
        graduate_id: g.id,
        registration_version: 1,
        generated_at: 'x',
        generated_by: null,
        superseded_at: null,
      })
      .execute()
    const queue = [taken, 'DUP', 'DUP', 'FRESH1', 'FRESH2']
    const draws: string[] = []
    const draw = () => {
      const n = queue.shift()!
      draws.push(n)
      return n
    }
    const out = await drawNumbers(
      t.db,
      [{ graduationTime: '202606' }, { graduationTime: '202606' }, { graduationTime: '202606' }],
      '10001',
      draw,
    )
    expect(out).toHaveLength(3)
    expect(new Set(out).size).toBe(3)
    expect(out).not.toContain(taken)
    expect(draws).toHaveLength(5)
  })

  it('needs archive read-write; department users reach only their 院系', async () => {
    const t = await createTestApp()
    const g = await school(t)
    const reader = await t.createStaff('reader', { role: 'school', permissions: { archive: 'ro' } })
    expect((await generate(t, {}, reader)).status).toBe(403)
    expect((await t.json('GET', '/api/v1/transfer-numbers', { token: reader })).status).toBe(200)
    const blind = await t.createStaff('blind', { role: 'school', permissions: { archive: 'none' } })
    expect((await t.json('GET', '/api/v1/transfer-numbers', { token: blind })).status).toBe(403)

    const dept = await t.createStaff('cs', { role: 'department', department: '计算机学院' })
    expect((await generate(t, {}, dept)).data).toEqual({ generated: 2, regenerated: 0, unchanged: 0, ineligible: 1 })
    expect(await currentNumber(t, g.c.id)).toBeNull()
    // Asking for another department's graduate changes nothing and reveals nothing.
    expect((await generate(t, { graduateIds: [g.c.id] }, dept)).data).toEqual({
      generated: 0,
      regenerated: 0,
      unchanged: 0,
      ineligible: 0,
    })
    expect((await generate(t, { department: '外国语学院' }, dept)).data).toEqual({
      generated: 0,
      regenerated: 0,
      unchanged: 0,
      ineligible: 0,
    })
    const list = await t.json('GET', '/api/v1/transfer-numbers', { token: dept })
    expect(list.data.total).toBe(3)
    expect(list.data.items.every((i: { department: string }) => i.department === '计算机学院')).toBe(true)

    const student = await t.login(g.a.studentNo, g.a.firstPassword)
    expect((await generate(t, {}, student)).status).toBe(403)
  })

  it('refuses bad input with the field named', async () => {
    const t = await createTestApp()
    const r = await generate(t, { graduateIds: ['x'] })
    expect(r.status).toBe(400)
    expect(r.data.error.code).toBe('validation_error')
    expect(r.data.error.message).toContain('毕业生')
  })
})

describe('GET /api/v1/transfer-numbers', () => {
  it('lists with the national filters and pagination', async () => {
    const t = await createTestApp()
    const g = await school(t)
    await generate(t)
    const get = (qs: string) => t.json('GET', `/api/v1/transfer-numbers${qs}`, { token: t.adminToken })

    const all = await get('')
    expect(all.status).toBe(200)
    expect(all.data.total).toBe(5)
    const a = all.data.items.find((i: { graduateId: number }) => i.graduateId === g.a.id)
    expect(a).toMatchObject({
      studentNo: g.a.studentNo,
      name: '张三',
      department: '计算机学院',
      graduationTime: '202606',
      archiveTransferType: '托管单位接收',
      archiveUnitName: '北京市海淀区人力资源公共服务中心',
      transferNumber: await currentNumber(t, g.a.id),
      generatedAt: t.clock.now.toISOString(),
      stale: false,
    })
    const pending = all.data.items.find((i: { graduateId: number }) => i.graduateId === g.pending.id)
    expect(pending).toMatchObject({
      transferNumber: null,
      generatedAt: null,
      stale: false,
      archiveUnitName: null,
      eligible: false,
    })

    expect((await get('?generated=&stale=&department=&q=&origin=&updatedFrom=')).data.total).toBe(5)
    expect((await get('?generated=false')).data.total).toBe(2)
    expect((await get('?generated=true')).data.total).toBe(3)
    expect((await get('?department=外国语学院')).data.total).toBe(2)
    expect((await get('?graduationTime=202512')).data.items.map((i: { name: string }) => i.name)).toEqual(['王五'])
    expect((await get(`?q=${encodeURIComponent('李')}`)).data.items.map((i: { name: string }) => i.name)).toEqual([
      '李四',
    ])
    expect(
      (await get(`?q=${(await currentNumber(t, g.b.id))!.toLowerCase()}`)).data.items.map(
        (i: { name: string }) => i.name,
      ),
    ).toEqual(['李四'])
    expect((await get(`?studentNo=${g.c.studentNo}`)).data.total).toBe(1)
    expect((await get(`?archiveUnit=${encodeURIComponent('海淀区人力')}`)).data.total).toBe(3)
    expect((await get('?origin=11')).data.total).toBe(5)
    expect((await get('?origin=12')).data.total).toBe(0)
    expect((await get('?updatedFrom=2026-06-15&updatedTo=2026-06-15')).data.total).toBe(3)
    expect((await get('?updatedFrom=2026-06-16')).data.total).toBe(0)
    const page2 = await get('?pageSize=2&page=3')
    expect(page2.data.total).toBe(5)
    expect(page2.data.items).toHaveLength(1)
    const bad = await get('?graduationTime=2026')
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('毕业时间')
  })

  it('exports the list as a workbook', async () => {
    const t = await createTestApp()
    await school(t)
    await generate(t)
    const res = await t.request('GET', '/api/v1/transfer-numbers.xlsx?generated=true', { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const ws = wb.worksheets[0]
    expect(ws.getRow(1).getCell(11).value).toBe('转递编号')
    expect(ws.rowCount).toBe(4)
    const numbers = (await t.db.selectFrom('transfer_numbers').select('number').execute()).map((r) => r.number).sort()
    expect([2, 3, 4].map((i) => String(ws.getRow(i).getCell(11).value)).sort()).toEqual(numbers)
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'transfer.export')
        .executeTakeFirstOrThrow(),
    ).toMatchObject({ detail: expect.stringContaining('"count":3') })
  })
})
