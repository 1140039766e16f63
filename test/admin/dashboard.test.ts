import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { browserLogin, insertRegistration, DESTINATION } from '../confirmation/fixtures.js'

const A = '计算机学院'
const B = '外国语学院'

/** Two 院系, every category, pending reviews, one confirmation, one withdrawn graduate. */
async function fixture() {
  const t = await createTestApp()
  const add = async (
    department: string,
    education_code: string,
    reg?: { status?: 'approved' | 'submitted' | 'department_approved'; type?: string },
  ) => {
    const g = await insertGraduate(t, { department, education_code })
    if (reg)
      await insertRegistration(t, g.id, {
        status: reg.status ?? 'approved',
        destination: reg.type ? { ...DESTINATION, type: reg.type } : DESTINATION,
      })
    return g
  }
  const a1 = await add(A, '31', { type: '签就业协议书就业' })
  await add(A, '31', { type: '签劳动合同就业' })
  await add(A, '11', { type: '境内升学' })
  await add(A, '31', { type: '求职中' })
  await add(A, '31', { status: 'submitted', type: '签就业协议书就业' })
  await add(A, '31')
  await add(B, '01', { type: '出国出境深造' })
  await add(B, '41', { status: 'department_approved', type: '自由职业' })
  await add(B, '33', { type: '暂不就业' })
  const gone = await add(B, '31', { type: '签就业协议书就业' })
  await t.db
    .updateTable('graduates')
    .set({ withdrawn_at: t.clock.now.toISOString(), withdrawn_reason: '休学' })
    .where('id', '=', gone.id)
    .execute()
  const token = await studentToken(t, a1)
  expect((await t.json('POST', '/api/v1/me/confirmation', { token, body: { result: '确认无误' } })).status).toBe(200)
  return t
}

const zero = { 签就业协议书就业: 0, 其他形式就业: 0, 升学: 0, 未就业: 0, 未上报: 0 }
const EXPECTED_DEPARTMENTS = {
  [A]: { label: A, values: { ...zero, 签就业协议书就业: 1, 其他形式就业: 1, 升学: 1, 未就业: 1, 未上报: 2 }, total: 6 },
  [B]: { label: B, values: { ...zero, 升学: 1, 未就业: 1, 未上报: 1 }, total: 3 },
}
const EXPECTED_EDUCATION = [
  { label: '博士', values: { ...zero, 升学: 1 }, total: 1 },
  { label: '硕士', values: { ...zero, 升学: 1 }, total: 1 },
  { label: '本科', values: { ...zero, 签就业协议书就业: 1, 其他形式就业: 1, 未就业: 2, 未上报: 2 }, total: 6 },
  { label: '专科', values: { ...zero, 未上报: 1 }, total: 1 },
]

/** The bars of one chart on the page: data-label / data-series / data-value of every <rect>. */
function bars(html: string, chart: string) {
  const start = html.indexOf(`data-chart="${chart}"`)
  expect(start, chart).toBeGreaterThan(0)
  const svg = html.slice(start, html.indexOf('</svg>', start))
  const out: Array<{ label: string; series?: string; value: number }> = []
  for (const m of svg.matchAll(/<rect [^>]*data-label="([^"]*)"(?: data-series="([^"]*)")? data-value="([^"]*)"/g)) {
    out.push({ label: m[1], series: m[2], value: Number(m[3]) })
  }
  return out
}

