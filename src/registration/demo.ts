/**
 * Demo registrations for `npm start -- --demo`: given graduates, registrations in every state
 * (draft, submitted, department_approved, approved, returned, rejected, voided) from all three
 * sources, with content that reads plausibly on a printed sheet — each type's own kind of unit
 * (companies by the 院系 they hire from, 机关 and schools for 公招, the army's 部队 for 部队军士,
 * hospitals for 规培), valid 统一社会信用代码 registered where the unit is, postcodes of the place's
 * province (src/domain/postcodes.ts), 档案 sent where such a unit sends it and 转回生源地 to the
 * unit of the demo's 档案接收单位名录 (loadDemoArchiveUnits), proof images — written through the
 * same moves and events as real use, so histories and versions are consistent.
 *
 * department_approved exists only under 先院系再校级审核, so by default the demo school is put in
 * that mode (pass `reviewMode: '仅校级审核'` to keep the simple mode; that state is then skipped).
 */
import type { Graduate, Registration } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { makeCreditCode } from '../domain/credit-code.js'
import { listCounties, localCityName, localDivisionName, divisionName } from '../domain/divisions.js'
import { capitalAreaCode, inCapitalCity, plausiblePostcode } from '../domain/postcodes.js'
import { DESTINATION_TYPES } from '../domain/codes/destinations.js'
import {
  TARGETED_TRAINING_MODES,
  UNIT_TYPES,
  type RegistrationContent,
  type ReviewMode,
} from '../domain/registration/index.js'
import { commitMove } from './service.js'
import { ARCHIVE_UNIT_COLUMNS, importArchiveUnits, type ArchiveUnitInput } from './archive-units.js'

type DemoState = 'draft' | 'submitted' | 'department_approved' | 'approved' | 'returned' | 'rejected' | 'voided'

/** A 1×1 PNG: the demo's stand-in for a scanned agreement. */
const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (ch) => ch.charCodeAt(0),
)

/** A place of work: what the registration and the printed sheet say about it. */
interface Employer {
  name: string
  /** 统一社会信用代码's registering authority and kind: 91 企业, 11 机关, 12 事业单位, 13 群团; null: none published (部队). */
  creditKind: '91' | '11' | '12' | '13' | null
  nature: string
  industry: string
  job: string
  location: string
  address: string
  postcode: string
  /** Public employers keep their staff's 档案 themselves; companies have them kept by a 人才服务中心. */
  keepsArchive: boolean
}

/** Companies with their 单位行业, 单位性质 and the posts a graduate takes there. */
const COMPANIES: Array<{ name: string; industry: string; nature: string; jobs: string[] }> = [
  { name: '华信软件技术有限公司', industry: '34', nature: '39', jobs: ['13'] },
  { name: '东方数据科技有限公司', industry: '34', nature: '39', jobs: ['13', '29'] },
  { name: '长江智能装备股份有限公司', industry: '22', nature: '31', jobs: ['13', '60'] },
  { name: '中联建设工程有限公司', industry: '24', nature: '31', jobs: ['13'] },
  { name: '明德会计师事务所（特殊普通合伙）', industry: '37', nature: '39', jobs: ['21'] },
  { name: '安泰保险经纪有限公司', industry: '35', nature: '39', jobs: ['22', '40'] },
  { name: '蓝海生物医药有限公司', industry: '22', nature: '32', jobs: ['11', '13'] },
  { name: '新程教育咨询有限公司', industry: '41', nature: '39', jobs: ['24'] },
  { name: '北辰物流有限公司', industry: '32', nature: '39', jobs: ['30', '40'] },
  { name: '青禾文化传媒有限公司', industry: '43', nature: '39', jobs: ['27', '25'] },
]
/** Which companies hire from which 院系 (indexes into COMPANIES); others: any. */
const HIRES: Record<string, number[]> = {
  计算机学院: [0, 1, 2],
  数学与统计学院: [1, 4, 5],
  外国语学院: [7, 8, 9],
  机械工程学院: [2, 3],
  经济管理学院: [4, 5, 8],
  文学院: [7, 9],
}
/** Universities (real names and addresses, with their postcodes) for 境内升学 and 科研助理. */
const UNIVERSITIES = [
  { name: '北京大学', location: '110108', address: '北京市海淀区颐和园路5号', postcode: '100871' },
  { name: '清华大学', location: '110108', address: '北京市海淀区双清路30号', postcode: '100084' },
  { name: '浙江大学', location: '330106', address: '浙江省杭州市西湖区余杭塘路866号', postcode: '310058' },
  { name: '复旦大学', location: '310110', address: '上海市杨浦区邯郸路220号', postcode: '200433' },
  { name: '武汉大学', location: '420106', address: '湖北省武汉市武昌区八一路299号', postcode: '430072' },
  { name: '中山大学', location: '440105', address: '广东省广州市海珠区新港西路135号', postcode: '510275' },
  { name: '四川大学', location: '510107', address: '四川省成都市武侯区一环路南一段24号', postcode: '610065' },
]
const COUNTRIES = ['英国', '澳大利亚', '新加坡', '中国香港', '德国', '日本']
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']

