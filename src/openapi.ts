/**
 * Routes are declared once, with their zod schemas, and the OpenAPI document at
 * `/api/v1/openapi.json` is generated from those declarations (@hono/zod-openapi). Every feature
 * router is made by `createRouter()`, so every validation failure answers the same way: a 400
 * `validation_error` whose message names the field in Chinese.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { ZodError, ZodType } from 'zod'
import type { AppEnv } from './deps.js'
import { AppError } from './errors.js'
import { DESTINATION_FIELD_NAMES, FIELD_NAMES } from './domain/registration/index.js'
import { config as zodConfig, locales as zodLocales } from 'zod'

// Validation messages in Chinese for the people who read them: zod's own zh-CN locale, set once
// here (every router comes from this module), not a wrapper around English messages.
zodConfig(zodLocales.zhCN())
// Wrong or missing types are the commonest mistake of a program calling the API; zod's own text
// for them ("无效输入：期望 string，实际接收 number") names types in English. Say it plainly instead:
// a missing field must be filled, a field of the wrong kind says what kind it should be.
const TYPE_NAMES: Record<string, string> = {
  string: '文字（字符串）',
  number: '数字',
  int: '整数',
  boolean: '是或否（true / false）',
  object: 'JSON 对象',
  array: '列表（JSON 数组）',
}
zodConfig({
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined
    if (issue.input === undefined) return '必须填写'
    return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`
  },
})

/**
 * Chinese names of the fields that appear in request bodies and queries. A registration's fields
 * are named by the domain (a body's `school` is the 院校代码; the destination's, 升学院校, stands
 * in `FIELD_NAMES`).
 */
export const FIELD_LABELS: Record<string, string> = {
  ...DESTINATION_FIELD_NAMES,
  destination: FIELD_NAMES.destination,
  type: FIELD_NAMES['destination.type'],
  transferType: FIELD_NAMES['archive.transferType'],
  migrationType: FIELD_NAMES['hukou.migrationType'],
  username: '用户名',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
  role: '角色',
  department: '院系',
  permissions: '权限',
  info: '基本信息和就业信息权限',
  archive: '档案信息',
  hukou: '户口信息',
  school: '院校代码',
  page: '页码',
  pageSize: '每页条数',
  graduateIds: '毕业生',
  q: '查询关键字',
  kind: '查询类型',
  name: '姓名',
  number: '编号',
  status: '状态',
  decision: '审核结果',
  reason: '原因',
  validUntil: '有效期',
  result: '确认结果',
  phone: '联系电话',
  part: '材料类别',
  unitAddress: '单位地址',
  postcode: '邮编',
  contact: '联系人',
  location: '所在地',
  address: '地址',
  state: '确认状态',
  id: '编号',
  file: '文件',
  // transfer list filters (issue 6)
  generated: '是否已生成转递编号',
  stale: '需重新生成',
  eligible: '可生成',
  major: '专业',
  education: '学历',
  studentNo: '学号',
  origin: '生源所在地',
  graduationTime: '毕业时间',
  archiveUnit: '档案转递单位名称',
  updatedFrom: '更新时间（起）',
  updatedTo: '更新时间（止）',
  withdrawn: '已撤出',
  originCode: '生源所在地代码',
  email: '电子邮箱',
  qq: 'QQ号码',
  homeAddress: '家庭住址',
  homePhone: '家庭电话',
  urbanRural: '城乡生源',
  ids: '核对记录',
  mapping: '字段匹配',
  importId: '导入批次',
  idCard: '身份证号',
  examNo: '考生号',
  chart: '图表',
  version: '登记信息版本',
  reviewMode: '审核方式',
  levels: '审核层级',
  check: '核对状态',
  attachmentId: '证明材料',
  divisionCode: '所在地代码',
  submittedSince: '提交日期',
  source: '来源',
  division: '所在地代码',
  download: '下载',
  registrationIds: '登记',
  note: '情况说明',
  // province (issue 18)
  code: '院校代码',
  cohort: '届别（毕业年份）',
  reported: '生源上报状态',
  trainingModeCode: '培养方式',
  unit: '定向委培单位',
  agreementType: '电子就业协议书类型',
  // 毕业生就业推荐表 (issue 14 item 9)
  intention: '求职意向',
  selfEvaluation: '自我评价',
  awards: '奖惩情况',
  practice: '社会实践',
  skills: '特长',
  opinion: '院系意见',
}

/**
 * `cohort` (届, contract §6) on an API list or export: a four-digit year of 毕业时间; absent (or
 * empty), every 届 — the API lists have no default 届, only the pages do.
 */
export const CohortQuery = z
  .preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ message: '应为四位毕业年份，如 2026' })
      .int('应为四位毕业年份，如 2026')
      .min(2000, '应为四位毕业年份，如 2026')
      .max(2100, '应为四位毕业年份，如 2026')
      .optional(),
  )
  .openapi({ type: 'integer', description: '届别（毕业年份，如 2026）；不填为全部届别' })

export function describeZodError(error: ZodError): { field: string; message: string } {
  const issue = error.issues[0]
  const path = issue.path.map(String)
  const label = path.length ? path.map((p) => FIELD_LABELS[p] ?? p).join(' → ') : '请求内容'
  return { field: path.join('.') || 'body', message: `${label}：${issue.message}` }
}

export function validationHook(result: { success: boolean; error?: ZodError }) {
  if (!result.success && result.error) {
    const { field, message } = describeZodError(result.error)
    throw new AppError('validation_error', message, { field })
  }
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never })
}

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error')

/** A required JSON body: without `required`, a missing body would skip validation. */
export const jsonBody = <T extends ZodType>(schema: T, description?: string) => ({
  required: true as const,
  description,
  content: { 'application/json': { schema } },
})

export const jsonContent = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const errorResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 423 | 429>) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  )

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '请求内容有误（validation_error 等）',
  401: '未登录或用户名密码错误',
  403: '无权限，或需要先修改密码',
  404: '未找到',
  409: '状态已变化（conflict）',
  410: '编号已失效（expired / revoked / superseded）',
  413: '文件过大',
  415: '不支持的内容类型',
  423: '账号已锁定',
  429: '请求过于频繁',
}

export const binaryResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().openapi({ format: 'binary' }) } },
})

/** A multipart body with one file field (and any other form fields), for imports and attachments. */
export const multipartFile = <T extends z.ZodRawShape = Record<never, never>>(description: string, fields?: T) => ({
  required: true as const,
  content: {
    'multipart/form-data': {
      schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary', description }), ...fields } as {
        file: z.ZodAny
      } & T),
    },
  },
})

export { z }
