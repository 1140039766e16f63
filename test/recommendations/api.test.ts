/**
 * 毕业生就业推荐表 over HTTP (contract §6, issue 14 item 9; seed 003 §二(三)): the graduate fills in
 * the five parts beside the locked roster data and submits; the 院系 approves with its 院系意见 or
 * returns with a reason; each rule, each 409, the race, the scoping across 院系 and 数据权限.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { decide, graduate, OPINION, PARTS, submitted } from './fixtures.js'

const fieldOf = (r: { res: Response }) => decodeURIComponent(r.res.headers.get('x-error-field') ?? '')

async function eventsOf(t: TestApp, id: number) {
  return t.db
    .selectFrom('recommendation_events')
    .selectAll()
    .where('recommendation_id', '=', id)
    .orderBy('id')
    .execute()
}

async function auditActions(t: TestApp) {
  return (
    await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'recommendation.%')
      .orderBy('id')
      .execute()
  ).map((a) => a.action)
}

describe('the graduate’s 推荐表', () => {
  it('opens empty with the roster’s basic data beside it', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '王小明', email: 'wxm@example.com', political_code: '01' })
    const r = await t.json('GET', '/api/v1/me/recommendation', { token: g.token })
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({
      id: null,
      status: 'draft',
      editable: true,
      intention: null,
      selfEvaluation: null,
      awards: null,
      practice: null,
      skills: null,
      opinion: null,
      reason: null,
      pdf: null,
    })
    expect(r.data.basic).toEqual({
      studentNo: g.studentNo,
      name: '王小明',
      gender: expect.stringMatching(/^[男女]$/),
      ethnicity: '汉族',
      political: '中共党员',
      education: '本科生毕业',
      major: '计算机科学与技术',
      department: '计算机学院',
      graduationTime: '202606',
      phone: '13800138000',
      email: 'wxm@example.com',
      school: '测试大学',
    })
    // Staff and anonymous callers have no 推荐表 of their own.
    expect((await t.json('GET', '/api/v1/me/recommendation', { token: t.adminToken })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/me/recommendation')).status).toBe(401)
  })

  it('暂存 keeps the parts; the basic data sent back is ignored and the roster unchanged', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '王小明' })
    const first = await t.json('GET', '/api/v1/me/recommendation', { token: g.token })
    const r = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: {
        ...first.data,
        intention: '  软件开发工程师  ',
        awards: '国家奖学金',
        status: 'approved',
        opinion: '自己写的院系意见',
        basic: { ...first.data.basic, name: '李四', phone: '13900000000' },
        name: '李四',
      },
    })
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data).toMatchObject({ status: 'draft', intention: '软件开发工程师', awards: '国家奖学金', opinion: null })
    expect(r.data.basic).toMatchObject({ name: '王小明', phone: '13800138000' })
    const row = await t.db.selectFrom('graduates').select(['name', 'phone']).where('id', '=', g.id).executeTakeFirst()
    expect(row).toEqual({ name: '王小明', phone: '13800138000' })
    // A part not sent is kept; null clears one.
    const again = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: { skills: '英语六级', awards: null },
    })
    expect(again.data).toMatchObject({ intention: '软件开发工程师', skills: '英语六级', awards: null })
    expect(await auditActions(t)).toEqual(['recommendation.save', 'recommendation.save'])
  })

  it('each part holds 1000 字 (counted by character), one more is a 400 naming it with nothing stored', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    // 1000 characters outside the BMP are 2000 UTF-16 units, still 1000 字.
    const rare = '𠀀'.repeat(1000)
    const ok = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: { intention: '教师', selfEvaluation: rare },
    })
    expect(ok.status).toBe(200)
    expect([...ok.data.selfEvaluation].length).toBe(1000)
    const over = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: { intention: '工程师', practice: '实'.repeat(1001) },
    })
    expect(over.status).toBe(400)
    expect(over.data.error.code).toBe('validation_error')
    expect(over.data.error.message).toContain('社会实践')
    expect(over.data.error.message).toContain('1000')
    expect(fieldOf(over)).toBe('practice')
    const stored = await t.json('GET', '/api/v1/me/recommendation', { token: g.token })
    expect(stored.data).toMatchObject({ intention: '教师', practice: null })
    // Far too long is refused by the schema itself, naming the part too.
    const huge = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: { skills: 'x'.repeat(5000) },
    })
    expect(huge.status).toBe(400)
    expect(huge.data.error.message).toContain('特长')
  })

  it('提交 needs 求职意向 and 自我评价 (400 naming the missing one); then it is locked until decided', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const none = await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })
    expect(none.status).toBe(400)
    expect(none.data.error.message).toContain('求职意向')
    expect(fieldOf(none)).toBe('intention')
    await t.json('PUT', '/api/v1/me/recommendation', { token: g.token, body: { intention: PARTS.intention } })
    const half = await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })
    expect(half.status).toBe(400)
    expect(half.data.error.message).toContain('自我评价')
    expect(fieldOf(half)).toBe('selfEvaluation')
    expect((await t.json('GET', '/api/v1/me/recommendation', { token: g.token })).data.status).toBe('draft')

    const s = await submitted(t, g)
    expect(s).toMatchObject({ status: 'submitted', editable: false })
    const edit = await t.json('PUT', '/api/v1/me/recommendation', { token: g.token, body: { skills: '改一下' } })
    expect(edit.status).toBe(409)
    expect(edit.data.error.code).toBe('conflict')
    expect((await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })).status).toBe(409)
    expect((await t.json('GET', '/api/v1/me/recommendation', { token: g.token })).data.skills).toBe(PARTS.skills)
  })
})

describe('the 院系’s decision', () => {
  it('return needs a reason, approve needs the 院系意见; the graduate is told, edits again, resubmits', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const s = await submitted(t, g)

    const noReason = await decide(t, dept, s.id, { decision: 'return', reason: '  ' })
    expect(noReason.status).toBe(400)
    expect(noReason.data.error.message).toContain('退回原因')
    expect(fieldOf(noReason)).toBe('reason')
    const noOpinion = await decide(t, dept, s.id, { decision: 'approve' })
    expect(noOpinion.status).toBe(400)
    expect(noOpinion.data.error.message).toContain('院系意见')
    expect(fieldOf(noOpinion)).toBe('opinion')
    expect(await eventsOf(t, s.id)).toHaveLength(2) // save, submit: the refused decisions stored nothing

    const ret = await decide(t, dept, s.id, { decision: 'return', reason: '自我评价过于简单，请补充实例' })
    expect(ret.status).toBe(200)
    expect(ret.data).toMatchObject({ status: 'returned', reason: '自我评价过于简单，请补充实例', decidedBy: 'jsj' })
    const mine = await t.json('GET', '/api/v1/me/recommendation', { token: g.token })
    expect(mine.data).toMatchObject({ status: 'returned', editable: true, reason: '自我评价过于简单，请补充实例' })
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: g.token })
    expect(inbox.data.items[0]).toMatchObject({
      kind: 'recommendation.decision',
      title: '就业推荐表被退回修改',
      link: '/me/recommendation',
    })
    expect(inbox.data.items[0].body).toContain('自我评价过于简单，请补充实例')

    // Returned: editable again, and submitted again.
    const edit = await t.json('PUT', '/api/v1/me/recommendation', {
      token: g.token,
      body: { selfEvaluation: `${PARTS.selfEvaluation}曾带队获得省级竞赛二等奖。` },
    })
    expect(edit.status).toBe(200)
    expect((await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })).data.status).toBe('submitted')

    const ok = await decide(t, dept, s.id, { decision: 'approve', opinion: OPINION })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({
      status: 'approved',
      opinion: OPINION,
      pdf: `/api/v1/recommendations/${s.id}/recommendation.pdf`,
    })
    expect(ok.data.events.map((e: { move: string }) => e.move)).toEqual(['submit', 'return', 'submit', 'approve'])
    const after = await t.json('GET', '/api/v1/me/recommendation', { token: g.token })
    expect(after.data).toMatchObject({
      status: 'approved',
      editable: false,
      opinion: OPINION,
      reason: null,
      pdf: '/api/v1/me/recommendation.pdf',
    })
    const told = await t.json('GET', '/api/v1/me/notifications', { token: g.token })
    expect(told.data.items[0]).toMatchObject({ kind: 'recommendation.decision', title: '就业推荐表已通过院系审核' })

    // Approved is final: no edit, no submit, no second decision.
    expect((await t.json('PUT', '/api/v1/me/recommendation', { token: g.token, body: { skills: 'x' } })).status).toBe(
      409,
    )
    expect((await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })).status).toBe(409)
    const again = await decide(t, dept, s.id, { decision: 'return', reason: '再看看' })
    expect(again.status).toBe(409)
    expect(again.data.error.code).toBe('conflict')
    expect(await auditActions(t)).toEqual([
      'recommendation.save',
      'recommendation.submit',
      'recommendation.return',
      'recommendation.save',
      'recommendation.submit',
      'recommendation.approve',
    ])
  })

  it('a decision on one not submitted (a draft) is a 409', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const draft = await t.json('PUT', '/api/v1/me/recommendation', { token: g.token, body: PARTS })
    const r = await decide(t, t.adminToken, draft.data.id, { decision: 'approve', opinion: OPINION })
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('草稿')
    expect((await t.json('GET', '/api/v1/me/recommendation', { token: g.token })).data.status).toBe('draft')
  })

  it('two racing decisions: one 200, one 409, one event, one audit row, one notification', async () => {
    const t = await createTestApp()
    const other = await t.createStaff('school2', { role: 'school' })
    for (const [a, b] of [
      ['approve', 'approve'],
      ['approve', 'return'],
      ['return', 'approve'],
    ] as const) {
      const g = await graduate(t)
      const s = await submitted(t, g)
      const body = (d: 'approve' | 'return') => ({ decision: d, opinion: OPINION, reason: '请补充' })
      const results = await Promise.all([decide(t, t.adminToken, s.id, body(a)), decide(t, other, s.id, body(b))])
      expect(results.map((r) => r.status).sort()).toEqual([200, 409])
      const loser = results.find((r) => r.status === 409)!
      expect(loser.data.error.code).toBe('conflict')
      // Both read it `submitted` before either wrote (no real I/O between them), so the loser was
      // stopped by the batch's guard, not by the status check before it.
      expect(loser.data.error.message).toContain('已被他人处理')
      const decisions = (await eventsOf(t, s.id)).filter((e) => e.move === 'approve' || e.move === 'return')
      expect(decisions).toHaveLength(1)
      const audits = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('target', '=', `graduate:${g.id}`)
        .where('action', 'in', ['recommendation.approve', 'recommendation.return'])
        .execute()
      expect(audits).toHaveLength(1)
      const inbox = await t.json('GET', '/api/v1/me/notifications', { token: g.token })
      expect(inbox.data.items.filter((n: { kind: string }) => n.kind === 'recommendation.decision')).toHaveLength(1)
      const row = await t.db
        .selectFrom('recommendations')
        .select(['status', 'version'])
        .where('id', '=', s.id)
        .executeTakeFirst()
      expect(row!.version).toBe(3) // saved, submitted, decided once
      expect(row!.status).toBe(decisions[0].to_status)
    }
  })
})

describe('who sees which 推荐表', () => {
  async function school() {
    const t = await createTestApp()
    const cs = await graduate(t, { department: '计算机学院', name: '计科生' })
    const fl = await graduate(t, { department: '外语学院', name: '外语生' })
    const master = await graduate(t, {
      department: '计算机学院',
      name: '硕士生',
      education_code: '11',
      length_of_schooling: '3',
    })
    const csRec = await submitted(t, cs)
    const flRec = await submitted(t, fl)
    const masterRec = await submitted(t, master)
    return { t, cs, fl, master, csRec, flRec, masterRec }
  }
  const names = (r: { data: { items: Array<{ name: string }> } }) => r.data.items.map((i) => i.name).sort()

  it('a department user lists, reads, decides and downloads its own 院系 only', async () => {
    const { t, csRec, flRec } = await school()
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const list = await t.json('GET', '/api/v1/recommendations', { token: dept })
    expect(list.status).toBe(200)
    expect(names(list)).toEqual(['硕士生', '计科生'])
    expect(list.data.total).toBe(2)
    // Asking for another 院系 gives nothing, not the other 院系's.
    const asked = await t.json('GET', '/api/v1/recommendations?department=外语学院&status=&q=&page=', { token: dept })
    expect(asked.data).toEqual({ items: [], total: 0 })
    expect((await t.json('GET', `/api/v1/recommendations/${flRec.id}`, { token: dept })).status).toBe(404)
    const decided = await decide(t, dept, flRec.id, { decision: 'approve', opinion: OPINION })
    expect(decided.status).toBe(404)
    expect((await t.json('GET', `/api/v1/recommendations/${flRec.id}`, { token: t.adminToken })).data.status).toBe(
      'submitted',
    )
    expect(
      (await t.request('GET', `/api/v1/recommendations/${flRec.id}/recommendation.pdf`, { token: dept })).status,
    ).toBe(404)
    expect((await decide(t, dept, csRec.id, { decision: 'approve', opinion: OPINION })).status).toBe(200)
    // The school sees every 院系; filters and the search work on its list.
    const all = await t.json('GET', '/api/v1/recommendations', { token: t.adminToken })
    expect(names(all)).toEqual(['外语生', '硕士生', '计科生'])
    expect(all.data.items[0].status).toBe('submitted') // waiting ones first
    expect(names(await t.json('GET', '/api/v1/recommendations?status=approved', { token: t.adminToken }))).toEqual([
      '计科生',
    ])
    expect(
      names(await t.json('GET', `/api/v1/recommendations?q=${encodeURIComponent('外语')}`, { token: t.adminToken })),
    ).toEqual(['外语生'])
  })

  it('数据权限: a 本专科 user never sees a 研究生’s 推荐表, a 研究生 user only those', async () => {
    const { t, masterRec, csRec } = await school()
    await t.createStaff('ug', { department: '计算机学院' })
    await t.json('PATCH', '/api/v1/users/ug', { token: t.adminToken, body: { educationScope: 'undergraduate' } })
    await t.createStaff('pg', { role: 'school' })
    await t.json('PATCH', '/api/v1/users/pg', { token: t.adminToken, body: { educationScope: 'graduate' } })
    const ug = await t.login('ug', 'ug-password')
    const pg = await t.login('pg', 'pg-password')
    expect(names(await t.json('GET', '/api/v1/recommendations', { token: ug }))).toEqual(['计科生'])
    expect((await t.json('GET', `/api/v1/recommendations/${masterRec.id}`, { token: ug })).status).toBe(404)
    expect((await decide(t, ug, masterRec.id, { decision: 'approve', opinion: OPINION })).status).toBe(404)
    expect(names(await t.json('GET', '/api/v1/recommendations', { token: pg }))).toEqual(['硕士生'])
    expect((await t.json('GET', `/api/v1/recommendations/${csRec.id}`, { token: pg })).status).toBe(404)
  })

  it('read-only staff read but do not decide; counsellors and graduates have no staff routes', async () => {
    const { t, csRec, cs } = await school()
    const ro = await t.createStaff('viewer', { department: '计算机学院', permissions: { info: 'ro' } })
    expect((await t.json('GET', `/api/v1/recommendations/${csRec.id}`, { token: ro })).status).toBe(200)
    expect((await decide(t, ro, csRec.id, { decision: 'approve', opinion: OPINION })).status).toBe(403)
    const made = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'teacher',
        password: 'teacher-password',
        role: 'counsellor',
        department: '计算机学院',
        classes: ['计科2201'],
        permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      },
    })
    expect(made.status).toBe(201)
    const counsellor = await t.login('teacher', 'teacher-password')
    expect((await t.json('GET', '/api/v1/recommendations', { token: counsellor })).status).toBe(403)
    expect((await t.json('GET', '/api/v1/recommendations', { token: cs.token })).status).toBe(403)
    expect((await decide(t, cs.token, csRec.id, { decision: 'approve', opinion: '我自己同意' })).status).toBe(403)
  })
})

describe('the PDF', () => {
  it('is there only once approved, for the graduate and for staff of the 院系', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const mine = await t.json('GET', '/api/v1/me/recommendation.pdf', { token: g.token })
    expect(mine.status).toBe(404)
    const s = await submitted(t, g)
    expect((await t.json('GET', '/api/v1/me/recommendation.pdf', { token: g.token })).status).toBe(409)
    expect(
      (await t.json('GET', `/api/v1/recommendations/${s.id}/recommendation.pdf`, { token: t.adminToken })).status,
    ).toBe(409)
    await decide(t, t.adminToken, s.id, { decision: 'approve', opinion: OPINION })
    const res = await t.request('GET', '/api/v1/me/recommendation.pdf', { token: g.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(
      `毕业生就业推荐表-${g.studentNo}-${g.name}.pdf`,
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const staff = await t.request('GET', `/api/v1/recommendations/${s.id}/recommendation.pdf`, { token: t.adminToken })
    expect(staff.status).toBe(200)
    expect(new TextDecoder().decode((await staff.arrayBuffer()).slice(0, 5))).toBe('%PDF-')
    expect(await auditActions(t)).toContain('recommendation.download')
  })
})
