import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { createApp } from '../../src/app.js'
import { sqliteStatements } from '../../src/platform/node/statements.js'
import { LOOKUP_SQL } from '../../src/lookup/queries.js'
import { RECORD_FAILURE_SQL } from '../../src/rate-limit.js'
import { hmac } from '../../src/crypto.js'
import { checkChar } from '../../src/domain/numbers.js'
import { ARCHIVE, HUKOU, seedGraduate, supersede, unknownTransferNumber, verify } from './fixtures.js'

/** Every test runs twice: through Kysely (the fallback) and through the prepared-statement port. */
const PATHS = ['kysely', 'prepared'] as const

async function setup(path: (typeof PATHS)[number], env: Record<string, string> = {}, now?: string) {
  const t = await createTestApp({ env, now })
  if (path === 'prepared') {
    t.deps.statements = sqliteStatements(t.sqlite)
    ;(t as { app: TestApp['app'] }).app = createApp(t.deps)
  }
  return t
}

const errorOf = (r: { data: any }) => r.data.error.code as string

describe.each(PATHS)('POST /api/v1/verify (%s)', (path) => {
  it('answers 200 with the archive section only, names for codes, and no 身份证号 or phone', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, {
      graduate: {
        name: '陈诚',
        gender_code: '1',
        education_code: '31',
        origin_code: '110108',
        major_name: '哲学',
        length_of_schooling: '4',
      },
    })
    const r = await verify(t, { kind: 'archive', name: '陈诚', number: g.transferNumber })
    expect(r.status).toBe(200)
    expect(r.res.headers.get('cache-control')).toBe('no-store')
    expect(r.data).toEqual({
      kind: 'archive',
      number: g.transferNumber,
      numberType: 'transfer',
      validUntil: '2026-12-31T23:59:59+08:00',
      graduate: {
        name: '陈诚',
        gender: '男',
        school: '测试大学',
        graduationTime: '202606',
        lengthOfSchooling: '4',
        major: '哲学',
        education: '本科生毕业',
        origin: '北京市海淀区',
      },
      destination: { type: '签就业协议书就业', unitName: '学信咨询服务有限公司', unitLocation: '北京市西城区' },
      archive: {
        transferType: '托管单位接收',
        unitName: ARCHIVE.unitName,
        unitAddress: ARCHIVE.unitAddress,
        unitLocation: '北京市海淀区',
        postcode: '100195',
        contact: '王维',
      },
    })
    const text = JSON.stringify(r.data)
    expect(text).not.toContain(g.idCard)
    expect(text).not.toContain(ARCHIVE.phone)
    expect(text).not.toContain('13800138000') // the graduate's own phone
    expect(text).not.toMatch(/\d{11}/)
    expect(text).not.toContain('hukou')
    expect(text).not.toContain(HUKOU.address)
  })

  it('answers the hukou section only for kind hukou', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '李娟' } })
    const r = await verify(t, { kind: 'hukou', name: '李娟', number: g.transferNumber })
    expect(r.status).toBe(200)
    expect(r.data.hukou).toEqual({
      migrationType: '转回生源地',
      location: '新疆维吾尔自治区乌鲁木齐市天山区',
      address: HUKOU.address,
    })
    expect(r.data.archive).toBeUndefined()
    const text = JSON.stringify(r.data)
    expect(text).not.toContain(ARCHIVE.unitName)
    expect(text).not.toContain(ARCHIVE.contact)
    expect(text).not.toContain(g.idCard)
  })

  it('answers a 核验编号 with its own end date', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '张三' }, grantValidUntil: '2026-09-30T23:59:59+08:00' })
    const r = await verify(t, { kind: 'archive', name: '张三', number: g.grantNumber })
    expect(r.status).toBe(200)
    expect(r.data.numberType).toBe('verification')
    expect(r.data.validUntil).toBe('2026-09-30T23:59:59+08:00')
    t.clock.set('2026-10-01T00:00:00+08:00')
    const late = await verify(t, { kind: 'archive', name: '张三', number: g.grantNumber })
    expect(late.status).toBe(410)
    expect(errorOf(late)).toBe('expired')
    // The transfer number still runs to the end of the window.
    expect((await verify(t, { kind: 'archive', name: '张三', number: g.transferNumber })).status).toBe(200)
  })

  it('answers 404 with the same bytes for a wrong name and a wrong number', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '王五' } })
    const wrongName = await t.request('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: '王六', number: g.transferNumber },
    })
    const wrongNumber = await t.request('POST', '/api/v1/verify', {
      body: { kind: 'archive', name: '王五', number: unknownTransferNumber() },
    })
    const wrongGrant = await t.request('POST', '/api/v1/verify', {
      body: { kind: 'hukou', name: '王五', number: '2610001' + 'ABCDEFG' + checkChar('2610001ABCDEFG') },
    })
    expect([wrongName.status, wrongNumber.status, wrongGrant.status]).toEqual([404, 404, 404])
    const [a, b, c] = await Promise.all([wrongName.text(), wrongNumber.text(), wrongGrant.text()])
    expect(a).toBe(b)
    expect(a).toBe(c)
    expect(JSON.parse(a).error.code).toBe('not_found')
    expect(wrongName.headers.get('content-type')).toBe(wrongNumber.headers.get('content-type'))
  })

  it('answers 400 invalid_number for bad length, alphabet or check character without looking the number up', async () => {
    const t = await setup(path)
    const calls: string[] = []
    const real = sqliteStatements(t.sqlite)
    t.deps.statements = { first: (sql, params) => (calls.push(sql), real.first(sql, params)) }
    const app = createApp(t.deps)
    const g = await seedGraduate(t, { graduate: { name: '赵六' } })
    const n = g.transferNumber
    const swapped = n.slice(0, 10) + n[11] + n[10] + n.slice(12)
    const bad = [
      n.slice(0, 16),
      n + 'A',
      n.slice(0, 12) + 'I' + n.slice(13),
      'X' + n.slice(1),
      n.slice(0, 16) + (n[16] === 'A' ? 'B' : 'A'),
    ]
    if (swapped !== n) bad.push(swapped)
    for (const number of bad) {
      const res = await app.request('/api/v1/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'archive', name: '赵六', number }),
      })
      expect(res.status, number).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_number')
    }
    expect(calls.length).toBe(bad.length)
    expect(calls.every((sql) => sql === RECORD_FAILURE_SQL)).toBe(true)
    expect(calls).not.toContain(LOOKUP_SQL.transfer)
  })

  it('answers 410 expired / revoked / superseded only when name and number both match', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '孙七' } })
    // superseded
    const fresh = await supersede(t, g.id, g.transferNumber)
    const sup = await verify(t, { kind: 'archive', name: '孙七', number: g.transferNumber })
    expect([sup.status, errorOf(sup)]).toEqual([410, 'superseded'])
    expect((await verify(t, { kind: 'archive', name: '孙八', number: g.transferNumber })).status).toBe(404)
    expect((await verify(t, { kind: 'archive', name: '孙七', number: fresh })).status).toBe(200)
    // revoked
    await t.db
      .updateTable('verification_grants')
      .set({ revoked_at: t.clock.now.toISOString() })
      .where('number', '=', g.grantNumber)
      .execute()
    const rev = await verify(t, { kind: 'hukou', name: '孙七', number: g.grantNumber })
    expect([rev.status, errorOf(rev)]).toEqual([410, 'revoked'])
    expect((await verify(t, { kind: 'hukou', name: '孙八', number: g.grantNumber })).status).toBe(404)
    // expired: the last second still answers, the next one does not (contract §3)
    t.clock.set('2026-12-31T23:59:59+08:00')
    expect((await verify(t, { kind: 'archive', name: '孙七', number: fresh })).status).toBe(200)
    t.clock.set('2027-01-01T00:00:00+08:00')
    const exp = await verify(t, { kind: 'archive', name: '孙七', number: fresh })
    expect([exp.status, errorOf(exp)]).toEqual([410, 'expired'])
    expect(exp.data.error.message).toContain('2026年12月31日')
    expect((await verify(t, { kind: 'archive', name: '孙八', number: fresh })).status).toBe(404)
  })

  it('answers not_found for every number of a withdrawn graduate, and for a voided registration', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '周九' } })
    await t.db
      .updateTable('graduates')
      .set({ withdrawn_at: t.clock.now.toISOString(), withdrawn_reason: '休学' })
      .where('id', '=', g.id)
      .execute()
    for (const number of [g.transferNumber, g.grantNumber]) {
      const r = await verify(t, { kind: 'archive', name: '周九', number })
      expect([r.status, errorOf(r)]).toEqual([404, 'not_found'])
    }
    // A superseded number of a withdrawn graduate says nothing either.
    await supersede(t, g.id, g.transferNumber)
    expect((await verify(t, { kind: 'archive', name: '周九', number: g.transferNumber })).status).toBe(404)

    const v = await seedGraduate(t, { graduate: { name: '吴十' }, status: 'voided' })
    const r = await verify(t, { kind: 'archive', name: '吴十', number: v.transferNumber })
    expect([r.status, errorOf(r)]).toEqual([404, 'not_found'])
  })

  it('matches names after NFKC, trimming, inner spaces and every middle-dot variant', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '阿依古丽·买买提' } })
    const variants = ['·', '•', '‧', '・', '･', '．', '\u00B7', '.'].map((dot) => `阿依古丽${dot}买买提`)
    variants.push(' 阿依古丽 · 买买提 ', '阿依古丽\u3000·\u3000买买提', '阿 依 古 丽·买 买 提')
    for (const name of variants) {
      const r = await verify(t, { kind: 'archive', name, number: g.transferNumber })
      expect(r.status, JSON.stringify(name)).toBe(200)
      expect(r.data.graduate.name).toBe('阿依古丽·买买提')
    }
    const latin = await seedGraduate(t, { graduate: { name: 'ANNA·李' } })
    expect((await verify(t, { kind: 'archive', name: 'ＡＮＮＡ・李', number: latin.transferNumber })).status).toBe(200) // full-width letters
    expect((await verify(t, { kind: 'archive', name: '阿依古丽买买提', number: g.transferNumber })).status).toBe(404) // a dot is not nothing
    expect((await verify(t, { kind: 'archive', name: '阿依古丽·买买', number: g.transferNumber })).status).toBe(404)
  })

  it('reads numbers case-insensitively with spaces and hyphens ignored', async () => {
    const t = await setup(path)
    const g = await seedGraduate(t, { graduate: { name: '郑一' } })
    const n = g.transferNumber
    for (const number of [
      n.toLowerCase(),
      `${n.slice(0, 2)} ${n.slice(2, 7)} ${n.slice(7)}`,
      `${n.slice(0, 7)}-${n.slice(7, 12)}-${n.slice(12)}`,
      ` ${n} `,
      n.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
    ]) {
      const r = await verify(t, { kind: 'archive', name: '郑一', number })
      expect(r.status, number).toBe(200)
      expect(r.data.number).toBe(n)
    }
  })

  it('rejects a body without kind, name or number as validation_error naming the field', async () => {
    const t = await setup(path)
    const r1 = await verify(t, { kind: 'both', name: 'x', number: '1' })
    expect([r1.status, r1.data.error.code]).toEqual([400, 'validation_error'])
    expect(r1.data.error.message).toContain('查询类型')
    const r2 = await verify(t, { kind: 'archive', number: '1' })
    expect(r2.data.error.message).toContain('姓名')
    const r3 = await t.json('POST', '/api/v1/verify', {
      body: undefined,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(r3.status).toBe(400)
  })
})

