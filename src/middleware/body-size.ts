/**
 * Security decision: no request body may be larger than the service can use. Uploads (multipart:
 * roster and registration imports, proof files) are cut off just above the 20 MB import limit —
 * their routes refuse smaller limits of their own with a message naming the file — and every
 * other body (JSON, forms) at 1 MB, before anything reads it, so a huge body cannot exhaust the
 * memory of a one-machine school server. The check reads Content-Length and, without it, counts
 * the stream as it arrives.
 */
import type { MiddlewareHandler } from 'hono'
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
