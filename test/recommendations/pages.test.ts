/**
 * The 推荐表 pages without JavaScript (issue 14 item 9): the graduate's form (basic data locked,
 * counters, 暂存 and 提交, errors at their fields with the typed text kept), the staff list with
 * its filters and the ZIP, the decision form (院系意见 / 退回原因 at their fields, 退回 asked first).
 */
import { describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { createTestApp, type TestApp } from '../helpers.js'
import { browser } from '../roster/fixtures.js'
import { approved, graduate, OPINION, PARTS, submitted } from './fixtures.js'

async function graduateSession(t: TestApp, over: Parameters<typeof graduate>[1] = {}) {
  const g = await graduate(t, over)
  const me = await browser(t, 'me', g.studentNo, 'new-password-1')
  await me.get('/me/recommendation') // the session's CSRF token, as a person would have it
  return { g, me }
}

const stored = (t: TestApp) => t.db.selectFrom('recommendations').selectAll().execute()

describe('the graduate’s /me/recommendation', () => {
  it('shows the basic data locked and the five textareas with counters; linked from the graduate’s menu', async () => {
    const t = await createTestApp()
    const { me } = await graduateSession(t, { name: '王小明' })
    const home = await me.get('/me')
    expect(home.text).toContain('href="/me/recommendation"')
    const { res, text } = await me.get('/me/recommendation')
    expect(res.status).toBe(200)
    expect(text).toContain('王小明')
    expect(text).toContain('计算机学院')
    expect(text).toContain('不能在推荐表中修改')
    // The basic data is not a form field.
    expect(text).not.toMatch(/name="name"/)
    expect(text).not.toMatch(/name="phone"/)
    for (const key of ['intention', 'selfEvaluation', 'awards', 'practice', 'skills']) {
      expect(text).toContain(`<textarea id="${key}" name="${key}"`)
      expect(text).toContain(`data-counter-for="${key}"`)
    }
    expect(text).toContain('已填 0 / 1000 字')
    expect(text).toContain('name="action" value="save"')
    expect(text).toContain('name="action" value="submit"')
    expect(text).toContain('name="_csrf"')
  })

  it('提交 without 求职意向 and 自我评价: 400, each error at its field, the typed text kept, nothing stored', async () => {
    const t = await createTestApp()
    const { me } = await graduateSession(t)
    const bad = await me.post('/me/recommendation', {
      action: 'submit',
      intention: '',
      awards: '国家奖学金',
      skills: '',
    })
    expect(bad.res.status).toBe(400)
    expect(bad.text).toContain('id="intention-error"')
    expect(bad.text).toContain('id="selfEvaluation-error"')
    expect(bad.text).toContain('求职意向：提交前必须填写')
    expect(bad.text).toContain('href="#intention"')
    expect(bad.text).toContain('>国家奖学金</textarea>')
    expect(await stored(t)).toEqual([])
    // Too long is named at its field even for 暂存; the count says by how much.
    const long = await me.post('/me/recommendation', { action: 'save', practice: '实'.repeat(1003) })
    expect(long.res.status).toBe(400)
    expect(long.text).toContain('id="practice-error"')
    expect(long.text).toContain('请删减 3 字')
    expect(await stored(t)).toEqual([])
  })

  it('暂存 then 提交; submitted it shows read-only; returned it shows the reason; approved the PDF link', async () => {
    const t = await createTestApp()
    const { me } = await graduateSession(t)
    const saved = await me.post('/me/recommendation', { action: 'save', ...PARTS, intention: '' })
    expect(saved.res.status).toBe(303)
    expect(saved.res.headers.get('location')).toBe('/me/recommendation?ok=saved')
    const draft = await me.get('/me/recommendation?ok=saved')
    expect(draft.text).toContain('已暂存')
    expect(draft.text).toContain(`>${PARTS.selfEvaluation}</textarea>`)
    expect(draft.text).toContain(`已填 ${[...PARTS.selfEvaluation].length} / 1000 字`)

    const sent = await me.post('/me/recommendation', { action: 'submit', ...PARTS })
    expect(sent.res.status).toBe(303)
    const waiting = await me.get('/me/recommendation?ok=submitted')
    expect(waiting.text).toContain('已提交院系审核')
    expect(waiting.text).not.toContain('<textarea')
    expect(waiting.text).toContain(PARTS.practice)
    // A stale form posted again is refused, with what was typed kept.
    const late = await me.post('/me/recommendation', { action: 'save', ...PARTS, skills: '后来改的' })
    expect(late.res.status).toBe(409)
    expect(late.text).toContain('等待院系审核')
    expect((await stored(t))[0]).toMatchObject({ status: 'submitted', skills: PARTS.skills })

    const [rec] = await stored(t)
    await t.json('POST', `/api/v1/recommendations/${rec.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'return', reason: '请补充社会实践的时间' },
    })
    const back = await me.get('/me/recommendation')
    expect(back.text).toContain('院系退回修改')
    expect(back.text).toContain('请补充社会实践的时间')
    expect(back.text).toContain('<textarea id="practice"')
    await me.post('/me/recommendation', { action: 'submit', ...PARTS })
    await t.json('POST', `/api/v1/recommendations/${rec.id}/decision`, {
      token: t.adminToken,
      body: { decision: 'approve', opinion: OPINION },
    })
    const done = await me.get('/me/recommendation')
    expect(done.text).toContain('院系已审核推荐')
    expect(done.text).toContain(OPINION)
    expect(done.text).toContain('href="/api/v1/me/recommendation.pdf"')
  })
})

describe('the staff pages', () => {
  it('lists within the 院系, filters by status, and downloads the ticked ones as a ZIP', async () => {
    const t = await createTestApp()
    const a = await graduate(t, { name: '甲同学', department: '计算机学院', student_no: '2022001' })
    const b = await graduate(t, { name: '乙同学', department: '计算机学院', student_no: '2022002' })
    const c = await graduate(t, { name: '丙同学', department: '外语学院', student_no: '2022003' })
    const ra = await approved(t, a)
    await submitted(t, b)
    await approved(t, c)
    await t.createStaff('jsj', { department: '计算机学院' })
    const admin = await browser(t, 'admin', 'jsj', 'jsj-password')
    const nav = await admin.get('/admin')
    expect(nav.text).toContain('href="/admin/recommendations"')
    const list = await admin.get('/admin/recommendations')
    expect(list.res.status).toBe(200)
    expect(list.text).toContain('甲同学')
    expect(list.text).toContain('乙同学')
    expect(list.text).not.toContain('丙同学')
    expect(list.text).toContain('data-total="2"')
    // Only approved rows can be ticked.
    expect(list.text).toContain(`name="ids" value="${ra.id}"`)
    expect(list.text.match(/name="ids" value=/g)).toHaveLength(1)
    const waiting = await admin.post('/admin/recommendations', { status: 'submitted', q: '', page: '1' })
    expect(waiting.text).toContain('乙同学')
    expect(waiting.text).not.toContain('甲同学')
    const found = await admin.post('/admin/recommendations', { q: '2022001', page: '1' })
    expect(found.text).toContain('data-total="1"')

    const none = await admin.post('/admin/recommendations/download', { scope: 'selected' })
    expect(none.res.status).toBe(400)
    expect(none.text).toContain('请先勾选')
    const zip = await admin.post('/admin/recommendations/download', { scope: 'selected', ids: [String(ra.id)] })
    expect(zip.res.status).toBe(200)
    expect(zip.res.headers.get('content-type')).toBe('application/zip')
    expect(Object.keys(unzipSync(new Uint8Array(await zip.res.arrayBuffer())))).toEqual(['2022001-甲同学.pdf'])
    const all = await admin.post('/admin/recommendations/download', { scope: 'all' })
    expect(Object.keys(unzipSync(new Uint8Array(await all.res.arrayBuffer())))).toEqual(['2022001-甲同学.pdf'])
  })

  it('the decision form: errors at 院系意见 / 退回原因 with the typed text kept, 退回 asked first, then decided', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '甲同学' })
    const other = await graduate(t, { name: '乙同学' })
    const s = await submitted(t, g)
    const next = await submitted(t, other)
    const admin = await browser(t, 'admin', 'admin', 'admin-pass-2026')
    const page = await admin.get(`/admin/recommendations/${s.id}`)
    expect(page.res.status).toBe(200)
    expect(page.text).toContain(PARTS.selfEvaluation)
    expect(page.text).toContain('<textarea id="opinion" name="opinion"')
    expect(page.text).toContain('<textarea id="reason" name="reason"')
    expect(page.text).toContain('data-confirm=')

    const noOpinion = await admin.post(`/admin/recommendations/${s.id}/decision`, {
      decision: 'approve',
      opinion: '',
      reason: '顺手写的',
    })
    expect(noOpinion.res.status).toBe(400)
    expect(noOpinion.text).toContain('id="opinion-error"')
    expect(noOpinion.text).toContain('院系意见：审核通过时必须填写院系意见')
    expect(noOpinion.text).toContain('>顺手写的</textarea>')
    const noReason = await admin.post(`/admin/recommendations/${s.id}/decision`, {
      decision: 'return',
      opinion: '草拟的意见',
      reason: '',
    })
    expect(noReason.res.status).toBe(400)
    expect(noReason.text).toContain('id="reason-error"')
    expect(noReason.text).toContain('>草拟的意见</textarea>')

    // 退回 without JavaScript: the confirmation page first, nothing changed yet.
    const ask = await admin.post(`/admin/recommendations/${s.id}/decision`, { decision: 'return', reason: '请补充' })
    expect(ask.res.status).toBe(200)
    expect(ask.text).toContain('确认退回')
    expect((await stored(t)).find((r) => r.id === s.id)!.status).toBe('submitted')
    const ret = await admin.post(`/admin/recommendations/${s.id}/decision`, {
      decision: 'return',
      reason: '请补充',
      confirmed: '1',
    })
    expect(ret.res.status).toBe(303)
    expect((await stored(t)).find((r) => r.id === s.id)).toMatchObject({ status: 'returned', reason: '请补充' })

    const ok = await admin.post(`/admin/recommendations/${next.id}/decision`, { decision: 'approve', opinion: OPINION })
    expect(ok.res.status).toBe(303)
    const after = await admin.get(ok.res.headers.get('location')!)
    expect(after.text).toContain('已审核通过')
    expect(after.text).toContain(`href="/api/v1/recommendations/${next.id}/recommendation.pdf"`)
    expect(after.text).not.toContain('data-decision-form')
    // Deciding again on the page: the 409 said on the page.
    const again = await admin.post(`/admin/recommendations/${next.id}/decision`, {
      decision: 'approve',
      opinion: OPINION,
    })
    expect(again.res.status).toBe(409)
    expect(again.text).toContain('不在待审核状态')
  })

  it('another 院系’s 推荐表 is not found on the pages either', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { department: '外语学院' })
    const s = await submitted(t, g)
    await t.createStaff('jsj', { department: '计算机学院' })
    const admin = await browser(t, 'admin', 'jsj', 'jsj-password')
    await admin.get('/admin/recommendations')
    expect((await admin.get(`/admin/recommendations/${s.id}`)).res.status).toBe(404)
    const post = await admin.post(`/admin/recommendations/${s.id}/decision`, { decision: 'approve', opinion: OPINION })
    expect(post.res.status).toBe(404)
    expect((await stored(t))[0].status).toBe('submitted')
  })
})
