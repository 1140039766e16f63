/**
 * 毕业生就业协议书 (contract §5 "The agreement document"; seed 004 §2.3 "生成电子协议，完成签约，
 * 无需盖章", §2.5 "生成电子就业协议书，打印、盖章、回传"): one A4 page with both parties (甲方 the
 * unit, 乙方 the graduate), the school's 协议经办人, the job and terms, the 协议编号 and dates, and —
 * once the agreement has a number — a QR code to its public status page. Real, extractable text
 * in the embedded subset CJK font (the sheets' font, src/documents/fonts.ts).
 */
import type { CjkFont } from './fonts.js'
import { renderPdf } from './sheet.js'
import { drawQr, qrMatrix } from './qr.js'

export interface AgreementDocData {
  agreementNo: string | null
  kindName: string
  statusName: string
  /** 两方协议 or 三方协议 (the province's setting, §8), printed under the title. */
  agreementType: string
  school: string
  graduate: {
    name: string
    gender: string
    idNumberMasked: string
    studentNo: string
    department: string
    major: string
    education: string
    graduationTime: string
  }
  unit: {
    name: string
    creditCode: string
    nature: string
    industry: string
    location: string
    address: string
    contact: string
    phone: string
    email: string
  }
  job: Array<{ label: string; value: string }>
  archiveTransfer: string
  hukouTransfer: string
  terms: string
  agent: { name: string; phone: string; address: string; postcode: string } | null
  dates: Array<{ label: string; value: string }>
  /** `{PUBLIC_BASE_URL}/a/{agreementNo}?s=…`, or null before the agreement has a number. */
  qrText: string | null
  generatedAt: string
}

const A4 = { w: 595.28, h: 841.89 }
const M = 44
const W = A4.w - 2 * M
const LABEL_W = 88
const ROW_H = 20
const PAD = 5
const FS = 9.5

const dash = (s: string | null | undefined) => (s && String(s).trim() ? String(s) : '--')

type Cell = { label: string; value: string }

function table(doc: PDFKit.PDFDocument, title: string, rows: Array<Cell[]>, y: number): number {
  doc.rect(M, y, W, ROW_H).fill('#e6e6e6')
  doc
    .fillColor('#000000')
    .fontSize(10.5)
    .text(title, M + PAD, y + 5, { lineBreak: false })
  const boxes: Array<[number, number, number, number]> = [[M, y, W, ROW_H]]
  y += ROW_H
  doc.fontSize(FS)
  for (const row of rows) {
    const cw = W / row.length
    let h = ROW_H
    for (const c of row) {
      const vw = cw - LABEL_W - 2 * PAD
      if (doc.widthOfString(dash(c.value)) > vw)
        h = Math.max(h, Math.min(doc.heightOfString(dash(c.value), { width: vw }), 60) + 10)
    }
    row.forEach((c, i) => {
      const x = M + i * cw
      doc.rect(x, y, LABEL_W, h).fill('#f5f5f5')
      doc.fillColor('#444444').text(c.label, x + PAD, y + 5.5, { width: LABEL_W - 2 * PAD, lineBreak: false })
      doc.fillColor('#000000').text(dash(c.value), x + LABEL_W + PAD, y + 5.5, {
        width: cw - LABEL_W - 2 * PAD,
        height: h - 8,
        ellipsis: true,
      })
      boxes.push([x, y, LABEL_W, h], [x + LABEL_W, y, cw - LABEL_W, h])
    })
    y += h
  }
  doc.lineWidth(0.6).strokeColor('#888888')
  for (const [x, yy, w, hh] of boxes) doc.rect(x, yy, w, hh)
  doc.stroke()
  return y + 8
}

