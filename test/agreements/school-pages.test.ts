/**
 * The school's signing pages without JavaScript (seed 004 §2.2–2.3): 用人单位审核, 预警单位,
 * 签约设置, 在线签约管理 with its filters and pages, the 鉴证 screen, the home page's counts — and
 * that a school (or a 院系) sees only its own.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { AGENTS, employerBody, invite, signingSetup } from './fixtures.js'

const admin = (t: TestApp) => pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
const accept = (t: TestApp, token: string, id: number) =>
  t.json('POST', `/api/v1/me/agreements/${id}/answer`, { token, body: { answer: 'accept' } })

describe('用人单位审核 and 预警单位', () => {
  it('lists pending registrations with the warning, refuses a reason-less rejection, approves', async () => {
    const t = await createTestApp()
    const body = employerBody()
    const reg = await t.json('POST', '/api/v1/employers', { body })
    const a = await admin(t)
    const pending = await a.get('/admin/employers')
    expect(pending.status).toBe(200)
    expect(pending.html).toContain(body.name)
    expect(pending.html).toContain('其他企业')
    expect(pending.html).not.toContain('data-warning')

    // 预警单位: a bad credit code is said at its field; a good one is listed and warns on the review.
    const bad = await a.post('/admin/warning-units', { creditCode: '91110108ABC', name: body.name, reason: '欠薪' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="creditCode-error">统一社会信用代码：')
    const empty = await a.post('/admin/warning-units', { creditCode: body.creditCode, name: '', reason: '' })
    expect(empty.status).toBe(400)
    expect(empty.html).toContain('id="name-error">单位名称：必须填写')
    expect(empty.html).toContain('id="reason-error">预警原因：必须填写')
    const added = await a.post('/admin/warning-units', {
      creditCode: body.creditCode,
      name: body.name,
      reason: '多次拖欠工资',
    })
    expect(added.location).toBe('/admin/warning-units?ok=added')
    expect((await a.get('/admin/warning-units')).html).toContain('多次拖欠工资')
    const warned = await a.get('/admin/employers')
    expect(warned.html).toContain('预警单位：多次拖欠工资')

    const noReason = await a.post(`/admin/employers/${reg.data.id}/decision`, { decision: 'reject', reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('审核不通过须填写原因')
    const ok = await a.post(`/admin/employers/${reg.data.id}/decision`, { decision: 'approve' })
    expect(ok.location).toBe('/admin/employers?status=approved&ok=approve')
    expect((await t.json('GET', '/api/v1/employers?status=approved', { token: t.adminToken })).data.total).toBe(1)
    const twice = await a.post(`/admin/employers/${reg.data.id}/decision`, { decision: 'reject', reason: '重复' })
    expect(twice.status).toBe(409)

    // Removal is asked first, then done.
    const ask = await a.post(`/admin/warning-units/${body.creditCode}/remove`, {})
    expect(ask.html).toContain('确认移出预警单位')
    const rm = await a.post(`/admin/warning-units/${body.creditCode}/remove`, { confirmed: '1' })
    expect(rm.location).toBe('/admin/warning-units?ok=removed')
    expect((await a.get('/admin/warning-units')).html).not.toContain('多次拖欠工资')

    // A 院系 user cannot review employers; another school's employer is not listed.
    await t.createStaff('d1', { department: '计算机学院' })
    const d = await pageSession(t, 'admin', 'd1', 'd1-password')
    expect((await d.get('/admin/employers')).status).toBe(403)
    expect((await d.get('/admin/warning-units')).status).toBe(403)
    const other = await t.db
      .insertInto('schools')
      .values({ code: '10002', name: '另一所大学', created_at: t.clock.now.toISOString() } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    const foreign = employerBody()
    await t.db
      .insertInto('employers')
      .values({
        school_id: other.id,
        name: foreign.name,
        credit_code: foreign.creditCode,
        nature: '39',
        industry: '34',
        location: '110108',
        address: 'x',
        contact: 'x',
        phone: '13900139000',
        email: null,
        username: foreign.username,
        password_hash: 'x',
        created_at: t.clock.now.toISOString(),
        updated_at: t.clock.now.toISOString(),
      } as never)
      .execute()
    const mine = await a.get('/admin/employers?status=all')
    expect(mine.html).toContain(body.name)
    expect(mine.html).not.toContain(foreign.name)
  })
})

describe('签约设置', () => {
  it('needs the 协议经办人 before online signing, checks each field, and stays on once on', async () => {
    const t = await createTestApp()
    const a = await admin(t)
    const page = await a.get('/admin/agreements/settings')
    expect(page.status).toBe(200)
    expect(page.html).toMatch(/name="onlineSigning" value="off" checked=""/)
    const base = { onlineSigning: 'on', supplementaryRegistration: '1', maxRescissions: '5', agentsMode: 'all' }
    const none = await a.post('/admin/agreements/settings', base)
    expect(none.status).toBe(400)
    expect(none.html).toContain('id="agents-error">协议经办人：开启在线签约前须先设置协议经办人信息')
    const all = { all_name: AGENTS.all.name, all_phone: AGENTS.all.phone, all_address: AGENTS.all.address }
    const badPost = await a.post('/admin/agreements/settings', {
      ...base,
      ...all,
      all_postcode: '1008',
      maxRescissions: '100',
    })
    expect(badPost.status).toBe(400)
    expect(badPost.html).toContain('id="all_postcode-error">邮政编码：应为 6 位数字')
    expect(badPost.html).toContain('id="maxRescissions-error">学生可提交解约申请次数：应为 0–99')
    expect(badPost.html).toContain(`value="${AGENTS.all.address}"`)
    const saved = await a.post('/admin/agreements/settings', { ...base, ...all, all_postcode: AGENTS.all.postcode })
    expect(saved.location).toBe('/admin/agreements/settings?ok=saved')
    const api = await t.json('GET', '/api/v1/settings/signing', { token: t.adminToken })
    expect(api.data).toEqual({
      onlineSigning: true,
      supplementaryRegistration: true,
      maxRescissions: 5,
      agents: AGENTS,
    })
    const after = await a.get('/admin/agreements/settings?ok=saved')
    expect(after.html).toContain('签约设置已保存')
    expect(after.html).toMatch(/name="onlineSigning" value="off" disabled=""/)
    // Turning it off anyway: 409, said at the switch; nothing changed.
    const off = await a.post('/admin/agreements/settings', {
      ...base,
      ...all,
      all_postcode: '100871',
      onlineSigning: 'off',
    })
    expect(off.status).toBe(409)
    expect(off.html).toContain('id="onlineSigning-error">在线签约一旦开启，不可再关闭')
    // 本专科 and 研究生 separately: one group alone is refused, both are saved.
    const ug = { ug_name: '赵老师', ug_phone: '010-1', ug_address: '一号楼', ug_postcode: '100871' }
    const pg = { pg_name: '钱老师', pg_phone: '010-2', pg_address: '二号楼', pg_postcode: '100871' }
    const half = await a.post('/admin/agreements/settings', { ...base, agentsMode: 'split', ...ug })
    expect(half.status).toBe(400)
    expect(half.html).toContain('本专科和研究生两组都须填写')
    await a.post('/admin/agreements/settings', { ...base, agentsMode: 'split', ...ug, ...pg })
    const split = await t.json('GET', '/api/v1/settings/signing', { token: t.adminToken })
    expect(split.data.agents).toEqual({
      undergraduate: { name: '赵老师', phone: '010-1', address: '一号楼', postcode: '100871' },
      graduate: { name: '钱老师', phone: '010-2', address: '二号楼', postcode: '100871' },
    })
    // A 院系 user may not open it; a school user with 只读 sees it without the save button.
    await t.createStaff('d2', { department: '计算机学院' })
    expect((await (await pageSession(t, 'admin', 'd2', 'd2-password')).get('/admin/agreements/settings')).status).toBe(
      403,
    )
  })
})

describe('在线签约管理 and 鉴证', () => {
  it('lists with the national filters and pages, shows the four parts with the warning, and decides', async () => {
    const t = await createTestApp()
    const { employer, g, student } = await signingSetup(t, { name: '张伟', department: '计算机学院' })
    const other = await insertGraduate(t, { name: '王芳', department: '外国语学院' })
    const inv = await invite(t, employer.token, g)
    await invite(t, employer.token, other)
    expect((await accept(t, student, inv.id)).status).toBe(200)
    await t.json('PUT', `/api/v1/warning-units/${employer.body.creditCode}`, {
      token: t.adminToken,
      body: { name: employer.body.name, reason: '经营异常' },
    })
    const a = await admin(t)

    const home = await a.get('/admin')
    expect(home.html).toMatch(/data-stat="signing-total"><div>在线签约管理待审核总数<\/div><div class="n">1</)
    expect(home.html).toMatch(/data-stat="accepted"><div>学生已同意签约待审核<\/div><div class="n">1</)
    expect(home.html).not.toContain('存在已失效信息')

    const list = await a.get('/admin/agreements')
    expect(list.status).toBe(200)
    expect(list.html).toContain('张伟')
    expect(list.html).toContain('王芳')
    expect(list.html).toContain('待您审核')
    expect(list.html).toContain('预警单位')
    // 姓名, 院系, 状态, 发起方, 单位 — posted, so no name lands in an address.
    const byName = await a.post('/admin/agreements', { q: '王芳' })
    expect(byName.html).toContain('王芳')
    expect(byName.html).not.toContain('张伟')
    expect(byName.html).toContain('共 1 条')
    const byDept = await a.post('/admin/agreements', {
      department: '计算机学院',
      status: 'awaiting_review',
      initiator: 'employer',
    })
    expect(byDept.html).toContain('张伟')
    expect(byDept.html).not.toContain('王芳')
    expect((await a.post('/admin/agreements', { initiator: 'student' })).html).toContain('共 0 条')
    expect((await a.post('/admin/agreements', { unit: '不存在的单位' })).html).toContain('共 0 条')
    expect((await a.post('/admin/agreements', { studentNo: g.studentNo })).html).toContain('共 1 条')

    // The 鉴证 screen: the warning on top, the four parts, the decisions the state machine allows.
    const review = await a.get(`/admin/agreements/${inv.id}`)
    expect(review.status).toBe(200)
    expect(review.html).toContain('在本校预警单位名单中：经营异常')
    for (const part of ['就业管理系统已报送的就业信息', '协议信息', '单位信息', '学生信息'])
      expect(review.html).toContain(part)
    expect(review.html).toContain('尚未登记毕业去向')
    expect(review.html).toContain('软件工程师')
    expect(review.html).toContain('信息传输、软件和信息技术服务业')
    expect(review.html).not.toContain(g.idCard)
    expect(review.html).toContain('value="approve"')
    expect(review.html).toContain('value="reject"')
    const noReason = await a.post(`/admin/agreements/${inv.id}/decision`, { decision: 'reject', reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('id="reason-error">原因：退回或不通过须填写原因')
    const ok = await a.post(`/admin/agreements/${inv.id}/decision`, { decision: 'approve', reason: '' })
    expect(ok.location).toBe(`/admin/agreements/${inv.id}?ok=approve`)
    const done = await a.get(`/admin/agreements/${inv.id}?ok=approve`)
    expect(done.html).toContain('已审核通过')
    expect(done.html).toContain('签约鉴证通过（已生效）')
    expect(done.html).toContain(`/api/v1/agreements/${inv.id}/agreement.pdf`)
    expect(done.html).not.toContain('data-review-form')
    const again = await a.post(`/admin/agreements/${inv.id}/decision`, { decision: 'approve' })
    expect(again.status).toBe(409)
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data).toMatchObject({
      status: 'approved',
      destination: { type: '签就业协议书就业', unitName: employer.body.name },
    })
    expect((await a.get(`/admin/agreements/${inv.id}`)).html).toContain('签就业协议书就业')

    // The employer's agreements page has it in force, with its PDF.
    const e = await pageSession(t, 'employer', employer.body.username, employer.body.password)
    const mine = await e.get('/employer/agreements')
    expect(mine.html).toContain('签约鉴证通过（已生效）')
    const pdf = await e.get(`/api/v1/agreements/${inv.id}/agreement.pdf`)
    expect(pdf.status).toBe(200)
    expect(pdf.res.headers.get('content-type')).toContain('application/pdf')

    // Expired invitations: the home page says 存在已失效信息.
    t.clock.advance(8 * 86_400_000)
    const later = await admin(t)
    const home2 = await later.get('/admin')
    expect(home2.html).toContain('存在已失效信息：1 份签约邀请逾期未应约')
    expect((await later.get('/admin/agreements?status=expired')).html).toContain('王芳')
  })

  it('pages through 21 agreements; a 院系 and another school see only their own', async () => {
    const t = await createTestApp()
    const { employer } = await signingSetup(t)
    const names: string[] = []
    for (let i = 0; i < 21; i++) {
      const g = await insertGraduate(t, {
        name: `学生${String(i).padStart(2, '0')}`,
        department: i === 0 ? '外国语学院' : '计算机学院',
      })
      await invite(t, employer.token, g)
      names.push(g.name)
    }
    const a = await admin(t)
    const first = await a.get('/admin/agreements')
    expect(first.html).toContain('共 21 条')
    expect(first.html).toContain('第 1 / 2 页')
    const second = await a.post('/admin/agreements', { page: '2' })
    expect(second.html).toContain('第 2 / 2 页')
    expect(second.html).toContain(names[0])
    expect(second.html.match(/data-agreement="/g)).toHaveLength(1)

    // A 院系 user: its own 院系 only, and 404 on another's 鉴证 screen.
    await t.createStaff('wy', { department: '外国语学院' })
    const d = await pageSession(t, 'admin', 'wy', 'wy-password')
    const dl = await d.get('/admin/agreements')
    expect(dl.html).toContain('共 1 条')
    expect(dl.html).toContain(names[0])
    const foreignId = (
      await t.db
        .selectFrom('agreements')
        .innerJoin('graduates', 'graduates.id', 'agreements.graduate_id')
        .select('agreements.id')
        .where('graduates.name', '=', names[1])
        .executeTakeFirstOrThrow()
    ).id
    expect((await d.get(`/admin/agreements/${foreignId}`)).status).toBe(404)
    expect((await d.post(`/admin/agreements/${foreignId}/decision`, { decision: 'approve' })).status).toBe(404)

    // Another school's agreement: not in the list, 404 on its page.
    const other = await t.db
      .insertInto('schools')
      .values({ code: '10002', name: '另一所大学', created_at: t.clock.now.toISOString() } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('signing_settings')
      .values({
        school_id: other.id,
        online_signing: 1,
        supplementary_registration: 1,
        max_rescissions: 99,
        agents: JSON.stringify(AGENTS),
        updated_at: t.clock.now.toISOString(),
      } as never)
      .execute()
    const outsider = await insertGraduate({ ...t, schoolId: other.id }, { name: '外校生' })
    const foreign = await invite(t, employer.token, outsider, { school: '10002' })
    expect((await a.post('/admin/agreements', { q: '外校生' })).html).toContain('共 0 条')
    expect((await a.get(`/admin/agreements/${foreign.id}`)).status).toBe(404)
  })
})
