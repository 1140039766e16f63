/**
 * 毕业生就业推荐表 (contract §6, issue 14 item 9; seed 003 §二(三): filled in online by the
 * graduate, printed once the 院系 has approved it): an A4 paper form — the title and the school,
 * one bordered table of the roster's basic data, the graduate's five parts (求职意向, 自我评价,
 * 奖惩情况, 社会实践, 特长), and the 院系意见 with the 院系's name and the date of the approval — and a
 * QR code to the public page that confirms the 院系 approved it.
 *
 * Each part may hold 1,000 字, so a full form runs over one page: a row that does not fit on the
 * page starts the next one (under a short 续 header), and no row is ever cut. All text is real
 * text in the embedded CJK font subset (src/documents/fonts.ts), so it can be searched, copied and
 * read back. The input is plain data chosen field by field by the caller (no 身份证号 on it).
 */
import type { CjkFont } from './fonts.js'
import { renderPdf } from './sheet.js'
import { drawQr, qrMatrix } from './qr.js'

export interface RecommendationDocData {
  school: string
  graduate: {
    name: string
    gender: string
    ethnicity: string
    political: string
    education: string
    graduationTime: string
    studentNo: string
    department: string
    major: string
    phone: string
    email: string
  }
  /** The five parts in the form's order; an empty one prints as 无. */
  parts: Array<{ label: string; text: string | null }>
  opinion: string
  /** The 院系 that approved it (printed under its opinion). */
  department: string
  /** The day of the approval, as a form prints it: 2026年6月15日. */
  decidedOn: string
  /** `{PUBLIC_BASE_URL}/r/{id}?s={signature}`. */
  qrText: string
  /** When this PDF was made (YYYY-MM-DD HH:mm, Beijing time). */
  generatedAt: string
}

const A4 = { w: 595.28, h: 841.89 }
const M = 46
const W = A4.w - 2 * M
const LABEL_W = 64
const ROW_H = 24
const PAD = 6
const FS = 10
const LINE_GAP = 3
const BOTTOM = A4.h - M - 34
const LINE = '#555555'
const LABEL_BG = '#f2f2f2'

interface Cell {
  label: string
  value: string
}

const dash = (s: string | null | undefined) => (s && s.trim() ? s.trim() : '--')

/** A row of label–value cells sharing the width equally; every border drawn with it. */
function basicRow(doc: PDFKit.PDFDocument, cells: Cell[], y: number): number {
  const cw = W / cells.length
  doc.fontSize(FS)
  let h = ROW_H
  for (const c of cells) {
    const vw = cw - LABEL_W - 2 * PAD
    h = Math.max(h, doc.heightOfString(dash(c.value), { width: vw, lineGap: 1 }) + 12)
  }
  cells.forEach((c, i) => {
    const x = M + i * cw
    doc.rect(x, y, LABEL_W, h).fill(LABEL_BG)
    doc
      .fillColor('#000000')
      .text(c.label, x + 2, y + (h - FS) / 2 - 1, { width: LABEL_W - 4, align: 'center', lineBreak: false })
    doc.text(dash(c.value), x + LABEL_W + PAD, y + 6.5, { width: cw - LABEL_W - 2 * PAD, lineGap: 1 })
    doc
      .lineWidth(0.7)
      .strokeColor(LINE)
      .rect(x, y, LABEL_W, h)
      .rect(x + LABEL_W, y, cw - LABEL_W, h)
      .stroke()
  })
  return y + h
}

const TEXT_W = W - LABEL_W - 2 * PAD

/** The height of a part's row: its text (plus room below it), at least `minH`. */
function partHeight(doc: PDFKit.PDFDocument, text: string, minH: number, below = 0): number {
  doc.fontSize(FS)
  const textH = doc.heightOfString(text, { width: TEXT_W, lineGap: LINE_GAP })
  return Math.max(minH, textH + 16 + below)
}

/**
 * How many characters of `text` fit in `maxH` (code points; binary search on the measured height).
 * A cut inside a Latin word moves back to the space before it, so words are not split.
 */
function fittingLength(doc: PDFKit.PDFDocument, chars: string[], maxH: number): number {
  doc.fontSize(FS)
  let lo = 0
  let hi = chars.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (doc.heightOfString(chars.slice(0, mid).join(''), { width: TEXT_W, lineGap: LINE_GAP }) <= maxH) lo = mid
    else hi = mid - 1
  }
  if (lo < chars.length && /\w/.test(chars[lo]) && /\w/.test(chars[lo - 1] ?? '')) {
    const space = chars.slice(0, lo).lastIndexOf(' ')
    if (space > lo - 30 && space > 0) return space + 1
  }
  return lo
}

/** A part of the form: its name down the left column, the text across the rest of the width. */
function drawPart(
  doc: PDFKit.PDFDocument,
  label: string,
  text: string,
  y: number,
  h: number,
  after?: (top: number, h: number) => void,
) {
  const vw = W - LABEL_W - 2 * PAD
  doc.rect(M, y, LABEL_W, h).fill(LABEL_BG)
  // The label in the middle of its column, as on the paper form.
  doc
    .fillColor('#000000')
    .fontSize(FS + 0.5)
    .text(label, M + 2, y + h / 2 - FS / 2 - 2, { width: LABEL_W - 4, align: 'center', lineBreak: false })
  doc.fontSize(FS).text(text, M + LABEL_W + PAD, y + 8, { width: vw, lineGap: LINE_GAP })
  after?.(y, h)
  doc
    .lineWidth(0.7)
    .strokeColor(LINE)
    .rect(M, y, LABEL_W, h)
    .rect(M + LABEL_W, y, W - LABEL_W, h)
    .stroke()
}

