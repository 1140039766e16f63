/**
 * 去向登记 (seed 004, 2.1, 2.6, 2.8–2.10; contract §4.3): the pure rules — what each of the 24
 * destination types must carry, the archive (档案转递) and hukou (户口迁移) parts, which types need
 * proof, the 定向/委培 rule, and the state machine of a registration with both review modes.
 * No I/O here: the registration feature (src/registration/) applies these at its edges.
 */
import type { RegistrationSource, RegistrationStatus } from '../db/schema.js'
import {
  ARCHIVE_TRANSFER_TYPES,
  DESTINATION_TYPES,
  HUKOU_MIGRATION_TYPES,
  destinationCategory,
  type DestinationTypeName,
} from './codes/destinations.js'
import { jobCategoryTable, unitIndustryTable, unitNatureTable } from './codes/employment.js'
import type { CodeTable } from './codes/types.js'
import { checkCreditCode } from './credit-code.js'
import { checkDivision } from './divisions.js'

// ---------------------------------------------------------------------------------------------
// Shapes (contract §4.3). Stored in registrations.destination / archive / hukou as this JSON.

export interface Destination {
  type: DestinationTypeName
  unitName?: string | null
  unitCreditCode?: string | null
  unitNature?: string | null
  unitIndustry?: string | null
  unitLocation?: string | null
  jobCategory?: string | null
  school?: string | null
  country?: string | null
}

export interface Archive {
  transferType: (typeof ARCHIVE_TRANSFER_TYPES)[number]
  unitName?: string | null
  unitAddress?: string | null
  unitLocation?: string | null
  postcode?: string | null
  contact?: string | null
  phone?: string | null
}

export interface Hukou {
  migrationType: (typeof HUKOU_MIGRATION_TYPES)[number]
  location?: string | null
  address?: string | null
}

export interface RegistrationContent {
  destination: Destination | null
  archive: Archive | null
  hukou: Hukou | null
}

/** What a client sends: every field loosely typed; `checkContent` turns it into `RegistrationContent`. */
export type RawPart = Record<string, unknown> | null | undefined
export interface RawContent {
  destination?: RawPart
  archive?: RawPart
  hukou?: RawPart
}

export type DestinationField =
  | 'unitName'
  | 'unitCreditCode'
  | 'unitNature'
  | 'unitIndustry'
  | 'unitLocation'
  | 'jobCategory'
  | 'school'
  | 'country'
export const DESTINATION_FIELDS: DestinationField[] = [
  'unitName',
  'unitCreditCode',
  'unitNature',
  'unitIndustry',
  'unitLocation',
  'jobCategory',
  'school',
  'country',
]
export const ARCHIVE_FIELDS = ['unitName', 'unitAddress', 'unitLocation', 'postcode', 'contact', 'phone'] as const
export const HUKOU_FIELDS = ['location', 'address'] as const

/** Chinese names of every field, by its path — the names of the national forms and upload template. */
export const FIELD_NAMES: Record<string, string> = {
  destination: '毕业去向信息',
  'destination.type': '毕业去向',
  'destination.unitName': '单位名称',
  'destination.unitCreditCode': '统一社会信用代码',
  'destination.unitNature': '单位性质',
  'destination.unitIndustry': '单位行业',
  'destination.unitLocation': '单位所在地',
  'destination.jobCategory': '工作职位类别',
  'destination.school': '升学院校',
  'destination.country': '国家或地区',
  archive: '档案转递信息',
  'archive.transferType': '档案转递类型',
  'archive.unitName': '档案转递单位名称',
  'archive.unitAddress': '档案转递单位地址',
  'archive.unitLocation': '档案转递单位所在地',
  'archive.postcode': '档案转递单位邮编',
  'archive.contact': '档案转递联系人',
  'archive.phone': '档案转递联系电话',
  hukou: '户口迁移信息',
  'hukou.migrationType': '户口迁移类型',
  'hukou.location': '户口迁移所在地',
  'hukou.address': '户口迁移地址',
  proof: '证明材料',
}

