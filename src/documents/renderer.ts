/**
 * Who renders sheets for the bulk downloads. The default renders in the request's own thread
 * (the only choice on Workers); the Node entry hands in a pool of worker threads (src/platform/node/sheet-pool.ts)
 * so a 10,000-sheet ZIP uses every core. Either way results come back per call, and the caller
 * keeps up to `concurrency` calls in flight and writes them in order.
 */
import { cjkFont, type FontLoader } from './fonts.js'
import { renderSheet, type SheetData } from './sheet.js'

export interface SheetRenderer {
  render(d: SheetData): Promise<Uint8Array>
  /** How many renders are worth keeping in flight at once. */
  readonly concurrency: number
}

export function inlineRenderer(loadFont: FontLoader): SheetRenderer {
  return {
    concurrency: 1,
    async render(d) {
      return renderSheet(d, await cjkFont(loadFont))
    },
  }
}
