/**
 * Writing spreadsheets for people to open in Excel or WPS — every export, from the roster to the
 * statistics: XLSX through exceljs's streaming writer, CSV as UTF-8 with a BOM (so Excel on
 * Chinese Windows shows the Chinese right).
 *
 * Security decision (formula injection, CWE-1236): a cell whose text begins with = + - @ (or a
 * tab or carriage return, which some programs skip before evaluating) would be run as a formula
 * by Excel. Every exported cell goes through `neutralise`, which prefixes such text with an
 * apostrophe so it shows as typed and is never evaluated. Imported values are stored as given;
 * only the way out is guarded.
 */
import { PassThrough } from 'node:stream'
import { loadExcelJS } from '../lazy-exceljs.js'

function neutralise(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

/** One sheet of a workbook: every export's shape (lists, failure tables, statistics). */
export interface SheetSpec {
  name: string
  headers: string[]
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>
  /** Column widths in characters; defaults from the header length. */
  widths?: ReadonlyArray<number | undefined>
  /** Header indexes shown as required (red, bold) — the upload template marks them so. */
  required?: ReadonlySet<number>
  /** A bold line above the header (a title, the scope). */
  title?: string
  /**
   * Statistics: numbers stay numbers (to sum and chart in Excel) and a missing value leaves its
   * cell empty. Otherwise every cell is written as text, so leading zeros of codes (01 汉族) survive.
   */
  numbers?: boolean
}

/** `headers` and `widths` from [header, width] pairs, for a sheet that sizes its columns one by one. */
export const sizedColumns = (columns: ReadonlyArray<readonly [header: string, width?: number]>) => ({
  headers: columns.map((c) => c[0]),
  widths: columns.map((c) => c[1]),
})

const numberCell = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'number' ? v : neutralise(v))

/** An XLSX workbook with one sheet per spec; every text cell goes through `neutralise`. Rows stream through the writer. */
export async function writeXlsx(sheets: SheetSpec[]): Promise<Uint8Array> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const ExcelJS = await loadExcelJS()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = 'quxiang'
  for (const s of sheets) {
    const ySplit = s.title ? 2 : 1
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit }] })
    ws.columns = s.headers.map((h, i) => ({ width: s.widths?.[i] ?? Math.max(10, h.length * 2 + 4) }))
    if (s.title) {
      const title = ws.addRow([neutralise(s.title)])
      title.font = { bold: true }
      title.commit()
    }
    const head = ws.addRow(s.headers.map(neutralise))
    head.font = { bold: true }
    if (s.required) {
      head.eachCell((cell, col) => {
        if (s.required!.has(col - 1)) cell.font = { bold: true, color: { argb: 'FFC00000' } }
      })
    }
    head.commit()
    const cell = s.numbers ? numberCell : neutralise
    for await (const r of s.rows as AsyncIterable<unknown[]>) ws.addRow(r.map(cell)).commit()
    ws.commit()
  }
  await wb.commit()
  await done
  const buf = Buffer.concat(chunks)
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

const csvCell = (v: unknown) => {
  const s = neutralise(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** CSV text with a BOM and CRLF line ends, every cell neutralised and quoted as needed. */
export function writeCsv(headers: string[], rows: Iterable<unknown[]>): string {
  const lines = [headers.map(csvCell).join(',')]
  for (const r of rows) lines.push(r.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_TYPE = 'text/csv; charset=utf-8'
