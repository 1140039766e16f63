/**
 * Backups of the one SQLite file (issue 13 item 4, contract §1 `npm run backup -- DIR`).
 *
 * SQLite's online backup API (better-sqlite3's `.backup()`) copies the database while other
 * connections keep reading and writing: the copy is one consistent state of the database
 * (https://sqlite.org/backup.html), taken in one step within one read snapshot.
 * It is written under a temporary name and renamed when complete, so a file named
 * `quxiang-YYYYMMDD-HHMMSS.db` is always a whole backup. Names carry Beijing time, as people read
 * it, and sort by time. The copy is a plain database file (not WAL-dependent): restoring is
 * copying it back over DATABASE_PATH while the service is stopped (README, "Backups").
 */
import BetterSqlite3 from 'better-sqlite3'
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const NAME = /^quxiang-(\d{8})-(\d{6})(?:-(\d+))?\.db$/

/** `quxiang-20260615-101500.db` for 2026-06-15 10:15:00 Beijing time. */
export function backupName(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000).toISOString()
  return `quxiang-${b.slice(0, 10).replace(/-/g, '')}-${b.slice(11, 19).replace(/:/g, '')}.db`
}

/** Copies the database at `databasePath` into `dir`; returns the backup's path. */
export async function backupDatabase(databasePath: string, dir: string, now = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true })
  let name = backupName(now)
  // Two backups in one second (a manual one beside the scheduled one) keep both.
  for (let i = 2; exists(join(dir, name)); i++) name = backupName(now).replace(/\.db$/, `-${i}.db`)
  const target = join(dir, name)
  const partial = `${target}.partial`
  // Not read-only: a read-only connection cannot open a WAL database whose -shm file is missing.
  const source = new BetterSqlite3(databasePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 10000')
    // All remaining pages in one step: a write by another connection between steps would make
    // SQLite start the copy over, and a service that keeps writing would never let it finish.
    // One step reads one snapshot (WAL: the serving processes keep reading and writing meanwhile).
    await source.backup(partial, { progress: ({ remainingPages }) => Math.max(remainingPages, 100) })
  } catch (e) {
    rmSync(partial, { force: true })
    throw e
  } finally {
    source.close()
  }
  // The copy is left in rollback-journal mode, a single self-contained file.
  const copy = new BetterSqlite3(partial)
  try {
    copy.pragma('journal_mode = DELETE')
    const ok = copy.pragma('quick_check', { simple: true })
    if (ok !== 'ok') throw new Error(`备份文件校验失败：${ok}`)
  } finally {
    copy.close()
  }
  renameSync(partial, target)
  return target
}

const exists = (p: string) => {
  try {
    statSync(p)
    return true
  } catch {
    return false
  }
}

/** The backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names.filter((n) => NAME.test(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Deletes all but the newest `keep` backups in `dir`; returns the names deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir)
  const gone = all.slice(0, Math.max(0, all.length - keep))
  for (const n of gone) rmSync(join(dir, n), { force: true })
  return gone
}

/**
 * Scheduled backups (BACKUP_DIR, BACKUP_INTERVAL_H, BACKUP_KEEP), run by the supervising
 * process: the first one interval after start, then every interval; each keeps the newest
 * `keep`. A failure is printed and the next one tried on time.
 */
export function scheduleBackups(
  databasePath: string,
  { dir, intervalH, keep }: { dir: string; intervalH: number; keep: number },
): { stop(): void; runNow(): Promise<string | null> } {
  let running: Promise<string | null> | null = null
  const runNow = () =>
    (running ??= backupDatabase(databasePath, dir)
      .then((path) => {
        const gone = pruneBackups(dir, keep)
        console.log(`已备份数据库：${path}${gone.length ? `（删除较早的 ${gone.length} 份）` : ''}`)
        return path
      })
      .catch((e) => {
        console.error('定时备份失败：', e instanceof Error ? e.message : e)
        return null
      })
      .finally(() => {
        running = null
      }))
  const timer = setInterval(() => void runNow(), intervalH * 3600_000)
  timer.unref()
  return { stop: () => clearInterval(timer), runNow }
}
