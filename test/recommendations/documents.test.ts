/**
 * The approved 推荐表 as a document (contract §6, issue 14 item 9): the A4 PDF read back — real
 * CJK text with the five parts, the 院系意见, the 院系 and the date, no 身份证号 — its QR code
 * decoded and opened as the public page (which shows 姓名, 院系, 专业 and the approval, nothing
 * more; refuses a bad signature and throttles those), and the ZIP of a selection.
 */
import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { createTestApp, type TestApp } from '../helpers.js'
import { isSubsetName, pdfFontNames, pdfPageCount, pdfQr, pdfText } from '../pdf-helpers.js'
import { recommendationQrLink } from '../../src/qr-signature.js'
import { approved, decide, graduate, OPINION, PARTS, submitted } from './fixtures.js'

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer())
const page = (t: TestApp, path: string) => t.app.request(path, { headers: { Accept: 'text/html' } })

describe('the 推荐表 PDF', () => {
  it('holds the roster data, the five parts, the 院系意见 with the 院系 and the date, and a QR to its page', async () => {
    // Submitted on 15 June, decided just after midnight Beijing time: the form says 16 June.
    const t = await createTestApp({ now: '2026-06-15T18:00:00+08:00' })
    const g = await graduate(t, { name: '王小明', department: '计算机学院', email: 'wxm@example.com' })
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const s = await submitted(t, g)
    t.clock.set('2026-06-16T00:30:00+08:00')
    expect((await decide(t, dept, s.id, { decision: 'approve', opinion: OPINION })).status).toBe(200)
    t.clock.set('2026-06-16T02:00:00+08:00')

    const res = await t.request('GET', '/api/v1/me/recommendation.pdf', { token: g.token })
    expect(res.status).toBe(200)
    const pdf = await bytes(res)
    expect(await pdfPageCount(pdf)).toBe(1)
    const [text] = await pdfText(pdf)
    for (const s of [
      '毕业生就业推荐表',
      '测试大学',
      '王小明',
      g.studentNo,
      '汉族',
      '群众',
      '本科生毕业',
      '2026年06月',
      '计算机学院',
      '计算机科学与技术',
      '13800138000',
      'wxm@example.com',
      ...Object.values(PARTS).map((p) => p.replace(/\s+/g, '')),
      OPINION,
      '院系意见',
      '计算机学院（盖章）',
      '2026年6月16日',
    ])
      expect(text, s).toContain(s)
    for (const label of ['求职意向', '自我评价', '奖惩情况', '社会实践', '特长']) expect(text, label).toContain(label)
    expect(text).not.toContain(g.idCard)
    expect(text).not.toContain(g.idCard.slice(-6))
    // The CJK font is embedded as a subset.
    const fonts = pdfFontNames(pdf)
    expect(fonts.some((f) => isSubsetName(f) && f.includes('NotoSansSC'))).toBe(true)

    const qr = await pdfQr(pdf)
    expect(qr).toBe(recommendationQrLink('http://localhost:8787', t.deps.secretKey, s.id))
    const url = new URL(qr!)
    expect(url.pathname).toBe(`/r/${s.id}`)
    const open = await page(t, url.pathname + url.search)
    expect(open.status).toBe(200)
    expect(open.headers.get('cache-control')).toBe('no-store')
    const html = await open.text()
    for (const s of ['王小明', '计算机学院', '计算机科学与技术', '院系已审核推荐', '2026年6月16日', '测试大学'])
      expect(html, s).toContain(s)
    // Nothing more: no 身份证号, no phone, no e-mail, not the graduate's own words.
    for (const s of [g.idCard, g.idCard.slice(-6), '13800138000', 'wxm@example.com', PARTS.selfEvaluation, g.studentNo])
      expect(html, s).not.toContain(s)

    // The staff's copy is the same document.
    const staff = await t.request('GET', `/api/v1/recommendations/${s.id}/recommendation.pdf`, { token: dept })
    const [staffText] = await pdfText(await bytes(staff))
    expect(staffText).toContain(OPINION)
    expect(staffText).toContain('2026年6月16日')
  })

  it('runs onto a second page when the parts are long, cutting no row', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const long = '在校期间认真学习专业知识，积极参加各类实践活动并担任学生干部。'
    const body = {
      intention: PARTS.intention,
      selfEvaluation: long.repeat(31).slice(0, 1000),
      awards: PARTS.awards,
      practice: long.repeat(31).slice(0, 1000),
      skills: `${PARTS.skills}。最后一句话`,
    }
    const s = await submitted(t, g, body)
    await decide(t, t.adminToken, s.id, { decision: 'approve', opinion: OPINION })
    const pdf = await bytes(await t.request('GET', '/api/v1/me/recommendation.pdf', { token: g.token }))
    expect(await pdfPageCount(pdf)).toBe(2)
    const all = (await pdfText(pdf)).join('')
    // Every character of both long parts is there, in order (split across the pages at most once each).
    expect(all.split(long.slice(0, 12)).length - 1).toBeGreaterThanOrEqual(60)
    expect(all).toContain('最后一句话')
    expect(all).toContain(OPINION)
    expect(all).toContain('毕业生就业推荐表（续）')
  })
})

