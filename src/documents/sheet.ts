/**
 * The sheet (contract §4.5; layout after seed 004, 4.1 "全国普通高等学校毕业生去向登记信息"): one A4
 * page a clerk can read at a glance — the title, the number, four tables (基本信息, 毕业去向信息,
 * 档案转递信息, 户口迁移信息), how to verify (the address and the validity end) and the QR code.
 *
 * All text is real text in the embedded CJK font (a subset per document), so it can be searched,
 * copied and read back. The input is a plain, serializable `SheetData`, so worker threads can
 * render it as well as the request's own thread.
 */
import PDFDocument from 'pdfkit'
import type { CjkFont } from './fonts.js'
import { drawQr, qrMatrix } from './qr.js'

export interface SheetData {
  kind: 'transfer' | 'verification'
  number: string
  /** The QR code's text: `{PUBLIC_BASE_URL}/v/{number}?s={signature}`. */
  qrText: string
  /** PUBLIC_BASE_URL + '/verify'. */
  verifyUrl: string
  /** The last valid second, as shown to people: 2026-12-31 23:59:59（北京时间）. */
  validUntil: string
  /** When the number was made, shown in the footer (YYYY-MM-DD HH:mm, Beijing time). */
  issuedAt: string
  school: string
  graduate: {
    name: string
    gender: string
    graduationTime: string
    lengthOfSchooling: string
    major: string
    education: string
    origin: string
  }
  destination: { type: string; unitName: string; unitLocation: string; school: string; country: string } | null
  archive: {
    transferType: string
    unitName: string
    unitAddress: string
    unitLocation: string
    postcode: string
    contact: string
    phone: string
  } | null
  /** null when there is none, or when the reader may not see 户口 (the section is left out). */
  hukou: { migrationType: string; location: string; address: string } | null
}

const NUMBER_LABEL = { transfer: '转递编号', verification: '核验编号' } as const

/** A font for the document: the parsed CJK font, or a standard font name (benchmark baseline). */
export type SheetFont = CjkFont | 'Helvetica'

const A4 = { w: 595.28, h: 841.89 }
const M = 48
const W = A4.w - 2 * M
const LABEL_W = 92
const HALF = W / 2
const PAD_X = 6
const ROW_H = 21
const FS = 10

interface Cell {
  label: string
  value: string
}
type Row = [Cell] | [Cell, Cell]

const dash = (s: string | null | undefined) => (s && s.trim() ? s : '--')

function sheetSections(d: SheetData): Array<{ title: string; rows: Row[] }> {
  const g = d.graduate
  const sections: Array<{ title: string; rows: Row[] }> = [
    {
      title: '基本信息',
      rows: [
        [
          { label: '姓名', value: g.name },
          { label: '性别', value: g.gender },
        ],
        [{ label: '毕业院校', value: d.school }],
        [
          { label: '毕业时间', value: g.graduationTime },
          { label: '学制', value: g.lengthOfSchooling },
        ],
        [
          { label: '专业', value: g.major },
          { label: '学历', value: g.education },
        ],
        [{ label: '生源所在地', value: g.origin }],
      ],
    },
  ]
  const dest = d.destination
  const destRows: Row[] = [[{ label: '毕业去向', value: dash(dest?.type) }]]
  if (dest?.unitName) destRows.push([{ label: '单位名称', value: dest.unitName }])
  if (dest?.unitLocation) destRows.push([{ label: '单位所在地', value: dest.unitLocation }])
  if (dest?.school) destRows.push([{ label: '升学院校', value: dest.school }])
  if (dest?.country) destRows.push([{ label: '国家或地区', value: dest.country }])
  sections.push({ title: '毕业去向信息', rows: destRows })
  const a = d.archive
  sections.push({
    title: '档案转递信息',
    rows: a
      ? [
          [{ label: '档案转递类型', value: dash(a.transferType) }],
          [{ label: '单位名称', value: dash(a.unitName) }],
          [{ label: '单位地址', value: dash(a.unitAddress) }],
          [
            { label: '单位所在地', value: dash(a.unitLocation) },
            { label: '单位邮编', value: dash(a.postcode) },
          ],
          [
            { label: '联系人/联系部门', value: dash(a.contact) },
            { label: '联系电话', value: dash(a.phone) },
          ],
        ]
      : [[{ label: '档案转递类型', value: '--' }]],
  })
  const h = d.hukou
  if (h) {
    const rows: Row[] = [[{ label: '户口迁移类型', value: dash(h.migrationType) }]]
    if (h.migrationType !== '不迁移') {
      rows.push([{ label: '迁入地', value: dash(h.location) }])
      rows.push([{ label: '迁入地址', value: dash(h.address) }])
    }
    sections.push({ title: '户口迁移信息', rows })
  }
  return sections
}

function sheetNotes(d: SheetData): string[] {
  const label = NUMBER_LABEL[d.kind]
  return [
    `1. 登记信息由${d.school}毕业去向登记系统提供，来自毕业生离校时上报并经学校审核的信息，如有问题请联系毕业生或学校核实。`,
    `2. 核验方式：① 访问 ${d.verifyUrl} ，选择查询类型（档案或户口），正确输入毕业生姓名和${label}进行核验；② 用手机扫描右上角二维码在线核验。`,
    `3. 本${label}的查询核验服务截止到 ${d.validUntil}${d.kind === 'transfer' ? '（毕业时间加六个月）' : '（由毕业生授权设定，最迟为毕业时间加六个月）'}；过期只表示不能再在线核验，不表示去向登记失效。`,
  ]
}

