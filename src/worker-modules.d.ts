/** Modules only the Workers bundle imports (wrangler resolves them; see wrangler.toml). */

/** `[[rules]] type = "Data"`: a bundled binary file is an ArrayBuffer. */
declare module '*.ttf' {
  const data: ArrayBuffer
  export default data
}

/** pdfkit's standard-font metrics (AFM as JS), registered by the Workers entry. */
declare module 'pdfkit/standard-fonts/Helvetica' {
  const font: { name: string }
  export default font
}

/** bluebird (via exceljs → unzipper): only its scheduler hook is used, by the Workers entry. */
declare module 'bluebird' {
  const Bluebird: { setScheduler(fn: (callback: () => void) => void): unknown }
  export default Bluebird
}
