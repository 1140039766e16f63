/**
 * A province on Workers (contract §8; issue 18) in the real workerd: `npm run dev:worker` with
 * DEPLOYMENT=province (the second server of global-setup.ts; the suite's other files use the
 * one-school deployment), driven over loopback HTTP only — schools and their admins, 生源上报 and its review, the 培养方式
 * lock and its requests (racing decisions on D1), the statistics as JSON and XLSX, the agreement
 * type on the agreement PDF, and isolation between schools walked over every route of the
 * OpenAPI document (the walk of test/province/walk.ts, which the Node suite takes too).
 *
 * Every test makes its own schools (院校代码 counted up from 10100), so tests do not see each
 * other's data and do not depend on each other's order.
 */
import { beforeAll, describe, expect, it, inject } from 'vitest'
import type { RosterKey } from '../../src/domain/roster-rules.js'
import { pdfText } from '../pdf-helpers.js'
import { walkAsOtherSchool } from '../province/walk.js'
import { ADMIN_PASSWORD, binary, clientIp, fileForm, json, login, request, unique, useWorker } from './helpers.js'
import {
  CSV_TYPE,
  csv,
  importRegistrations,
  importRoster,
  readXlsx,
  registrationRow,
  rosterRow,
  rosterTable,
  utf8Bom,
} from './fixtures.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'

/** The province administrator `province` (created on first start with ADMIN_PASSWORD). */
let province: string

beforeAll(async () => {
  useWorker(inject('provinceWorkerUrl'))
  province = await login('province', ADMIN_PASSWORD)
})

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3])

/** A session of a school user or graduate, naming the school (contract §4.1, §8). */
async function schoolLogin(username: string, password: string, school: string) {
  const r = await json('POST', '/api/v1/session', { body: { username, password, school }, ip: clientIp() })
  expect(r.status, `${username}@${school}: ${JSON.stringify(r.data)}`).toBe(200)
  return r.data.token as string
}

interface School {
  code: string
  name: string
  password: string
  token: string
}

let nextCode = 10100
async function newSchool(name: string): Promise<School> {
  const code = String(nextCode++)
  const r = await json('POST', '/api/v1/schools', { token: province, body: { code, name } })
  expect(r.status, JSON.stringify(r.data)).toBe(201)
  const password = r.data.admin.password as string
  return { code, name, password, token: await schoolLogin('admin', password, code) }
}

type Row = Record<RosterKey, string>

/** Rows imported into the school's roster from a UTF-8 CSV; their graduate ids by 学号. */
async function importGraduates(s: School, rows: Row[]) {
  const r = await importRoster(utf8Bom(csv(rosterTable(rows))), '生源.csv', CSV_TYPE, s.token)
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  expect(r.data.failures).toEqual([])
  const list = await json('GET', '/api/v1/graduates?pageSize=200', { token: s.token })
  const ids = new Map<string, number>(
    list.data.items.map((g: { studentNo: string; id: number }) => [g.studentNo, g.id]),
  )
  return { importId: r.data.importId as string, id: (row: Row) => ids.get(row.studentNo)! }
}

/** Approved registrations from the employment-system upload, then 转递编号 for the department. */
async function registerAndNumber(s: School, rows: Row[]) {
  const reg = await importRegistrations(
    rows.map((r) => registrationRow(r.idCard)),
    'csv',
    s.token,
  )
  expect(reg.status, JSON.stringify(reg.data)).toBe(200)
  expect(reg.data.failures).toEqual([])
  const importId = reg.data.importId as string
  const gen = await json('POST', '/api/v1/transfer-numbers/generate', {
    token: s.token,
    body: { department: rows[0].department },
  })
  expect(gen.status, JSON.stringify(gen.data)).toBe(200)
  const list = await json(
    'GET',
    `/api/v1/transfer-numbers?generated=true&department=${encodeURIComponent(rows[0].department)}`,
    { token: s.token },
  )
  const numbers = new Map<string, string>(
    list.data.items.map((i: { studentNo: string; transferNumber: string }) => [i.studentNo, i.transferNumber]),
  )
  return { importId, number: (row: Row) => numbers.get(row.studentNo)!, size: numbers.size }
}

