/**
 * The roster reports (contract §6; issue 14 items 7 and 8): the 资格审核汇总表 counts per 院系,
 * 专业 and 班级 (XLSX and a printable page) and 就业账户激活 per 院系 (first password changed and a
 * self-check approved), each in the user's scope and one 届 at a time — through HTTP.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { browser, readXlsx } from '../roster/fixtures.js'

/** A sheet's rows with empty cells as '' (exceljs leaves holes for them). */
const sheet = async (bytes: Uint8Array, n: number) =>
  (await readXlsx(bytes, n)).map((r) => Array.from(r, (v) => v ?? ''))
const download = async (t: TestApp, path: string, token: string) =>
  new Uint8Array(await (await t.request('GET', path, { token })).arrayBuffer())

const SE = { major_code: '080902', major_name: '软件工程' }

async function school() {
  const t = await createTestApp()
  const cs = [
    await insertGraduate(t, { class_name: '计科2201' }),
    await insertGraduate(t, { class_name: '计科2201' }),
    await insertGraduate(t, { class_name: '计科2202' }),
    await insertGraduate(t, { ...SE, class_name: '软工2201' }),
  ]
  const math = await insertGraduate(t, {
    department: '数学学院',
    major_code: '070101',
    major_name: '数学与应用数学',
    class_name: '数学2201',
  })
  // Not counted: withdrawn (休学), and next year's 届.
  await insertGraduate(t, { class_name: '计科2201', withdrawn_at: t.clock.now.toISOString(), withdrawn_reason: '休学' })
  await insertGraduate(t, { class_name: '计科2301', graduation_time: '202706' })
  return { t, cs, math }
}

