/**
 * exceljs is large (about 20 MB resident once loaded) and most requests never touch a
 * spreadsheet: it is loaded on first use, not at start-up, which keeps a plain process (and the
 * 50,000-row import, whose main path reads XLSX without it) lighter.
 */
type ExcelJSModule = typeof import('exceljs')
let loading: Promise<ExcelJSModule> | undefined

export async function loadExcelJS(): Promise<ExcelJSModule> {
  const mod = (await (loading ??= import('exceljs') as Promise<ExcelJSModule>)) as ExcelJSModule & {
    default?: ExcelJSModule
  }
  return mod.default ?? mod
}
