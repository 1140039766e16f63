/** Acceptance walk through contract §2, §3 and §4.7 (public lookup), as an outsider. */
import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { pdfQr, pdfText } from '../pdf-helpers.js'
import { approvedGraduate, archive, expectError, hukou, NEW_PASSWORD, transferNumbers } from './outsider.js'
import { generateNumber } from '../../src/domain/numbers.js'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const verify = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  t.json('POST', '/api/v1/verify', { body, headers })

async function setup(env: Record<string, string> = {}) {
  const t = await createTestApp({ env })
  const g = await approvedGraduate(t, { 姓名: '阿依古丽·买买提', 手机号码: '13987654321' })
  const numbers = await transferNumbers(t, [g.id])
  const transfer = numbers.get(g.id)!
  const grant = await t.json('POST', '/api/v1/me/verification-grants', {
    token: g.token,
    body: { password: NEW_PASSWORD },
  })
  expect(grant.status).toBe(201)
  return { t, g, transfer, grant: grant.data.number as string }
}

/** Replaces the character at i with another one allowed there (so the number stays well-formed). */
function substitute(n: string, i: number) {
  const c = n[i]
  const pool = /\d/.test(c) && i < 7 ? '0123456789' : ALPHABET
  return n.slice(0, i) + pool[(pool.indexOf(c) + 1) % pool.length] + n.slice(i + 1)
}

