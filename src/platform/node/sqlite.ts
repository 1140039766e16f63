/**
 * The Node side of the database: better-sqlite3 behind Kysely, the migrator, and the batch port
 * as a transaction. Imported only by the Node entry, tests and benchmarks — never by app code.
 */
import { readdirSync, readFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, type CompiledQuery, type QueryResult } from 'kysely'
import type { Database } from '../../db/schema.js'
import { compile, type Batch } from '../../db/batch.js'

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'migrations')

export interface Migration {
  name: string
  sql: string
}

let cached: Migration[] | undefined
/** The migration files, in order; read once per process. */
function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR && cached) return cached
  const list = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }))
  if (dir === MIGRATIONS_DIR) cached = list
  return list
}

/**
 * Applies pending migrations, recording them in `d1_migrations` — the same table, with the same
 * columns, that `wrangler d1 migrations apply` keeps — so both runtimes agree on what ran.
 */
export function migrate(sqlite: BetterSqlite3.Database, migrations = readMigrations()): string[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`)
  const done = new Set(sqlite.prepare('SELECT name FROM d1_migrations').pluck().all() as string[])
  const applied: string[] = []
  for (const m of migrations) {
    if (done.has(m.name)) continue
    sqlite.transaction(() => {
      sqlite.exec(m.sql)
      sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(m.name)
    })()
    applied.push(m.name)
  }
  return applied
}

export interface SqliteDatabase {
  sqlite: BetterSqlite3.Database
  db: Kysely<Database>
  batch: Batch
  close(): Promise<void>
}

export function openSqlite(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new BetterSqlite3(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Reads of a large database (1,000,000 graduates) touch a few dozen pages per lookup: a 64 MiB
  // page cache and memory-mapped reads (no read() system call per page) make that several times
  // cheaper (the lookup benchmark, bench/lookup.bench.ts). mmap is address space, not memory.
  sqlite.pragma('cache_size = -65536')
  sqlite.pragma('mmap_size = 4294967296')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  const batch: Batch = async (queries) => {
    const compiled = queries.map(compile)
    // better-sqlite3 is synchronous: running the statements inside one `transaction()` call makes
    // them atomic without holding Kysely's connection across awaits. BEGIN IMMEDIATE: with several
    // serving processes on one file (WAL), a transaction that read first and then writes could
    // not wait for another process's write (SQLITE_BUSY_SNAPSHOT is not retried); taking the
    // write lock up front lets busy_timeout queue the batches instead.
    return sqlite.transaction(() => compiled.map((q) => runCompiled(sqlite, q))).immediate()
  }
  return { sqlite, db, batch, close: () => db.destroy() }
}

function runCompiled(sqlite: BetterSqlite3.Database, q: CompiledQuery): QueryResult<unknown> {
  const stmt = sqlite.prepare(q.sql)
  const params = q.parameters as unknown[]
  if (stmt.reader) return { rows: stmt.all(...params) }
  const r = stmt.run(...params)
  return { rows: [], numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid) }
}
