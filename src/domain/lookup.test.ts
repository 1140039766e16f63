import { describe, expect, it } from 'vitest'
import { decideLookup, validityWindow, type LookupRecord } from './lookup.js'
import { nameKey } from './names.js'

const base: LookupRecord = {
  numberType: 'transfer',
  graduateId: 7,
  nameKey: nameKey('阿依古丽·买买提'),
  graduationTime: '202606',
  withdrawnAt: null,
  supersededAt: null,
  revokedAt: null,
  grantValidUntil: null,
  registrationStatus: 'approved',
}
const june = new Date('2026-06-15T10:00:00+08:00')
const key = nameKey('阿依古丽・买买提')

describe('decideLookup', () => {
  it('finds a current number with a matching name, valid to the end of the window', () => {
    expect(decideLookup(base, key, june)).toEqual({ outcome: 'found', validUntil: '2026-12-31T23:59:59+08:00' })
  })

  it('finds with a signature instead of a name (null)', () => {
    expect(decideLookup(base, null, june).outcome).toBe('found')
  })

  it('answers not_found for no number, a withdrawn graduate, a wrong name, an unapproved registration', () => {
    const none: LookupRecord = {
      ...base,
      graduateId: null,
      nameKey: null,
      graduationTime: null,
      registrationStatus: null,
    }
    expect(decideLookup(none, key, june).outcome).toBe('not_found')
    expect(decideLookup(none, null, june).outcome).toBe('not_found')
    expect(decideLookup({ ...base, withdrawnAt: '2026-05-01T00:00:00Z' }, key, june).outcome).toBe('not_found')
    expect(decideLookup({ ...base, withdrawnAt: '2026-05-01T00:00:00Z' }, null, june).outcome).toBe('not_found')
    expect(decideLookup(base, nameKey('阿依古丽'), june).outcome).toBe('not_found')
    for (const s of ['voided', 'submitted', 'returned', 'draft', null]) {
      expect(decideLookup({ ...base, registrationStatus: s }, key, june).outcome).toBe('not_found')
    }
  })

  it('hides expired, superseded and revoked behind a wrong name', () => {
    const late = new Date('2027-01-01T00:00:00+08:00')
    expect(decideLookup(base, nameKey('别人'), late).outcome).toBe('not_found')
    expect(decideLookup({ ...base, supersededAt: 'x' }, nameKey('别人'), june).outcome).toBe('not_found')
    expect(decideLookup({ ...base, numberType: 'verification', revokedAt: 'x' }, nameKey('别人'), june).outcome).toBe(
      'not_found',
    )
  })

  it('answers expired from the first second after the window, before superseded or revoked', () => {
    expect(decideLookup(base, key, new Date('2026-12-31T23:59:59.999+08:00')).outcome).toBe('found')
    const late = new Date('2027-01-01T00:00:00+08:00')
    expect(decideLookup(base, key, late)).toEqual({ outcome: 'expired', validUntil: '2026-12-31T23:59:59+08:00' })
    expect(decideLookup({ ...base, supersededAt: 'x' }, key, late).outcome).toBe('expired')
    expect(decideLookup({ ...base, supersededAt: 'x' }, key, june).outcome).toBe('superseded')
    expect(decideLookup({ ...base, numberType: 'verification', revokedAt: 'x' }, key, june).outcome).toBe('revoked')
  })

  it("ends a 核验编号 at the grant's own end, never after the window", () => {
    const grant: LookupRecord = { ...base, numberType: 'verification', grantValidUntil: '2026-08-31T23:59:59+08:00' }
    expect(decideLookup(grant, key, june)).toEqual({ outcome: 'found', validUntil: '2026-08-31T23:59:59+08:00' })
    expect(decideLookup(grant, key, new Date('2026-09-01T00:00:00+08:00')).outcome).toBe('expired')
    const tooLong: LookupRecord = { ...grant, grantValidUntil: '2027-06-30T23:59:59+08:00' }
    expect(validityWindow(tooLong)?.validUntil).toBe('2026-12-31T23:59:59+08:00')
  })

  it('treats a malformed graduation month as not found rather than failing', () => {
    expect(decideLookup({ ...base, graduationTime: '2026' }, key, june).outcome).toBe('not_found')
  })
})
