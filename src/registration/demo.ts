/**
 * Demo registrations for `npm start -- --demo`: given graduates, registrations in every state
 * (draft, submitted, department_approved, approved, returned, rejected, voided) from all three
 * sources, with realistic content — employers with valid 统一社会信用代码 (makeCreditCode),
 * county-level division codes (listCounties), proof images — written through the same moves and
 * events as real use, so histories and versions are consistent.
 *
 * department_approved exists only under 先院系再校级审核, so by default the demo school is put in
 * that mode (pass `reviewMode: '仅校级审核'` to keep the simple mode; that state is then skipped).
 */
import type { Graduate, Registration } from '../db/schema.js'
import type { AppDeps } from '../deps.js'
import { makeCreditCode } from '../domain/credit-code.js'
import { listCounties } from '../domain/divisions.js'
import { DESTINATION_TYPES } from '../domain/codes/destinations.js'
import { TARGETED_TRAINING_MODES, type RegistrationContent, type ReviewMode } from '../domain/registration/index.js'
import { commitMove } from './service.js'

type DemoState = 'draft' | 'submitted' | 'department_approved' | 'approved' | 'returned' | 'rejected' | 'voided'

/** A 1×1 PNG: the demo's stand-in for a scanned agreement. */
const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (ch) => ch.charCodeAt(0),
)

const COMPANIES = [
  '华信软件技术有限公司',
  '长江智能装备股份有限公司',
  '东方数据科技有限公司',
  '新程教育咨询有限公司',
  '蓝海生物医药有限公司',
  '中联建设工程有限公司',
  '明德会计师事务所（特殊普通合伙）',
  '安泰保险经纪有限公司',
  '北辰物流有限公司',
  '青禾农业发展有限公司',
]
const HOSPITALS = ['市第一人民医院', '省人民医院', '市中医医院']
const SCHOOLS = ['北京大学', '清华大学', '浙江大学', '复旦大学', '武汉大学', '中山大学', '四川大学']
const COUNTRIES = ['英国', '澳大利亚', '新加坡', '中国香港', '德国', '日本']
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A small deterministic generator, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export interface DemoSummary {
  created: number
  byState: Record<string, number>
  reviewMode: ReviewMode
}

