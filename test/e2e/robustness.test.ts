/**
 * Contract §4: "No request may produce a 500 from bad input", and every JSON error has the body
 * {"error":{"code","message"}}. Garbage thrown at the documented endpoints: missing bodies, wrong
 * content types, broken JSON, wrong types, huge strings, odd path and query parameters.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { approvedGraduate, transferNumbers } from './outsider.js'

const HUGE = 'x'.repeat(2_000_000)

describe('§4 no 500 from bad input', () => {
  it('fuzzes the documented endpoints', async () => {
    const t = await createTestApp()
    const g = await approvedGraduate(t)
    await transferNumbers(t, [g.id])
    const grant = await t.json('POST', '/api/v1/me/verification-grants', {
      token: g.token,
      body: { password: 'Graduate-2026!' },
    })
    expect(grant.status).toBe(201)
    const admin = t.adminToken
    const student = g.token

    const endpoints: Array<[method: string, path: string, token?: string]> = [
      ['POST', '/api/v1/session'],
      ['POST', '/api/v1/users', admin],
      ['POST', '/api/v1/me/password', student],
      ['POST', '/api/v1/graduates/import', admin],
      ['POST', '/api/v1/registrations/import', admin],
      ['PUT', '/api/v1/me/registration', student],
      ['POST', '/api/v1/me/registration/submit', student],
      ['POST', '/api/v1/me/registration/withdraw', student],
      ['POST', '/api/v1/me/registration/void', student],
      ['POST', '/api/v1/me/registration/attachments', student],
      ['POST', `/api/v1/registrations/${g.registrationId}/decision`, admin],
      ['PUT', `/api/v1/graduates/${g.id}/registration`, admin],
      ['POST', '/api/v1/me/confirmation', student],
      ['POST', '/api/v1/transfer-numbers/generate', admin],
      ['POST', '/api/v1/me/verification-grants', student],
      ['POST', '/api/v1/verify'],
      ['POST', '/verify'],
    ]
    const bodies: Array<[label: string, init: { body?: BodyInit; headers?: Record<string, string> }]> = [
      ['no body', {}],
      ['empty json', { body: '', headers: { 'content-type': 'application/json' } }],
      ['broken json', { body: '{"a":', headers: { 'content-type': 'application/json' } }],
      ['json null', { body: 'null', headers: { 'content-type': 'application/json' } }],
      ['json array', { body: '[1,2,3]', headers: { 'content-type': 'application/json' } }],
      ['json string', { body: '"hello"', headers: { 'content-type': 'application/json' } }],
      [
        'wrong types',
        {
          body: JSON.stringify({
            username: 1,
            password: [],
            kind: {},
            name: 7,
            number: true,
            decision: 5,
            result: null,
            destination: 'x',
            archive: 3,
            hukou: [],
            graduateIds: 'all',
            department: {},
            validUntil: 20261231,
            oldPassword: {},
            newPassword: 1,
            role: 2,
            permissions: 'rw',
          }),
          headers: { 'content-type': 'application/json' },
        },
      ],
      [
        'nested',
        {
          body: JSON.stringify({
            destination: { type: { a: 1 }, unitLocation: 110108 },
            archive: { transferType: [] },
            hukou: { location: null },
          }),
          headers: { 'content-type': 'application/json' },
        },
      ],
      [
        'huge strings',
        {
          body: JSON.stringify({
            username: HUGE,
            password: HUGE,
            name: HUGE,
            number: HUGE,
            kind: 'archive',
            decision: 'approve',
            reason: HUGE,
            result: '确认有误',
            phone: HUGE,
            destination: { type: HUGE, unitName: HUGE },
          }),
          headers: { 'content-type': 'application/json' },
        },
      ],
      ['text/plain', { body: 'hello', headers: { 'content-type': 'text/plain' } }],
      [
        'form',
        { body: 'kind=archive&name=x&number=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ],
      [
        'broken multipart',
        {
          body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
          headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        },
      ],
      ['multipart without boundary', { body: 'abc', headers: { 'content-type': 'multipart/form-data' } }],
      [
        'binary',
        { body: new Uint8Array([0, 255, 254, 1, 2, 3]), headers: { 'content-type': 'application/octet-stream' } },
      ],
    ]
    const problems: string[] = []
    for (const [method, path, token] of endpoints) {
      for (const [label, init] of bodies) {
        const headers: Record<string, string> = { ...init.headers }
        if (token) headers.Authorization = `Bearer ${token}`
        if (!path.startsWith('/api/')) headers.accept = 'text/html'
        const res = await t.app.request(path, { method, headers, body: init.body })
        const text = await res.text()
        if (res.status >= 500) problems.push(`${method} ${path} [${label}] → ${res.status} ${text.slice(0, 200)}`)
        else if (path.startsWith('/api/') && res.status >= 400) {
          let ok = false
          try {
            const j = JSON.parse(text)
            ok = typeof j.error?.code === 'string' && typeof j.error?.message === 'string'
          } catch {}
          if (!ok)
            problems.push(`${method} ${path} [${label}] → ${res.status} not the error shape: ${text.slice(0, 200)}`)
        }
      }
    }
    expect(problems).toEqual([])
  }, 60_000)

  it('odd path and query parameters', async () => {
    const t = await createTestApp()
    const g = await approvedGraduate(t)
    await transferNumbers(t, [g.id])
    const admin = t.adminToken
    const paths = [
      '/api/v1/graduates?page=-1',
      '/api/v1/graduates?page=1e309',
      '/api/v1/graduates?page=99999999999999999999',
      `/api/v1/graduates?q=${'%E5%BC%A0'.repeat(5000)}`,
      '/api/v1/graduates?department=%00%01',
      '/api/v1/graduates?q=%27%20OR%201%3D1--',
      '/api/v1/graduates/abc/registration',
      '/api/v1/graduates/99999999999999999999999/transfer-sheet.pdf',
      '/api/v1/graduates/-5/transfer-sheet.pdf',
      '/api/v1/graduates/import/%2E%2E%2F%2E%2E/failures.xlsx',
      '/api/v1/graduates/import/x/failures.csv',
      '/api/v1/registrations?status=nonsense',
      '/api/v1/registrations?status=submitted,approved,,',
      '/api/v1/confirmations?state=nonsense',
      '/api/v1/confirmations?department=%F0%9F%98%80',
      '/api/v1/transfer-numbers?generated=1&stale=yes',
      '/api/v1/transfer-numbers?q=' + 'a'.repeat(100000),
      '/api/v1/transfer-numbers.xlsx?department=nope',
      '/api/v1/transfer-sheets.zip?generated=false',
      '/api/v1/transfer-sheets.pdf?q=%25%25',
      '/v/%E5%BC%A0%E4%B8%89?s=%00',
      '/v/' + 'A'.repeat(5000) + '?s=' + 'B'.repeat(5000),
      '/verify?kind=%00',
    ]
    const problems: string[] = []
    for (const p of paths) {
      const res = await t.app.request(p, { headers: { Authorization: `Bearer ${admin}` } })
      await res.arrayBuffer()
      if (res.status >= 500) problems.push(`GET ${p.slice(0, 80)} → ${res.status}`)
    }
    for (const [method, p, body] of [
      ['POST', '/api/v1/registrations/abc/decision', { decision: 'approve' }],
      ['POST', '/api/v1/registrations/1e99/decision', { decision: 'approve' }],
      ['DELETE', '/api/v1/me/verification-grants/%00%00', undefined],
      ['DELETE', '/api/v1/me/verification-grants/' + 'Z'.repeat(3000), undefined],
      ['GET', '/api/v1/me/verification-grants/abc/report.pdf', undefined],
    ] as const) {
      const token = p.includes('/me/') ? g.token : admin
      const r = await t.json(method, p, { token, body })
      if (r.status >= 500) problems.push(`${method} ${p.slice(0, 80)} → ${r.status}`)
      else if (r.status >= 400 && typeof r.data?.error?.code !== 'string')
        problems.push(`${method} ${p.slice(0, 80)} → ${r.status} not the error shape`)
    }
    expect(problems).toEqual([])
  })

  it('the OpenAPI document lists every contract endpoint', async () => {
    const t = await createTestApp()
    const r = await t.json('GET', '/api/v1/openapi.json')
    expect(r.status).toBe(200)
    const paths = r.data.paths as Record<string, Record<string, unknown>>
    const expected: Array<[string, string]> = [
      ['post', '/api/v1/session'],
      ['post', '/api/v1/me/password'],
      ['post', '/api/v1/users'],
      ['get', '/api/v1/graduates/template.xlsx'],
      ['get', '/api/v1/codes'],
      ['get', '/api/v1/codes.xlsx'],
      ['post', '/api/v1/graduates/import'],
      ['get', '/api/v1/graduates/import/{importId}/failures.xlsx'],
      ['get', '/api/v1/graduates/import/{importId}/failures.csv'],
      ['get', '/api/v1/graduates'],
      ['get', '/api/v1/me/registration'],
      ['put', '/api/v1/me/registration'],
      ['post', '/api/v1/me/registration/submit'],
      ['post', '/api/v1/me/registration/withdraw'],
      ['post', '/api/v1/me/registration/void'],
      ['post', '/api/v1/me/registration/attachments'],
      ['get', '/api/v1/registrations'],
      ['post', '/api/v1/registrations/{id}/decision'],
      ['put', '/api/v1/graduates/{id}/registration'],
      ['post', '/api/v1/registrations/import'],
      ['post', '/api/v1/me/confirmation'],
      ['get', '/api/v1/confirmations'],
      ['get', '/api/v1/confirmations/stats'],
      ['post', '/api/v1/transfer-numbers/generate'],
      ['get', '/api/v1/transfer-numbers'],
      ['get', '/api/v1/transfer-numbers.xlsx'],
      ['get', '/api/v1/graduates/{id}/transfer-sheet.pdf'],
      ['get', '/api/v1/transfer-sheets.zip'],
      ['get', '/api/v1/transfer-sheets.pdf'],
      ['post', '/api/v1/me/verification-grants'],
      ['get', '/api/v1/me/verification-grants'],
      ['delete', '/api/v1/me/verification-grants/{number}'],
      ['get', '/api/v1/me/verification-grants/{number}/report.pdf'],
      ['get', '/api/v1/me/access-log'],
      ['post', '/api/v1/verify'],
    ]
    const missing = expected.filter(([m, p]) => !paths[p]?.[m]).map(([m, p]) => `${m.toUpperCase()} ${p}`)
    expect(missing).toEqual([])
  })
})
