/**
 * Security decision: no request body may be larger than the service can use. Uploads (multipart:
 * roster and registration imports, proof files) are cut off just above the 20 MB import limit —
 * their routes refuse smaller limits of their own with a message naming the file — and every
 * other body (JSON, forms) at 1 MB, before anything reads it, so a huge body cannot exhaust the
 * memory of a one-machine school server. The check reads Content-Length and, without it, counts
 * the stream as it arrives.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'

export function requestSizeLimit({
  bodyMax = 1024 * 1024,
  uploadMax = 20 * 1024 * 1024 + 256 * 1024,
} = {}): MiddlewareHandler<AppEnv> {
  const tooLarge = (what: string) => () => {
    throw new AppError('payload_too_large', what)
  }
  const smallError = tooLarge(`请求内容过大（不能超过 ${Math.round(bodyMax / 1024)} KB）`)
  const largeError = tooLarge('上传文件过大（不能超过 20 MB）')
  const small = bodyLimit({ maxSize: bodyMax, onError: smallError })
  const large = bodyLimit({ maxSize: uploadMax, onError: largeError })
  return async function requestSizeLimitMiddleware(c, next) {
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next()
    const type = c.req.header('content-type') ?? ''
    const upload = type.toLowerCase().startsWith('multipart/form-data')
    // Performance: a declared length without chunking is checked from the header alone — the same
    // rule bodyLimit applies (Node's parser never delivers more than Content-Length) — because
    // bodyLimit first reads `c.req.raw.body`, which makes @hono/node-server build a whole web
    // Request and stream for every POST instead of reading the body directly (BENCHMARKS.md).
    const length = c.req.header('content-length')
    if (length !== undefined && !c.req.header('transfer-encoding')) {
      if (parseInt(length, 10) > (upload ? uploadMax : bodyMax)) return (upload ? largeError : smallError)()
      return next()
    }
    return (upload ? large : small)(c, next)
  }
}

/** One upload's size: the file's limit, room for the multipart envelope around it, the message naming the file. */
export interface UploadSize {
  fileBytes: number
  envelope: number
  message: string
}

/** The refusal of a file over its size: 413 at the field `file`. */
export const tooLarge = (size: UploadSize) => new AppError('payload_too_large', size.message, { field: 'file' })

/**
 * Security decision: an upload route's own limit, under the app-wide one. A body larger than the
 * file's limit plus its envelope is refused before it is parsed, so an oversized body never sits
 * in memory; the file itself is checked again after parsing (`tooLarge`). An API route throws the
 * JSON error. A page passes `render`, which draws the page the form came from with the message at
 * the file's field (issue 13 §16), without reading the body; there the stream cannot be wrapped
 * (the CSRF check has already parsed a form body to find its token), so the declared
 * Content-Length decides.
 */
export function uploadLimit(
  size: UploadSize,
  render?: (c: Context<AppEnv>, err: AppError) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const maxSize = size.fileBytes + size.envelope
  if (!render)
    return bodyLimit({
      maxSize,
      onError: () => {
        throw tooLarge(size)
      },
    })
  return async function declaredUploadLimit(c, next) {
    const n = Number(c.req.header('content-length') ?? '0')
    if (Number.isFinite(n) && n > maxSize) return render(c, tooLarge(size))
    await next()
  }
}