describe('GET /api/v1/dashboard', () => {
  it('counts pending reviews, confirmation progress and every chart from the data', async () => {
    const t = await fixture()
    const r = await t.json('GET', '/api/v1/dashboard', { token: t.adminToken })
    expect(r.status).toBe(200)
    const d = r.data
    expect(d.department).toBeNull()
    expect(d.pendingReviews).toEqual({ submitted: 1, departmentApproved: 1 })
    expect(d.confirmation).toEqual({ 未上报: 3, 未确认: 5, 确认有误: 0, 确认无误: 1, 总数: 9 })
    expect(d.charts.byCategory).toEqual([
      { label: '签就业协议书就业', value: 1 },
      { label: '其他形式就业', value: 1 },
      { label: '升学', value: 2 },
      { label: '未就业', value: 2 },
      { label: '未上报', value: 3 },
    ])
    expect(d.charts.byType).toHaveLength(24)
    const types = Object.fromEntries(d.charts.byType.filter((x: any) => x.value).map((x: any) => [x.label, x.value]))
    expect(types).toEqual({
      签就业协议书就业: 1,
      签劳动合同就业: 1,
      境内升学: 1,
      出国出境深造: 1,
      求职中: 1,
      暂不就业: 1,
    })
    expect(Object.fromEntries(d.charts.byDepartment.map((x: any) => [x.label, x]))).toEqual(EXPECTED_DEPARTMENTS)
    expect(d.charts.byEducation).toEqual(EXPECTED_EDUCATION)
    expect(Object.fromEntries(d.charts.placementRate.map((x: any) => [x.label, x]))).toEqual({
      [A]: { label: A, placed: 3, total: 6, rate: 50 },
      [B]: { label: B, placed: 1, total: 3, rate: 33.3 },
    })
    expect(d.charts.placementTotal).toEqual({ label: '合计', placed: 4, total: 9, rate: 44.4 })
  })

  it('limits a department user to its own 院系, even when another is asked for', async () => {
    const t = await fixture()
    const dept = await t.createStaff('fl', {
      department: B,
      permissions: { info: 'none', archive: 'none', hukou: 'none' },
    })
    for (const qs of ['', `?department=${encodeURIComponent(A)}`]) {
      const r = await t.json('GET', `/api/v1/dashboard${qs}`, { token: dept })
      expect(r.status).toBe(200)
      expect(r.data.department).toBe(B)
      expect(r.data.pendingReviews).toEqual({ submitted: 0, departmentApproved: 1 })
      expect(r.data.confirmation).toEqual({ 未上报: 1, 未确认: 2, 确认有误: 0, 确认无误: 0, 总数: 3 })
      expect(r.data.charts.byDepartment).toEqual([EXPECTED_DEPARTMENTS[B]])
      expect(r.data.charts.placementTotal).toEqual({ label: '合计', placed: 1, total: 3, rate: 33.3 })
    }
    // A school user may narrow to one 院系.
    const s = await t.json('GET', `/api/v1/dashboard?department=${encodeURIComponent(A)}`, { token: t.adminToken })
    expect(s.data.charts.byDepartment).toEqual([EXPECTED_DEPARTMENTS[A]])
    expect(s.data.pendingReviews).toEqual({ submitted: 1, departmentApproved: 0 })
    // Students have no dashboard.
    const g = await insertGraduate(t)
    expect((await t.json('GET', '/api/v1/dashboard', { token: await studentToken(t, g) })).status).toBe(403)
  })
})

