/**
 * The `Statements` port (src/deps.ts): a few fixed SQL texts, each prepared once and reused.
 *
 * Why: the public lookup must serve thousands of requests a second. Compiling a Kysely query and
 * preparing its SQL on every request costs about as much as the rest of the request together; a
 * reused prepared statement does not (measurements in BENCHMARKS.md). The port takes plain SQL
 * and positional parameters, so the same text runs on better-sqlite3, D1 and through Kysely.
 */
import { CompiledQuery } from 'kysely'
import type { Db } from './schema.js'
import type { Statements } from '../deps.js'

/** Anywhere: the same SQL through Kysely (prepared per call). The fallback when no port is given. */
export function kyselyStatements(db: Db): Statements {
  return {
    async first<T>(sql: string, params: readonly unknown[]) {
      const r = await db.executeQuery<T>(CompiledQuery.raw(sql, params as unknown[]))
      return r.rows[0]
    },
  }
}
