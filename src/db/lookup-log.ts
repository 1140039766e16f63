/**
 * The lookup log's one INSERT, and the sink that buffers entries for it. Every runtime writes the
 * log through `insertLookups` — the Node writer thread (src/platform/node/lookup-log-thread.ts),
 * Workers (src/worker.ts) and `bufferedLookupLog` below — so the columns are named in one place.
 *
 * The sink: entries are buffered and written in batches (one multi-row INSERT) so a lookup never
 * waits on a write; `flush()` runs on a timer, when the buffer fills, and on a clean shutdown, so
 * no entry is lost when the process stops normally.
 */
import type { Db } from './schema.js'
import { insertJsonRows } from './batch.js'
import type { LookupLog, LookupLogEntry } from '../deps.js'

const COLUMNS = ['at', 'number', 'kind', 'outcome', 'graduate_id', 'client_hash'] as const

/** One entry as the INSERT takes it: the columns in their order. */
export type LookupRow = [string, string, string, string, number | null, string]
export const lookupRow = (e: LookupLogEntry): LookupRow => [
  e.at,
  e.number,
  e.kind,
  e.outcome,
  e.graduate_id,
  e.client_hash,
]

/** The INSERT of any number of rows as ONE parameter (their JSON), so it fits D1's 100-parameter cap too. */
export const insertLookups = (rows: readonly LookupRow[]) => insertJsonRows('lookups', COLUMNS, rows)

/** Entries per INSERT: about 100 KB of JSON. */
const ROWS_PER_INSERT = 1000

export async function writeLookupEntries(db: Db, entries: readonly LookupLogEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT)
    await db.executeQuery(insertLookups(entries.slice(i, i + ROWS_PER_INSERT).map(lookupRow)))
}

export function bufferedLookupLog(
  db: Db,
  { maxEntries = 500, intervalMs = 250, timers = true } = {},
): LookupLog & { stop(): Promise<void> } {
  let buffer: LookupLogEntry[] = []
  let writing: Promise<void> = Promise.resolve()
  const flush = async () => {
    if (buffer.length === 0) return writing
    const entries = buffer
    buffer = []
    writing = writing.then(() => writeLookupEntries(db, entries))
    return writing
  }
  const timer = timers
    ? setInterval(() => void flush().catch((e) => console.error('lookup log flush failed', e)), intervalMs)
    : undefined
  ;(timer as { unref?: () => void } | undefined)?.unref?.()
  return {
    add(entry) {
      buffer.push(entry)
      if (buffer.length >= maxEntries) void flush()
    },
    flush,
    async stop() {
      if (timer) clearInterval(timer)
      await flush()
    },
  }
}
