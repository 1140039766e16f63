/**
 * The roster (生源) row rules — every national rule a row of the upload sheet must pass, pure.
 * Sources: the 生源信息采集 notices (seeds 000–003), the national system's 公共代码 tables
 * (domain/codes), GB 11643 for 身份证号 and GB/T 2260 for 生源所在地代码 (domain/divisions.ts).
 * Each problem names its field in Chinese so the failure table can say exactly what to fix.
 */
import { byCode, resolveCode, TARGETED_TRAINING_CODES, type CodeTableId } from './codes/index.js'
import { checkDivision } from './divisions.js'
import { checkIdCard } from './id-card.js'
import { nameKey } from './names.js'
import { MOBILE_MESSAGE, mobileNumber } from './phone.js'
import { checkRetiredDivision } from './retired-divisions.js'
import type { GraduateRosterColumns } from './graduate.js'

export interface RosterField {
  key: RosterKey
  /** The header of the national upload template (contract §4.2). */
  label: string
  required: boolean
  /** Other headers seen in real sheets (seed 000: the national system asks to 匹配导入字段). */
  variants: string[]
  /** The code table, for code columns. */
  table?: CodeTableId
}

export type RosterKey =
  | 'studentNo'
  | 'name'
  | 'idCard'
  | 'gender'
  | 'ethnicity'
  | 'political'
  | 'education'
  | 'department'
  | 'majorCode'
  | 'majorName'
  | 'lengthOfSchooling'
  | 'trainingMode'
  | 'origin'
  | 'enrolledAt'
  | 'graduationTime'
  | 'phone'
  | 'examNo'
  | 'majorDirection'
  | 'targetedUnit'
  | 'urbanRural'
  | 'normalStudent'
  | 'hardship'
  | 'className'
  | 'email'
  | 'qq'
  | 'homeAddress'
  | 'homePhone'
  | 'homePostcode'
  | 'extension1'
  | 'extension2'
  | 'extension3'
  | 'extension4'

