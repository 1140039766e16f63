/**
 * The demo school over HTTP (issue 13 §12), loaded into a fresh in-memory app as `npm start --
 * --demo` loads it: its 档案接收单位名录 covers every graduate's 生源所在地, so 按生源地预填 finds a unit
 * for a demo graduate; 按生源地预填户口 fills the 户口迁移所在地 and 地址 from the 生源地; a miss is a
 * neutral notice, not a green success box; and the data reads plausibly on a printed sheet — no
 * 部队 at a software company, every postcode in the province of its place.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, studentToken, type TestApp } from '../helpers.js'
import { pageSession } from './fixtures.js'
import { loadDemo } from '../../src/demo/load.js'
import { contentOf } from '../../src/registration/queries.js'
import { postcodeMatchesProvince } from '../../src/domain/postcodes.js'
import { localDivisionName } from '../../src/domain/divisions.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
  await loadDemo(t.deps, t.schoolId)
}, 120_000)

/** A demo graduate with no registration yet, signed in on the pages (first password changed). */
async function demoGraduate(offset: number) {
  const g = await t.db
    .selectFrom('graduates')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .select([
      'graduates.id',
      'graduates.student_no',
      'graduates.id_card',
      'graduates.origin_code',
      'graduates.home_address',
    ])
    .where('registrations.id', 'is', null)
    .where('graduates.withdrawn_at', 'is', null)
    .orderBy('graduates.id')
    .limit(1)
    .offset(offset)
    .executeTakeFirstOrThrow()
  const token = await studentToken(t, { studentNo: g.student_no, firstPassword: g.id_card.slice(-6) })
  const me = await pageSession(t, 'me', g.student_no, 'new-password-1')
  return { ...g, token, me }
}

const valueOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1]
const noticeOf = (html: string) => /<div class="alert (\w+)" role="status">([^<]*)<\/div>/.exec(html)

describe('the demo’s 档案接收单位名录', () => {
  it('has a plausible unit for the 生源所在地 of every demo graduate', async () => {
    const list = await t.json('GET', '/api/v1/archive-units?pageSize=100', { token: t.adminToken })
    expect(list.status).toBe(200)
    const origins = await t.db.selectFrom('graduates').select('origin_code').distinct().execute()
    expect(list.data.total).toBe(origins.length)
    const missing = await t.db
      .selectFrom('graduates')
      .leftJoin('archive_units', (j) =>
        j
          .onRef('archive_units.division_code', '=', 'graduates.origin_code')
          .onRef('archive_units.school_id', '=', 'graduates.school_id'),
      )
      .select('graduates.origin_code')
      .where('archive_units.division_code', 'is', null)
      .execute()
    expect(missing).toEqual([])
    for (const u of list.data.items) {
      // Named after its own county, with the county's postcode, not a placeholder.
      expect(u.name.startsWith(localDivisionName(u.divisionCode)!), u.name).toBe(true)
      expect(u.name).not.toContain('生源地')
      expect(u.address.startsWith(localDivisionName(u.divisionCode)!), u.address).toBe(true)
      expect(postcodeMatchesProvince(u.postcode, u.divisionCode), `${u.divisionName} ${u.postcode}`).toBe(true)
    }
    // It was loaded through the import, which the 导入记录 show.
    const imports = await t.db.selectFrom('imports').select(['kind', 'created']).execute()
    expect(imports).toContainEqual({ kind: 'archive-units', created: origins.length })
  })

  it('按生源地预填 finds the demo graduate’s unit; 按生源地预填户口 fills the 户口 from the 生源地', async () => {
    const g = await demoGraduate(0)
    const unit = await t.db
      .selectFrom('archive_units')
      .selectAll()
      .where('division_code', '=', g.origin_code)
      .executeTakeFirstOrThrow()
    const api = await t.json('GET', '/api/v1/me/registration/archive-prefill', { token: g.token })
    expect(api.data).toMatchObject({ transferType: '转回生源地', unitName: unit.name, postcode: unit.postcode })

    const typed = { intent: 'prefill', d_type: '求职中', h_migrationType: '不迁移' }
    const r = await g.me.post('/me/registration', typed)
    expect(r.status).toBe(200)
    expect(noticeOf(r.html)?.slice(1)).toEqual(['ok', '已按您的生源所在地预填档案接收单位，如与实际不符请修改后保存。'])
    expect(valueOf(r.html, 'a_unitName')).toBe(unit.name)
    expect(valueOf(r.html, 'a_unitAddress')).toBe(unit.address)
    expect(valueOf(r.html, 'a_unitLocation')).toBe(g.origin_code)
    expect(valueOf(r.html, 'a_phone')).toBe(unit.phone)
    expect(r.html).toMatch(/<option value="求职中" selected/)

    const h = await g.me.post('/me/registration', { intent: 'prefillHukou', d_type: '求职中', a_contact: '王老师' })
    expect(h.status).toBe(200)
    expect(h.html).toMatch(/<option value="转回生源地" selected/)
    expect(valueOf(h.html, 'h_location')).toBe(g.origin_code)
    expect(g.home_address).toBeTruthy()
    expect(valueOf(h.html, 'h_address')).toBe(g.home_address)
    expect(valueOf(h.html, 'a_contact')).toBe('王老师')
    expect(noticeOf(h.html)?.[1]).toBe('ok')
    // Nothing was saved by either.
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).status).toBe(404)
  })

  it('a county missing from the 名录: a neutral notice, not a success box', async () => {
    const g = await demoGraduate(1)
    const del = await t.json('DELETE', `/api/v1/archive-units/${g.origin_code}`, { token: t.adminToken })
    expect(del.status).toBe(204)
    const r = await g.me.post('/me/registration', { intent: 'prefill' })
    expect(r.status).toBe(200)
    const notice = noticeOf(r.html)
    expect(notice?.[1]).toBe('info')
    expect(notice?.[2]).toContain('名录中没有您生源所在地的档案接收单位')
    expect(r.html).not.toMatch(/class="alert ok"/)
    // The 生源所在地 is still filled in, the unit left to the graduate.
    expect(valueOf(r.html, 'a_unitLocation')).toBe(g.origin_code)
    expect(valueOf(r.html, 'a_unitName')).toBe('')
    // With the script the same miss is said in place (hidden until 转回生源地 is chosen).
    const page = await g.me.get('/me/registration')
    expect(page.html).toMatch(/<p class="alert info" data-prefill-miss[^>]*\shidden[^>]*>名录中没有/)
  })
})