describe('GET /admin', () => {
  it('draws the charts as SVG whose bars carry the numbers of the data, each with a table', async () => {
    const t = await fixture()
    const b = await browserLogin(t, 'admin', 'admin', 'admin-pass-2026')
    const { res, text } = await b.get('/admin')
    expect(res.status).toBe(200)
    expect(text).not.toMatch(/style=/)
    expect(text).not.toMatch(/<script(?![^>]*src="\/static\/)/)
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/)
    const api = (await t.json('GET', '/api/v1/dashboard', { token: t.adminToken })).data.charts

    expect(bars(text, 'chart-byCategory')).toEqual(
      api.byCategory.map((s: any) => ({ label: s.label, series: undefined, value: s.value })),
    )
    expect(bars(text, 'chart-byType')).toEqual(
      api.byType
        .filter((s: any) => s.value > 0)
        .map((s: any) => ({ label: s.label, series: undefined, value: s.value })),
    )
    const dept = bars(text, 'chart-byDepartment')
    expect(dept).toHaveLength(2 * 5)
    for (const row of Object.values(EXPECTED_DEPARTMENTS)) {
      for (const [series, value] of Object.entries(row.values))
        expect(dept).toContainEqual({ label: row.label, series, value })
    }
    const edu = bars(text, 'chart-byEducation')
    for (const row of EXPECTED_EDUCATION) {
      for (const [series, value] of Object.entries(row.values))
        expect(edu).toContainEqual({ label: row.label, series, value })
    }
    const rate = bars(text, 'chart-placementRate')
    expect(rate).toContainEqual({ label: A, series: undefined, value: 50 })
    expect(rate).toContainEqual({ label: B, series: undefined, value: 33.3 })
    // Bar lengths follow the numbers: in a plain bar chart width ∝ value.
    const widths = [
      ...text
        .slice(text.indexOf('data-chart="chart-byCategory"'))
        .matchAll(/<rect [^>]*width="([\d.]+)"[^>]*data-label="([^"]*)"/g),
    ].slice(0, 5)
    const w = Object.fromEntries(widths.map((m) => [m[2], Number(m[1])]))
    expect(w['升学'] / w['签就业协议书就业']).toBeCloseTo(2, 1)
    expect(w['未上报'] / w['签就业协议书就业']).toBeCloseTo(3, 1)
    // Accessible: role="img" with title and description, and a table for each chart.
    expect(text.match(/<svg [^>]*role="img"/g)).toHaveLength(5)
    expect(text).toMatch(
      /<desc id="chart-byCategory-desc">签就业协议书就业 1 人，其他形式就业 1 人，升学 2 人，未就业 2 人，未上报 3 人<\/desc>/,
    )
    expect(text.match(/<table data-table=/g)).toHaveLength(5)
    expect(text).toContain(`<th scope="row">${A}</th><td>3</td><td>6</td><td>50%</td>`)
    expect(text).toContain('<th scope="row">合计</th><td>4</td><td>9</td><td>44.4%</td>')
    // Pending reviews and progress.
    expect(text).toMatch(/data-stat="pending">.*?<div class="n">2<\/div>/)
    expect(text).toMatch(/data-stat="confirmed">.*?<div class="n">1 \/ 6<\/div>/)
    expect(text).toContain('/api/v1/dashboard/charts.xlsx?chart=byDepartment')
  })

  it('shows an empty state before any graduate exists, and sends others to log in', async () => {
    const t = await createTestApp()
    const b = await browserLogin(t, 'admin', 'admin', 'admin-pass-2026')
    const { text } = await b.get('/admin')
    expect(text).toContain('还没有毕业生')
    const anon = await t.app.request('/admin', { headers: { accept: 'text/html' } })
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toBe('/admin/login')
  })
})

describe('GET /api/v1/dashboard/charts.xlsx', () => {
  it('exports each chart, and all of them, with the same numbers, audited', async () => {
    const t = await fixture()
    const load = async (qs: string) => {
      const res = await t.request('GET', `/api/v1/dashboard/charts.xlsx${qs}`, { token: t.adminToken })
      expect(res.status).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
      return wb
    }
    const rowsOf = (ws: ExcelJS.Worksheet) => {
      const rows: unknown[][] = []
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
      return rows
    }
    const one = await load('?chart=byDepartment')
    expect(one.worksheets).toHaveLength(1)
    const rows = rowsOf(one.worksheets[0])
    expect(rows[0]).toEqual(['毕业去向（按院系）（全校）'])
    expect(rows[1]).toEqual(['院系', '签就业协议书就业', '其他形式就业', '升学', '未就业', '未上报', '合计'])
    expect(rows.slice(2).sort()).toEqual(
      [
        [A, 1, 1, 1, 1, 2, 6],
        [B, 0, 0, 1, 1, 1, 3],
      ].sort(),
    )
    const all = await load('')
    expect(all.worksheets.map((w) => w.name)).toEqual([
      '毕业去向（按类别）',
      '毕业去向（按去向）',
      '毕业去向（按院系）',
      '毕业去向（按学历层次）',
      '各院系去向落实率',
    ])
    const rate = rowsOf(all.worksheets[4])
    expect(rate.at(-1)).toEqual(['合计', 4, 9, 44.4])
    expect(rowsOf(all.worksheets[1]).slice(2)).toHaveLength(24)
    expect(rowsOf(all.worksheets[0]).slice(2)).toContainEqual(['未上报', 3, 33.3])
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'dashboard.export')
      .execute()
    expect(audits).toHaveLength(2)
    expect((await t.json('GET', '/api/v1/dashboard/charts.xlsx?chart=pie', { token: t.adminToken })).status).toBe(400)
  })
})
