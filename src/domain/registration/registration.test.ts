import { describe, expect, it } from 'vitest'
import { DESTINATION_TYPES, type DestinationTypeName } from '../codes/destinations.js'
import { makeCreditCode } from '../credit-code.js'
import {
  TYPE_RULES,
  aheadOfDepartment,
  awaiting,
  bumpsVersion,
  decidable,
  afterMove,
  checkArchive,
  checkContent,
  checkDestination,
  checkHukou,
  needsProof,
  nextStatus,
  safeFilename,
  sameContent,
  sniffProof,
  type ActorRole,
  type Move,
  type ReviewMode,
} from './index.js'
import type { RegistrationStatus } from './states.js'

const CREDIT = makeCreditCode('91110108MA01C3XK5')
const plain = { training_mode_code: '1', targeted_unit: null }
const complete = { mode: 'complete' as const, graduate: plain }
const draft = { mode: 'draft' as const, graduate: plain }

const FILLED: Record<string, string> = {
  unitName: '北京示例科技有限公司',
  unitCreditCode: CREDIT,
  unitNature: '39',
  unitIndustry: '34',
  unitLocation: '110108',
  jobCategory: '13',
  jobTitle: '软件开发工程师',
  contactName: '赵经理',
  contactPhone: '010-88886666',
  contactMobile: '13800138000',
  contactEmail: 'hr@example.com',
  salary: '8000 元/月',
  penalty: '3000 元',
  school: '北京大学',
  country: '新加坡',
}

const ALL_FIELDS = Object.keys(FILLED)

