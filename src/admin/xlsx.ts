/**
 * Small workbook writer for the confirmation and dashboard exports (exceljs). Unlike the roster's
 * all-text writer (src/imports/spreadsheet.ts) it keeps counts and rates as numbers, so the
 * statistics can be summed and charted in Excel, and allows a title row above the header.
 *
 * Security decision: every text cell goes through the roster's `neutralise` — text beginning with
 * = + - @ (or a tab / carriage return) gets an apostrophe in front, so a name typed as
 * "=HYPERLINK(…)" stays text (formula injection, CWE-1236). Numbers need no such care.
 */
import { loadExcelJS } from '../lazy-exceljs.js'
import type { Context } from 'hono'
import { attachment, neutralise, XLSX_TYPE } from '../imports/spreadsheet.js'

export type Cell = string | number | null | undefined

export interface SheetSpec {
  name: string
  columns: Array<{ header: string; width?: number }>
  rows: Cell[][]
  /** Optional lines above the header (a title, the scope). */
  title?: string
}

export function safeCell(v: Cell): string | number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  return neutralise(v)
}

export async function xlsxBuffer(sheets: SheetSpec[]): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS()
  const wb = new ExcelJS.Workbook()
  wb.creator = 'quxiang'
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31))
    if (s.title) {
      ws.addRow([safeCell(s.title)]).font = { bold: true }
    }
    const header = ws.addRow(s.columns.map((c) => c.header))
    header.font = { bold: true }
    s.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 2)
    })
    for (const r of s.rows) ws.addRow(r.map(safeCell))
    ws.views = [{ state: 'frozen', ySplit: header.number }]
  }
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

export { XLSX_TYPE }

/** The workbook as a download; the Chinese file name goes in filename* (RFC 6266 / 5987). */
export function xlsxResponse(c: Context, data: Uint8Array, filename: string) {
  c.header('Content-Type', XLSX_TYPE)
  c.header('Content-Disposition', attachment(filename, 'export'))
  c.header('Cache-Control', 'no-store')
  return c.body(data as unknown as ArrayBuffer, 200)
}
