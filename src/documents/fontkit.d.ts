/** The few fontkit calls this project makes (fontkit ships no types). */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string
    layout(text: string): unknown
    hasGlyphForCodePoint(cp: number): boolean
  }
  export function create(data: Uint8Array, postscriptName?: string): Font
}
