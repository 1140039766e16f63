/**
 * 届 (cohort): the year of a graduate's 毕业时间 (`YYYYMM`), as the national system groups its
 * rosters (seed 002: 选择审核的毕业年份). The smallest piece issue 18 needs; issue 14 builds the
 * rest of cohorts on it.
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
