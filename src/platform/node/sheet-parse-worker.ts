/**
 * A worker thread that parses uploaded sheets (Node only; started by sheet-parse-pool.ts). One
 * job at a time: { type: 'open', id, bytes, filename, maxRows } starts it, each { type: 'next' }
 * is answered with the next chunk of rows ({ id, rows, done }), { type: 'cancel' } ends it. An
 * AppError (a bad 文件) travels as its fields; the pool rebuilds it.
 */
import { parentPort } from 'node:worker_threads'
import { openSheet } from '../../imports/parser.js'
import type { SheetRow } from '../../imports/sheet-row.js'
import { AppError } from '../../errors.js'
import { yieldToRequests } from './thread-priority.js'

yieldToRequests()

const CHUNK_ROWS = 1000

let job: { id: number; rows: AsyncGenerator<SheetRow> } | null = null

const fail = (id: number, e: unknown) => {
  if (job?.id === id) job = null
  parentPort!.postMessage({
    id,
    error:
      e instanceof AppError
        ? { code: e.code, message: e.message, field: e.extra.field, details: e.extra.details }
        : { message: e instanceof Error ? e.message : String(e) },
  })
}

parentPort!.on(
  'message',
  async (msg: {
    type: 'open' | 'next' | 'cancel'
    id: number
    bytes?: Uint8Array
    filename?: string
    maxRows?: number
  }) => {
    if (msg.type === 'open') {
      job = { id: msg.id, rows: openSheet(msg.bytes!, msg.filename!, msg.maxRows!) }
      return
    }
    if (!job || job.id !== msg.id) return
    if (msg.type === 'cancel') {
      const j = job
      job = null
      await j.rows.return(undefined).catch(() => {})
      parentPort!.postMessage({ id: msg.id, cancelled: true })
      return
    }
    const j = job
    const rows: SheetRow[] = []
    try {
      for (;;) {
        const n = await j.rows.next()
        if (n.done) {
          if (job === j) job = null
          parentPort!.postMessage({ id: msg.id, rows, done: true })
          return
        }
        rows.push(n.value)
        if (rows.length >= CHUNK_ROWS) break
      }
      parentPort!.postMessage({ id: msg.id, rows, done: false })
    } catch (e) {
      fail(msg.id, e)
    }
  },
)
