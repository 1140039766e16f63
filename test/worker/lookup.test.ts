/**
 * Number generation and the public lookup in workerd: numbers generated for a department (multi-row
 * writes as one D1 batch), regenerated after a change, and every outcome of POST /api/v1/verify —
 * found, not_found, invalid_number, superseded, expired, withdrawn, and the per-address throttle
 * whose counters live in D1. The lookup log is written after the response (ctx.waitUntil) and
 * shows up in the graduate's access log.
 */
import { describe, expect, it } from 'vitest'
import { admin, clientIp, json, login, request } from './helpers.js'
import { importRegistrations, numbered, registrationRow } from './fixtures.js'
import { generateNumber } from '../../src/domain/numbers.js'

const verify = (body: Record<string, unknown>, ip = clientIp()) => json('POST', '/api/v1/verify', { body, ip })

describe('Worker: transfer numbers', () => {
  it('generates a number per approved graduate, leaves them alone, and regenerates after a change', async () => {
    const c = await numbered(3)
    for (const n of c.numbers.values()) expect(n).toMatch(/^26\d{5}[2-9A-HJ-NP-Z]{10}$/)
    expect([...c.numbers.values()].every((n) => n.slice(2, 7) === '10001')).toBe(true)

    const again = await json('POST', '/api/v1/transfer-numbers/generate', {
      token: await admin(),
      body: { department: c.department },
    })
    expect(again.data).toMatchObject({ generated: 0, regenerated: 0, unchanged: 3 })

    // The employment system sends a change for one graduate: its number is stale, then replaced.
    const changed = c.rows[0]
    const up = await importRegistrations([
      registrationRow(changed.idCard, { 档案转递单位名称: '长沙市人才服务中心', 档案转递单位所在地代码: '430104' }),
    ])
    expect(up.status, JSON.stringify(up.data)).toBe(200)
    const regen = await json('POST', '/api/v1/transfer-numbers/generate', {
      token: await admin(),
      body: { department: c.department },
    })
    expect(regen.data).toMatchObject({ generated: 0, regenerated: 1, unchanged: 2 })
    const list = await json(
      'GET',
      `/api/v1/transfer-numbers?generated=true&department=${encodeURIComponent(c.department)}`,
      { token: await admin() },
    )
    const fresh = list.data.items.find((i: { studentNo: string }) => i.studentNo === changed.studentNo)
    expect(fresh.transferNumber).not.toBe(c.numbers.get(changed.studentNo))
    expect(fresh.archiveUnitName).toBe('长沙市人才服务中心')

    // The old number now answers superseded (name and number both match), the new one answers.
    const old = await verify({ kind: 'archive', name: changed.name, number: c.numbers.get(changed.studentNo) })
    expect(old.status).toBe(410)
    expect(old.data.error.code).toBe('superseded')
    const ok = await verify({ kind: 'archive', name: changed.name, number: fresh.transferNumber })
    expect(ok.status).toBe(200)
    expect(ok.data.archive.unitName).toBe('长沙市人才服务中心')
  })
})