// ---------------------------------------------------------------------------------------------
// Per-type rules.

export interface TypeRule {
  /** Fields that must be filled before the registration can be submitted. */
  required: DestinationField[]
  /** Fields the form shows for this type without requiring them. */
  optional: DestinationField[]
  /** Whether the national system asks for 证明材料 for this type. */
  proof: boolean
  /** The national explanation, shortened. */
  explanation: string
  /** What counts as proof. */
  proofHint?: string
}

const UNIT: DestinationField[] = [
  'unitName',
  'unitCreditCode',
  'unitNature',
  'unitIndustry',
  'unitLocation',
  'jobCategory',
]

/**
 * National rule (seed 004, 2.1 去向填报 单位信息 and 2.8; 教育部《高校毕业生毕业去向分类及证明材料》
 * as shown in the registration system): the employment types carry the employer — 单位名称, 统一社会
 * 信用代码, 单位性质, 单位行业, 单位所在地, 工作职位类别; 境内升学 carries 升学院校 (seed 2.1: "*学校");
 * the types abroad and 国际组织任职 carry 国家或地区; 应征义务兵 and the 未就业 types carry nothing
 * more. Every type outside 未就业 needs proof (seed 2.6 ③, 2.8 ③ "上传证明材料").
 *
 * Choices where the national material is silent, kept here in one place:
 * - 部队军士或文职人员: military units do not publish a 统一社会信用代码, so it is optional here
 *   (checked when given); the other unit fields are required.
 * - 自由职业: no employer, so only 工作职位类别 and 单位所在地 (where the work is done).
 */
export const TYPE_RULES: Record<DestinationTypeName, TypeRule> = {
  签就业协议书就业: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '与用人单位签订《全国普通高等学校毕业生就业协议书》（含网上签约）。',
    proofHint: '盖章的就业协议书',
  },
  签劳动合同就业: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '与用人单位签订劳动合同就业。',
    proofHint: '劳动合同',
  },
  提供公招接收函就业: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '通过公务员、事业单位等公开招考被录用，由招录单位出具接收函。',
    proofHint: '接收函或录用通知',
  },
  其他录用证明就业: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '用人单位出具录用证明、工作证明等录用材料。',
    proofHint: '单位盖章的录用证明',
  },
  自由职业: {
    required: ['jobCategory', 'unitLocation'],
    optional: ['unitIndustry'],
    proof: true,
    explanation: '以个体劳动为主的职业，如作家、自由撰稿人、翻译、中介服务、某些艺术工作者等。',
    proofHint: '自由职业登记材料、合作协议或劳动报酬证明',
  },
  国家基层项目: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '参加中央组织实施的基层服务项目，如大学生志愿服务西部计划、"三支一扶"、特岗教师、选聘到村任职等。',
    proofHint: '项目录取（录用）通知或证明',
  },
  地方基层项目: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '参加各省（区、市）组织实施的基层服务项目。',
    proofHint: '项目录取（录用）通知或证明',
  },
  '科研助理、管理助理': {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '受聘于高校、科研院所、企业等担任科研助理、管理助理。',
    proofHint: '聘用合同或协议',
  },
  应征义务兵: { required: [], optional: [], proof: true, explanation: '应征入伍服义务兵役。', proofHint: '入伍通知书' },
  部队军士或文职人员: {
    required: ['unitName', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    optional: ['unitCreditCode'],
    proof: true,
    explanation: '直接招收为部队军士或招录为军队文职人员。',
    proofHint: '招收或录用证明',
  },
  医学规培生: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '参加住院医师等规范化培训的非在职毕业生。',
    proofHint: '规培录取证明或协议',
  },
  自主创业: {
    required: UNIT,
    optional: [],
    proof: true,
    explanation: '创立企业（包括参与创立）或是新企业的所有者、管理者，含个体经营与合伙经营。',
    proofHint: '营业执照等创业证明',
  },
  国际组织任职: {
    required: ['country'],
    optional: ['unitName', 'jobCategory'],
    proof: true,
    explanation: '到国际组织任职、实习。',
    proofHint: '国际组织录用证明',
  },
  出国出境工作: {
    required: ['country'],
    optional: ['unitName', 'jobCategory'],
    proof: true,
    explanation: '到国（境）外工作。',
    proofHint: '工作合同或录用证明、签证',
  },
  境内升学: {
    required: ['school'],
    optional: [],
    proof: true,
    explanation: '就读研究生、第二学士学位或专升本。',
    proofHint: '拟录取名单、录取院校调档函或录取通知书',
  },
  出国出境深造: {
    required: ['country'],
    optional: ['school'],
    proof: true,
    explanation: '到国（境）外高校或科研机构学习深造。',
    proofHint: '录取通知书',
  },
  求职中: { required: [], optional: [], proof: false, explanation: '正在求职，尚未落实去向。' },
  签约中: { required: [], optional: [], proof: false, explanation: '已有意向单位，正在办理签约手续。' },
  拟参加公招考试: { required: [], optional: [], proof: false, explanation: '准备参加公务员、事业单位等招录考试。' },
  拟创业: { required: [], optional: [], proof: false, explanation: '准备自主创业。' },
  不就业拟升学: { required: [], optional: [], proof: false, explanation: '暂不就业，准备继续升学考试。' },
  拟应征入伍: { required: [], optional: [], proof: false, explanation: '准备应征入伍。' },
  拟出国出境: { required: [], optional: [], proof: false, explanation: '准备出国出境学习或工作。' },
  暂不就业: { required: [], optional: [], proof: false, explanation: '暂无就业打算。' },
}

