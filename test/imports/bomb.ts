/**
 * The crafted workbook of issue 13 item 1, built here: a valid .xlsx of about 1.2 MB whose one
 * cell inflates to 1.2 GB of text. Deflating 1.2 GB would take a minute, so one raw-deflate block
 * of 1 MiB of "A" (sync-flushed: byte-aligned, not final) is repeated: a block's back-references
 * reach into the previous one's output, so the repeats decode to 1 MiB each. fflate's Zip takes
 * the entry with its size and CRC given (zlib's crc32, chunk by chunk).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib'
import { Zip, ZipDeflate, strToU8, type ZipInputFile } from 'fflate'

export function bombXlsx({ cellMiB = 1200 } = {}): Uint8Array {
  const out: Uint8Array[] = []
  const zip = new Zip((err, chunk) => {
    if (err) throw err
    out.push(chunk)
  })
  const add = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 6 })
    zip.add(f)
    f.push(strToU8(text), true)
  }
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  )
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  )
  add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="生源" sheetId="1" r:id="rId1"/></sheets></workbook>',
  )
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  )
  const head = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>',
  )
  const tail = strToU8('</t></is></c></row></sheetData></worksheet>')
  const mib = new Uint8Array(1 << 20).fill(0x41)
  const flush = { finishFlush: constants.Z_SYNC_FLUSH }
  const headBlock = deflateRawSync(head, flush)
  const block = deflateRawSync(mib, { ...flush, level: 9 })
  const tailBlock = deflateRawSync(tail) // final
  let crc = crc32(head)
  for (let i = 0; i < cellMiB; i++) crc = crc32(mib, crc)
  crc = crc32(tail, crc)
  const sheet: ZipInputFile = {
    filename: 'xl/worksheets/sheet1.xml',
    size: head.length + cellMiB * mib.length + tail.length,
    crc,
    compression: 8,
  }
  zip.add(sheet)
  sheet.ondata!(null, headBlock, false)
  for (let i = 0; i < cellMiB; i++) sheet.ondata!(null, block, false)
  sheet.ondata!(null, tailBlock, true)
  zip.end()
  const all = new Uint8Array(out.reduce((n, c) => n + c.length, 0))
  let o = 0
  for (const c of out) {
    all.set(c, o)
    o += c.length
  }
  return all
}
