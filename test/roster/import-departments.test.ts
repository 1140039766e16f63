/**
 * A typo in 院系名称 must not silently create a department (issue 13 item 9). The import page
 * reads the file first and, when it names 院系 the school does not have, lists them with the
 * closest existing names and asks — use an existing one, create it, or leave its rows out — and
 * stores nothing until then. The API keeps its contract (§4.2: new names are created and listed
 * in departmentsCreated; §6: `dryRun=true` answers with newDepartments and stores nothing).
 * 添加用户 chooses the 院系 from the list.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import { browser, csvText, form, LABELS, row, table, upload, utf8 } from './fixtures.js'

const TYPO = '计箅机学院'

async function school() {
  const t = await createTestApp()
  // The school already has 计算机学院 and 数学学院.
  await insertGraduate(t, { department: '计算机学院' })
  await insertGraduate(t, { department: '数学学院' })
  return t
}

const departments = async (t: TestApp) =>
  (await t.db.selectFrom('departments').select('name').orderBy('name').execute()).map((d) => d.name)
const graduatesIn = async (t: TestApp, name: string) =>
  (
    await t.db
      .selectFrom('graduates')
      .innerJoin('departments', 'departments.id', 'graduates.department_id')
      .select('graduates.name')
      .where('departments.name', '=', name)
      .orderBy('graduates.name')
      .execute()
  ).map((g) => g.name)

/** Two rows in 计算机学院, one with the typo, one in a genuinely new 院系. */
const sheet = () =>
  utf8(
    csvText(
      table([
        row({ name: '甲一', department: '计算机学院' }),
        row({ name: '乙二', department: TYPO }),
        row({ name: '丙三', department: TYPO }),
        row({ name: '丁四', department: '艺术学院' }),
      ]),
    ),
  )

const fileForm = (bytes: Uint8Array, name: string) => {
  const fd = new FormData()
  fd.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name))
  return fd
}

/** The department step's fields as the page posts them: each name with its choice, in order. */
function choicesFrom(text: string, pick: Record<string, string>) {
  const token = /name="token" value="([^"]+)"/.exec(text)![1]
  const names = [...text.matchAll(/name="dept" value="([^"]+)"/g)].map((m) => m[1])
  return { token, filename: 'roster.csv', dept: names, choice: names.map((n) => pick[n] ?? '') }
}

