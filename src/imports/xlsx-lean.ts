/**
 * A lean streaming reader for the first worksheet of an XLSX: the sheet XML is inflated in
 * 64 KB steps (fflate) and its rows parsed as they arrive, so memory stays flat. Why not only
 * exceljs's streaming reader: measured here on the 50,000-row, 28-column benchmark sheet it
 * costs ≈ 235 MB and ≈ 3–4 s on its own (it builds a Row and Cell object per cell), which with
 * the service itself loaded breaks the 400 MB target; this reader reads the same file in a
 * fraction of both. Cell text is taken as stored (numbers as written, shared and inline strings
 * resolved, XML entities decoded). Anything it does not understand throws LeanXlsxUnsupported,
 * and read.ts falls back to exceljs's streaming reader.
 *
 * Security decision (decompression bombs, issue 13 item 1): a 1.2 MB upload can inflate to
 * gigabytes (one cell of 1.2 GB of text took the server's heap down). Nothing here holds more
 * than one row's XML, and every read is capped: the bytes inflated from the zip (XLSX_LIMITS.
 * inflatedBytes), the length of one cell (Excel's own limit, 32,767 characters — "Excel
 * specifications and limits", Microsoft), and the XML of one row or one shared string. Past a
 * cap the file is refused (XlsxRefused → 400 naming 文件), never handed to exceljs, which would
 * buffer the whole text node.
 */
import { Unzip, UnzipInflate, strFromU8 } from 'fflate'
import type { SheetRow } from './sheet-row.js'

export class LeanXlsxUnsupported extends Error {}

/** A workbook past a cap: refused outright (message in Chinese, for the 文件 field). */
export class XlsxRefused extends Error {}

export const XLSX_LIMITS = {
  /**
   * Bytes inflated from the zip for one read (metadata, shared strings and the sheet together).
   * The 100,000-row limit at 28 columns of inline strings is ≈ 250 MB of XML; shared strings
   * (what Excel, WPS and exceljs write) make it a third of that.
   */
  inflatedBytes: 320 * 1024 * 1024,
  /** Characters of one cell: Excel's own maximum. */
  cellChars: 32_767,
  /** Characters of XML of one row (or one shared string) before its end tag must have come. */
  rowChars: 4 * 1024 * 1024,
  /** Bytes of workbook.xml or its relationships. */
  metadataBytes: 4 * 1024 * 1024,
}

/**
 * Compressed bytes handed to the inflater at a time. DEFLATE inflates at most ≈ 1,032 : 1, and
 * fflate hands each push's output over whole, so 16 KB in is at most ≈ 16 MB out at once.
 */
export const INFLATE_STEP = 16 * 1024

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`
/** The refusals, shared with read.ts's guards. */
export const tooMuchInflated = () =>
  new XlsxRefused(`工作簿解压后超过 ${MB(XLSX_LIMITS.inflatedBytes)}，请删除多余内容或拆分为多个文件后上传`)
export const cellTooLong = () =>
  new XlsxRefused(`有单元格超过 ${XLSX_LIMITS.cellChars.toLocaleString('en-US')} 个字符（Excel 的上限），请检查文件`)
const rowTooLong = () => new XlsxRefused('有一行内容过长，无法读取，请检查文件')

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
export function decodeXml(s: string): string {
  if (s.indexOf('&') >= 0) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
        : ENTITY[e],
    )
  }
  // OOXML escapes control characters as _xHHHH_.
  if (s.indexOf('_x') >= 0)
    s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  return s
}

const P = '(?:[A-Za-z_][\\w.-]*:)?'
const T_RE = new RegExp(`<${P}t(?:\\s[^>]*)?>([^<]*)</${P}t>|<${P}t(?:\\s[^>]*)?/>`, 'g')
const RPH_RE = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g')
const SI_RE = new RegExp(`<${P}si(?:\\s[^>]*)?>([\\s\\S]*?)</${P}si>|<${P}si\\s*/>`, 'g')

/** The text of an <si> or <is>: every <t>, phonetic runs left out. */
function runText(xml: string): string {
  let out = ''
  const body = xml.indexOf('rPh') >= 0 ? xml.replace(RPH_RE, '') : xml
  T_RE.lastIndex = 0
  for (let m = T_RE.exec(body); m; m = T_RE.exec(body)) out += m[1] ?? ''
  return decodeXml(out)
}

function firstSheetPath(files: Record<string, Uint8Array>): string {
  const wb = files['xl/workbook.xml']
  if (!wb) throw new LeanXlsxUnsupported('no workbook')
  const sheet = new RegExp(`<${P}sheet\\b[^>]*?\\s(?:[A-Za-z_][\\w.-]*:)?id="([^"]+)"`).exec(strFromU8(wb))
  const rels = files['xl/_rels/workbook.xml.rels']
  if (sheet && rels) {
    const relXml = strFromU8(rels)
    const re = /<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*)>/g
    for (let m = re.exec(relXml); m; m = re.exec(relXml)) {
      const id = /\sId="([^"]+)"/.exec(m[1])?.[1]
      const target = /\sTarget="([^"]+)"/.exec(m[1])?.[1]
      if (id === sheet[1] && target)
        return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
    }
  }
  return 'xl/worksheets/sheet1.xml'
}

