/**
 * The `Statements` port (src/env.ts): a few fixed SQL texts, each prepared once and reused.
 *
 * Why: the public lookup must serve thousands of requests a second. Compiling a Kysely query and
 * preparing its SQL on every request costs about as much as the rest of the request together; a
 * reused prepared statement does not (measurements in BENCHMARKS.md). The port takes plain SQL
 * and positional parameters, so the same text runs on better-sqlite3, D1 and through Kysely.
 */
import { CompiledQuery } from 'kysely'
import type { Db } from '../db/schema.js'
import type { Statements } from '../deps.js'

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

/** The part of a D1Database this port needs. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): { first<T>(): Promise<T | null> } }
}

/** Workers: D1 statements (D1 caches prepared statements itself; we keep the handle anyway). */
export function d1Statements(d1: D1Like): Statements {
  const cache = new Map<string, ReturnType<D1Like['prepare']>>()
  return {
    async first<T>(sql: string, params: readonly unknown[]) {
      let stmt = cache.get(sql)
      if (!stmt) {
        stmt = d1.prepare(sql)
        cache.set(sql, stmt)
      }
      return (await stmt.bind(...params).first<T>()) ?? undefined
    },
  }
}

/** Anywhere: the same SQL through Kysely (prepared per call). The fallback when no port is given. */
export function kyselyStatements(db: Db): Statements {
  return {
    async first<T>(sql: string, params: readonly unknown[]) {
      const r = await db.executeQuery<T>(CompiledQuery.raw(sql, params as unknown[]))
      return r.rows[0]
    },
  }
}
