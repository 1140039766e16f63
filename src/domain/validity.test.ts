import { describe, expect, it } from 'vitest'
import { cstDay, dayWindow, formatCst, graduationWindow, isOpen } from './validity.js'

describe('validity window (graduation month + 6 months, China Standard Time)', () => {
  it('June graduates are valid through 31 December, 23:59:59 +08:00', () => {
    const w = graduationWindow('202606')
    expect(w.validUntil).toBe('2026-12-31T23:59:59+08:00')
    expect(isOpen(w, new Date('2026-12-31T23:59:59+08:00'))).toBe(true)
    expect(isOpen(w, new Date('2026-12-31T23:59:59.999+08:00'))).toBe(true)
    expect(isOpen(w, new Date('2027-01-01T00:00:00+08:00'))).toBe(false)
  })
  it('December graduates run into June of the next year (the year turns)', () => {
    const w = graduationWindow('202612')
    expect(w.validUntil).toBe('2027-06-30T23:59:59+08:00')
    expect(isOpen(w, new Date('2027-06-30T15:59:59Z'))).toBe(true)
    expect(isOpen(w, new Date('2027-06-30T16:00:00Z'))).toBe(false)
  })
  it('handles short months and leap years', () => {
    expect(graduationWindow('202708').validUntil).toBe('2028-02-29T23:59:59+08:00')
    expect(graduationWindow('202608').validUntil).toBe('2027-02-28T23:59:59+08:00')
    expect(graduationWindow('202601').validUntil).toBe('2026-07-31T23:59:59+08:00')
  })
  it('does not depend on the server time zone (works on instants)', () => {
    expect(formatCst(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01T00:00:00+08:00')
    expect(cstDay(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01')
  })
  it('a chosen day ends at its 23:59:59 CST', () => {
    const w = dayWindow('2026-09-30')
    expect(w.validUntil).toBe('2026-09-30T23:59:59+08:00')
    expect(isOpen(w, new Date('2026-09-30T23:59:59+08:00'))).toBe(true)
    expect(isOpen(w, new Date('2026-10-01T00:00:00+08:00'))).toBe(false)
    expect(() => dayWindow('2026-02-30')).toThrow()
  })
})
