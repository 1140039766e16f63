/** The registration's states and moves over HTTP (contract §4.3), with both review modes. */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import {
  CREDIT,
  approved,
  archive,
  employment,
  fileForm,
  full,
  graduateWithToken,
  hukou,
  PNG,
  submitted,
} from './fixtures.js'

const decide = (t: TestApp, token: string, id: number, decision: string, reason?: string) =>
  t.json('POST', `/api/v1/registrations/${id}/decision`, { token, body: { decision, reason } })

const setMode = (t: TestApp, mode: string) =>
  t.json('PUT', '/api/v1/settings/review-mode', { token: t.adminToken, body: { reviewMode: mode } })

describe('the graduate', () => {
  it('saves a draft, submits with proof, and the school approves (version 1)', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).status).toBe(404)
    const saved = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { destination: { type: '签劳动合同就业', unitName: '北京示例科技有限公司' } },
    })
    expect(saved.status).toBe(200)
    expect(saved.data).toMatchObject({
      status: 'draft',
      source: '登记系统',
      version: 0,
      destination: { type: '签劳动合同就业', unitName: '北京示例科技有限公司' },
      archive: null,
      hukou: null,
    })
    // Parts sent later are added; parts not sent are kept.
    const more = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { archive: archive(), hukou: hukou() },
    })
    expect(more.data.destination.unitName).toBe('北京示例科技有限公司')
    expect(more.data.archive.postcode).toBe('100195')
    // Incomplete: submit names the first missing field.
    const incomplete = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    expect(incomplete.status).toBe(400)
    expect(incomplete.data.error).toMatchObject({ code: 'validation_error', message: '统一社会信用代码：必须填写' })
    await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: { destination: employment() } })
    // No proof yet.
    const noProof = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    expect(noProof.status).toBe(400)
    expect(noProof.data.error.message).toContain('证明材料')
    expect(
      (await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(PNG) })).status,
    ).toBe(201)
    const sub = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    expect(sub.status).toBe(200)
    expect(sub.data.status).toBe('submitted')
    expect(sub.data.submittedAt).toBeTruthy()
    const ok = await decide(t, t.adminToken, sub.data.id, 'approve')
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({ status: 'approved', version: 1 })
    const mine = await t.json('GET', '/api/v1/me/registration', { token: g.token })
    expect(mine.data.events.map((e: any) => [e.from, e.to])).toEqual([
      [null, 'draft'],
      ['draft', 'submitted'],
      ['submitted', 'approved'],
    ])
    expect(mine.data.events[2]).toMatchObject({ by: 'admin', at: t.clock.now.toISOString() })
    // Audited.
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'registration.%')
      .execute()
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'registration.save',
        'registration.submit',
        'registration.approve',
        'registration.attachment.add',
      ]),
    )
  })

  it('未就业 types need no proof and no unit', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: {
        destination: { type: '求职中' },
        archive: archive({ transferType: '转回生源地' }),
        hukou: { migrationType: '不迁移' },
      },
    })
    const r = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    expect(r.status).toBe(200)
    expect(r.data.hukou).toEqual({ migrationType: '不迁移', location: null, address: null })
  })

  it('format errors are refused even in a draft, naming the field', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const cases: Array<[object, string]> = [
      [
        { destination: employment({ unitCreditCode: CREDIT.slice(0, 17) + (CREDIT[17] === 'A' ? 'B' : 'A') }) },
        '统一社会信用代码',
      ],
      [{ archive: archive({ postcode: '12345' }) }, '档案转递单位邮编'],
      [{ archive: archive({ unitLocation: '110100' }) }, '档案转递单位所在地'],
      [{ hukou: hukou({ location: 'abc' }) }, '户口迁移所在地'],
      [{ destination: { type: '去火星' } }, '毕业去向'],
      [{ archive: archive({ phone: '123' }) }, '档案转递联系电话'],
    ]
    for (const [body, label] of cases) {
      const r = await t.json('PUT', '/api/v1/me/registration', { token: g.token, body })
      expect(r.status, label).toBe(400)
      expect(r.data.error.code).toBe('validation_error')
      expect(r.data.error.message.startsWith(`${label}：`), r.data.error.message).toBe(true)
    }
  })

  it('withdraws before review, not after', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    // Editing while in review is refused.
    expect((await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: full() })).status).toBe(409)
    const w = await t.json('POST', '/api/v1/me/registration/withdraw', { token: g.token })
    expect(w.status).toBe(200)
    expect(w.data.status).toBe('draft')
    expect((await t.json('POST', '/api/v1/me/registration/withdraw', { token: g.token })).status).toBe(409)
    await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
    await decide(t, t.adminToken, reg.id, 'approve')
    const late = await t.json('POST', '/api/v1/me/registration/withdraw', { token: g.token })
    expect(late.status).toBe(409)
    expect(late.data.error.code).toBe('conflict')
  })

  it('returned: edits and resubmits; rejected: files again', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const noReason = await decide(t, t.adminToken, reg.id, 'return')
    expect(noReason.status).toBe(400)
    expect(noReason.data.error.message).toMatch(/^原因：/)
    const ret = await decide(t, t.adminToken, reg.id, 'return', '单位名称与协议不一致')
    expect(ret.data.status).toBe('returned')
    const edit = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { destination: employment({ unitName: '北京示例科技有限公司第二分公司' }) },
    })
    expect(edit.data.status).toBe('returned')
    expect((await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })).data.status).toBe('submitted')
    const rej = await decide(t, t.adminToken, reg.id, 'reject', '材料不实')
    expect(rej.data).toMatchObject({ status: 'rejected', version: 0 })
    expect((await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })).status).toBe(409)
    const again = await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: full() })
    expect(again.data.status).toBe('draft')
    const events = again.data.events.map((e: any) => `${e.from}>${e.to}:${e.reason ?? ''}`)
    expect(events).toEqual([
      'null>draft:',
      'draft>submitted:',
      'submitted>returned:单位名称与协议不一致',
      'returned>submitted:',
      'submitted>rejected:材料不实',
      'rejected>draft:重新登记',
    ])
  })

  it('voids an approved registration: destination and proof cleared, 档案 and 户口 kept, version bumped; re-filing bumps again on approval', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    expect(reg.version).toBe(1)
    const files = await t.json('GET', '/api/v1/me/registration/attachments', { token: g.token })
    expect(files.data.items).toHaveLength(1)
    expect(
      (await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(PNG) })).status,
    ).toBe(409)
    const v = await t.json('POST', '/api/v1/me/registration/void', { token: g.token, body: { reason: '改签其他单位' } })
    expect(v.status).toBe(200)
    // seed 004 §2.8 (3): the employment data is cleared; 档案 and 户口 (§2.10) stay.
    expect(v.data).toMatchObject({
      status: 'voided',
      version: 2,
      destination: null,
      archive: archive(),
      hukou: hukou(),
      attachments: [],
    })
    expect((await t.json('POST', '/api/v1/me/registration/void', { token: g.token })).status).toBe(409)
    // Re-filing starts from the kept parts: a new destination alone completes it.
    const refiled = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { destination: employment({ unitName: '上海另一家公司' }) },
    })
    expect(refiled.data).toMatchObject({ status: 'draft', archive: archive(), hukou: hukou() })
    const again = await approved(t, g, { destination: employment({ unitName: '上海另一家公司' }) })
    expect(again.version).toBe(3)
  })

  it('a department user cannot see or touch a graduate voided… and students cannot review', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    expect((await decide(t, g.token, reg.id, 'approve')).status).toBe(403)
    expect((await t.json('GET', '/api/v1/registrations', { token: g.token })).status).toBe(403)
    expect(
      (await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, { token: g.token, body: full() })).status,
    ).toBe(403)
  })
})

