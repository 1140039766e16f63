/**
 * 届 (cohort): the year of a graduate's 毕业时间 (`YYYYMM`), as the national system groups its
 * rosters (seed 002: 选择审核的毕业年份). Every staff list, stat, export and chart is per 届
 * (issue 14 item 5): the API lists take `cohort=` (absent: every 届), the pages open on one.
 */

/** The `graduation_time` range of a cohort, for index-friendly SQL: `>= from AND < to`. */
export const cohortRange = (cohort: number): { from: string; to: string } => ({
  from: `${cohort}01`,
  to: `${cohort + 1}01`,
})

/**
 * The 届 pages open on: this year's graduates until 31 August, next year's from 1 September
 * (China Standard Time), when the new graduating class's work begins.
 */
export function currentCohort(now: Date): number {
  const cst = new Date(now.getTime() + 8 * 3600_000)
  return cst.getUTCFullYear() + (cst.getUTCMonth() >= 8 ? 1 : 0)
}

/** A 届 and its graduates in someone's scope (GET /api/v1/cohorts' items). */
export interface CohortCount {
  year: number
  graduates: number
}

/**
 * What a page's 届别 picker shows: the 届 chosen (undefined: 全部届别), the 届 with their counts,
 * and the current 届 (marked 本届).
 */
export interface CohortPicker {
  value: number | undefined
  cohorts: CohortCount[]
  current: number
}

/**
 * The 届 a page opens on when none is asked for (contract §6: pages open on the current 届, seed
 * 003's 1 September switch): the current one if there are graduates in it; otherwise the newest 届
 * that has graduates, so that a page never opens empty by surprise — a school whose next class
 * is not imported yet on 1 September still sees this summer's, and an old list (the withdrawn
 * graduates of an earlier 届) shows where its rows are. No graduates at all: the current 届.
 */
export function openingCohort(now: Date, yearsWithGraduates: readonly number[]): number {
  const current = currentCohort(now)
  if (yearsWithGraduates.length === 0 || yearsWithGraduates.includes(current)) return current
  return Math.max(...yearsWithGraduates)
}

/**
 * The 届 a page shows: `all` → every 届 (undefined: no filter); a year → that one; none asked →
 * the opening 届 (openingCohort).
 */
export function chosenCohort(
  asked: number | 'all' | undefined,
  yearsWithGraduates: readonly number[],
  now: Date,
): number | undefined {
  if (asked === 'all') return undefined
  return asked ?? openingCohort(now, yearsWithGraduates)
}

/** The `cohort` a page's link or form carries for the 届 shown: the year, or `all`. */
export const cohortParam = (value: number | undefined): string => (value === undefined ? 'all' : String(value))
