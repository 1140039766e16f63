/** The confirmation inputs, one schema each, shared by the JSON API (routes.ts) and the pages. */
import { CohortQuery, z } from '../openapi.js'
import { CONFIRMATION_RESULTS, CONFIRMATION_STATES, DESTINATION_ISSUES } from '../domain/confirmation.js'
import type { ConfirmationFilters } from './queries.js'

export const ConfirmBody = z
  .object({
    result: z.enum(CONFIRMATION_RESULTS),
    destination: z
      .enum(DESTINATION_ISSUES)
      .nullable()
      .optional()
      .openapi({ description: '毕业去向信息：有变化 / 有错误 / null（无误）' }),
    archive: z.boolean().optional().openapi({ description: '档案转递信息有变化或存在错误' }),
    hukou: z.boolean().optional().openapi({ description: '户口迁移信息有变化或存在错误' }),
    phone: z.string().max(20).nullable().optional().openapi({ description: '联系方式（手机号码），确认有误时必填' }),
    version: z.number().int().optional().openapi({ description: '可选：所核对登记信息的版本；与当前版本不符时 409' }),
  })
  .openapi('ConfirmationInput')

const optionalText = (max = 50) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined))

export const FiltersSchema = z.object({
  state: z
    .union([z.enum(CONFIRMATION_STATES), z.literal('')])
    .optional()
    .transform((v) => (v ? v : undefined)),
  department: optionalText(100),
  major: optionalText(),
  education: optionalText(10).openapi({ description: '学历：博士 / 硕士 / 本科 / 专科，或 2 位学历代码' }),
  name: optionalText(),
  studentNo: optionalText(),
  idCard: optionalText(18),
  examNo: optionalText(),
  graduationTime: z
    .union([z.string().regex(/^\d{6}$/, '应为 6 位年月，如 202606'), z.literal('')])
    .optional()
    .transform((v) => (v ? v : undefined)),
  cohort: CohortQuery,
})

export const ListQuery = FiltersSchema.extend({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
})

export const RemindersBody = FiltersSchema.extend({ graduateIds: z.array(z.number().int()).max(20000).optional() })

export const StatsQuery = z.object({ department: optionalText(100), cohort: CohortQuery })

export const filtersFrom = (q: Record<string, unknown>): ConfirmationFilters => {
  const { state, department, major, education, name, studentNo, idCard, examNo, graduationTime, cohort } =
    q as ConfirmationFilters
  return { state, department, major, education, name, studentNo, idCard, examNo, graduationTime, cohort }
}