describe('proof files', () => {
  it('sniffs the type, limits size and count, serves only to who may see', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const other = await graduateWithToken(t, { department: '外语学院' })
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    const bad = await t.json('POST', '/api/v1/me/registration/attachments', {
      token: g.token,
      body: fileForm(html, 'proof.png', 'image/png'),
    })
    expect(bad.status).toBe(415)
    expect(bad.data.error.message).toContain('证明材料')
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set(PNG)
    expect(
      (await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(big) })).status,
    ).toBe(413)
    const missing = await t.json('POST', '/api/v1/me/registration/attachments', {
      token: g.token,
      body: new FormData(),
    })
    expect(missing.status).toBe(400)
    // A PDF named .jpg is stored as a PDF.
    const pdf = await t.json('POST', '/api/v1/me/registration/attachments', {
      token: g.token,
      body: fileForm(new TextEncoder().encode('%PDF-1.4 x'), 'scan.jpg', 'image/jpeg'),
    })
    expect(pdf.status).toBe(201)
    expect(pdf.data).toMatchObject({ contentType: 'application/pdf', filename: 'scan.jpg.pdf' })
    const ids = [pdf.data.id]
    for (let i = 0; i < 2; i++)
      ids.push(
        (await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(PNG) })).data.id,
      )
    const fourth = await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(PNG) })
    expect(fourth.status).toBe(400)
    expect(fourth.data.error.message).toContain('最多上传 3 个')

    const own = await t.request('GET', `/api/v1/me/registration/attachments/${ids[1]}`, { token: g.token })
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toBe('image/png')
    expect(own.headers.get('cache-control')).toContain('no-store')
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PNG)
    const pdfRes = await t.request('GET', `/api/v1/me/registration/attachments/${ids[0]}`, { token: g.token })
    expect(pdfRes.headers.get('content-disposition')).toMatch(/^attachment/)
    // Another graduate cannot fetch it through their own route.
    expect(
      (await t.request('GET', `/api/v1/me/registration/attachments/${ids[1]}`, { token: other.token })).status,
    ).toBe(404)

    const regId = (await t.json('GET', '/api/v1/me/registration', { token: g.token })).data.id
    const reviewer = await t.request('GET', `/api/v1/registrations/${regId}/attachments/${ids[1]}`, {
      token: t.adminToken,
    })
    expect(reviewer.status).toBe(200)
    const foreignDept = await t.createStaff('wy', { department: '外语学院' })
    expect(
      (await t.request('GET', `/api/v1/registrations/${regId}/attachments/${ids[1]}`, { token: foreignDept })).status,
    ).toBe(404)
    const ownDept = await t.createStaff('jsj', { department: '计算机学院' })
    expect(
      (await t.request('GET', `/api/v1/registrations/${regId}/attachments/${ids[1]}`, { token: ownDept })).status,
    ).toBe(200)
    expect((await t.request('GET', `/api/v1/registrations/${regId}/attachments/${ids[1]}`)).status).toBe(401)

    expect(
      (await t.request('DELETE', `/api/v1/me/registration/attachments/${ids[1]}`, { token: g.token })).status,
    ).toBe(204)
    expect((await t.json('GET', '/api/v1/me/registration/attachments', { token: g.token })).data.items).toHaveLength(2)
    expect(await t.deps.storage.get(`attachments/${regId}/${ids[1]}`)).toBeNull()
  })
})

