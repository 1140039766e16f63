/**
 * The Workers side of the database: Cloudflare D1 behind Kysely (the maintained `kysely-d1`
 * dialect) and the batch port as `D1Database.batch()`. Imported only by the Workers entry.
 *
 * D1 has no interactive transactions (kysely-d1's `transaction()` throws): a multi-row change is
 * one `batch()` of compiled statements, which D1 runs as one implicit transaction — if any
 * statement fails, none of them is applied.
 *
 * D1 limits that callers must respect (https://developers.cloudflare.com/d1/platform/limits/):
 * at most 100 bound parameters per statement and 100 KB of SQL per statement, so bulk inserts
 * must be chunked (`D1_MAX_PARAMS`).
 */
import { Kysely, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types/index'
import type { Database } from '../../db/schema.js'
import { compile, type Batch } from '../../db/batch.js'

export interface D1Store {
  db: Kysely<Database>
  batch: Batch
}

export function openD1(d1: D1Database): D1Store {
  const db = new Kysely<Database>({ dialect: new QuietD1Dialect({ database: d1 as never }) })
  const batch: Batch = async (queries) => {
    if (queries.length === 0) return []
    const statements = queries.map((q) => prepare(d1, compile(q)))
    const results = await d1.batch(statements)
    return results.map((r): QueryResult<unknown> => {
      const changes = r.meta?.changes ?? 0
      const lastRowId = r.meta?.last_row_id
      return {
        rows: r.results ?? [],
        numAffectedRows: BigInt(changes),
        insertId: lastRowId === undefined || lastRowId === null ? undefined : BigInt(lastRowId),
      }
    })
  }
  return { db, batch }
}

function prepare(d1: D1Database, q: CompiledQuery): D1PreparedStatement {
  // D1 binds numbers, strings, null and ArrayBuffers; Kysely's parameters are already those,
  // except booleans (SQLite has none) and bigints, which D1 refuses.
  const params = (q.parameters as unknown[]).map((p) =>
    typeof p === 'boolean' ? (p ? 1 : 0) : typeof p === 'bigint' ? Number(p) : p,
  )
  return d1.prepare(q.sql).bind(...params)
}

/**
 * kysely-d1 0.4.0 also returns the deprecated `numUpdatedOrDeletedRows`, which makes Kysely 0.28
 * log an "outdated driver" warning in every isolate. Same driver, that one field dropped.
 */
class QuietD1Dialect extends D1Dialect {
  override createDriver(): Driver {
    const driver = super.createDriver()
    const acquire = driver.acquireConnection.bind(driver)
    driver.acquireConnection = async (): Promise<DatabaseConnection> => {
      const conn = await acquire()
      const execute = conn.executeQuery.bind(conn)
      conn.executeQuery = async (q) => {
        const r = (await execute(q)) as QueryResult<never> & { numUpdatedOrDeletedRows?: bigint }
        delete r.numUpdatedOrDeletedRows
        return r
      }
      return conn
    }
    return driver
  }
}
