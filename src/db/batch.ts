/**
 * The batch port. D1 has no interactive transactions, so every multi-row change is written as
 * one batch of compiled statements: on SQLite it runs inside one transaction, on D1 through
 * `D1Database.batch()`, which D1 also runs atomically. Either way all statements land or none.
 */
import type { CompiledQuery, Compilable, QueryResult } from 'kysely'

export type Batch = (queries: Array<CompiledQuery | Compilable>) => Promise<QueryResult<unknown>[]>

export const compile = (q: CompiledQuery | Compilable): CompiledQuery =>
  'compile' in q && typeof q.compile === 'function' ? q.compile() : (q as CompiledQuery)
