/**
 * The graduate's pages for 线下签约, 补登 and 解约 (issue 16 items 1–3, 6): the form with errors at
 * their fields and the typed values kept, each next step on 我的签约, the stamped image, the
 * 解约函, and the answer to the unit's 解约 request (asked first).
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { PNG, fileForm, pageSession } from '../registration/fixtures.js'
import { invite, signingSetup } from './fixtures.js'
import { decide, ownSetup, unitBody } from './own-fixtures.js'

function formOf(unit: Record<string, string>, over: Record<string, string> = {}) {
  const f: Record<string, string> = { kind: 'offline' }
  for (const [k, v] of Object.entries(unit)) f[`unit_${k}`] = v
  return {
    ...f,
    job_category: '13',
    job_title: '运营专员',
    job_salary: '9000元/月',
    archiveTransfer: '签约单位接收',
    hukouTransfer: '不接收',
    terms: '',
    ...over,
  }
}

describe('线下签约 on the graduate’s pages', () => {
  it('fills the form (errors at their fields), submits, uploads the stamped image, asks for 解约 with the 解约函', async () => {
    const t = await createTestApp()
    const { g } = await ownSetup(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')

    const list = await me.get('/me/agreements')
    expect(list.html).toContain('href="/me/agreements/new?kind=offline"')
    expect(list.html).toContain('href="/me/agreements/new?kind=paper"')
    const form = await me.get('/me/agreements/new?kind=offline')
    expect(form.status).toBe(200)
    expect(form.html).toContain('id="unit_creditCode"')
    expect(form.html).toContain('id="job_title"')

    // a bad credit code: the page again, the error at its field, what was typed kept; nothing stored
    const unit = unitBody() as Record<string, string>
    const bad = await me.post('/me/agreements/new', formOf({ ...unit, creditCode: '123' }))
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="unit_creditCode-error"')
    expect(bad.html).toContain(`value="${unit.name}"`)
    expect(bad.html).toContain('value="运营专员"')
    expect(await t.db.selectFrom('agreements').select('id').execute()).toEqual([])

    const ok = await me.post('/me/agreements/new', formOf(unit))
    expect(ok.status, ok.html.slice(0, 300)).toBe(303)
    const a = await t.db.selectFrom('agreements').selectAll().executeTakeFirstOrThrow()
    expect(a).toMatchObject({ kind: 'offline', status: 'draft' })
    const drafted = await me.get('/me/agreements?ok=saved')
    expect(drafted.html).toContain('协议信息已保存')
    expect(drafted.html).toContain('提交学校协议审核')
    expect(drafted.html).toContain(`href="/me/agreements/${a.id}/edit"`)
    // the home page shows it too, with the next step
    const home = await me.get('/me')
    expect(home.html).toContain('我的就业协议')
    expect(home.html).toContain('检查单位和岗位信息后，提交学校协议审核')

    // the edit page holds the stored values
    const edit = await me.get(`/me/agreements/${a.id}/edit`)
    expect(edit.html).toContain(`value="${unit.creditCode}"`)

    expect((await me.post(`/me/agreements/${a.id}/submit`, {})).location).toBe('/me/agreements?ok=submitted')
    const waiting = await me.get('/me/agreements')
    expect(waiting.html).toContain('等待学校协议审核')
    expect(waiting.html).toContain(`action="/me/agreements/${a.id}/withdraw"`)

    await decide(t, a.id, 'approve')
    const stamp = await me.get('/me/agreements')
    expect(stamp.html).toContain('交单位盖章后上传协议书图像')
    expect(stamp.html).toContain(`action="/me/agreements/${a.id}/scan"`)
    expect(stamp.html).toContain(`href="/api/v1/agreements/${a.id}/agreement.pdf"`)
    // a renamed text file is refused with the message; a PNG is taken
    const fake = await me.post(`/me/agreements/${a.id}/scan`, fileForm(new TextEncoder().encode('hello'), 'x.png'))
    expect(fake.status).toBe(415)
    expect(fake.html).toContain('按文件内容判断')
    const up = await me.post(`/me/agreements/${a.id}/scan`, fileForm(PNG, '盖章协议.png'))
    expect(up.location).toBe('/me/agreements?ok=scanned')
    const scanned = await me.get('/me/agreements')
    expect(scanned.html).toContain('盖章协议.png')
    expect(scanned.html).toContain('请提交签约审核')
    await me.post(`/me/agreements/${a.id}/submit`, {})
    expect((await me.get('/me/agreements')).html).toContain('等待学校签约审核')
    await decide(t, a.id, 'approve')

    const inForce = await me.get('/me/agreements')
    expect(inForce.html).toContain('协议已生效')
    expect(inForce.html).toContain(`href="/me/agreements/${a.id}/rescission"`)
    const rform = await me.get(`/me/agreements/${a.id}/rescission`)
    expect(rform.html).toContain('name="file"')
    expect(rform.html).toContain('enctype="multipart/form-data"')
    // without the 解约函: the error at the file, the reason kept
    const noFile = new FormData()
    noFile.append('reason', '升学')
    noFile.append('note', '考取研究生')
    const refused = await me.post(`/me/agreements/${a.id}/rescission`, noFile)
    expect(refused.status).toBe(400)
    expect(refused.html).toContain('解约函：')
    expect(refused.html).toContain('考取研究生')
    const withFile = fileForm(PNG, '解约函.png')
    withFile.append('reason', '升学')
    withFile.append('note', '考取研究生')
    expect((await me.post(`/me/agreements/${a.id}/rescission`, withFile)).location).toBe('/me/agreements?ok=rescission')
    const rescinding = await me.get('/me/agreements')
    expect(rescinding.html).toContain('等待学校解约审核')
    expect(rescinding.html).toContain('解约函.png')
    expect((await me.get('/me')).html).toContain('解约中')
    expect(
      (await t.db.selectFrom('agreements').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status,
    ).toBe('rescinding')
  })

  it('补登 asks for its 协议编号 and image; hidden when the school turned 补登 off', async () => {
    const t = await createTestApp()
    const { g } = await ownSetup(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const form = await me.get('/me/agreements/new?kind=paper')
    expect(form.html).toContain('id="agreementNo"')
    const saved = await me.post('/me/agreements/new', formOf(unitBody() as Record<string, string>, { kind: 'paper' }))
    expect(saved.status).toBe(303)
    const list = await me.get('/me/agreements')
    expect(list.html).toContain('上传盖章后的纸质协议书图像')
    const a = await t.db.selectFrom('agreements').select('id').executeTakeFirstOrThrow()
    const noNumber = await me.post(`/me/agreements/${a.id}/submit`, {})
    expect(noNumber.status).toBe(400)
    expect(noNumber.html).toContain('协议编号：')
    await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { supplementaryRegistration: false } })
    expect((await me.get('/me/agreements')).html).not.toContain('href="/me/agreements/new?kind=paper"')
  })
})

describe('the unit’s 解约 request on the graduate’s page', () => {
  it('shows it with 同意 / 不同意, asks first, then sends the answer', async () => {
    const t = await createTestApp()
    const { employer, g } = await signingSetup(t)
    const a = await invite(t, employer.token, g)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    await me.post(`/me/agreements/${a.id}/answer`, { answer: 'accept', confirmed: '1' })
    await decide(t, a.id, 'approve')
    await t.json('POST', `/api/v1/employer/agreements/${a.id}/rescission`, {
      token: employer.token,
      body: { reason: '单位原因', note: '岗位撤销' },
    })
    const page = await me.get('/me/agreements')
    expect(page.html).toContain('单位申请解约，请回应')
    expect(page.html).toContain('解约申请（单位）：单位原因，岗位撤销')
    const ask = await me.post(`/me/agreements/${a.id}/rescission-answer`, { answer: 'accept' })
    expect(ask.html).toContain('确认同意解约')
    const done = await me.post(`/me/agreements/${a.id}/rescission-answer`, { answer: 'accept', confirmed: '1' })
    expect(done.location).toBe('/me/agreements?ok=rescission_accept')
    expect((await me.get('/me/agreements')).html).toContain('等待学校解约审核')
    // another graduate cannot answer it
    const stranger = await insertGraduate(t)
    await studentToken(t, stranger)
    const s = await pageSession(t, 'me', stranger.studentNo, 'new-password-1')
    expect(
      (await s.post(`/me/agreements/${a.id}/rescission-answer`, { answer: 'decline', confirmed: '1' })).status,
    ).toBe(404)
  })
})