/** The graduate changes the first password, submits the self-check, and a reviewer approves it. */
async function activate(t: TestApp, g: Awaited<ReturnType<typeof insertGraduate>>, approve = true) {
  const token = await studentToken(t, g)
  const sent = await t.json('POST', '/api/v1/me/roster/corrections', {
    token,
    body: { originCode: '110108', phone: '13800138000' },
  })
  expect(sent.status, JSON.stringify(sent.data)).toBe(201)
  if (!approve) return
  const d = await t.json('POST', `/api/v1/roster-corrections/${sent.data.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  expect(d.status, JSON.stringify(d.data)).toBe(200)
}

describe('资格审核汇总表', () => {
  it('counts per 院系, 专业 and 班级 for one 届, without withdrawn graduates, in a sheet per 院系', async () => {
    const { t } = await school()
    const res = await t.request('GET', '/api/v1/graduates/summary.xlsx?cohort=2026', { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const overview = await sheet(bytes, 0)
    expect(overview[0][0]).toBe('2026届毕业生资格审核汇总表')
    expect(overview).toContainEqual(['计算机学院', '2', '3', '4'])
    expect(overview).toContainEqual(['数学学院', '1', '1', '1'])
    expect(overview.at(-1)).toEqual(['合计', '', '', '5'])

    // One sheet per 院系 after the overview, in the overview's order.
    const order = overview.slice(2, -1).map((r) => r[0])
    const cs = await sheet(bytes, 1 + order.indexOf('计算机学院'))
    expect(cs[0][0]).toBe('计算机学院2026届毕业生资格审核汇总表')
    expect(cs[1]).toEqual(['序号', '专业代码', '专业', '专业人数', '所在班级', '毕业生人数'])
    expect(cs[2]).toEqual(['合计', '', '', '4', '', '4'])
    expect(cs[3]).toEqual(['1', '080901', '计算机科学与技术', '3', '计科2201', '2'])
    expect(cs[4]).toEqual(['', '', '', '', '计科2202', '1'])
    expect(cs[5]).toEqual(['2', '080902', '软件工程', '1', '软工2201', '1'])
    expect(cs.some((r) => r[0]?.startsWith('填表人：'))).toBe(true)

    const next = await sheet(await download(t, '/api/v1/graduates/summary.xlsx?cohort=2027', t.adminToken), 0)
    expect(next).toContainEqual(['计算机学院', '1', '1', '1'])
    expect(next.at(-1)).toEqual(['合计', '', '', '1'])

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'reports.summary_export')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('keeps a 院系 user to its 院系 and a counsellor to its classes; refuses a bad 届 by name', async () => {
    const { t } = await school()
    const dept = await t.createStaff('math', { department: '数学学院' })
    const asked = await sheet(await download(t, '/api/v1/graduates/summary.xlsx?department=计算机学院', dept), 0)
    // A 院系 user asking for another 院系 gets nothing of it.
    expect(asked.map((r) => r[0])).not.toContain('计算机学院')
    const own = await sheet(await download(t, '/api/v1/graduates/summary.xlsx', dept), 0)
    expect(own).toContainEqual(['数学学院', '1', '1', '1'])
    expect(own.map((r) => r[0])).not.toContain('计算机学院')

    const made = await t.json('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        username: 'teacher',
        password: 'staff-password-1',
        role: 'counsellor',
        department: '计算机学院',
        classes: ['计科2202'],
        permissions: { info: 'rw', archive: 'none', hukou: 'none' },
      },
    })
    expect(made.status, JSON.stringify(made.data)).toBe(201)
    const teacher = await t.login('teacher', 'staff-password-1')
    const mine = await t.json('GET', '/api/v1/activation', { token: teacher })
    expect(mine.data.items).toEqual([{ department: '计算机学院', graduates: 1, activated: 0, rate: 0 }])

    const bad = await t.json('GET', '/api/v1/activation?cohort=26', { token: t.adminToken })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届')
    const none = await t.json('GET', '/api/v1/activation', {})
    expect(none.status).toBe(401)
  })

  it('prints as a page with the 填表人 and 填表时间 lines, one section per 院系', async () => {
    const { t } = await school()
    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await admin.get('/admin/reports/summary?cohort=2026')
    expect(page.res.status).toBe(200)
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('计算机学院2026届毕业生资格审核汇总表')
    expect(text).toContain('数学学院2026届毕业生资格审核汇总表')
    expect(text).toContain('填表时间：2026年6月15日')
    expect(text).toContain('填表人：')
    expect(page.text.match(/class="card summary-sheet"/g)).toHaveLength(2)
    expect(page.text).toMatch(/rowspan="2"[^>]*>1</)
    const empty = await admin.get('/admin/reports/summary?cohort=2030')
    expect(empty.text).toContain('2030届在您的范围内还没有毕业生')
    // A hand-edited 届 falls back to the current one rather than failing.
    const odd = await admin.get('/admin/reports/summary?cohort=abc')
    expect(odd.res.status).toBe(200)
    expect(odd.text).toContain('计算机学院2026届')
  })
})

describe('就业账户激活', () => {
  it('counts a graduate once the first password is changed and a self-check approved', async () => {
    const { t, cs, math } = await school()
    await activate(t, cs[0])
    await activate(t, cs[1], false) // submitted, not yet approved
    await studentToken(t, cs[2]) // password only
    await activate(t, math)
    const r = await t.json('GET', '/api/v1/activation?cohort=2026', { token: t.adminToken })
    expect(r.status).toBe(200)
    expect(r.data).toEqual({
      cohort: 2026,
      items: [
        { department: '数学学院', graduates: 1, activated: 1, rate: 100 },
        { department: '计算机学院', graduates: 4, activated: 1, rate: 25 },
      ].sort((a, b) => (a.department < b.department ? -1 : 1)),
    })

    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await admin.get('/admin/reports/activation?cohort=2026')
    expect(page.res.status).toBe(200)
    const text = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('2026届共 5 名毕业生，已激活 2 名，未激活 3 名')
    expect(text).toContain('共 3 名')
    // Who has not, with what is missing.
    expect(text).toContain(`${cs[1].studentNo} ${cs[1].name} 计算机学院 计科2201 已修改 待审核`)
    expect(text).toContain(`${cs[2].studentNo} ${cs[2].name} 计算机学院 计科2202 已修改 未核对`)
    expect(text).toContain(`${cs[3].studentNo} ${cs[3].name} 计算机学院 软工2201 未修改 未核对`)
    expect(text).not.toContain(cs[0].studentNo)

    // The dashboard shows the rate of the current 届, and links to the list.
    const home = await admin.get('/admin')
    const stat = /<a class="stat" href="([^"]+)" data-stat="activation">([\s\S]*?)<\/a>/.exec(home.text)
    expect(stat?.[1]).toBe('/admin/reports/activation?cohort=2026')
    expect(stat?.[2].replace(/<[^>]+>/g, ' ')).toMatch(/2026届就业账户激活率\s+40%\s+已激活 2 \/ 5 人/)
  })
})
