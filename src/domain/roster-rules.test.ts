import { describe, expect, it } from 'vitest'
import { checkRosterRow, checkSelfCheck, parseMonth, ROSTER_FIELDS, type RosterKey } from './roster-rules.js'
import { makeIdCard } from './id-card.js'
import { ROW_DEFAULTS } from '../../test/roster/fixtures.js'
import { anyDivisionName, checkRetiredDivision, RETIRED_DIVISION_COUNT } from './retired-divisions.js'

const TODAY = new Date('2026-06-15T00:00:00Z')
const base = (): Record<RosterKey, string> => ({
  studentNo: '2022001',
  name: '张三',
  idCard: makeIdCard('110108', '20040315', 123, '1'),
  gender: '1',
  ...ROW_DEFAULTS,
  political: '13',
  origin: '110108',
})

const problemsOf = (over: Partial<Record<RosterKey, string>>) => {
  const r = checkRosterRow({ ...base(), ...over }, TODAY)
  return r.ok ? [] : r.problems.map((p) => `${p.field}：${p.message}`)
}
const expectOk = (over: Partial<Record<RosterKey, string>>) => expect(problemsOf(over)).toEqual([])
const expectBad = (over: Partial<Record<RosterKey, string>>, field: string) =>
  expect(problemsOf(over).join('|')).toContain(`${field}：`)

describe('roster row rules', () => {
  it('accepts a complete valid row and normalises it', () => {
    const r = checkRosterRow(
      { ...base(), idCard: base().idCard.toLowerCase(), gender: '男', ethnicity: '汉族', name: ' 阿依古丽・买买提 ' },
      TODAY,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.gender_code).toBe('1')
    expect(r.value.ethnicity_code).toBe('01')
    expect(r.value.name).toBe('阿依古丽・买买提')
    expect(r.value.name_key).toBe('阿依古丽·买买提')
    expect(r.value.email).toBeNull()
  })

  it('has 32 columns, 16 required', () => {
    expect(ROSTER_FIELDS.length).toBe(32)
    expect(ROSTER_FIELDS.filter((f) => f.required).map((f) => f.label)).toEqual([
      '学号',
      '姓名',
      '身份证号',
      '性别代码',
      '民族代码',
      '政治面貌代码',
      '学历代码',
      '院系名称',
      '专业代码',
      '专业名称',
      '学制',
      '培养方式代码',
      '生源所在地代码',
      '入学时间',
      '毕业时间',
      '手机号码',
    ])
  })

  it('requires every required cell', () => {
    for (const f of ROSTER_FIELDS.filter((x) => x.required))
      expect(problemsOf({ [f.key]: '  ' })).toContain(`${f.label}：必须填写`)
  })

  it('checks 身份证号: checksum, real birth date, sex digit vs 性别代码', () => {
    const good = base().idCard
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expectBad({ idCard: wrongCheck }, '身份证号')
    expectBad({ idCard: makeIdCard('110108', '20040231', 123, '1') }, '身份证号')
    expectBad({ idCard: '1101082004031' }, '身份证号')
    expectBad({ gender: '2' }, '性别代码')
    expectOk({ gender: '2', idCard: makeIdCard('110108', '20040315', 124, '2') })
  })

  it('checks every code column against its table, by code or exact name', () => {
    expectBad({ ethnicity: '99' }, '民族代码')
    expectOk({ ethnicity: '毛南族' })
    expectBad({ political: '14' }, '政治面貌代码')
    expectOk({ political: '共青团员' })
    expectBad({ education: '32' }, '学历代码')
    expectOk({ education: '本科生毕业' })
    expectBad({ trainingMode: '2' }, '培养方式代码')
    expectBad({ normalStudent: '3' }, '师范生类别代码')
    expectOk({ normalStudent: '12' })
    expectBad({ hardship: '8' }, '困难生类别代码')
    expectOk({ hardship: '3' })
    expectBad({ urbanRural: '郊区' }, '城乡生源')
    expectOk({ urbanRural: '农村' })
  })

  it('checks 生源所在地代码 at the lowest level', () => {
    expectBad({ origin: '110100' }, '生源所在地代码')
    expectBad({ origin: '430101' }, '生源所在地代码') // 长沙市市辖区
    expectBad({ origin: '430100' }, '生源所在地代码') // 长沙市 has counties
    expectBad({ origin: '430000' }, '生源所在地代码')
    expectBad({ origin: '12345' }, '生源所在地代码')
    expectOk({ origin: '441900' }) // 东莞市, no counties
    expectOk({ origin: '430104' })
    expectOk({ origin: '北京市海淀区' })
  })

  it('keeps retired division codes valid for older graduates', () => {
    expect(RETIRED_DIVISION_COUNT).toBeGreaterThan(100)
    expect(checkRetiredDivision('130223')).toBe(true)
    expect(anyDivisionName('130223')).toBe('河北省唐山市滦县（已撤销）')
    expectOk({ origin: '130223' })
  })

  it('checks 入学时间 and 毕业时间 as YYYYMM with 入学 < 毕业', () => {
    expectBad({ enrolledAt: '202213' }, '入学时间')
    expectBad({ graduationTime: '2026' }, '毕业时间')
    expectBad({ enrolledAt: '202606' }, '入学时间')
    expectOk({ enrolledAt: '2022-09', graduationTime: '2026年6月' })
    expect(parseMonth('44805')).toEqual({ ok: true, value: '202209' }) // Excel serial of 2022-09-01
  })

  it('checks 学制', () => {
    expectBad({ lengthOfSchooling: '四年' }, '学制')
    expectBad({ lengthOfSchooling: '9' }, '学制')
    expectOk({ lengthOfSchooling: '2.5' })
  })

  it('checks 手机号码, 电子邮箱, QQ号码 and 家庭邮编', () => {
    expectBad({ phone: '12800138000' }, '手机号码')
    expectBad({ phone: '1380013800' }, '手机号码')
    expectOk({ phone: '199 0013 8000' })
    expectBad({ email: 'a@b' }, '电子邮箱')
    expectOk({ email: 'a@b.cn' })
    expectBad({ qq: 'qq12345' }, 'QQ号码')
    expectOk({ qq: '12345678' })
    expectBad({ homePostcode: '1000' }, '家庭邮编')
    expectOk({ homePostcode: '100080' })
  })

  it('requires 定向委培单位 for 培养方式 21, 22 and 4', () => {
    for (const m of ['21', '22', '4']) expectBad({ trainingMode: m }, '定向委培单位')
    expectOk({ trainingMode: '21', targetedUnit: '某县教育局' })
    expectOk({ trainingMode: '5' })
  })

  it('lists every failing field of a row', () => {
    const p = problemsOf({ phone: 'x', qq: 'y', origin: '430101' })
    expect(p.map((s) => s.split('：')[0])).toEqual(['生源所在地代码', '手机号码', 'QQ号码'])
  })
})

describe('self-check values', () => {
  it('accepts corrections and refuses bad ones naming the field', () => {
    expect(checkSelfCheck({ origin_code: '110108', phone: '13900000000', urban_rural: '城镇', qq: '' })).toEqual({
      ok: true,
      value: {
        origin_code: '110108',
        phone: '13900000000',
        email: null,
        qq: null,
        home_address: null,
        home_phone: null,
        urban_rural: '1',
      },
    })
    const r = checkSelfCheck({ origin_code: '430101', phone: '1' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['生源所在地代码', '手机号码'])
  })
})
