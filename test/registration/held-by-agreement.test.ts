/**
 * A destination that came from an agreement (issue 16 item 5; contract §5 "it ends only by 解约";
 * seed 004 §2.7): while the agreement is in force or 解约中, the registration's destination is not
 * the graduate's (or the school's 去向登记) to void or change — 档案 and 户口 stay editable.
 * The agreement is put in force through the online flow (test/agreements/fixtures.ts) and taken
 * to 解约中 through its HTTP path (the graduate asks; the unit has not answered yet).
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'
import { invite, signingSetup } from '../agreements/fixtures.js'
import {
  archive,
  csvForm,
  employment,
  fileForm,
  hukou,
  pageSession,
  PNG,
  registrationRow,
  REG_HEADERS,
} from './fixtures.js'

const post = (t: TestApp, token: string, path: string, body?: unknown) => t.json('POST', path, { token, body })

/** A graduate with 档案 and 户口 saved, then an online agreement in force (the registration approved, version 1). */
async function inForce(t: TestApp) {
  const s = await signingSetup(t)
  expect(
    (await t.json('PUT', '/api/v1/me/registration', { token: s.student, body: { archive: archive(), hukou: hukou() } }))
      .status,
  ).toBe(200)
  const a = await invite(t, s.employer.token, s.g)
  expect((await post(t, s.student, `/api/v1/me/agreements/${a.id}/answer`, { answer: 'accept' })).status).toBe(200)
  const d = await post(t, t.adminToken, `/api/v1/agreements/${a.id}/decision`, { decision: 'approve' })
  expect(d.data.status).toBe('in_force')
  const reg = await t.json('GET', '/api/v1/me/registration', { token: s.student })
  expect(reg.data).toMatchObject({ status: 'approved', version: 1, destination: { type: '签就业协议书就业' } })
  return { ...s, a, reg: reg.data }
}