/** The graduate signed in (naming the school) after the forced password change. */
async function graduateToken(s: School, g: Row) {
  const first = await schoolLogin(g.studentNo, g.idCard.slice(-6), s.code)
  const changed = await json('POST', '/api/v1/me/password', {
    token: first,
    body: { oldPassword: g.idCard.slice(-6), newPassword: 'province-pass-1' },
  })
  expect(changed.status, JSON.stringify(changed.data)).toBe(200)
  return schoolLogin(g.studentNo, 'province-pass-1', s.code)
}

async function report(s: School, cohort = 2026) {
  const r = await json('POST', '/api/v1/roster-reports', { token: s.token, body: { cohort } })
  expect(r.status, JSON.stringify(r.data)).toBe(201)
  return r.data as { id: number; graduates: number }
}

async function decide(path: string, body: Record<string, unknown>) {
  return json('POST', path, { token: province, body })
}

/** An offline agreement of the graduate, past the school's 协议审核: `awaiting_stamp`, PDF printable. */
async function offlineAgreement(s: School, token: string) {
  const n = unique()
  const unit = {
    name: `省内线下单位${n}`,
    creditCode: makeCreditCode(`91440101${String(300000000 + (n % 1e9)).slice(-9)}`),
    nature: '39',
    industry: '34',
    location: '440106',
    address: '广州市天河区',
    contact: '周经理',
    phone: '13800138000',
  }
  const created = await json('POST', '/api/v1/me/agreements', {
    token,
    body: { kind: 'offline', unit, job: { category: '13', title: '测试工程师' } },
  })
  expect(created.status, JSON.stringify(created.data)).toBe(201)
  const id = created.data.id as number
  expect((await json('POST', `/api/v1/me/agreements/${id}/submit`, { token })).data.status).toBe('submitted')
  const approved = await json('POST', `/api/v1/agreements/${id}/decision`, {
    token: s.token,
    body: { decision: 'approve' },
  })
  expect(approved.data.status, JSON.stringify(approved.data)).toBe('awaiting_stamp')
  return { id, unit }
}

