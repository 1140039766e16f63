/**
 * The registration feature's input schemas, for the JSON API (src/registration/routes.ts) and the
 * pages alike: where a page and an API route take the same input they share one schema here (the
 * decision, the void reason, the review mode, the queue's filters, the content's fields). The
 * page forms are flat (`d_unitName`, `a_postcode`, `h_location`): `ContentForm` reads them into
 * the API's three-part content with the API's own field schemas, so a form and a JSON body are
 * checked alike before the domain rules (src/domain/registration.ts) see them.
 */
import { DESTINATION_TYPE_NAMES } from '../domain/codes/destinations.js'
import {
  ATTACHMENT_PARTS,
  ATTACHMENT_PART_NAMES,
  FIELD_NAMES,
  REGISTRATION_SOURCES,
  REGISTRATION_STATUSES,
  REVIEW_MODES,
  awaiting,
  type ReviewMode,
} from '../domain/registration/index.js'
import type { AttachmentPart, RegistrationStatus } from '../domain/registration/index.js'
import { invalid } from '../errors.js'
import { CohortQuery, z } from '../openapi.js'
import { cohortChoice, many, pageNumber } from '../page-validator.js'
import type { FormValues } from '../../views/registration/parts.js'

const STATUSES = REGISTRATION_STATUSES
const SOURCES = REGISTRATION_SOURCES

const Field = z
  .union([z.string().max(500), z.number()])
  .nullable()
  .optional()

const DestinationSchema = z
  .object({
    type: z
      .string()
      .max(50)
      .nullable()
      .optional()
      .openapi({ enum: [...DESTINATION_TYPE_NAMES], description: '毕业去向（24 种之一，取名称）' }),
    unitName: Field.openapi({ description: '单位名称' }),
    unitCreditCode: Field.openapi({ description: '统一社会信用代码（GB 32100）' }),
    unitNature: Field.openapi({ description: '单位性质（代码或名称，存为代码）' }),
    unitIndustry: Field.openapi({ description: '单位行业（代码或名称，存为代码）' }),
    unitLocation: Field.openapi({ description: '单位所在地（6 位行政区划代码）' }),
    jobCategory: Field.openapi({ description: '工作职位类别（代码或名称，存为代码）' }),
    jobTitle: Field.openapi({ description: '岗位名称（签就业协议书就业必填）' }),
    contactName: Field.openapi({ description: '单位联系人（签就业协议书就业必填）' }),
    contactPhone: Field.openapi({
      description: '联系人电话（固定电话或手机；签就业协议书就业与联系人手机至少填一个）',
    }),
    contactMobile: Field.openapi({ description: '联系人手机（11 位，以 13–19 开头）' }),
    contactEmail: Field.openapi({ description: '联系人邮箱' }),
    salary: Field.openapi({ description: '转正起薪，如 3000 元/月' }),
    penalty: Field.openapi({ description: '违约金，如 100 元' }),
    school: Field.openapi({ description: '升学院校' }),
    country: Field.openapi({ description: '国家或地区' }),
  })
  .openapi('Destination')

export const ArchiveSchema = z
  .object({
    transferType: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .openapi({
        enum: ['签约单位接收', '托管单位接收', '上级主管单位接收', '转回生源地'],
        description: '档案转递类型',
      }),
    unitName: Field.openapi({ description: '档案转递单位名称' }),
    unitAddress: Field.openapi({ description: '档案转递单位地址' }),
    unitLocation: Field.openapi({ description: '档案转递单位所在地（6 位行政区划代码）' }),
    postcode: Field.openapi({ description: '档案转递单位邮编（6 位数字）' }),
    contact: Field.openapi({ description: '档案转递联系人' }),
    phone: Field.openapi({ description: '档案转递联系电话' }),
    note: Field.openapi({ description: '档案情况说明（选填，不超过 200 字）' }),
  })
  .openapi('Archive')

const HukouSchema = z
  .object({
    migrationType: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .openapi({
        enum: ['签约单位接收', '托管单位接收', '上级主管单位接收', '转回生源地', '不迁移'],
        description: '户口迁移类型',
      }),
    location: Field.openapi({ description: '户口迁移所在地（6 位行政区划代码）' }),
    address: Field.openapi({ description: '户口迁移地址' }),
    note: Field.openapi({ description: '户口情况说明（选填，不超过 200 字）' }),
  })
  .openapi('Hukou')