describe('an agreement in force holds the destination', () => {
  it('the graduate cannot void it or change it (409); 档案 and 户口 stay editable, as a new version', async () => {
    const t = await createTestApp()
    const { student, reg } = await inForce(t)

    const v = await post(t, student, '/api/v1/me/registration/void', { reason: '想换单位' })
    expect(v.status).toBe(409)
    expect(v.data.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('该去向来自就业协议') })
    expect(v.data.error.message).toContain('解约')

    const changed = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { destination: employment({ unitName: '另一家公司' }) },
    })
    expect(changed.status).toBe(409)
    expect(changed.data.error.message).toContain('不能修改毕业去向')
    expect((await post(t, student, '/api/v1/me/registration/submit')).status).toBe(409)
    // a proof file belongs to the destination: not while the agreement holds it
    expect(
      (await t.json('POST', '/api/v1/me/registration/attachments', { token: student, body: fileForm(PNG) })).status,
    ).toBe(409)

    // Echoing the stored destination back changes nothing and is not refused.
    const echo = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { destination: reg.destination, archive: archive({ note: '单位调档函已寄出' }) },
    })
    expect(echo.status).toBe(200)
    expect(echo.data).toMatchObject({
      status: 'approved',
      version: 2,
      destination: reg.destination,
      archive: { note: '单位调档函已寄出' },
    })
    expect(echo.data.events.at(-1)).toMatchObject({
      from: 'approved',
      to: 'approved',
      reason: '毕业生修改档案、户口信息',
    })
    const hk = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { hukou: { migrationType: '不迁移', note: '户口留在原籍' } },
    })
    expect(hk.data).toMatchObject({ status: 'approved', version: 3, hukou: { migrationType: '不迁移' } })
    // The same again writes nothing.
    const same = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { hukou: { migrationType: '不迁移', note: '户口留在原籍' } },
    })
    expect(same.data.version).toBe(3)
    // A bad archive field is still a 400 naming it.
    const bad = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { archive: archive({ postcode: '1' }) },
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('档案转递单位邮编')
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'registration.amend')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('the school cannot void or re-destine it through 去向登记, but may change 档案 and 户口', async () => {
    const t = await createTestApp()
    const { reg, g } = await inForce(t)
    const v = await post(t, t.adminToken, `/api/v1/registrations/${reg.id}/void`, { reason: '协商作废' })
    expect(v.status).toBe(409)
    expect(v.data.error.message).toContain('就业协议管理')
    const m = await t.json('PUT', `/api/v1/registrations/${reg.id}`, {
      token: t.adminToken,
      body: { destination: employment() },
    })
    expect(m.status).toBe(409)
    const api = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { destination: employment() },
    })
    expect(api.status).toBe(409)
    // 档案 only: taken, the destination and its source stay the agreement's.
    const ok = await t.json('PUT', `/api/v1/registrations/${reg.id}`, {
      token: t.adminToken,
      body: { archive: archive({ unitName: '北京市人才服务中心' }), reason: '核实后修改' },
    })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({
      status: 'approved',
      version: 2,
      source: '登记系统',
      destination: reg.destination,
      archive: { unitName: '北京市人才服务中心' },
    })
    const viaApi = await t.json('PUT', `/api/v1/graduates/${g.id}/registration`, {
      token: t.adminToken,
      body: { hukou: hukou({ address: '北京市海淀区某路 9 号' }) },
    })
    expect(viaApi.data).toMatchObject({ version: 3, source: '登记系统', destination: reg.destination })

    // 就业管理系统上传: a row with another destination fails naming 毕业去向; the rest go in.
    const imp = await t.json('POST', '/api/v1/registrations/import', {
      token: t.adminToken,
      body: csvForm(REG_HEADERS, [registrationRow(g.idCard)]),
    })
    expect(imp.data).toMatchObject({ failed: 1 })
    expect(imp.data.failures[0].reason).toMatch(/^毕业去向：该去向来自就业协议/)
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data.version).toBe(3)
  })

  it('the pages say why instead of offering 作废 and 修改去向; 档案 and 户口 are still a form', async () => {
    const t = await createTestApp()
    const { g, reg } = await inForce(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const page = await me.get('/me/registration')
    expect(page.status).toBe(200)
    expect(page.html).toContain('data-held="in_force"')
    expect(page.html).toContain('只能通过解约结束')
    expect(page.html).not.toContain('action="/me/registration/void"')
    expect(page.html).not.toContain('name="d_type"')
    expect(page.html).toContain('name="a_transferType"')
    expect(page.html).toContain('保存档案、户口信息')
    // Saving the form changes 户口 and leaves the destination.
    const fields: Record<string, string> = { intent: 'save' }
    for (const [k, v] of Object.entries(archive())) fields[`a_${k}`] = String(v)
    for (const [k, v] of Object.entries(hukou({ address: '北京市海淀区新地址 1 号' }))) fields[`h_${k}`] = String(v)
    const saved = await me.post('/me/registration', fields)
    expect(saved.location).toBe('/me/registration?ok=saved')
    const after = await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })
    expect(after.data).toMatchObject({ status: 'approved', destination: reg.destination })
    expect(after.data.hukou.address).toBe('北京市海淀区新地址 1 号')
    // Posting the void anyway says why.
    const v = await me.post('/me/registration/void', { reason: 'x', confirmed: '1' })
    expect(v.status).toBe(409)
    expect(v.html).toContain('该去向来自就业协议')

    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const detail = await admin.get(`/admin/registrations/${reg.id}`)
    expect(detail.html).toContain('data-held="in_force"')
    expect(detail.html).not.toContain(`action="/admin/registrations/${reg.id}/void"`)
    const edit = await admin.get(`/admin/registrations/${reg.id}/edit`)
    expect(edit.html).toContain('data-held-destination')
    expect(edit.html).not.toContain('name="d_type"')
  })
})

describe('while 解约中', () => {
  it('no other destination is saved or submitted, nothing is voided (409 正在解约中); once rescinded the graduate registers anew', async () => {
    const t = await createTestApp()
    const { a, g, student, employer } = await inForce(t)
    const asked = await post(t, student, `/api/v1/me/agreements/${a.id}/rescission`, { reason: '升学' })
    expect(asked.data.status).toBe('rescinding')

    const other = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { destination: { type: '境内升学', school: '北京大学' } },
    })
    expect(other.status).toBe(409)
    expect(other.data.error.message).toContain('正在解约中')
    const sub = await post(t, student, '/api/v1/me/registration/submit')
    expect(sub.status).toBe(409)
    expect(sub.data.error.message).toContain('正在解约中')
    const v = await post(t, student, '/api/v1/me/registration/void')
    expect(v.status).toBe(409)
    expect(v.data.error.message).toContain('正在解约中')
    // 档案 and 户口 may still change.
    expect(
      (await t.json('PUT', '/api/v1/me/registration', { token: student, body: { hukou: hukou({ address: '新址' }) } }))
        .status,
    ).toBe(200)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    expect((await me.get('/me/registration')).html).toContain('data-held="rescinding"')

    // The unit agrees, the school approves: the destination is cleared, 档案 and 户口 stay, and a new one may be filed.
    await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission/answer`, { answer: 'accept' })
    expect((await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' })).status).toBe(
      200,
    )
    const again = await t.json('PUT', '/api/v1/me/registration', {
      token: student,
      body: { destination: { type: '境内升学', school: '北京大学' } },
    })
    expect(again.status).toBe(200)
    expect(again.data).toMatchObject({
      status: 'draft',
      destination: { type: '境内升学', school: '北京大学' },
      archive: archive(),
      hukou: { address: '新址' },
    })
  })
})
