import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { parseNumber } from '../../src/domain/numbers.js'
import { verifyQrSignature } from '../../src/qr-signature.js'
import { pdfFontNames, pdfQr, pdfText, isSubsetName } from '../pdf-helpers.js'
import { register } from '../transfer/fixtures.js'

async function graduate(t: TestApp, over: { graduation_time?: string; status?: string; name?: string } = {}) {
  const g = await insertGraduate(t, {
    name: over.name ?? '阿依古丽·买买提',
    graduation_time: over.graduation_time ?? '202606',
  })
  if (over.status !== 'none') await register(t, g.id, { status: over.status ?? 'approved' })
  const token = await studentToken(t, g)
  return { ...g, token }
}

const grant = (t: TestApp, token: string, body: object) =>
  t.json('POST', '/api/v1/me/verification-grants', { token, body })

describe('POST /api/v1/me/verification-grants', () => {
  it('grants until the window end by default, with a well-formed 核验编号', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const r = await grant(t, g.token, { password: 'new-password-1' })
    expect(r.status).toBe(201)
    expect(r.data.validUntil).toBe('2026-12-31T23:59:59+08:00')
    expect(parseNumber(r.data.number)).toMatchObject({
      ok: true,
      type: 'verification',
      year: '26',
      schoolCode: '10001',
    })
    expect(r.data.reportUrl).toBe(`/api/v1/me/verification-grants/${r.data.number}/report.pdf`)
    const row = await t.db.selectFrom('verification_grants').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      number: r.data.number,
      graduate_id: g.id,
      valid_until: '2026-12-31T23:59:59+08:00',
      revoked_at: null,
    })
    expect(
      await t.db.selectFrom('audit_log').select('action').where('action', '=', 'verification.grant').execute(),
    ).toHaveLength(1)
  })

  it('takes an end date up to the last day of the window and refuses the day after', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    const last = await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-12-31' })
    expect(last.status).toBe(201)
    expect(last.data.validUntil).toBe('2026-12-31T23:59:59+08:00')
    const early = await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-07-01' })
    expect(early.data.validUntil).toBe('2026-07-01T23:59:59+08:00')
    const past = await grant(t, g.token, { password: 'new-password-1', validUntil: '2027-01-01' })
    expect(past.status).toBe(400)
    expect(past.data.error.code).toBe('validation_error')
    expect(past.res.headers.get('x-error-field')).toBe('validUntil')
    expect(past.data.error.message).toContain('有效期')
    const yesterday = await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-06-14' })
    expect(yesterday.status).toBe(400)
    const today = await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-06-15' })
    expect(today.status).toBe(201)
    expect((await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-02-30' })).status).toBe(400)
    expect((await grant(t, g.token, { password: 'new-password-1', validUntil: '20261231' })).status).toBe(400)
  })

  it('follows the window across the year: December graduates until the end of June', async () => {
    const t = await createTestApp({ now: '2027-06-30T23:59:58+08:00' })
    const g = await graduate(t, { graduation_time: '202612' })
    const ok = await grant(t, g.token, { password: 'new-password-1' })
    expect(ok.status).toBe(201)
    expect(ok.data.validUntil).toBe('2027-06-30T23:59:59+08:00')
    expect((await grant(t, g.token, { password: 'new-password-1', validUntil: '2027-07-01' })).status).toBe(400)
    // The first refused second: the window is closed, nothing may be granted any more.
    t.clock.set('2027-07-01T00:00:00+08:00')
    const closed = await grant(t, g.token, { password: 'new-password-1' })
    expect(closed.status).toBe(409)
    expect(closed.data.error.message).toContain('并不因此失效')
  })

  it('refuses a wrong password, and locks the account after five', async () => {
    const t = await createTestApp()
    const g = await graduate(t)
    for (let i = 0; i < 4; i++) {
      const r = await grant(t, g.token, { password: 'wrong-password' })
      expect(r.status).toBe(400)
      expect(r.res.headers.get('x-error-field')).toBe('password')
    }
    expect(await t.db.selectFrom('verification_grants').selectAll().execute()).toHaveLength(0)
    expect((await grant(t, g.token, { password: 'wrong-password' })).status).toBe(400)
    const locked = await grant(t, g.token, { password: 'new-password-1' })
    expect(locked.status).toBe(423)
    expect(locked.data.error.code).toBe('account_locked')
    t.clock.advance(16 * 60 * 1000)
    expect((await grant(t, g.token, { password: 'new-password-1' })).status).toBe(201)
  })

  it('needs an approved registration, a student, and the password field', async () => {
    const t = await createTestApp()
    const pending = await graduate(t, { status: 'submitted', name: '待审核' })
    const r = await grant(t, pending.token, { password: 'new-password-1' })
    expect(r.status).toBe(409)
    expect(r.data.error.code).toBe('conflict')
    expect((await grant(t, t.adminToken, { password: 'x' })).status).toBe(403)
    const missing = await grant(t, pending.token, {})
    expect(missing.status).toBe(400)
    expect(missing.data.error.message).toContain('密码')
    expect((await grant(t, '', { password: 'x' })).status).toBe(401)
  })
})

