/**
 * The lookup log on Node with a database file: entries are buffered on the request thread and
 * written by a worker thread with its own connection (lookup-log-writer.mjs). Node only —
 * imported by the Node entry and the benchmarks, never by app.ts.
 *
 * Why a thread: the log's index is keyed by graduate, so nearly every entry lands on a different
 * index page, and SQLite then writes about one page per entry: 7–10 µs each however the entries
 * are batched (measured on 1,000,000 graduates, BENCHMARKS.md) — about as much as the lookup query
 * itself. On the request thread the next requests in line wait for that; on the writer thread
 * they do not.
 *
 * Why every 2 s: each commit by the writer makes SQLite drop the request thread's page cache, so
 * the next lookups read cold. Measured at a fixed 2,500 lookups/s, the request thread spent about
 * 180 µs per lookup with a commit every 2 s, against about 200 µs every 250 ms or 1 s. The price:
 * an entry reaches the graduate's page up to 2 s later, and a crash (not a clean stop) can lose
 * up to 2 s of entries.
 *
 * Nothing is lost on a clean shutdown: `stop()` sends what is buffered, waits until the writer
 * has committed every batch, then closes its connection. A batch that fails (the database stayed
 * locked past the writer's busy timeout, say) is sent again, as its own batch, up to `attempts`
 * times, and reported on the console each time; if the thread itself dies, its unanswered batches
 * count as failed and the next send starts a new thread. An in-memory database cannot be shared
 * with a thread: use `bufferedLookupLog` (src/db/lookup-log.ts) there.
 */
import { Worker } from 'node:worker_threads'
import type { LookupLog, LookupLogEntry } from '../../deps.js'
import { insertLookups, lookupRow, type LookupRow as Row } from '../../db/lookup-log.js'

export interface ThreadedLookupLog extends LookupLog {
  stop(): Promise<void>
}

interface Batch {
  rows: Row[]
  /** How many times these rows have been sent. */
  tries: number
}

export function threadedLookupLog(
  databasePath: string,
  { intervalMs = 2000, maxEntries = 5000, attempts = 3 } = {},
): ThreadedLookupLog {
  let worker: Worker | null = null
  let buffer: Row[] = []
  /** Failed batches waiting to be sent again, each with its own count of tries. */
  let failedBatches: Batch[] = []
  let seq = 0
  const inFlight = new Map<number, Batch>()
  let waiters: Array<() => void> = []
  let stopped = false

  const failed = (batch: Batch, why: string) => {
    if (batch.tries < attempts) {
      console.error(`查询日志写入失败（第 ${batch.tries} 次），将重试：${why}`)
      failedBatches.push(batch)
    } else {
      console.error(`查询日志写入失败 ${batch.tries} 次，放弃 ${batch.rows.length} 条：${why}`)
    }
  }
  const settle = () => {
    if (inFlight.size > 0) return
    worker?.unref()
    const w = waiters
    waiters = []
    for (const f of w) f()
  }

  const start = () => {
    const w = new Worker(new URL('./lookup-log-writer.mjs', import.meta.url), {
      workerData: { path: databasePath, insert: insertLookups([]).sql },
      execArgv: [],
    })
    w.on('message', (msg: { seq: number; error?: string }) => {
      const batch = inFlight.get(msg.seq)
      inFlight.delete(msg.seq)
      if (msg.error && batch) failed(batch, msg.error)
      settle()
    })
    let error = ''
    w.on('error', (e) => {
      error = e instanceof Error ? e.message : String(e)
      console.error('查询日志写入线程出错：', error)
    })
    w.on('exit', () => {
      if (worker === w) worker = null
      // Batches the thread never answered: failed, to be sent again to a new thread.
      for (const [id, batch] of inFlight) {
        inFlight.delete(id)
        failed(batch, error || '写入线程已退出')
      }
      settle()
    })
    return w
  }

  const post = (batch: Batch) => {
    const id = ++seq
    inFlight.set(id, batch)
    worker ??= start()
    // The thread keeps the process alive while it has batches to write (a shutdown waits for
    // them), and not when it is idle.
    worker.ref()
    worker.postMessage({ seq: id, rows: batch.rows })
  }
  const send = () => {
    const again = failedBatches
    failedBatches = []
    for (const b of again) post({ rows: b.rows, tries: b.tries + 1 })
    if (buffer.length === 0) return
    post({ rows: buffer, tries: 1 })
    buffer = []
  }
  const timer = setInterval(send, intervalMs)
  timer.unref()

  const sendAndWait = () => {
    send()
    if (inFlight.size === 0) return Promise.resolve()
    return new Promise<void>((resolve) => waiters.push(resolve))
  }
  // Failed batches come back to `failedBatches`: keep sending until everything is written or given up.
  const flush = async () => {
    await sendAndWait()
    while (failedBatches.length) await sendAndWait()
  }

  return {
    add(e: LookupLogEntry) {
      if (stopped) return
      buffer.push(lookupRow(e))
      if (buffer.length >= maxEntries) send()
    },
    flush,
    async stop() {
      if (stopped) return
      clearInterval(timer)
      await flush()
      stopped = true
      const w = worker
      if (!w) return
      worker = null
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()))
      w.ref() // until it has closed its connection
      w.postMessage({ type: 'close' })
      await exited
    },
  }
}
