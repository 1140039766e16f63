/**
 * Bulk downloads as web streams (a `ReadableStream` works the same on Node and Workers):
 *  - `zipStream`: rows are read in pages, each sheet is rendered and written into the ZIP
 *    (fflate's streaming `Zip`, entries stored as they are — PDFs are already compressed) as
 *    soon as it is ready, and the bytes leave at once. Pull-based: nothing is rendered before the
 *    client takes what came before, so memory stays flat whatever the count. Up to
 *    `renderer.concurrency` renders run at once (worker threads on Node) and are written in order.
 *  - `printStream`: one PDF, a page per graduate; pdfkit emits each page's objects as it goes.
 */
import { Zip, ZipPassThrough } from 'fflate'
import type { SheetRenderer } from '../documents/renderer.js'
import type { SheetData, SheetFont } from '../documents/sheet.js'
import { drawSheet, openBook } from '../documents/sheet.js'

export interface ZipEntrySource {
  /** The file name inside the ZIP. */
  name: string
  data: SheetData
}

/** `{转递编号}_{姓名}.pdf` — characters that no file system accepts are replaced. */
export function sheetFileName(number: string, name: string): string {
  const safe = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '毕业生'
  return `${number}_${safe}.pdf`
}

export function zipStream(opts: {
  entries: AsyncIterable<ZipEntrySource[]>
  renderer: SheetRenderer
  /** Extra files after the sheets (the list workbook); called once all sheets are written. */
  trailer: () => Promise<Array<{ name: string; data: Uint8Array }>>
  mtime: Date
  onDone?: (count: number) => void
}): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const zip = new Zip((err, chunk, final) => {
    if (err) return controller.error(err)
    controller.enqueue(chunk)
    if (final) controller.close()
  })
  const source = opts.entries[Symbol.asyncIterator]()
  let buffered: ZipEntrySource[] = []
  let exhausted = false
  const inFlight: Array<{ name: string; pdf: Promise<Uint8Array> }> = []
  let count = 0
  let finished = false

  async function next(): Promise<ZipEntrySource | null> {
    while (buffered.length === 0) {
      if (exhausted) return null
      const r = await source.next()
      if (r.done) exhausted = true
      else buffered = r.value.slice()
    }
    return buffered.shift()!
  }

  function add(name: string, data: Uint8Array) {
    const f = new ZipPassThrough(name)
    f.mtime = opts.mtime
    zip.add(f)
    f.push(data, true)
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
      },
      async pull() {
        if (finished) return
        // Keep the renderer busy: top the window up, then write the oldest entry.
        while (inFlight.length < Math.max(1, opts.renderer.concurrency)) {
          const e = await next()
          if (!e) break
          const pdf = opts.renderer.render(e.data)
          pdf.catch(() => {}) // handled when its turn comes; avoids an unhandled rejection meanwhile
          inFlight.push({ name: e.name, pdf })
        }
        const head = inFlight.shift()
        if (head) {
          add(head.name, await head.pdf)
          count++
          return
        }
        finished = true
        for (const t of await opts.trailer()) add(t.name, t.data)
        zip.end()
        opts.onDone?.(count)
      },
      async cancel() {
        finished = true
        await source.return?.(undefined)
      },
    },
    // One chunk in the queue at a time: pull() runs again only when the client has taken it.
    { highWaterMark: 1 },
  )
}

/** One PDF for printing, a page per sheet; pages are drawn as the client reads. */
export function printStream(opts: {
  pages: AsyncIterable<SheetData[]>
  font: SheetFont
  onDone?: (count: number) => void
}): ReadableStream<Uint8Array> {
  const source = opts.pages[Symbol.asyncIterator]()
  let book: ReturnType<typeof openBook> | null = null
  let count = 0
  let ended = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        book = openBook(opts.font, '毕业生去向登记信息', {
          data: (c) => controller.enqueue(c),
          end: () => controller.close(),
          error: (e) => controller.error(e),
        })
      },
      async pull() {
        if (ended) return
        const r = await source.next()
        if (r.done) {
          ended = true
          if (count === 0) book!.empty('没有符合条件的毕业生。')
          book!.end()
          opts.onDone?.(count)
          return
        }
        for (const d of r.value) {
          book!.doc.addPage()
          drawSheet(book!.doc, d)
          count++
        }
      },
      async cancel() {
        ended = true
        await source.return?.(undefined)
      },
    },
    { highWaterMark: 1 },
  )
}