export const ContentBody = z
  .object({
    destination: DestinationSchema.nullable().optional(),
    archive: ArchiveSchema.nullable().optional(),
    hukou: HukouSchema.nullable().optional(),
  })
  .openapi('RegistrationContent', { description: '三部分各自可选：缺省的部分保持不变，null 清空该部分。' })

const EventSchema = z
  .object({
    at: z.string(),
    by: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('RegistrationEvent')
export const AttachmentSchema = z
  .object({
    id: z.string(),
    part: z.enum(ATTACHMENT_PARTS).openapi({ description: 'proof 证明材料；archive 档案图像材料；hukou 户口图像材料' }),
    filename: z.string(),
    contentType: z.string(),
    size: z.number(),
    createdAt: z.string(),
  })
  .openapi('Attachment')

/** Which part a file is for (a form field of the upload, and the list's filter); proof when absent. */
export const AttachmentPartField = z.enum(ATTACHMENT_PARTS, { error: '应为 proof、archive 或 hukou' })

/** The graduate's upload's other field: the part the file belongs to (证明材料 unless said). */
export const AttachmentUploadFields = {
  part: AttachmentPartField.default('proof').openapi({
    description:
      'proof 证明材料（JPEG、PNG 或 PDF，最多 3 个）；archive 档案图像材料、hukou 户口图像材料（JPEG 或 PNG，各最多 3 张）',
  }),
}

export const RegistrationSchema = z
  .object({
    id: z.number(),
    graduateId: z.number(),
    status: z.enum(STATUSES),
    source: z.enum(SOURCES),
    version: z
      .number()
      .openapi({ description: '首次审核通过时为 1，此后登记的每次变化（修改、作废、重新通过、导入或接口覆盖）加 1' }),
    destination: z.any().openapi({ type: 'object', description: 'Destination 或 null' }),
    archive: z.any().openapi({ type: 'object', description: 'Archive 或 null' }),
    hukou: z.any().openapi({ type: 'object', description: 'Hukou 或 null' }),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    updatedAt: z.string(),
    events: z.array(EventSchema),
    attachments: z.array(AttachmentSchema),
  })
  .openapi('Registration')

export const ReviewSchema = RegistrationSchema.extend({
  graduate: z.object({
    id: z.number(),
    name: z.string(),
    studentNo: z.string(),
    idCardMasked: z.string(),
    department: z.string(),
    major: z.string(),
    education: z.string(),
    trainingMode: z.string(),
    targetedUnit: z.string().nullable(),
    origin: z.string(),
    graduationTime: z.string(),
  }),
  reviewMode: z.enum(REVIEW_MODES),
  awaitingYou: z.boolean().openapi({ description: '是否正等待当前用户审核' }),
}).openapi('RegistrationForReview')

export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
export const AttachmentParam = z.object({
  attachmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,32}$/, '格式不正确')
    .openapi({ param: { name: 'attachmentId', in: 'path' } }),
})

export const ReasonBody = z.object({ reason: z.string().trim().max(200, '不能超过 200 个字符').nullable().optional() })

export const ListQuery = z.object({
  status: z
    .string()
    .optional()
    .openapi({ description: `状态，可用逗号分隔多个：${STATUSES.join(', ')}；pending = 等待当前用户审核` }),
  department: z.string().max(100).optional(),
  major: z.string().max(100).optional().openapi({ description: '专业代码或专业名称的一部分' }),
  education: z.string().max(10).optional().openapi({ description: '学历代码' }),
  type: z.string().max(50).optional().openapi({ description: '毕业去向' }),
  source: z.enum(SOURCES).optional(),
  submittedSince: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD')
    .optional(),
  cohort: CohortQuery,
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})

export const ListItemSchema = z
  .object({
    id: z.number(),
    graduateId: z.number(),
    name: z.string(),
    department: z.string(),
    status: z.enum(STATUSES),
    source: z.enum(SOURCES),
    submittedAt: z.string().nullable(),
    studentNo: z.string(),
    major: z.string(),
    education: z.string(),
    type: z.string().nullable(),
    version: z.number(),
    updatedAt: z.string(),
  })
  .openapi('RegistrationListItem')

/** Parses the status filter: names, comma lists, or `pending` (what awaits this user's decision). */
export function statusFilter(
  raw: string | undefined,
  role: 'school' | 'department',
  mode: ReviewMode,
): RegistrationStatus[] | undefined {
  if (!raw) return undefined
  const out: RegistrationStatus[] = []
  for (const s of raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (s === 'pending') out.push(...awaiting(role, mode))
    else if ((STATUSES as readonly string[]).includes(s)) out.push(s as RegistrationStatus)
    else throw invalid('状态', `“${s}”不是有效的状态`)
  }
  return out.length ? out : ['__none__' as RegistrationStatus]
}