describe('§4.7 POST /api/v1/verify', () => {
  it('200: exactly the documented shape, archive XOR hukou, no 身份证号 or phone numbers', async () => {
    const { t, g, transfer, grant } = await setup()
    const r = await verify(t, { kind: 'archive', name: g.name, number: transfer })
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(Object.keys(r.data).sort()).toEqual([
      'archive',
      'destination',
      'graduate',
      'kind',
      'number',
      'numberType',
      'validUntil',
    ])
    expect(r.data).toEqual(
      expect.objectContaining({
        kind: 'archive',
        number: transfer,
        numberType: 'transfer',
        validUntil: '2026-12-31T23:59:59+08:00',
      }),
    )
    expect(Object.keys(r.data.graduate).sort()).toEqual([
      'education',
      'gender',
      'graduationTime',
      'lengthOfSchooling',
      'major',
      'name',
      'origin',
      'school',
    ])
    expect(r.data.graduate).toEqual(
      expect.objectContaining({ name: g.name, school: '测试大学', major: '计算机科学与技术' }),
    )
    expect(Object.keys(r.data.destination).sort()).toEqual(['type', 'unitLocation', 'unitName'])
    expect(r.data.destination).toEqual(
      expect.objectContaining({ type: '签劳动合同就业', unitName: '北京验收科技有限公司' }),
    )
    expect(r.data.archive).toEqual(
      expect.objectContaining({ transferType: archive().transferType, unitName: archive().unitName }),
    )
    const text = JSON.stringify(r.data)
    expect(text).not.toContain(g.row.身份证号)
    expect(text).not.toContain(g.row.身份证号.slice(-6))
    expect(text).not.toContain('13987654321')
    expect(text).not.toContain(archive().phone)
    expect(text).not.toMatch(/1[3-9]\d{9}/)

    const h = await verify(t, { kind: 'hukou', name: g.name, number: grant })
    expect(h.status).toBe(200)
    expect(Object.keys(h.data).sort()).toEqual([
      'destination',
      'graduate',
      'hukou',
      'kind',
      'number',
      'numberType',
      'validUntil',
    ])
    expect(h.data).toEqual(expect.objectContaining({ kind: 'hukou', number: grant, numberType: 'verification' }))
    expect(h.data.hukou).toEqual(expect.objectContaining({ migrationType: hukou().migrationType }))
    expect(JSON.stringify(h.data)).not.toContain(g.row.身份证号)
  })

  it('numbers are read case-insensitively with spaces and hyphens ignored; names after NFKC and middle-dot folding', async () => {
    const { t, g, transfer } = await setup()
    const messy = ` ${transfer.slice(0, 4).toLowerCase()}-${transfer.slice(4, 10)} ${transfer.slice(10).toLowerCase()} `
    const r = await verify(t, { kind: 'archive', name: g.name, number: messy })
    expect(r.status, JSON.stringify(r.data)).toBe(200)
    expect(r.data.number).toBe(transfer)
    for (const name of [
      '阿依古丽•买买提',
      '阿依古丽‧买买提',
      '阿依古丽・买买提',
      '阿依古丽･买买提',
      '阿依古丽．买买提',
      '阿依古丽\u00B7买买提',
      ' 阿依古丽 · 买买提 ',
      '阿依古丽\u3000·\u3000买买提',
      '阿依古丽.买买提'.replace('.', '\uFF0E'),
    ]) {
      const v = await verify(t, { kind: 'archive', name, number: transfer })
      expect(v.status, `${name}: ${JSON.stringify(v.data)}`).toBe(200)
    }
    expectError(await verify(t, { kind: 'archive', name: '阿依古丽买买提', number: transfer }), 404, 'not_found')
    // The other way round: stored with a katakana middle dot, asked with U+00B7.
    const k = await approvedGraduate(t, { 姓名: '迪丽热巴・迪力木拉提' })
    const kn = (await transferNumbers(t, [k.id])).get(k.id)!
    expect((await verify(t, { kind: 'hukou', name: '迪丽热巴·迪力木拉提', number: kn })).status).toBe(200)
  })

  it('400 invalid_number for length, alphabet or check character; 404 identical for wrong name and wrong number', async () => {
    const { t, g, transfer } = await setup()
    for (const bad of [
      transfer.slice(0, 16),
      transfer + '2',
      transfer.slice(0, 16) + 'O',
      transfer.slice(0, 10) + '0' + transfer.slice(11),
      substitute(transfer, 12),
      substitute(transfer, 16),
      substitute(transfer, 3),
      'hello',
      '-',
    ])
      expectError(await verify(t, { kind: 'archive', name: g.name, number: bad }), 400, 'invalid_number')
    // Adjacent swap in the random part.
    const i = [...transfer.slice(7, 16)].findIndex((c, k) => c !== transfer[7 + k + 1]) + 7
    const swapped = transfer.slice(0, i) + transfer[i + 1] + transfer[i] + transfer.slice(i + 2)
    expectError(await verify(t, { kind: 'archive', name: g.name, number: swapped }), 400, 'invalid_number')

    const wrongName = await verify(t, { kind: 'archive', name: '张冒名', number: transfer })
    const wrongNumber = await verify(t, {
      kind: 'archive',
      name: g.name,
      number: generateNumber('transfer', '202606', '10001'),
    })
    const wrongGrant = await verify(t, {
      kind: 'archive',
      name: g.name,
      number: generateNumber('verification', '202606', '10001'),
    })
    expectError(wrongName, 404, 'not_found')
    expectError(wrongNumber, 404, 'not_found')
    expect(wrongName.data).toEqual(wrongNumber.data)
    expect(wrongGrant.data).toEqual(wrongNumber.data)
    // Bad kind or missing fields: 400 validation_error.
    expectError(await verify(t, { kind: 'both', name: g.name, number: transfer }), 400, 'validation_error')
    expectError(await verify(t, { kind: 'archive', number: transfer }), 400, 'validation_error')
    expectError(await verify(t, { kind: 'archive', name: g.name }), 400, 'validation_error')
  })

  it('410 expired from 2027-01-01 00:00 +08:00 (only when name and number match); withdrawn graduate → not_found', async () => {
    const { t, g, transfer, grant } = await setup()
    t.clock.set('2026-12-31T23:59:59+08:00')
    expect((await verify(t, { kind: 'archive', name: g.name, number: transfer })).status).toBe(200)
    t.clock.set('2027-01-01T00:00:00+08:00')
    expectError(await verify(t, { kind: 'archive', name: g.name, number: transfer }), 410, 'expired')
    expectError(await verify(t, { kind: 'hukou', name: g.name, number: grant }), 410, 'expired')
    expectError(await verify(t, { kind: 'archive', name: '张冒名', number: transfer }), 404, 'not_found')

    t.clock.set('2026-07-01T10:00:00+08:00')
    expect((await verify(t, { kind: 'archive', name: g.name, number: transfer })).status).toBe(200)
    const admin = await t.login('admin', 'admin-pass-2026')
    const w = await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: admin, body: { reason: '休学' } })
    expect(w.status, JSON.stringify(w.data)).toBe(200)
    const a = await verify(t, { kind: 'archive', name: g.name, number: transfer })
    const b = await verify(t, { kind: 'hukou', name: g.name, number: grant })
    expectError(a, 404, 'not_found')
    expectError(b, 404, 'not_found')
    const unknown = await verify(t, {
      kind: 'archive',
      name: g.name,
      number: generateNumber('transfer', '202606', '10001'),
    })
    expect(a.data).toEqual(unknown.data)
    // Past the window, a withdrawn graduate is still not_found (never expired).
    t.clock.set('2027-02-01T10:00:00+08:00')
    expectError(await verify(t, { kind: 'archive', name: g.name, number: transfer }), 404, 'not_found')
  })

  it('429 rate_limited with Retry-After once an address passes VERIFY_FAILURE_LIMIT; every non-200 counts', async () => {
    const { t, g, transfer } = await setup({
      VERIFY_FAILURE_LIMIT: '3',
      VERIFY_FAILURE_WINDOW_S: '600',
      TRUST_PROXY: '1',
    })
    const from = (ip: string) => ({ 'X-Forwarded-For': ip })
    expect((await verify(t, { kind: 'archive', name: g.name, number: transfer }, from('203.0.113.7'))).status).toBe(200)
    expectError(
      await verify(t, { kind: 'archive', name: '张冒名', number: transfer }, from('203.0.113.7')),
      404,
      'not_found',
    )
    expectError(
      await verify(t, { kind: 'archive', name: g.name, number: 'bad' }, from('203.0.113.7')),
      400,
      'invalid_number',
    )
    expectError(
      await verify(t, { kind: 'archive', name: '李冒名', number: transfer }, from('203.0.113.7')),
      404,
      'not_found',
    )
    const limited = await verify(t, { kind: 'archive', name: g.name, number: transfer }, from('203.0.113.7'))
    expectError(limited, 429, 'rate_limited')
    const retry = Number(limited.res.headers.get('Retry-After'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(600)
    // Another address is not affected.
    expect((await verify(t, { kind: 'archive', name: g.name, number: transfer }, from('198.51.100.9'))).status).toBe(
      200,
    )
    // After the window, the address may try again.
    t.clock.advance(601_000)
    expect((await verify(t, { kind: 'archive', name: g.name, number: transfer }, from('203.0.113.7'))).status).toBe(200)
  })

  it('without TRUST_PROXY, X-Forwarded-For does not reset the count', async () => {
    const { t, g, transfer } = await setup({ VERIFY_FAILURE_LIMIT: '2' })
    for (let i = 0; i < 2; i++)
      await verify(t, { kind: 'archive', name: '张冒名', number: transfer }, { 'X-Forwarded-For': `10.0.0.${i}` })
    expectError(
      await verify(t, { kind: 'archive', name: g.name, number: transfer }, { 'X-Forwarded-For': '10.0.0.99' }),
      429,
      'rate_limited',
    )
  })
})

