/** Acceptance walk through contract §4.6 (verification grants), as an outsider. */
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { pdfText } from '../pdf-helpers.js'
import {
  approvedGraduate,
  expectError,
  importRoster,
  NEW_PASSWORD,
  rosterRow,
  studentLogin,
  transferNumbers,
} from './outsider.js'

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

describe('§4.6 verification grants', () => {
  it('create (default and earlier end), list, report, revoke; wrong password and beyond window refused; access log', async () => {
    const t = await createTestApp()
    const g = await approvedGraduate(t)
    const other = await approvedGraduate(t)

    const wrong = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: 'not-my-password' },
    })
    expect([400, 401, 403], JSON.stringify(wrong.data)).toContain(wrong.status)
    expect(wrong.data.error.code).toMatch(/invalid_credentials|validation_error|forbidden/)
    expectError(
      await t.json('POST', '/api/v1/me/verification-grants', { token: g.token, body: {} }),
      400,
      'validation_error',
    )

    const made = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: NEW_PASSWORD },
    })
    expect(made.status, JSON.stringify(made.data)).toBe(201)
    expect(Object.keys(made.data).sort()).toEqual(['number', 'reportUrl', 'validUntil'])
    expect(made.data.number).toMatch(new RegExp(`^2610001[${ALPHABET}]{8}$`))
    expect(made.data.validUntil).toBe('2026-12-31T23:59:59+08:00')
    expect(typeof made.data.reportUrl).toBe('string')

    const early = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: NEW_PASSWORD, validUntil: '2026-09-30' },
    })
    expect(early.status, JSON.stringify(early.data)).toBe(201)
    expect(early.data.validUntil).toBe('2026-09-30T23:59:59+08:00')
    const last = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: NEW_PASSWORD, validUntil: '2026-12-31' },
    })
    expect(last.status).toBe(201)
    expect(last.data.validUntil).toBe('2026-12-31T23:59:59+08:00')
    expectError(
      await t.json('POST', '/api/v1/me/verification-grants', {
        token: g.token,
        body: { password: NEW_PASSWORD, validUntil: '2027-01-01' },
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('POST', '/api/v1/me/verification-grants', {
        token: g.token,
        body: { password: NEW_PASSWORD, validUntil: '2026/09/30' },
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('POST', '/api/v1/me/verification-grants', {
        token: g.token,
        body: { password: NEW_PASSWORD, validUntil: '2026-02-30' },
      }),
      400,
      'validation_error',
    )
    expectError(
      await t.json('POST', '/api/v1/me/verification-grants', {
        token: g.token,
        body: { password: NEW_PASSWORD, validUntil: '2026-06-01' },
      }),
      400,
      'validation_error',
    )

    const list = await t.json('GET', '/api/v1/me/verification-grants', { token: g.token })
    expect(list.status).toBe(200)
    expect(list.data.items.length).toBe(3)
    for (const i of list.data.items) {
      expect(Object.keys(i).sort()).toEqual(expect.arrayContaining(['createdAt', 'number', 'revokedAt', 'validUntil']))
      expect(i.revokedAt).toBeNull()
    }
    expect(list.data.items.map((i: any) => i.number).sort()).toEqual(
      [made.data.number, early.data.number, last.data.number].sort(),
    )
    // Another graduate sees none of them.
    expect((await t.json('GET', '/api/v1/me/verification-grants', { token: other.token })).data.items).toEqual([])

    // The grant number verifies.
    const v = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: g.name, number: early.data.number },
    })
    expect(v.status, JSON.stringify(v.data)).toBe(200)
    expect(v.data).toEqual(
      expect.objectContaining({
        kind: 'archive',
        number: early.data.number,
        numberType: 'verification',
        validUntil: '2026-09-30T23:59:59+08:00',
      }),
    )

    // The report: the same sheet, with the 核验编号.
    const rep = await t.request('GET', `/api/v1/me/verification-grants/${made.data.number}/report.pdf`, {
      token: g.token,
    })
    expect(rep.status).toBe(200)
    expect(rep.headers.get('content-type')).toBe('application/pdf')
    const text = (await pdfText(new Uint8Array(await rep.arrayBuffer()))).join('')
    for (const s of ['毕业生去向登记信息', made.data.number, g.name, '2026-12-31']) expect(text, s).toContain(s)
    expect(text).not.toContain(g.row.身份证号)
    // reportUrl leads to the same report.
    const viaUrl = await t.request('GET', made.data.reportUrl.replace(/^https?:\/\/[^/]+/, ''), { token: g.token })
    expect(viaUrl.status).toBe(200)
    expect(viaUrl.headers.get('content-type')).toBe('application/pdf')
    expectError(
      await t.json('GET', `/api/v1/me/verification-grants/${made.data.number}/report.pdf`, { token: other.token }),
      404,
      'not_found',
    )

    // Revoke: 204, then revoked (410) on lookup; another graduate cannot revoke it.
    expectError(
      await t.json('DELETE', `/api/v1/me/verification-grants/${made.data.number}`, { token: other.token }),
      404,
      'not_found',
    )
    const del = await t.request('DELETE', `/api/v1/me/verification-grants/${made.data.number}`, { token: g.token })
    expect(del.status).toBe(204)
    expect(await del.text()).toBe('')
    const revoked = await t.json('POST', '/api/v1/verify', {
      body: { kind: 'hukou', name: g.name, number: made.data.number },
    })
    expectError(revoked, 410, 'revoked')
    // …but with the wrong name, not_found.
    expectError(
      await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: '别人', number: made.data.number } }),
      404,
      'not_found',
    )
    const after = await t.json('GET', '/api/v1/me/verification-grants', { token: g.token })
    const row = after.data.items.find((i: any) => i.number === made.data.number)
    expect(typeof row.revokedAt).toBe('string')
    expectError(
      await t.json('DELETE', '/api/v1/me/verification-grants/2610001ABCDEFGH', { token: g.token }),
      404,
      'not_found',
    )

    // The access log: every lookup of this graduate's numbers, the transfer number's too.
    const numbers = await transferNumbers(t, [g.id])
    await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', name: g.name, number: numbers.get(g.id) } })
    const log = await t.json('GET', '/api/v1/me/access-log', { token: g.token })
    expect(log.status).toBe(200)
    for (const i of log.data.items)
      expect(Object.keys(i).sort()).toEqual(expect.arrayContaining(['at', 'kind', 'number', 'outcome']))
    const find = (n: string, k: string) => log.data.items.find((i: any) => i.number === n && i.kind === k)
    const okLookup = find(early.data.number, 'archive')
    expect(okLookup, JSON.stringify(log.data)).toBeTruthy()
    const outcomes = (n: string, k: string) =>
      log.data.items.filter((i: any) => i.number === n && i.kind === k).map((i: any) => i.outcome)
    expect(outcomes(made.data.number, 'hukou')).toContain('revoked')
    expect(find(numbers.get(g.id)!, 'hukou')?.outcome).toBe(okLookup.outcome)
    expect(okLookup.outcome).not.toBe('revoked')
    expect(Number.isNaN(Date.parse(okLookup.at))).toBe(false)
    expect(log.data.items.length).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(log.data)).not.toContain(g.row.身份证号)
    // The other graduate's log is empty.
    expect((await t.json('GET', '/api/v1/me/access-log', { token: other.token })).data.items).toEqual([])
  })

  it('no grant before the registration is approved; staff cannot use /me', async () => {
    const t = await createTestApp()
    const r = rosterRow()
    await importRoster(t, t.adminToken, [r])
    const token = await studentLogin(t, r)
    const res = await t.json('POST', '/api/v1/me/verification-grants', { token, body: { password: NEW_PASSWORD } })
    expect(res.status, JSON.stringify(res.data)).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(typeof res.data.error.code).toBe('string')
    expectError(await t.json('GET', '/api/v1/me/verification-grants', { token: t.adminToken }), 403, 'forbidden')
  })

  it('a grant with an earlier end: 200 through its last second, 410 expired after', async () => {
    const t = await createTestApp()
    const g = await approvedGraduate(t)
    const made = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: NEW_PASSWORD, validUntil: '2026-08-31' },
    })
    expect(made.status).toBe(201)
    t.clock.set('2026-08-31T23:59:59+08:00')
    expect(
      (await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: g.name, number: made.data.number } }))
        .status,
    ).toBe(200)
    t.clock.set('2026-09-01T00:00:00+08:00')
    expectError(
      await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: g.name, number: made.data.number } }),
      410,
      'expired',
    )
  })
})