describe('destination: required fields per type', () => {
  const expected: Record<string, string[]> = {
    // contract §4.3 lists these six; the national form's 岗位名称, 单位联系人 and 联系人电话 / 手机
    // stay optional (checked when given) so the contract's registrations stay complete
    签就业协议书就业: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    签劳动合同就业: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    提供公招接收函就业: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    其他录用证明就业: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    自由职业: ['jobCategory', 'unitLocation'],
    国家基层项目: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    地方基层项目: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    '科研助理、管理助理': ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    应征义务兵: [],
    部队军士或文职人员: ['unitName', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    医学规培生: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    自主创业: ['unitName', 'unitCreditCode', 'unitNature', 'unitIndustry', 'unitLocation', 'jobCategory'],
    国际组织任职: ['country'],
    出国出境工作: ['country'],
    境内升学: ['school'],
    出国出境深造: ['country'],
    求职中: [],
    签约中: [],
    拟参加公招考试: [],
    拟创业: [],
    不就业拟升学: [],
    拟应征入伍: [],
    拟出国出境: [],
    暂不就业: [],
  }

  it('covers all 24 types', () => {
    expect(Object.keys(expected).sort()).toEqual(DESTINATION_TYPES.map((t) => t.name).sort())
  })

  for (const t of DESTINATION_TYPES) {
    it(`${t.name}: needs exactly ${expected[t.name].join('、') || 'nothing more'}`, () => {
      // With nothing but the type, exactly the required fields are reported missing.
      const bare = checkDestination({ type: t.name }, complete)
      expect(bare.issues.map((i) => i.field.replace('destination.', '')).sort()).toEqual([...expected[t.name]].sort())
      for (const i of bare.issues) expect(i.message).toMatch(/：必须填写$/)
      // Fully filled it passes, and fields the type does not use are dropped.
      const ok = checkDestination({ type: t.name, ...FILLED }, complete)
      expect(ok.issues).toEqual([])
      for (const f of ALL_FIELDS)
        if (
          !TYPE_RULES[t.name as DestinationTypeName].required.includes(f as never) &&
          !TYPE_RULES[t.name as DestinationTypeName].optional.includes(f as never)
        )
          expect(ok.value![f as 'unitName']).toBeUndefined()
      // A draft may leave required fields out.
      expect(checkDestination({ type: t.name }, draft).issues).toEqual([])
    })
  }

  it('names the field in Chinese', () => {
    const r = checkDestination({ type: '签劳动合同就业', ...FILLED, unitName: '' }, complete)
    expect(r.issues).toEqual([{ field: 'destination.unitName', message: '单位名称：必须填写' }])
  })

  it('refuses an unknown type and a missing type', () => {
    expect(checkDestination({ type: '打工' }, complete).issues[0]).toMatchObject({ field: 'destination.type' })
    expect(checkDestination({}, complete).issues[0]).toMatchObject({
      field: 'destination.type',
      message: '毕业去向：必须选择',
    })
    expect(checkDestination(null, complete).issues[0]).toMatchObject({ field: 'destination' })
    expect(checkDestination(null, draft).issues).toEqual([])
  })

  it('proof: every type outside 未就业 needs it', () => {
    for (const t of DESTINATION_TYPES) expect(needsProof(t.name)).toBe(t.category !== '未就业')
    expect(needsProof(null)).toBe(false)
  })
})

describe('destination: field formats', () => {
  it('单位信息 of the national form: optional (contract §4.3), each checked when given', () => {
    const agreement = (over: Record<string, unknown>) =>
      checkDestination({ type: '签就业协议书就业', ...FILLED, ...over }, complete)
    expect(agreement({ contactPhone: null }).issues).toEqual([])
    expect(agreement({ contactMobile: null }).issues).toEqual([])
    expect(
      agreement({ contactPhone: null, contactMobile: null, jobTitle: null, contactName: null, contactEmail: null })
        .issues,
    ).toEqual([])
    // optional on the other employment types, and on a draft
    expect(
      checkDestination({ type: '签劳动合同就业', ...FILLED, contactPhone: null, contactMobile: null }, complete).issues,
    ).toEqual([])
    expect(checkDestination({ type: '签就业协议书就业', unitName: 'x' }, draft).issues).toEqual([])
    // formats
    expect(agreement({ contactMobile: '1380013800' }).issues).toEqual([
      { field: 'destination.contactMobile', message: '联系人手机：应为 11 位手机号码，以 13–19 开头' },
    ])
    expect(agreement({ contactMobile: '23800138000' }).issues[0].field).toBe('destination.contactMobile')
    expect(agreement({ contactMobile: '138 0013 8000' }).value!.contactMobile).toBe('13800138000')
    expect(agreement({ contactPhone: '12345' }).issues[0].field).toBe('destination.contactPhone')
    expect(agreement({ contactPhone: '0991-5234567' }).issues).toEqual([])
    expect(agreement({ contactEmail: 'hr@' }).issues[0]).toMatchObject({
      field: 'destination.contactEmail',
      message: expect.stringContaining('联系人邮箱：格式不正确'),
    })
    expect(agreement({ jobTitle: '岗'.repeat(51) }).issues[0].field).toBe('destination.jobTitle')
    expect(agreement({ salary: '元'.repeat(51) }).issues[0].field).toBe('destination.salary')
    // the types without an employer drop them
    expect(checkDestination({ type: '求职中', ...FILLED }, complete).value).toEqual({ type: '求职中' })
  })

  const emp = (over: Record<string, unknown>) =>
    checkDestination({ type: '签劳动合同就业', ...FILLED, ...over }, complete)

  it('统一社会信用代码: check character, including the case where it is 0', () => {
    // Find a body whose check value is 0 (sum ≡ 0 mod 31).
    let zero = ''
    for (let i = 0; i < 1000 && !zero; i++) {
      const body = `91110108MA01C${String(i).padStart(4, '0')}`
      if (makeCreditCode(body).endsWith('0')) zero = makeCreditCode(body)
    }
    expect(zero).toHaveLength(18)
    expect(emp({ unitCreditCode: zero }).issues).toEqual([])
    expect(emp({ unitCreditCode: zero.toLowerCase() }).value!.unitCreditCode).toBe(zero)
    const wrong = CREDIT.slice(0, 17) + (CREDIT[17] === '1' ? '2' : '1')
    expect(emp({ unitCreditCode: wrong }).issues[0]).toMatchObject({
      field: 'destination.unitCreditCode',
      message: expect.stringContaining('校验位'),
    })
    expect(emp({ unitCreditCode: '91110108' }).issues[0].message).toBe('统一社会信用代码：应为 18 位')
    expect(emp({ unitCreditCode: CREDIT.slice(0, 10) + 'I' + CREDIT.slice(11) }).issues[0].message).toContain(
      '不允许的字符',
    )
  })

  it('单位所在地: a county-level division code', () => {
    expect(emp({ unitLocation: '110000' }).issues[0]).toMatchObject({ field: 'destination.unitLocation' })
    expect(emp({ unitLocation: '11010' }).issues[0].message).toContain('6 位')
    expect(emp({ unitLocation: '441900' }).issues).toEqual([]) // 东莞市: no counties
  })

  it('code tables take a code or a name and store the code', () => {
    const r = emp({
      unitNature: '国有企业',
      unitIndustry: '信息传输、软件和信息技术服务业',
      jobCategory: '工程技术人员',
    })
    expect(r.issues).toEqual([])
    expect(r.value).toMatchObject({ unitNature: '31', unitIndustry: '34', jobCategory: '13' })
    expect(emp({ unitNature: '99' }).issues[0]).toMatchObject({
      field: 'destination.unitNature',
      message: expect.stringContaining('单位性质代码表'),
    })
  })

  it('部队军士或文职人员: credit code optional but checked when given', () => {
    const base = { type: '部队军士或文职人员', ...FILLED }
    expect(checkDestination({ ...base, unitCreditCode: null }, complete).issues).toEqual([])
    expect(checkDestination({ ...base, unitCreditCode: '123' }, complete).issues[0].field).toBe(
      'destination.unitCreditCode',
    )
  })
})

describe('定向/委培 graduates', () => {
  const targeted = (mode: string) => ({
    mode: 'complete' as const,
    graduate: { training_mode_code: mode, targeted_unit: '新疆维吾尔自治区教育厅' },
  })

  for (const mode of ['21', '4']) {
    it(`培养方式 ${mode}: must register the targeted unit`, () => {
      const ok = checkDestination(
        { type: '签就业协议书就业', ...FILLED, unitName: '新疆维吾尔自治区 教育厅' },
        targeted(mode),
      )
      expect(ok.issues).toEqual([])
      const other = checkDestination({ type: '签就业协议书就业', ...FILLED }, targeted(mode))
      expect(other.issues).toEqual([
        { field: 'destination.unitName', message: expect.stringContaining('新疆维吾尔自治区教育厅') },
      ])
      const noUnit = checkDestination({ type: '求职中' }, targeted(mode))
      expect(noUnit.issues[0].field).toBe('destination.type')
    })
  }

  it('other training modes (1, 22) are free', () => {
    for (const mode of ['1', '22', '3', '5'])
      expect(checkDestination({ type: '求职中' }, targeted(mode)).issues).toEqual([])
  })
})

describe('archive and hukou', () => {
  const arc = {
    transferType: '托管单位接收',
    unitName: '人才中心',
    unitAddress: '某路 1 号',
    unitLocation: '110108',
    postcode: '100195',
    contact: '王维',
    phone: '15875693214',
  }

  it('archive: every field required when complete, named as on the national form', () => {
    expect(checkArchive(arc, complete).issues).toEqual([])
    for (const f of ['unitName', 'unitAddress', 'unitLocation', 'postcode', 'contact', 'phone']) {
      const r = checkArchive({ ...arc, [f]: '' }, complete)
      expect(r.issues).toHaveLength(1)
      expect(r.issues[0].field).toBe(`archive.${f}`)
      expect(r.issues[0].message).toMatch(/^档案转递/)
    }
    expect(checkArchive({ ...arc, transferType: '寄给我' }, complete).issues[0].field).toBe('archive.transferType')
    expect(checkArchive(null, complete).issues[0].field).toBe('archive.transferType')
    expect(checkArchive(null, { ...complete, requireParts: { archive: false, hukou: false } }).issues).toEqual([])
  })

  it('邮编: exactly six digits', () => {
    for (const bad of ['10019', '1001950', '10O195', '１００１９５x'])
      expect(checkArchive({ ...arc, postcode: bad }, complete).issues[0]).toMatchObject({
        field: 'archive.postcode',
        message: '档案转递单位邮编：应为 6 位数字',
      })
    expect(checkArchive({ ...arc, postcode: '１００１９５' }, complete).issues).toEqual([]) // full-width digits are folded
  })

  it('联系电话: mobile or landline', () => {
    for (const ok of ['13800138000', '010-62751234', '02188886666', '0755-8888888-123'])
      expect(checkArchive({ ...arc, phone: ok }, complete).issues).toEqual([])
    for (const bad of ['12345', '1380013800', 'phone'])
      expect(checkArchive({ ...arc, phone: bad }, complete).issues[0].field).toBe('archive.phone')
  })

  it('hukou: location and address unless 不迁移', () => {
    expect(checkHukou({ migrationType: '不迁移', location: 'x' }, complete)).toEqual({
      value: { migrationType: '不迁移', location: null, address: null },
      issues: [],
    })
    expect(checkHukou({ migrationType: '转回生源地' }, complete).issues.map((i) => i.field)).toEqual([
      'hukou.location',
      'hukou.address',
    ])
    expect(checkHukou({ migrationType: '转回生源地', location: '110101', address: '地址' }, complete).issues).toEqual(
      [],
    )
    expect(
      checkHukou({ migrationType: '转回生源地', location: '999999', address: '地址' }, complete).issues[0].field,
    ).toBe('hukou.location')
  })

  it('情况说明 of 档案 and of 户口: optional, at most 200 characters, kept with 不迁移', () => {
    expect(checkArchive({ ...arc, note: '单位调档函已寄出' }, complete).value!.note).toBe('单位调档函已寄出')
    expect(checkArchive(arc, complete).value).not.toHaveProperty('note')
    expect(checkArchive({ ...arc, note: '字'.repeat(201) }, complete).issues).toEqual([
      { field: 'archive.note', message: '档案情况说明：不能超过 200 个字符' },
    ])
    expect(checkArchive({ ...arc, note: '字'.repeat(200) }, complete).issues).toEqual([])
    expect(checkHukou({ migrationType: '不迁移', note: '户口留在原籍' }, complete).value).toEqual({
      migrationType: '不迁移',
      note: '户口留在原籍',
      location: null,
      address: null,
    })
    expect(checkHukou({ migrationType: '不迁移', note: '字'.repeat(201) }, complete).issues[0].field).toBe('hukou.note')
  })

  it('checkContent collects all three parts', () => {
    const r = checkContent(
      { destination: { type: '求职中' }, archive: arc, hukou: { migrationType: '不迁移' } },
      complete,
    )
    expect(r.ok).toBe(true)
    const bad = checkContent(
      { destination: { type: '求职中' }, archive: { ...arc, postcode: '1' }, hukou: null },
      complete,
    )
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.issues.map((i) => i.field)).toEqual(['archive.postcode', 'hukou.migrationType'])
  })

  it('sameContent ignores empty fields and key order', () => {
    expect(
      sameContent(
        { destination: { type: '求职中', unitName: null }, archive: null, hukou: null },
        { destination: { type: '求职中' }, archive: null, hukou: null },
      ),
    ).toBe(true)
    expect(
      sameContent(
        { destination: { type: '求职中' }, archive: null, hukou: null },
        { destination: { type: '签约中' }, archive: null, hukou: null },
      ),
    ).toBe(false)
  })
})

