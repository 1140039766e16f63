/**
 * Requests Node's own HTTP parser refuses before the app sees them (a header with byte 0x7F or
 * NUL, an over-long header, a malformed request line) are answered in the one error shape of
 * contract §4 instead of Node's bare `400` with an empty body (issue 13 item 6).
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { errorBody, type ErrorCode } from '../../errors.js'

const bodies: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'bad_request', message: '请求格式有误（请求头含有不允许的字符或格式不正确）' },
  408: { code: 'request_timeout', message: '请求超时，请重试' },
  413: { code: 'payload_too_large', message: '请求头过大' },
  431: { code: 'payload_too_large', message: '请求头过大' },
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
}

/** The raw response for a parser error: JSON body, closes the connection. */
function clientErrorResponse(status: number): string {
  const s = bodies[status] ? status : 400
  const body = JSON.stringify(errorBody(bodies[s].code, bodies[s].message))
  return (
    `HTTP/1.1 ${s} ${REASONS[s]}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'X-Content-Type-Options: nosniff\r\n' +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  )
}

export function answerClientErrors(server: Pick<Server, 'on'>): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { bytesParsed?: number }, socket: Socket) => {
    // A reset or a half-written socket has no one to answer.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT'
          ? 408
          : 400
    socket.end(clientErrorResponse(status))
  })
}
