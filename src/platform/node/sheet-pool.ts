/**
 * A pool of worker threads rendering sheets — Node only: imported by the Node entry and the
 * benchmarks, never by app.ts, so the Workers bundle does not see `node:worker_threads`.
 *
 * Why: a sheet costs a few milliseconds of pure CPU; a 10,000-sheet ZIP on one thread leaves the
 * other core idle. The request's thread keeps reading rows and writing the ZIP; the workers render.
 * The font bytes live in one SharedArrayBuffer that every worker parses for itself.
 *
 * Memory, measured: a worker that loads the project through tsx costs ~30 MB more than one that
 * runs plain JavaScript, and V8 lets an unconstrained worker heap fill with garbage. So the worker
 * (sheet-worker.ts and the three modules it needs) is bundled once per process with esbuild into
 * one in-memory ES module whose package imports point at the installed files, started without the
 * parent's loader flags, with a capped heap. If bundling is not possible the worker falls back to
 * loading the TypeScript through tsx (sheet-worker-boot.mjs). Workers start on first use and stop
 * after a minute idle, so an idle server holds no extra memory.
 */
import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import { bundledWorker } from './worker-module.js'
import type { SheetRenderer } from '../../documents/renderer.js'
import type { SheetData } from '../../documents/sheet.js'

interface Pending {
  resolve(pdf: Uint8Array): void
  reject(e: Error): void
}

export interface WorkerPool extends SheetRenderer {
  close(): Promise<void>
}

/** The worker as one ES module (a data: URL), or null when esbuild is not at hand. */
const workerModule = () => bundledWorker(new URL('./sheet-worker.ts', import.meta.url))

/** The font bytes in shared memory: the main thread and every worker then use one copy. */
export function sharedFont(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength))
  shared.set(bytes)
  return shared
}

/** Whether workers run the bundled module (true) or fall back to tsx (false). */
export const workersBundled = () => workerModule().then(Boolean)

export interface PoolOptions {
  /**
   * Worker threads. Default: one per core but one, at least one — the request's thread reads the
   * rows, builds the ZIP and sends it meanwhile, so on two cores both are busy. Measured on the
   * 2-core machine (bench/transfer.bench.ts, 2,000 sheets): a second worker, or rendering on the
   * request's thread too, saved little time there but cost 60–70 MB more peak RSS (another heap
   * and malloc arena, or dead documents piling up in the main heap between collections).
   */
  threads?: number
  idleMs?: number
  heapMb?: number
  youngMb?: number
}

export function workerRenderer(
  fontBytes: Uint8Array,
  { threads = Math.max(1, availableParallelism() - 1), idleMs = 60_000, heapMb = 48, youngMb = 4 }: PoolOptions = {},
): WorkerPool {
  let shared: SharedArrayBuffer
  if (
    fontBytes.buffer instanceof SharedArrayBuffer &&
    fontBytes.byteOffset === 0 &&
    fontBytes.byteLength === fontBytes.buffer.byteLength
  )
    shared = fontBytes.buffer
  else {
    shared = new SharedArrayBuffer(fontBytes.byteLength)
    new Uint8Array(shared).set(fontBytes)
  }
  interface Job {
    id: number
    data: SheetData
  }
  interface Slot {
    /** Set once the worker module is ready (the first start bundles it). */
    w: Worker | null
    busy: number
    send(job: Job): void
  }
  const workers: Slot[] = []
  const pending = new Map<number, Pending & { slot: Slot }>()
  let seq = 0
  let idleTimer: ReturnType<typeof setTimeout> | undefined

  async function start(): Promise<Worker> {
    const mod = await workerModule()
    const options = {
      workerData: { font: shared },
      // A sheet needs a few MB; capped heaps are collected early, keeping memory flat.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb },
    }
    return mod
      ? new Worker(mod, { ...options, execArgv: [] })
      : new Worker(new URL('./sheet-worker-boot.mjs', import.meta.url), options)
  }

  function add(): Slot {
    const queue: Job[] = []
    const slot: Slot = {
      w: null,
      busy: 0,
      send(job) {
        if (slot.w) post(slot.w, job)
        else {
          queue.push(job)
          if (queue.length === 1)
            void ready.then(
              (w) => queue.splice(0).forEach((j) => post(w, j)),
              () => {},
            )
        }
      },
    }
    const post = (w: Worker, job: Job) => {
      w.ref()
      w.postMessage(job)
    }
    const ready = start().then((w) => {
      slot.w = w
      w.on('message', (msg: { id: number; pdf?: Uint8Array; error?: string }) => {
        const p = pending.get(msg.id)
        if (!p) return
        pending.delete(msg.id)
        slot.busy--
        // Only a worker with work in hand keeps the process alive.
        if (slot.busy === 0) w.unref()
        if (msg.pdf) p.resolve(msg.pdf)
        else p.reject(new Error(`sheet worker: ${msg.error}`))
        if (pending.size === 0) armIdle()
      })
      w.on('error', (e) => fail(slot, e))
      w.on('exit', (code) => fail(slot, new Error(`sheet worker exited with ${code}`)))
      return w
    })
    ready.catch((e) => fail(slot, e))
    workers.push(slot)
    return slot
  }

  function fail(slot: Slot, e: Error) {
    const i = workers.indexOf(slot)
    if (i >= 0) workers.splice(i, 1)
    for (const [id, p] of pending) {
      if (p.slot !== slot) continue
      pending.delete(id)
      p.reject(e)
    }
  }

  function armIdle() {
    clearTimeout(idleTimer)
    idleTimer = setTimeout(() => {
      if (pending.size === 0) void stopAll()
    }, idleMs)
    idleTimer.unref?.()
  }

  async function stopAll() {
    const ws = workers.splice(0)
    await Promise.all(ws.map((s) => s.w?.terminate()))
  }

  return {
    concurrency: threads * 2,
    render(data: SheetData) {
      clearTimeout(idleTimer)
      const slot = workers.length < threads ? add() : workers.reduce((a, b) => (b.busy < a.busy ? b : a))
      const id = ++seq
      slot.busy++
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject, slot })
        slot.send({ id, data })
      })
    },
    async close() {
      clearTimeout(idleTimer)
      await stopAll()
    },
  }
}
