/**
 * Child process of bench/transfer.bench.ts: serves the database the parent prepared (graduates
 * with numbers, on disk as `npm start` runs it): GET /api/v1/transfer-sheets.zip (worker-thread
 * renderer, as the Node entry sets it up) read to the end, then GET /api/v1/transfer-sheets.pdf.
 * Prints {zipSeconds, zipRssMb, zipEntries, pdfSeconds, …}. A process of its own, like the
 * server, so the peak RSS is the serving process's and not the seeding's.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { adminToken, openBenchSchool } from './common.js'
import { createApp } from '../src/app.js'
import { CJK_FONT_MODULE_PATH } from '../src/documents/fonts.js'
import { sharedFont, workerRenderer } from '../src/platform/node/sheet-pool.js'

const [dir] = process.argv.slice(2)
const { store, deps } = await openBenchSchool(join(dir, 'bench.db'))
const font = sharedFont(readFileSync(createRequire(import.meta.url).resolve(CJK_FONT_MODULE_PATH)))
const pool = workerRenderer(font)
const app = createApp({ ...deps, loadFont: () => font, sheetRenderer: pool })
const token = await adminToken(app.request)
const auth = { Authorization: `Bearer ${token}` }

/** Reads a response to its end, counting bytes and occurrences of a signature. */
async function drain(res: Response, sig: number[]) {
  const reader = res.body!.getReader()
  let bytes = 0
  let hits = 0
  let tail = new Uint8Array(0)
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.length
    const buf = new Uint8Array(tail.length + value.length)
    buf.set(tail)
    buf.set(value, tail.length)
    for (let i = 0; i + sig.length <= buf.length; i++) {
      let ok = true
      for (let j = 0; j < sig.length && ok; j++) ok = buf[i + j] === sig[j]
      if (ok) hits++
    }
    tail = buf.slice(Math.max(0, buf.length - sig.length + 1))
  }
  return { bytes, hits }
}

// Warm the workers (font parsed, code compiled) as a running server would be.
await drain(
  await app.request('/api/v1/transfer-sheets.zip?studentNo=B00000000', { headers: auth }),
  [0x50, 0x4b, 0x03, 0x04],
)

let t0 = performance.now()
const zipRes = await app.request('/api/v1/transfer-sheets.zip', { headers: auth })
const zip = await drain(zipRes, [0x50, 0x4b, 0x03, 0x04])
const zipSeconds = (performance.now() - t0) / 1000
const zipRssMb = process.resourceUsage().maxRSS / 1024
await pool.close()

t0 = performance.now()
const pdfRes = await app.request('/api/v1/transfer-sheets.pdf', { headers: auth })
const pdf = await drain(pdfRes, [...'/Type /Page'].map((c) => c.charCodeAt(0)).concat(10))
const pdfSeconds = (performance.now() - t0) / 1000

process.stdout.write(
  JSON.stringify({
    zipStatus: zipRes.status,
    zipSeconds,
    zipRssMb,
    zipEntries: zip.hits,
    zipBytes: zip.bytes,
    pdfStatus: pdfRes.status,
    pdfSeconds,
    pdfPages: pdf.hits,
    pdfBytes: pdf.bytes,
  }) + '\n',
)
await store.close()
