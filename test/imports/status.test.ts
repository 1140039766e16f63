/**
 * Issue 13 item 3 in-process: an import is `done` with its counts, one that stops on an error
 * part-way is `interrupted`, and `markInterruptedImports` (start-up, a dead serving process)
 * marks stale `running` ones with their audit row; the list page, the API and the audit show it.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { browser, csvText, row, table, upload, utf8 } from '../roster/fixtures.js'
import { markInterruptedImports } from '../../src/imports/index.js'
import type { CurrentUser } from '../../src/deps.js'

describe('import status', () => {
  it('done with its counts; a stale running import is marked interrupted with its audit row, once', async () => {
    const t = await createTestApp()
    const r = await upload(t, t.adminToken, utf8(csvText(table([row(), row()]))), '生源.csv')
    expect(r.status).toBe(200)
    const list = await t.json('GET', '/api/v1/imports', { token: t.adminToken })
    expect(list.status).toBe(200)
    expect(list.data.items).toHaveLength(1)
    expect(list.data.items[0]).toMatchObject({
      id: r.data.importId,
      kind: 'graduates',
      status: 'done',
      total: 2,
      created: 2,
    })
    expect(list.data.items[0].finishedAt).toBeTruthy()

    // An import a dead process left running (as after kill -9): 1,000 rows stored, counts of the last batch.
    await t.db
      .insertInto('imports')
      .values({
        id: 'stale-import-0001',
        school_id: t.schoolId,
        kind: 'graduates',
        filename: '大表.xlsx',
        headers: '[]',
        created_by: null,
        department_id: null,
        created_at: t.clock.now.toISOString(),
        status: 'running',
        owner: '4242',
        total: 1000,
        created: 1000,
      })
      .execute()
    // Another process's import is not touched when only process 4242 died.
    await t.db
      .insertInto('imports')
      .values({
        id: 'live-import-0002',
        school_id: t.schoolId,
        kind: 'registrations',
        filename: '登记.xlsx',
        headers: '[]',
        created_by: null,
        department_id: null,
        created_at: t.clock.now.toISOString(),
        status: 'running',
        owner: '4343',
      })
      .execute()
    expect(await markInterruptedImports(t.deps, '4242')).toBe(1)
    expect(await markInterruptedImports(t.deps, '4242')).toBe(0)
    const rows = (await t.db.selectFrom('imports').select(['id', 'status']).execute()).sort((a, b) =>
      a.id.localeCompare(b.id),
    )
    expect(rows).toEqual(
      [
        { id: 'live-import-0002', status: 'running' },
        { id: r.data.importId, status: 'done' },
        { id: 'stale-import-0001', status: 'interrupted' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    )
    // Start-up: every running one is stale.
    expect(await markInterruptedImports(t.deps)).toBe(1)
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target', 'detail'])
      .where('action', 'like', 'import.%')
      .orderBy('id')
      .execute()
    expect(audits.map((a) => [a.actor, a.action, a.target, JSON.parse(a.detail!).status])).toEqual([
      ['admin', 'import.graduates', r.data.importId, 'done'],
      ['system', 'import.graduates', 'stale-import-0001', 'interrupted'],
      ['system', 'import.registrations', 'live-import-0002', 'interrupted'],
    ])
    expect(JSON.parse(audits[1].detail!)).toMatchObject({ total: 1000, created: 1000 })

    // The API filters by status; the page and the audit read in Chinese.
    const only = await t.json('GET', '/api/v1/imports?status=interrupted', { token: t.adminToken })
    expect(only.data.items.map((i: { id: string }) => i.id).sort()).toEqual(['live-import-0002', 'stale-import-0001'])
    const bad = await t.json('GET', '/api/v1/imports?status=half', { token: t.adminToken })
    expect(bad.status).toBe(400)
    const b = await browser(t, 'admin', 'admin', 'admin-pass-2026')
    const page = await b.get('/admin/imports')
    expect(page.res.status).toBe(200)
    expect(page.text).toContain('已完成')
    expect(page.text).toContain('已中断')
    expect(page.text).toContain('大表.xlsx')
    const filtered = await b.get('/admin/imports?status=done')
    expect(filtered.text).toContain('已完成')
    expect(filtered.text).not.toContain('大表.xlsx')
    const auditPage = await b.get('/admin/audit?group=import')
    expect(auditPage.text).toContain('已中断')
    expect(auditPage.text).toContain('已完成')
  })

  it('a department user sees only its own 院系 imports', async () => {
    const t = await createTestApp()
    await upload(t, t.adminToken, utf8(csvText(table([row()]))), '全校.csv')
    const dept = await t.createStaff('cs', { department: '计算机学院' })
    const mine = await upload(t, dept, utf8(csvText(table([row()]))), '本院系.csv')
    expect(mine.status).toBe(200)
    const list = await t.json('GET', '/api/v1/imports', { token: dept })
    expect(list.data.items.map((i: { filename: string }) => i.filename)).toEqual(['本院系.csv'])
    const all = await t.json('GET', '/api/v1/imports', { token: t.adminToken })
    expect(all.data.total).toBe(2)
  })

  it('an import that stops on an error after storing rows is interrupted', async () => {
    const t = await createTestApp()
    // Over maxRows is found only while storing (CSV rows counted first — so use the engine directly).
    const { runImport } = await import('../../src/imports/index.js')
    const me = {
      id: 1,
      schoolId: t.schoolId,
      schoolCode: '10001',
      username: 'admin',
      displayName: null,
      role: 'school',
      educationScope: 'all',
      classes: [],
      departmentId: null,
      department: null,
      graduateId: null,
      permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
      mustChangePassword: false,
      sessionId: 'x',
      via: 'bearer',
    } satisfies CurrentUser
    let stored = 0
    await expect(
      runImport<string>(t.deps, me, {
        kind: 'graduates',
        file: new Blob(['名称\na\nb\nc\nd\n']),
        filename: 'x.csv',
        columns: [{ key: 'name', label: '名称', required: true }],
        validateRow: (cells) => ({ ok: true, value: cells.name }),
        async persistBatch(rows) {
          stored += rows.length
          if (stored > 2) throw new Error('disk full')
          return { created: rows.length, updated: 0 }
        },
        batchSize: 2,
      }),
    ).rejects.toThrow('disk full')
    const imp = await t.db.selectFrom('imports').selectAll().executeTakeFirstOrThrow()
    expect(imp).toMatchObject({ status: 'interrupted', created: 2, total: 2 })
  })
})
