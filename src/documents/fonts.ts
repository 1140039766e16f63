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

export type CjkFont = Font

const parsed = new WeakMap<FontLoader, Promise<CjkFont>>()

/** The parsed font for a loader; the same object for every call with the same loader. */
export function cjkFont(loader: FontLoader): Promise<CjkFont> {
  let p = parsed.get(loader)
  if (!p) {
    p = Promise.resolve()
      .then(loader)
      .then((bytes) => create(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)))
    // A failed load is not cached: the next document tries again.
    p.catch(() => parsed.delete(loader))
    parsed.set(loader, p)
  }
  return p
}

/** Parses bytes directly (worker threads receive the bytes, not the loader). */
export const parseFont = (bytes: Uint8Array): CjkFont => create(bytes)
