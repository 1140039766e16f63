/** The `Statements` port on Workers: D1 statements (see src/db/statements.ts). */
import type { Statements } from '../../deps.js'

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