const colIndex = (ref: string): number => {
  let n = 0
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    n = n * 26 + (c - 64)
  }
  return n - 1
}

const ROW_RE = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g')
const CELL_RE = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g')
const V_RE = new RegExp(`<${P}v(?:\\s[^>]*)?>([^<]*)</${P}v>`)
const IS_RE = new RegExp(`<${P}is(?:\\s[^>]*)?>([\\s\\S]*?)</${P}is>`)
const R_ATTR = /\sr="([^"]*)"/
const T_ATTR = /\st="([^"]*)"/
const attr = (attrs: string, re: RegExp) => re.exec(attrs)?.[1]

function parseRow(attrs: string, body: string | undefined, shared: string[], fallbackRow: number): SheetRow {
  const rAttr = attr(attrs, R_ATTR)
  const row = rAttr ? Number(rAttr) : fallbackRow
  const cells: string[] = []
  if (body) {
    CELL_RE.lastIndex = 0
    let next = 0
    for (let m = CELL_RE.exec(body); m; m = CELL_RE.exec(body)) {
      const a = m[1]
      const ref = attr(a, R_ATTR)
      const col = ref ? colIndex(ref) : next
      next = col + 1
      const inner = m[2]
      if (!inner) continue
      const t = attr(a, T_ATTR)
      let text = ''
      if (t === 'inlineStr') {
        const is = IS_RE.exec(inner)
        text = is ? runText(is[1]) : ''
      } else {
        const v = V_RE.exec(inner)
        if (!v) continue
        const raw = v[1]
        if (t === 's') text = shared[Number(raw)] ?? ''
        else if (t === 'b') text = raw === '1' ? 'TRUE' : 'FALSE'
        else if (t === 'e') text = ''
        else text = decodeXml(raw)
      }
      if (text.length > XLSX_LIMITS.cellChars) throw cellTooLong()
      if (col > 16_383) throw new XlsxRefused('列数超过 Excel 的上限（16,384 列），请检查文件')
      while (cells.length < col) cells.push('')
      cells[col] = text
    }
  }
  return { row, cells }
}

/**
 * Streams the zip's entries through fflate, inflating only those `want` accepts, and hands their
 * chunks to `onChunk`. Counts every inflated byte against XLSX_LIMITS.inflatedBytes.
 */
function* streamEntries(
  bytes: Uint8Array,
  want: (name: string) => boolean,
  onChunk: (name: string, chunk: Uint8Array, final: boolean) => void,
  budget: { left: number },
): Generator<void> {
  let failed: unknown = null
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    if (!want(file.name)) return
    file.ondata = (err, chunk, final) => {
      if (failed) return
      if (err) {
        failed = err
        return
      }
      budget.left -= chunk.byteLength
      if (budget.left < 0) {
        failed = tooMuchInflated()
        file.terminate()
        return
      }
      try {
        onChunk(file.name, chunk, final)
      } catch (e) {
        failed = e
        file.terminate()
      }
    }
    file.start()
  }
  const STEP = INFLATE_STEP
  for (let off = 0; off < bytes.length; off += STEP) {
    try {
      unzip.push(bytes.subarray(off, Math.min(bytes.length, off + STEP)), off + STEP >= bytes.length)
    } catch (e) {
      if (failed instanceof XlsxRefused) throw failed
      throw new LeanXlsxUnsupported(String(e))
    }
    if (failed) throw failed instanceof XlsxRefused ? failed : new LeanXlsxUnsupported(String(failed))
    yield
  }
}

