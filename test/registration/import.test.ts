/** 就业管理系统上传 (POST /api/v1/registrations/import), the archive-unit directory import, and the race guard. */
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../helpers.js'
import { CREDIT, REG_HEADERS, approved, full, graduateWithToken, registrationRow, submitted } from './fixtures.js'
import { commitMove } from '../../src/registration/service.js'
import { registrationOfGraduate } from '../../src/registration/queries.js'

const HEADERS = REG_HEADERS

const csvFile = (rows: string[][], headers = HEADERS, name = 'registrations.csv') => {
  const text = [headers, ...rows]
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n')
  const fd = new FormData()
  fd.append('file', new File([`\uFEFF${text}`], name, { type: 'text/csv' }))
  return fd
}

/** A registration that keeps the hukou where it is (no migration place or address). */
const row = (idCard: string, over: Partial<Record<string, string>> = {}) =>
  registrationRow(idCard, { 户口迁移类型: '不迁移', 户口迁移所在地代码: '', 户口迁移地址: '', ...over } as Record<
    string,
    string
  >)

const upload = (t: TestApp, fd: FormData, token = t.adminToken) =>
  t.json('POST', '/api/v1/registrations/import', { token, body: fd })

describe('registration import (就业管理系统上传)', () => {
  it('imports valid rows approved at once, keeps failures with reasons, serves the failure table', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t)
    const c = await graduateWithToken(t)
    const d = await graduateWithToken(t)
    const withdrawn = await graduateWithToken(t, { withdrawn_at: '2026-05-01T00:00:00.000Z', withdrawn_reason: '休学' })
    const prior = await approved(t, b)
    const rows = [
      row(a.idCard),
      row(b.idCard, { 单位名称: '另一家公司' }),
      row(c.idCard, {
        统一社会信用代码: CREDIT.slice(0, 17) + (CREDIT[17] === '1' ? '2' : '1'),
        档案转递单位邮编: '1234',
      }),
      row('110108200001011234'),
      row(a.idCard.toLowerCase()),
      row(withdrawn.idCard),
      row(d.idCard, { 毕业去向: '境内升学', 升学院校: '', 单位名称: '' }),
      row(c.idCard),
    ]
    const r = await upload(t, csvFile(rows))
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 8, created: 1, updated: 1, failed: 6 })
    expect(r.data.failures.map((f: any) => f.row)).toEqual([4, 5, 6, 7, 8, 9])
    const reasons = Object.fromEntries(r.data.failures.map((f: any) => [f.row, f.reason]))
    expect(reasons[4]).toContain('统一社会信用代码：')
    expect(reasons[4]).toContain('档案转递单位邮编：应为 6 位数字')
    expect(reasons[5]).toContain('身份证号：生源名单中没有')
    expect(reasons[6]).toContain('重复')
    expect(reasons[7]).toContain('不在本届名单')
    expect(reasons[8]).toBe('升学院校：必须填写')
    // The first row of a 身份证号 counts even when it failed; a later one is a duplicate.
    expect(reasons[9]).toContain('重复')

    const regA = await t.json('GET', `/api/v1/graduates/${a.id}/registration`, { token: t.adminToken })
    expect(regA.data).toMatchObject({
      status: 'approved',
      source: '就业管理系统上传',
      version: 1,
      destination: { unitName: '北京示例科技有限公司', unitCreditCode: CREDIT },
      hukou: { migrationType: '不迁移' },
    })
    expect(regA.data.events.at(-1)).toMatchObject({ from: null, to: 'approved', by: 'admin' })
    // Overwriting an approved registration bumps its version.
    const regB = await t.json('GET', `/api/v1/graduates/${b.id}/registration`, { token: t.adminToken })
    expect(regB.data).toMatchObject({
      id: prior.id,
      version: 2,
      source: '就业管理系统上传',
      destination: { unitName: '另一家公司' },
    })

    // The same file again: nothing changes for the approved rows.
    const again = await upload(t, csvFile(rows.slice(0, 2)))
    expect(again.data).toMatchObject({ total: 2, created: 0, updated: 2, failed: 0 })
    expect((await t.json('GET', `/api/v1/graduates/${b.id}/registration`, { token: t.adminToken })).data.version).toBe(
      2,
    )

    const csv = await t.request('GET', `/api/v1/registrations/import/${r.data.importId}/failures.csv`, {
      token: t.adminToken,
    })
    expect(csv.status).toBe(200)
    const text = new TextDecoder().decode(await csv.arrayBuffer())
    expect(text.split(/\r?\n/)[0]).toContain('失败原因')
    expect(text).toContain('档案转递单位邮编：应为 6 位数字')
    const xlsx = await t.request('GET', `/api/v1/registrations/import/${r.data.importId}/failures.xlsx`, {
      token: t.adminToken,
    })
    expect(xlsx.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect(ws.rowCount).toBe(7)
    expect(String(ws.getRow(1).getCell(HEADERS.length + 1).value)).toBe('失败原因')
    // Another kind's failure route does not serve it.
    expect(
      (await t.request('GET', `/api/v1/graduates/import/${r.data.importId}/failures.csv`, { token: t.adminToken }))
        .status,
    ).toBe(404)
  })

  it('takes an .xlsx with names instead of codes, leaves empty archive columns alone, and overrides a registration in review', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('去向')
    ws.addRow(['身份证号', '毕业去向', '升学院校'])
    ws.addRow([g.idCard, '境内升学', '北京大学'])
    const fd = new FormData()
    fd.append('file', new File([(await wb.xlsx.writeBuffer()) as ArrayBuffer], '去向.xlsx'))
    const r = await upload(t, fd)
    expect(r.data).toMatchObject({ total: 1, created: 0, updated: 1, failed: 0 })
    const after = await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })
    expect(after.data).toMatchObject({
      status: 'approved',
      version: 1,
      destination: { type: '境内升学', school: '北京大学' },
      archive: full().archive,
    })
    expect(after.data.events.at(-1)).toMatchObject({ from: 'submitted', to: 'approved', reason: '就业管理系统上传' })
  })

  it('refuses missing columns, non-school users, and archive columns without archive rights', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const missing = await upload(t, csvFile([[g.idCard]], ['身份证号']))
    expect(missing.status).toBe(400)
    expect(missing.data.error.message).toContain('毕业去向')
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    expect((await upload(t, csvFile([row(g.idCard)]), dept)).status).toBe(403)
    const noArchive = await t.createStaff('noarc', { role: 'school', permissions: { archive: 'ro' } })
    const r = await upload(t, csvFile([row(g.idCard)]), noArchive)
    expect(r.data.failed).toBe(1)
    expect(r.data.failures[0].reason).toContain('档案信息的读写权限')
    const noTypeFile = new FormData()
    noTypeFile.append('file', new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'x.png'))
    expect((await upload(t, noTypeFile)).status).toBe(400)
  })
})