export function isDestinationType(name: unknown): name is DestinationTypeName {
  return typeof name === 'string' && DESTINATION_TYPES.some((t) => t.name === name)
}

export function typeRule(name: DestinationTypeName): TypeRule {
  return TYPE_RULES[name]
}

/** The fields a type shows (required first). */
export function typeFields(name: DestinationTypeName): DestinationField[] {
  const r = TYPE_RULES[name]
  return [...r.required, ...r.optional]
}

export function needsProof(type: string | null | undefined): boolean {
  return isDestinationType(type) && TYPE_RULES[type].proof
}

/** 培养方式 codes whose graduates must take up the 定向/委培 unit (seed 004, 2.9; design notes). */
export const TARGETED_TRAINING_MODES = ['21', '4'] as const

/** Types that carry an employer, and so can name the 定向委培单位. */
const UNIT_TYPES = (Object.keys(TYPE_RULES) as DestinationTypeName[]).filter((t) =>
  TYPE_RULES[t].required.includes('unitName'),
)

// ---------------------------------------------------------------------------------------------
// Field checks.

export interface Issue {
  /** The field's path, e.g. `destination.unitCreditCode`. */
  field: string
  /** `{Chinese name}：{what is wrong}` — what people read. */
  message: string
}

const issue = (field: string, msg: string): Issue => ({ field, message: `${FIELD_NAMES[field] ?? field}：${msg}` })

/** 邮政编码: six digits (GB/T 2260 postal areas). */
export const POSTCODE_RE = /^\d{6}$/
/** A mainland mobile number, or a landline with optional area code and extension. */
export const PHONE_RE = /^(?:1[3-9]\d{9}|(?:0\d{2,3}-?)?[2-9]\d{6,7}(?:-\d{1,6})?)$/

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return String(v)
  if (typeof v !== 'string') return null
  const s = v.normalize('NFKC').trim()
  return s === '' ? null : s
}

/** A code table field given as its code or its name; stored as the code. */
function codeOf(table: CodeTable, v: string): string | null {
  const byCode = table.entries.find((e) => e.code === v)
  if (byCode) return byCode.code
  return table.entries.find((e) => e.name === v)?.code ?? null
}

export function codeName(table: CodeTable, code: string | null | undefined): string | null {
  if (!code) return null
  return table.entries.find((e) => e.code === code)?.name ?? null
}

const MAX_TEXT = 200