describe('the public page /r/{id}', () => {
  it('refuses a bad or missing signature with the same 404, and throttles a client that keeps trying', async () => {
    const t = await createTestApp({ env: { VERIFY_FAILURE_LIMIT: '3', VERIFY_FAILURE_WINDOW_S: '600' } })
    const g = await graduate(t, { name: '王小明' })
    const a = await approved(t, g)
    const good = new URL(recommendationQrLink(t.config.publicBaseUrl, t.deps.secretKey, a.id))
    const other = await graduate(t)
    const draft = await t.json('PUT', '/api/v1/me/recommendation', { token: other.token, body: PARTS })

    const bad = await page(t, `/r/${a.id}?s=${'A'.repeat(22)}`)
    expect(bad.status).toBe(404)
    const badText = await bad.text()
    expect(badText).not.toContain('王小明')
    const none = await page(t, `/r/${a.id}`)
    expect(none.status).toBe(404)
    // Another 推荐表's signature does not open this one.
    const borrowed = new URL(recommendationQrLink(t.config.publicBaseUrl, t.deps.secretKey, draft.data.id)).search
    expect((await page(t, `/r/${a.id}${borrowed}`)).status).toBe(404)
    // A valid signature of one not approved shows nothing either.
    expect((await page(t, `/r/${draft.data.id}${borrowed}`)).status).toBe(404)

    // Three failures used up: the fourth bad one is refused with 429 and Retry-After.
    const throttled = await page(t, `/r/${a.id}?s=${'B'.repeat(22)}`)
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await throttled.text()).not.toContain('王小明')
    // A real QR code cannot be guessed: it still opens (as the lookup's signed links do).
    const ok = await page(t, good.pathname + good.search)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('院系已审核推荐')
    // After the window, bad links are 404 again.
    t.clock.advance(601_000)
    expect((await page(t, `/r/${a.id}?s=${'C'.repeat(22)}`)).status).toBe(404)
  })
})

