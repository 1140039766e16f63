/**
 * Validation at the edge for pages (issue 12 §1): the same zod schemas as the API, through
 * `@hono/zod-validator`, but a failure re-renders the page the form came from — each error at its
 * own field, the typed values kept, status 400 — instead of the API's JSON error. Handlers read
 * their input only through `c.req.valid(...)`.
 */
import { zValidator } from '@hono/zod-validator'
import type { Context, MiddlewareHandler } from 'hono'
import { z, type ZodType } from 'zod'
import type { AppEnv } from './deps.js'
import { AppError } from './errors.js'
import { FIELD_LABELS } from './openapi.js'

/** Field name (the form's `name`) → the Chinese message for it, first problem of each field. */
export type FieldErrors = Record<string, string>

export interface Invalid {
  /** Every failing field with its message (label + what is wrong). */
  errors: FieldErrors
  /** The first message, for the page's summary box. */
  message: string
  /** The first failing field. */
  field: string
  /** What was sent, as sent (strings; arrays for repeated fields), to fill the form again. */
  values: Record<string, unknown>
}

type Target = 'form' | 'query' | 'param'
export type OnInvalid = (c: Context<AppEnv>, invalid: Invalid) => Response | Promise<Response>

/**
 * Each issue as `label：message`, keyed by the top-level field it belongs to. `labels` names the
 * fields a form calls otherwise than the API (the registration form's `d_unitName` …).
 */
function fieldErrors(
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> },
  labels: Record<string, string> = {},
): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'body'
    if (out[field]) continue
    // A rule that knows its field's own name (e.g. 手机号码 in the self-check) passes it as params.label.
    const own = (issue as { params?: { label?: unknown } }).params?.label
    const label =
      typeof own === 'string' ? own : (labels[field] ?? FIELD_LABELS[field] ?? (field === 'body' ? '请求内容' : field))
    out[field] = `${label}：${issue.message}`
  }
  return out
}

/**
 * `zValidator(target, schema)` whose failure calls `onInvalid` (the page's own re-render).
 * Without `onInvalid` a failure is the ordinary error page (400), for inputs no form offers
 * (a hand-edited URL).
 */
export function pageValidator<T extends Target, S extends ZodType>(
  target: T,
  schema: S,
  onInvalid?: OnInvalid,
  labels?: Record<string, string>,
): MiddlewareHandler<AppEnv, any, { in: {}; out: { [K in T]: z.output<S> } }> {
  return zValidator(target, schema, async (result, c) => {
    if (result.success) return
    const errors = fieldErrors(result.error, labels)
    const [field, message] = Object.entries(errors)[0] ?? ['body', '请求内容有误']
    const invalid: Invalid = { errors, message, field, values: (result.data ?? {}) as Record<string, unknown> }
    if (onInvalid) return onInvalid(c as Context<AppEnv>, invalid)
    throw new AppError('validation_error', message, { field })
  }) as never
}

/** The values of a failed form as strings, for re-filling text inputs. */
export function stringValues(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) {
    const s = Array.isArray(v) ? v[0] : v
    if (typeof s === 'string') out[k] = s
  }
  return out
}

/** A page number from a link: anything that is not one (a hand-edited URL) means the first page. */
export const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1)

/** A form field that may be sent several times (checkboxes): always a list. */
export const many = <T extends ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item))

/** A free-text filter from a link: trimmed, empty means none, anything unreadable is dropped. */
export const filterText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined)

/**
 * A page's 届别 from a link or a form (contract §6): a year, or `all` (全部届别); absent, the page
 * opens on its opening 届 (src/pages/cohort.ts). Anything else (a hand-edited address) is absent.
 */
export const cohortChoice = z
  .preprocess(
    (v) => (v === '' ? undefined : v),
    z.union([z.literal('all'), z.coerce.number().int().min(2000).max(2100)]).optional(),
  )
  .catch(undefined)
