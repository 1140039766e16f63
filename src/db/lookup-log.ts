/**
 * The lookup log sink. Entries are buffered and written in batches (one multi-row INSERT) so a
 * lookup never waits on a write; `flush()` runs on a timer, when the buffer fills, and on a
 * clean shutdown, so no entry is lost when the process stops normally.
 */
import type { Db } from './schema.js'
import { insertJsonRows } from './batch.js'
import type { LookupLog, LookupLogEntry } from '../deps.js'

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
    writing = writing.then(async () => {
      for (let i = 0; i < entries.length; i += 1000) {
        const rows = entries
          .slice(i, i + 1000)
          .map((e) => [e.at, e.number, e.kind, e.outcome, e.graduate_id, e.client_hash])
        await db.executeQuery(
          insertJsonRows('lookups', ['at', 'number', 'kind', 'outcome', 'graduate_id', 'client_hash'], rows),
        )
      }
    })
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
