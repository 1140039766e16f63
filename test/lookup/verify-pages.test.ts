import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { qrLink } from '../../src/qr-signature.js'
import { ARCHIVE, HUKOU, seedGraduate, supersede, unknownTransferNumber } from './fixtures.js'

function postForm(t: TestApp, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.request('/verify', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'text/html',
      Origin: 'http://localhost',
      'Sec-Fetch-Site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  })
}

const get = (t: TestApp, path: string) => t.app.request(path, { headers: { Accept: 'text/html' } })

/** The QR link's path and query, as a phone would open it. */
const qrPath = (t: TestApp, number: string) =>
  new URL(qrLink(t.config.publicBaseUrl, t.deps.secretKey, number)).pathname +
  new URL(qrLink(t.config.publicBaseUrl, t.deps.secretKey, number)).search

describe('GET /verify', () => {
  it('shows the form: 查询类型 as a labelled radio group, 姓名, 编号 with its format, fields kind/name/number', async () => {
    const t = await createTestApp()
    const res = await get(t, '/verify')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/verify"/)
    expect(html).toMatch(/<fieldset>\s*<legend>查询类型<\/legend>/)
    expect(html).toContain('name="kind" value="archive" checked=""')
    expect(html).toContain('name="kind" value="hukou"')
    expect(html).toContain('<label for="verify-name">')
    expect(html).toContain('id="verify-name" name="name"')
    expect(html).toContain('<label for="verify-number">')
    expect(html).toContain('id="verify-number" name="number"')
    expect(html).toContain('转递编号 17 位，核验编号 15 位')
    expect(html).toContain('aria-live="polite"')
    expect(html).toContain('src="/static/app.js"')
    // ?kind=hukou preselects 户口
    const h = await (await get(t, '/verify?kind=hukou')).text()
    expect(h).toContain('name="kind" value="hukou" checked=""')
  })
})

describe('POST /verify', () => {
  it('shows the result like the sheet, with 核验时间 and the validity end, and only the archive section', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '陈诚', gender_code: '1' } })
    const res = await postForm(t, { kind: 'archive', name: '陈诚', number: g.transferNumber })
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const s of [
      '基本信息',
      '毕业去向信息',
      '档案转递信息',
      '核验时间',
      '2026-06-15 10:00:00',
      '2026年12月31日 23:59:59',
      '陈诚',
      '男',
      '测试大学',
      '北京市海淀区',
      ARCHIVE.unitName,
      ARCHIVE.contact,
      g.transferNumber,
    ]) {
      expect(html, s).toContain(s)
    }
    expect(html).not.toContain('户口迁移信息')
    expect(html).not.toContain(HUKOU.address)
    expect(html).not.toContain(ARCHIVE.phone)
    expect(html).not.toContain(g.idCard)
    expect(html).not.toContain('13800138000')
  })

  it('shows only the hukou section for 户口', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '李娟' } })
    const res = await postForm(t, { kind: 'hukou', name: '李娟', number: g.grantNumber })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('户口迁移信息')
    expect(html).toContain(HUKOU.address)
    expect(html).toContain('核验编号')
    expect(html).not.toContain(ARCHIVE.unitName)
  })

  it('mirrors the API statuses with plain-Chinese errors saying what to do next, keeping what was typed', async () => {
    const t = await createTestApp({ env: { VERIFY_FAILURE_LIMIT: '6', TRUST_PROXY: '1' } })
    const g = await seedGraduate(t, { graduate: { name: '孙七' } })
    const ip = { 'X-Forwarded-For': '192.0.2.1' }

    const invalid = await postForm(t, { kind: 'archive', name: '孙七', number: '2610001ABC' }, ip)
    expect(invalid.status).toBe(400)
    const invalidHtml = await invalid.text()
    expect(invalidHtml).toContain('编号格式不对')
    expect(invalidHtml).toContain('您输入了 10 位')
    expect(invalidHtml).toContain('role="alert"')
    expect(invalidHtml).toMatch(/id="verify-number"[^>]*aria-invalid="true"/)
    expect(invalidHtml).toContain('value="2610001ABC"')

    const wrongName = await postForm(t, { kind: 'archive', name: '孙八', number: g.transferNumber }, ip)
    const wrongNumber = await postForm(t, { kind: 'archive', name: '孙七', number: unknownTransferNumber() }, ip)
    expect([wrongName.status, wrongNumber.status]).toEqual([404, 404])
    const wn = await wrongName.text()
    expect(wn).toContain('没有查到')
    expect(wn).toContain('请核对毕业生姓名')

    await supersede(t, g.id, g.transferNumber)
    const sup = await postForm(t, { kind: 'archive', name: '孙七', number: g.transferNumber }, ip)
    expect(sup.status).toBe(410)
    expect(await sup.text()).toContain('学校已为该毕业生生成了新的转递编号')

    await t.db.updateTable('verification_grants').set({ revoked_at: 'x' }).where('number', '=', g.grantNumber).execute()
    const rev = await postForm(t, { kind: 'archive', name: '孙七', number: g.grantNumber }, ip)
    expect(rev.status).toBe(410)
    expect(await rev.text()).toContain('毕业生已撤销这个核验编号的授权')

    // Graduated 2025-11: the window ended 2026-05-31, before today (2026-06-15).
    const g2 = await seedGraduate(t, { graduate: { name: '李四', graduation_time: '202511' } })
    const exp = await postForm(t, { kind: 'hukou', name: '李四', number: g2.transferNumber }, ip)
    expect(exp.status).toBe(410)
    const expHtml = await exp.text()
    expect(expHtml).toContain('查询核验服务已结束')
    expect(expHtml).toContain('2026年5月31日')
    expect(expHtml).toContain('name="kind" value="hukou" checked=""')

    const limited = await postForm(t, { kind: 'archive', name: '李四', number: g2.transferNumber }, ip)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('600')
    expect(await limited.text()).toContain('请 10 分钟后再试')
  })

  it('answers a missing field with 400 naming it, without counting a lookup', async () => {
    const t = await createTestApp()
    const r1 = await postForm(t, { kind: 'archive', name: '  ', number: '26100012345678923' })
    expect(r1.status).toBe(400)
    const h1 = await r1.text()
    expect(h1).toContain('毕业生姓名：必须填写')
    expect(h1).toMatch(/id="verify-name"[^>]*aria-invalid="true"/)
    const r2 = await postForm(t, { kind: 'archive', name: '某人', number: '' })
    expect(await r2.text()).toContain('编号：必须填写')
    const r3 = await postForm(t, { name: '某人', number: '26100012345678923' })
    expect(r3.status).toBe(400)
    expect(await r3.text()).toContain('查询类型')
    await t.deps.lookupLog.flush()
    expect(await t.db.selectFrom('lookups').selectAll().execute()).toHaveLength(0)
  })

  it('refuses a cross-site form post with 403 and accepts one without a CSRF token from this site', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '王五' } })
    const fields = { kind: 'archive', name: '王五', number: g.transferNumber }
    expect((await postForm(t, fields, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' })).status).toBe(
      403,
    )
    expect((await postForm(t, fields, { Origin: 'https://evil.example', 'Sec-Fetch-Site': '' })).status).toBe(403)
    const bySite = await t.app.request('/verify', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'text/html',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: new URLSearchParams(fields).toString(),
    })
    expect(bySite.status).toBe(403)
    // Origin: null is what browsers send under Referrer-Policy: no-referrer; only a same-origin one passes.
    expect((await postForm(t, fields, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
    expect((await postForm(t, fields, { Origin: 'null', 'Sec-Fetch-Site': '' })).status).toBe(403)
    expect((await postForm(t, fields, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200)
    // A plain same-site post (no cookie, no token) works: a clerk's browser may refuse cookies.
    const ok = await t.app.request('/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    })
    expect(ok.status).toBe(200)
    await t.deps.lookupLog.flush()
    expect(await t.db.selectFrom('lookups').selectAll().execute()).toHaveLength(2) // refused posts never reach the lookup
  })

  it('escapes every stored field on the result page', async () => {
    const t = await createTestApp()
    const x = (label: string) => `<script>alert("${label}")</script>'"&<img src=x onerror=alert(1)>`
    const g = await seedGraduate(t, {
      graduate: {
        name: `${x('name')}`,
        major_name: x('major'),
        length_of_schooling: x('los'),
        graduation_time: '202606',
        gender_code: x('gender'),
        education_code: x('edu'),
        origin_code: x('origin'),
      },
      destination: { type: x('type'), unitName: x('unit'), unitLocation: x('unitLocation') },
      archive: {
        transferType: x('tt'),
        unitName: x('aunit'),
        unitAddress: x('addr'),
        unitLocation: x('aloc'),
        postcode: x('pc'),
        contact: x('contact'),
        phone: '1',
      },
      hukou: { migrationType: x('mt'), location: x('hloc'), address: x('haddr') },
    })
    await t.db
      .updateTable('schools')
      .set({ name: x('school') })
      .execute()
    const archive = await (await postForm(t, { kind: 'archive', name: x('name'), number: g.transferNumber })).text()
    const hukou = await (await postForm(t, { kind: 'hukou', name: x('name'), number: g.transferNumber })).text()
    for (const html of [archive, hukou]) {
      expect(html).toContain('核验通过')
      expect(html).not.toContain('<script>alert')
      expect(html).not.toContain('<img src=x')
    }
    for (const label of [
      'name',
      'major',
      'los',
      'type',
      'unit',
      'unitLocation',
      'tt',
      'aunit',
      'addr',
      'aloc',
      'pc',
      'contact',
      'school',
      'origin',
      'edu',
    ]) {
      expect(archive, label).toContain(
        `&lt;script&gt;alert(&quot;${label}&quot;)&lt;/script&gt;&#39;&quot;&amp;&lt;img src=x onerror=alert(1)&gt;`,
      )
    }
    for (const label of ['mt', 'hloc', 'haddr'])
      expect(hukou, label).toContain(`&lt;script&gt;alert(&quot;${label}&quot;)`)
    // And on the error page, what was typed comes back escaped in the form.
    const miss = await (
      await postForm(t, { kind: 'archive', name: '"><script>alert(1)</script>', number: '"><b>x' })
    ).text()
    expect(miss).not.toContain('<script>alert(1)')
    expect(miss).not.toContain('"><b>')
  })
})

describe('GET /v/{number}?s=', () => {
  it('shows the result without asking for the name, 档案 by default with a tab for 户口, counted and logged', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '冯十一' } })
    const path = qrPath(t, g.transferNumber)
    const res = await get(t, path)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-robots-tag')).toContain('noindex')
    const html = await res.text()
    expect(html).toContain('二维码有效')
    expect(html).toContain('冯十一')
    expect(html).toContain(ARCHIVE.unitName)
    expect(html).not.toContain(HUKOU.address)
    const tab = /<a href="([^"]+kind=hukou)"/.exec(html)
    expect(tab).not.toBeNull()
    const hukou = await get(t, tab![1].replace(/&amp;/g, '&'))
    expect(hukou.status).toBe(200)
    const hh = await hukou.text()
    expect(hh).toContain(HUKOU.address)
    expect(hh).not.toContain(ARCHIVE.unitName)
    expect(hh).toMatch(/href="[^"]+kind=hukou" aria-current="page"/)
    await t.deps.lookupLog.flush()
    const rows = await t.db
      .selectFrom('lookups')
      .select(['number', 'kind', 'outcome', 'graduate_id'])
      .orderBy('id')
      .execute()
    expect(rows).toEqual([
      { number: g.transferNumber, kind: 'archive', outcome: 'found', graduate_id: g.id },
      { number: g.transferNumber, kind: 'hukou', outcome: 'found', graduate_id: g.id },
    ])
  })

  it('answers the same failures as a typed lookup (expired, superseded, withdrawn)', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '周九' } })
    const path = qrPath(t, g.transferNumber)
    await supersede(t, g.id, g.transferNumber)
    const sup = await get(t, path)
    expect(sup.status).toBe(410)
    expect(await sup.text()).toContain('这个转递编号已作废')
    const g2 = await seedGraduate(t, { graduate: { name: '吴十' } })
    await t.db.updateTable('graduates').set({ withdrawn_at: 'x' }).where('id', '=', g2.id).execute()
    expect((await get(t, qrPath(t, g2.grantNumber))).status).toBe(404)
    const g3 = await seedGraduate(t, { graduate: { name: '郑一' } })
    t.clock.set('2027-01-01T00:00:00+08:00')
    expect((await get(t, qrPath(t, g3.transferNumber))).status).toBe(410)
  })

  it('answers and logs a signed link even when the client is over the failure limit; typed lookups stay throttled', async () => {
    const t = await createTestApp({ env: { VERIFY_FAILURE_LIMIT: '3', TRUST_PROXY: '1' } })
    const g = await seedGraduate(t, { graduate: { name: '褚十二' } })
    const ip = { 'X-Forwarded-For': '192.0.2.7' }
    // Use up the office's failures with wrong names, until typed lookups answer 429.
    for (let i = 0; i < 3; i++)
      expect((await postForm(t, { kind: 'archive', name: '错名', number: g.transferNumber }, ip)).status).toBe(404)
    const typed = await postForm(t, { kind: 'archive', name: '褚十二', number: g.transferNumber }, ip)
    expect(typed.status).toBe(429)

    const path = qrPath(t, g.transferNumber)
    const signed = await t.app.request(path, { headers: { Accept: 'text/html', ...ip } })
    expect(signed.status).toBe(200)
    const html = await signed.text()
    expect(html).toContain('二维码有效')
    expect(html).toContain('褚十二')
    expect(html).toContain(ARCHIVE.unitName)
    // A signed link's failure (here: superseded) is answered as such, not 429, and does not count.
    const g2 = await seedGraduate(t, { graduate: { name: '卫十三' } })
    await supersede(t, g2.id, g2.transferNumber)
    const old = await t.app.request(qrPath(t, g2.transferNumber), { headers: { Accept: 'text/html', ...ip } })
    expect(old.status).toBe(410)

    // The name + number lookups from the same address are still refused, on the page and in the API.
    expect((await postForm(t, { kind: 'archive', name: '褚十二', number: g.transferNumber }, ip)).status).toBe(429)
    const api = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: '褚十二', number: g.transferNumber },
      headers: ip,
    })
    expect(api.status).toBe(429)

    await t.deps.lookupLog.flush()
    const rows = await t.db.selectFrom('lookups').select(['number', 'outcome']).orderBy('id').execute()
    expect(rows.map((r) => r.outcome)).toEqual([
      'not_found',
      'not_found',
      'not_found',
      'rate_limited',
      'found',
      'superseded',
      'rate_limited',
      'rate_limited',
    ])
    expect(rows[4].number).toBe(g.transferNumber)
    const counter = await t.db.selectFrom('rate_limits').select('count').executeTakeFirstOrThrow()
    expect(counter.count).toBe(3)
  })

  it('shows the form with the number filled in when the signature is missing or wrong, without a lookup', async () => {
    const t = await createTestApp()
    const g = await seedGraduate(t, { graduate: { name: '钱二' } })
    const other = await seedGraduate(t, { graduate: { name: '钱三' } })
    const wrongSig = new URL(qrLink('http://x', t.deps.secretKey, other.transferNumber)).searchParams.get('s')!
    for (const path of [
      `/v/${g.transferNumber}`,
      `/v/${g.transferNumber}?s=${wrongSig}`,
      `/v/${g.transferNumber.toLowerCase()}?s=abc`,
    ]) {
      const res = await get(t, path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html).toContain(`value="${g.transferNumber}"`)
      expect(html).toContain('请输入毕业生姓名后查询')
      expect(html).not.toContain('钱二')
    }
    await t.deps.lookupLog.flush()
    expect(await t.db.selectFrom('lookups').selectAll().execute()).toHaveLength(0)
  })
})

describe('the example number (issue 13 §19)', () => {
  it("uses this deployment's own 院校代码 and this year's two digits, on the form and after an error", async () => {
    const t = await createTestApp({ env: { SCHOOL_CODE: '10613' }, now: '2027-03-01T09:00:00+08:00' })
    const html = await (await get(t, '/verify')).text()
    expect(html).toContain('例如：27 10613 XXXXXXXXX X')
    expect(html).not.toContain('10001')
    const bad = await postForm(t, { kind: 'archive', name: '张三', number: '' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('例如：27 10613 XXXXXXXXX X')
  })
})
