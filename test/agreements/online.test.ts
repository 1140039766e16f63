/** Online signing through HTTP (contract §5; seed 004 §2.3): settings, 预警单位, invitations, answers, 鉴证. */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { AGENTS, approvedEmployer, creditCode, invitationBody, invite, signingSetup } from './fixtures.js'

const decide = (t: any, token: string, id: number, decision: string, reason?: string) =>
  t.json('POST', `/api/v1/agreements/${id}/decision`, { token, body: { decision, reason } })
const answer = (t: any, token: string, id: number, ans: string) =>
  t.json('POST', `/api/v1/me/agreements/${id}/answer`, { token, body: { answer: ans } })

describe('签约设置', () => {
  it('defaults; online signing needs 协议经办人 (400) and once on stays on (409)', async () => {
    const t = await createTestApp()
    const get = await t.json('GET', '/api/v1/settings/signing', { token: t.adminToken })
    expect(get.data).toEqual({
      onlineSigning: false,
      supplementaryRegistration: true,
      maxRescissions: 99,
      agents: null,
    })
    const noAgents = await t.json('PUT', '/api/v1/settings/signing', {
      token: t.adminToken,
      body: { onlineSigning: true },
    })
    expect(noAgents.status).toBe(400)
    expect(noAgents.data.error.message).toContain('协议经办人')
    const on = await t.json('PUT', '/api/v1/settings/signing', {
      token: t.adminToken,
      body: { onlineSigning: true, agents: AGENTS, maxRescissions: 3 },
    })
    expect(on.status).toBe(200)
    expect(on.data).toMatchObject({ onlineSigning: true, maxRescissions: 3, agents: AGENTS })
    const off = await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { onlineSigning: false } })
    expect(off.status).toBe(409)
    // agents may change at any time; separately for 本专科 and 研究生
    const split = { undergraduate: AGENTS.all, graduate: { ...AGENTS.all, name: '赵老师' } }
    const changed = await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { agents: split } })
    expect(changed.data.agents).toEqual(split)
    expect(
      (await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { agents: null } })).status,
    ).toBe(400)
    expect(
      (await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { maxRescissions: 100 } })).status,
    ).toBe(400)
    const dept = await t.createStaff('d1', { department: '计算机学院' })
    expect((await t.json('PUT', '/api/v1/settings/signing', { token: dept, body: { maxRescissions: 5 } })).status).toBe(
      403,
    )
    expect((await t.json('GET', '/api/v1/settings/signing', { token: t.adminToken })).data.onlineSigning).toBe(true)
  })

  it('invitations need online signing on at the graduate’s school (409)', async () => {
    const t = await createTestApp()
    const e = await approvedEmployer(t)
    const g = await insertGraduate(t)
    const r = await t.json('POST', '/api/v1/employer/invitations', { token: e.token, body: invitationBody(g) })
    expect(r.status).toBe(409)
  })
})

