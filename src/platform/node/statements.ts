/** The `Statements` port on Node: better-sqlite3 statements prepared once (see src/db/statements.ts). */
import type { Statements } from '../../deps.js'

/** The part of a better-sqlite3 Database this port needs (structural: no import of the addon). */
export interface SyncSqlite {
  prepare(sql: string): { get(...params: unknown[]): unknown }
}

/** Node: better-sqlite3 statements, prepared on first use and cached by their SQL text. */
export function sqliteStatements(sqlite: SyncSqlite): Statements {
  const cache = new Map<string, { get(...params: unknown[]): unknown }>()
  return {
    first<T>(sql: string, params: readonly unknown[]) {
      let stmt = cache.get(sql)
      if (!stmt) {
        stmt = sqlite.prepare(sql)
        cache.set(sql, stmt)
      }
      try {
        return Promise.resolve(stmt.get(...params) as T | undefined)
      } catch (e) {
        return Promise.reject(e)
      }
    },
  }
}