describe('the ZIP of a selection', () => {
  async function school() {
    const t = await createTestApp()
    const cs1 = await graduate(t, { department: '计算机学院', name: '甲同学', student_no: '2022001' })
    const cs2 = await graduate(t, { department: '计算机学院', name: '乙同学', student_no: '2022002' })
    const csWaiting = await graduate(t, { department: '计算机学院', name: '丙同学', student_no: '2022003' })
    const fl = await graduate(t, { department: '外语学院', name: '丁同学', student_no: '2022004' })
    const a1 = await approved(t, cs1)
    const a2 = await approved(t, cs2)
    await submitted(t, csWaiting)
    const a4 = await approved(t, fl)
    return { t, a1, a2, a4 }
  }

  it('holds one PDF per approved 推荐表 of the selection, named 学号-姓名.pdf', async () => {
    const { t, a1 } = await school()
    const res = await t.request('GET', '/api/v1/recommendations.zip?department=&status=approved', {
      token: t.adminToken,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('x-sheet-count')).toBe('3')
    const files = unzipSync(await bytes(res))
    expect(Object.keys(files).sort()).toEqual(['2022001-甲同学.pdf', '2022002-乙同学.pdf', '2022004-丁同学.pdf'])
    for (const [name, data] of Object.entries(files)) {
      expect(strFromU8(data.slice(0, 5))).toBe('%PDF-')
      const [text] = await pdfText(data)
      expect(text).toContain(name.split('-')[1].replace('.pdf', ''))
      expect(text).toContain(OPINION)
    }
    // One 院系; a ticked selection.
    const dept = unzipSync(
      await bytes(await t.request('GET', '/api/v1/recommendations.zip?department=外语学院', { token: t.adminToken })),
    )
    expect(Object.keys(dept)).toEqual(['2022004-丁同学.pdf'])
    const picked = unzipSync(
      await bytes(await t.request('GET', `/api/v1/recommendations.zip?ids=${a1.id}`, { token: t.adminToken })),
    )
    expect(Object.keys(picked)).toEqual(['2022001-甲同学.pdf'])
    const audit = await t.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'recommendation.export')
      .execute()
    expect(audit).toHaveLength(3)
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ count: 3 })
  })

  it('a department user’s ZIP holds its 院系 only; another 院系’s ids are left out', async () => {
    const { t, a1, a4 } = await school()
    const dept = await t.createStaff('jsj', { department: '计算机学院' })
    const files = unzipSync(await bytes(await t.request('GET', '/api/v1/recommendations.zip', { token: dept })))
    expect(Object.keys(files).sort()).toEqual(['2022001-甲同学.pdf', '2022002-乙同学.pdf'])
    const mixed = unzipSync(
      await bytes(await t.request('GET', `/api/v1/recommendations.zip?ids=${a1.id},${a4.id}`, { token: dept })),
    )
    expect(Object.keys(mixed)).toEqual(['2022001-甲同学.pdf'])
    const only = await t.json('GET', `/api/v1/recommendations.zip?ids=${a4.id}`, { token: dept })
    expect(only.status).toBe(400)
  })

  it('answers a clear 400 for none approved, for another status, and over 500', async () => {
    const { t } = await school()
    const none = await t.json('GET', `/api/v1/recommendations.zip?q=${encodeURIComponent('丙同学')}`, {
      token: t.adminToken,
    })
    expect(none.status).toBe(400)
    expect(none.data.error.message).toContain('没有审核通过的推荐表')
    const status = await t.json('GET', '/api/v1/recommendations.zip?status=submitted', { token: t.adminToken })
    expect(status.status).toBe(400)
    expect(status.data.error.message).toContain('审核通过')

    // 498 more approved ones (straight into the table; 3 are approved already): 501 in all.
    const at = t.clock.now.toISOString()
    const dept = await t.db
      .selectFrom('departments')
      .select('id')
      .where('name', '=', '计算机学院')
      .executeTakeFirstOrThrow()
    const base = await t.db.selectFrom('graduates').selectAll().where('name', '=', '甲同学').executeTakeFirstOrThrow()
    for (let i = 0; i < 498; i++) {
      const { id: _id, ...rest } = base
      const g = await t.db
        .insertInto('graduates')
        .values({ ...rest, department_id: dept.id, student_no: `2023${String(i).padStart(4, '0')}`, id_card: `X${i}` })
        .returning('id')
        .executeTakeFirstOrThrow()
      await t.db
        .insertInto('recommendations')
        .values({
          graduate_id: g.id,
          status: 'approved',
          intention: 'x',
          self_evaluation: 'y',
          opinion: OPINION,
          decided_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute()
    }
    const over = await t.json('GET', '/api/v1/recommendations.zip?status=approved', { token: t.adminToken })
    expect(over.status).toBe(400)
    expect(over.data.error.message).toContain('501')
    expect(over.data.error.message).toContain('500')
    expect(
      await t.db.selectFrom('audit_log').select('id').where('action', '=', 'recommendation.export').execute(),
    ).toHaveLength(0)
    // One 院系 at a time fits.
    const fits = await t.request('GET', '/api/v1/recommendations.zip?department=外语学院', { token: t.adminToken })
    expect(fits.status).toBe(200)
  })
})