describe('the failure limit', () => {
  const env = { VERIFY_FAILURE_LIMIT: '3', VERIFY_FAILURE_WINDOW_S: '600', TRUST_PROXY: '1' }
  const from = (ip: string) => ({ 'X-Forwarded-For': ip })

  it.each(PATHS)(
    'throttles a client after the limit, even for correct lookups, until the window passes (%s)',
    async (path) => {
      const t = await setup(path, env)
      const g = await seedGraduate(t, { graduate: { name: '钱二' } })
      const good = { kind: 'archive', name: '钱二', number: g.transferNumber }
      // Successes are never counted.
      for (let i = 0; i < 6; i++) expect((await verify(t, good, from('10.0.0.1'))).status).toBe(200)
      // Three failures of every kind are allowed…
      expect((await verify(t, { ...good, name: '钱三' }, from('10.0.0.1'))).status).toBe(404)
      expect((await verify(t, { ...good, number: 'ABC' }, from('10.0.0.1'))).status).toBe(400)
      t.clock.advance(60_000)
      expect((await verify(t, { ...good, number: unknownTransferNumber() }, from('10.0.0.1'))).status).toBe(404)
      // …then everything is refused, the correct lookup too.
      const blocked = await verify(t, good, from('10.0.0.1'))
      expect([blocked.status, blocked.data.error.code]).toEqual([429, 'rate_limited'])
      expect(blocked.res.headers.get('retry-after')).toBe('540')
      expect(blocked.data.error.message).toContain('9 分钟')
      expect((await verify(t, { ...good, number: 'ABC' }, from('10.0.0.1'))).status).toBe(429)
      expect((await verify(t, { ...good, number: unknownTransferNumber() }, from('10.0.0.1'))).status).toBe(429)
      expect((await verify(t, { ...good, name: '钱三' }, from('10.0.0.1'))).status).toBe(429)
      // Another address is not affected; the proxy's own entry (the last) is the client.
      expect((await verify(t, good, from('10.0.0.2'))).status).toBe(200)
      expect((await verify(t, good, from('10.0.0.1, 10.0.0.2'))).status).toBe(200)
      expect((await verify(t, good, from('10.0.0.2, 10.0.0.1'))).status).toBe(429)

      // It survives a restart: a new app over the same database still refuses.
      const restarted = createApp({ ...t.deps })
      const again = await restarted.request('/api/v1/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...from('10.0.0.1') },
        body: JSON.stringify(good),
      })
      expect(again.status).toBe(429)

      // The window opened at the first failure; one second before it ends still refused.
      t.clock.advance(539_000)
      expect((await verify(t, good, from('10.0.0.1'))).status).toBe(429)
      t.clock.advance(1_000)
      expect((await verify(t, good, from('10.0.0.1'))).status).toBe(200)
      // A fresh window: three more failures allowed.
      for (let i = 0; i < 3; i++)
        expect((await verify(t, { ...good, name: '钱三' }, from('10.0.0.1'))).status).toBe(404)
      expect((await verify(t, { ...good, name: '钱三' }, from('10.0.0.1'))).status).toBe(429)
    },
  )

  it('stores only a keyed hash of the address as the counter key', async () => {
    const t = await setup('kysely', env)
    await verify(t, { kind: 'archive', name: '某', number: 'ABC' }, from('203.0.113.9'))
    const rows = await t.db.selectFrom('rate_limits').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].key).toBe(`verify:${hmac(t.deps.secretKey, 'client', '203.0.113.9')}`)
    expect(JSON.stringify(rows)).not.toContain('203.0.113.9')
  })

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const t = await setup('kysely', { VERIFY_FAILURE_LIMIT: '2', VERIFY_FAILURE_WINDOW_S: '600' })
    // In-process requests have no socket: without the proxy header trusted, all share one key.
    expect((await verify(t, { kind: 'archive', name: '某', number: 'ABC' }, from('10.0.0.1'))).status).toBe(400)
    expect((await verify(t, { kind: 'archive', name: '某', number: 'ABC' }, from('10.0.0.2'))).status).toBe(400)
    expect((await verify(t, { kind: 'archive', name: '某', number: 'ABC' }, from('10.0.0.3'))).status).toBe(429)
  })
})

