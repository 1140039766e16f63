/**
 * The CJK font of the sheets: Noto Sans SC Regular (SIL Open Font License) from the npm package
 * @expo-google-fonts/noto-sans-sc. It covers all of GB2312 and the rare characters of names
 * (堃 镕 喆 赟 …), so it is embedded whole-font-as-source and pdfkit writes only the glyphs a
 * document uses (a subset, named like ABCDEF+NotoSansSC-Regular).
 *
 * Why a loader: the entries own I/O. Node reads the file (server.ts, test helpers); the Workers
 * entry hands in bytes bundled with the script. Parsing the 10 MB file costs ~30 ms, so the
 * parsed fontkit font is made ONCE per process (per loader) and reused by every document:
 * pdfkit accepts a fontkit font object as a font source and makes a fresh subset per document.
 */
import { create, type Font } from 'fontkit'

/** Gives the bytes of the TTF. Called at most once per process for a given loader. */
export type FontLoader = () => Promise<Uint8Array> | Uint8Array

/** Where the font lives inside node_modules (for the Node entry and tests to read). */
export const CJK_FONT_MODULE_PATH = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'

export type CjkFont = Font & { readonly __fast: true }

const parsed = new WeakMap<FontLoader, Promise<CjkFont>>()

/** The parsed font for a loader; the same object for every call with the same loader. */
export function cjkFont(loader: FontLoader): Promise<CjkFont> {
  let p = parsed.get(loader)
  if (!p) {
    p = Promise.resolve()
      .then(loader)
      .then((bytes) => parseFont(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)))
    // A failed load is not cached: the next document tries again.
    p.catch(() => parsed.delete(loader))
    parsed.set(loader, p)
  }
  return p
}

/** Parses bytes directly (worker threads receive the bytes, not the loader). */
export const parseFont = (bytes: Uint8Array): CjkFont => fastFont(create(bytes))

interface GlyphLike {
  id: number
  advanceWidth: number
  codePoints: number[]
  _decode(): unknown
}
interface FontInternals {
  glyphForCodePoint(cp: number): GlyphLike
  getGlyph(id: number, codePoints?: number[]): GlyphLike
}

/**
 * Speed, measured (bench/transfer.bench.ts, sheet_pdf_ms): a sheet with the plain fontkit font
 * costs ~4–7× a Helvetica sheet. Most of that is work repeated for every document on the same
 * glyphs, so this wrapper (the parsed font is left as it is; the wrapper inherits from it)
 * does it once per process:
 *  - layout: Chinese needs no shaping, so instead of running the OpenType GSUB/GPOS machinery
 *    for every string, each code point maps to its glyph through the cmap, looked up once and
 *    remembered. (Latin kerning is given up; the sheet has no text where it matters.)
 *  - subsetting: fontkit decodes every glyph's outline again for each document's subset only to
 *    see whether it is a composite; the decoded header is remembered per glyph.
 * pdfkit takes any object with a `layout` function as a ready font (pdfkit 0.20, PDFFontFactory).
 */
function fastFont(font: Font): CjkFont {
  const base = font as unknown as Font & FontInternals
  const fast = Object.create(base) as Font & FontInternals
  const byCodePoint = new Map<number, { id: number; advanceWidth: number; codePoints: number[] }>()
  const glyphFor = (cp: number) => {
    let g = byCodePoint.get(cp)
    if (!g) {
      const real = base.glyphForCodePoint(cp)
      g = { id: real.id, advanceWidth: real.advanceWidth, codePoints: [cp] }
      byCodePoint.set(cp, g)
    }
    return g
  }
  fast.layout = (text: string) => {
    const glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }> = []
    const positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }> = []
    for (const ch of text) {
      const g = glyphFor(ch.codePointAt(0)!)
      glyphs.push(g)
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })
    }
    let width: number | undefined
    return {
      glyphs,
      positions,
      // pdfkit scales the positions in place first and reads the run's width only afterwards
      // (EmbeddedFont.layoutRun), so the width is summed on first read and kept.
      get advanceWidth() {
        if (width === undefined) {
          width = 0
          for (const p of positions) width += p.xAdvance
        }
        return width
      },
    }
  }
  const memoized = new WeakSet<object>()
  fast.getGlyph = function getGlyph(id: number, codePoints?: number[]) {
    const g = base.getGlyph.call(this, id, codePoints)
    if (!memoized.has(g)) {
      const decode = g._decode.bind(g)
      let done = false
      let value: unknown
      g._decode = () => {
        if (!done) {
          value = decode()
          done = true
        }
        return value
      }
      memoized.add(g)
    }
    return g
  }
  return fast as unknown as CjkFont
}
