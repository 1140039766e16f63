/**
 * Files the service sends (spreadsheets, PDFs, ZIPs, proof files) are named one way: the
 * Content-Disposition carries the Chinese name in `filename*` (RFC 6266 / RFC 5987) and, for
 * clients that read only `filename`, an ASCII name — the route's fallback plus the file's
 * extension. A download is never cached.
 */
import type { Context } from 'hono'
import { XLSX_TYPE } from './imports/spreadsheet.js'

function attachment(filename: string, fallback: string, { inline = false } = {}): string {
  const ext = filename.match(/\.[A-Za-z0-9]+$/)?.[0] ?? ''
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}${ext}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

export interface Download {
  /** The Content-Type. */
  type: string
  filename: string
  /** The ASCII name, without the extension. */
  fallback: string
  /** More headers (X-Sheet-Count, say). */
  headers?: Record<string, string>
}

/** A 200 with the file as an attachment. */
export function download(
  c: Context,
  body: Uint8Array | ReadableStream<Uint8Array> | string,
  { type, filename, fallback, headers }: Download,
): Response {
  return c.body(body as unknown as ArrayBuffer, 200, {
    'Content-Type': type,
    'Content-Disposition': attachment(filename, fallback),
    'Cache-Control': 'no-store',
    ...headers,
  })
}

/** A workbook as a download (`fallback` names it for clients that read only `filename`). */
export const xlsxDownload = (c: Context, bytes: Uint8Array, filename: string, fallback = 'export') =>
  download(c, bytes, { type: XLSX_TYPE, filename, fallback })

/**
 * Security decision: uploaded files (proof files, 协议书图像, 解约函) are served only through
 * authorised routes, never a public URL;
 * with `Cache-Control: private, no-store`, `nosniff`, and the sniffed type. Images may show inline
 * (previews on the review page); PDFs are always downloads, so no PDF is ever rendered as a page
 * of this origin.
 */
export function privateFileResponse(
  file: { bytes: Uint8Array; contentType: string; filename: string },
  download: boolean,
  fallback = 'file',
) {
  const inline = !download && file.contentType.startsWith('image/')
  return new Response(file.bytes as unknown as BodyInit, {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.length),
      'Content-Disposition': attachment(file.filename, fallback, { inline }),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
