/**
 * 扩展项1–4 (issue 14 item 6; seed 002 附件1: 扩展项1 is 1 零就业家庭, 2 退役军人, 12 both; 2–4
 * free): optional columns of the template, the import (a bad 扩展项1 fails its row naming it),
 * the export and the graduate's record on the staff page.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp } from '../helpers.js'
import { browser, readXlsx, row, table, upload, xlsx } from './fixtures.js'

describe('扩展项1–4', () => {
  it('are in the template, imported (names read as codes), exported and shown on the record', async () => {
    const t = await createTestApp()
    const tpl = await t.request('GET', '/api/v1/graduates/template.xlsx', { token: t.adminToken })
    const head = (await readXlsx(await tpl.arrayBuffer()))[0]
    expect(head.slice(-4)).toEqual(['扩展项1', '扩展项2', '扩展项3', '扩展项4'])

    const veteran = row({ name: '退伍兵', extension1: '退役军人', extension2: '学生会主席', extension4: '备注四' })
    const both = row({ name: '两者都是', extension1: '12' })
    const bad = row({ name: '填错了', extension1: '3' })
    const r = await upload(t, t.adminToken, await xlsx(table([veteran, both, bad])), '生源.xlsx')
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ total: 3, created: 2, failed: 1 })
    expect(r.data.failures[0].row).toBe(4)
    expect(r.data.failures[0].reason).toMatch(/^扩展项1：/)

    const stored = await t.db
      .selectFrom('graduates')
      .select(['id', 'name', 'extension_1', 'extension_2', 'extension_3', 'extension_4'])
      .orderBy('id')
      .execute()
    expect(stored.map((g) => [g.name, g.extension_1, g.extension_2, g.extension_3, g.extension_4])).toEqual([
      ['退伍兵', '2', '学生会主席', null, '备注四'],
      ['两者都是', '12', null, null, null],
    ])

    const exp = await readXlsx(
      await (await t.request('GET', '/api/v1/graduates.xlsx', { token: t.adminToken })).arrayBuffer(),
    )
    const col = exp[0].indexOf('扩展项1')
    expect(col).toBeGreaterThan(-1)
    const line = exp.find((l) => l.includes('退伍兵'))!
    expect(line[col]).toBe('2')
    expect(line[exp[0].indexOf('扩展项2')]).toBe('学生会主席')

    const admin = await browser(t, 'admin', 'admin', ADMIN_PASSWORD)
    const page = await admin.get(`/admin/roster/${stored[0].id}`)
    expect(page.text).toContain('退役军人（2）')
    expect(page.text).toContain('学生会主席')
    // an empty 扩展项 is not a row of the record
    expect(page.text).not.toContain('扩展项3')
    const other = await admin.get(`/admin/roster/${stored[1].id}`)
    expect(other.text).toContain('零就业家庭、退役军人（12）')
  })
})