describe('the lookup log', () => {
  it('logs every lookup with number, kind, outcome, graduate and a keyed client hash — never the typed name or the address', async () => {
    const t = await setup('prepared', { TRUST_PROXY: '1', VERIFY_FAILURE_LIMIT: '5' })
    const g = await seedGraduate(t, { graduate: { name: '冯十一' } })
    const ip = { 'X-Forwarded-For': '198.51.100.7' }
    await verify(t, { kind: 'archive', name: '冯十一', number: g.transferNumber.toLowerCase() }, ip)
    await verify(t, { kind: 'hukou', name: '冯十二', number: g.grantNumber }, ip)
    await verify(t, { kind: 'archive', name: '冯十一', number: '110108200301151234' }, ip) // a 身份证号 typed into the number field
    await verify(t, { kind: 'archive', name: '冯十一', number: unknownTransferNumber() }, ip)
    await t.deps.lookupLog.flush()
    const rows = await t.db.selectFrom('lookups').selectAll().orderBy('id').execute()
    const hash = hmac(t.deps.secretKey, 'client', '198.51.100.7')
    expect(rows.map((r) => [r.kind, r.outcome, r.graduate_id, r.client_hash])).toEqual([
      ['archive', 'found', g.id, hash],
      ['hukou', 'not_found', g.id, hash],
      ['archive', 'invalid_number', null, hash],
      ['archive', 'not_found', null, hash],
    ])
    expect(rows[0].number).toBe(g.transferNumber)
    expect(rows[1].number).toBe(g.grantNumber)
    expect(rows[2].number).toBe('110*************34')
    expect(rows[0].at).toBe(t.clock.now.toISOString())
    const dump = JSON.stringify(rows)
    expect(dump).not.toContain('冯十')
    expect(dump).not.toContain('198.51.100.7')
    expect(dump).not.toContain('110108200301151234')
  })
})

describe('the OpenAPI document', () => {
  it('documents POST /verify with its outcomes', async () => {
    const t = await createTestApp()
    const r = await t.json('GET', '/api/v1/openapi.json')
    const op = r.data.paths['/api/v1/verify'].post
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '404', '410', '429'])
  })
})
