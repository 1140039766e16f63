/**
 * `GET /healthz` asks the database (503 in the error shape when it does not answer), and the
 * backups of issue 13 item 4: `npm run backup -- DIR` while another connection keeps writing,
 * then the README's restore (copy the file back over DATABASE_PATH, start) with every row that
 * was committed before the backup began, and the pruning of scheduled backups.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createTestApp } from '../helpers.js'
import { openSqlite, migrate } from '../../src/platform/node/sqlite.js'
import { backupName, listBackups, pruneBackups } from '../../src/platform/node/backup.js'

const ROOT = join(import.meta.dirname, '..', '..')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('GET /healthz', () => {
  it('answers 200 while the database answers, 503 in the error shape when it does not', async () => {
    const t = await createTestApp()
    const ok = await t.json('GET', '/healthz')
    expect(ok.status).toBe(200)
    expect(ok.data).toEqual({ ok: true })
    t.sqlite.close()
    const down = await t.json('GET', '/healthz')
    expect(down.status).toBe(503)
    expect(down.data).toEqual({ error: { code: 'service_unavailable', message: expect.stringMatching(/数据库/) } })
  })
})

describe('backups', () => {
  it('npm run backup copies a consistent database while it is written; restored, every row committed before is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-backup-'))
    dirs.push(dir)
    const dbPath = join(dir, 'q.db')
    const store = openSqlite(dbPath)
    migrate(store.sqlite)
    // A table of our own in the real schema's file, filled in many small transactions.
    store.sqlite.exec('CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)')
    const insert = store.sqlite.prepare('INSERT INTO backup_probe (payload) VALUES (?)')
    const bulk = store.sqlite.transaction((n: number) => {
      for (let i = 0; i < n; i++) insert.run('行'.repeat(200))
    })
    bulk(20_000)
    const committedBefore = 20_000
    // Keep writing from this connection while the backup process copies.
    let writing = true
    const writer = (async () => {
      while (writing) {
        bulk(200)
        await new Promise((r) => setImmediate(r))
      }
    })()
    const backupDir = join(dir, 'backups')
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const p = spawn('npm', ['run', 'backup', '--', backupDir], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: dbPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let text = ''
      p.stdout.on('data', (d) => (text += d))
      p.stderr.on('data', (d) => (text += d))
      p.on('exit', (code) => resolve({ code, text }))
    })
    writing = false
    await writer
    const total = (store.sqlite.prepare('SELECT count(*) AS n FROM backup_probe').get() as { n: number }).n
    await store.close()
    expect(out.code, out.text).toBe(0)
    const names = listBackups(backupDir)
    expect(names).toHaveLength(1)
    expect(names[0]).toMatch(/^quxiang-\d{8}-\d{6}\.db$/)
    expect(out.text).toContain(names[0])

    // Restore as the README says: the service stopped, the backup copied over DATABASE_PATH.
    const restored = join(dir, 'restored.db')
    writeFileSync(restored, '')
    copyFileSync(join(backupDir, names[0]), restored)
    const db = new Database(restored)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const probe = db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM backup_probe').get() as {
      n: number
      lo: number
      hi: number
    }
    // One consistent moment: rows 1..hi with no gap, at least every row committed before it began.
    expect(probe.lo).toBe(1)
    expect(probe.n).toBe(probe.hi)
    expect(probe.n).toBeGreaterThanOrEqual(committedBefore)
    expect(probe.n).toBeLessThanOrEqual(total)
    db.close()
    // The restored file opens as a database of the service: nothing left to migrate.
    const again = openSqlite(restored)
    expect(migrate(again.sqlite)).toEqual([])
    expect(await again.db.selectFrom('schools').select('id').execute()).toEqual([])
    await again.close()
  }, 120_000)

  it('names backups by Beijing time and keeps the newest BACKUP_KEEP', () => {
    expect(backupName(new Date('2026-06-15T02:15:00Z'))).toBe('quxiang-20260615-101500.db')
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-prune-'))
    dirs.push(dir)
    for (const h of ['01', '02', '03', '04']) writeFileSync(join(dir, `quxiang-20260615-${h}0000.db`), 'x')
    writeFileSync(join(dir, 'notes.txt'), 'kept')
    expect(pruneBackups(dir, 2)).toEqual(['quxiang-20260615-010000.db', 'quxiang-20260615-020000.db'])
    expect(listBackups(dir)).toEqual(['quxiang-20260615-030000.db', 'quxiang-20260615-040000.db'])
  })
})