/** A plausible 岗位名称 for each 工作职位类别 the demo employers hire for. */
const JOB_TITLES: Record<string, string> = {
  '10': '综合管理岗',
  '11': '科研助理',
  '13': '软件开发工程师',
  '19': '住院医师',
  '21': '审计助理',
  '22': '客户经理',
  '24': '语文教师',
  '25': '编剧助理',
  '27': '文字编辑',
  '29': '数据分析师',
  '30': '行政专员',
  '40': '销售代表',
  '60': '生产技术员',
  '80': '士官',
}
const ROADS = ['人民路', '解放路', '建设路', '中山路', '文化路', '新华路', '和平路', '胜利路']
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** How county offices that keep graduates' 档案 are named. */
const ARCHIVE_OFFICES = ['人才交流服务中心', '公共就业和人才服务中心', '人力资源和社会保障局', '人才服务中心']

/** The province part of a county's full name (湖南省). */
const provinceOf = (code: string) => /^.+?(省|自治区|市)/.exec(divisionName(code) ?? '')?.[0] ?? ''

/** A small deterministic generator, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * The demo's 档案接收单位 of a county (档案接收单位名录): the county's archive office, its address
 * on a main road, the county's postcode, a contact and phone — a landline with the capital's 区号
 * in the capital's city, a mobile elsewhere. The same code always gives the same unit.
 */
function demoArchiveUnit(code: string): ArchiveUnitInput {
  const local = localDivisionName(code) ?? code
  const n = Number(code)
  const area = inCapitalCity(code) ? capitalAreaCode(code) : null
  const digits = String((n * 7919) % 10_000_000).padStart(7, '0')
  return {
    divisionCode: code,
    name: `${local}${ARCHIVE_OFFICES[n % ARCHIVE_OFFICES.length]}`,
    address: `${local}${ROADS[n % ROADS.length]}${(n % 180) + 1}号`,
    postcode: plausiblePostcode(code),
    contact: `${SURNAMES[n % SURNAMES.length]}老师`,
    phone: area ? `${area}-8${digits}` : `139${String((n * 104_729) % 1e8).padStart(8, '0')}`,
  }
}

/**
 * Loads the demo's 档案接收单位名录 for these counties through the real import (a CSV in the
 * template's columns), so 按生源地预填 finds the unit of every demo graduate.
 */
