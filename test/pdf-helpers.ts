/**
 * Reading PDFs back in tests, without poppler: text with pdfjs-dist (legacy build, for Node),
 * a page rendered with pdfjs-dist + @napi-rs/canvas and its QR code decoded with jsqr, and the
 * embedded fonts listed from the raw PDF objects.
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import jsQR from 'jsqr'

async function open(bytes: Uint8Array) {
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  return pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 })
    .promise
}

/** The text of each page (items joined without separators, then whitespace collapsed). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await open(bytes)
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const content = await page.getTextContent()
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join('')
        .replace(/\s+/g, ''),
    )
  }
  await doc.destroy()
  return pages
}

export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  const doc = await open(bytes)
  const n = doc.numPages
  await doc.destroy()
  return n
}

/** Renders page `pageNo` at `scale` and decodes the QR code on it (null when none is found). */
export async function pdfQr(bytes: Uint8Array, pageNo = 1, scale = 3): Promise<string | null> {
  const doc = await open(bytes)
  const page = await doc.getPage(pageNo)
  const viewport = page.getViewport({ scale })
  const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: any; context: any } } })
    .canvasFactory
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  await page.render({ canvasContext: context, viewport }).promise
  const img = context.getImageData(0, 0, canvas.width, canvas.height)
  await doc.destroy()
  const found = jsQR(
    new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength),
    img.width,
    img.height,
  )
  return found ? found.data : null
}

/** The BaseFont names of the embedded fonts, e.g. ["ABCDEF+NotoSansSC-Regular"]. */
export function pdfFontNames(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1')
  const names = new Set<string>()
  for (const m of text.matchAll(/\/BaseFont\s*\/([A-Za-z0-9+\-_]+)/g)) names.add(m[1])
  return [...names]
}

/** Whether the PDF embeds a font program (FontFile2 = TrueType) — not just a reference. */
export function pdfEmbedsFontFile(bytes: Uint8Array): boolean {
  return /\/FontFile2\s+\d+\s+0\s+R/.test(Buffer.from(bytes).toString('latin1'))
}

export const isSubsetName = (name: string) => /^[A-Z]{6}\+/.test(name)