function drawAgreement(doc: PDFKit.PDFDocument, d: AgreementDocData) {
  const qrSize = 92
  if (d.qrText) {
    drawQr(doc, qrMatrix(d.qrText), A4.w - M - qrSize + 6, M - 14, qrSize)
    doc
      .fillColor('#000000')
      .fontSize(8)
      .text('扫码查验协议状态', A4.w - M - qrSize + 6, M - 14 + qrSize - 4, {
        width: qrSize,
        align: 'center',
        lineBreak: false,
      })
  }
  doc.fillColor('#000000').fontSize(20).text('毕业生就业协议书', M, M, { lineBreak: false })
  doc
    .fontSize(10)
    .fillColor('#333333')
    .text(`${d.agreementType} · ${d.kindName} · ${d.statusName}`, M, M + 30, { lineBreak: false })
  doc
    .fillColor('#000000')
    .fontSize(11)
    .text(`协议编号：${d.agreementNo ?? '（鉴证通过后生成）'}`, M, M + 50, { lineBreak: false })

  let y = M + 82
  y = table(
    doc,
    '甲方（用人单位）',
    [
      [{ label: '单位名称', value: d.unit.name }],
      [
        { label: '统一社会信用代码', value: d.unit.creditCode },
        { label: '单位性质', value: d.unit.nature },
      ],
      [
        { label: '单位行业', value: d.unit.industry },
        { label: '单位所在地', value: d.unit.location },
      ],
      [{ label: '通讯地址', value: d.unit.address }],
      [
        { label: '单位联系人', value: d.unit.contact },
        { label: '联系电话', value: d.unit.phone },
      ],
    ],
    y,
  )
  y = table(
    doc,
    '乙方（毕业生）',
    [
      [
        { label: '姓名', value: d.graduate.name },
        { label: '性别', value: d.graduate.gender },
      ],
      [
        { label: '身份证号', value: d.graduate.idNumberMasked },
        { label: '学号', value: d.graduate.studentNo },
      ],
      [
        { label: '毕业院校', value: d.school },
        { label: '院系', value: d.graduate.department },
      ],
      [
        { label: '专业', value: d.graduate.major },
        { label: '学历', value: d.graduate.education },
      ],
      [{ label: '毕业时间', value: d.graduate.graduationTime }],
    ],
    y,
  )
  const jobRows: Cell[][] = []
  for (let i = 0; i < d.job.length; i += 2) jobRows.push(d.job.slice(i, i + 2))
  jobRows.push([
    { label: '档案（户档）', value: d.archiveTransfer },
    { label: '户口（户档）', value: d.hukouTransfer },
  ])
  jobRows.push([{ label: '补充条款', value: d.terms }])
  y = table(doc, '岗位与协议条款', jobRows, y)
  y = table(
    doc,
    '学校（就业协议经办人）',
    [
      [
        { label: '协议经办人', value: d.agent?.name ?? '' },
        { label: '联系电话', value: d.agent?.phone ?? '' },
      ],
      [
        { label: '通讯地址', value: d.agent?.address ?? '' },
        { label: '邮政编码', value: d.agent?.postcode ?? '' },
      ],
    ],
    y,
  )
  const dateRows: Cell[][] = []
  for (let i = 0; i < d.dates.length; i += 2) dateRows.push(d.dates.slice(i, i + 2))
  if (dateRows.length) y = table(doc, '日期', dateRows, y)

  doc
    .fontSize(8.5)
    .fillColor('#333333')
    .text(
      d.qrText
        ? '本协议经学校鉴证生效，由系统以数字签名保护，任何改动都会使签名失效；扫描右上角二维码可查验协议当前状态（生效或已解约）。'
        : '本协议书须经用人单位盖章后回传，经学校签约审核通过后生效。',
      M,
      y + 4,
      { width: W, lineGap: 2 },
    )
  doc
    .fontSize(8)
    .fillColor('#666666')
    .text(`生成时间：${d.generatedAt}（北京时间）`, M, A4.h - M, { width: W, align: 'right', lineBreak: false })
  doc.fillColor('#000000')
}

/** One agreement as its own PDF (unsigned; src/documents/signing.ts signs it). */
export function renderAgreement(d: AgreementDocData, font: CjkFont | 'Helvetica'): Promise<Uint8Array> {
  return renderPdf(font, `毕业生就业协议书 ${d.agreementNo ?? ''}`.trim(), (doc) => {
    doc.addPage()
    drawAgreement(doc, d)
  })
}