function checkText(field: string, v: string, max = MAX_TEXT): Issue | null {
  if (v.length > max) return issue(field, `不能超过 ${max} 个字符`)
  return null
}

export interface GraduateFacts {
  training_mode_code: string
  targeted_unit: string | null
}

export type Completeness = 'draft' | 'complete'

export interface CheckOptions {
  /** `draft`: only what is filled is checked; `complete`: required fields must be there too. */
  mode: Completeness
  graduate: GraduateFacts
  /** Which parts must be present when complete (the graduate's own submission needs all three). */
  requireParts?: { archive: boolean; hukou: boolean }
}

export type CheckResult = { ok: true; value: RegistrationContent } | { ok: false; issues: Issue[] }

const sameUnit = (a: string, b: string) =>
  a.replace(/\s+/g, '').normalize('NFKC') === b.replace(/\s+/g, '').normalize('NFKC')

export function checkDestination(raw: RawPart, opts: CheckOptions): { value: Destination | null; issues: Issue[] } {
  const issues: Issue[] = []
  if (raw === null || raw === undefined) {
    if (opts.mode === 'complete') issues.push(issue('destination', '必须填写'))
    return { value: null, issues }
  }
  const type = str(raw.type)
  if (!type) {
    issues.push(issue('destination.type', '必须选择'))
    return { value: null, issues }
  }
  if (!isDestinationType(type)) {
    issues.push(issue('destination.type', `“${type}”不是 24 种毕业去向之一`))
    return { value: null, issues }
  }
  const rule = TYPE_RULES[type]
  const out: Destination = { type }
  for (const f of typeFields(type)) {
    const path = `destination.${f}`
    const v = str(raw[f])
    if (v === null) {
      if (opts.mode === 'complete' && rule.required.includes(f)) issues.push(issue(path, '必须填写'))
      out[f] = null
      continue
    }
    let value: string | null = v
    let bad: Issue | null = null
    switch (f) {
      case 'unitCreditCode': {
        const r = checkCreditCode(v)
        if (r.ok) value = r.value
        else bad = issue(path, r.message)
        break
      }
      case 'unitLocation': {
        const r = checkDivision(v)
        if (!r.ok) bad = issue(path, r.message)
        break
      }
      case 'unitNature':
      case 'unitIndustry':
      case 'jobCategory': {
        const table = f === 'unitNature' ? unitNatureTable : f === 'unitIndustry' ? unitIndustryTable : jobCategoryTable
        value = codeOf(table, v)
        if (!value) bad = issue(path, `“${v}”不在${table.name}代码表中`)
        break
      }
      default:
        bad = checkText(path, v, f === 'unitName' || f === 'school' ? 100 : 50)
    }
    if (bad) issues.push(bad)
    out[f] = value
  }
  // National rule (seed 004, 2.9 定向/委培生): 定向 and 委培 graduates must take up the unit of their
  // agreement and register it; changing the 培养方式 is a provincial decision, not the graduate's.
  // 培养方式 22 (定向（可网签）) signs online with that unit, so it is not checked here.
  const g = opts.graduate
  if ((TARGETED_TRAINING_MODES as readonly string[]).includes(g.training_mode_code) && g.targeted_unit) {
    if (!UNIT_TYPES.includes(type)) {
      issues.push(issue('destination.type', `定向/委培毕业生须按定向协议就业，登记定向委培单位“${g.targeted_unit}”`))
    } else if (out.unitName && !sameUnit(out.unitName, g.targeted_unit)) {
      issues.push(issue('destination.unitName', `定向/委培毕业生须登记定向委培单位“${g.targeted_unit}”`))
    }
  }
  return { value: out, issues }
}