describe('proof sniffing', () => {
  it('by content, not by name', () => {
    expect(sniffProof(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffProof(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png')
    expect(sniffProof(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffProof(new TextEncoder().encode('<html><script>alert(1)</script>'))).toBeNull()
    expect(sniffProof(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffProof(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBeNull() // GIF
    expect(sniffProof(new Uint8Array([0x89, 0x50, 0x4e]))).toBeNull()
    expect(sniffProof(new Uint8Array([]))).toBeNull()
  })

  it('file names are made safe and given the sniffed extension', () => {
    expect(safeFilename('../../etc/协议书.png', 'image/png')).toBe('协议书.png')
    expect(safeFilename('scan.JPEG', 'image/jpeg')).toBe('scan.JPEG')
    expect(safeFilename('a"b<c>.pdf', 'application/pdf')).toBe('abc.pdf')
    expect(safeFilename('page.html', 'application/pdf')).toBe('page.html.pdf')
    expect(safeFilename('', 'image/png')).toBe('证明材料.png')
  })
})

describe('state machine', () => {
  const STATUSES: Array<RegistrationStatus | null> = [
    null,
    'draft',
    'submitted',
    'department_approved',
    'approved',
    'returned',
    'rejected',
    'voided',
  ]
  const MOVES: Move[] = [
    'save',
    'submit',
    'withdraw',
    'void',
    'approve',
    'return',
    'reject',
    'modify',
    'overwrite',
    'amend',
  ]
  const ACTORS: ActorRole[] = ['student', 'department', 'school']
  const MODES: ReviewMode[] = ['仅校级审核', '先院系再校级审核']

  /** The complete table of allowed moves: anything not listed must be refused. */
  const ALLOWED: Record<string, RegistrationStatus> = {}
  const allow = (
    mode: ReviewMode | '*',
    actor: ActorRole,
    move: Move,
    from: RegistrationStatus | null,
    to: RegistrationStatus,
  ) => {
    for (const m of mode === '*' ? MODES : [mode]) ALLOWED[`${m}|${actor}|${move}|${from}`] = to
  }
  allow('*', 'student', 'save', null, 'draft')
  allow('*', 'student', 'save', 'draft', 'draft')
  allow('*', 'student', 'save', 'returned', 'returned')
  allow('*', 'student', 'save', 'rejected', 'draft')
  allow('*', 'student', 'save', 'voided', 'draft')
  allow('*', 'student', 'submit', 'draft', 'submitted')
  allow('*', 'student', 'submit', 'returned', 'submitted')
  allow('*', 'student', 'withdraw', 'submitted', 'draft')
  allow('*', 'student', 'void', 'approved', 'voided')
  allow('*', 'school', 'void', 'approved', 'voided')
  // 档案 / 户口 changed by the graduate while an agreement holds the destination (the caller checks that)
  allow('*', 'student', 'amend', 'approved', 'approved')
  allow('*', 'school', 'modify', 'approved', 'approved')
  allow('*', 'school', 'modify', 'submitted', 'approved')
  allow('*', 'school', 'modify', 'department_approved', 'approved')
  for (const from of STATUSES) allow('*', 'school', 'overwrite', from, 'approved')
  allow('仅校级审核', 'school', 'approve', 'submitted', 'approved')
  allow('仅校级审核', 'school', 'return', 'submitted', 'returned')
  allow('仅校级审核', 'school', 'reject', 'submitted', 'rejected')
  allow('先院系再校级审核', 'department', 'approve', 'submitted', 'department_approved')
  allow('先院系再校级审核', 'department', 'return', 'submitted', 'returned')
  allow('先院系再校级审核', 'department', 'reject', 'submitted', 'rejected')
  allow('先院系再校级审核', 'school', 'approve', 'department_approved', 'approved')
  allow('先院系再校级审核', 'school', 'return', 'department_approved', 'returned')
  allow('先院系再校级审核', 'school', 'reject', 'department_approved', 'rejected')
  // The school may decide ahead of an absent 院系 (issue 13 §10).
  allow('先院系再校级审核', 'school', 'approve', 'submitted', 'approved')
  allow('先院系再校级审核', 'school', 'return', 'submitted', 'returned')
  allow('先院系再校级审核', 'school', 'reject', 'submitted', 'rejected')

  it('allows exactly the listed moves, and refuses every other one', () => {
    let allowed = 0
    let refused = 0
    for (const mode of MODES)
      for (const actor of ACTORS)
        for (const move of MOVES)
          for (const from of STATUSES) {
            const r = nextStatus(from, move, actor, mode)
            const want = ALLOWED[`${mode}|${actor}|${move}|${from}`]
            if (want) {
              expect(r, `${mode} ${actor} ${move} ${from}`).toEqual({ ok: true, to: want })
              allowed++
            } else {
              expect(r.ok, `${mode} ${actor} ${move} ${from}`).toBe(false)
              if (!r.ok) expect(r.message.length).toBeGreaterThan(0)
              refused++
            }
          }
    expect(allowed).toBe(Object.keys(ALLOWED).length)
    expect(refused).toBeGreaterThan(300)
  })

  it('a department user has no part in 仅校级审核 (forbidden, not conflict)', () => {
    expect(nextStatus('submitted', 'approve', 'department', '仅校级审核')).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    expect(nextStatus('department_approved', 'approve', 'department', '先院系再校级审核')).toMatchObject({
      ok: false,
      code: 'conflict',
    })
    expect(nextStatus('approved', 'approve', 'school', '仅校级审核')).toMatchObject({ ok: false, code: 'conflict' })
  })

  it('the school may decide at every stage of 先院系再校级审核; its queue stays what the 院系 passed on', () => {
    expect(decidable('school', '先院系再校级审核')).toEqual(['submitted', 'department_approved'])
    expect(awaiting('school', '先院系再校级审核')).toEqual(['department_approved'])
    expect(decidable('department', '先院系再校级审核')).toEqual(['submitted'])
    expect(decidable('school', '仅校级审核')).toEqual(['submitted'])
    expect(decidable('department', '仅校级审核')).toEqual([])
    expect(aheadOfDepartment('submitted', 'school', '先院系再校级审核')).toBe(true)
    expect(aheadOfDepartment('department_approved', 'school', '先院系再校级审核')).toBe(false)
    expect(aheadOfDepartment('submitted', 'school', '仅校级审核')).toBe(false)
    expect(aheadOfDepartment('submitted', 'department', '先院系再校级审核')).toBe(false)
  })

  it('voiding clears the destination and keeps 档案 and 户口 (seed 004 §2.8 (3), §2.10)', () => {
    const c = {
      destination: { type: '求职中' as const },
      archive: { transferType: '转回生源地' as const },
      hukou: null,
    }
    expect(afterMove('voided', c)).toEqual({ destination: null, archive: c.archive, hukou: null })
    expect(afterMove('approved', c)).toBe(c)
  })

  it('version bumps on every move into, within or out of approved', () => {
    expect(bumpsVersion('submitted', 'approved')).toBe(true)
    expect(bumpsVersion('department_approved', 'approved')).toBe(true)
    expect(bumpsVersion('approved', 'approved')).toBe(true)
    expect(bumpsVersion('approved', 'voided')).toBe(true)
    expect(bumpsVersion(null, 'approved')).toBe(true)
    expect(bumpsVersion('draft', 'submitted')).toBe(false)
    expect(bumpsVersion('submitted', 'returned')).toBe(false)
    expect(bumpsVersion('submitted', 'department_approved')).toBe(false)
    expect(bumpsVersion('voided', 'draft')).toBe(false)
  })
})
