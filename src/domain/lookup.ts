/**
 * The public lookup's decision (contract §4.7), as a pure function of what the one lookup query
 * returned, the name typed (or none, for a signed QR link) and the clock. No I/O here: the route
 * fetches, this decides, the route answers and logs.
 *
 * Order of the checks, and why:
 * 1. No such number, or the graduate withdrawn from the roster (退学, 休学, 留级) → `not_found`.
 *    Contract: a withdrawn graduate answers not_found for every number.
 * 2. The name does not match → `not_found`, the same answer as an unknown number, so that a
 *    stranger cannot learn whether a number exists. The comparison runs in constant time (and is
 *    run against a dummy when there is no row), so response timings do not tell either.
 * 3. The number's validity window has ended → `expired` (contract §3; national rule, seed 004 §4.1:
 *    "查询核验服务时间截止到毕业生的毕业时间加六个月"). Checked before revoked / superseded: once
 *    the window is over no newer number would help, so sending the clerk to fetch one is useless.
 *    For a 核验编号 the end is the grant's own `valid_until`, never later than the window.
 * 4. A revoked 核验编号 → `revoked`; a superseded 转递编号 → `superseded`.
 * 5. The registration behind the number is no longer approved (voided by the graduate, or changed
 *    and awaiting review again) → `not_found`. Decision: the number then has nothing approved to
 *    vouch for, and no "pending" outcome exists in the contract; once the school approves again
 *    and issues a number, lookups work again. A registration that was never approved cannot have
 *    a number in the first place.
 */
import { safeEqual } from './constant-time.js'
import { graduationWindow, isOpen, windowFromValidUntil, type Window } from './validity.js'
import type { NumberType } from './numbers.js'

export type LookupKind = 'archive' | 'hukou'

/** What the lookup query found for a number (null fields when the number does not exist). */
export interface LookupRecord {
  numberType: NumberType
  graduateId: number | null
  nameKey: string | null
  graduationTime: string | null
  withdrawnAt: string | null
  supersededAt: string | null
  revokedAt: string | null
  /** A 核验编号's own last valid second (ISO, +08:00). */
  grantValidUntil: string | null
  registrationStatus: string | null
}

export type LookupDecision =
  | { outcome: 'found'; validUntil: string }
  | { outcome: 'expired'; validUntil: string }
  | { outcome: 'not_found' | 'revoked' | 'superseded' }

/**
 * `typedNameKey` is the nameKey() of the typed name, or null when a valid QR signature stands in
 * for the name.
 */
export function decideLookup(rec: LookupRecord, typedNameKey: string | null, now: Date): LookupDecision {
  const exists = rec.graduateId !== null && rec.nameKey !== null && rec.graduationTime !== null
  const nameOk = typedNameKey === null ? exists : namesEqual(typedNameKey, exists ? rec.nameKey! : DUMMY)
  if (!exists || rec.withdrawnAt || !nameOk) return { outcome: 'not_found' }

  const window = validityWindow(rec)
  if (!window) return { outcome: 'not_found' }
  if (!isOpen(window, now)) return { outcome: 'expired', validUntil: window.validUntil }
  if (rec.numberType === 'verification' && rec.revokedAt) return { outcome: 'revoked' }
  if (rec.numberType === 'transfer' && rec.supersededAt) return { outcome: 'superseded' }
  if (rec.registrationStatus !== 'approved') return { outcome: 'not_found' }
  return { outcome: 'found', validUntil: window.validUntil }
}

/** The number's window: the graduation window, cut short by a grant's own end. */
export function validityWindow(
  rec: Pick<LookupRecord, 'numberType' | 'graduationTime' | 'grantValidUntil'>,
): Window | null {
  let window = windowOf(rec.graduationTime ?? '')
  if (!window) return null // a malformed 毕业时间 cannot vouch for anything
  if (rec.numberType === 'verification' && rec.grantValidUntil) {
    const own = windowFromValidUntil(rec.grantValidUntil)
    if (!Number.isNaN(own.endsAt.getTime()) && own.endsAt < window.endsAt) window = own
  }
  return window
}

/** Graduation windows by month: a handful of distinct months, computed once each. */
const windows = new Map<string, Window | null>()
function windowOf(graduationTime: string): Window | null {
  let w = windows.get(graduationTime)
  if (w === undefined) {
    try {
      w = graduationWindow(graduationTime)
    } catch {
      w = null
    }
    if (windows.size < 1000) windows.set(graduationTime, w)
  }
  return w
}

const DUMMY = '\u0000'.repeat(8)

/**
 * Security decision: the two name keys are compared in constant time (`safeEqual`, UTF-8 bytes),
 * so a timing attacker cannot learn a name character by character.
 */
const namesEqual = (a: string, b: string): boolean => safeEqual(a, b)

/** The 200 body of contract §4.7. */
export interface VerifyResult {
  kind: LookupKind
  number: string
  numberType: NumberType
  validUntil: string
  graduate: {
    name: string
    gender: string | null
    school: string
    graduationTime: string
    lengthOfSchooling: string
    major: string
    education: string | null
    origin: string | null
  }
  destination: { type: string | null; unitName: string | null; unitLocation: string | null }
  archive?: ArchiveSection
  hukou?: HukouSection
}

/**
 * Privacy decision: the archive section carries the receiving unit's name, address, place,
 * postcode and contact (person or office) — what the archive office needs to see that the archive
 * came to the right place — but not its telephone number, although the national sheet prints one:
 * the contract allows no phone numbers in a lookup answer at all.
 */
export interface ArchiveSection {
  transferType: string | null
  unitName: string | null
  unitAddress: string | null
  unitLocation: string | null
  postcode: string | null
  contact: string | null
}

export interface HukouSection {
  migrationType: string | null
  location: string | null
  address: string | null
}