describe('grants: list, revoke, report, access log', () => {
  it('lists, revokes (the number then answers revoked) and refuses another graduate', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '陈诚' })
    const a = (await grant(t, g.token, { password: 'new-password-1' })).data
    t.clock.advance(60_000)
    const b = (await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-09-30' })).data

    const list = await t.json('GET', '/api/v1/me/verification-grants', { token: g.token })
    expect(list.status).toBe(200)
    expect(list.data.items).toEqual([
      {
        number: b.number,
        validUntil: '2026-09-30T23:59:59+08:00',
        revokedAt: null,
        createdAt: t.clock.now.toISOString(),
      },
      {
        number: a.number,
        validUntil: '2026-12-31T23:59:59+08:00',
        revokedAt: null,
        createdAt: new Date(t.clock.now.getTime() - 60_000).toISOString(),
      },
    ])

    expect(
      (await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: '陈诚', number: a.number } })).status,
    ).toBe(200)
    const del = await t.request('DELETE', `/api/v1/me/verification-grants/${a.number.toLowerCase()}`, {
      token: g.token,
    })
    expect(del.status).toBe(204)
    expect((await t.request('DELETE', `/api/v1/me/verification-grants/${a.number}`, { token: g.token })).status).toBe(
      204,
    )
    const after = await t.json('GET', '/api/v1/me/verification-grants', { token: g.token })
    expect(after.data.items.find((i: { number: string }) => i.number === a.number).revokedAt).toBe(
      t.clock.now.toISOString(),
    )
    const lookup = await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: '陈诚', number: a.number } })
    expect(lookup.status).toBe(410)
    expect(lookup.data.error.code).toBe('revoked')

    const other = await graduate(t, { name: '别人' })
    expect((await t.json('DELETE', `/api/v1/me/verification-grants/${b.number}`, { token: other.token })).status).toBe(
      404,
    )
    expect(
      (await t.json('GET', `/api/v1/me/verification-grants/${b.number}/report.pdf`, { token: other.token })).status,
    ).toBe(404)
    expect((await t.json('GET', '/api/v1/me/verification-grants', { token: other.token })).data.items).toEqual([])
    expect(
      (await t.json('GET', `/api/v1/me/verification-grants/${a.number}/report.pdf`, { token: g.token })).status,
    ).toBe(410)
  })

  it('gives a report PDF with the 核验编号, its end date and a signed QR code', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '喆赟·昇' })
    const { number } = (await grant(t, g.token, { password: 'new-password-1', validUntil: '2026-10-31' })).data
    const res = await t.request('GET', `/api/v1/me/verification-grants/${number}/report.pdf`, { token: g.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = new Uint8Array(await res.arrayBuffer())
    const [text] = await pdfText(pdf)
    expect(text).toContain(`核验编号：${number}`)
    expect(text).toContain('姓名喆赟·昇')
    expect(text).toContain('2026-10-3123:59:59')
    expect(text).toContain('户口迁移信息')
    expect(text).not.toContain(g.idCard)
    const qr = await pdfQr(pdf)
    const m = /\/v\/([0-9A-Z]{15})\?s=(.+)$/.exec(qr ?? '')
    expect(m?.[1]).toBe(number)
    expect(verifyQrSignature(t.deps.secretKey, number, m![2])).toBe(true)
    expect(pdfFontNames(pdf).every(isSubsetName)).toBe(true)

    t.clock.set('2026-10-31T23:59:00+08:00')
    const late = await t.login(g.studentNo, 'new-password-1')
    expect(
      (await t.request('GET', `/api/v1/me/verification-grants/${number}/report.pdf`, { token: late })).status,
    ).toBe(200)
    t.clock.set('2026-11-01T00:00:00+08:00')
    const expired = await t.json('GET', `/api/v1/me/verification-grants/${number}/report.pdf`, { token: late })
    expect(expired.status).toBe(410)
    expect(expired.data.error.code).toBe('expired')
  })

  it('shows every lookup of the graduate’s numbers in the access log', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '王五' })
    const { number } = (await grant(t, g.token, { password: 'new-password-1' })).data
    await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    const transfer = (
      await t.db
        .selectFrom('transfer_numbers')
        .select('number')
        .where('graduate_id', '=', g.id)
        .executeTakeFirstOrThrow()
    ).number

    await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: '王五', number: transfer } })
    t.clock.advance(1000)
    await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: '不是他', number } })
    const other = await graduate(t, { name: '旁人' })
    const otherGrant = (await grant(t, other.token, { password: 'new-password-1' })).data.number
    await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: '旁人', number: otherGrant } })

    const log = await t.json('GET', '/api/v1/me/access-log', { token: g.token })
    expect(log.status).toBe(200)
    expect(log.data.items).toHaveLength(2)
    expect(log.data.items[0]).toMatchObject({ number, kind: 'hukou', outcome: 'not_found' })
    expect(log.data.items[1]).toMatchObject({ number: transfer, kind: 'archive', outcome: 'found' })
    expect(log.data.items[1].at).toBe(new Date(t.clock.now.getTime() - 1000).toISOString())
    expect((await t.json('GET', '/api/v1/me/access-log', { token: t.adminToken })).status).toBe(403)
  })

  it('pages the access log past 500 entries, newest first, with the total (contract §4.6)', async () => {
    const t = await createTestApp()
    const g = await graduate(t, { name: '赵六' })
    const { number } = (await grant(t, g.token, { password: 'new-password-1' })).data
    const other = await graduate(t, { name: '旁人' })
    const otherGrant = (await grant(t, other.token, { password: 'new-password-1' })).data.number
    const started = t.clock.now.getTime()
    const N = 530
    for (let i = 0; i < N; i++) {
      const kind = i % 2 ? 'hukou' : 'archive'
      const r = await t.json('POST', '/api/v1/verify', { body: { kind, name: '赵六', number } })
      expect(r.status).toBe(200)
      // Someone else's lookups never show up in this graduate's log.
      if (i % 100 === 0) await t.json('POST', '/api/v1/verify', { body: { kind, name: '旁人', number: otherGrant } })
      t.clock.advance(1000)
    }

    const first = await t.json('GET', '/api/v1/me/access-log', { token: g.token })
    expect(first.status).toBe(200)
    expect(first.data.total).toBe(N)
    expect(first.data.items).toHaveLength(50)
    expect(first.data.items[0].at).toBe(new Date(started + (N - 1) * 1000).toISOString())

    const seen: string[] = []
    for (let page = 1; page <= 3; page++) {
      const r = await t.json('GET', `/api/v1/me/access-log?page=${page}&pageSize=200`, { token: g.token })
      expect(r.status).toBe(200)
      expect(r.data.total).toBe(N)
      expect(r.data.items).toHaveLength(page < 3 ? 200 : N - 400)
      for (const i of r.data.items) {
        expect(i.number).toBe(number)
        seen.push(i.at)
      }
    }
    // All 530, each once, newest first: the oldest lookup is the last entry of the last page.
    expect(new Set(seen).size).toBe(N)
    expect(seen).toEqual([...seen].sort().reverse())
    expect(seen.at(-1)).toBe(new Date(started).toISOString())
    const past = await t.json('GET', '/api/v1/me/access-log?page=4&pageSize=200', { token: g.token })
    expect(past.data).toEqual({ items: [], total: N })

    for (const bad of ['page=0', 'page=x', 'pageSize=201'])
      expect((await t.json('GET', `/api/v1/me/access-log?${bad}`, { token: g.token })).status, bad).toBe(400)
    expect((await t.json('GET', '/api/v1/me/access-log?page=', { token: g.token })).data.items).toHaveLength(50)
  })
})