describe('review modes', () => {
  it('仅校级审核: the school decides; department users cannot', async () => {
    const t = await createTestApp()
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const r = await decide(t, dept, reg.id, 'approve')
    expect(r.status).toBe(403)
    expect((await decide(t, t.adminToken, reg.id, 'approve')).data.status).toBe('approved')
  })

  it('先院系再校级审核: the department first, then the school', async () => {
    const t = await createTestApp()
    expect((await setMode(t, '先院系再校级审核')).data).toEqual({ reviewMode: '先院系再校级审核' })
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const pendingDept = await t.json('GET', '/api/v1/registrations?status=pending', { token: dept })
    expect(pendingDept.data.items.map((i: any) => i.id)).toEqual([reg.id])
    const d = await decide(t, dept, reg.id, 'approve')
    expect(d.data).toMatchObject({ status: 'department_approved', version: 0 })
    expect((await decide(t, dept, reg.id, 'approve')).status).toBe(409)
    // The graduate can no longer withdraw once reviewed.
    expect((await t.json('POST', '/api/v1/me/registration/withdraw', { token: g.token })).status).toBe(409)
    const s = await decide(t, t.adminToken, reg.id, 'approve')
    expect(s.data).toMatchObject({ status: 'approved', version: 1 })
    expect(s.data.events.map((e: any) => e.to)).toEqual(['draft', 'submitted', 'department_approved', 'approved'])

    // Return at school level goes back to the graduate.
    const g2 = await graduateWithToken(t)
    const reg2 = await submitted(t, g2)
    await decide(t, dept, reg2.id, 'approve')
    expect((await decide(t, t.adminToken, reg2.id, 'return', '请补充材料')).data.status).toBe('returned')
    // And the department may reject.
    const g3 = await graduateWithToken(t)
    const reg3 = await submitted(t, g3)
    expect((await decide(t, dept, reg3.id, 'reject', '不实')).data.status).toBe('rejected')
  })

  it('先院系再校级审核: the school decides at any stage, ahead of an absent 院系 (a school decision)', async () => {
    const t = await createTestApp()
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const [g1, g2, g3, g4] = [
      await graduateWithToken(t),
      await graduateWithToken(t),
      await graduateWithToken(t),
      await graduateWithToken(t),
    ]
    expect((await setMode(t, '先院系再校级审核')).status).toBe(200)
    const [r1, r2, r3, r4] = [
      await submitted(t, g1),
      await submitted(t, g2),
      await submitted(t, g3),
      await submitted(t, g4),
    ]
    // The school's queue is what the 院系 passed on; a 待审核 registration is still the school's to decide.
    const queue = await t.json('GET', '/api/v1/registrations?status=pending', { token: t.adminToken })
    expect(queue.data.total).toBe(0)
    const a = await decide(t, t.adminToken, r1.id, 'approve')
    expect(a.status).toBe(200)
    expect(a.data).toMatchObject({ status: 'approved', version: 1 })
    expect(a.data.events.at(-1)).toMatchObject({
      by: 'admin',
      from: 'submitted',
      to: 'approved',
      reason: '学校审核（院系未审核）',
    })
    const back = await decide(t, t.adminToken, r2.id, 'return', '单位名称有误')
    expect(back.data.status).toBe('returned')
    expect(back.data.events.at(-1).reason).toBe('单位名称有误（学校审核（院系未审核））')
    expect((await decide(t, t.adminToken, r3.id, 'reject', '证明不实')).data.status).toBe('rejected')
    // 修改去向 on a 待审核 registration: the school's change is its decision.
    const changed = await t.json('PUT', `/api/v1/registrations/${r4.id}`, {
      token: t.adminToken,
      body: { destination: employment({ unitName: '北京另一家科技有限公司' }), reason: '与毕业生核实' },
    })
    expect(changed.status, JSON.stringify(changed.data)).toBe(200)
    expect(changed.data).toMatchObject({
      status: 'approved',
      version: 1,
      destination: { unitName: '北京另一家科技有限公司' },
    })
    expect(changed.data.events.at(-1)).toMatchObject({ from: 'submitted', to: 'approved', by: 'admin' })
    // The 院系 then has nothing left to decide on them.
    expect((await decide(t, dept, r1.id, 'approve')).status).toBe(409)
    // Each is audited as the school's decision ahead of the 院系.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'in', [
        'registration.approve',
        'registration.return',
        'registration.reject',
        'registration.modify',
      ])
      .execute()
    expect(audit).toHaveLength(4)
    for (const row of audit)
      expect(JSON.parse(row.detail!)).toMatchObject({ from: 'submitted', level: '学校审核（院系未审核）' })
  })

  it('先院系再校级审核 needs a 院系 account with 读写 for every 院系 with graduates', async () => {
    const t = await createTestApp()
    await graduateWithToken(t, { department: '计算机学院' })
    await graduateWithToken(t, { department: '外语学院' })
    await t.createStaff('jsj-ro', { department: '计算机学院', permissions: { info: 'ro' } })
    let r = await setMode(t, '先院系再校级审核')
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('计算机学院')
    expect(r.data.error.message).toContain('外语学院')
    expect(r.data.error.message).toContain('院系账号')
    await t.createStaff('jsj', { department: '计算机学院' })
    r = await setMode(t, '先院系再校级审核')
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('外语学院')
    expect(r.data.error.message).not.toContain('计算机学院')
    expect((await setMode(t, '仅校级审核')).status).toBe(200)
    expect((await t.json('GET', '/api/v1/settings/review-mode', { token: t.adminToken })).data.reviewMode).toBe(
      '仅校级审核',
    )
    // A disabled account does not count; an enabled one does.
    const wy = await t.createStaff('wy', { department: '外语学院' })
    expect(wy).toBeTruthy()
    await t.db
      .updateTable('users')
      .set({ disabled_at: new Date().toISOString() })
      .where('username', '=', 'wy')
      .execute()
    expect((await setMode(t, '先院系再校级审核')).status).toBe(409)
    await t.db.updateTable('users').set({ disabled_at: null }).where('username', '=', 'wy').execute()
    expect((await setMode(t, '先院系再校级审核')).data).toEqual({ reviewMode: '先院系再校级审核' })
    // A 院系 whose graduates have all left the roster needs no account.
    await insertGraduate(t, { department: '历史学院', withdrawn_at: new Date().toISOString() })
    await setMode(t, '仅校级审核')
    expect((await setMode(t, '先院系再校级审核')).status).toBe(200)
  })

  it('the mode cannot change while registrations are in review', async () => {
    const t = await createTestApp()
    expect((await t.json('GET', '/api/v1/settings/review-mode', { token: t.adminToken })).data).toEqual({
      reviewMode: '仅校级审核',
    })
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const r = await setMode(t, '先院系再校级审核')
    expect(r.status).toBe(409)
    expect(r.data.error.code).toBe('conflict')
    await decide(t, t.adminToken, reg.id, 'approve')
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    expect((await setMode(t, '先院系再校级审核')).status).toBe(200)
    expect((await setMode(t, '随便审核')).status).toBe(400)
    expect(
      (await t.json('PUT', '/api/v1/settings/review-mode', { token: dept, body: { reviewMode: '仅校级审核' } })).status,
    ).toBe(403)
  })
})