export const GraduateParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})

export const ModeSchema = z.object({ reviewMode: z.enum(REVIEW_MODES) }).openapi('ReviewMode')

export const DecisionBody = z.object({
  decision: z.enum(['approve', 'return', 'reject'], { error: '请选择通过、退回修改或不通过' }),
  reason: z.string().trim().max(200, '不能超过 200 个字符').nullable().optional(),
})

export const BatchApproveBody = z.object({
  registrationIds: z.array(z.number().int().positive()).min(1, '至少选择一条').max(500, '一次最多 500 条'),
})

export const ModifyBody = ContentBody.extend({ reason: z.string().trim().max(200).nullable().optional() })

export const VoidBody = z.object({ reason: z.string().trim().min(1, '必须填写').max(200, '不能超过 200 个字符') })

// ---------------------------------------------------------------------------------------------
// Page forms.

type Part = 'destination' | 'archive' | 'hukou'
const PARTS: Record<Part, { prefix: string; shape: Record<string, z.ZodType> }> = {
  destination: { prefix: 'd_', shape: DestinationSchema.shape },
  archive: { prefix: 'a_', shape: ArchiveSchema.shape },
  hukou: { prefix: 'h_', shape: HukouSchema.shape },
}
const PART_NAMES = Object.keys(PARTS) as Part[]

/** The form's input names (`d_unitName`) → their Chinese names, for the page validator's messages. */
export const FORM_LABELS: Record<string, string> = Object.fromEntries(
  PART_NAMES.flatMap((part) =>
    Object.keys(PARTS[part].shape).map((k) => [`${PARTS[part].prefix}${k}`, FIELD_NAMES[`${part}.${k}`] ?? k]),
  ),
)

/** A form input name (`a_postcode`) → the content path the domain names its issues by (`archive.postcode`). */
export function contentPath(input: string): string {
  for (const part of PART_NAMES)
    if (input.startsWith(PARTS[part].prefix)) return `${part}.${input.slice(PARTS[part].prefix.length)}`
  return input
}

/**
 * The three parts read from the flat form: trimmed, blanks are null, and a part left wholly blank
 * is null (nothing to save of it). A part none of whose inputs was posted is left out, so it stays
 * as stored (the API's rule for a missing part).
 */
function nest(form: Record<string, unknown>) {
  const out: Partial<Record<Part, Record<string, string | null> | null>> = {}
  for (const part of PART_NAMES) {
    const { prefix, shape } = PARTS[part]
    if (!Object.keys(shape).some((k) => `${prefix}${k}` in form)) continue
    const o: Record<string, string | null> = {}
    for (const k of Object.keys(shape)) {
      const v = form[`${prefix}${k}`]
      o[k] = typeof v === 'string' && v.trim() !== '' ? v.trim() : null
    }
    out[part] = Object.values(o).every((v) => v === null) ? null : o
  }
  return out
}

/** What a posted form holds, as text for the inputs (nothing checked): to show the form again. */
export function formValues(form: Record<string, unknown>): FormValues {
  const n = nest(form)
  return valuesOf({ destination: n.destination ?? null, archive: n.archive ?? null, hukou: n.hukou ?? null })
}

/** A stored or parsed content as the inputs hold it. */
export function valuesOf(c: { destination: object | null; archive: object | null; hukou: object | null }): FormValues {
  const s = (o: object | null) =>
    Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]))
  return { destination: s(c.destination), archive: s(c.archive), hukou: s(c.hukou) }
}

/** Each content field as its form input, with the API's own schema for that field. */
const flatFields = Object.fromEntries(
  PART_NAMES.flatMap((part) =>
    Object.entries(PARTS[part].shape).map(([k, schema]) => [`${PARTS[part].prefix}${k}`, schema]),
  ),
)

// prefill: the 档案 part from the 名录; prefillHukou: the 户口 part from the 生源地 (the graduate's form).
const Intent = z.enum(['save', 'submit', 'prefill', 'prefillHukou']).default('save')

/** The form's location inputs, each with its 省 → 市 → 县 picker (src/pages/place-picker.ts). */
export const LOCATION_INPUTS = ['d_unitLocation', 'a_unitLocation', 'h_location'] as const

