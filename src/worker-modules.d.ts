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

/**
 * Workers' outbound TCP (the SMTP channel, src/platform/workers/smtp-socket.ts). Declared here
 * rather than through @cloudflare/workers-types' globals, which clash with the DOM lib.
 */
declare module 'cloudflare:sockets' {
  export interface Socket {
    readonly readable: ReadableStream<Uint8Array>
    readonly writable: WritableStream<Uint8Array>
    readonly opened: Promise<unknown>
    readonly closed: Promise<void>
    close(): Promise<void>
    startTls(options?: { expectedServerHostname?: string }): Socket
  }
  export function connect(
    address: { hostname: string; port: number },
    options?: { secureTransport?: 'off' | 'on' | 'starttls'; allowHalfOpen?: boolean },
  ): Socket
}
