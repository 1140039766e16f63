/**
 * Isolation between schools, proven by walking every route of the OpenAPI document (contract
 * §8: "A school's users see nothing of another school: another school's ids answer 404"). As
 * school A's administrator — every permission `rw` — each route is called with school B's ids
 * in its path and a body naming B's graduate; no answer may succeed on B's ids, no answer may
 * carry anything of B, and B's data must be exactly as before. The public lookup answers for
 * every school of the deployment. The walk itself is ./walk.ts, which the Workers suite takes too
 * (test/worker/province.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers.js'
import { seedGraduate } from '../lookup/fixtures.js'
import { csvText, row, table, upload, utf8 } from '../roster/fixtures.js'
import { addSchool, createProvinceApp } from './fixtures.js'
import { walkAsOtherSchool } from './walk.js'

/** Everything of school B, as it stands: compared before and after the walk. */
async function snapshotOf(t: TestApp, schoolId: number) {
  const graduates = await t.db.selectFrom('graduates').selectAll().where('school_id', '=', schoolId).execute()
  const ids = graduates.map((g) => g.id)
  const of = async (table: 'registrations' | 'transfer_numbers' | 'verification_grants' | 'roster_corrections') =>
    t.db.selectFrom(table).selectAll().where('graduate_id', 'in', ids).execute()
  return JSON.stringify({
    graduates,
    users: await t.db.selectFrom('users').selectAll().where('school_id', '=', schoolId).execute(),
    registrations: await of('registrations'),
    numbers: await of('transfer_numbers'),
    grants: await of('verification_grants'),
    corrections: await of('roster_corrections'),
    reports: await t.db.selectFrom('roster_reports').selectAll().where('school_id', '=', schoolId).execute(),
    requests: await t.db.selectFrom('training_mode_requests').selectAll().where('school_id', '=', schoolId).execute(),
    departments: await t.db.selectFrom('departments').selectAll().where('school_id', '=', schoolId).execute(),
  })
}

describe('isolation between the schools of a province', () => {
  it('answers 404 or an empty list on every route for another school’s ids, and changes nothing of it', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10002', '甲大学')
    const b = await addSchool(t, '10001', '乙大学')
    const asB = { ...t, schoolId: b.id }

    // School B: a graduate with an approved registration, a 转递编号 and a 核验编号, reported to the
    // province with a 培养方式 request open, a self-check correction, an import and a staff user.
    const gB = await seedGraduate(asB, { graduate: { name: '乙校毕业生' } })
    const report = await t.json('POST', '/api/v1/roster-reports', { token: b.token, body: { cohort: 2026 } })
    await t.json('POST', `/api/v1/roster-reports/${report.data.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve' },
    })
    const request = await t.json('POST', `/api/v1/graduates/${gB.id}/training-mode-requests`, {
      token: b.token,
      body: { trainingModeCode: '4', unit: '乙方单位', reason: '委培' },
    })
    expect(request.status).toBe(201)
    const correction = await t.db
      .insertInto('roster_corrections')
      .values({ graduate_id: gB.id, status: 'submitted', changes: '{}', created_at: t.clock.now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const imported = row({ name: '乙校导入生' })
    const imp = await upload(t, b.token, utf8(csvText(table([imported]))), 'b.csv')
    expect(imp.data.created).toBe(1)
    const staff = await t.json('POST', '/api/v1/users', {
      token: b.token,
      body: {
        username: 'b-staff',
        password: 'b-staff-password',
        role: 'school',
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expect(staff.status).toBe(201)
    // School A has its own graduate, so its lists are not empty by accident.
    await seedGraduate({ ...t, schoolId: a.id }, { graduate: { name: '甲校毕业生' } })

    const markers = [
      gB.name,
      gB.studentNo,
      gB.idCard,
      gB.transferNumber,
      gB.grantNumber,
      imported.name,
      'b-staff',
      '乙方单位',
    ]
    const before = await snapshotOf(t, b.id)
    const doc = await t.json('GET', '/api/v1/openapi.json')
    await walkAsOtherSchool(
      doc.data.paths,
      async (method, path, body) => {
        const res = await t.request(method, path, { token: a.token, body })
        return { status: res.status, text: await res.text() }
      },
      {
        graduate: gB,
        registrationId: gB.registrationId,
        correctionId: correction.id,
        ids: {
          graduates: String(gB.id),
          registrations: String(gB.registrationId),
          'roster-corrections': String(correction.id),
          'roster-reports': String(report.data.id),
          'training-mode-requests': String(request.data.id),
          import: imp.data.importId,
          users: 'b-staff',
          'verification-grants': gB.grantNumber,
          'transfer-numbers': gB.transferNumber,
        },
        markers,
      },
    )
    expect(await snapshotOf(t, b.id)).toBe(before)

    // The lists A may read hold only A's.
    const list = await t.json('GET', '/api/v1/graduates', { token: a.token })
    expect(list.data.items.map((i: { name: string }) => i.name)).toEqual(['甲校毕业生'])
    // (The walk's own POST /roster-reports reported A's 届: A's report, never B's.)
    const reports = await t.json('GET', '/api/v1/roster-reports', { token: a.token })
    expect(reports.data.items.map((r: { school: string }) => r.school)).toEqual(['10002'])
    expect((await t.json('GET', '/api/v1/training-mode-requests', { token: a.token })).data).toEqual({
      items: [],
      total: 0,
    })
  })

  it('serves every school’s numbers on the public lookup', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10002', '甲大学')
    const b = await addSchool(t, '10001', '乙大学')
    const gA = await seedGraduate({ ...t, schoolId: a.id }, { graduate: { name: '甲校毕业生' } })
    const gB = await seedGraduate({ ...t, schoolId: b.id }, { graduate: { name: '乙校毕业生' } })
    for (const [g, school] of [
      [gA, '甲大学'],
      [gB, '乙大学'],
    ] as const) {
      for (const number of [g.transferNumber, g.grantNumber]) {
        const r = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: g.name, number } })
        expect(r.status).toBe(200)
        expect(r.data.graduate).toMatchObject({ name: g.name, school })
      }
    }
    // A's graduate's name with B's number: the same 404 as any mismatch.
    const cross = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: gA.name, number: gB.transferNumber },
    })
    expect(cross.status).toBe(404)
  })
})