export function checkArchive(raw: RawPart, opts: CheckOptions): { value: Archive | null; issues: Issue[] } {
  const issues: Issue[] = []
  const required = opts.mode === 'complete' && (opts.requireParts?.archive ?? true)
  if (raw === null || raw === undefined || Object.values(raw).every((v) => str(v) === null)) {
    if (required) issues.push(issue('archive.transferType', '必须选择'))
    return { value: null, issues }
  }
  const t = str(raw.transferType)
  if (!t) {
    issues.push(issue('archive.transferType', '必须选择'))
    return { value: null, issues }
  }
  if (!(ARCHIVE_TRANSFER_TYPES as readonly string[]).includes(t)) {
    issues.push(issue('archive.transferType', `应为 ${ARCHIVE_TRANSFER_TYPES.join('、')} 之一`))
    return { value: null, issues }
  }
  const out: Archive = { transferType: t as Archive['transferType'] }
  for (const f of ARCHIVE_FIELDS) {
    const path = `archive.${f}`
    const v = str(raw[f])
    out[f] = v
    if (v === null) {
      if (opts.mode === 'complete') issues.push(issue(path, '必须填写'))
      continue
    }
    const bad =
      f === 'unitLocation'
        ? (() => {
            const r = checkDivision(v)
            return r.ok ? null : issue(path, r.message)
          })()
        : f === 'postcode'
          ? POSTCODE_RE.test(v)
            ? null
            : issue(path, '应为 6 位数字')
          : f === 'phone'
            ? PHONE_RE.test(v.replace(/\s/g, ''))
              ? null
              : issue(path, '应为手机号码或带区号的固定电话')
            : checkText(path, v, f === 'contact' ? 50 : 100)
    if (f === 'phone') out.phone = v.replace(/\s/g, '')
    if (bad) issues.push(bad)
  }
  return { value: out, issues }
}

export function checkHukou(raw: RawPart, opts: CheckOptions): { value: Hukou | null; issues: Issue[] } {
  const issues: Issue[] = []
  const required = opts.mode === 'complete' && (opts.requireParts?.hukou ?? true)
  if (raw === null || raw === undefined || Object.values(raw).every((v) => str(v) === null)) {
    if (required) issues.push(issue('hukou.migrationType', '必须选择'))
    return { value: null, issues }
  }
  const t = str(raw.migrationType)
  if (!t) {
    issues.push(issue('hukou.migrationType', '必须选择'))
    return { value: null, issues }
  }
  if (!(HUKOU_MIGRATION_TYPES as readonly string[]).includes(t)) {
    issues.push(issue('hukou.migrationType', `应为 ${HUKOU_MIGRATION_TYPES.join('、')} 之一`))
    return { value: null, issues }
  }
  const out: Hukou = { migrationType: t as Hukou['migrationType'] }
  // 不迁移: the hukou stays where it is, so there is no destination to record.
  if (t === '不迁移') return { value: { ...out, location: null, address: null }, issues }
  const loc = str(raw.location)
  const addr = str(raw.address)
  out.location = loc
  out.address = addr
  if (loc === null) {
    if (opts.mode === 'complete') issues.push(issue('hukou.location', '必须填写'))
  } else {
    const r = checkDivision(loc)
    if (!r.ok) issues.push(issue('hukou.location', r.message))
  }
  if (addr === null) {
    if (opts.mode === 'complete') issues.push(issue('hukou.address', '必须填写'))
  } else {
    const bad = checkText('hukou.address', addr)
    if (bad) issues.push(bad)
  }
  return { value: out, issues }
}

/** Checks and normalises all three parts; every issue names its field. */
export function checkContent(raw: RawContent, opts: CheckOptions): CheckResult {
  const d = checkDestination(raw.destination, opts)
  const a = checkArchive(raw.archive, opts)
  const h = checkHukou(raw.hukou, opts)
  const issues = [...d.issues, ...a.issues, ...h.issues]
  if (issues.length) return { ok: false, issues }
  return { ok: true, value: { destination: d.value, archive: a.value, hukou: h.value } }
}

/** Whether two contents are the same registration (used to skip no-op overwrites). */
export function sameContent(a: RegistrationContent, b: RegistrationContent): boolean {
  return canonical(a) === canonical(b)
}

