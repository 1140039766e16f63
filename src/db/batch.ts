/**
 * The batch port. D1 has no interactive transactions, so every multi-row change is written as
 * one batch of compiled statements: on SQLite it runs inside one transaction, on D1 through
 * `D1Database.batch()`, which D1 also runs atomically. Either way all statements land or none.
 */
import { CompiledQuery, sql, type Compilable, type QueryResult } from 'kysely'

export type Batch = (queries: Array<CompiledQuery | Compilable>) => Promise<QueryResult<unknown>[]>

export const compile = (q: CompiledQuery | Compilable): CompiledQuery =>
  'compile' in q && typeof q.compile === 'function' ? q.compile() : (q as CompiledQuery)

/**
 * Multi-row writes with ONE bound parameter: the rows travel as a JSON array and SQLite's
 * `json_each` unpacks them. D1 allows only 100 bound parameters per statement (SQLite 32,766),
 * so `VALUES (?, ?), (?, ?) …` with hundreds of rows fails there; this form works on both and is
 * as fast on SQLite. `WHERE true` lets an ON CONFLICT tail parse after INSERT … SELECT.
 */
export function insertJsonRows(
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  tail = '',
): CompiledQuery {
  const select = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')
  return CompiledQuery.raw(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM json_each(?) WHERE true${tail}`,
    [JSON.stringify(rows)],
  )
}

/** `x IN (SELECT value FROM json_each(?))`: a list of any length as one parameter. */
export const jsonList = <T>(values: readonly T[]) => sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`