function header(doc: PDFKit.PDFDocument, d: RecommendationDocData) {
  const qrSize = 86
  const qx = A4.w - M - qrSize + 10
  drawQr(doc, qrMatrix(d.qrText), qx, M - 18, qrSize)
  doc
    .fillColor('#000000')
    .fontSize(8)
    .text('扫码核验', qx, M - 18 + qrSize - 6, { width: qrSize, align: 'center', lineBreak: false })
  doc.fontSize(21).text('毕业生就业推荐表', M, M + 8, { width: W, align: 'center', lineBreak: false })
  doc
    .fontSize(11.5)
    .fillColor('#222222')
    .text(d.school, M, M + 40, { width: W, align: 'center', lineBreak: false })
  doc
    .fillColor('#000000')
    .fontSize(9.5)
    .text(`学号：${d.graduate.studentNo}`, M, M + 72, { lineBreak: false })
  return M + 88
}

function continuation(doc: PDFKit.PDFDocument, d: RecommendationDocData) {
  doc.addPage()
  doc
    .fillColor('#444444')
    .fontSize(9)
    .text(`毕业生就业推荐表（续） ${d.graduate.name} ${d.graduate.studentNo}`, M, M - 14, { lineBreak: false })
  doc.fillColor('#000000')
  return M + 2
}

function drawRecommendation(doc: PDFKit.PDFDocument, d: RecommendationDocData) {
  doc.addPage()
  const g = d.graduate
  let y = header(doc, d)
  doc.rect(M, y, W, 22).fill('#e4e4e4')
  doc
    .fillColor('#000000')
    .fontSize(11)
    .text('基本信息', M + PAD, y + 5.5, { lineBreak: false })
  doc.lineWidth(0.7).strokeColor(LINE).rect(M, y, W, 22).stroke()
  y += 22
  const rows: Cell[][] = [
    [
      { label: '姓名', value: g.name },
      { label: '性别', value: g.gender },
      { label: '民族', value: g.ethnicity },
    ],
    [
      { label: '政治面貌', value: g.political },
      { label: '学历', value: g.education },
      { label: '毕业时间', value: g.graduationTime },
    ],
    [
      { label: '毕业院校', value: d.school },
      { label: '院系', value: g.department },
    ],
    [{ label: '专业', value: g.major }],
    [
      { label: '手机', value: g.phone },
      { label: '电子邮箱', value: g.email },
    ],
  ]
  for (const r of rows) y = basicRow(doc, r, y)

  // Room to write in, as on paper; a typical form (a few lines a part) fits on one page.
  const MIN_H: Record<string, number> = { 求职意向: 40, 自我评价: 90 }
  for (const p of d.parts) {
    let text = p.text && p.text.trim() ? p.text : '无'
    for (;;) {
      const h = partHeight(doc, text, MIN_H[p.label] ?? 56)
      if (y + h <= BOTTOM) {
        drawPart(doc, p.label, text, y, h)
        y += h
        break
      }
      // A long part fills what is left of the page and goes on on the next one (a part of
      // 1,000 字 would otherwise leave half a page empty); a short one moves over whole.
      const room = BOTTOM - y
      const chars = [...text]
      const n = room >= 100 ? fittingLength(doc, chars, room - 16) : 0
      if (n >= 40 && n < chars.length) {
        drawPart(doc, p.label, chars.slice(0, n).join(''), y, room)
        text = chars.slice(n).join('').replace(/^\s+/, '')
      }
      y = continuation(doc, d)
    }
  }

  // 院系意见: the opinion, then the 院系 and the date at the bottom right, as signed on paper.
  const signH = 40
  const h = partHeight(doc, d.opinion, 80, signH)
  if (y + h > BOTTOM) y = continuation(doc, d)
  drawPart(doc, '院系意见', d.opinion, y, h, (top, hh) => {
    const x = M + LABEL_W + PAD
    const w = W - LABEL_W - 2 * PAD - 8
    doc
      .fontSize(FS)
      .fillColor('#000000')
      .text(`${d.department}（盖章）`, x, top + hh - signH + 2, { width: w, align: 'right', lineBreak: false })
    doc.text(d.decidedOn, x, top + hh - signH + 19, { width: w, align: 'right', lineBreak: false })
  })
  y += h

  const note = `说明：基本信息来自${d.school}的毕业生生源信息；求职意向、自我评价、奖惩情况、社会实践、特长由毕业生本人填写，经${d.department}审核推荐。扫描右上角二维码可在线核验本表。`
  doc.fontSize(8.5)
  if (y + 8 + doc.heightOfString(note, { width: W, lineGap: 2 }) > A4.h - M) y = continuation(doc, d)
  doc.fillColor('#333333').text(note, M, y + 8, { width: W, lineGap: 2 })
  doc
    .fontSize(8)
    .fillColor('#666666')
    .text(`生成时间：${d.generatedAt}（北京时间）`, M, A4.h - M - 2, { width: W, align: 'right', lineBreak: false })
  doc.fillColor('#000000')
}

/** One 推荐表 as its own PDF. */
export function renderRecommendation(d: RecommendationDocData, font: CjkFont | 'Helvetica'): Promise<Uint8Array> {
  return renderPdf(font, `毕业生就业推荐表 ${d.graduate.studentNo} ${d.graduate.name}`, (doc) => {
    drawRecommendation(doc, d)
  })
}