describe('§4.7 pages', () => {
  it('GET /verify: the form with kind / name / number; POST /verify answers the result or the error in Chinese', async () => {
    const { t, g, transfer } = await setup()
    const form = await t.app.request('/verify', { headers: { accept: 'text/html' } })
    expect(form.status).toBe(200)
    expect(form.headers.get('content-type')).toContain('text/html')
    const html = await form.text()
    for (const s of [
      '查询类型',
      '档案',
      '户口',
      '姓名',
      '编号',
      'name="kind"',
      'value="archive"',
      'value="hukou"',
      'name="name"',
      'name="number"',
      'type="submit"',
      'method="post"',
    ])
      expect(html, s).toContain(s)
    expect(html).toMatch(/<form[^>]*action="\/verify"/)

    const post = (fields: Record<string, string>) =>
      t.app.request('/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields),
      })
    const ok = await post({ kind: 'archive', name: g.name, number: transfer })
    expect(ok.status).toBe(200)
    const okHtml = await ok.text()
    expect(okHtml).toContain(g.name)
    expect(okHtml).toContain(archive().unitName)
    expect(okHtml).not.toContain(g.row.身份证号)
    const okHukou = await (await post({ kind: 'hukou', name: g.name, number: transfer })).text()
    expect(okHukou).toContain(hukou().address)
    expect(okHukou).not.toContain(archive().unitName)
    const miss = await post({ kind: 'archive', name: '张冒名', number: transfer })
    expect(miss.status).toBe(404)
    expect(await miss.text()).toMatch(/没有|未|不/)
    const bad = await post({ kind: 'archive', name: g.name, number: '123' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('编号')
  })

  it('GET /v/{number}?s= from the QR link shows the result without a name; without a valid s, the form with the number', async () => {
    // PUBLIC_BASE_URL: the origin printed in the QR code and on the sheet.
    const { t, g, transfer } = await setup({ PUBLIC_BASE_URL: 'https://quxiang.example.edu.cn' })
    const pdf = await t.request('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: t.adminToken })
    expect(pdf.status).toBe(200)
    const bytes = new Uint8Array(await pdf.arrayBuffer())
    const link = await pdfQr(bytes)
    expect(link).toMatch(new RegExp(`^https://quxiang\\.example\\.edu\\.cn/v/${transfer}\\?s=`))
    expect((await pdfText(bytes)).join('')).toContain('https://quxiang.example.edu.cn/verify')
    const path = link!.replace('https://quxiang.example.edu.cn', '')
    const res = await t.app.request(path, { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(g.name)
    expect(html).toContain(archive().unitName)
    const unsigned = await t.app.request(`/v/${transfer}`, { headers: { accept: 'text/html' } })
    expect(unsigned.status).toBe(200)
    const form = await unsigned.text()
    expect(form).toContain(`value="${transfer}"`)
    expect(form).not.toContain(archive().unitName)
    const forged = await t.app.request(`/v/${transfer}?s=AAAAAAAAAAAA`, { headers: { accept: 'text/html' } })
    expect(await forged.text()).not.toContain(archive().unitName)
  })
})
