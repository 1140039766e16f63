/**
 * A pool of worker threads rendering sheets — Node only: imported by the Node entry and the
 * benchmarks, never by app.ts, so the Workers bundle does not see `node:worker_threads`.
 *
 * Why: a sheet costs a few milliseconds of pure CPU; a 10,000-sheet ZIP on one thread leaves the
 * other core idle. The request's thread keeps reading rows and writing the ZIP; the workers render.
 * The font bytes are copied once into a SharedArrayBuffer that every worker parses for itself.
 * Workers start on first use and stop after a minute idle, so an idle server holds no extra memory.
 */
import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import type { SheetRenderer } from './renderer.js'
import type { SheetData } from './sheet.js'

interface Pending {
  resolve(pdf: Uint8Array): void
  reject(e: Error): void
}

export interface WorkerPool extends SheetRenderer {
  close(): Promise<void>
}

export function workerRenderer(fontBytes: Uint8Array, { threads = Math.max(1, availableParallelism()), idleMs = 60_000, heapMb = 64, youngMb = 8 } = {}): WorkerPool {
  let shared: SharedArrayBuffer
  if (fontBytes.buffer instanceof SharedArrayBuffer && fontBytes.byteOffset === 0 && fontBytes.byteLength === fontBytes.buffer.byteLength) shared = fontBytes.buffer
  else {
    shared = new SharedArrayBuffer(fontBytes.byteLength)
    new Uint8Array(shared).set(fontBytes)
  }
  const workers: Array<{ w: Worker; busy: number }> = []
  const pending = new Map<number, Pending>()
  let seq = 0
  let idleTimer: ReturnType<typeof setTimeout> | undefined

  function start() {
    const w = new Worker(new URL('./sheet-worker-boot.mjs', import.meta.url), {
      workerData: { font: shared },
      // A sheet needs a few MB; without limits V8 lets each worker's heap grow to hundreds of MB
      // of garbage before collecting it. Capped heaps keep a 10,000-sheet ZIP's memory flat.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngMb },
    })
    const slot = { w, busy: 0 }
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
    w.on('exit', (code) => {
      if (code !== 0) fail(slot, new Error(`sheet worker exited with ${code}`))
    })
    w.unref()
    workers.push(slot)
    return slot
  }

  const owner = new Map<number, { w: Worker }>()
  function fail(slot: { w: Worker }, e: Error) {
    const i = workers.indexOf(slot as (typeof workers)[number])
    if (i >= 0) workers.splice(i, 1)
    for (const [id, s] of owner) {
      if (s !== slot) continue
      owner.delete(id)
      pending.get(id)?.reject(e)
      pending.delete(id)
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
    await Promise.all(ws.map((s) => s.w.terminate()))
  }

  return {
    concurrency: threads * 2,
    render(data: SheetData) {
      clearTimeout(idleTimer)
      let slot = workers.length < threads ? start() : workers.reduce((a, b) => (b.busy < a.busy ? b : a))
      if (!slot) slot = start()
      const id = ++seq
      slot.busy++
      slot.w.ref()
      owner.set(id, slot)
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, {
          resolve: (pdf) => {
            owner.delete(id)
            resolve(pdf)
          },
          reject: (e) => {
            owner.delete(id)
            reject(e)
          },
        })
        slot.w.postMessage({ id, data })
      })
    },
    async close() {
      clearTimeout(idleTimer)
      await stopAll()
    },
  }
}
