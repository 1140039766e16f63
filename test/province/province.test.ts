/**
 * A province on one deployment (contract §8), through HTTP: the province administrator, schools
 * and their admins, 生源上报 and its review, the 培养方式 lock and its requests, the statistics
 * (JSON and XLSX) and the agreement type.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, type TestApp } from '../helpers.js'
import { ConfigError, parseConfig } from '../../src/config.js'
import { agreementType } from '../../src/province/service.js'
import { csvText, readXlsx, row, table, upload, utf8 } from '../roster/fixtures.js'
import { addSchool, createProvinceApp, graduateOf } from './fixtures.js'

async function reportAndApprove(t: TestApp, schoolToken: string, cohort: number) {
  const r = await t.json('POST', '/api/v1/roster-reports', { token: schoolToken, body: { cohort } })
  expect(r.status).toBe(201)
  const d = await t.json('POST', `/api/v1/roster-reports/${r.data.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  expect(d.status).toBe(200)
  return r.data.id as number
}

describe('province mode: settings and the first start', () => {
  it('needs PROVINCE_CODE (2 digits) and PROVINCE_NAME, naming the setting', () => {
    const bad = (env: Record<string, string>) => {
      try {
        parseConfig(env)
      } catch (e) {
        return e instanceof ConfigError ? e.setting : 'other'
      }
      return 'none'
    }
    expect(bad({ DEPLOYMENT: 'province', PROVINCE_NAME: '广东省' })).toBe('PROVINCE_CODE')
    expect(bad({ DEPLOYMENT: 'province', PROVINCE_CODE: '4', PROVINCE_NAME: '广东省' })).toBe('PROVINCE_CODE')
    expect(bad({ DEPLOYMENT: 'province', PROVINCE_CODE: '44' })).toBe('PROVINCE_NAME')
    expect(bad({ DEPLOYMENT: 'county' })).toBe('DEPLOYMENT')
    expect(parseConfig({ DEPLOYMENT: 'province', PROVINCE_CODE: '44', PROVINCE_NAME: '广东省' })).toMatchObject({
      deployment: 'province',
      provinceCode: '44',
      provinceName: '广东省',
    })
    expect(parseConfig({}).deployment).toBe('school')
  })

  it('creates the province administrator instead of a school; the province creates schools', async () => {
    const t = await createProvinceApp()
    const me = await t.json('GET', '/api/v1/session', { token: t.adminToken })
    expect(me.data.user).toMatchObject({ username: 'province', role: 'province' })
    // No school was made on first start, and no `admin` exists.
    expect((await t.json('GET', '/api/v1/schools', { token: t.adminToken })).data.items).toEqual([])
    const noAdmin = await t.json('POST', '/api/v1/session', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    expect(noAdmin.status).toBe(401)

    const created = await t.json('POST', '/api/v1/schools', {
      token: t.adminToken,
      body: { code: '10558', name: '中山大学' },
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({ code: '10558', name: '中山大学', admin: { username: 'admin' } })
    const password = created.data.admin.password as string
    expect(password.length).toBeGreaterThanOrEqual(12)
    // Only a hash is kept.
    const stored = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').execute()
    expect(stored).toHaveLength(1)
    expect(stored[0].password_hash).not.toContain(password)

    expect(
      (await t.json('POST', '/api/v1/schools', { token: t.adminToken, body: { code: '10558', name: '重复' } })).status,
    ).toBe(409)
    const bad = await t.json('POST', '/api/v1/schools', { token: t.adminToken, body: { code: '1055', name: '某校' } })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('院校代码')

    // The school's admin signs in naming the school; without it the login is the province's.
    const schoolLogin = await t.json('POST', '/api/v1/session', {
      body: { username: 'admin', password, school: '10558' },
    })
    expect(schoolLogin.status).toBe(200)
    expect(schoolLogin.data.user.role).toBe('school')
    expect((await t.json('POST', '/api/v1/session', { body: { username: 'admin', password } })).status).toBe(401)

    const list = await t.json('GET', '/api/v1/schools', { token: t.adminToken })
    expect(list.data.items).toEqual([expect.objectContaining({ code: '10558', name: '中山大学', graduates: 0 })])
    // A school user can neither list nor create schools.
    const token = schoolLogin.data.token
    expect((await t.json('GET', '/api/v1/schools', { token })).status).toBe(403)
    expect((await t.json('POST', '/api/v1/schools', { token, body: { code: '10559', name: '某校' } })).status).toBe(403)
  })

  it('keeps the province out of the schools’ own routes (read-only through its own)', async () => {
    const t = await createProvinceApp()
    for (const [method, path] of [
      ['GET', '/api/v1/graduates'],
      ['GET', '/api/v1/registrations'],
      ['GET', '/api/v1/confirmations'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/transfer-numbers/generate'],
    ] as const) {
      const r = await t.json(method, path, { token: t.adminToken, body: method === 'POST' ? {} : undefined })
      expect(r.status, `${method} ${path}`).toBe(403)
    }
  })

  it('refuses schools and reports in a one-school deployment', async () => {
    const { createTestApp } = await import('../helpers.js')
    const t = await createTestApp()
    const r = await t.json('POST', '/api/v1/roster-reports', { token: t.adminToken, body: { cohort: 2026 } })
    expect(r.status).toBe(403)
  })
})

describe('生源上报', () => {
  it('reports a 届, is reviewed by the province, and marks each graduate 已上报', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    const b = await addSchool(t, '10002', '乙大学')
    const g1 = await graduateOf(t, a)
    const g2 = await graduateOf(t, a)
    const old = await graduateOf(t, a, { graduation_time: '202506' })
    await graduateOf(t, b)

    const sent = await t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })
    expect(sent.status).toBe(201)
    expect(sent.data).toEqual({ id: expect.any(Number), cohort: 2026, graduates: 2, status: 'submitted' })
    // One report of a 届 at a time.
    const again = await t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })
    expect(again.status).toBe(409)
    // Not yet 已上报 while the province has not approved.
    let roster = await t.json('GET', '/api/v1/graduates', { token: a.token })
    expect(roster.data.items.every((i: { reported: boolean }) => i.reported === false)).toBe(true)

    // The province sees every school's reports and filters them; school B sees none of A's.
    const all = await t.json('GET', '/api/v1/roster-reports?status=submitted', { token: t.adminToken })
    expect(all.data.items).toEqual([
      expect.objectContaining({ id: sent.data.id, school: '10001', schoolName: '甲大学', graduates: 2 }),
    ])
    expect((await t.json('GET', '/api/v1/roster-reports?school=10002', { token: t.adminToken })).data.total).toBe(0)
    expect((await t.json('GET', '/api/v1/roster-reports', { token: b.token })).data).toEqual({ items: [], total: 0 })
    // Only the province decides.
    const bySchool = await t.json('POST', `/api/v1/roster-reports/${sent.data.id}/decision`, {
      token: a.token,
      body: { decision: 'approve' },
    })
    expect(bySchool.status).toBe(403)

    // Returned needs a reason; then the graduates are free to be reported again.
    const noReason = await t.json('POST', `/api/v1/roster-reports/${sent.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return' },
    })
    expect(noReason.status).toBe(400)
    expect(noReason.data.error.message).toContain('原因')
    const returned = await t.json('POST', `/api/v1/roster-reports/${sent.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '专业代码有误' },
    })
    expect(returned.status).toBe(200)
    expect(returned.data).toMatchObject({ status: 'returned', reason: '专业代码有误' })
    const mine = await t.json('GET', '/api/v1/roster-reports', { token: a.token })
    expect(mine.data.items[0]).toMatchObject({ status: 'returned', reason: '专业代码有误' })

    const second = await t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })
    expect(second.status).toBe(201)
    expect(second.data.graduates).toBe(2)
    // Two racing decisions: one wins, the other is told it came too late.
    const [x, y] = await Promise.all(
      ['approve', 'return'].map((decision) =>
        t.json('POST', `/api/v1/roster-reports/${second.data.id}/decision`, {
          token: t.adminToken,
          body: { decision, reason: '并发' },
        }),
      ),
    )
    expect([x.status, y.status].sort()).toEqual([200, 409])
    const winner = x.status === 200 ? x.data.status : y.data.status
    const events = await t.db
      .selectFrom('province_events')
      .select(['to_status'])
      .where('subject', '=', 'roster_report')
      .where('subject_id', '=', second.data.id)
      .execute()
    expect(events.map((e) => e.to_status)).toEqual(['submitted', winner])
    if (winner === 'returned') await reportAndApprove(t, a.token, 2026)

    roster = await t.json('GET', '/api/v1/graduates', { token: a.token })
    const byId = new Map(roster.data.items.map((i: { id: number; reported: boolean }) => [i.id, i.reported]))
    expect(byId.get(g1.id)).toBe(true)
    expect(byId.get(g2.id)).toBe(true)
    expect(byId.get(old.id)).toBe(false)
    const reported = await t.json('GET', '/api/v1/graduates?reported=true', { token: a.token })
    expect(reported.data.items.map((i: { id: number }) => i.id).sort()).toEqual([g1.id, g2.id].sort())
    const unreported = await t.json('GET', '/api/v1/graduates?reported=false', { token: a.token })
    expect(unreported.data.items.map((i: { id: number }) => i.id)).toEqual([old.id])
    // Everyone of 2026 is in: nothing left to report.
    expect((await t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })).status).toBe(
      409,
    )
  })

  it('waits until every self-check correction of the 届 is reviewed', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    const g = await graduateOf(t, a)
    await t.db
      .insertInto('roster_corrections')
      .values({ graduate_id: g.id, status: 'submitted', changes: '{}', created_at: t.clock.now.toISOString() })
      .execute()
    const r = await t.json('POST', '/api/v1/roster-reports', { token: a.token, body: { cohort: 2026 } })
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('未审核')
  })
})

describe('培养方式 after reporting', () => {
  it('fails an import row that changes it, and changes it by a request the province approves', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    const r1 = row()
    const r2 = row()
    const first = await upload(t, a.token, utf8(csvText(table([r1, r2]))), 'roster.csv')
    expect(first.data).toMatchObject({ created: 2, failed: 0 })
    await reportAndApprove(t, a.token, 2026)

    // The same rows with r1's 培养方式 changed to 委培: r1 fails naming 培养方式, r2 is kept.
    const changed = { ...r1, trainingMode: '4', targetedUnit: '某某公司', phone: '13900139000' }
    const second = await upload(t, a.token, utf8(csvText(table([changed, { ...r2, phone: '13700137000' }]))), 'r.csv')
    expect(second.data).toMatchObject({ updated: 1, failed: 1 })
    expect(second.data.failures[0].row).toBe(2)
    expect(second.data.failures[0].reason).toContain('培养方式')
    const stored = await t.db
      .selectFrom('graduates')
      .select(['id', 'training_mode_code', 'phone'])
      .where('id_card', '=', r1.idCard)
      .executeTakeFirstOrThrow()
    expect(stored.training_mode_code).toBe('1')
    expect(stored.phone).toBe('13800138000')

    // The request: validated, one open at a time, decided by the province only.
    const path = `/api/v1/graduates/${stored.id}/training-mode-requests`
    const noUnit = await t.json('POST', path, {
      token: a.token,
      body: { trainingModeCode: '4', reason: '签订委培协议' },
    })
    expect(noUnit.status).toBe(400)
    expect(noUnit.data.error.message).toContain('定向委培单位')
    const req = await t.json('POST', path, {
      token: a.token,
      body: { trainingModeCode: '4', unit: '某某公司', reason: '签订委培协议' },
    })
    expect(req.status).toBe(201)
    expect(req.data).toMatchObject({ status: 'submitted', oldTrainingModeCode: '1', trainingModeCode: '4' })
    expect(
      (await t.json('POST', path, { token: a.token, body: { trainingModeCode: '4', unit: 'x', reason: 'y' } })).status,
    ).toBe(409)
    const decision = `/api/v1/training-mode-requests/${req.data.id}/decision`
    expect((await t.json('POST', decision, { token: a.token, body: { decision: 'approve' } })).status).toBe(403)
    const listed = await t.json('GET', '/api/v1/training-mode-requests?status=submitted', { token: t.adminToken })
    expect(listed.data.items.map((i: { id: number }) => i.id)).toEqual([req.data.id])
    const ok = await t.json('POST', decision, { token: t.adminToken, body: { decision: 'approve' } })
    expect(ok.status).toBe(200)
    expect(ok.data.status).toBe('approved')
    expect(
      (await t.json('POST', decision, { token: t.adminToken, body: { decision: 'reject', reason: 'x' } })).status,
    ).toBe(409)
    const after = await t.db
      .selectFrom('graduates')
      .select(['training_mode_code', 'targeted_unit'])
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow()
    expect(after).toEqual({ training_mode_code: '4', targeted_unit: '某某公司' })
    // Now the import carrying the approved values passes.
    const third = await upload(t, a.token, utf8(csvText(table([changed]))), 'r.csv')
    expect(third.data).toMatchObject({ updated: 1, failed: 0 })

    // A rejection needs a reason and changes nothing.
    const req2 = await t.json('POST', path, {
      token: a.token,
      body: { trainingModeCode: '1', unit: null, reason: '改回非定向' },
    })
    const d2 = `/api/v1/training-mode-requests/${req2.data.id}/decision`
    expect((await t.json('POST', d2, { token: t.adminToken, body: { decision: 'reject' } })).status).toBe(400)
    expect(
      (await t.json('POST', d2, { token: t.adminToken, body: { decision: 'reject', reason: '无依据' } })).data,
    ).toMatchObject({
      status: 'rejected',
      decisionReason: '无依据',
    })
    const still = await t.db
      .selectFrom('graduates')
      .select('training_mode_code')
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow()
    expect(still.training_mode_code).toBe('4')
  })

  it('sends an unreported graduate back to the roster instead of a request', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    const g = await graduateOf(t, a)
    const r = await t.json('POST', `/api/v1/graduates/${g.id}/training-mode-requests`, {
      token: a.token,
      body: { trainingModeCode: '4', unit: '某公司', reason: '委培' },
    })
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('尚未上报')
  })
})

describe('province statistics and settings', () => {
  it('counts every school’s graduates, registrations, 去向落实率, confirmations and numbers', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    const b = await addSchool(t, '10002', '乙大学')
    await addSchool(t, '10003', '丙学院')
    const at = t.clock.now.toISOString()
    const register = async (graduateId: number, type: string, version = 1) =>
      t.db
        .insertInto('registrations')
        .values({
          graduate_id: graduateId,
          status: 'approved',
          source: '登记系统',
          version,
          destination: JSON.stringify({ type }),
          created_at: at,
          updated_at: at,
        })
        .execute()
    const a1 = await graduateOf(t, a)
    const a2 = await graduateOf(t, a)
    const a3 = await graduateOf(t, a)
    await graduateOf(t, a, { graduation_time: '202506' })
    await graduateOf(t, a, { withdrawn_at: at, withdrawn_reason: '退学' })
    const b1 = await graduateOf(t, b)
    await register(a1.id, '签劳动合同就业')
    await register(a2.id, '求职中')
    await register(b1.id, '境内升学')
    await t.db
      .insertInto('confirmations')
      .values([
        { graduate_id: a1.id, registration_version: 1, result: '确认无误', at },
        { graduate_id: b1.id, registration_version: 0, result: '确认有误', at },
      ])
      .execute()
    await t.db
      .insertInto('transfer_numbers')
      .values({ number: '26100012345678ABC', graduate_id: a1.id, registration_version: 1, generated_at: at })
      .execute()

    const r = await t.json('GET', '/api/v1/province/stats?cohort=2026', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data.cohort).toBe(2026)
    expect(r.data.items).toEqual([
      {
        school: '10001',
        schoolName: '甲大学',
        graduates: 3,
        registered: 2,
        implementationRate: 33.3,
        confirmation: { 未上报: 1, 未确认: 1, 确认有误: 0, 确认无误: 1 },
        numbers: 1,
      },
      {
        school: '10002',
        schoolName: '乙大学',
        graduates: 1,
        registered: 1,
        implementationRate: 100,
        // The confirmation was of an older version: 未确认.
        confirmation: { 未上报: 0, 未确认: 1, 确认有误: 0, 确认无误: 0 },
        numbers: 0,
      },
      {
        school: '10003',
        schoolName: '丙学院',
        graduates: 0,
        registered: 0,
        implementationRate: 0,
        confirmation: { 未上报: 0, 未确认: 0, 确认有误: 0, 确认无误: 0 },
        numbers: 0,
      },
    ])
    expect(a3.id).toBeGreaterThan(0)
    const y2025 = await t.json('GET', '/api/v1/province/stats?cohort=2025', { token: t.adminToken })
    expect(y2025.data.items[0].graduates).toBe(1)
    expect((await t.json('GET', '/api/v1/province/stats?cohort=abc', { token: t.adminToken })).status).toBe(400)
    expect((await t.json('GET', '/api/v1/province/stats', { token: a.token })).status).toBe(403)

    const x = await t.request('GET', '/api/v1/province/stats.xlsx?cohort=2026', { token: t.adminToken })
    expect(x.status).toBe(200)
    const rows = await readXlsx(new Uint8Array(await x.arrayBuffer()))
    expect(rows[1]).toEqual(expect.arrayContaining(['院校代码', '学校名称', '去向落实率（%）']))
    expect(rows[2].slice(0, 5).map(String)).toEqual(['10001', '甲大学', '3', '2', '33.3'])
  })

  it('stores the agreement type the agreements print', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10001', '甲大学')
    expect(await agreementType(t.deps)).toBe('三方协议')
    const bad = await t.json('PUT', '/api/v1/province/settings', {
      token: t.adminToken,
      body: { agreementType: '四方协议' },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('电子就业协议书类型')
    const put = await t.json('PUT', '/api/v1/province/settings', {
      token: t.adminToken,
      body: { agreementType: '两方协议' },
    })
    expect(put.data).toEqual({ agreementType: '两方协议' })
    expect((await t.json('GET', '/api/v1/province/settings', { token: t.adminToken })).data).toEqual({
      agreementType: '两方协议',
    })
    expect(await agreementType(t.deps)).toBe('两方协议')
    expect(
      (await t.json('PUT', '/api/v1/province/settings', { token: a.token, body: { agreementType: '三方协议' } }))
        .status,
    ).toBe(403)
  })
})