describe('archive receiving-unit directory import', () => {
  it('imports by division code, reports bad rows, pre-fills 转回生源地', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { origin_code: '110108' })
    const headers = ['所在地代码', '单位名称', '单位地址', '邮编', '联系人', '联系电话']
    const rows = [
      ['110108', '北京市海淀区人力资源公共服务中心', '北京市海淀区西四环北路73号', '100195', '王维', '15875693214'],
      ['110101', '北京市东城区人才服务中心', '北京市东城区某路1号', '100010', '李娟', '010-64012345'],
      ['110100', '北京市', '地址', '100000', '某', '13800138000'],
      ['110102', '西城区', '地址', '10003', '', '123'],
      ['110108', '重复', '地址', '100195', '某', '13800138000'],
    ]
    const r = await t.json('POST', '/api/v1/archive-units/import', {
      token: t.adminToken,
      body: csvFile(rows, headers, '名录.csv'),
    })
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 5, created: 2, updated: 0, failed: 3 })
    const reasons = r.data.failures.map((f: any) => f.reason)
    expect(reasons[0]).toContain('所在地代码：')
    expect(reasons[1]).toContain('联系人：必须填写')
    expect(reasons[1]).toContain('邮编：应为 6 位数字')
    expect(reasons[1]).toContain('联系电话：')
    expect(reasons[2]).toContain('重复')
    const list = await t.json('GET', '/api/v1/archive-units?division=11', { token: t.adminToken })
    expect(list.data.items.map((u: any) => u.divisionCode)).toEqual(['110101', '110108'])
    const again = await t.json('POST', '/api/v1/archive-units/import', {
      token: t.adminToken,
      body: csvFile([rows[0]], headers),
    })
    expect(again.data).toMatchObject({ created: 0, updated: 1 })
    const pre = await t.json('GET', '/api/v1/me/registration/archive-prefill', { token: g.token })
    expect(pre.data.unitName).toBe('北京市海淀区人力资源公共服务中心')
    const noArchive = await t.createStaff('noarc', { role: 'school', permissions: { archive: 'none' } })
    expect((await t.json('GET', '/api/v1/archive-units', { token: noArchive })).status).toBe(403)
    const fails = await t.request('GET', `/api/v1/archive-units/import/${r.data.importId}/failures.csv`, {
      token: t.adminToken,
    })
    expect(fails.status).toBe(200)
  })
})