describe('races', () => {
  it('two reviewers deciding at once: exactly one wins, the other gets 409', async () => {
    const t = await createTestApp()
    const other = await t.createStaff('school2', { role: 'school' })
    for (const [a, b] of [
      ['approve', 'approve'],
      ['approve', 'reject'],
      ['return', 'approve'],
    ]) {
      const g = await graduateWithToken(t)
      const reg = await submitted(t, g)
      const results = await Promise.all([
        decide(t, t.adminToken, reg.id, a, '原因'),
        decide(t, other, reg.id, b, '原因'),
      ])
      const statuses = results.map((r) => r.status).sort()
      expect(statuses).toEqual([200, 409])
      const loser = results.find((r) => r.status === 409)!
      expect(loser.data.error.code).toBe('conflict')
      const final = await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })
      // One decision event only, and the version moved at most once.
      expect(final.data.events.filter((e: any) => e.from === 'submitted')).toHaveLength(1)
      expect(final.data.version).toBe(final.data.status === 'approved' ? 1 : 0)
    }
  })

  it('the graduate withdrawing while a reviewer approves: one wins', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const [w, d] = await Promise.all([
      t.json('POST', '/api/v1/me/registration/withdraw', { token: g.token }),
      decide(t, t.adminToken, reg.id, 'approve'),
    ])
    expect([w.status, d.status].sort()).toEqual([200, 409])
  })
})

