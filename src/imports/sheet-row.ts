/** One row of an uploaded sheet, as every reader (CSV, the lean XLSX reader, exceljs) yields it. A leaf
 * module of its own, so the readers and the parser share it without importing each other. */
export interface SheetRow {
  /** The row number as the spreadsheet program shows it. */
  row: number
  cells: string[]
}