describe('the invitation', () => {
  it('is found only by 姓名 + 身份证号 + 院校: one byte-identical 404 whichever is wrong', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t, { name: '王芳', name_key: '王芳' })
    const other = await insertGraduate(t)
    const bodies = new Set<string>()
    for (const over of [{ studentName: '王方' }, { idNumber: other.idCard }, { school: '10002' }]) {
      const res = await t.request('POST', '/api/v1/employer/invitations', {
        token: employer.token,
        body: invitationBody(g, over),
      })
      expect(res.status).toBe(404)
      bodies.add(await res.text())
    }
    expect(bodies.size).toBe(1)
    // the name matches the way the public lookup's does (spaces, full-width forms)
    const ok = await t.json('POST', '/api/v1/employer/invitations', {
      token: employer.token,
      body: invitationBody(g, { studentName: ' 王 芳 ' }),
    })
    expect(ok.status).toBe(201)
  })

  it('carries the job, the unit and expiresAt = now + responseDays; the employer sees no 身份证号 nor phone', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t)
    const a = await invite(t, employer.token, g, { responseDays: 3 })
    expect(a).toMatchObject({
      kind: 'online',
      status: 'invited',
      agreementNo: null,
      graduateId: g.id,
      graduate: { name: g.name, studentNo: g.studentNo, department: '计算机学院' },
      unit: {
        name: employer.body.name,
        creditCode: employer.body.creditCode,
        nature: '39',
        industry: '34',
        location: '110108',
      },
      job: { category: '13', title: '软件工程师', salary: '12000元/月', penalty: '5000元' },
      archiveTransfer: '签约单位接收',
      terms: '提供住房补贴',
      warning: null,
      events: [{ by: employer.body.username, from: null, to: 'invited' }],
    })
    expect(a.expiresAt).toBe(new Date(t.clock.now.getTime() + 3 * 86400000).toISOString())
    const list = await t.json('GET', '/api/v1/employer/agreements', { token: employer.token })
    expect(list.data.items).toHaveLength(1)
    expect(JSON.stringify(list.data)).not.toContain(g.idCard)
    expect(JSON.stringify(list.data)).not.toContain('13800138000')
    // bad input stores nothing
    for (const over of [
      { responseDays: 31 },
      { responseDays: 0 },
      { job: { ...a.job, category: '99' } },
      { job: { title: '' } },
    ]) {
      expect(
        (await t.json('POST', '/api/v1/employer/invitations', { token: employer.token, body: invitationBody(g, over) }))
          .status,
      ).toBe(400)
    }
    expect((await t.json('GET', '/api/v1/employer/agreements', { token: employer.token })).data.total).toBe(1)
  })

  it('is withdrawn before the answer only', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    const w = await t.json('POST', `/api/v1/employer/invitations/${a.id}/withdraw`, { token: employer.token })
    expect(w.status).toBe(200)
    expect(w.data.status).toBe('withdrawn')
    expect((await answer(t, student, a.id, 'accept')).status).toBe(409)
    const b = await invite(t, employer.token, g)
    expect((await answer(t, student, b.id, 'accept')).data.status).toBe('awaiting_review')
    expect(
      (await t.json('POST', `/api/v1/employer/invitations/${b.id}/withdraw`, { token: employer.token })).status,
    ).toBe(409)
    // another employer cannot touch it at all
    const other = await approvedEmployer(t)
    expect((await t.json('POST', `/api/v1/employer/invitations/${b.id}/withdraw`, { token: other.token })).status).toBe(
      404,
    )
    expect((await t.json('GET', `/api/v1/employer/agreements/${b.id}`, { token: other.token })).status).toBe(404)
  })

  it('declined is final', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    expect((await answer(t, student, a.id, 'decline')).data.status).toBe('declined')
    expect((await answer(t, student, a.id, 'accept')).status).toBe(409)
  })

  it('expires at expiresAt with a fixed clock: answering after it → 409 and status expired', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t)
    const a = await invite(t, employer.token, g, { responseDays: 2 })
    // sessions last 12 hours: sign in again after moving the clock
    t.clock.set(new Date(Date.parse(a.expiresAt) - 1000).toISOString())
    const b = await invite(t, await t.login(employer.body.username, employer.body.password), g, { responseDays: 1 })
    t.clock.set(a.expiresAt)
    const student = await t.login(g.studentNo, 'new-password-1')
    const late = await answer(t, student, a.id, 'accept')
    expect(late.status).toBe(409)
    expect(late.data.error.code).toBe('conflict')
    const mine = await t.json('GET', '/api/v1/me/agreements', { token: student })
    const byId = Object.fromEntries(mine.data.items.map((x: any) => [x.id, x]))
    expect(byId[a.id].status).toBe('expired')
    expect(byId[a.id].events.at(-1)).toMatchObject({ from: 'invited', to: 'expired' })
    // b is still open: answered within its time
    expect(byId[b.id].status).toBe('invited')
    expect((await answer(t, student, b.id, 'accept')).data.status).toBe('awaiting_review')
    // 失效信息 on the home counts
    const admin = await t.login('admin', ADMIN_PASSWORD)
    const stats = await t.json('GET', '/api/v1/agreements/stats', { token: admin })
    expect(stats.data).toMatchObject({ expired: 1, accepted: 1, total: 1 })
  })

  it('one agreement at a time: after accepting one, the others stay visible but cannot be accepted', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const other = await approvedEmployer(t)
    const a = await invite(t, employer.token, g)
    const b = await invite(t, other.token, g)
    expect((await answer(t, student, a.id, 'accept')).status).toBe(200)
    const second = await answer(t, student, b.id, 'accept')
    expect(second.status).toBe(409)
    const mine = await t.json('GET', '/api/v1/me/agreements', { token: student })
    expect(mine.data.items.map((x: any) => x.status).sort()).toEqual(['awaiting_review', 'invited'])
    // other employers may still invite
    expect(
      (await t.json('POST', '/api/v1/employer/invitations', { token: other.token, body: invitationBody(g) })).status,
    ).toBe(201)
  })

  it('two racing acceptances of two invitations: one 200, one 409', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const other = await approvedEmployer(t)
    const a = await invite(t, employer.token, g)
    const b = await invite(t, other.token, g)
    const [r1, r2] = await Promise.all([answer(t, student, a.id, 'accept'), answer(t, student, b.id, 'accept')])
    expect([r1.status, r2.status].sort()).toEqual([200, 409])
  })
})

