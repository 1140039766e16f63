/**
 * Reading an uploaded sheet: what kind of file it is, and its rows as arrays of strings with the
 * sheet's own row numbers (header = row 1). XLSX is read by the lean reader (xlsx-lean.ts), or by
 * exceljs's streaming reader where the lean one cannot follow the workbook, so memory stays flat
 * whatever the row count; CSV is decoded (UTF-8 with or without BOM, UTF-16
 * with BOM, or GB18030/GBK as Excel saves it on Chinese Windows) and parsed per RFC 4180 by
 * csv-parse.
 */
import { Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { loadExcelJS } from '../lazy-exceljs.js'
import iconv from 'iconv-lite'
import { Unzip, UnzipInflate } from 'fflate'
import { AppError } from '../errors.js'
import {
  cellTooLong,
  LeanXlsxUnsupported,
  readXlsxLean,
  INFLATE_STEP,
  tooMuchInflated,
  XLSX_LIMITS,
  XlsxRefused,
} from './xlsx-lean.js'
import type { SheetRow } from './sheet-row.js'

export type SheetFormat = 'xlsx' | 'csv'

const bad = (message: string) => new AppError('validation_error', `文件：${message}`, { field: 'file' })

/** Decides the format from the bytes (never from the name alone: a renamed file is still refused). */
export function sniffFormat(bytes: Uint8Array, filename: string): SheetFormat {
  if (bytes.length === 0) throw bad('文件是空的')
  const head = bytes.subarray(0, 8)
  const startsWith = (...sig: number[]) => sig.every((b, i) => head[i] === b)
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) return 'xlsx'
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0))
    throw bad('不支持 Excel 97-2003（.xls）格式，请在 Excel 中另存为 .xlsx 或 .csv 后上传')
  if (startsWith(0x25, 0x50, 0x44, 0x46)) throw bad('上传的是 PDF 文件，请上传 .xlsx 或 .csv 电子表格')
  if (startsWith(0x50, 0x4b)) throw bad('不是有效的 .xlsx 文件')
  const utf16 = startsWith(0xff, 0xfe) || startsWith(0xfe, 0xff)
  if (!utf16) {
    // Text files have no NUL bytes; images, archives and executables do, early on.
    const probe = bytes.subarray(0, 8192)
    if (probe.includes(0)) throw bad('不是电子表格文件，请上传 .xlsx 或 .csv')
  }
  if (/\.(xlsx|xlsm)$/i.test(filename)) throw bad('文件扩展名为 .xlsx，但内容不是有效的 Excel 工作簿')
  return 'csv'
}

/**
 * CSV bytes → text. A BOM decides (UTF-8, UTF-16LE/BE); otherwise strict UTF-8 is tried first,
 * and anything that is not valid UTF-8 is read as GB18030 — the superset of GBK and GB2312 that
 * Excel uses for "CSV (逗号分隔)" on Chinese Windows.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return {
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'),
      encoding: 'gb18030',
    }
  }
}

/** The delimiter of the first line: comma, tab (Excel's "Unicode text") or semicolon. */
function detectDelimiter(text: string): string {
  const end = text.search(/\r|\n/)
  const first = end < 0 ? text : text.slice(0, end)
  let best = ','
  let bestN = 0
  for (const d of [',', '\t', ';']) {
    const n = first.split(d).length - 1
    if (n > bestN) {
      best = d
      bestN = n
    }
  }
  return best
}

/** Text handed to the CSV parser at a time: only one chunk's records are held at once. */
const CSV_CHUNK = 64 * 1024

/** The text in chunks, never splitting a surrogate pair (the parser encodes each chunk as UTF-8). */
function* csvChunks(text: string): Generator<string> {
  for (let i = 0; i < text.length; ) {
    let j = Math.min(text.length, i + CSV_CHUNK)
    const last = text.charCodeAt(j - 1)
    if (j < text.length && last >= 0xd800 && last <= 0xdbff) j--
    yield text.slice(i, j)
    i = j
  }
}

