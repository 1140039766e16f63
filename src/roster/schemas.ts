/**
 * The roster's inputs, one schema each, shared by the JSON API (routes.ts) and the pages
 * (pages.tsx): a page and an API route that take the same input validate it the same way.
 */
import { CohortQuery, z } from '../openapi.js'
import { checkSelfCheck, SELF_CHECK_FIELDS, type SelfCheckKey } from '../domain/roster-rules.js'
import { SELF_CHECK_JSON } from './self-check.js'

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

export const ListQuery = z.object({
  department: z.string().max(50).optional(),
  major: z.string().max(60).optional(),
  education: z.string().max(4).optional(),
  graduationTime: z
    .string()
    .regex(/^\d{6}$/, '应为 6 位年月，如 202606')
    .optional()
    .or(z.literal('')),
  q: z.string().max(50).optional(),
  /** 届 (contract §6): the year of 毕业时间. */
  cohort: CohortQuery,
  withdrawn: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0']).optional()),
  reported: z.preprocess(blankToUndefined, z.enum(['true', 'false']).optional()),
  // 生源核对 (seed 002: 未确认 / 已确认 / 已修改): unchecked, or the latest self-check's status.
  check: z.preprocess(blankToUndefined, z.enum(['unchecked', 'submitted', 'returned', 'approved']).optional()),
  // An empty `page=` (as in the contract's `?department=&q=&page=`) means the default, not an error.
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(20)),
})

export const filterOf = (q: z.infer<typeof ListQuery>) => ({
  department: q.department || undefined,
  major: q.major || undefined,
  education: q.education || undefined,
  graduationTime: q.graduationTime || undefined,
  cohort: q.cohort,
  q: q.q || undefined,
  withdrawn: q.withdrawn === 'true' || q.withdrawn === '1',
  reported: q.reported === undefined ? undefined : q.reported === 'true',
  check: q.check,
})

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
})

/** The location picker's query: a place name (or a 6-digit code), or the province or city to open. */
export const PlaceQuery = z.object({
  q: z
    .string()
    .max(30, '不能超过 30 个字')
    .optional()
    .openapi({ description: '地名，如“海淀”“长沙 芙蓉”，或 6 位代码' }),
  in: z
    .string()
    .regex(/^(\d{2}|\d{4})?$/, '应为 2 位省级或 4 位市级代码')
    .optional()
    .openapi({ description: '要展开的省（2 位）或市（4 位）代码；空：全部省份' }),
})

export const WithdrawBody = z.object({ reason: z.string().min(1, '必须填写').max(200) })
export const RestoreBody = z.object({ reason: z.string().max(200).optional() })

const opt = (max: number) => z.string().max(max).nullable().optional()
export const SelfCheckBody = z.object({
  originCode: z.string().max(20),
  phone: z.string().max(20),
  email: opt(100),
  qq: opt(20),
  homeAddress: opt(200),
  homePhone: opt(20),
  urbanRural: opt(10),
})

export function selfCheckInput(
  b: Partial<Record<string, string | null | undefined>>,
): Partial<Record<SelfCheckKey, string | null | undefined>> {
  const out: Partial<Record<SelfCheckKey, string | null | undefined>> = {}
  for (const [k, j] of Object.entries(SELF_CHECK_JSON) as Array<[SelfCheckKey, string]>) out[k] = b[j]
  return out
}

/**
 * The self-check form: the API's body, plus the national rules of each field (domain
 * roster-rules), each problem reported at its own field so the page prints it there.
 */
export const SelfCheckForm = SelfCheckBody.superRefine((body, ctx) => {
  const check = checkSelfCheck(selfCheckInput(body))
  if (check.ok) return
  for (const problem of check.problems) {
    const key = SELF_CHECK_FIELDS.find((f) => f.label === problem.field)?.key
    ctx.addIssue({
      code: 'custom',
      path: [key ? SELF_CHECK_JSON[key] : 'body'],
      message: problem.message,
      params: { label: problem.field },
    })
  }
})

export const Decision = z.object({
  decision: z.enum(['approve', 'return'], { message: '请选择通过或退回' }),
  reason: z.string().max(200).nullable().optional(),
})

/** 重新审核: an optional reason, kept in the step and the audit entry. */
export const ReopenBody = z.object({ reason: z.string().max(200, '不能超过 200 个字').nullish() })
