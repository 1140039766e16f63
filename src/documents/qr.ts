/**
 * The QR code drawn as vector squares from qrcode's module matrix: no PNG, no canvas, so the same
 * code runs on Node and in workerd (where pdfkit cannot embed PNG images). Dark modules of a row
 * are merged into runs, so a version-4 code is ~200 rectangles, filled in one path.
 */
import QRCode from 'qrcode'

export interface QrMatrix {
  size: number
  /** Row-major, 1 = dark. */
  data: Uint8Array
}

export function qrMatrix(text: string): QrMatrix {
  // Level M: survives a smudged print (15 %) and keeps the code small enough to scan from paper.
  // One byte-mode segment: qrcode's own segmentation (a shortest-path search over mixed modes)
  // costs more than the rest of the code and saves nothing on a short URL.
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' })
  return { size: qr.modules.size, data: Uint8Array.from(qr.modules.data as ArrayLike<number>) }
}

/** Draws the code at (x, y) with the given outer size, quiet zone of 4 modules included. */
export function drawQr(doc: PDFKit.PDFDocument, m: QrMatrix, x: number, y: number, size: number) {
  const quiet = 4
  const cell = size / (m.size + quiet * 2)
  const ox = x + quiet * cell
  const oy = y + quiet * cell
  doc.save()
  for (let r = 0; r < m.size; r++) {
    let c = 0
    while (c < m.size) {
      if (!m.data[r * m.size + c]) {
        c++
        continue
      }
      const start = c
      while (c < m.size && m.data[r * m.size + c]) c++
      // A hair of overlap avoids white seams between rows in some viewers.
      doc.rect(ox + start * cell, oy + r * cell, (c - start) * cell, cell + 0.05)
    }
  }
  doc.fill('#000000')
  doc.restore()
}