describe('department scoping', () => {
  it('department users see and decide only their 院系', async () => {
    const t = await createTestApp()
    await setMode(t, '先院系再校级审核')
    const cs = await graduateWithToken(t, { department: '计算机学院' })
    const fl = await graduateWithToken(t, { department: '外语学院' })
    const regCs = await submitted(t, cs)
    const regFl = await submitted(t, fl)
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const list = await t.json('GET', '/api/v1/registrations', { token: dept })
    expect(list.data.total).toBe(1)
    expect(list.data.items[0]).toMatchObject({
      id: regCs.id,
      graduateId: cs.id,
      name: cs.name,
      department: '计算机学院',
      status: 'submitted',
      source: '登记系统',
    })
    // Asking for another 院系 gives nothing.
    expect((await t.json('GET', '/api/v1/registrations?department=外语学院', { token: dept })).data.total).toBe(0)
    expect((await t.json('GET', `/api/v1/registrations/${regFl.id}`, { token: dept })).status).toBe(404)
    expect((await decide(t, dept, regFl.id, 'approve')).status).toBe(404)
    expect(
      (await t.json('GET', `/api/v1/registrations/${regCs.id}`, { token: dept })).data.graduate.idCardMasked,
    ).toMatch(/\*{8}/)
    // A read-only user may read but not decide.
    const ro = await t.createStaff('ro', { department: '计算机学院', permissions: { info: 'ro' } })
    expect((await t.json('GET', '/api/v1/registrations', { token: ro })).status).toBe(200)
    expect((await decide(t, ro, regCs.id, 'approve')).status).toBe(403)
    const none = await t.createStaff('none', { department: '计算机学院', permissions: { info: 'none' } })
    expect((await t.json('GET', '/api/v1/registrations', { token: none })).status).toBe(403)
    // The school sees both.
    expect((await t.json('GET', '/api/v1/registrations', { token: t.adminToken })).data.total).toBe(2)
  })

  it('list filters: status, 院系, 专业, 学历, type, submitted since, paging', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t, {
      department: '计算机学院',
      major_code: '080901',
      major_name: '计算机科学与技术',
      education_code: '31',
    })
    const b = await graduateWithToken(t, {
      department: '外语学院',
      major_code: '050201',
      major_name: '英语',
      education_code: '11',
    })
    const c = await graduateWithToken(t, {
      department: '外语学院',
      major_code: '050201',
      major_name: '英语',
      education_code: '31',
    })
    t.clock.set('2026-05-01T10:00:00+08:00')
    await submitted(t, a)
    t.clock.set('2026-05-20T10:00:00+08:00')
    const rb = await approved(t, b, full({ type: '境内升学', school: '北京大学' }))
    await t.json('PUT', '/api/v1/me/registration', { token: c.token, body: full() })
    const q = async (qs: string) => (await t.json('GET', `/api/v1/registrations?${qs}`, { token: t.adminToken })).data
    expect((await q('')).total).toBe(3)
    expect((await q('status=submitted')).items.map((i: any) => i.graduateId)).toEqual([a.id])
    expect((await q('status=approved,draft')).total).toBe(2)
    expect((await q('status=pending')).items.map((i: any) => i.graduateId)).toEqual([a.id])
    expect((await q(`department=${encodeURIComponent('外语学院')}`)).total).toBe(2)
    expect((await q(`major=${encodeURIComponent('英语')}`)).total).toBe(2)
    expect((await q('major=080901')).total).toBe(1)
    expect((await q('education=11')).items[0].id).toBe(rb.id)
    expect((await q(`type=${encodeURIComponent('境内升学')}`)).items.map((i: any) => i.id)).toEqual([rb.id])
    expect((await q('submittedSince=2026-05-10')).items.map((i: any) => i.id)).toEqual([rb.id])
    expect((await q(`q=${encodeURIComponent(a.name)}`)).total).toBe(1)
    const p1 = await q('pageSize=2&page=1')
    const p2 = await q('pageSize=2&page=2')
    expect(p1.items).toHaveLength(2)
    expect(p2.items).toHaveLength(1)
    expect(new Set([...p1.items, ...p2.items].map((i: any) => i.id)).size).toBe(3)
    expect((await t.json('GET', '/api/v1/registrations?status=nonsense', { token: t.adminToken })).status).toBe(400)
  })
})