describe('鉴证 by the school', () => {
  it('approve puts it in force with an agreementNo and writes the registration (签就业协议书就业, approved, version + 1)', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    await answer(t, student, a.id, 'accept')
    const pending = await t.json('GET', '/api/v1/agreements?awaiting=true', { token: t.adminToken })
    expect(pending.data.items.map((x: any) => x.id)).toEqual([a.id])
    expect(pending.data.items[0]).toMatchObject({ initiator: 'employer', status: 'awaiting_review', awaitingYou: true })
    expect((await decide(t, t.adminToken, a.id, 'return', '请补充')).status).toBe(400)
    const ok = await decide(t, t.adminToken, a.id, 'approve')
    expect(ok.status).toBe(200)
    expect(ok.data.status).toBe('in_force')
    expect(ok.data.agreementNo).toMatch(/^202610001\d{10}$/)
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data).toMatchObject({
      status: 'approved',
      source: '登记系统',
      version: 1,
      destination: {
        type: '签就业协议书就业',
        unitName: employer.body.name,
        unitCreditCode: employer.body.creditCode,
        unitNature: '39',
        unitIndustry: '34',
        unitLocation: '110108',
        jobCategory: '13',
        // the national form's 单位信息 comes with it (issue 16 item 5)
        jobTitle: '软件工程师',
        contactName: '张三',
        contactMobile: '13900139000',
        contactPhone: null,
        contactEmail: 'hr@example.com',
        salary: '12000元/月',
        penalty: '5000元',
      },
    })
    // the graduate was told of the invitation and of the decision (contract §7), in the same batches
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: student })
    const kinds = inbox.data.items.map((n: any) => n.kind)
    expect(kinds).toContain('agreement.invitation')
    expect(kinds).toContain('agreement.decision')
    expect(inbox.data.items.find((n: any) => n.kind === 'agreement.decision').title).toBe('就业协议已鉴证生效')
    const conf = await t.json('GET', '/api/v1/confirmations?state=未确认', { token: t.adminToken })
    expect(conf.data.items.map((x: any) => x.graduateId)).toContain(g.id)
    // a decision on an agreement no longer waiting for it → 409
    expect((await decide(t, t.adminToken, a.id, 'reject', 'x')).status).toBe(409)
    // filters
    const byNo = await t.json('GET', `/api/v1/agreements?agreementNo=${ok.data.agreementNo}`, { token: t.adminToken })
    expect(byNo.data.total).toBe(1)
    for (const q of [
      `studentNo=${g.studentNo}`,
      'initiator=employer',
      'status=in_force',
      'department=计算机学院',
      'education=31',
      `unit=${encodeURIComponent('示例科技')}`,
      `q=${encodeURIComponent(g.name)}`,
      'major=080901',
    ])
      expect((await t.json('GET', `/api/v1/agreements?${q}`, { token: t.adminToken })).data.total, q).toBe(1)
    for (const q of ['initiator=student', 'status=invited', 'studentNo=nobody', 'department=外语学院'])
      expect((await t.json('GET', `/api/v1/agreements?${q}`, { token: t.adminToken })).data.total, q).toBe(0)
  })

  it('reject → rejected, and the employer must invite again', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    await answer(t, student, a.id, 'accept')
    expect((await decide(t, t.adminToken, a.id, 'reject')).status).toBe(400)
    const r = await decide(t, t.adminToken, a.id, 'reject', '单位信息与营业执照不符')
    expect(r.data.status).toBe('rejected')
    expect(r.data.events.at(-1)).toMatchObject({
      from: 'awaiting_review',
      to: 'rejected',
      reason: '单位信息与营业执照不符',
    })
    expect((await t.json('GET', '/api/v1/me/registration', { token: student })).status).toBe(404)
    const b = await invite(t, employer.token, g)
    expect((await answer(t, student, b.id, 'accept')).status).toBe(200)
  })

  it('two racing decisions: one 200, one 409', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    await answer(t, student, a.id, 'accept')
    const other = await t.createStaff('school2', { role: 'school' })
    const [r1, r2] = await Promise.all([
      decide(t, t.adminToken, a.id, 'approve'),
      decide(t, other, a.id, 'reject', '不通过'),
    ])
    expect([r1.status, r2.status].sort()).toEqual([200, 409])
    const events = (await t.json('GET', `/api/v1/agreements/${a.id}`, { token: t.adminToken })).data.events
    expect(events.filter((e: any) => e.from === 'awaiting_review')).toHaveLength(1)
  })

  it('the warning unit is carried into every review screen; the reviewer still decides', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const put = await t.json('PUT', `/api/v1/warning-units/${employer.body.creditCode}`, {
      token: t.adminToken,
      body: { name: employer.body.name, reason: '存在欠薪投诉' },
    })
    expect(put.status).toBe(200)
    expect(
      (await t.json('PUT', '/api/v1/warning-units/12345', { token: t.adminToken, body: { name: 'x', reason: 'y' } }))
        .status,
    ).toBe(400)
    expect((await t.json('GET', '/api/v1/warning-units', { token: t.adminToken })).data.items).toHaveLength(1)
    const a = await invite(t, employer.token, g)
    expect(a.warning).toEqual({ reason: '存在欠薪投诉' })
    await answer(t, student, a.id, 'accept')
    expect((await t.json('GET', `/api/v1/agreements/${a.id}`, { token: t.adminToken })).data.warning).toEqual({
      reason: '存在欠薪投诉',
    })
    expect((await t.json('GET', '/api/v1/agreements', { token: t.adminToken })).data.items[0].warning).toEqual({
      reason: '存在欠薪投诉',
    })
    expect((await decide(t, t.adminToken, a.id, 'approve')).data.status).toBe('in_force')
    expect(
      (await t.json('DELETE', `/api/v1/warning-units/${employer.body.creditCode}`, { token: t.adminToken })).status,
    ).toBe(204)
    expect((await t.json('GET', `/api/v1/agreements/${a.id}`, { token: t.adminToken })).data.warning).toBeNull()
    expect((await t.json('DELETE', `/api/v1/warning-units/${creditCode()}`, { token: t.adminToken })).status).toBe(404)
  })

  it('先院系再校级审核: the graduate’s 院系 first, then the school; another 院系 sees nothing', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    // 先院系再校级审核 needs a 院系 account for every 院系 with graduates (seed 004, 2.2 ②).
    const dept = await t.createStaff('cs', { department: '计算机学院' })
    const mode = await t.json('PUT', '/api/v1/settings/review-mode', {
      token: t.adminToken,
      body: { reviewMode: '先院系再校级审核' },
    })
    expect(mode.status).toBe(200)
    await insertGraduate(t, { department: '外语学院' })
    const otherDept = await t.createStaff('fl', { department: '外语学院' })
    const a = await invite(t, employer.token, g)
    await answer(t, student, a.id, 'accept')
    expect((await decide(t, t.adminToken, a.id, 'approve')).status).toBe(409)
    expect((await decide(t, otherDept, a.id, 'approve')).status).toBe(404)
    expect((await t.json('GET', '/api/v1/agreements', { token: otherDept })).data.total).toBe(0)
    expect((await t.json('GET', '/api/v1/agreements/stats', { token: dept })).data.accepted).toBe(1)
    const d = await decide(t, dept, a.id, 'approve')
    expect(d.data).toMatchObject({ status: 'awaiting_review', reviewStage: 'school' })
    expect((await decide(t, dept, a.id, 'approve')).status).toBe(409)
    expect((await decide(t, t.adminToken, a.id, 'approve')).data.status).toBe('in_force')
  })
})

