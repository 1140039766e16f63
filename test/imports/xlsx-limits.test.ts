/**
 * Issue 13 item 1: the lean XLSX reader's caps. A crafted workbook (one cell inflating to
 * 1.2 GB) is refused as a bad 文件 after reading a few MB, and never handed to exceljs.
 */
import { describe, expect, it } from 'vitest'
import { Zip, ZipDeflate, strToU8 } from 'fflate'
import { AppError } from '../../src/errors.js'
import { readXlsx, guardForExceljs } from '../../src/imports/read.js'
import { XLSX_LIMITS } from '../../src/imports/xlsx-lean.js'
import { bombXlsx } from './bomb.js'

const collect = async (it: AsyncIterable<{ row: number; cells: string[] }>) => {
  const out: Array<{ row: number; cells: string[] }> = []
  for await (const r of it) out.push(r)
  return out
}

/** A minimal workbook whose sheet XML is `sheet` (and shared strings `shared`, when given). */
function book(sheet: string, shared?: string, workbook = true): Uint8Array {
  const out: Uint8Array[] = []
  const zip = new Zip((err, c) => {
    if (err) throw err
    out.push(c)
  })
  const add = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 1 })
    zip.add(f)
    f.push(strToU8(text), true)
  }
  if (workbook) add('xl/workbook.xml', '<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>')
  if (shared) add('xl/sharedStrings.xml', shared)
  add('xl/worksheets/sheet1.xml', sheet)
  zip.end()
  const all = new Uint8Array(out.reduce((n, c) => n + c.length, 0))
  let o = 0
  for (const c of out) {
    all.set(c, o)
    o += c.length
  }
  return all
}

const refusal = async (bytes: Uint8Array) => {
  try {
    await collect(readXlsx(bytes))
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).status).toBe(400)
    expect((e as AppError).extra.field).toBe('file')
    return (e as AppError).message
  }
  throw new Error('not refused')
}

const rowXml = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`

describe('XLSX caps', () => {
  it('refuses the 1.2 GB one-cell workbook as 文件, after reading only a few MB', async () => {
    const bytes = bombXlsx()
    expect(bytes.length).toBeLessThan(1.5 * 1024 * 1024)
    const before = process.memoryUsage().heapUsed
    const message = await refusal(bytes)
    expect(message).toMatch(/^文件：有一行内容过长/)
    // Nothing near the inflated size was held.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024)
  })

  it('refuses a cell longer than Excel allows, and a column past XFD', async () => {
    const long = 'x'.repeat(XLSX_LIMITS.cellChars + 1)
    expect(await refusal(book(`<worksheet><sheetData>${rowXml(1, ['姓名', long])}</sheetData></worksheet>`))).toMatch(
      /^文件：有单元格超过 32,767 个字符/,
    )
    expect(
      await refusal(
        book(
          '<worksheet><sheetData><row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
        ),
      ),
    ).toMatch(/^文件：列数超过/)
    // A long shared string is refused the same way.
    expect(
      await refusal(
        book(
          '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
          `<sst><si><t>${long}</t></si></sst>`,
        ),
      ),
    ).toMatch(/^文件：有单元格超过/)
  })

  it('refuses a workbook that inflates past the byte budget, however its rows are cut', async () => {
    const saved = XLSX_LIMITS.inflatedBytes
    XLSX_LIMITS.inflatedBytes = 2 * 1024 * 1024
    try {
      const rows: string[] = []
      for (let r = 1; r <= 20_000; r++) rows.push(rowXml(r, ['张三', '计算机学院', String(r)]))
      const message = await refusal(book(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`))
      expect(message).toMatch(/^文件：工作簿解压后超过 2 MB/)
    } finally {
      XLSX_LIMITS.inflatedBytes = saved
    }
  })

  it('still reads ordinary workbooks, and a workbook the lean reader cannot follow goes to exceljs only past the guard', async () => {
    const ok = book(
      `<worksheet><sheetData>${rowXml(1, ['姓名', '学号'])}${rowXml(2, ['张三', '2022001'])}</sheetData></worksheet>`,
    )
    expect(await collect(readXlsx(ok))).toEqual([
      { row: 1, cells: ['姓名', '学号'] },
      { row: 2, cells: ['张三', '2022001'] },
    ])
    // The bomb without a workbook.xml would go to exceljs; the guard refuses it first.
    const noWorkbook = bombXlsx({ cellMiB: 2 })
    expect(() => guardForExceljs(noWorkbook)).toThrow(/文件：有单元格超过/)
    const headless = book(
      `<worksheet><sheetData>${rowXml(1, ['x'.repeat(300_000)])}</sheetData></worksheet>`,
      undefined,
      false,
    )
    expect(await refusal(headless)).toMatch(/^文件：有单元格超过/)
  })
})
