/** The documents of the service, resolved from the app's dependencies. */
import type { AppDeps } from '../deps.js'
import { AppError } from '../errors.js'
import { cjkFont, type CjkFont, type FontLoader } from './fonts.js'
import { inlineRenderer, type SheetRenderer } from './renderer.js'

function loaderOf(deps: AppDeps): FontLoader {
  if (!deps.loadFont) throw new AppError('internal_error', '服务未配置 PDF 字体，暂时不能生成转递单，请联系管理员')
  return deps.loadFont
}

/** The parsed CJK font (once per process per loader). */
export function sheetFont(deps: AppDeps): Promise<CjkFont> {
  return cjkFont(loaderOf(deps))
}

const inline = new WeakMap<FontLoader, SheetRenderer>()

/** The renderer for bulk downloads: the one handed in, or the request's own thread. */
export function sheetRenderer(deps: AppDeps): SheetRenderer {
  if (deps.sheetRenderer) return deps.sheetRenderer
  const loader = loaderOf(deps)
  let r = inline.get(loader)
  if (!r) inline.set(loader, (r = inlineRenderer(loader)))
  return r
}
