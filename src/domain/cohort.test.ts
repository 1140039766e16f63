import { describe, expect, it } from 'vitest'
import { chosenCohort, cohortRange, currentCohort, openingCohort } from './cohort.js'

// 2026-08-31T15:59Z is 23:59 on 31 August in Beijing; a minute later it is 1 September.
const AUGUST_31 = new Date('2026-08-31T15:59:00Z')
const SEPTEMBER_1 = new Date('2026-08-31T16:00:00Z')

describe('届 (cohorts)', () => {
  it('the current 届 turns to next year on 1 September, Beijing time', () => {
    expect(currentCohort(AUGUST_31)).toBe(2026)
    expect(currentCohort(SEPTEMBER_1)).toBe(2027)
    expect(currentCohort(new Date('2026-12-31T15:59:59Z'))).toBe(2027)
    expect(currentCohort(new Date('2026-12-31T16:00:00Z'))).toBe(2027) // 1 January 2027
    expect(currentCohort(new Date('2027-01-01T00:00:00+08:00'))).toBe(2027)
  })

  it('a 届 is a range of 毕业时间 (YYYYMM)', () => {
    expect(cohortRange(2026)).toEqual({ from: '202601', to: '202701' })
  })

  it('a page opens on the current 届 when it has graduates', () => {
    expect(openingCohort(AUGUST_31, [2027, 2026, 2025])).toBe(2026)
    expect(openingCohort(SEPTEMBER_1, [2027, 2026, 2025])).toBe(2027)
  })

  it('otherwise on the newest 届 that has graduates, or the current one when there are none', () => {
    // On 1 September the class of 2027 is not imported yet: this summer's graduates stay in view.
    expect(openingCohort(SEPTEMBER_1, [2026, 2025])).toBe(2026)
    expect(openingCohort(SEPTEMBER_1, [2025, 2024])).toBe(2025)
    // Only a later 届 imported early: that one, not an empty page.
    expect(openingCohort(AUGUST_31, [2027])).toBe(2027)
    expect(openingCohort(AUGUST_31, [2028, 2027])).toBe(2028)
    expect(openingCohort(SEPTEMBER_1, [])).toBe(2027)
    expect(openingCohort(AUGUST_31, [])).toBe(2026)
  })

  it('a 届 asked for is shown; `all` shows every 届', () => {
    expect(chosenCohort(2024, [2026], SEPTEMBER_1)).toBe(2024)
    expect(chosenCohort('all', [2026], SEPTEMBER_1)).toBeUndefined()
    expect(chosenCohort(undefined, [2026], SEPTEMBER_1)).toBe(2026)
    expect(chosenCohort(undefined, [2027, 2026], SEPTEMBER_1)).toBe(2027)
  })
})
