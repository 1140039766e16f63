/**
 * The school's signing pages without JavaScript (seed 004 §2.2–2.7): 用人单位审核, 预警单位,
 * 签约设置, 在线签约管理 with its filters and pages, the 鉴证 screen, the home page's counts — and
 * that a school (or a 院系) sees only its own; 协议审核, 签约审核 and 补登审核 with the scans,
 * 解约审核 with the 解约函, 强制解约 (never a 院系's), 作废 with 作废信息管理, and 修改.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { PNG, fileForm, pageSession } from '../registration/fixtures.js'
import { AGENTS, employerBody, invite, signingSetup } from './fixtures.js'
import { draft, offlineInForce, ownSetup, post, scan } from './own-fixtures.js'

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

const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n')

function letterForm(fields: Record<string, string>, bytes: Uint8Array | null = PNG) {
  const fd = bytes ? fileForm(bytes, 'letter.png') : new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  return fd
}

async function onlineInForce(t: TestApp, s: Awaited<ReturnType<typeof signingSetup>>, g = s.g, token = s.student) {
  const a = await invite(t, s.employer.token, g)
  expect((await accept(t, token, a.id)).status).toBe(200)
  expect((await post(t, t.adminToken, `/api/v1/agreements/${a.id}/decision`, { decision: 'approve' })).status).toBe(200)
  return a
}

const api = async (t: TestApp, id: number) =>
  (await t.json('GET', `/api/v1/agreements/${id}`, { token: t.adminToken })).data

describe('协议审核, 签约审核 and 补登审核 (issue 16 item 1)', () => {
  it('names the review by kind and status, shows the scans from the file route, and 补登’s paper number', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await draft(t, student)
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).status).toBe(200)
    const s = await admin(t)

    // The home page's 就业协议审核 count opens its own queue; the row says which review it is.
    const home = await s.get('/admin')
    expect(home.html).toMatch(/data-stat="protocol-review"><div>就业协议审核待审核<\/div><div class="n">1</)
    const queue = await s.get('/admin/agreements?awaiting=true&queue=protocol')
    expect(queue.html).toContain('共 1 条')
    expect(queue.html).toContain(`<a href="/admin/agreements/${a.id}">协议审核</a>`)
    expect((await s.get('/admin/agreements?awaiting=true&queue=signing')).html).toContain('共 0 条')

    const first = await s.get(`/admin/agreements/${a.id}`)
    expect(first.html).toContain('<title>协议审核 · 去向</title>')
    expect(first.html).toContain('data-review-form="protocol"><input type="hidden" name="_csrf"')
    expect(first.html).toMatch(/<h2>协议审核<\/h2>/)
    expect(first.html).toContain('审核通过后系统生成电子就业协议书')
    expect(first.html).toContain('审核步骤：① 协议审核（当前）→ ② 签约审核（未开始）')
    expect(first.html).not.toContain('data-scans')
    for (const d of ['approve', 'return', 'reject']) expect(first.html).toContain(`value="${d}"`)
    const ok = await s.post(`/admin/agreements/${a.id}/decision`, { decision: 'approve' })
    expect(ok.location).toBe(`/admin/agreements/${a.id}?ok=approve`)
    expect((await api(t, a.id)).status).toBe('awaiting_stamp')
    const waiting = await s.get(`/admin/agreements/${a.id}?ok=approve`)
    expect(waiting.html).toContain('审核步骤：① 协议审核（已通过）→ ② 签约审核（待回传协议书图像）')
    expect(waiting.html).not.toContain('data-review-form')

    // The stamped scan, then 签约审核 with the image inline from the authorised route.
    expect((await scan(t, student, a.id)).status).toBe(200)
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('stamp_submitted')
    const fileId = (await api(t, a.id)).files[0].id as string
    const second = await s.get(`/admin/agreements/${a.id}`)
    expect(second.html).toMatch(/<h2>签约审核<\/h2>/)
    expect(second.html).toContain('请核对单位盖章的协议书图像')
    expect(second.html).toContain('审核步骤：① 协议审核（已通过）→ ② 签约审核（当前）')
    const href = `/api/v1/agreements/${a.id}/files/${fileId}`
    expect(second.html).toContain(`<img class="proof-preview" src="${href}" alt="协议书图像：stamped.png"`)
    const img = await s.get(href)
    expect(img.status).toBe(200)
    expect(img.res.headers.get('content-type')).toBe('image/png')
    expect(img.res.headers.get('content-disposition')).toMatch(/^inline/)
    expect(img.res.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await s.get('/admin/agreements?awaiting=true&queue=signing')).html).toContain(
      `<a href="/admin/agreements/${a.id}">签约审核</a>`,
    )
    const done = await s.post(`/admin/agreements/${a.id}/decision`, { decision: 'approve' })
    expect(done.location).toBe(`/admin/agreements/${a.id}?ok=approve`)
    expect((await api(t, a.id)).status).toBe('in_force')
    const after = await s.get(`/admin/agreements/${a.id}?ok=approve`)
    expect(after.html).toContain('<title>协议详情 · 去向</title>')
    expect(after.html).not.toContain('data-review-form')
    expect(after.html).toContain(href) // the scan stays on the record
    expect(after.html).not.toContain('data-steps')

    // 补登: the paper number and a PDF scan (a download link, never inline); 不通过 asks first.
    const g2 = await insertGraduate(t, { name: '补登生' })
    const s2 = await studentToken(t, g2)
    const p = await draft(t, s2, { kind: 'paper', agreementNo: 'BD2026000123' })
    expect((await scan(t, s2, p.id, PDF, '纸质协议.pdf')).status).toBe(200)
    expect((await post(t, s2, `/api/v1/me/agreements/${p.id}/submit`)).data.status).toBe('submitted')
    const pdfId = (await api(t, p.id)).files[0].id as string
    const paper = await s.get(`/admin/agreements/${p.id}`)
    expect(paper.html).toMatch(/<h2>补登审核<\/h2>/)
    expect(paper.html).toContain('请核对纸质协议书图像和协议编号')
    expect(paper.html).toMatch(/<th scope="row">纸质协议书编号<\/th><td>BD2026000123<\/td>/)
    expect(paper.html).toContain(`href="/api/v1/agreements/${p.id}/files/${pdfId}?download=1"`)
    expect(paper.html).not.toContain(`src="/api/v1/agreements/${p.id}/files/${pdfId}"`)
    const pdf = await s.get(`/api/v1/agreements/${p.id}/files/${pdfId}?download=1`)
    expect(pdf.res.headers.get('content-disposition')).toMatch(/^attachment/)
    const ask = await s.post(`/admin/agreements/${p.id}/decision`, { decision: 'reject', reason: '图像不清晰' })
    expect(ask.status).toBe(200)
    expect(ask.html).toContain('补登申请直接作废')
    expect((await api(t, p.id)).status).toBe('submitted')
    const rejected = await s.post(`/admin/agreements/${p.id}/decision`, {
      decision: 'reject',
      reason: '图像不清晰',
      confirmed: '1',
    })
    expect(rejected.location).toBe(`/admin/agreements/${p.id}?ok=reject`)
    expect((await api(t, p.id)).status).toBe('rejected')
  })
})

describe('解约审核 (issue 16 item 2)', () => {
  it('shows the request with its 解约函, needs a reason to return, asks before approving, and one of two racing approvals wins', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await offlineInForce(t, student)
    const asked = await t.json('POST', `/api/v1/me/agreements/${a.id}/rescission`, {
      token: student,
      body: letterForm({ reason: '其他去向', note: '考取公务员' }),
    })
    expect(asked.status).toBe(200)
    const letter = asked.data.rescission.letter as string
    const s = await admin(t)

    // Counted, listed among what waits for me, and the row says 解约审核.
    const home = await s.get('/admin')
    expect(home.html).toMatch(/data-stat="rescissions"><div>解约审核待审核<\/div><div class="n">1</)
    for (const path of ['/admin/agreements?awaiting=true', '/admin/agreements?awaiting=true&queue=rescission']) {
      const list = await s.get(path)
      expect(list.html, path).toContain('共 1 条')
      expect(list.html, path).toContain(`<a href="/admin/agreements/${a.id}">解约审核</a>`)
      expect(list.html, path).toContain('待您审核')
    }
    // A 院系 user under 仅校级审核 has nothing of it to review.
    await t.createStaff('cs5', { department: '计算机学院' })
    const d = await pageSession(t, 'admin', 'cs5', 'cs5-password')
    expect((await d.get('/admin/agreements?awaiting=true')).html).toContain('共 0 条')
    const dView = await d.get(`/admin/agreements/${a.id}`)
    expect(dView.status).toBe(200)
    expect(dView.html).not.toContain('data-rescission-form')

    const page = await s.get(`/admin/agreements/${a.id}`)
    expect(page.html).toContain('<title>解约审核 · 去向</title>')
    expect(page.html).toContain('等待学校解约审核')
    expect(page.html).toMatch(/<th scope="row">解约方<\/th><td>学生<\/td>/)
    expect(page.html).toMatch(/<th scope="row">解约原因<\/th><td>其他去向<\/td>/)
    expect(page.html).toMatch(/<th scope="row">解约说明<\/th><td>考取公务员<\/td>/)
    expect(page.html).toContain(`src="/api/v1/agreements/${a.id}/files/${letter}" alt="解约函：letter.png"`)
    expect(page.html).toContain('data-rescission-form')
    expect(page.html).not.toContain('data-review-form')
    for (const label of ['解约审核通过', '退回修改', '解约审核不通过'])
      expect(page.html).toContain(`>${label}</button>`)
    const url = `/admin/agreements/${a.id}/rescission-decision`

    // 退回 without a reason: the same page, the error at the field; a reason too long keeps what was typed.
    const bare = await s.post(url, { decision: 'return', rescissionReason: '  ' })
    expect(bare.status).toBe(400)
    expect(bare.html).toContain('id="rescissionReason-error">原因：退回修改或审核不通过须填写原因')
    expect(bare.html).toContain('aria-invalid="true"')
    const long = '章'.repeat(501)
    const tooLong = await s.post(url, { decision: 'return', rescissionReason: long })
    expect(tooLong.status).toBe(400)
    expect(tooLong.html).toContain('id="rescissionReason-error">原因：不能超过 500 个字')
    expect(tooLong.html).toContain(`>${long}</textarea>`)
    const back = await s.post(url, { decision: 'return', rescissionReason: '解约函缺少单位公章' })
    expect(back.location).toBe(`/admin/agreements/${a.id}?ok=r_return`)
    const returned = await s.get(`/admin/agreements/${a.id}?ok=r_return`)
    expect(returned.html).toContain('解约申请已退回毕业生修改')
    expect(returned.html).not.toContain('data-rescission-form')
    expect((await api(t, a.id)).rescissionStage).toBe('returned')

    // Asked again with the same letter; 通过 is asked first, and nothing changes until confirmed.
    await t.json('POST', `/api/v1/me/agreements/${a.id}/rescission`, {
      token: student,
      body: letterForm({ reason: '其他去向', note: '已补盖公章' }, null),
    })
    const confirm = await s.post(url, { decision: 'approve' })
    expect(confirm.status).toBe(200)
    expect(confirm.html).toContain('确认解约审核通过')
    expect(confirm.html).toContain('name="confirmed" value="1"')
    expect((await api(t, a.id)).status).toBe('rescinding')

    // Two racing approvals: one goes through, the other is the 409 page.
    const [r1, r2] = await Promise.all([
      s.post(url, { decision: 'approve', confirmed: '1' }),
      s.post(url, { decision: 'approve', confirmed: '1' }),
    ])
    expect([r1.status, r2.status].sort()).toEqual([303, 409])
    const lost = r1.status === 409 ? r1 : r2
    expect(lost.html).toContain('协议已被他人处理或已变化')
    expect((r1.status === 303 ? r1 : r2).location).toBe(`/admin/agreements/${a.id}?ok=r_approve`)
    const done = await api(t, a.id)
    expect(done.status).toBe('rescinded')
    expect((await t.json('GET', '/api/v1/me/registration', { token: student })).data.destination).toBeNull()
    const after = await s.get(`/admin/agreements/${a.id}?ok=r_approve`)
    expect(after.html).toContain('解约审核通过，解约已生效')
    expect(after.html).toContain('data-rescission')
    expect(after.html).not.toContain('data-rescission-form')
    // 解约管理: the list by status says why and when.
    const ended = await s.get('/admin/agreements?status=rescinded')
    expect(ended.html).toContain('<title>解约管理 · 去向</title>')
    expect(ended.html).toContain('解约原因：其他去向')
  })

  it('an online 解约 has 通过 and 不通过 only, with the other party’s answer; 不通过 leaves it in force', async () => {
    const t = await createTestApp()
    const setup = await signingSetup(t)
    const a = await onlineInForce(t, setup)
    await post(t, setup.student, `/api/v1/me/agreements/${a.id}/rescission`, { reason: '升学' })
    await post(t, setup.employer.token, `/api/v1/employer/agreements/${a.id}/rescission/answer`, { answer: 'accept' })
    const s = await admin(t)
    const page = await s.get(`/admin/agreements/${a.id}`)
    expect(page.html).toMatch(/<th scope="row">另一方回应<\/th><td>已同意解约<\/td>/)
    expect(page.html).toContain('>解约审核通过</button>')
    expect(page.html).toContain('>解约审核不通过</button>')
    expect(page.html).not.toContain('value="return"')
    const url = `/admin/agreements/${a.id}/rescission-decision`
    const noReason = await s.post(url, { decision: 'reject', rescissionReason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.html).toContain('id="rescissionReason-error">原因：')
    const ask = await s.post(url, { decision: 'reject', rescissionReason: '双方未协商一致' })
    expect(ask.html).toContain('确认解约审核不通过')
    const no = await s.post(url, { decision: 'reject', rescissionReason: '双方未协商一致', confirmed: '1' })
    expect(no.location).toBe(`/admin/agreements/${a.id}?ok=r_reject`)
    expect((await api(t, a.id)).status).toBe('in_force')
  })
})

describe('强制解约 and 作废 (issue 16 items 3, 4)', () => {
  it('a 院系 user sees neither form and is refused 403; the school forces a 解约 and voids another, listed under 作废信息', async () => {
    const t = await createTestApp()
    const setup = await signingSetup(t, { name: '李雷' })
    const a = await onlineInForce(t, setup)
    const g2 = await insertGraduate(t, { name: '韩梅梅' })
    const b = await onlineInForce(t, setup, g2, await studentToken(t, g2))

    await t.createStaff('cs1', { department: '计算机学院' })
    const d = await pageSession(t, 'admin', 'cs1', 'cs1-password')
    const seen = await d.get(`/admin/agreements/${a.id}`)
    expect(seen.status).toBe(200)
    for (const part of ['data-force-form', 'data-void-form', '修改协议信息']) expect(seen.html).not.toContain(part)
    const force = { forceReason: '单位原因', forceNote: '单位长期未处理，已电话核实', confirmed: '1' }
    expect((await d.post(`/admin/agreements/${a.id}/forced-rescission`, force)).status).toBe(403)
    expect((await d.post(`/admin/agreements/${a.id}/void`, { voidReason: '协商一致', confirmed: '1' })).status).toBe(
      403,
    )
    expect((await d.get(`/admin/agreements/${a.id}/edit`)).status).toBe(403)
    expect((await api(t, a.id)).status).toBe('in_force')

    const s = await admin(t)
    const page = await s.get(`/admin/agreements/${a.id}`)
    for (const part of ['data-force-form', 'data-void-form', `href="/admin/agreements/${a.id}/edit"`])
      expect(page.html).toContain(part)
    expect(page.html).toContain('<option value="学生单方面解约">学生单方面解约</option>')
    const url = `/admin/agreements/${a.id}/forced-rescission`
    // No 情况说明: at its field, the chosen reason kept.
    const bare = await s.post(url, { forceReason: '单位原因', forceNote: '' })
    expect(bare.status).toBe(400)
    expect(bare.html).toContain('id="forceNote-error">情况说明：必须填写')
    expect(bare.html).toContain('<option value="单位原因" selected="">单位原因</option>')
    expect(bare.html).toMatch(/<details open="">\s*<summary>强制解约<\/summary>/)
    const badReason = await s.post(url, { forceReason: '不想干了', forceNote: '核实过', confirmed: '1' })
    expect(badReason.status).toBe(400)
    expect(badReason.html).toContain('id="forceReason-error">解约原因：请选择')
    expect(badReason.html).toContain('>核实过</textarea>')
    const tooLong = await s.post(url, { forceReason: '单位原因', forceNote: '说'.repeat(201), confirmed: '1' })
    expect(tooLong.html).toContain('id="forceNote-error">情况说明：不能超过 200 个字')
    // Asked first; then done.
    const ask = await s.post(url, { forceReason: '单位原因', forceNote: '单位长期未处理，已电话核实' })
    expect(ask.html).toContain('确认强制解约')
    expect((await api(t, a.id)).status).toBe('in_force')
    const forced = await s.post(url, force)
    expect(forced.location).toBe(`/admin/agreements/${a.id}?ok=forced`)
    expect((await api(t, a.id)).rescission).toMatchObject({ by: 'school', forced: true, note: force.forceNote })
    const after = await s.get(`/admin/agreements/${a.id}?ok=forced`)
    expect(after.html).toContain('已强制解约')
    expect(after.html).toMatch(/<th scope="row">情况说明<\/th><td>单位长期未处理，已电话核实<\/td>/)
    expect(after.html).not.toContain('data-force-form')
    expect(after.html).not.toContain('data-void-form')
    expect((await t.json('GET', '/api/v1/me/registration', { token: setup.student })).data.destination).toBeNull()
    // A second one is the 409 page.
    expect((await s.post(url, force)).status).toBe(409)

    // 作废: the reason at its field, asked first, then voided and listed in 作废信息管理.
    const voidUrl = `/admin/agreements/${b.id}/void`
    const empty = await s.post(voidUrl, { voidReason: '' })
    expect(empty.status).toBe(400)
    expect(empty.html).toContain('id="voidReason-error">作废原因：必须填写')
    expect((await s.post(voidUrl, { voidReason: '三方协商一致作废' })).html).toContain('确认作废协议')
    expect((await api(t, b.id)).status).toBe('in_force')
    const voided = await s.post(voidUrl, { voidReason: '三方协商一致作废', confirmed: '1' })
    expect(voided.location).toBe(`/admin/agreements/${b.id}?ok=voided`)
    expect((await api(t, b.id)).status).toBe('voided')
    const list = await s.get('/admin/agreements?status=voided')
    expect(list.html).toContain('<h1>作废信息管理</h1>')
    expect(list.html).toContain(
      '<a href="/admin/agreements?status=voided&amp;cohort=2026" aria-current="page">作废信息</a>',
    )
    expect(list.html).toContain('共 1 条')
    expect(list.html).toContain('韩梅梅')
    expect(list.html).not.toContain('李雷')
    expect(list.html).toContain('作废原因：三方协商一致作废（')
    expect((await s.get('/admin/agreements?status=rescinded')).html).toContain('解约原因：单位原因')
  })
})

describe('修改 (issue 16 item 5)', () => {
  it('a registered unit: job and contact only, errors at their fields with the typing kept, back with a notice', async () => {
    const t = await createTestApp()
    const setup = await signingSetup(t)
    const a = await onlineInForce(t, setup)
    const s = await admin(t)
    const list = await s.get('/admin/agreements')
    expect(list.html).toContain(`<a href="/admin/agreements/${a.id}/edit">修改</a>`)
    const form = await s.get(`/admin/agreements/${a.id}/edit`)
    expect(form.status).toBe(200)
    expect(form.html).toContain('id="job_title" name="job_title" type="text" value="软件工程师"')
    expect(form.html).toContain('id="unit_contact" name="unit_contact" type="text" value="张三"')
    expect(form.html).not.toContain('id="unit_nature"')
    expect(form.html).not.toContain('id="unit_address"')
    expect(form.html).toMatch(/<th scope="row">统一社会信用代码<\/th><td>91110108/)
    expect(form.html).toContain('由用人单位在本单位信息中维护')

    const url = `/admin/agreements/${a.id}/edit`
    const fields = {
      job_category: '13',
      job_title: '',
      job_salary: '15000元/月',
      unit_contact: '钱主管',
      unit_phone: '13900139000',
      unit_email: '',
      reason: '岗位调整',
    }
    const noTitle = await s.post(url, fields)
    expect(noTitle.status).toBe(400)
    expect(noTitle.html).toContain('id="job_title-error">岗位名称：必须填写')
    expect(noTitle.html).toContain('value="钱主管"')
    expect(noTitle.html).toContain('value="15000元/月"')
    const badPhone = await s.post(url, { ...fields, job_title: '高级工程师', unit_phone: '12' })
    expect(badPhone.status).toBe(400)
    expect(badPhone.html).toContain('id="unit_phone-error">联系人电话：')
    expect(badPhone.html).toContain('value="高级工程师"')
    // The employer's own fields are not on the form; one added by hand is not passed on.
    const ok = await s.post(url, { ...fields, job_title: '高级工程师', unit_nature: '10' })
    expect(ok.location).toBe(`/admin/agreements/${a.id}?ok=modified`)
    const after = await api(t, a.id)
    expect(after).toMatchObject({
      status: 'in_force',
      job: { title: '高级工程师', salary: '15000元/月' },
      unit: { contact: '钱主管', email: null, nature: '39' },
    })
    expect(after.events.at(-1)).toMatchObject({ from: 'in_force', to: 'in_force', reason: '岗位调整' })
    expect((await s.get(`/admin/agreements/${a.id}?ok=modified`)).html).toContain('协议信息已修改，毕业去向已同步更新')
    const reg = await t.json('GET', '/api/v1/me/registration', { token: setup.student })
    expect(reg.data.destination).toMatchObject({ unitName: setup.employer.body.name })

    // Not in force: no form.
    await s.post(`/admin/agreements/${a.id}/void`, { voidReason: '协商一致', confirmed: '1' })
    expect((await s.get(url)).status).toBe(409)
  })

  it('an offline agreement’s unit (no account): nature, industry, location and address too, with the place picker', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await offlineInForce(t, student)
    const s = await admin(t)
    const url = `/admin/agreements/${a.id}/edit`
    const form = await s.get(url)
    for (const id of ['unit_nature', 'unit_industry', 'unit_location', 'unit_address'])
      expect(form.html).toContain(`id="${id}"`)
    const fields = {
      job_category: '13',
      job_title: '数据分析师',
      unit_nature: '10',
      unit_industry: '34',
      unit_location: '110108',
      unit_address: '北京市朝阳区',
      unit_contact: '赵经理',
      unit_phone: '010-88886666',
      unit_email: 'hr@offline.example',
    }
    // The picker answers in place, nothing saved, everything typed kept.
    const picked = await s.post(url, { ...fields, unit_location__q: '朝阳', intent: 'place:unit_location' })
    expect(picked.status).toBe(200)
    expect(picked.html).toContain('value="北京市朝阳区"')
    expect(picked.html).toContain('place-pick:unit_location:110105')
    expect((await api(t, a.id)).unit.address).toBe('北京市海淀区学院路1号')
    const bad = await s.post(url, { ...fields, unit_location: '999999' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="unit_location-error">单位所在地：')
    const ok = await s.post(url, { ...fields, unit_location: '110105' })
    expect(ok.location).toBe(`/admin/agreements/${a.id}?ok=modified`)
    expect((await api(t, a.id)).unit).toMatchObject({
      nature: '10',
      location: '110105',
      address: '北京市朝阳区',
      name: '北京线下科技有限公司',
    })
  })
})