describe('Worker (province): schools and their administrators', () => {
  it('creates schools (each admin’s password shown once); each admin signs in naming its 院校代码', async () => {
    const a = await newSchool('甲大学')
    const b = await newSchool('乙大学')
    expect(a.password.length).toBeGreaterThanOrEqual(12)
    expect(a.password).not.toBe(b.password)

    const dup = await json('POST', '/api/v1/schools', { token: province, body: { code: a.code, name: '重复' } })
    expect(dup.status).toBe(409)
    const bad = await json('POST', '/api/v1/schools', { token: province, body: { code: '1055', name: '某校' } })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('院校代码')

    const me = await json('GET', '/api/v1/session', { token: a.token })
    expect(me.data.user).toMatchObject({ username: 'admin', role: 'school' })
    // Without the school the login is the province's; with the other school's code, not A's.
    const ip = clientIp()
    const noSchool = await json('POST', '/api/v1/session', { body: { username: 'admin', password: a.password }, ip })
    expect(noSchool.status).toBe(401)
    const wrong = await json('POST', '/api/v1/session', {
      body: { username: 'admin', password: a.password, school: b.code },
      ip,
    })
    expect(wrong.status).toBe(401)

    const listed = await json('GET', '/api/v1/schools', { token: province })
    expect(listed.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: a.code, name: '甲大学', graduates: 0 }),
        expect.objectContaining({ code: b.code, name: '乙大学', graduates: 0 }),
      ]),
    )
    // The password was shown once: nothing lists it again.
    expect(JSON.stringify(listed.data)).not.toContain(a.password)
    expect((await json('GET', '/api/v1/schools', { token: a.token })).status).toBe(403)
    expect(
      (await json('POST', '/api/v1/schools', { token: a.token, body: { code: '10999', name: '某校' } })).status,
    ).toBe(403)
  })

  it('offers the schools on the login page and signs a school admin in through it', async () => {
    const a = await newSchool('丙大学')
    const page = await request('GET', '/admin/login', { headers: { Accept: 'text/html' } })
    const html = await page.text()
    expect(html).toContain('<select id="school" name="school"')
    expect(html).toContain('<option value="">省级管理员（广东省）</option>')
    expect(html).toContain(`<option value="${a.code}">${a.code} 丙大学</option>`)
    // The graduates' page asks for the school too.
    expect(await (await request('GET', '/me/login', { headers: { Accept: 'text/html' } })).text()).toContain(
      `<option value="${a.code}">`,
    )

    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const pre = (page.headers.get('set-cookie') ?? '').split(';')[0]
    const res = await request('POST', '/admin/login', {
      body: new URLSearchParams({ school: a.code, username: 'admin', password: a.password, _csrf: csrf }),
      headers: { Cookie: pre, Accept: 'text/html' },
      ip: clientIp(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin')
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
    expect(cookie).toMatch(/^qx_session=/)
    const home = await request('GET', '/admin/roster-reports', { headers: { Cookie: cookie, Accept: 'text/html' } })
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('上报一届生源')
  })
})

describe('Worker (province): 生源上报', () => {
  it('reports a 届, is returned with a reason, reports again and is approved; the roster shows 已上报', async () => {
    const s = await newSchool('上报大学')
    const department = `上报学院${unique()}`
    const rows = [rosterRow(department), rosterRow(department)]
    const old = rosterRow(department, { enrolledAt: '202109', graduationTime: '202506' })
    const { id } = await importGraduates(s, [...rows, old])
    // One more added by hand.
    const added = rosterRow(department)
    const post = await json('POST', '/api/v1/graduates', { token: s.token, body: added })
    expect(post.status, JSON.stringify(post.data)).toBe(201)
    const cohort2026 = [id(rows[0]), id(rows[1]), post.data.id as number].sort()

    const sent = await report(s)
    expect(sent).toEqual({ id: expect.any(Number), cohort: 2026, graduates: 3, status: 'submitted' })
    expect((await json('POST', '/api/v1/roster-reports', { token: s.token, body: { cohort: 2026 } })).status).toBe(409)
    const waiting = await json('GET', '/api/v1/graduates?reported=true', { token: s.token })
    expect(waiting.data.total).toBe(0)

    const listed = await json('GET', `/api/v1/roster-reports?school=${s.code}&status=submitted`, { token: province })
    expect(listed.data.items).toEqual([
      expect.objectContaining({ id: sent.id, school: s.code, schoolName: '上报大学', graduates: 3 }),
    ])
    const path = `/api/v1/roster-reports/${sent.id}/decision`
    expect((await json('POST', path, { token: s.token, body: { decision: 'approve' } })).status).toBe(403)
    const noReason = await decide(path, { decision: 'return' })
    expect(noReason.status).toBe(400)
    expect(noReason.data.error.message).toContain('原因')
    const returned = await decide(path, { decision: 'return', reason: '专业代码有误' })
    expect(returned.status, JSON.stringify(returned.data)).toBe(200)
    expect(returned.data).toMatchObject({ status: 'returned', reason: '专业代码有误' })
    const mine = await json('GET', '/api/v1/roster-reports', { token: s.token })
    expect(mine.data.items).toEqual([expect.objectContaining({ status: 'returned', reason: '专业代码有误' })])

    const second = await report(s)
    expect(second.graduates).toBe(3)
    // Two racing approvals on D1 (the guard lives inside the batch): one 200, one 409.
    const [x, y] = await Promise.all(
      [0, 1].map(() => decide(`/api/v1/roster-reports/${second.id}/decision`, { decision: 'approve' })),
    )
    expect([x.status, y.status].sort()).toEqual([200, 409])
    expect((x.status === 200 ? x : y).data.status).toBe('approved')

    const reported = await json('GET', '/api/v1/graduates?reported=true', { token: s.token })
    expect(reported.data.items.map((g: { id: number }) => g.id).sort()).toEqual(cohort2026)
    expect(reported.data.items.every((g: { reported: boolean }) => g.reported)).toBe(true)
    const unreported = await json('GET', '/api/v1/graduates?reported=false', { token: s.token })
    expect(unreported.data.items.map((g: { id: number }) => g.id)).toEqual([id(old)])
    // Nobody of 2026 is left to report.
    expect((await json('POST', '/api/v1/roster-reports', { token: s.token, body: { cohort: 2026 } })).status).toBe(409)
  })
})

describe('Worker (province): 培养方式 after reporting', () => {
  it('refuses a direct change naming 培养方式, and changes it by a request the province approves', async () => {
    const s = await newSchool('委培大学')
    const department = `委培学院${unique()}`
    const r1 = rosterRow(department)
    const r2 = rosterRow(department)
    const { id } = await importGraduates(s, [r1, r2])
    const g = id(r1)
    await report(s)
    const approved = await json('GET', `/api/v1/roster-reports?school=${s.code}`, { token: province })
    expect(
      (await decide(`/api/v1/roster-reports/${approved.data.items[0].id}/decision`, { decision: 'approve' })).status,
    ).toBe(200)

    const edit = await json('PATCH', `/api/v1/graduates/${g}`, {
      token: s.token,
      body: { trainingMode: '4', targetedUnit: '某某公司' },
    })
    expect(edit.status, JSON.stringify(edit.data)).toBe(400)
    expect(edit.data.error.message).toMatch(/^培养方式/)
    const changed = { ...r1, trainingMode: '4', targetedUnit: '某某公司', phone: '13900139000' }
    const imp = await importRoster(
      utf8Bom(csv(rosterTable([changed, { ...r2, phone: '13700137000' }]))),
      'r.csv',
      CSV_TYPE,
      s.token,
    )
    expect(imp.data).toMatchObject({ updated: 1, failed: 1 })
    expect(imp.data.failures[0].row).toBe(2)
    expect(imp.data.failures[0].reason).toContain('培养方式')
    const kept = await json('GET', `/api/v1/graduates/${g}`, { token: s.token })
    expect(kept.data).toMatchObject({ trainingMode: { code: '1' }, phone: r1.phone })

    const path = `/api/v1/graduates/${g}/training-mode-requests`
    const noUnit = await json('POST', path, { token: s.token, body: { trainingModeCode: '4', reason: '签订委培协议' } })
    expect(noUnit.status).toBe(400)
    expect(noUnit.data.error.message).toContain('定向委培单位')
    const req = await json('POST', path, {
      token: s.token,
      body: { trainingModeCode: '4', unit: '某某公司', reason: '签订委培协议' },
    })
    expect(req.status, JSON.stringify(req.data)).toBe(201)
    expect(req.data).toMatchObject({ status: 'submitted', oldTrainingModeCode: '1', trainingModeCode: '4' })
    expect(
      (await json('POST', path, { token: s.token, body: { trainingModeCode: '4', unit: 'x', reason: 'y' } })).status,
    ).toBe(409)
    const decision = `/api/v1/training-mode-requests/${req.data.id}/decision`
    expect((await json('POST', decision, { token: s.token, body: { decision: 'approve' } })).status).toBe(403)
    const open = await json('GET', `/api/v1/training-mode-requests?school=${s.code}&status=submitted`, {
      token: province,
    })
    expect(open.data.items.map((i: { id: number }) => i.id)).toEqual([req.data.id])

    // Two racing decisions: one wins, the other is told it came too late; the graduate is changed once.
    const [x, y] = await Promise.all([
      decide(decision, { decision: 'approve' }),
      decide(decision, { decision: 'reject', reason: '并发' }),
    ])
    expect([x.status, y.status].sort(), JSON.stringify([x.data, y.data])).toEqual([200, 409])
    const winner = (x.status === 200 ? x : y).data.status as string
    const after = await json('GET', `/api/v1/graduates/${g}`, { token: s.token })
    if (winner === 'approved')
      expect(after.data).toMatchObject({ trainingMode: { code: '4' }, targetedUnit: '某某公司' })
    else {
      expect(winner).toBe('rejected')
      expect(after.data.trainingMode.code).toBe('1')
      const again = await json('POST', path, {
        token: s.token,
        body: { trainingModeCode: '4', unit: '某某公司', reason: '签订委培协议' },
      })
      const ok = await decide(`/api/v1/training-mode-requests/${again.data.id}/decision`, { decision: 'approve' })
      expect(ok.data.status).toBe('approved')
      const now = await json('GET', `/api/v1/graduates/${g}`, { token: s.token })
      expect(now.data).toMatchObject({ trainingMode: { code: '4' }, targetedUnit: '某某公司' })
    }
    // Now the import carrying the approved values passes.
    const third = await importRoster(utf8Bom(csv(rosterTable([changed]))), 'r.csv', CSV_TYPE, s.token)
    expect(third.data).toMatchObject({ updated: 1, failed: 0 })
  })
})

describe('Worker (province): statistics and settings', () => {
  it('counts each school’s graduates, registrations, 去向落实率, confirmations and numbers, as JSON and XLSX', async () => {
    const c = await newSchool('统计学院')
    const d = await newSchool('空白学院')
    const department = `统计系${unique()}`
    const rows = [rosterRow(department), rosterRow(department), rosterRow(department)]
    const old = rosterRow(department, { enrolledAt: '202109', graduationTime: '202506' })
    await importGraduates(c, [...rows, old])
    const numbers = await registerAndNumber(c, rows.slice(0, 2))
    expect(numbers.size).toBe(2)
    const token = await graduateToken(c, rows[0])
    const confirmed = await json('POST', '/api/v1/me/confirmation', { token, body: { result: '确认无误' } })
    expect(confirmed.data.state, JSON.stringify(confirmed.data)).toBe('确认无误')

    const stats = await json('GET', '/api/v1/province/stats?cohort=2026', { token: province })
    expect(stats.status, JSON.stringify(stats.data)).toBe(200)
    expect(stats.data.cohort).toBe(2026)
    const of = (code: string) => stats.data.items.find((i: { school: string }) => i.school === code)
    expect(of(c.code)).toEqual({
      school: c.code,
      schoolName: '统计学院',
      graduates: 3,
      registered: 2,
      implementationRate: 66.7,
      confirmation: { 未上报: 1, 未确认: 1, 确认有误: 0, 确认无误: 1 },
      numbers: 2,
    })
    expect(of(d.code)).toEqual({
      school: d.code,
      schoolName: '空白学院',
      graduates: 0,
      registered: 0,
      implementationRate: 0,
      confirmation: { 未上报: 0, 未确认: 0, 确认有误: 0, 确认无误: 0 },
      numbers: 0,
    })
    const y2025 = await json('GET', '/api/v1/province/stats?cohort=2025', { token: province })
    expect(y2025.data.items.find((i: { school: string }) => i.school === c.code).graduates).toBe(1)
    expect((await json('GET', '/api/v1/province/stats?cohort=abc', { token: province })).status).toBe(400)
    expect((await json('GET', '/api/v1/province/stats', { token: c.token })).status).toBe(403)

    const x = await binary('GET', '/api/v1/province/stats.xlsx?cohort=2026', { token: province })
    expect(x.status).toBe(200)
    expect(x.res.headers.get('content-type')).toContain('spreadsheetml')
    const sheet = await readXlsx(x.bytes)
    expect(sheet.find((r) => r.includes('院校代码'))).toEqual(
      expect.arrayContaining(['院校代码', '学校名称', '去向落实率（%）']),
    )
    const byCode = (code: string) => sheet.find((r) => r[0] === code)?.slice(0, 5)
    expect(byCode(c.code)).toEqual([c.code, '统计学院', '3', '2', '66.7'])
    expect(byCode(d.code)).toEqual([d.code, '空白学院', '0', '0', '0'])
  })

  it('stores the agreement type, and the agreement PDF prints it', async () => {
    const s = await newSchool('协议大学')
    expect((await json('GET', '/api/v1/province/settings', { token: province })).data).toEqual({
      agreementType: '三方协议',
    })
    const bad = await json('PUT', '/api/v1/province/settings', { token: province, body: { agreementType: '四方协议' } })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('电子就业协议书类型')
    expect(
      (await json('PUT', '/api/v1/province/settings', { token: s.token, body: { agreementType: '两方协议' } })).status,
    ).toBe(403)
    const put = await json('PUT', '/api/v1/province/settings', { token: province, body: { agreementType: '两方协议' } })
    expect(put.data).toEqual({ agreementType: '两方协议' })
    expect((await json('GET', '/api/v1/province/settings', { token: province })).data).toEqual({
      agreementType: '两方协议',
    })

    const g = rosterRow(`协议学院${unique()}`)
    await importGraduates(s, [g])
    const agreement = await offlineAgreement(s, await graduateToken(s, g))
    const pdf = await binary('GET', `/api/v1/agreements/${agreement.id}/agreement.pdf`, { token: s.token })
    expect(pdf.status).toBe(200)
    const [text] = await pdfText(pdf.bytes)
    expect(text).toContain('两方协议')
    expect(text).not.toContain('三方协议')
    expect(text).toContain(agreement.unit.name)
  })
})

describe('Worker (province): isolation between schools', () => {
  it('answers 404 or an empty list on every route for another school’s ids, and changes nothing of it', async () => {
    const a = await newSchool('甲校')
    const b = await newSchool('乙校')
    const tag = unique()

    // School B: a graduate with an approved registration, a 转递编号, a confirmation, a 核验编号, an
    // offline agreement with its scan, a 推荐表; reported to the province with a 培养方式 request
    // open; a second graduate with a proof attachment on a draft and a self-check correction; a
    // staff user. School A: a graduate of its own, so its lists are not empty by accident.
    const dB = `乙校学院${tag}`
    const gB = rosterRow(dB, { name: `乙校生甲${tag % 1000}` })
    const gB2 = rosterRow(dB, { name: `乙校生乙${tag % 1000}` })
    const gA = rosterRow(`甲校学院${tag}`, { name: `甲校生${tag % 1000}` })
    const bRoster = await importGraduates(b, [gB, gB2])
    await importGraduates(a, [gA])
    const gBId = bRoster.id(gB)
    const bNumbers = await registerAndNumber(b, [gB])
    const aNumbers = await registerAndNumber(a, [gA])
    // Each school's numbers carry its own 院校代码.
    expect(bNumbers.number(gB).slice(2, 7)).toBe(b.code)
    expect(aNumbers.number(gA).slice(2, 7)).toBe(a.code)
    const bToken = await graduateToken(b, gB)
    const aToken = await graduateToken(a, gA)
    expect(
      (await json('POST', '/api/v1/me/confirmation', { token: bToken, body: { result: '确认无误' } })).status,
    ).toBe(200)
    const grant = async (token: string) => {
      const r = await json('POST', '/api/v1/me/verification-grants', { token, body: { password: 'province-pass-1' } })
      expect(r.status, JSON.stringify(r.data)).toBe(201)
      return r.data.number as string
    }
    const bGrant = await grant(bToken)
    const aGrant = await grant(aToken)
    const agreement = await offlineAgreement(b, bToken)
    const scan = await json('POST', `/api/v1/me/agreements/${agreement.id}/scan`, {
      token: bToken,
      body: fileForm('盖章协议.png', PNG, 'image/png'),
    })
    expect(scan.status, JSON.stringify(scan.data)).toBe(200)
    const put = await json('PUT', '/api/v1/me/recommendation', {
      token: bToken,
      body: {
        intention: '乙校求职意向：软件开发工程师',
        selfEvaluation: '学习认真，善于合作，在课程设计中担任组长，按期完成了三个项目。',
        awards: '2025年校级优秀学生干部',
        practice: '2025年暑期在广州某科技公司实习两个月。',
        skills: '英语六级',
      },
    })
    expect(put.status, JSON.stringify(put.data)).toBe(200)
    const recommendation = await json('POST', '/api/v1/me/recommendation/submit', { token: bToken })
    expect(recommendation.status, JSON.stringify(recommendation.data)).toBe(200)

    const sent = await report(b)
    expect((await decide(`/api/v1/roster-reports/${sent.id}/decision`, { decision: 'approve' })).status).toBe(200)
    const tmr = await json('POST', `/api/v1/graduates/${gBId}/training-mode-requests`, {
      token: b.token,
      body: { trainingModeCode: '4', unit: `乙方委培单位${tag}`, reason: '委培' },
    })
    expect(tmr.status, JSON.stringify(tmr.data)).toBe(201)

    const b2Token = await graduateToken(b, gB2)
    const attachment = await json('POST', '/api/v1/me/registration/attachments', {
      token: b2Token,
      body: fileForm('乙校证明.png', PNG, 'image/png'),
    })
    expect(attachment.status, JSON.stringify(attachment.data)).toBe(201)
    const draft = await json('GET', '/api/v1/me/registration', { token: b2Token })
    expect(draft.data, JSON.stringify(draft.data)).toMatchObject({ id: expect.any(Number), status: 'draft' })
    const correction = await json('POST', '/api/v1/me/roster/corrections', {
      token: b2Token,
      body: {
        originCode: '430104',
        phone: '13911112222',
        email: '',
        qq: '',
        homeAddress: '乙校家庭住址',
        homePhone: '',
        urbanRural: '农村',
      },
    })
    expect(correction.status, JSON.stringify(correction.data)).toBe(201)
    const corrections = await json('GET', '/api/v1/roster-corrections', { token: b.token })
    const correctionId = corrections.data.items[0].id as number
    const staff = await json('POST', '/api/v1/users', {
      token: b.token,
      body: {
        username: `b-staff-${tag}`,
        password: 'b-staff-password',
        role: 'school',
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expect(staff.status, JSON.stringify(staff.data)).toBe(201)
    const registrations = await json('GET', `/api/v1/registrations?department=${encodeURIComponent(dB)}`, {
      token: b.token,
    })
    const registrationId = registrations.data.items.find((r: { name: string }) => r.name === gB.name).id as number

    /** Everything of school B as B sees it, compared before and after the walk. */
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          [
            '/api/v1/graduates?pageSize=200',
            `/api/v1/graduates/${gBId}`,
            `/api/v1/graduates/${bRoster.id(gB2)}`,
            '/api/v1/registrations?pageSize=200',
            `/api/v1/registrations/${registrationId}`,
            '/api/v1/transfer-numbers?pageSize=200',
            '/api/v1/confirmations?pageSize=200',
            '/api/v1/roster-corrections',
            '/api/v1/roster-reports',
            '/api/v1/training-mode-requests',
            '/api/v1/users',
            '/api/v1/agreements',
            `/api/v1/agreements/${agreement.id}`,
            '/api/v1/recommendations',
            '/api/v1/settings/signing',
            '/api/v1/settings/review-mode',
          ].map(async (path) => {
            const r = await json('GET', path, { token: b.token })
            expect(r.status, path).toBe(200)
            return [path, r.data]
          }),
        ),
      )
    const before = await snapshot()
    const doc = await json('GET', '/api/v1/openapi.json')
    const ip = clientIp()
    await walkAsOtherSchool(
      doc.data.paths,
      async (method, path, body) => {
        const res = await request(method, path, { token: a.token, body, ip })
        return { status: res.status, text: await res.text() }
      },
      {
        graduate: { id: gBId, name: gB.name },
        registrationId,
        correctionId,
        ids: {
          graduates: String(gBId),
          registrations: String(registrationId),
          'roster-corrections': String(correctionId),
          'roster-reports': String(sent.id),
          'training-mode-requests': String(tmr.data.id),
          'graduates/import': bRoster.importId,
          'registrations/import': bNumbers.importId,
          users: `b-staff-${tag}`,
          agreements: String(agreement.id),
          rescissions: String(agreement.id),
          files: String(scan.data.files[0].id),
          attachments: String(attachment.data.id),
          recommendations: String(recommendation.data.id),
          'verification-grants': bGrant,
          'transfer-numbers': bNumbers.number(gB),
        },
        routes: {
          '/api/v1/registrations/{id}/attachments/{attachmentId}': [String(draft.data.id), String(attachment.data.id)],
        },
        markers: [
          gB.name,
          gB.studentNo,
          gB.idCard,
          gB2.name,
          gB2.studentNo,
          bNumbers.number(gB),
          bGrant,
          agreement.unit.name,
          `b-staff-${tag}`,
          `乙方委培单位${tag}`,
          '乙校求职意向',
          '乙校家庭住址',
        ],
        notFound: [
          'GET /api/v1/agreements/{id}',
          'GET /api/v1/agreements/{id}/agreement.pdf',
          'POST /api/v1/agreements/{id}/decision',
          'POST /api/v1/agreements/{id}/forced-rescission',
          'GET /api/v1/agreements/{id}/files/{fileId}',
          'GET /api/v1/registrations/{id}',
          'GET /api/v1/registrations/{id}/attachments/{attachmentId}',
          'GET /api/v1/registrations/import/{importId}/failures.xlsx',
          'GET /api/v1/recommendations/{id}',
          'PATCH /api/v1/users/{username}',
        ],
      },
    )
    expect(await snapshot()).toBe(before)
    // B's people still sign in with their own passwords (A's password resets reached nobody of B).
    await schoolLogin(gB.studentNo, 'province-pass-1', b.code)
    await schoolLogin(`b-staff-${tag}`, 'b-staff-password', b.code)

    // The lists A reads hold only A's.
    const list = await json('GET', '/api/v1/graduates', { token: a.token })
    expect(list.data.items.map((i: { name: string }) => i.name)).toEqual([gA.name])
    for (const path of ['/api/v1/registrations', '/api/v1/confirmations', '/api/v1/transfer-numbers?generated=true'])
      expect(
        (await json('GET', path, { token: a.token })).data.items.map((i: { name: string }) => i.name),
        path,
      ).toEqual([gA.name])
    // (The walk's own POST /roster-reports reported A's 届: A's report, never B's.)
    const reports = await json('GET', '/api/v1/roster-reports', { token: a.token })
    expect(reports.data.items.map((r: { school: string }) => r.school)).toEqual([a.code])
    for (const path of [
      '/api/v1/training-mode-requests',
      '/api/v1/roster-corrections',
      '/api/v1/agreements',
      '/api/v1/recommendations',
    ])
      expect((await json('GET', path, { token: a.token })).data, path).toMatchObject({ items: [], total: 0 })
    const users = await json('GET', '/api/v1/users', { token: a.token })
    expect(users.data.items.map((u: { username: string }) => u.username)).toEqual(['admin'])

    // The public lookup serves both schools' numbers; A's graduate's name with B's number is a mismatch.
    for (const [g, number, school] of [
      [gA, aNumbers.number(gA), '甲校'],
      [gA, aGrant, '甲校'],
      [gB, bNumbers.number(gB), '乙校'],
      [gB, bGrant, '乙校'],
    ] as const) {
      const r = await json('POST', '/api/v1/verify', {
        body: { kind: 'archive', name: g.name, number },
        ip: clientIp(),
      })
      expect(r.status, JSON.stringify(r.data)).toBe(200)
      expect(r.data.graduate).toMatchObject({ name: g.name, school })
    }
    const cross = await json('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: gA.name, number: bNumbers.number(gB) },
      ip: clientIp(),
    })
    expect(cross.status).toBe(404)
  })
})
