import { describe, expect, it } from 'vitest'
import { checkDivision, COUNTY_COUNT, divisionName } from './divisions.js'

describe('administrative divisions', () => {
  it('pins the size of the county-level table (2023 codes, statistics-only units removed)', () => {
    expect(COUNTY_COUNT).toBe(2978 - 124)
  })
  it('names districts, counties and prefectures without counties in full', () => {
    expect(divisionName('110108')).toBe('北京市海淀区')
    expect(divisionName('510116')).toBe('四川省成都市双流区')
    expect(divisionName('441900')).toBe('广东省东莞市')
    expect(checkDivision('441900').ok).toBe(true)
  })
  it('refuses 市辖区, prefectures with counties, provinces, development zones and junk', () => {
    expect(checkDivision('110101').ok).toBe(true)
    expect(checkDivision('130101')).toMatchObject({ ok: false })
    expect(checkDivision('130100')).toMatchObject({ ok: false })
    expect(checkDivision('110000')).toMatchObject({ ok: false })
    expect(checkDivision('130171')).toMatchObject({ ok: false })
    expect(checkDivision('12345')).toMatchObject({ ok: false })
    expect(checkDivision('999999')).toMatchObject({ ok: false })
  })
})
