/**
 * Writing spreadsheets for people to open in Excel or WPS: XLSX through exceljs's streaming
 * writer, CSV as UTF-8 with a BOM (so Excel on Chinese Windows shows the Chinese right).
 *
 * Security decision (formula injection, CWE-1236): a cell whose text begins with = + - @ (or a
 * tab or carriage return, which some programs skip before evaluating) would be run as a formula
 * by Excel. Every exported cell goes through `neutralise`, which prefixes such text with an
 * apostrophe so it shows as typed and is never evaluated. Imported values are stored as given;
 * only the way out is guarded.
 */
import { PassThrough } from 'node:stream'
import { loadExcelJS } from '../lazy-exceljs.js'

export function neutralise(v: unknown): string {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
}

export interface SheetSpec {
  name: string
  headers: string[]
  rows: Iterable<unknown[]> | AsyncIterable<unknown[]>
  /** Header indexes shown as required (red, bold) — the upload template marks them so. */
  required?: ReadonlySet<number>
  /** Column widths in characters; defaults from the header length. */
  widths?: number[]
}

/**
 * An XLSX workbook with one sheet per spec. Every cell is written as text (leading zeros of codes
 * like 01 汉族 survive) after `neutralise`. Rows stream through the writer.
 */
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
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = s.headers.map((h, i) => ({ width: s.widths?.[i] ?? Math.max(10, h.length * 2 + 4) }))
    const head = ws.addRow(s.headers.map(neutralise))
    head.font = { bold: true }
    if (s.required) {
      head.eachCell((cell, col) => {
        if (s.required!.has(col - 1)) cell.font = { bold: true, color: { argb: 'FFC00000' } }
      })
    }
    head.commit()
    for await (const r of s.rows as AsyncIterable<unknown[]>) ws.addRow(r.map(neutralise)).commit()
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

/** Content-Disposition for a Chinese file name (RFC 6266 / RFC 5987), with an ASCII fallback. */
export function attachment(filename: string, fallback = 'download'): string {
  const ext = filename.match(/\.[A-Za-z0-9]+$/)?.[0] ?? ''
  return `attachment; filename="${fallback}${ext}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const CSV_TYPE = 'text/csv; charset=utf-8'