describe('new 院系名称 on roster import', () => {
  it('the page lists the new names with the closest existing one and stores nothing before the choice', async () => {
    const t = await school()
    const before = await t.db.selectFrom('graduates').select('id').execute()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    await b.get('/admin/roster/import')
    const ask = await b.post('/admin/roster/import', fileForm(sheet(), 'roster.csv'))
    expect(ask.res.status).toBe(200)
    expect(ask.text).toContain('确认新的院系')
    expect(ask.text).toContain(`“${TYPO}”`)
    expect(ask.text).toContain('“艺术学院”')
    expect(ask.text).toContain('相近的已有院系：计算机学院')
    expect(ask.text).toContain('（2 行）')
    expect(ask.text).toContain('可新增 4 人')
    expect(ask.text).not.toContain('全部导入成功')
    // Nothing stored yet: no 院系, no graduate, no import.
    expect(await departments(t)).toEqual(['数学学院', '计算机学院'])
    expect(await t.db.selectFrom('graduates').select('id').execute()).toHaveLength(before.length)
    expect(await t.db.selectFrom('imports').select('id').execute()).toHaveLength(0)

    // Nothing chosen for one name: asked again, with the message at it.
    const half = await b.post('/admin/roster/import/departments', choicesFrom(ask.text, { [TYPO]: 'use:计算机学院' }))
    expect(half.res.status).toBe(400)
    expect(half.text).toContain('“艺术学院”：请选择改用哪个已有院系、新建，或暂不导入')
    expect(half.text).toContain('selected="">改用已有院系“计算机学院”')
    expect(await t.db.selectFrom('imports').select('id').execute()).toHaveLength(0)

    // The typo goes to 计算机学院; 艺术学院 is created, because it was asked for.
    const done = await b.post(
      '/admin/roster/import/departments',
      choicesFrom(ask.text, { [TYPO]: 'use:计算机学院', 艺术学院: 'create' }),
    )
    expect(done.res.status).toBe(200)
    expect(done.text).toContain('全部导入成功')
    expect(done.text).toContain('新增 4 人')
    expect(done.text).toContain('新建院系：艺术学院')
    expect(await departments(t)).toEqual(['数学学院', '艺术学院', '计算机学院'])
    expect(await graduatesIn(t, '计算机学院')).toEqual(expect.arrayContaining(['甲一', '乙二', '丙三']))
    expect(await graduatesIn(t, '艺术学院')).toEqual(['丁四'])
  })

  it('暂不导入: those rows fail, naming the close existing 院系, and no 院系 is created', async () => {
    const t = await school()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    await b.get('/admin/roster/import')
    const ask = await b.post('/admin/roster/import', fileForm(sheet(), 'roster.csv'))
    const done = await b.post(
      '/admin/roster/import/departments',
      choicesFrom(ask.text, { [TYPO]: 'skip', 艺术学院: 'skip' }),
    )
    expect(done.res.status).toBe(200)
    expect(done.text).toContain('新增 1 人')
    expect(done.text).toContain('失败 3 行')
    expect(done.text).toContain(`没有院系“${TYPO}”（是否为：计算机学院？）`)
    expect(await departments(t)).toEqual(['数学学院', '计算机学院'])
  })

  it('after hand-matching the headers, the step keeps the matching through to the import', async () => {
    const t = await school()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const headers = LABELS.map((h) => (h === '手机号码' ? '联系方式' : h))
    await b.get('/admin/roster/import')
    const bytes = utf8(csvText(table([row({ name: '戊五', department: TYPO, phone: '13900139000' })], headers)))
    const mapping = await b.post('/admin/roster/import', fileForm(bytes, 'm.csv'))
    expect(mapping.text).toContain('匹配导入字段')
    const token = /name="token" value="([^"]+)"/.exec(mapping.text)![1]
    const ask = await b.post('/admin/roster/import/mapping', { token, 'map.phone': '联系方式' })
    expect(ask.text).toContain('确认新的院系')
    expect(ask.text).toContain('name="map.phone" value="联系方式"')
    // Close to an existing name: nothing chosen in advance.
    expect(ask.text).not.toContain('<option value="create" selected="">')
    const done = await b.post('/admin/roster/import/departments', {
      ...choicesFrom(ask.text, { [TYPO]: 'use:计算机学院' }),
      'map.phone': '联系方式',
    })
    expect(done.text).toContain('全部导入成功')
    const g = await t.db.selectFrom('graduates').select(['phone']).where('name', '=', '戊五').executeTakeFirstOrThrow()
    expect(g.phone).toBe('13900139000')
    expect(await graduatesIn(t, '计算机学院')).toContain('戊五')
  })

  it('a file with only known 院系 imports at once; a department user is never asked', async () => {
    const t = await school()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    await b.get('/admin/roster/import')
    const ok = await b.post(
      '/admin/roster/import',
      fileForm(utf8(csvText(table([row({ department: '数学学院' })]))), 'a.csv'),
    )
    expect(ok.text).toContain('全部导入成功')

    await t.createStaff('cs', { department: '计算机学院' })
    const cs = await browser(t, 'admin', 'cs', 'cs-password')
    await cs.get('/admin/roster/import')
    const r = await cs.post('/admin/roster/import', fileForm(sheet(), 'roster.csv'))
    expect(r.text).toContain('导入结果')
    expect(r.text).toContain('新增 1 人')
    expect(await departments(t)).toEqual(['数学学院', '计算机学院'])
  })

  it('the API: dryRun=true lists newDepartments and stores nothing; without it the contract creates them', async () => {
    const t = await school()
    const dry = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: form(sheet(), 'roster.csv', { dryRun: 'true' }),
    })
    expect(dry.status).toBe(200)
    expect(dry.data).toMatchObject({ total: 4, created: 4, failed: 0, newDepartments: [TYPO, '艺术学院'] })
    expect(dry.data.newDepartmentRows).toBeUndefined()
    expect(await departments(t)).toEqual(['数学学院', '计算机学院'])
    expect(await t.db.selectFrom('imports').select('id').execute()).toHaveLength(0)
    expect(await graduatesIn(t, '计算机学院')).toHaveLength(1)

    const real = await upload(t, t.adminToken, sheet(), 'roster.csv')
    expect(real.status).toBe(200)
    expect(real.data).toMatchObject({
      created: 4,
      departmentsCreated: [TYPO, '艺术学院'],
      newDepartments: [TYPO, '艺术学院'],
    })
    expect(await departments(t)).toContain(TYPO)
  })

  it('添加用户: the 院系 is chosen from the list; a typed unknown one is refused and not created', async () => {
    const t = await school()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await b.get('/admin/users')
    expect(page.text).toMatch(/<select id="department" name="department">[\s\S]*<option value="计算机学院">/)
    const r = await b.post('/admin/users', {
      username: 'typo-user',
      password: 'typo-user-password',
      role: 'department',
      department: TYPO,
      info: 'rw',
      archive: 'rw',
      hukou: 'rw',
    })
    expect(r.res.status).toBe(400)
    expect(r.text).toContain(`没有院系“${TYPO}”（是否为：计算机学院？）`)
    expect(await departments(t)).toEqual(['数学学院', '计算机学院'])
  })
})
