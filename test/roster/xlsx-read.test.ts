import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { readXlsxLean, decodeXml } from '../../src/imports/xlsx-lean.js'
import { readXlsxExceljs, countXlsxRows, parseCsv, decodeCsv } from '../../src/imports/read.js'

async function book() {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('第一页')
  ws.addRow(['学号', '姓名', '学制'])
  ws.addRow(['2022001', { richText: [{ text: '阿依' }, { text: '古丽' }] }, 4])
  ws.getCell('A4').value = 'x<&>"\'y'
  ws.getCell('D4').value = 2.5
  ws.getCell('C4').value = 13800138000
  wb.addWorksheet('第二页').addRow(['不读'])
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const collect = async (it: AsyncIterable<{ row: number; cells: string[] }>) => {
  const out: Array<{ row: number; cells: string[] }> = []
  for await (const r of it) out.push(r)
  return out
}

describe('XLSX reading', () => {
  it('reads the first sheet with row numbers, rich text, entities, numbers and gaps — as exceljs does', async () => {
    const bytes = await book()
    const lean = await collect(readXlsxLean(bytes))
    expect(lean).toEqual([
      { row: 1, cells: ['学号', '姓名', '学制'] },
      { row: 2, cells: ['2022001', '阿依古丽', '4'] },
      { row: 4, cells: ['x<&>"\'y', '', '13800138000', '2.5'] },
    ])
    const viaExceljs = await collect(readXlsxExceljs(bytes))
    expect(viaExceljs.map((r) => ({ row: r.row, cells: r.cells.map((c) => c ?? '') }))).toEqual(lean)
    expect(await countXlsxRows(bytes)).toBe(4) // the last row number, from the sheet's dimension
  })

  it('decodes XML escapes', () => {
    expect(decodeXml('a&amp;b&#x4E2D;&#22269;_x000D_')).toBe('a&b中国\r')
  })

  it('parses CSV records with quotes, embedded line breaks and CRLF', async () => {
    const rows = await collect(parseCsv('a,b\r\n"x ""q""","line1\nline2"\r\n\r\nlast,\n'))
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x "q"', 'line1\nline2'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['last', ''] },
    ])
    expect(decodeCsv(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])).text).toBe('中文')
    expect(decodeCsv(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])).encoding).toBe('gb18030')
  })

  it('reads CSV across the parser’s chunks: a quoted cell and a surrogate pair on the boundary', async () => {
    // 64 KiB of text per chunk: the emoji's two halves straddle the first boundary.
    const long = 'x'.repeat(64 * 1024 - 8)
    const rows = await collect(parseCsv(`h1\th2\n"${long}😀\ny"\tz\rlast\t`))
    expect(rows).toEqual([
      { row: 1, cells: ['h1', 'h2'] },
      { row: 2, cells: [`${long}😀\ny`, 'z'] },
      { row: 3, cells: ['last', ''] },
    ])
  })

  it('refuses a CSV whose quote is never closed, naming the record it opens in', async () => {
    await expect(collect(parseCsv('a,b\nc,d\ne,"f\ng\n'))).rejects.toThrow('文件：第 3 行起的引号没有闭合')
  })
})
