/**
 * One error shape for the whole service: `{"error":{"code","message"}}`. Domain code throws
 * `AppError` with a string-literal code; `onError` in app.ts maps it once.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ErrorCode =
  | 'validation_error'
  | 'invalid_credentials'
  | 'account_locked'
  | 'account_disabled'
  | 'unauthorized'
  | 'forbidden'
  | 'employer_pending'
  | 'password_change_required'
  | 'not_found'
  | 'conflict'
  | 'invalid_number'
  | 'expired'
  | 'revoked'
  | 'superseded'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'csrf_failed'
  | 'internal_error'
  | 'bad_request'
  | 'request_timeout'
  | 'service_unavailable'

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_error: 400,
  invalid_credentials: 401,
  unauthorized: 401,
  account_locked: 423,
  forbidden: 403,
  employer_pending: 403,
  account_disabled: 403,
  password_change_required: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  invalid_number: 400,
  expired: 410,
  revoked: 410,
  superseded: 410,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  bad_request: 400,
  request_timeout: 408,
  service_unavailable: 503,
}

export class AppError extends Error {
  readonly status: ContentfulStatusCode
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; headers?: Record<string, string>; details?: unknown } = {},
  ) {
    super(message)
    this.name = 'AppError'
    this.status = STATUS[code]
  }
}

/** A 400 naming the field (its Chinese label) that is wrong. */
export const invalid = (field: string, message: string) =>
  new AppError('validation_error', `${field}：${message}`, { field })

export const notFound = (message = '未找到') => new AppError('not_found', message)
export const forbidden = (message = '没有权限执行此操作') => new AppError('forbidden', message)
export const conflict = (message: string) => new AppError('conflict', message)

/** The one error body of contract §4: `{"error":{"code","message"}}`, nothing else. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } }
}