function canonical(c: RegistrationContent): string {
  const clean = (o: object | null) =>
    o
      ? Object.fromEntries(
          Object.entries(o)
            .filter(([, v]) => v !== null && v !== undefined && v !== '')
            .sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : null
  return JSON.stringify([clean(c.destination), clean(c.archive), clean(c.hukou)])
}

// ---------------------------------------------------------------------------------------------
// Proof files.

export const MAX_ATTACHMENTS = 3
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
export type ProofType = 'image/jpeg' | 'image/png' | 'application/pdf'

/**
 * Security decision: a proof file's type comes from its first bytes, never from its name or the
 * Content-Type the browser sent — JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A) or PDF
 * ("%PDF-"). Anything else (HTML, SVG, scripts renamed .jpg) is refused, so nothing we serve back
 * can be interpreted as a page.
 */
export function sniffProof(bytes: Uint8Array): ProofType | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'image/png'
  if (b.length >= 5 && [0x25, 0x50, 0x44, 0x46, 0x2d].every((x, i) => b[i] === x)) return 'application/pdf'
  return null
}

export const PROOF_EXTENSIONS: Record<ProofType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
}

/** A file name safe to store and to put in a Content-Disposition header. */
export function safeFilename(name: string | null | undefined, type: ProofType): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 80)
  const ext = PROOF_EXTENSIONS[type]
  if (!base) return `证明材料.${ext}`
  return base.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(base)) ? base : `${base}.${ext}`
}

// ---------------------------------------------------------------------------------------------
// The state machine.

export const REVIEW_MODES = ['仅校级审核', '先院系再校级审核'] as const
export type ReviewMode = (typeof REVIEW_MODES)[number]

export const STATUS_NAMES: Record<RegistrationStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  department_approved: '院系已审核，待学校审核',
  approved: '审核通过',
  returned: '退回修改',
  rejected: '审核不通过',
  voided: '已作废',
}

/** Statuses in which a registration awaits a reviewer; the review mode may not change while any exist. */
export const IN_FLIGHT: RegistrationStatus[] = ['submitted', 'department_approved']
/** Statuses in which the graduate may edit (and add or remove proof). */
export const EDITABLE: RegistrationStatus[] = ['draft', 'returned', 'rejected', 'voided']

/** `employer` is here because it is a signed-in role (contract §5); it may do nothing to a registration. */
export type ActorRole = 'student' | 'department' | 'school' | 'employer'
export type Move =
  | 'save' // the graduate saves a draft
  | 'submit'
  | 'withdraw'
  | 'void' // the graduate, or the school, voids an approved registration
  | 'approve'
  | 'return'
  | 'reject'
  | 'modify' // the school changes an approved registration
  | 'overwrite' // the school's system (import or API) files a registration, approved at once

export const MOVE_NAMES: Record<Move, string> = {
  save: '保存',
  submit: '提交审核',
  withdraw: '撤回',
  void: '作废',
  approve: '审核通过',
  return: '退回修改',
  reject: '审核不通过',
  modify: '学校修改',
  overwrite: '学校报送',
}

export type MoveResult =
  | { ok: true; to: RegistrationStatus }
  | { ok: false; code: 'conflict' | 'forbidden'; message: string }

const conflictMsg = (from: RegistrationStatus | null, move: Move) =>
  `当前状态（${from ? STATUS_NAMES[from] : '尚未登记'}）不能${MOVE_NAMES[move]}`

/**
 * The moves of contract §4.3 and seed 004 (2.6, 2.8):
 * - the graduate saves a draft (also to re-file after 审核不通过 or 作废), submits, withdraws before
 *   any review (撤回修改, "在学校（院系）审核之前"), and voids an approved registration without review
 *   (2.8 (3));
 * - a reviewer approves, returns for changes or rejects (审核不通过: 直接作废，须重新登记);
 * - review mode (2.2): 仅校级审核 — the school decides on `submitted`; 先院系再校级审核 — the
 *   graduate's 院系 decides on `submitted` (approve → `department_approved`), then the school on
 *   `department_approved`. A department user has no part in 仅校级审核;
 * - the school modifies or voids an approved registration (2.3 (4), 2.8 ④), and its systems
 *   (import, API) file registrations that are approved at once.
 */