describe('the school', () => {
  it('files through the API (就业管理系统接口): approved at once; identical resubmission changes nothing', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const put = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, { token: t.adminToken, body: full() })
    expect(put.status).toBe(200)
    expect(put.data).toMatchObject({ status: 'approved', source: '就业管理系统接口', version: 1 })
    const same = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, { token: t.adminToken, body: full() })
    expect(same.data.version).toBe(1)
    const changed = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { destination: employment({ jobCategory: '11' }) },
    })
    expect(changed.data).toMatchObject({
      version: 2,
      destination: { jobCategory: '11' },
      archive: { postcode: '100195' },
    })
    const bad = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { destination: { type: '境内升学' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toBe('升学院校：必须填写')
    expect(
      (await t.json('PUT', `/api/v1/graduates/999999/registration`, { token: t.adminToken, body: full() })).status,
    ).toBe(404)
    // The graduate sees it and the source.
    const mine = await t.json('GET', '/api/v1/me/registration', { token: g.token })
    expect(mine.data).toMatchObject({ source: '就业管理系统接口', version: 2 })
  })

  it('a school filing overrides a registration in review', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await submitted(t, g)
    const put = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: full({ type: '求职中' }),
    })
    expect(put.data).toMatchObject({ id: reg.id, status: 'approved', version: 1 })
    expect((await decide(t, t.adminToken, reg.id, 'approve')).status).toBe(409)
  })

  it('archive and hukou writes need their module rights', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const infoOnly = await t.createStaff('info', {
      role: 'school',
      permissions: { info: 'rw', archive: 'ro', hukou: 'none' },
    })
    const r = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, { token: infoOnly, body: full() })
    expect(r.status).toBe(403)
    expect(r.data.error.message).toContain('档案')
    const destOnly = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: infoOnly,
      body: { destination: employment() },
    })
    expect(destOnly.status).toBe(200)
    const hk = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: infoOnly,
      body: { hukou: hukou() },
    })
    expect(hk.status).toBe(403)
    expect(hk.data.error.message).toContain('户口')
  })

  it('modifies and voids an approved registration; each bumps the version', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    const m = await t.json('PUT', `/api/v1/registrations/${reg.id}`, {
      token: t.adminToken,
      body: { destination: employment({ unitName: '北京示例科技股份有限公司' }), reason: '单位更名' },
    })
    expect(m.status).toBe(200)
    expect(m.data).toMatchObject({ status: 'approved', version: 2, source: '登记系统' })
    expect(m.data.events.at(-1)).toMatchObject({ from: 'approved', to: 'approved', reason: '单位更名' })
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    expect(
      (await t.json('POST', `/api/v1/registrations/${reg.id}/void`, { token: dept, body: { reason: 'x' } })).status,
    ).toBe(403)
    expect(
      (await t.json('POST', `/api/v1/registrations/${reg.id}/void`, { token: t.adminToken, body: {} })).status,
    ).toBe(400)
    const v = await t.json('POST', `/api/v1/registrations/${reg.id}/void`, {
      token: t.adminToken,
      body: { reason: '协商一致作废' },
    })
    // The school's 作废 clears the employment data too, and keeps 档案 and 户口 (seed 004 §2.5 (5), §2.10).
    expect(v.data).toMatchObject({
      status: 'voided',
      version: 3,
      destination: null,
      archive: archive(),
      hukou: hukou(),
    })
    expect((await t.json('PUT', `/api/v1/registrations/${reg.id}`, { token: t.adminToken, body: full() })).status).toBe(
      409,
    )
    expect(
      (await t.json('POST', `/api/v1/registrations/${reg.id}/void`, { token: t.adminToken, body: { reason: 'again' } }))
        .status,
    ).toBe(409)
  })

  it('batch approve approves what awaits and skips the rest', async () => {
    const t = await createTestApp()
    const a = await submitted(t, await graduateWithToken(t))
    const b = await submitted(t, await graduateWithToken(t))
    const c = await approved(t, await graduateWithToken(t))
    const r = await t.json('POST', '/api/v1/registrations/batch-approve', {
      token: t.adminToken,
      body: { registrationIds: [a.id, b.id, c.id, 99999] },
    })
    expect(r.data.approved).toEqual([a.id, b.id])
    expect(r.data.skipped.map((s: any) => s.id)).toEqual([c.id, 99999])
  })
})

