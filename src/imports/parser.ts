/**
 * Who parses uploaded sheets. The default parses in the request's own thread (the only choice on
 * Workers, and what tests use); the Node entry hands in a pool of worker threads with a capped
 * heap (src/platform/node/sheet-parse-pool.ts), so a large or hostile file cannot stall other
 * users or take the process's heap down (issue 13 item 1, issue 19 item 1). Either way the rows
 * come from `openSheet` below, the same code.
 */
import { AppError } from '../errors.js'
import { countXlsxRows, decodeCsv, parseCsv, readXlsx, sniffFormat } from './read.js'
import type { SheetRow } from './sheet-row.js'

export const MAX_IMPORT_ROWS = 100_000

export interface SheetParser {
  /**
   * The rows of an upload (format sniffed, row limit checked before the first row). A bad file
   * throws AppError naming 文件 from the first `next()`.
   */
  open(bytes: Uint8Array, filename: string, maxRows: number): AsyncIterable<SheetRow>
}

export const isBlank = (cells: string[]) => cells.every((c) => c === undefined || c === null || String(c).trim() === '')

const fileError = (message: string) => new AppError('validation_error', `文件：${message}`, { field: 'file' })
const tooManyRows = (maxRows: number) =>
  fileError(`数据超过 ${maxRows.toLocaleString('en-US')} 行，请拆分为多个文件分别导入`)

/** Opens the sheet: format check, row limit, and the rows. */
export async function* openSheet(bytes: Uint8Array, filename: string, maxRows = MAX_IMPORT_ROWS) {
  const format = sniffFormat(bytes, filename)
  if (format === 'xlsx') {
    const n = await countXlsxRows(bytes, maxRows + 1)
    if (n > maxRows + 1) throw tooManyRows(maxRows)
    yield* readXlsx(bytes)
    return
  }
  const { text } = decodeCsv(bytes)
  let n = 0
  for await (const r of parseCsv(text)) if (!isBlank(r.cells) && ++n > maxRows + 1) throw tooManyRows(maxRows)
  yield* parseCsv(text)
}

const inlineSheetParser: SheetParser = { open: openSheet }

/** The handed-in parser, else the inline one. Typed structurally (not `AppDeps`): deps.ts names `SheetParser`, so
 * importing it back here would make a cycle. */
export const sheetParser = (deps: { sheetParser?: SheetParser }): SheetParser => deps.sheetParser ?? inlineSheetParser