const WORKBOOK = 'xl/workbook.xml'
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels'
const SHARED = 'xl/sharedStrings.xml'

/** Pass one: workbook.xml and its relationships (capped), and the shared strings, parsed as they stream. */
function readMetadata(bytes: Uint8Array, budget: { left: number }) {
  const files: Record<string, Uint8Array> = {}
  const parts: Record<string, Uint8Array[]> = {}
  const sizes: Record<string, number> = {}
  const shared: string[] = []
  let pending = ''
  const decoder = new TextDecoder('utf-8')
  const drainShared = (final: boolean) => {
    const empty = pending.lastIndexOf('<si/>')
    const end = Math.max(pending.lastIndexOf('si>'), empty < 0 ? -1 : empty + 2)
    const cut = final ? pending.length : end < 0 ? 0 : end + 3
    const head = pending.slice(0, cut)
    pending = pending.slice(cut)
    SI_RE.lastIndex = 0
    let consumed = 0
    for (let m = SI_RE.exec(head); m; m = SI_RE.exec(head)) {
      const text = m[1] ? runText(m[1]) : ''
      if (text.length > XLSX_LIMITS.cellChars) throw cellTooLong()
      shared.push(text)
      consumed = SI_RE.lastIndex
    }
    // An unfinished <si> (its cut was an inner tag's end) goes back.
    if (!final && consumed < head.length) pending = head.slice(consumed) + pending
    if (pending.length > XLSX_LIMITS.rowChars) throw rowTooLong()
  }
  const run = streamEntries(
    bytes,
    (n) => n === WORKBOOK || n === WORKBOOK_RELS || n === SHARED,
    (name, chunk, final) => {
      if (name === SHARED) {
        pending += decoder.decode(chunk, { stream: !final })
        if (pending.length > 1 << 16 || final) drainShared(final)
        return
      }
      sizes[name] = (sizes[name] ?? 0) + chunk.byteLength
      if (sizes[name] > XLSX_LIMITS.metadataBytes) throw new XlsxRefused('工作簿的结构信息过大，无法读取，请检查文件')
      ;(parts[name] ??= []).push(chunk.slice())
      if (final) {
        const all = new Uint8Array(sizes[name])
        let o = 0
        for (const p of parts[name]) {
          all.set(p, o)
          o += p.byteLength
        }
        files[name] = all
        delete parts[name]
      }
    },
    budget,
  )
  for (const _ of run) {
    // Every chunk goes through onChunk as it is inflated; nothing to do between them.
  }
  return { files, shared }
}

export async function* readXlsxLean(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const budget = { left: XLSX_LIMITS.inflatedBytes }
  const meta = readMetadata(bytes, budget)
  const path = firstSheetPath(meta.files)
  const shared = meta.shared

  const queue: SheetRow[] = []
  let found = false
  let pending = ''
  let lastRow = 0
  const decoder = new TextDecoder('utf-8')
  const drain = (final: boolean) => {
    // Parse up to the last complete row; keep the rest for the next chunk.
    const cut = final
      ? pending.length
      : (() => {
          const close = pending.lastIndexOf('row>', pending.length)
          return close < 0 ? -1 : close + 4
        })()
    if (cut > 0) {
      const head = pending.slice(0, cut)
      pending = pending.slice(cut)
      ROW_RE.lastIndex = 0
      let consumed = 0
      for (let m = ROW_RE.exec(head); m; m = ROW_RE.exec(head)) {
        const r = parseRow(m[1], m[2], shared, lastRow + 1)
        lastRow = r.row
        if (r.cells.length) queue.push(r)
        consumed = ROW_RE.lastIndex
      }
      // An unfinished row element (its end tag was the row> of an inner tag) goes back.
      if (!final && consumed < head.length) pending = head.slice(consumed) + pending
    }
    // One row's XML may not grow without bound (a bomb is one endless cell).
    if (pending.length > XLSX_LIMITS.rowChars) throw rowTooLong()
  }
  const run = streamEntries(
    bytes,
    (n) => {
      if (n === path) found = true
      return n === path
    },
    (_, chunk, final) => {
      pending += decoder.decode(chunk, { stream: !final })
      if (pending.length > 1 << 16 || final) drain(final)
    },
    budget,
  )
  for (const _ of run) while (queue.length) yield queue.shift()!
  if (!found) throw new LeanXlsxUnsupported('no sheet')
  while (queue.length) yield queue.shift()!
}