describe('定向 graduates and the archive directory', () => {
  it('a 定向 graduate must register the targeted unit', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { training_mode_code: '21', targeted_unit: '某省教育厅' })
    const r = await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: full() })
    expect(r.status).toBe(400)
    expect(r.data.error.message).toContain('某省教育厅')
    expect(
      (
        await t.json('PUT', '/api/v1/me/registration', {
          token: g.token,
          body: full(employment({ unitName: '某省教育厅' })),
        })
      ).status,
    ).toBe(200)
  })

  it('转回生源地 is pre-filled from the directory by 生源所在地; the graduate may correct it', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t, { origin_code: '110108' })
    const put = await t.json('PUT', '/api/v1/archive-units/110108', {
      token: t.adminToken,
      body: {
        name: '北京市海淀区人力资源公共服务中心',
        address: '北京市海淀区西四环北路73号',
        postcode: '100195',
        contact: '王维',
        phone: '15875693214',
      },
    })
    expect(put.status).toBe(200)
    const pre = await t.json('GET', '/api/v1/me/registration/archive-prefill', { token: g.token })
    expect(pre.data).toEqual({
      transferType: '转回生源地',
      unitName: '北京市海淀区人力资源公共服务中心',
      unitAddress: '北京市海淀区西四环北路73号',
      unitLocation: '110108',
      postcode: '100195',
      contact: '王维',
      phone: '15875693214',
    })
    // Saving 转回生源地 with the unit left empty fills it in.
    const saved = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { archive: { transferType: '转回生源地' } },
    })
    expect(saved.data.archive).toMatchObject({
      unitName: '北京市海淀区人力资源公共服务中心',
      unitLocation: '110108',
      postcode: '100195',
    })
    // A correction is kept.
    const fixed = await t.json('PUT', '/api/v1/me/registration', {
      token: g.token,
      body: { archive: { ...saved.data.archive, contact: '李娟' } },
    })
    expect(fixed.data.archive.contact).toBe('李娟')
    const look = await t.json('GET', '/api/v1/archive-units/110108', { token: t.adminToken })
    expect(look.data).toMatchObject({ divisionCode: '110108', divisionName: '北京市海淀区', postcode: '100195' })
    expect((await t.json('GET', '/api/v1/archive-units/110109', { token: t.adminToken })).status).toBe(404)
    const list = await t.json('GET', '/api/v1/archive-units', { token: t.adminToken })
    expect(list.data.total).toBe(1)
  })
})

describe('OpenAPI', () => {
  it('documents the registration routes', async () => {
    const t = await createTestApp()
    const r = await t.json('GET', '/api/v1/openapi.json')
    expect(r.status).toBe(200)
    for (const p of [
      '/me/registration',
      '/me/registration/submit',
      '/me/registration/withdraw',
      '/me/registration/void',
      '/me/registration/attachments',
      '/registrations',
      '/registrations/{id}',
      '/registrations/{id}/decision',
      '/graduates/{id}/registration',
      '/registrations/import',
      '/registrations/import/{importId}/failures.xlsx',
      '/settings/review-mode',
      '/archive-units',
      '/archive-units/import',
    ]) {
      expect(Object.keys(r.data.paths), p).toContain(`/api/v1${p}`)
    }
  })
})