describe('Worker: public lookup', () => {
  it('answers a match with the archive part only, and the hukou part only for kind hukou', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const number = c.numbers.get(g.studentNo)!
    const a = await verify({ kind: 'archive', name: g.name, number: number.toLowerCase().replace(/(.{5})/, '$1-') })
    expect(a.status, JSON.stringify(a.data)).toBe(200)
    expect(a.data).toMatchObject({
      kind: 'archive',
      number,
      numberType: 'transfer',
      validUntil: '2026-12-31T23:59:59+08:00',
    })
    expect(a.data.graduate).toMatchObject({ name: g.name, school: '测试大学', major: '计算机科学与技术' })
    expect(a.data.archive.unitName).toBe('北京市海淀区人力资源公共服务中心')
    expect(a.data.hukou).toBeUndefined()
    expect(JSON.stringify(a.data)).not.toContain(g.idCard)
    expect(JSON.stringify(a.data)).not.toContain(g.phone)

    const h = await verify({ kind: 'hukou', name: g.name, number })
    expect(h.status).toBe(200)
    expect(h.data.hukou.location).toBeTruthy()
    expect(h.data.archive).toBeUndefined()
  })

  it('answers not_found for a wrong name or an unknown number, and invalid_number without a lookup', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const number = c.numbers.get(g.studentNo)!
    const ip = clientIp()
    const wrongName = await verify({ kind: 'archive', name: '不是这个人', number }, ip)
    const unknown = await verify(
      { kind: 'archive', name: g.name, number: generateNumber('transfer', '202606', '10001') },
      ip,
    )
    expect(wrongName.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect(wrongName.data).toEqual(unknown.data)
    expect(wrongName.data.error.code).toBe('not_found')

    const typo = number.slice(0, 16) + (number[16] === 'A' ? 'B' : 'A')
    const bad = await verify({ kind: 'archive', name: g.name, number: typo }, ip)
    expect(bad.status).toBe(400)
    expect(bad.data.error.code).toBe('invalid_number')
  })

  it('refuses an expired number and a withdrawn graduate', async () => {
    const old = await numbered(1, { enrolledAt: '202009', graduationTime: '202406' })
    const g = old.rows[0]
    const expired = await verify({ kind: 'archive', name: g.name, number: old.numbers.get(g.studentNo) })
    expect(expired.status, JSON.stringify(expired.data)).toBe(410)
    expect(expired.data.error.code).toBe('expired')

    const c = await numbered(1)
    const w = c.rows[0]
    const id = c.ids.get(w.studentNo)!
    const out = await json('POST', `/api/v1/graduates/${id}/withdraw`, {
      token: await admin(),
      body: { reason: '休学' },
    })
    expect(out.status, JSON.stringify(out.data)).toBe(200)
    const gone = await verify({ kind: 'archive', name: w.name, number: c.numbers.get(w.studentNo) })
    expect(gone.status).toBe(404)
    expect(gone.data.error.code).toBe('not_found')
  })

  it('throttles a client address after VERIFY_FAILURE_LIMIT failures, even for a correct lookup', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const ip = clientIp()
    for (let i = 0; i < 20; i++) {
      const r = await verify({ kind: 'archive', name: `路人${i}`, number: c.numbers.get(g.studentNo) }, ip)
      expect(r.status).toBe(404)
    }
    const limited = await verify({ kind: 'archive', name: g.name, number: c.numbers.get(g.studentNo) }, ip)
    expect(limited.status).toBe(429)
    expect(limited.data.error.code).toBe('rate_limited')
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address is not affected.
    expect((await verify({ kind: 'archive', name: g.name, number: c.numbers.get(g.studentNo) })).status).toBe(200)
  })

  it('logs lookups after the response and shows them in the graduate access log', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const number = c.numbers.get(g.studentNo)!
    expect((await verify({ kind: 'archive', name: g.name, number })).status).toBe(200)
    expect((await verify({ kind: 'hukou', name: '别人', number })).status).toBe(404)

    const first = await login(g.studentNo, g.idCard.slice(-6))
    const changed = await json('POST', '/api/v1/me/password', {
      token: first,
      body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-1' },
    })
    expect(changed.status, JSON.stringify(changed.data)).toBe(200)
    const token = await login(g.studentNo, 'worker-pass-1')
    // Written through ctx.waitUntil: eventually there, normally by the time of the next request.
    let items: Array<{ number: string; kind: string; outcome: string }> = []
    for (let i = 0; i < 20 && items.length < 2; i++) {
      const log = await json('GET', '/api/v1/me/access-log', { token })
      expect(log.status).toBe(200)
      items = log.data.items
      if (items.length < 2) await new Promise((r) => setTimeout(r, 100))
    }
    expect(items.map((i) => `${i.kind}:${i.outcome}`).sort()).toEqual(['archive:found', 'hukou:not_found'].sort())
    expect(items.every((i) => i.number === number)).toBe(true)
  })

  it('serves the lookup page and answers its form post in HTML', async () => {
    const c = await numbered(1)
    const g = c.rows[0]
    const page = await request('GET', '/verify', { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('name="number"')
    const res = await request('POST', '/verify', {
      body: new URLSearchParams({ kind: 'archive', name: g.name, number: c.numbers.get(g.studentNo)! }),
      headers: { Accept: 'text/html' },
      ip: clientIp(),
    })
    expect(res.status).toBe(200)
    const result = await res.text()
    expect(result).toContain(g.name)
    expect(result).toContain('北京市海淀区人力资源公共服务中心')
  })
})
