/**
 * Transfer numbers and sheets (issue 6). Figures and targets on the 2-core machine:
 *  - generate_10k_s: 10,000 numbers in one POST /api/v1/transfer-numbers/generate (≤ 0.5 s);
 *  - sheet_pdf_ms: median per one-page sheet, CJK font with a QR code; baseline = the same
 *    layout in Helvetica only (the Chinese replaced by ASCII), ratio ≤ 3;
 *  - zip_2000_s, zip_2000_rss_mb: 2,000 sheets streamed into a ZIP, read to the end, in a child
 *    process set up as the Node entry is (worker-thread renderer) (≤ 30 s, ≤ 300 MB peak RSS of
 *    that process, which includes the app itself: ~175 MB under tsx before any request);
 *  - print_pdf_2000_s: the one-document print PDF of the same 2,000.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SERVER_NODE_FLAGS, type BenchModule, type Figure } from './types.js'
import { adminToken, openBenchSchool } from './common.js'
import { createApp } from '../src/app.js'
import { CJK_FONT_MODULE_PATH, parseFont } from '../src/documents/fonts.js'
import { renderSheet, type SheetData } from '../src/documents/sheet.js'
import { seedGraduates } from './transfer-seed.js'

const r3 = (x: number) => Math.round(x * 1000) / 1000

/** A database file with `n` graduates, approved registrations, and an app over it. */
async function benchDb(path: string, n: number) {
  const { store, schoolId, deps } = await openBenchSchool(path)
  seedGraduates(store.sqlite, schoolId, n)
  const app = createApp(deps)
  const token = await adminToken(app.request)
  const post = (body: object) =>
    app.request('/api/v1/transfer-numbers/generate', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { store, post }
}

async function generate10k(dir: string): Promise<number> {
  const { store, post } = await benchDb(join(dir, 'gen.db'), 10_000)
  // Warm-up on ten graduates (code paths compiled), then the real request for the rest.
  await post({ graduateIds: Array.from({ length: 10 }, (_, i) => i + 1) })
  await store.sqlite.prepare('DELETE FROM transfer_numbers').run()
  const t0 = performance.now()
  const res = await post({})
  const seconds = (performance.now() - t0) / 1000
  const body = (await res.json()) as { generated: number }
  if (res.status !== 200 || body.generated !== 10_000)
    throw new Error(`generate bench: ${res.status} ${JSON.stringify(body)}`)
  await store.close()
  return seconds
}

export const SAMPLE: SheetData = {
  kind: 'transfer',
  number: '26100012345678ABC',
  qrText: 'http://localhost:8787/v/26100012345678ABC?s=Ab3dEf6hIj9lMn0pQr2tUv',
  verifyUrl: 'http://localhost:8787/verify',
  validUntil: '2026-12-31 23:59:59（北京时间）',
  issuedAt: '2026-06-15 10:00',
  school: '基准大学',
  graduate: {
    name: '王堃镕',
    gender: '男',
    graduationTime: '202606',
    lengthOfSchooling: '4',
    major: '计算机科学与技术',
    education: '本科生毕业',
    origin: '北京市海淀区',
  },
  destination: {
    type: '签就业协议书就业',
    unitName: '北京学信咨询服务有限公司',
    unitLocation: '北京市西城区',
    school: '',
    country: '',
  },
  archive: {
    transferType: '托管单位接收',
    unitName: '北京市海淀区人力资源公共服务中心',
    unitAddress: '北京市海淀区苏州街36号',
    unitLocation: '北京市海淀区',
    postcode: '100080',
    contact: '王维',
    phone: '010-82345678',
  },
  hukou: { migrationType: '转回生源地', location: '湖北省襄阳市襄城区', address: '湖北省襄阳市襄城区公安分局' },
}

/** The same data with every non-ASCII character replaced, for the Helvetica baseline. */
function ascii<T>(v: T): T {
  if (typeof v === 'string') return v.replace(/[^\x00-\x7f]/g, 'X') as T
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ascii(x)])) as T
  return v
}

async function medianMs(render: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < 20; i++) await render()
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await render()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(n / 2)]
}

const bench: BenchModule = {
  name: 'transfer',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'qx-transfer-'))
    try {
      const gen = await generate10k(dir)

      const font = parseFont(new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(CJK_FONT_MODULE_PATH))))
      const plain = ascii(SAMPLE)
      const cjk = await medianMs(() => renderSheet(SAMPLE, font), 200)
      const helv = await medianMs(() => renderSheet(plain, 'Helvetica'), 200)

      const zipDb = await benchDb(join(dir, 'bench.db'), 2000)
      if ((await zipDb.post({})).status !== 200) throw new Error('transfer bench: generate failed')
      await zipDb.store.close()
      const child = join(import.meta.dirname, 'transfer-child.ts')
      const { stdout } = await promisify(execFile)(process.execPath, [...SERVER_NODE_FLAGS, child, dir], {
        cwd: join(import.meta.dirname, '..'),
        maxBuffer: 1 << 20,
      })
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
        zipStatus: number
        zipSeconds: number
        zipRssMb: number
        zipEntries: number
        pdfStatus: number
        pdfSeconds: number
        pdfPages: number
      }
      if (r.zipStatus !== 200 || r.zipEntries < 2001 || r.pdfStatus !== 200 || r.pdfPages !== 2000)
        throw new Error(`transfer bench: unexpected ${JSON.stringify(r)}`)

      const figures: Record<string, Figure> = {
        generate_10k_s: {
          value: r3(gen),
          unit: 's',
          baseline: 0.5,
          ratio: r3(gen / 0.5),
          note: '10,000 numbers, one request, one batch; target ≤ 0.5 s',
        },
        sheet_pdf_ms: {
          value: r3(cjk),
          unit: 'ms',
          baseline: r3(helv),
          ratio: r3(cjk / helv),
          note: 'median per one-page sheet, embedded subset CJK font + vector QR; baseline: same layout, Helvetica only; target ratio ≤ 3',
        },
        zip_2000_s: {
          value: r3(r.zipSeconds),
          unit: 's',
          baseline: 30,
          ratio: r3(r.zipSeconds / 30),
          note: '2,000 sheets streamed into a ZIP on worker threads; target ≤ 30 s',
        },
        zip_2000_rss_mb: {
          value: Math.round(r.zipRssMb),
          unit: 'MB',
          baseline: 300,
          ratio: r3(r.zipRssMb / 300),
          note: 'peak RSS of the process serving the ZIP; target ≤ 300 MB',
        },
        print_pdf_2000_s: {
          value: r3(r.pdfSeconds),
          unit: 's',
          note: 'one PDF, a page for each of 2,000 graduates, one font subset',
        },
      }
      return figures
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