export async function createDemoRegistrations(
  deps: AppDeps,
  graduateIds: number[],
  opts: { reviewMode?: ReviewMode; seed?: number } = {},
): Promise<DemoSummary> {
  const { db } = deps
  const rand = rng(opts.seed ?? 20260615)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const counties = listCounties()
  const county = () => pick(counties).code
  const creditCode = (division: string) => {
    let body = `91${division}`
    while (body.length < 17) body += CREDIT_ALPHABET[Math.floor(rand() * CREDIT_ALPHABET.length)]
    return makeCreditCode(body)
  }
  const phone = () => `1${pick(['38', '39', '58', '86', '77'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`
  const postcode = () => String(100000 + Math.floor(rand() * 800000))

  const graduates = graduateIds.length
    ? await db.selectFrom('graduates').selectAll().where('id', 'in', graduateIds).orderBy('id').execute()
    : []
  if (!graduates.length) return { created: 0, byState: {}, reviewMode: opts.reviewMode ?? '先院系再校级审核' }
  const schoolId = graduates[0].school_id
  const mode: ReviewMode = opts.reviewMode ?? '先院系再校级审核'
  await db.updateTable('schools').set({ review_mode: mode }).where('id', '=', schoolId).execute()
  const admin = await db
    .selectFrom('users')
    .select(['id', 'username', 'school_id as schoolId'])
    .where('school_id', '=', schoolId)
    .where('role', '=', 'school')
    .orderBy('id')
    .executeTakeFirstOrThrow()

  const states: DemoState[] = [
    'approved',
    'submitted',
    'draft',
    'returned',
    'rejected',
    'voided',
    'department_approved',
  ].filter((s) => s !== 'department_approved' || mode === '先院系再校级审核') as DemoState[]
  const stateFor = (i: number): DemoState => {
    if (i < states.length) return states[i]
    const r = rand()
    if (r < 0.6) return 'approved'
    if (r < 0.7) return 'submitted'
    if (r < 0.75 && mode === '先院系再校级审核') return 'department_approved'
    if (r < 0.82) return 'draft'
    if (r < 0.88) return 'returned'
    if (r < 0.94) return 'rejected'
    return 'voided'
  }

  function contentFor(g: Graduate): RegistrationContent {
    const targeted = (TARGETED_TRAINING_MODES as readonly string[]).includes(g.training_mode_code) && g.targeted_unit
    const type = targeted
      ? '签就业协议书就业'
      : pick(
          DESTINATION_TYPES.map((t) => t.name)
            .filter((n) => n !== '签就业协议书就业' || rand() < 0.5)
            .concat(['签就业协议书就业', '签劳动合同就业', '签劳动合同就业', '境内升学']),
        )
    const unitLoc = county()
    const unitName = targeted ? g.targeted_unit! : type === '医学规培生' ? pick(HOSPITALS) : `${pick(COMPANIES)}`
    const d: RegistrationContent['destination'] = { type }
    const employment = [
      '签就业协议书就业',
      '签劳动合同就业',
      '提供公招接收函就业',
      '其他录用证明就业',
      '国家基层项目',
      '地方基层项目',
      '科研助理、管理助理',
      '医学规培生',
      '自主创业',
      '部队军士或文职人员',
    ].includes(type)
    if (employment) {
      Object.assign(d, {
        unitName,
        unitCreditCode: type === '部队军士或文职人员' ? null : creditCode(unitLoc),
        unitNature: type === '部队军士或文职人员' ? '40' : pick(['31', '32', '39', '21', '24']),
        unitIndustry: type === '部队军士或文职人员' ? '80' : pick(['22', '34', '35', '38', '41', '42']),
        unitLocation: unitLoc,
        jobCategory: type === '部队军士或文职人员' ? '80' : pick(['11', '13', '21', '24', '29']),
      })
    } else if (type === '自由职业') Object.assign(d, { jobCategory: '25', unitLocation: unitLoc })
    else if (type === '境内升学') Object.assign(d, { school: pick(SCHOOLS) })
    else if (type === '出国出境深造') Object.assign(d, { country: pick(COUNTRIES), school: null })
    else if (type === '出国出境工作' || type === '国际组织任职')
      Object.assign(d, { country: pick(COUNTRIES), unitName: null, jobCategory: null })
    const home = rand() < 0.5 || !employment
    const contact = `${pick(SURNAMES)}老师`
    const archive: RegistrationContent['archive'] = home
      ? {
          transferType: '转回生源地',
          unitName: '生源地人力资源和社会保障局档案室',
          unitAddress: '生源地政务服务中心',
          unitLocation: g.origin_code,
          postcode: postcode(),
          contact,
          phone: phone(),
        }
      : {
          transferType: pick(['签约单位接收', '托管单位接收'] as const),
          unitName: rand() < 0.5 ? unitName : '人才交流服务中心',
          unitAddress: '人才大厦 3 层',
          unitLocation: unitLoc,
          postcode: postcode(),
          contact,
          phone: phone(),
        }
    const hukou: RegistrationContent['hukou'] =
      rand() < 0.5
        ? { migrationType: '不迁移', location: null, address: null }
        : {
            migrationType: home ? '转回生源地' : '签约单位接收',
            location: home ? g.origin_code : unitLoc,
            address: '社区服务中心',
          }
    return { destination: d, archive, hukou }
  }

  const byState: Record<string, number> = {}
  let created = 0
  for (const [i, g] of graduates.entries()) {
    const state = stateFor(i)
    const student = await db
      .selectFrom('users')
      .select(['id', 'username', 'school_id as schoolId'])
      .where('graduate_id', '=', g.id)
      .executeTakeFirst()
    const me = student ?? admin
    const content = contentFor(g)
    const school = { ...admin }
    let reg: Registration | null =
      (await db.selectFrom('registrations').selectAll().where('graduate_id', '=', g.id).executeTakeFirst()) ?? null
    if (reg) continue
    const step = async (args: Omit<Parameters<typeof commitMove>[1], 'graduateId' | 'reg'>) => {
      reg = await commitMove(deps, { ...args, graduateId: g.id, reg })
    }
    const fromSchool = state === 'approved' && rand() < 0.35
    if (fromSchool) {
      await step({
        user: school,
        move: 'overwrite',
        to: 'approved',
        content,
        source: rand() < 0.6 ? '就业管理系统上传' : '就业管理系统接口',
        event: true,
        reason: '就业管理系统报送',
      })
    } else {
      await step({ user: me, move: 'save', to: 'draft', content, source: '登记系统' })
      if (state !== 'draft') {
        if (
          content.destination &&
          content.destination.type &&
          ![
            '求职中',
            '签约中',
            '拟参加公招考试',
            '拟创业',
            '不就业拟升学',
            '拟应征入伍',
            '拟出国出境',
            '暂不就业',
          ].includes(content.destination.type)
        ) {
          const key = `attachments/${reg!.id}/demo-proof`
          await deps.storage.put(key, PNG_1X1, 'image/png')
          await db
            .insertInto('attachments')
            .values({
              id: `demo-${String(reg!.id).padStart(8, '0')}`,
              registration_id: reg!.id,
              filename: '证明材料.png',
              content_type: 'image/png',
              size: PNG_1X1.length,
              storage_key: key,
              created_at: deps.now().toISOString(),
            })
            .execute()
        }
        await step({ user: me, move: 'submit', to: 'submitted' })
        if (
          state === 'department_approved' ||
          (mode === '先院系再校级审核' && ['approved', 'voided'].includes(state))
        ) {
          const dept = await db
            .selectFrom('users')
            .select(['id', 'username', 'school_id as schoolId'])
            .where('department_id', '=', g.department_id)
            .where('role', '=', 'department')
            .orderBy('id')
            .executeTakeFirst()
          await step({ user: dept ?? school, move: 'approve', to: 'department_approved', reason: null })
        }
        if (state === 'approved' || state === 'voided') await step({ user: school, move: 'approve', to: 'approved' })
        if (state === 'returned')
          await step({
            user: school,
            move: 'return',
            to: 'returned',
            reason: '单位名称与协议书不一致，请核对后重新提交',
          })
        if (state === 'rejected')
          await step({ user: school, move: 'reject', to: 'rejected', reason: '证明材料与登记去向不符' })
        if (state === 'voided') {
          const files = await db
            .selectFrom('attachments')
            .select('storage_key')
            .where('registration_id', '=', reg!.id)
            .execute()
          await step({
            user: me,
            move: 'void',
            to: 'voided',
            reason: '改签其他单位',
            extra: [db.deleteFrom('attachments').where('registration_id', '=', reg!.id)],
          })
          for (const f of files) await deps.storage.delete(f.storage_key)
        }
      }
    }
    byState[state] = (byState[state] ?? 0) + 1
    created++
  }
  return { created, byState, reviewMode: mode }
}
