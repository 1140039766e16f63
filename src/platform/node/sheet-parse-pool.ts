/**
 * Uploaded sheets parsed on worker threads — Node only (handed to the app as `deps.sheetParser`;
 * issue 13 item 1, issue 19 item 1). Why: parsing a 50,000-row workbook is seconds of CPU, and a
 * hostile one (a 1.2 MB file inflating to 1.2 GB) once ran the request thread's heap out. Here a
 * job runs in a worker whose heap is capped (resourceLimits): if a file still outgrows it, only
 * that worker dies, its upload is refused as a bad 文件 (400), and the next job gets a new worker;
 * the request thread keeps answering meanwhile.
 *
 * One job per worker at a time, at most `threads` workers (more uploads wait their turn); rows
 * come back in chunks of 1,000, one chunk read ahead, so the worker never runs far ahead of the
 * import storing them. Workers start on first use and stop after `idleMs` idle.
 */
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../errors.js'
import type { SheetParser } from '../../imports/parser.js'
import type { SheetRow } from '../../imports/sheet-row.js'
import { bundledWorker } from './worker-module.js'

export interface SheetParsePool extends SheetParser {
  close(): Promise<void>
}

interface Reply {
  id: number
  rows?: SheetRow[]
  done?: boolean
  cancelled?: boolean
  error?: { code?: ErrorCode; message: string; field?: string; details?: unknown }
}

const outgrown = () =>
  new AppError('validation_error', '文件：内容过大或结构异常，读取时超出内存上限，请检查文件或拆分后上传', {
    field: 'file',
  })

export function workerSheetParser({ threads = 2, idleMs = 30_000, heapMb = 192, youngMb = 16 } = {}): SheetParsePool {
  interface Slot {
    worker: Promise<Worker>
    onReply: ((r: Reply) => void) | null
    onDeath: ((e: Error) => void) | null
    dead: boolean
  }
  const idle: Slot[] = []
  let live = 0
  const waiting: Array<(s: Slot) => void> = []
  let seq = 0
  let idleTimer: ReturnType<typeof setTimeout> | undefined

  const start = async () => {
    const mod = await bundledWorker(new URL('./sheet-parse-worker.ts', import.meta.url))
    const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb } }
    return mod
      ? new Worker(mod, { ...options, execArgv: [] })
      : new Worker(new URL('./sheet-parse-boot.mjs', import.meta.url), options)
  }

  const spawn = (): Slot => {
    live++
    const slot: Slot = { worker: start(), onReply: null, onDeath: null, dead: false }
    const die = (e: Error) => {
      if (slot.dead) return
      slot.dead = true
      live--
      const i = idle.indexOf(slot)
      if (i >= 0) idle.splice(i, 1)
      slot.onDeath?.(e)
      // Someone waiting gets a fresh worker in its place.
      const next = waiting.shift()
      if (next) next(spawn())
    }
    slot.worker.then(
      (w) => {
        w.on('message', (r: Reply) => slot.onReply?.(r))
        w.on('error', (e) => die(e))
        w.on('exit', (code) => die(new Error(`sheet parse worker exited with ${code}`)))
      },
      (e) => die(e instanceof Error ? e : new Error(String(e))),
    )
    return slot
  }

  const acquire = (): Promise<Slot> => {
    clearTimeout(idleTimer)
    const s = idle.pop()
    if (s) return Promise.resolve(s)
    if (live < threads) return Promise.resolve(spawn())
    return new Promise((resolve) => waiting.push(resolve))
  }

  const release = (slot: Slot) => {
    slot.onReply = null
    slot.onDeath = null
    if (slot.dead) return
    const next = waiting.shift()
    if (next) return next(slot)
    idle.push(slot)
    void slot.worker.then((w) => w.unref())
    if (idle.length === live) {
      clearTimeout(idleTimer)
      idleTimer = setTimeout(() => void stopIdle(), idleMs)
      idleTimer.unref?.()
    }
  }

  const stopIdle = async () => {
    const ws = idle.splice(0)
    for (const s of ws) {
      s.dead = true
      live--
    }
    await Promise.all(ws.map(async (s) => (await s.worker).terminate()))
  }

  async function* open(bytes: Uint8Array, filename: string, maxRows: number): AsyncGenerator<SheetRow> {
    const slot = await acquire()
    const w = await slot.worker.catch(() => null)
    if (!w || slot.dead) throw outgrown()
    w.ref()
    const id = ++seq
    // Replies arrive in order; each `next` asked for is one reply.
    const replies: Reply[] = []
    let wake: (() => void) | null = null
    let death: Error | null = null
    slot.onReply = (r) => {
      if (r.id !== id) return
      replies.push(r)
      wake?.()
    }
    slot.onDeath = (e) => {
      death = e
      wake?.()
    }
    const take = async (): Promise<Reply> => {
      while (!replies.length) {
        if (death) throw outgrown()
        await new Promise<void>((r) => (wake = r))
        wake = null
      }
      return replies.shift()!
    }
    let finished = false
    try {
      w.postMessage({ type: 'open', id, bytes, filename, maxRows })
      w.postMessage({ type: 'next', id })
      for (;;) {
        const r = await take()
        if (r.error) {
          finished = true
          throw r.error.code
            ? new AppError(r.error.code, r.error.message, { field: r.error.field, details: r.error.details })
            : outgrown()
        }
        if (r.done) finished = true
        // Read one chunk ahead while this one is stored.
        else w.postMessage({ type: 'next', id })
        for (const row of r.rows ?? []) yield row
        if (r.done) return
      }
    } finally {
      if (!finished && !slot.dead) {
        // Stopped early (a header-only read, an import that failed): end the job, wait for the
        // worker to say so, then hand it on.
        w.postMessage({ type: 'cancel', id })
        try {
          for (;;) if ((await take()).cancelled) break
        } catch {}
      }
      release(slot)
    }
  }

  return {
    open,
    async close() {
      clearTimeout(idleTimer)
      await stopIdle()
    },
  }
}