export async function loadDemoArchiveUnits(deps: AppDeps, user: CurrentUser, codes: Iterable<string>) {
  const units = [...new Set(codes)].sort().map(demoArchiveUnit)
  const keys: Array<keyof ArchiveUnitInput> = ['divisionCode', 'name', 'address', 'postcode', 'contact', 'phone']
  const csv = [ARCHIVE_UNIT_COLUMNS.map((c) => c.label).join(','), ...units.map((u) => keys.map((k) => u[k]).join(','))]
  return importArchiveUnits(
    deps,
    user,
    new File([csv.join('\n')], '档案接收单位名录（演示）.csv', { type: 'text/csv' }),
  )
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
  const counties = listCounties().map((c) => c.code)
  const county = () => pick(counties)
  // Employers gather in the provincial capitals: most jobs are in a capital's city.
  const capitals = counties.filter(inCapitalCity)
  const workplace = () => (rand() < 0.65 ? pick(capitals) : county())
  const creditCode = (kind: string, division: string) => {
    let body = `${kind}${division}`
    while (body.length < 17) body += CREDIT_ALPHABET[Math.floor(rand() * CREDIT_ALPHABET.length)]
    return makeCreditCode(body)
  }
  const phone = () => `1${pick(['38', '39', '58', '86', '77'])}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`
  const street = (code: string) => `${localDivisionName(code) ?? ''}${pick(ROADS)}${1 + Math.floor(rand() * 300)}号`
  const place = (code: string) => ({ location: code, address: street(code), postcode: plausiblePostcode(code) })
  const local = (code: string) => localDivisionName(code) ?? ''

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

  // The 名录 as loaded (loadDemoArchiveUnits): a 转回生源地 registration names the unit 按生源地预填 gives.
  const directory = new Map(
    (await db.selectFrom('archive_units').selectAll().where('school_id', '=', schoolId).execute()).map((u) => [
      u.division_code,
      u,
    ]),
  )
  const departmentName = new Map(
    (await db.selectFrom('departments').select(['id', 'name']).where('school_id', '=', schoolId).execute()).map((d) => [
      d.id,
      d.name,
    ]),
  )

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

  /** The employer of an employment type, consistent with the type (no 部队 at a software company). */
  function employerFor(type: string, g: Graduate, targeted: string | null): Employer {
    const home = g.origin_code
    if (targeted)
      return {
        name: targeted,
        creditKind: '11',
        nature: '10',
        industry: '44',
        job: '30',
        ...place(home),
        keepsArchive: true,
      }
    switch (type) {
      case '部队军士或文职人员':
        return {
          name: `中国人民解放军${String(31000 + Math.floor(rand() * 60000))}部队`,
          creditKind: null,
          nature: '40',
          industry: '80',
          job: '80',
          ...place(county()),
          keepsArchive: true,
        }
      case '提供公招接收函就业':
        return rand() < 0.5
          ? {
              name: `${local(home)}人民政府办公室`,
              creditKind: '11',
              nature: '10',
              industry: '44',
              job: '10',
              ...place(home),
              keepsArchive: true,
            }
          : {
              name: `${local(home)}第一中学`,
              creditKind: '12',
              nature: '23',
              industry: '41',
              job: '24',
              ...place(home),
              keepsArchive: true,
            }
      case '国家基层项目': {
        // 大学生志愿服务西部计划: a county of the western provinces.
        const west = pick(counties.filter((c) => /^(45|5[0-4]|6[1-5]|15)/.test(c)))
        return {
          name: `共青团${local(west)}委员会`,
          creditKind: '13',
          nature: '10',
          industry: '44',
          job: '30',
          ...place(west),
          keepsArchive: true,
        }
      }
      case '地方基层项目':
        return {
          name: `${local(home)}农业农村局`,
          creditKind: '11',
          nature: '10',
          industry: '44',
          job: '30',
          ...place(home),
          keepsArchive: true,
        }
      case '科研助理、管理助理': {
        const u = pick(UNIVERSITIES)
        return {
          name: u.name,
          creditKind: '12',
          nature: '22',
          industry: '41',
          job: '11',
          location: u.location,
          address: u.address,
          postcode: u.postcode,
          keepsArchive: true,
        }
      }
      case '医学规培生': {
        const at = pick(capitals)
        return {
          name: `${provinceOf(at)}人民医院`,
          creditKind: '12',
          nature: '24',
          industry: '42',
          job: '19',
          ...place(at),
          keepsArchive: true,
        }
      }
      case '自主创业': {
        const at = rand() < 0.5 ? home : workplace()
        return {
          name: `${(localCityName(at) ?? '').replace(/(市|地区|自治州|盟)$/, '')}${pick(['拾光', '云启', '禾木', '小满'])}${pick(['网络科技', '文化传播', '餐饮管理'])}有限公司`,
          creditKind: '91',
          nature: '39',
          industry: pick(['34', '43', '33']),
          job: pick(['13', '40', '25']),
          ...place(at),
          keepsArchive: false,
        }
      }
      default: {
        const hires = HIRES[departmentName.get(g.department_id) ?? ''] ?? COMPANIES.map((_, i) => i)
        const c = COMPANIES[pick(hires)]
        return {
          name: c.name,
          creditKind: '91',
          nature: c.nature,
          industry: c.industry,
          job: pick(c.jobs),
          ...place(workplace()),
          keepsArchive: c.nature === '31',
        }
      }
    }
  }

  function contentFor(g: Graduate): RegistrationContent {
    const targeted =
      (TARGETED_TRAINING_MODES as readonly string[]).includes(g.training_mode_code) && g.targeted_unit
        ? g.targeted_unit
        : null
    const type = targeted
      ? '签就业协议书就业'
      : pick(
          DESTINATION_TYPES.map((t) => t.name)
            .filter((n) => n !== '签就业协议书就业' || rand() < 0.5)
            .concat(['签就业协议书就业', '签劳动合同就业', '签劳动合同就业', '境内升学']),
        )
    const d: RegistrationContent['destination'] = { type }
    const employer = (UNIT_TYPES as readonly string[]).includes(type) ? employerFor(type, g, targeted) : null
    const university = type === '境内升学' ? pick(UNIVERSITIES) : null
    if (employer)
      Object.assign(d, {
        unitName: employer.name,
        unitCreditCode: employer.creditKind ? creditCode(employer.creditKind, employer.location) : null,
        unitNature: employer.nature,
        unitIndustry: employer.industry,
        unitLocation: employer.location,
        jobCategory: employer.job,
        // The rest of the national form's 单位信息 (seed 004 §2.1): 岗位名称 and a contact with a mobile.
        jobTitle: JOB_TITLES[employer.job] ?? '专业技术岗',
        contactName: `${pick(SURNAMES)}经理`,
        contactMobile: phone(),
      })
    else if (type === '自由职业') Object.assign(d, { jobCategory: pick(['25', '27']), unitLocation: workplace() })
    else if (university) Object.assign(d, { school: university.name })
    else if (type === '出国出境深造') Object.assign(d, { country: pick(COUNTRIES), school: null })
    else if (type === '出国出境工作' || type === '国际组织任职')
      Object.assign(d, { country: pick(COUNTRIES), unitName: null, jobCategory: null })

    // 档案: a public employer or the admitting university takes it; a company's goes to the
    // 人才服务中心 of its city; everyone else's goes home, to the unit of the 名录 (as 按生源地预填 fills it).
    const contact = `${pick(SURNAMES)}老师`
    const homeUnit = directory.get(g.origin_code) ?? demoArchiveUnit(g.origin_code)
    let archive: NonNullable<RegistrationContent['archive']>
    if (university)
      archive = {
        transferType: '签约单位接收',
        unitName: `${university.name}研究生院`,
        unitAddress: university.address,
        unitLocation: university.location,
        postcode: university.postcode,
        contact,
        phone: phone(),
      }
    else if (employer?.keepsArchive && type !== '部队军士或文职人员')
      archive = {
        transferType: '签约单位接收',
        unitName: employer.name,
        unitAddress: employer.address,
        unitLocation: employer.location,
        postcode: employer.postcode,
        contact,
        phone: phone(),
      }
    else if (employer && type !== '部队军士或文职人员' && rand() < 0.6)
      archive = {
        transferType: '托管单位接收',
        unitName: `${localCityName(employer.location)}人才服务中心`,
        unitAddress: street(employer.location),
        unitLocation: employer.location,
        postcode: employer.postcode,
        contact,
        phone: phone(),
      }
    else
      archive = {
        transferType: '转回生源地',
        unitName: homeUnit.name,
        unitAddress: homeUnit.address,
        unitLocation: g.origin_code,
        postcode: homeUnit.postcode,
        contact: homeUnit.contact,
        phone: homeUnit.phone,
      }
    // 户口 follows the 档案 for about half of them; the rest leave it where it is.
    const hukou: RegistrationContent['hukou'] =
      rand() < 0.5 || type === '部队军士或文职人员'
        ? { migrationType: '不迁移', location: null, address: null }
        : archive.transferType === '转回生源地'
          ? { migrationType: '转回生源地', location: g.origin_code, address: g.home_address ?? street(g.origin_code) }
          : {
              migrationType: archive.transferType,
              location: archive.unitLocation,
              address: `${archive.unitAddress}集体户`,
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