/**
 * RFC 4180 records with their record numbers (a quoted line break stays inside its record), by
 * csv-parse's streaming parser, so a large file is never held as rows all at once. An empty line
 * is a record of one empty cell; rows may differ in length; a quote inside an unquoted cell is
 * kept; \r\n, \n and \r all end a record, mixed in one file.
 */
export async function* parseCsv(text: string): AsyncGenerator<SheetRow> {
  const parser = parse({
    delimiter: detectDelimiter(text),
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  })
  const source = Readable.from(csvChunks(text), { objectMode: false })
  source.pipe(parser)
  let row = 0
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells }
  } catch (e) {
    // The record where the open quote began: the records before it, plus one.
    if (e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED')
      throw bad(`第 ${Number((e as { records?: number }).records ?? row) + 1} 行起的引号没有闭合，请检查双引号是否成对`)
    throw e
  } finally {
    source.destroy()
    parser.destroy()
  }
}

/** A cell value from exceljs as the text a person sees (rich text joined, formula results, …). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('')
    if ('result' in o) return cellText(o.result)
    if ('text' in o) return cellText(o.text)
    if ('error' in o) return ''
  }
  return String(v)
}

/**
 * Rows of the first worksheet, streamed: the lean reader (xlsx-lean.ts) first; a workbook it
 * cannot follow, before it has produced a row, goes to exceljs's streaming reader — but only once
 * `guardForExceljs` has found nothing in it that exceljs would buffer whole. A workbook past one
 * of the lean reader's caps is refused, never handed on (issue 13 item 1).
 */
export async function* readXlsx(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  let produced = false
  try {
    for await (const r of readXlsxLean(bytes)) {
      produced = true
      yield r
    }
    return
  } catch (e) {
    if (e instanceof XlsxRefused) throw bad(e.message)
    if (!(e instanceof LeanXlsxUnsupported) || produced)
      throw bad('无法读取该 Excel 文件，文件可能已损坏，请在 Excel 中重新保存为 .xlsx 后上传')
  }
  guardForExceljs(bytes)
  yield* readXlsxExceljs(bytes)
}

/** Bytes between two `<` that exceljs's SAX parser may meet: a text node or a tag (one cell ≤ 32,767 characters). */
const MAX_XML_RUN_BYTES = 256 * 1024

/**
 * Before exceljs reads a workbook: every entry is inflated (streamed, nothing kept) against the
 * same byte budget as the lean reader, and no stretch of XML between two `<` may exceed
 * MAX_XML_RUN_BYTES — exceljs holds a whole text node or tag in memory.
 */
export function guardForExceljs(bytes: Uint8Array): void {
  let left = XLSX_LIMITS.inflatedBytes
  let refused: string | null = null
  let broken = false
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    let run = 0
    file.ondata = (err, chunk) => {
      if (refused || broken) return
      if (err) {
        broken = true
        return
      }
      left -= chunk.byteLength
      if (left < 0) {
        refused = tooMuchInflated().message
        file.terminate()
        return
      }
      let from = 0
      for (;;) {
        const i = chunk.indexOf(0x3c, from)
        if (i < 0) {
          run += chunk.byteLength - from
          break
        }
        run += i - from
        if (run > MAX_XML_RUN_BYTES) break
        run = 0
        from = i + 1
      }
      if (run > MAX_XML_RUN_BYTES) {
        refused = cellTooLong().message
        file.terminate()
      }
    }
    file.start()
  }
  const CHUNK = INFLATE_STEP
  for (let off = 0; off < bytes.length && !refused; off += CHUNK) {
    try {
      unzip.push(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)), off + CHUNK >= bytes.length)
    } catch {
      broken = true
    }
    if (broken) break
  }
  if (refused) throw bad(refused)
  if (broken) throw bad('无法读取该 Excel 文件，文件可能已损坏，请在 Excel 中重新保存为 .xlsx 后上传')
}

