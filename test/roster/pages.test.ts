import { describe, expect, it } from 'vitest'
import { createTestApp, ADMIN_PASSWORD, type TestApp } from '../helpers.js'
import { browser, csvText, LABELS, row, table, utf8, xlsx } from './fixtures.js'

const fileForm = (bytes: Uint8Array, name: string) => {
  const fd = new FormData()
  fd.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name))
  return fd
}

/** The school's first 院系 (the rows' 计算机学院), so an import does not stop to ask about it. */
const withDepartment = (t: TestApp) =>
  t.db
    .insertInto('departments')
    .values({ school_id: t.schoolId, name: '计算机学院', created_at: t.clock.now.toISOString() })
    .execute()

/** The new-院系 step as the page posts it when every choice is left as offered. */
function asOffered(text: string) {
  const token = /name="token" value="([^"]+)"/.exec(text)![1]
  const dept = [...text.matchAll(/name="dept" value="([^"]+)"/g)].map((m) => m[1])
  const choice = [...text.matchAll(/<option value="([^"]*)" selected="">/g)].map((m) => m[1])
  const filename = /name="filename" value="([^"]*)"/.exec(text)![1]
  const map = Object.fromEntries([...text.matchAll(/name="(map\.\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]))
  return { token, filename, dept, choice, ...map }
}

describe('staff roster pages', () => {
  it('imports through the page, shows counts and the failure table links, then lists and filters', async () => {
    const t = await createTestApp()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const empty = await b.get('/admin/roster')
    expect(empty.res.status).toBe(200)
    expect(empty.text).toContain('还没有生源数据')
    const form = await b.get('/admin/roster/import')
    expect(form.text).toContain('enctype="multipart/form-data"')
    expect(form.text).toContain('data-import-progress')
    const ask = await b.post(
      '/admin/roster/import',
      fileForm(await xlsx(table([row({ name: '唐三藏' }), row({ phone: 'x' })])), 'a.xlsx'),
    )
    // The school's first import: its 院系 are new, so the page asks first (新建 offered, nothing stored).
    expect(ask.text).toContain('确认新的院系')
    expect(ask.text).toContain('<option value="create" selected="">新建院系“计算机学院”')
    expect(await t.db.selectFrom('graduates').select('id').execute()).toHaveLength(0)
    const res = await b.post('/admin/roster/import/departments', asOffered(ask.text))
    expect(res.res.status).toBe(200)
    expect(res.text).toContain('新建院系：计算机学院')
    expect(res.text).toContain('新增 1 人')
    expect(res.text).toContain('失败 1 行')
    const link = /href="(\/api\/v1\/graduates\/import\/[^"]+\/failures\.xlsx)"/.exec(res.text)![1]
    const dl = await b.get(link)
    expect(dl.res.status).toBe(200)
    const list = await b.get(`/admin/roster?q=${encodeURIComponent('唐')}`)
    expect(list.text).toContain('唐三藏')
    expect(list.text).toContain('共 1 人')
  })

  it('offers hand-matching of headers when required ones are missing, and remembers it', async () => {
    const t = await createTestApp()
    await withDepartment(t)
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const headers = LABELS.map((h) => (h === '手机号码' ? '联系方式' : h))
    await b.get('/admin/roster/import')
    const first = await b.post('/admin/roster/import', fileForm(utf8(csvText(table([row()], headers))), 'a.csv'))
    expect(first.res.status).toBe(400)
    expect(first.text).toContain('匹配导入字段')
    expect(first.text).toContain('手机号码')
    expect(first.text).toContain('<option value="联系方式">联系方式</option>')
    const token = /name="token" value="([^"]+)"/.exec(first.text)![1]
    const fields: Record<string, string> = { token, 'map.phone': '联系方式' }
    const done = await b.post('/admin/roster/import/mapping', fields)
    expect(done.res.status).toBe(200)
    expect(done.text).toContain('新增 1 人')
    const again = await b.post('/admin/roster/import', fileForm(utf8(csvText(table([row()], headers))), 'b.csv'))
    expect(again.res.status).toBe(200)
    expect(again.text).toContain('新增 1 人')
  })

  it('shows an error on the page for a bad file', async () => {
    const t = await createTestApp()
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    await b.get('/admin/roster/import')
    const r = await b.post('/admin/roster/import', fileForm(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'a.xls'))
    expect(r.res.status).toBe(400)
    expect(r.text).toContain('.xls')
  })

  it('withdraws and restores a graduate from the detail page', async () => {
    const t = await createTestApp()
    await withDepartment(t)
    const b = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    await b.get('/admin/roster/import')
    await b.post('/admin/roster/import', fileForm(await xlsx(table([row({ name: '沙悟净' })])), 'a.xlsx'))
    const g = await t.db.selectFrom('graduates').select('id').executeTakeFirstOrThrow()
    const page = await b.get(`/admin/roster/${g.id}`)
    expect(page.text).toContain('沙悟净')
    expect(page.text).toContain('data-confirm')
    expect((await b.post(`/admin/roster/${g.id}/withdraw`, { reason: '退学', confirmed: '1' })).res.status).toBe(303)
    expect((await b.get('/admin/roster')).text).not.toContain('沙悟净')
    expect((await b.get('/admin/roster?withdrawn=1')).text).toContain('退学')
    expect((await b.post(`/admin/roster/${g.id}/restore`, { reason: '', confirmed: '1' })).res.status).toBe(303)
    expect((await b.get('/admin/roster')).text).toContain('沙悟净')
  })
})
