/**
 * What each of the 24 destination types must carry (seed 004, 2.6, 2.9): its required and optional
 * fields, whether it needs 证明材料, and the 定向/委培 rule.
 */
import { DESTINATION_TYPES, type DestinationTypeName } from '../codes/destinations.js'
import type { DestinationField } from './content.js'

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

/** The rest of the national form's 单位信息 (seed 004 §2.1): the job, the unit's contact and the terms. */
const JOB_AND_CONTACT: DestinationField[] = [
  'jobTitle',
  'contactName',
  'contactPhone',
  'contactMobile',
  'contactEmail',
  'salary',
  'penalty',
]

/**
 * National rule (seed 004, 2.1 去向填报 单位信息 and 2.8; 教育部《高校毕业生毕业去向分类及证明材料》
 * as shown in the registration system): the employment types carry the employer — 单位名称, 统一社会
 * 信用代码, 单位性质, 单位行业, 单位所在地, 工作职位类别; 境内升学 carries 升学院校 (seed 2.1: "*学校");
 * the types abroad and 国际组织任职 carry 国家或地区; 应征义务兵 and the 未就业 types carry nothing
 * more. Every type outside 未就业 needs proof (seed 2.6 ③, 2.8 ③ "上传证明材料").
 *
 * Every type that carries an employer also carries the rest of the national form's 单位信息 —
 * 岗位名称, 单位联系人, 联系人电话, 联系人手机, 联系人邮箱, 转正起薪, 违约金 (seed 004 §2.1 去向填报).
 * The seed marks 岗位名称 and 单位联系人 required, and 联系人电话 / 手机 "必填一个", on the form of
 * 签就业协议书就业 (the agreement's form). They are optional here, checked when given, on every
 * type: contract §4.3 (binding) lists a destination's fields without them, so a registration,
 * import row or 接口 call with the contract's fields alone stays complete. An agreement fills
 * them from its unit and job at 鉴证 (agreements/service.ts destinationOf).
 *
 * Choices where the national material is silent, kept here in one place:
 * - 部队军士或文职人员: military units do not publish a 统一社会信用代码, so it is optional here
 *   (checked when given); the other unit fields are required.
 * - 自由职业: no employer, so only 工作职位类别 and 单位所在地 (where the work is done).
 */
export const TYPE_RULES: Record<DestinationTypeName, TypeRule> = {
  签就业协议书就业: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '与用人单位签订《全国普通高等学校毕业生就业协议书》（含网上签约）。',
    proofHint: '盖章的就业协议书',
  },
  签劳动合同就业: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '与用人单位签订劳动合同就业。',
    proofHint: '劳动合同',
  },
  提供公招接收函就业: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '通过公务员、事业单位等公开招考被录用，由招录单位出具接收函。',
    proofHint: '接收函或录用通知',
  },
  其他录用证明就业: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
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
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '参加中央组织实施的基层服务项目，如大学生志愿服务西部计划、"三支一扶"、特岗教师、选聘到村任职等。',
    proofHint: '项目录取（录用）通知或证明',
  },
  地方基层项目: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '参加各省（区、市）组织实施的基层服务项目。',
    proofHint: '项目录取（录用）通知或证明',
  },
  '科研助理、管理助理': {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '受聘于高校、科研院所、企业等担任科研助理、管理助理。',
    proofHint: '聘用合同或协议',
  },
  应征义务兵: { required: [], optional: [], proof: true, explanation: '应征入伍服义务兵役。', proofHint: '入伍通知书' },
  部队军士或文职人员: {
    required: ['unitName', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    optional: ['unitCreditCode', ...JOB_AND_CONTACT],
    proof: true,
    explanation: '直接招收为部队军士或招录为军队文职人员。',
    proofHint: '招收或录用证明',
  },
  医学规培生: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '参加住院医师等规范化培训的非在职毕业生。',
    proofHint: '规培录取证明或协议',
  },
  自主创业: {
    required: UNIT,
    optional: JOB_AND_CONTACT,
    proof: true,
    explanation: '创立企业（包括参与创立）或是新企业的所有者、管理者，含个体经营与合伙经营。',
    proofHint: '营业执照等创业证明',
  },
  国际组织任职: {
    required: ['country'],
    optional: ['unitName', 'jobCategory', ...JOB_AND_CONTACT],
    proof: true,
    explanation: '到国际组织任职、实习。',
    proofHint: '国际组织录用证明',
  },
  出国出境工作: {
    required: ['country'],
    optional: ['unitName', 'jobCategory', ...JOB_AND_CONTACT],
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

/** Types that carry an employer, and so can name the 定向委培单位 (used by the checks). */
export const UNIT_TYPES = (Object.keys(TYPE_RULES) as DestinationTypeName[]).filter((t) =>
  TYPE_RULES[t].required.includes('unitName'),
)