/** The registration form (the graduate's 暂存 / 提交审核 / 按生源地预填, the school's 保存修改). */
export const ContentForm = z
  .object({ ...flatFields, intent: Intent, reason: ModifyBody.shape.reason })
  .transform((f) => ({ intent: f.intent, reason: f.reason ?? null, content: nest(f), values: formValues(f) }))

/** One uploaded file, not empty (the page forms; the API reads its multipart field itself). */
const UploadedFile = z.custom<File>((v) => v instanceof File && v.size > 0, { error: '请选择要上传的文件' })

/** Each part's file input on the registration form: 证明材料 `file`, the 档案 / 户口 images `a_images`, `h_images`. */
const FILE_INPUTS: Record<AttachmentPart, 'file' | 'a_images' | 'h_images'> = {
  proof: 'file',
  archive: 'a_images',
  hukou: 'h_images',
}

/** The file inputs' names for the page validator's messages. */
export const FILE_LABELS = {
  file: ATTACHMENT_PART_NAMES.proof,
  a_images: ATTACHMENT_PART_NAMES.archive,
  h_images: ATTACHMENT_PART_NAMES.hukou,
}

/**
 * A file for one part (`part`, from the 上传 button pressed: proof unless said), sent with the
 * registration form's fields so nothing typed is lost (issue 13 §7). The form holds every part's
 * file input; only the pressed part's must hold a file.
 */
export const ProofForm = z
  .object({
    ...flatFields,
    part: AttachmentPartField.default('proof'),
    file: z.unknown().optional(),
    a_images: z.unknown().optional(),
    h_images: z.unknown().optional(),
  })
  .superRefine((f, ctx) => {
    const input = FILE_INPUTS[f.part]
    if (!UploadedFile.safeParse(f[input]).success)
      ctx.addIssue({ code: 'custom', path: [input], message: '请选择要上传的文件' })
  })
  .transform((f) => ({
    part: f.part,
    file: f[FILE_INPUTS[f.part]] as File,
    content: nest(f),
    values: formValues(f),
  }))

/** An import file (registrations, the archive directory). */
export const ImportForm = z.object({ file: UploadedFile })

/** The reviewers' queue: the API's filters (`pageSize` is the page's own), and the notices of redirects. */
export const ListPageQuery = ListQuery.omit({ pageSize: true, source: true, page: true }).extend({
  cohort: cohortChoice,
  page: pageNumber,
  ok: z.string().max(20).optional(),
  approved: z.coerce.number().int().min(0).optional().catch(undefined),
  skipped: z.coerce.number().int().min(0).optional().catch(undefined),
})

export const FindForm = z.object({
  q: z.string().trim().max(50, '不能超过 50 个字符').optional(),
  cohort: cohortChoice,
})

/** The queue's 批量审核通过: the checked rows, with the API's limits. */
export const BatchApproveForm = z.object({
  // The 届 the queue showed, to come back to.
  cohort: cohortChoice,
  ids: many(z.coerce.number().int().positive())
    .refine((ids) => ids.length > 0, '请先在列表中勾选要审核通过的登记')
    .pipe(BatchApproveBody.shape.registrationIds),
})

/** A notice key after a redirect (`?ok=saved`); never PII. */
export const NoticeQuery = z.object({ ok: z.string().max(20).optional().catch(undefined) })

export const DownloadQuery = z.object({ download: z.string().optional() })

/** The archive directory page's search (a code prefix or a name) and its page. */
export const UnitsQuery = z.object({
  q: z.string().trim().max(50).optional().catch(undefined),
  page: pageNumber,
  ok: z.string().max(20).optional().catch(undefined),
})

// ---------------------------------------------------------------------------------------------
// The archive receiving-unit directory (档案接收单位名录).

export const CodeParam = z.object({
  divisionCode: z
    .string()
    .regex(/^\d{6}$/, '应为 6 位行政区划代码')
    .openapi({ param: { name: 'divisionCode', in: 'path' } }),
})

export const UnitBody = z.object({
  name: z.string().max(100),
  address: z.string().max(200),
  postcode: z.string().max(10),
  contact: z.string().max(50),
  phone: z.string().max(30),
})

export const UnitsListQuery = z.object({
  division: z.string().max(6).optional().openapi({ description: '行政区划代码或其前缀（如 11 = 北京市）' }),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

/** The page's 新增或修改 form: the API's path code and body in one form. */
export const UnitForm = CodeParam.extend(UnitBody.shape)
