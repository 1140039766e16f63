/**
 * The lookup log's writer thread (src/platform/node/lookup-log-thread.ts), on a real database file: entries are
 * written by the thread, flush() waits for them, stop() loses nothing, and a failing write is
 * retried and reported instead of hanging or crashing the server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { openSqlite, migrate } from '../../src/platform/node/sqlite.js'
import { threadedLookupLog } from '../../src/platform/node/lookup-log-thread.js'
import type { LookupLogEntry } from '../../src/deps.js'

const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'quxiang-log-'))
  dirs.push(dir)
  const path = join(dir, 'q.db')
  const store = openSqlite(path)
  migrate(store.sqlite)
  return { path, store }
}

const entry = (i: number, graduate_id: number | null = i): LookupLogEntry => ({
  at: `2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
  number: `26100012345678${i}`,
  kind: i % 2 ? 'hukou' : 'archive',
  outcome: 'found',
  graduate_id,
  client_hash: `h${i}`,
})
const rows = (store: ReturnType<typeof fileDb>['store']) =>
  store.sqlite.prepare('SELECT at, number, kind, outcome, graduate_id, client_hash FROM lookups ORDER BY number').all()

describe('threadedLookupLog', () => {
  it('writes entries on its thread; flush() waits for them, in any order of graduates', async () => {
    const { path, store } = fileDb()
    const log = threadedLookupLog(path, { intervalMs: 60_000 })
    const added = [entry(3), entry(1), entry(2, null)]
    for (const e of added) log.add(e)
    expect(rows(store)).toHaveLength(0) // buffered, not yet written
    await log.flush()
    expect(rows(store)).toEqual([...added].sort((a, b) => a.number.localeCompare(b.number)))
    await log.stop()
    await store.close()
  })

  it('sends a full buffer without waiting for the timer, and stop() writes the rest before the thread ends', async () => {
    const { path, store } = fileDb()
    const log = threadedLookupLog(path, { intervalMs: 60_000, maxEntries: 10 })
    for (let i = 0; i < 25; i++) log.add(entry(i))
    await vi.waitFor(() => expect(rows(store).length).toBeGreaterThanOrEqual(20))
    await log.stop()
    expect(rows(store)).toHaveLength(25)
    log.add(entry(99)) // after stop: ignored, not thrown
    await log.stop() // a second stop is harmless
    expect(rows(store)).toHaveLength(25)
    await store.close()
  })

  it('retries a failed write, reports it, and resolves flush() instead of hanging', async () => {
    const { path, store } = fileDb()
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)))
    store.sqlite.exec('ALTER TABLE lookups RENAME TO lookups_away')
    const log = threadedLookupLog(path, { intervalMs: 60_000, attempts: 3 })
    log.add(entry(1))
    await log.flush()
    expect(errors).toHaveLength(3)
    expect(errors[0]).toContain('查询日志写入失败（第 1 次），将重试')
    expect(errors[2]).toContain('放弃 1 条')
    // Once the table is back, later entries are written again.
    store.sqlite.exec('ALTER TABLE lookups_away RENAME TO lookups')
    log.add(entry(2))
    await log.stop()
    expect(rows(store).map((r: any) => r.number)).toEqual([entry(2).number])
    await store.close()
  })
  it('survives a writer thread that dies: its batches count as failed and a new thread is started', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void errors.push(m.map(String).join(' ')))
    // A database in a folder that does not exist: the thread fails as it opens it.
    const log = threadedLookupLog(join(tmpdir(), 'quxiang-no-such-folder', 'x', 'q.db'), {
      intervalMs: 60_000,
      attempts: 2,
    })
    log.add(entry(1))
    await log.flush()
    expect(errors.filter((e) => e.includes('写入线程出错'))).toHaveLength(2) // one thread per attempt
    expect(errors.some((e) => e.includes('放弃 1 条'))).toBe(true)
    await log.stop()
  })
  it('stop() in a process with nothing else to do still waits for the thread to finish (no early exit)', async () => {
    const { path, store } = fileDb()
    await store.close()
    // An idle writer does not hold the process open; stop() must, until the thread is done.
    const script = `
      import { threadedLookupLog } from ${JSON.stringify(new URL('../../src/platform/node/lookup-log-thread.ts', import.meta.url).href)}
      const log = threadedLookupLog(${JSON.stringify(path)}, { intervalMs: 60_000 })
      log.add({ at: 'a', number: 'N1', kind: 'archive', outcome: 'found', graduate_id: 1, client_hash: 'h' })
      await log.flush()
      log.add({ at: 'b', number: 'N2', kind: 'archive', outcome: 'found', graduate_id: 2, client_hash: 'h' })
      await log.stop()
      console.log('stopped')`
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(out.trim()).toBe('stopped')
    const check = openSqlite(path)
    expect(check.sqlite.prepare('SELECT number FROM lookups ORDER BY number').all()).toEqual([
      { number: 'N1' },
      { number: 'N2' },
    ])
    await check.close()
  })
})