/** The 32 columns: 16 required, 16 optional, in the order of the upload template. */
export const ROSTER_FIELDS: readonly RosterField[] = [
  { key: 'studentNo', label: '学号', required: true, variants: ['学生学号', '学生号'] },
  { key: 'name', label: '姓名', required: true, variants: ['学生姓名'] },
  { key: 'idCard', label: '身份证号', required: true, variants: ['身份证号码', '身份证', '公民身份号码', '证件号码'] },
  { key: 'gender', label: '性别代码', required: true, variants: ['性别'], table: 'gender' },
  { key: 'ethnicity', label: '民族代码', required: true, variants: ['民族'], table: 'ethnicity' },
  { key: 'political', label: '政治面貌代码', required: true, variants: ['政治面貌'], table: 'political' },
  { key: 'education', label: '学历代码', required: true, variants: ['学历', '学历层次'], table: 'education' },
  {
    key: 'department',
    label: '院系名称',
    required: true,
    variants: ['院系', '所在院系', '学院', '学院名称', '所在学院', '院系名'],
  },
  { key: 'majorCode', label: '专业代码', required: true, variants: ['专业号'] },
  { key: 'majorName', label: '专业名称', required: true, variants: ['专业', '所在专业', '所学专业'] },
  { key: 'lengthOfSchooling', label: '学制', required: true, variants: ['学制(年)', '学制年限'] },
  { key: 'trainingMode', label: '培养方式代码', required: true, variants: ['培养方式'], table: 'trainingMode' },
  {
    key: 'origin',
    label: '生源所在地代码',
    required: true,
    variants: ['生源所在地', '生源地代码', '生源地'],
    table: 'division',
  },
  { key: 'enrolledAt', label: '入学时间', required: true, variants: ['入学年月', '入学日期'] },
  { key: 'graduationTime', label: '毕业时间', required: true, variants: ['毕业年月', '毕业日期', '预计毕业时间'] },
  { key: 'phone', label: '手机号码', required: true, variants: ['手机', '手机号', '移动电话', '联系电话'] },
  { key: 'examNo', label: '考生号', required: false, variants: ['高考考生号', '考生号码'] },
  { key: 'majorDirection', label: '专业方向', required: false, variants: [] },
  {
    key: 'targetedUnit',
    label: '定向委培单位',
    required: false,
    variants: ['定向或委培单位', '定向单位', '委培单位', '定向委培单位名称'],
  },
  { key: 'urbanRural', label: '城乡生源', required: false, variants: ['城乡生源代码'], table: 'urbanRural' },
  { key: 'normalStudent', label: '师范生类别代码', required: false, variants: ['师范生类别'], table: 'normalStudent' },
  { key: 'hardship', label: '困难生类别代码', required: false, variants: ['困难生类别'], table: 'hardship' },
  { key: 'className', label: '所在班级', required: false, variants: ['班级', '班级名称'] },
  { key: 'email', label: '电子邮箱', required: false, variants: ['邮箱', '电子邮件', 'email', 'e-mail'] },
  { key: 'qq', label: 'QQ号码', required: false, variants: ['QQ', 'QQ号'] },
  { key: 'homeAddress', label: '家庭住址', required: false, variants: ['家庭地址', '通讯地址'] },
  { key: 'homePhone', label: '家庭电话', required: false, variants: ['家庭联系电话'] },
  { key: 'homePostcode', label: '家庭邮编', required: false, variants: ['邮政编码', '邮编'] },
  // 扩展项1–4 (seed 002 附件1): optional; 扩展项1 is 1 零就业家庭, 2 退役军人, 12 both.
  { key: 'extension1', label: '扩展项1', required: false, variants: ['扩展项一'] },
  { key: 'extension2', label: '扩展项2', required: false, variants: ['扩展项二'] },
  { key: 'extension3', label: '扩展项3', required: false, variants: ['扩展项三'] },
  { key: 'extension4', label: '扩展项4', required: false, variants: ['扩展项四'] },
]

const ROSTER_LABEL: Record<RosterKey, string> = Object.fromEntries(
  ROSTER_FIELDS.map((f) => [f.key, f.label]),
) as Record<RosterKey, string>

/** A validated row, in the columns of the `graduates` table that an import fills (department by name). */
export type RosterRecord = GraduateRosterColumns & {
  department: string
}

export interface FieldProblem {
  field: string
  message: string
}

export type RowCheck = { ok: true; value: RosterRecord } | { ok: false; problems: FieldProblem[] }

/** Each problem as "字段：原因", joined — the 失败原因 of the failure table. */
export const describeProblems = (problems: FieldProblem[]) => problems.map((p) => `${p.field}：${p.message}`).join('；')

type Result<T> = { ok: true; value: T } | { ok: false; message: string }
const ok = <T>(value: T): Result<T> => ({ ok: true, value })
const bad = (message: string): Result<never> => ({ ok: false, message })