describe('the demo’s registrations read plausibly on a printed sheet', () => {
  it('no 部队 at a company, units consistent with their type, postcodes in the province of their place', async () => {
    const rows = await t.db
      .selectFrom('registrations')
      .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
      .select([
        'registrations.id',
        'registrations.destination',
        'registrations.archive',
        'registrations.hukou',
        'graduates.origin_code',
        'graduates.home_address',
        'graduates.home_postcode',
      ])
      .where('registrations.destination', 'is not', null)
      .execute()
    const units = new Map(
      (await t.db.selectFrom('archive_units').selectAll().execute()).map((u) => [u.division_code, u]),
    )
    expect(rows.length).toBeGreaterThan(150)
    const seen = new Set<string>()
    for (const r of rows) {
      const {
        destination: d,
        archive: a,
        hukou: h,
      } = contentOf(r) as unknown as Record<string, Record<string, string> | null>
      const what = `registration ${r.id}: ${JSON.stringify(d)}`
      seen.add(d!.type)
      if (d!.type === '部队军士或文职人员') {
        expect(d!.unitName, what).toMatch(/^中国人民解放军\d{5}部队$/)
        expect([d!.unitNature, d!.unitIndustry, d!.jobCategory], what).toEqual(['40', '80', '80'])
        expect(d!.unitCreditCode ?? null, what).toBeNull()
      }
      if (d!.unitName?.includes('公司')) {
        expect(['40', '10'], what).not.toContain(d!.unitNature)
        expect(['80', '44'], what).not.toContain(d!.unitIndustry)
        expect(['80', '10'], what).not.toContain(d!.jobCategory)
      }
      if (/软件|数据科技/.test(d!.unitName ?? '')) expect(d!.unitIndustry, what).toBe('34')
      if (d!.type === '医学规培生') expect([d!.unitNature, d!.unitIndustry], what).toEqual(['24', '42'])
      // A unit's 统一社会信用代码 is registered where the unit is.
      if (d!.unitCreditCode) expect(d!.unitCreditCode.slice(2, 8), what).toBe(d!.unitLocation)
      if (a) {
        expect(a.unitName, what).not.toContain('生源地')
        expect(postcodeMatchesProvince(a.postcode, a.unitLocation), `${what} archive ${JSON.stringify(a)}`).toBe(true)
        if (a.transferType === '转回生源地') {
          const u = units.get(r.origin_code)!
          expect(a, what).toMatchObject({ unitName: u.name, unitAddress: u.address, postcode: u.postcode })
          expect(a.unitLocation).toBe(r.origin_code)
        }
      }
      if (h?.migrationType === '转回生源地')
        expect(h, what).toMatchObject({ location: r.origin_code, address: r.home_address })
      if (h && h.migrationType !== '不迁移') expect(h.address, what).not.toBe('社区服务中心')
      expect(postcodeMatchesProvince(r.home_postcode!, r.origin_code), `home postcode ${r.home_postcode}`).toBe(true)
    }
    // The demo still shows many kinds of destination, 部队 among them.
    expect(seen.size).toBeGreaterThanOrEqual(15)
  })

  it('a printed 部队 registration reads as the army, through the API', async () => {
    const army = await t.db
      .selectFrom('registrations')
      .select('id')
      .where('destination', 'like', '%部队军士或文职人员%')
      .executeTakeFirstOrThrow()
    const r = await t.json('GET', `/api/v1/registrations/${army.id}`, { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data.destination.unitName).toMatch(/^中国人民解放军\d{5}部队$/)
    expect(r.data.destination.unitNature).toBe('40')
  })
})