/** Rows of the first worksheet through exceljs's streaming reader. */
export async function* readXlsxExceljs(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const ExcelJS = await loadExcelJS()
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    } as never,
  )
  try {
    for await (const sheet of reader as AsyncIterable<AsyncIterable<{ number: number; values: unknown[] }>>) {
      for await (const r of sheet) {
        const values = r.values
        const cells: string[] = new Array(Math.max(0, values.length - 1))
        for (let k = 1; k < values.length; k++) cells[k - 1] = cellText(values[k])
        yield { row: r.number, cells }
      }
      return // only the first worksheet
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw bad('无法读取该 Excel 文件，文件可能已损坏，请在 Excel 中重新保存为 .xlsx 后上传')
  }
}

/**
 * Counts the rows of every worksheet of an XLSX without parsing it, so that an oversized sheet is
 * refused before a single row is stored. A sheet's `<dimension ref="A1:AB50001"/>` (written by
 * Excel, WPS and exceljs) answers at once; without one, the inflated XML is scanned for row
 * elements. Returns the largest count. Throws when the zip holds no workbook. (A file whose
 * dimension lies is still stopped by the engine's running row count.)
 */
export async function countXlsxRows(bytes: Uint8Array, stopAbove = Infinity): Promise<number> {
  let max = 0
  let sawWorkbook = false
  let failed = false
  let tooLarge = false
  let answered = false
  let left = XLSX_LIMITS.inflatedBytes
  const unzip = new Unzip()
  unzip.register(UnzipInflate)
  unzip.onfile = (file) => {
    if (file.name === 'xl/workbook.xml') sawWorkbook = true
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(file.name)) return
    let count = 0
    let head = ''
    let scanning = false
    let carry: Buffer = Buffer.alloc(0)
    // fflate keeps handing over data after terminate(): a finished file ignores it.
    let done = false
    const finish = () => {
      done = true
      file.terminate()
    }
    file.ondata = (err, chunk, final) => {
      if (done) return
      if (err) {
        failed = true
        return
      }
      // Scanning inflates: the same byte budget as reading (a bomb without a dimension).
      left -= chunk.byteLength
      if (left < 0) {
        tooLarge = true
        finish()
        return
      }
      if (!scanning) {
        head += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(
          'latin1',
          0,
          Math.min(chunk.byteLength, 4096),
        )
        const dim = /<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]*(\d+)(?::[A-Z]*(\d+))?"/.exec(head)
        if (dim) {
          count = Number(dim[2] ?? dim[1])
          if (count > max) max = count
          // The dimension answers: nothing more to inflate (a sheet read later is still stopped
          // by the engine's running row count).
          answered = true
          finish()
          return
        }
        if (head.includes('sheetData') || head.length >= 4096) scanning = true
        else if (!final) return
        scanning = true
        head = ''
      }
      const buf = carry.length
        ? Buffer.concat([carry, Buffer.from(chunk)])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      for (const needle of ['<row', ':row']) {
        let i = buf.indexOf(needle)
        while (i >= 0 && i + 4 < buf.length) {
          const next = buf[i + 4]
          if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d)
            count++
          i = buf.indexOf(needle, i + 4)
        }
      }
      // A needle in the last 4 bytes was not counted (its next byte is unknown): carry them over.
      carry = Buffer.from(buf.subarray(Math.max(0, buf.length - 4)))
      if (count > max) max = count
      if (max > stopAbove) finish()
    }
    file.start()
  }
  try {
    const CHUNK = INFLATE_STEP
    for (let off = 0; off < bytes.length && max <= stopAbove && !tooLarge && !(answered && sawWorkbook); off += CHUNK) {
      unzip.push(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)), off + CHUNK >= bytes.length)
    }
  } catch {
    failed = true
  }
  if (tooLarge) throw bad(tooMuchInflated().message)
  if (failed || !sawWorkbook) throw bad('不是有效的 .xlsx 文件（无法解压或缺少工作簿），请在 Excel 中重新保存后上传')
  return max
}
