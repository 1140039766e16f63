/**
 * The 推荐表's inputs, one schema each, shared by the JSON API (routes.ts) and the pages
 * (pages.tsx). The 1,000 字 rule counts code points (domain/recommendation.ts), which zod's
 * `max` (UTF-16 units) cannot; the schemas bound the size and the domain says the rule.
 */
import { z } from '../openapi.js'
import {
  decisionProblem,
  lengthProblems,
  PART_MAX,
  RECOMMENDATION_STATUSES,
  submitProblems,
  type RecommendationParts,
} from '../domain/recommendation.js'
import { pageNumber } from '../page-validator.js'

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

/** One part: text of at most PART_MAX 字 (bounded here at 4 units a 字, checked exactly later). */
const part = z
  .string()
  .max(PART_MAX * 4, `最多 ${PART_MAX} 字`)
  .nullable()
  .optional()

const partDoc = (label: string) =>
  part.openapi({ description: `${label}，最多 ${PART_MAX} 字；不传则保留原内容，null 或空串清空` })

/**
 * PUT /me/recommendation: the five parts only. The roster's basic data, the status and anything
 * else a client sends back from its GET are ignored: they are not the graduate's to change here.
 */
export const PartsBody = z
  .object({
    intention: partDoc('求职意向'),
    selfEvaluation: partDoc('自我评价'),
    awards: partDoc('奖惩情况'),
    practice: partDoc('社会实践'),
    skills: partDoc('特长'),
  })
  .openapi('RecommendationParts')

export const DecisionBody = z.object({
  decision: z.enum(['approve', 'return'], { message: '请选择审核通过或退回' }),
  opinion: z
    .string()
    .max(2000)
    .nullable()
    .optional()
    .openapi({ description: '院系意见（审核通过时必填，最多 500 字）' }),
  reason: z.string().max(2000).nullable().optional().openapi({ description: '退回原因（退回时必填，最多 500 字）' }),
})

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
})

const ids = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v.join(',') : v),
  z
    .string()
    .regex(/^\d+(,\d+)*$/, '应为以逗号分隔的推荐表编号')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .pipe(
      z
        .array(
          z
            .number()
            .int()
            .positive()
            .max(2 ** 31),
        )
        .max(5000, '一次最多选择 5000 份'),
    )
    .optional(),
)

export const ListQuery = z.object({
  status: z.preprocess(blankToUndefined, z.enum(RECOMMENDATION_STATUSES).optional()),
  department: z.string().max(50).optional(),
  q: z.string().max(50).optional(),
  cohort: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(2000, '应为毕业年份，如 2026').max(2100, '应为毕业年份，如 2026').optional(),
  ),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(20)),
})

export const ZipQuery = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(['approved'], { message: '只有审核通过（approved）的推荐表可以下载' }).optional(),
  ),
  department: z.string().max(50).optional(),
  q: z.string().max(50).optional(),
  cohort: ListQuery.shape.cohort,
  ids: ids.openapi({ type: 'string', description: '只下载这些推荐表（编号，逗号分隔）' }),
})

export const filterOf = (q: {
  status?: (typeof RECOMMENDATION_STATUSES)[number]
  department?: string
  q?: string
  cohort?: number
  ids?: number[]
}) => ({
  status: q.status,
  department: q.department || undefined,
  q: q.q?.trim() || undefined,
  cohort: q.cohort,
  ids: q.ids,
})

// ——— pages ———

const formPart = z
  .string()
  .max(PART_MAX * 4, `最多 ${PART_MAX} 字`)
  .default('')

/**
 * The graduate's form: the five textareas and the button pressed (暂存 or 提交). Every problem is
 * reported at its own field, so the page prints each one beside its textarea; 提交 also needs
 * 求职意向 and 自我评价.
 */
export const MineForm = z
  .object({
    intention: formPart,
    selfEvaluation: formPart,
    awards: formPart,
    practice: formPart,
    skills: formPart,
    action: z.enum(['save', 'submit']).catch('save'),
  })
  .superRefine((body, ctx) => {
    const parts: RecommendationParts = body
    const problems = body.action === 'submit' ? submitProblems(parts) : lengthProblems(parts)
    for (const p of problems)
      ctx.addIssue({ code: 'custom', path: [p.field], message: p.message, params: { label: p.label } })
  })

/** The 院系's decision form: the API's body, with each rule at its field (院系意见 or 退回原因). */
export const DecisionForm = DecisionBody.extend({
  opinion: z.string().max(2000).default(''),
  reason: z.string().max(2000).default(''),
}).superRefine((body, ctx) => {
  const p = decisionProblem(body.decision, body)
  if (p) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message, params: { label: p.label } })
})

/** The list's filters as the page sends them (GET: no 姓名 or 学号 in the address; POST: all). */
export const ListLinkQuery = z.object({
  status: z.enum(RECOMMENDATION_STATUSES).optional().catch(undefined),
  department: z.string().max(50).optional().catch(undefined),
  cohort: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: pageNumber,
})

export const ListForm = ListLinkQuery.extend({
  status: z.preprocess(blankToUndefined, z.enum(RECOMMENDATION_STATUSES).optional()),
  department: z.preprocess(blankToUndefined, z.string().max(50).optional()),
  cohort: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()),
  q: z.string().trim().max(50, '最多 50 个字').optional(),
})

export const ZipForm = ListForm.extend({
  scope: z.enum(['selected', 'all']).catch('selected'),
  ids: z
    .preprocess(
      (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.coerce.number().int().positive()),
    )
    .pipe(z.array(z.number()).max(5000)),
})