export function nextStatus(
  from: RegistrationStatus | null,
  move: Move,
  actor: ActorRole,
  mode: ReviewMode,
): MoveResult {
  const no = (): MoveResult => ({ ok: false, code: 'conflict', message: conflictMsg(from, move) })
  const forbidden = (message: string): MoveResult => ({ ok: false, code: 'forbidden', message })
  if (actor === 'employer') return forbidden('用人单位不能操作毕业生的去向登记')
  switch (move) {
    case 'save':
      if (actor !== 'student') return forbidden('只有毕业生本人可以填写登记')
      if (from === null || from === 'draft') return { ok: true, to: 'draft' }
      if (from === 'returned') return { ok: true, to: 'returned' }
      if (from === 'rejected' || from === 'voided') return { ok: true, to: 'draft' }
      return {
        ok: false,
        code: 'conflict',
        message: from === 'approved' ? '登记已审核通过，如需重新登记请先作废' : '登记正在审核中，如需修改请先撤回',
      }
    case 'submit':
      if (actor !== 'student') return forbidden('只有毕业生本人可以提交登记')
      return from === 'draft' || from === 'returned' ? { ok: true, to: 'submitted' } : no()
    case 'withdraw':
      if (actor !== 'student') return forbidden('只有毕业生本人可以撤回登记')
      return from === 'submitted' ? { ok: true, to: 'draft' } : no()
    case 'void':
      if (actor === 'department') return forbidden('院系用户不能作废登记，请联系学校')
      return from === 'approved' ? { ok: true, to: 'voided' } : no()
    case 'modify':
      if (actor !== 'school') return forbidden('只有学校用户可以修改已审核的登记')
      return from === 'approved' ? { ok: true, to: 'approved' } : no()
    case 'overwrite':
      if (actor !== 'school') return forbidden('只有学校用户可以报送登记')
      return { ok: true, to: 'approved' }
    case 'approve':
    case 'return':
    case 'reject': {
      if (actor === 'student') return forbidden('毕业生不能审核登记')
      const target: RegistrationStatus = move === 'return' ? 'returned' : move === 'reject' ? 'rejected' : 'approved'
      if (mode === '仅校级审核') {
        if (actor === 'department') return forbidden('本校采用“仅校级审核”，院系用户无需审核')
        return from === 'submitted' ? { ok: true, to: target } : no()
      }
      if (actor === 'department') {
        if (from === 'submitted') return { ok: true, to: move === 'approve' ? 'department_approved' : target }
        if (from === 'department_approved')
          return { ok: false, code: 'conflict', message: '院系已审核，正在等待学校审核' }
        return no()
      }
      if (from === 'department_approved') return { ok: true, to: target }
      if (from === 'submitted')
        return { ok: false, code: 'conflict', message: '本校采用“先院系再校级审核”，须先由院系审核' }
      return no()
    }
  }
}

/** The statuses a reviewer with this role may act on under this mode (their queue). */
export function awaiting(actor: 'department' | 'school', mode: ReviewMode): RegistrationStatus[] {
  if (mode === '仅校级审核') return actor === 'school' ? ['submitted'] : []
  return actor === 'department' ? ['submitted'] : ['department_approved']
}

/**
 * The version rule other features stand on (transfer numbers go stale, confirmations reset):
 * `version` is 0 until the first approval, then every move into, within or out of `approved`
 * adds one — first approval, school modification, void, re-approval after re-filing, and every
 * overwrite by import or API. Moves that never touch an approved registration leave it alone.
 */
export function bumpsVersion(from: RegistrationStatus | null, to: RegistrationStatus): boolean {
  return from === 'approved' || to === 'approved'
}

/** What a move does to the stored content: void clears it (its employment data is emptied, seed 2.8 (3)). */
export function clearsContent(to: RegistrationStatus): boolean {
  return to === 'voided'
}

export const SOURCE_NAMES: RegistrationSource[] = ['登记系统', '就业管理系统上传', '就业管理系统接口']

export { destinationCategory }