describe('isolation', () => {
  it('a graduate sees only their own agreements; another school sees none', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    const g2 = await insertGraduate(t)
    const s2 = await studentToken(t, g2)
    expect((await t.json('GET', '/api/v1/me/agreements', { token: s2 })).data.items).toHaveLength(0)
    expect((await answer(t, s2, a.id, 'accept')).status).toBe(404)
    // a second school in the same deployment
    const at = t.clock.now.toISOString()
    const school = await t.db
      .insertInto('schools')
      .values({ code: '10002', name: '第二大学', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { hashPassword } = await import('../../src/accounts/password.js')
    await t.db
      .insertInto('users')
      .values({
        school_id: school.id,
        username: 'admin',
        role: 'school',
        perm_info: 'rw',
        perm_archive: 'rw',
        perm_hukou: 'rw',
        password_hash: await hashPassword('other-admin-pass', { ln: 10, r: 8, p: 1 }),
        created_at: at,
        updated_at: at,
      })
      .execute()
    const otherAdmin = await t.login('admin', 'other-admin-pass', '10002')
    expect((await t.json('GET', '/api/v1/agreements', { token: otherAdmin })).data.total).toBe(0)
    expect((await t.json('GET', `/api/v1/agreements/${a.id}`, { token: otherAdmin })).status).toBe(404)
    await answer(t, student, a.id, 'accept')
    expect((await decide(t, otherAdmin, a.id, 'approve')).status).toBe(404)
    expect((await t.json('GET', '/api/v1/employers', { token: otherAdmin })).data.total).toBe(0)
    // and the graduate or the employer cannot decide
    expect((await decide(t, student, a.id, 'approve')).status).toBe(403)
    expect((await decide(t, employer.token, a.id, 'approve')).status).toBe(403)
  })
})