describe('the race guard inside the batch', () => {
  it('a move from a stale snapshot writes nothing and answers conflict', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const stale = (await registrationOfGraduate(t.db, g.id))!
    await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    const eventsBefore = await t.db.selectFrom('registration_events').selectAll().execute()
    const auditsBefore = await t.db.selectFrom('audit_log').selectAll().execute()
    const admin = await t.db
      .selectFrom('users')
      .select(['id', 'username', 'school_id as schoolId'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow()
    await expect(
      commitMove(t.deps, { user: admin, graduateId: g.id, reg: stale, move: 'reject', to: 'rejected', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'conflict' })
    // Same status, stale version (school modify racing another modify).
    const fresh = (await registrationOfGraduate(t.db, g.id))!
    await commitMove(t.deps, {
      user: admin,
      graduateId: g.id,
      reg: fresh,
      move: 'modify',
      to: 'approved',
      content: { destination: { type: '求职中' }, archive: null, hukou: null },
    })
    await expect(
      commitMove(t.deps, {
        user: admin,
        graduateId: g.id,
        reg: fresh,
        move: 'modify',
        to: 'approved',
        content: { destination: { type: '签约中' }, archive: null, hukou: null },
      }),
    ).rejects.toMatchObject({ code: 'conflict' })
    const after = (await registrationOfGraduate(t.db, g.id))!
    expect(after).toMatchObject({ status: 'approved', version: 2 })
    expect(JSON.parse(after.destination!).type).toBe('求职中')
    expect(await t.db.selectFrom('registration_events').selectAll().execute()).toHaveLength(eventsBefore.length + 1)
    expect(await t.db.selectFrom('audit_log').selectAll().execute()).toHaveLength(auditsBefore.length + 1)
    // Creating twice from "no registration" also conflicts.
    const h = await graduateWithToken(t)
    await commitMove(t.deps, {
      user: admin,
      graduateId: h.id,
      reg: null,
      move: 'overwrite',
      to: 'approved',
      content: { destination: { type: '求职中' }, archive: null, hukou: null },
    })
    await expect(
      commitMove(t.deps, {
        user: admin,
        graduateId: h.id,
        reg: null,
        move: 'overwrite',
        to: 'approved',
        content: { destination: { type: '求职中' }, archive: null, hukou: null },
      }),
    ).rejects.toMatchObject({ code: 'conflict' })
  })
})