/** Draws one sheet on the current page of `doc` (the caller adds pages). */
export function drawSheet(doc: PDFKit.PDFDocument, d: SheetData) {
  const qrSize = 104
  drawQr(doc, qrMatrix(d.qrText), A4.w - M - qrSize + 8, M - 12, qrSize)
  doc.fillColor('#000000')
  doc
    .fontSize(9)
    .text('扫码核验', A4.w - M - qrSize + 8, M - 12 + qrSize - 4, { width: qrSize, align: 'center', lineBreak: false })

  doc.fontSize(19).text('毕业生去向登记信息', M, M + 4, { lineBreak: false })
  doc
    .fontSize(11)
    .fillColor('#333333')
    .text(d.school, M, M + 34, { lineBreak: false })
  doc
    .fillColor('#000000')
    .fontSize(12)
    .text(`${NUMBER_LABEL[d.kind]}：`, M, M + 62, { lineBreak: false })
  doc.fontSize(15).text(d.number, M + 62, M + 59.5, { lineBreak: false, characterSpacing: 1 })

  let y = M + 104
  const grid: Array<[number, number, number, number]> = []
  for (const section of sheetSections(d)) {
    doc.rect(M, y, W, ROW_H).fill('#e6e6e6')
    doc
      .fillColor('#000000')
      .fontSize(11)
      .text(section.title, M + PAD_X, y + 5, { lineBreak: false })
    grid.push([M, y, W, ROW_H])
    y += ROW_H
    doc.fontSize(FS)
    for (const row of section.rows) {
      const cells = row.map((cell, i) => {
        const x = M + i * HALF
        const valueW = (row.length === 1 ? W : HALF) - LABEL_W
        return { cell, x, valueW }
      })
      let h = ROW_H
      for (const { cell, valueW } of cells) {
        if (doc.widthOfString(cell.value) > valueW - 2 * PAD_X) {
          h = Math.max(h, Math.min(doc.heightOfString(cell.value, { width: valueW - 2 * PAD_X }), FS * 1.5 * 3) + 11)
        }
      }
      for (const { cell, x, valueW } of cells) {
        doc.rect(x, y, LABEL_W, h).fill('#f5f5f5')
        doc.fillColor('#444444').text(cell.label, x + PAD_X, y + 5.5, { width: LABEL_W - 2 * PAD_X, lineBreak: false })
        doc
          .fillColor('#000000')
          .text(cell.value, x + LABEL_W + PAD_X, y + 5.5, { width: valueW - 2 * PAD_X, height: h - 8, ellipsis: true })
        grid.push([x, y, LABEL_W, h], [x + LABEL_W, y, valueW, h])
      }
      y += h
    }
    y += 8
  }
  doc.lineWidth(0.6).strokeColor('#888888')
  for (const [x, yy, w, h] of grid) doc.rect(x, yy, w, h)
  doc.stroke()

  y += 6
  doc.fillColor('#000000').fontSize(11).text('注意事项', M, y, { lineBreak: false })
  y += 18
  doc.fontSize(9.5).fillColor('#222222')
  for (const note of sheetNotes(d)) {
    doc.text(note, M, y, { width: W, lineGap: 2 })
    y = doc.y + 3
  }
  doc
    .fontSize(8)
    .fillColor('#666666')
    .text(`生成时间：${d.issuedAt}（北京时间）`, M, A4.h - M - 4, { width: W, align: 'right', lineBreak: false })
  doc.fillColor('#000000')
}

function newDocument(font: SheetFont, title: string) {
  return new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    // The CJK font as the default font: pdfkit then never loads Helvetica for these documents.
    font: font as unknown as string,
    displayTitle: true,
    info: { Title: title, Creator: 'quxiang 去向', Producer: 'quxiang 去向' },
  })
}

/** Where a document's bytes go as pdfkit makes them. */
export interface PdfSink {
  data(chunk: Uint8Array): void
  end(): void
  error(e: unknown): void
}

/** An open many-page document writing into `sink` as pages are finished. */
export function openBook(font: SheetFont, title: string, sink: PdfSink) {
  const doc = newDocument(font, title)
  doc.on('data', (c: Uint8Array) => sink.data(c))
  doc.on('end', () => sink.end())
  doc.on('error', (e: unknown) => sink.error(e))
  return {
    doc,
    empty(message: string) {
      doc.addPage()
      doc.fontSize(14).text(message, M, M)
    },
    end() {
      doc.end()
    },
  }
}

function collect(write: (sink: PdfSink) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    write({
      data: (c) => chunks.push(c),
      end: () => {
        let n = 0
        for (const c of chunks) n += c.length
        const out = new Uint8Array(n)
        let o = 0
        for (const c of chunks) {
          out.set(c, o)
          o += c.length
        }
        resolve(out)
      },
      error: reject,
    })
  })
}

/** A whole PDF in memory: the document `draw` makes (it adds its own pages), titled `title`. */
export function renderPdf(
  font: SheetFont,
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  return collect((sink) => {
    const book = openBook(font, title, sink)
    draw(book.doc)
    book.end()
  })
}

/** One sheet as its own PDF. */
export function renderSheet(d: SheetData, font: SheetFont): Promise<Uint8Array> {
  return renderPdf(font, `毕业生去向登记信息 ${d.number}`, (doc) => {
    doc.addPage()
    drawSheet(doc, d)
  })
}