/** Free-text limits: enough for any real value, small enough that a runaway cell is refused. */
const MAX_TEXT: Partial<Record<RosterKey, number>> = {
  name: 50,
  department: 50,
  majorName: 60,
  majorDirection: 60,
  targetedUnit: 100,
  className: 50,
  homeAddress: 200,
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** 手机号码: 11 digits starting 1[3-9] (the national system's rule; spaces and hyphens dropped). */
function checkPhone(raw: string): Result<string> {
  const v = mobileNumber(raw)
  return v ? ok(v) : bad(MOBILE_MESSAGE)
}

function checkEmail(raw: string): Result<string> {
  const v = raw.trim()
  return v.length <= 100 && EMAIL_RE.test(v) ? ok(v) : bad('不是有效的电子邮箱地址')
}

/** QQ号码: digits only (seed 001: "注意填写纯数字qq号码"), 5–12 of them, no leading zero. */
function checkQq(raw: string): Result<string> {
  const v = raw.trim()
  return /^[1-9]\d{4,11}$/.test(v) ? ok(v) : bad('只能填写纯数字的 QQ 号码（5–12 位）')
}

function checkHomePhone(raw: string): Result<string> {
  const v = raw.trim()
  return /^[0-9+\-() ]{6,20}$/.test(v) ? ok(v) : bad('应为电话号码（数字，可含区号和 -）')
}

/**
 * 生源所在地代码: a current county-level code (checkDivision: 市辖区 and prefectures with
 * counties refused, 东莞市-style prefectures accepted), a retired code still valid for graduates
 * who enrolled before it was withdrawn, or the exact full name (北京市海淀区).
 */
function checkOrigin(raw: string): Result<string> {
  const v = raw.trim()
  if (/^\d{6}$/.test(v)) {
    const d = checkDivision(v)
    if (d.ok) return ok(d.code)
    if (checkRetiredDivision(v)) return ok(v)
    return bad(d.message)
  }
  const byFullName = resolveCode('division', v)
  if (byFullName) return ok(byFullName.code)
  return bad('应为 6 位县级行政区划代码（见公共代码）')
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/**
 * YYYYMM. Sheets also carry 2022-09, 2022.09, 2022/9, 2022年9月, a full date, or an Excel date
 * serial (a date-formatted cell read without styles); all are read as their month.
 */
export function parseMonth(raw: string): Result<string> {
  let v = raw.trim()
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    const serial = Math.floor(Number(v))
    if (serial > 20000 && serial < 80000) {
      const d = new Date(EXCEL_EPOCH + serial * 86400000)
      v = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`
    }
  }
  let m =
    /^(\d{4})(\d{2})$/.exec(v) ??
    /^(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(?:\d{1,2}\s*日?)?)?(?:[ T].*)?$/.exec(v)
  if (!m) return bad('应为 6 位年月，如 202209')
  const y = Number(m[1])
  const mo = Number(m[2])
  if (y < 1950 || y > 2100 || mo < 1 || mo > 12) return bad(`${v} 不是有效的年月`)
  return ok(`${y}${String(mo).padStart(2, '0')}`)
}

/** 学制: years, 1–8, halves allowed (2.5-year master's programmes). */
function checkLength(raw: string): Result<string> {
  const v = raw.trim().replace(/年$/, '')
  if (!/^\d(\.5|\.0)?$/.test(v)) return bad('应为学习年限，如 4 或 2.5')
  const n = Number(v)
  if (n < 1 || n > 8) return bad('应在 1 到 8 年之间')
  return ok(String(n))
}

/**
 * 扩展项1 (seed 002 附件1 填写说明): 1 零就业家庭, 2 退役军人, 12 both; the names are read too.
 */
export const EXTENSION_1_CODES: Record<string, string> = {
  '1': '零就业家庭',
  '2': '退役军人',
  '12': '零就业家庭、退役军人',
}
function checkExtension1(raw: string): Result<string> {
  const v = raw.trim()
  if (v in EXTENSION_1_CODES) return ok(v)
  if (v === '零就业家庭') return ok('1')
  if (v === '退役军人') return ok('2')
  if (v === '21') return ok('12')
  return bad('应为 1（零就业家庭）、2（退役军人）或 12（两者都是）')
}

function text(key: RosterKey, raw: string): Result<string> {
  const v = raw.trim().replace(/\s+/g, ' ')
  const max = MAX_TEXT[key] ?? 100
  return v.length > max ? bad(`不能超过 ${max} 个字`) : ok(v)
}

/**
 * Checks one row (cells by field key; missing optional columns are ''). `today` bounds the birth
 * date of 身份证号.
 */
export function checkRosterRow(cells: Partial<Record<RosterKey, string>>, today = new Date()): RowCheck {
  const problems: FieldProblem[] = []
  const get = (k: RosterKey) => (cells[k] ?? '').trim()
  const fail = (k: RosterKey, message: string) => problems.push({ field: ROSTER_LABEL[k], message })
  const out: Partial<Record<RosterKey, string | null>> = {}

  for (const f of ROSTER_FIELDS) {
    const raw = get(f.key)
    if (!raw) {
      if (f.required) fail(f.key, '必须填写')
      out[f.key] = null
      continue
    }
    let r: Result<string>
    if (f.key === 'origin') r = checkOrigin(raw)
    else if (f.table) {
      const e = resolveCode(f.table, raw)
      r = e ? ok(e.code) : bad(`“${raw}”不是有效的${f.label.replace(/代码$/, '')}代码或名称（见公共代码）`)
    } else if (f.key === 'studentNo')
      r = /^[0-9A-Za-z_-]{1,32}$/.test(raw) ? ok(raw) : bad('只能由字母、数字、下划线或连字符组成，最长 32 位')
    else if (f.key === 'idCard') {
      const c = checkIdCard(raw, today)
      r = c.ok ? ok(c.value) : bad(c.message)
    } else if (f.key === 'majorCode')
      r = /^[0-9A-Za-z]{2,12}$/.test(raw) ? ok(raw.toUpperCase()) : bad('应为专业目录中的专业代码，如 080901')
    else if (f.key === 'lengthOfSchooling') r = checkLength(raw)
    else if (f.key === 'enrolledAt' || f.key === 'graduationTime') r = parseMonth(raw)
    else if (f.key === 'phone') r = checkPhone(raw)
    else if (f.key === 'email') r = checkEmail(raw)
    else if (f.key === 'qq') r = checkQq(raw)
    else if (f.key === 'homePhone') r = checkHomePhone(raw)
    else if (f.key === 'homePostcode') r = /^\d{6}$/.test(raw) ? ok(raw) : bad('应为 6 位数字')
    else if (f.key === 'extension1') r = checkExtension1(raw)
    else if (f.key === 'examNo') r = /^[0-9A-Za-z]{1,20}$/.test(raw) ? ok(raw) : bad('只能由字母和数字组成，最长 20 位')
    else r = text(f.key, raw)
    if (r.ok) out[f.key] = r.value
    else {
      fail(f.key, r.message)
      out[f.key] = null
    }
  }

  // Cross-field rules.
  if (out.idCard && out.gender) {
    const sex = checkIdCard(out.idCard, today)
    if (sex.ok && sex.sexCode !== out.gender)
      fail('gender', `与身份证号的性别位不符（身份证号为${byCode('gender', sex.sexCode)?.name}）`)
  }
  if (out.enrolledAt && out.graduationTime && out.enrolledAt >= out.graduationTime)
    fail('enrolledAt', `应早于毕业时间 ${out.graduationTime}`)
  if (
    out.trainingMode &&
    TARGETED_TRAINING_CODES.has(out.trainingMode) &&
    !out.targetedUnit &&
    !problems.some((p) => p.field === ROSTER_LABEL.targetedUnit)
  ) {
    fail('targetedUnit', `培养方式为${byCode('trainingMode', out.trainingMode)?.name}时必须填写定向或委培单位`)
  }

  if (problems.length) return { ok: false, problems }
  const s = (k: RosterKey) => out[k] as string
  const n = (k: RosterKey) => (out[k] ?? null) as string | null
  return {
    ok: true,
    value: {
      student_no: s('studentNo'),
      name: s('name'),
      name_key: nameKey(s('name')),
      id_card: s('idCard'),
      exam_no: n('examNo'),
      gender_code: s('gender'),
      ethnicity_code: s('ethnicity'),
      political_code: s('political'),
      education_code: s('education'),
      department: s('department'),
      major_code: s('majorCode'),
      major_name: s('majorName'),
      major_direction: n('majorDirection'),
      length_of_schooling: s('lengthOfSchooling'),
      training_mode_code: s('trainingMode'),
      targeted_unit: n('targetedUnit'),
      origin_code: s('origin'),
      enrolled_at: s('enrolledAt'),
      graduation_time: s('graduationTime'),
      phone: s('phone'),
      email: n('email'),
      qq: n('qq'),
      home_address: n('homeAddress'),
      home_phone: n('homePhone'),
      home_postcode: n('homePostcode'),
      urban_rural: n('urbanRural'),
      normal_student_code: n('normalStudent'),
      hardship_code: n('hardship'),
      class_name: n('className'),
      extension_1: n('extension1'),
      extension_2: n('extension2'),
      extension_3: n('extension3'),
      extension_4: n('extension4'),
    },
  }
}

/**
 * The graduate's self-check (seeds 001, 002): the fields a graduate may correct. 学号, 身份证号,
 * 院系, 专业, 专业方向, 学制, 入学时间, 毕业时间 are 学籍 data, corrected only by the department.
 */
export const SELF_CHECK_FIELDS = [
  { key: 'origin_code', label: '生源所在地代码' },
  { key: 'phone', label: '手机号码' },
  { key: 'email', label: '电子邮箱' },
  { key: 'qq', label: 'QQ号码' },
  { key: 'home_address', label: '家庭住址' },
  { key: 'home_phone', label: '家庭电话' },
  { key: 'urban_rural', label: '城乡生源' },
] as const
export type SelfCheckKey = (typeof SELF_CHECK_FIELDS)[number]['key']
export type SelfCheckValues = Record<SelfCheckKey, string | null>

/** Checks a self-check submission; empty optional fields become null, 生源所在地 and 手机 stay required. */
export function checkSelfCheck(
  input: Partial<Record<SelfCheckKey, string | null | undefined>>,
): { ok: true; value: SelfCheckValues } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const value = {} as SelfCheckValues
  for (const f of SELF_CHECK_FIELDS) {
    const raw = (input[f.key] ?? '').trim()
    if (!raw) {
      if (f.key === 'origin_code' || f.key === 'phone') problems.push({ field: f.label, message: '必须填写' })
      value[f.key] = null
      continue
    }
    let r: Result<string>
    if (f.key === 'origin_code') r = checkOrigin(raw)
    else if (f.key === 'phone') r = checkPhone(raw)
    else if (f.key === 'email') r = checkEmail(raw)
    else if (f.key === 'qq') r = checkQq(raw)
    else if (f.key === 'home_phone') r = checkHomePhone(raw)
    else if (f.key === 'urban_rural') {
      const e = resolveCode('urbanRural', raw)
      r = e ? ok(e.code) : bad('应为 城镇 或 农村')
    } else r = raw.length > 200 ? bad('不能超过 200 个字') : ok(raw)
    if (r.ok) value[f.key] = r.value
    else {
      problems.push({ field: f.label, message: r.message })
      value[f.key] = null
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value }
}

/** Each roster field's column in `graduates` (院系 is a reference: `department_id`). */
export const ROSTER_COLUMN: Record<Exclude<RosterKey, 'department'>, keyof RosterRecord> = {
  studentNo: 'student_no',
  name: 'name',
  idCard: 'id_card',
  gender: 'gender_code',
  ethnicity: 'ethnicity_code',
  political: 'political_code',
  education: 'education_code',
  majorCode: 'major_code',
  majorName: 'major_name',
  lengthOfSchooling: 'length_of_schooling',
  trainingMode: 'training_mode_code',
  origin: 'origin_code',
  enrolledAt: 'enrolled_at',
  graduationTime: 'graduation_time',
  phone: 'phone',
  examNo: 'exam_no',
  majorDirection: 'major_direction',
  targetedUnit: 'targeted_unit',
  urbanRural: 'urban_rural',
  normalStudent: 'normal_student_code',
  hardship: 'hardship_code',
  className: 'class_name',
  email: 'email',
  qq: 'qq',
  homeAddress: 'home_address',
  homePhone: 'home_phone',
  homePostcode: 'home_postcode',
  extension1: 'extension_1',
  extension2: 'extension_2',
  extension3: 'extension_3',
  extension4: 'extension_4',
}
