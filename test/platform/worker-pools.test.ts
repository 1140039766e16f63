/**
 * The Node worker-thread pools behind AppDeps: uploads parsed by `workerSheetParser` (the
 * crafted workbook refused as 文件; a file that outgrows the worker's heap refused too, and the
 * next upload served by a fresh worker), and single sheets rendered through the sheet pool.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, loadTestFont } from '../helpers.js'
import { csvText, form, row, table, utf8, upload, xlsx } from '../roster/fixtures.js'
import { bombXlsx } from '../imports/bomb.js'
import { workerSheetParser, type SheetParsePool } from '../../src/platform/node/sheet-parse-pool.js'
import { workerRenderer, type WorkerPool } from '../../src/platform/node/sheet-pool.js'
import { pdfText } from '../pdf-helpers.js'
import { register } from '../transfer/fixtures.js'

const pools: Array<SheetParsePool | WorkerPool> = []

/** The nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat). */
function threadNice(): { main: number; others: number[] } {
  const nice = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
  const main = nice(readFileSync('/proc/self/stat', 'utf8'))
  const others = readdirSync('/proc/self/task')
    .filter((tid) => tid !== String(process.pid))
    .map((tid) => nice(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')))
  return { main, others }
}
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close()
})

describe('sheet parsing on worker threads', () => {
  it('imports through the pool, refuses the crafted workbook as 文件, and survives a worker that runs out of heap', async () => {
    const t = await createTestApp()
    const parser = workerSheetParser({ threads: 1 })
    pools.push(parser)
    t.deps.sheetParser = parser
    const ok = await upload(t, t.adminToken, await xlsx(table([row(), row()])), '生源.xlsx')
    expect(ok.status, JSON.stringify(ok.data)).toBe(200)
    expect(ok.data).toMatchObject({ total: 2, created: 2 })
    // The parser thread steps back for the request thread (src/platform/node/thread-priority.ts).
    expect(threadNice().main).toBe(0)
    expect(threadNice().others).toContain(10)
    const bomb = await upload(t, t.adminToken, bombXlsx(), '生源.xlsx')
    expect(bomb.status).toBe(400)
    expect(bomb.data.error.message).toMatch(/^文件：有一行内容过长/)
    // Missing headers still come back with their details from the worker.
    const missing = await t.json('POST', '/api/v1/graduates/import', {
      token: t.adminToken,
      body: form(utf8('姓名,电话\n张三,1\n'), 'x.csv'),
    })
    expect(missing.status).toBe(400)
    expect(missing.data.error.message).toMatch(/缺少必需的列/)

    // A worker whose heap is too small for the file dies; the upload is a bad 文件, not a crash.
    const tiny = workerSheetParser({ threads: 1, heapMb: 8, youngMb: 1 })
    pools.push(tiny)
    t.deps.sheetParser = tiny
    // An XLSX's shared-string table is held whole while its rows are read: 2,000 distinct 备注
    // of 5,000 characters (10 million characters) outgrow the 8 MB heap on any Node. (A CSV no longer
    // does: its rows stream, and Node 24 keeps a large decoded text off the V8 heap.)
    const note = '备'.repeat(5_000)
    const rows = table(Array.from({ length: 2_000 }, () => row())).map((r, i) => [...r, i ? `${i}${note}` : '备注'])
    const big = await upload(t, t.adminToken, await xlsx(rows), '大表.xlsx')
    expect(big.status, JSON.stringify(big.data)).toBe(400)
    expect(big.data.error.message).toMatch(/^文件：内容过大或结构异常/)
    // The same pool serves the next upload with a fresh worker.
    const after = await upload(t, t.adminToken, utf8(csvText(table([row()]))), '生源.csv')
    expect(after.status, JSON.stringify(after.data)).toBe(200)
  }, 120_000)
})

describe('single sheets through the sheet pool', () => {
  it('renders the one-graduate 转递单 through the handed-in renderer', async () => {
    const t = await createTestApp()
    const pool = workerRenderer(await loadTestFont(), { threads: 1 })
    pools.push(pool)
    let rendered = 0
    t.deps.sheetRenderer = { concurrency: pool.concurrency, render: (d) => (rendered++, pool.render(d)) }
    const g = await insertGraduate(t, { name: '钱学森' })
    await register(t, g.id)
    const gen = await t.json('POST', '/api/v1/transfer-numbers/generate', { token: t.adminToken, body: {} })
    expect(gen.status).toBe(200)
    const res = await t.request('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(rendered).toBe(1)
    expect(threadNice().main).toBe(0)
    expect(threadNice().others).toContain(10)
    expect((await pdfText(new Uint8Array(await res.arrayBuffer()))).join('')).toContain('钱学森')
  }, 60_000)
})
