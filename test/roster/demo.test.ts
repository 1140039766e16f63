import { describe, expect, it } from 'vitest'
import { generateDemoRoster } from '../../src/roster/demo.js'
import { checkRosterRow } from '../../src/domain/roster-rules.js'

describe('generateDemoRoster', () => {
  it('makes valid, distinct rows across several 院系 and education levels, the same for the same seed', () => {
    const rows = generateDemoRoster(2000, 3)
    const today = new Date('2026-06-15T00:00:00Z')
    for (const r of rows) {
      const c = checkRosterRow(r, today)
      expect(c.ok, JSON.stringify(c)).toBe(true)
    }
    expect(new Set(rows.map((r) => r.idCard)).size).toBe(2000)
    expect(new Set(rows.map((r) => r.studentNo)).size).toBe(2000)
    expect(new Set(rows.map((r) => r.department)).size).toBeGreaterThanOrEqual(5)
    expect(new Set(rows.map((r) => r.education)).size).toBeGreaterThanOrEqual(3)
    expect(generateDemoRoster(5, 3)).toEqual(rows.slice(0, 5))
  })
})
