/**
 * 转递编号 (17 characters) and 核验编号 (15 characters), contract §2:
 *   YY (graduation year) + SSSSS (院校代码) + random characters + 1 check character.
 * Random and check characters come from the 32-character alphabet 23456789ABCDEFGHJKLMNPQRSTUVWXYZ
 * (no 0, 1, I, O), drawn with nanoid's cryptographically secure `customAlphabet`.
 *
 * The check character. Every character gets a value in GF(32) = GF(2)[x]/(x^5 + x^2 + 1): an
 * alphabet character its index in the alphabet (0–31); the digits 0 and 1, which only occur in
 * the YY and SSSSS positions, the values 8 and 9 (which in those positions no other digit uses;
 * 2–9 keep their alphabet index 0–7, so a digit means the same value wherever it may stand).
 * The check value c is chosen so that the whole number is a codeword:
 *     Σ_{i=0..n} α^i · v_i = 0   (α = x, a primitive element; sums are XOR)
 * - A single-character substitution at position i changes the sum by α^i·(v ⊕ v'), which is not 0
 *   because α^i ≠ 0 and two characters allowed at one position have different values.
 * - Swapping adjacent characters a ≠ b at positions i, i+1 (when both may stand at both positions,
 *   i.e. the result is still well-formed) changes it by α^i·(1 ⊕ α)·(v_a ⊕ v_b) ≠ 0, since α ≠ 1.
 * GF(32) has no zero divisors, so both errors are always caught — including those touching the
 * check character itself. The exhaustive test in numbers.test.ts tries every such error.
 */
import { customAlphabet } from 'nanoid'

export const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export type NumberType = 'transfer' | 'verification'

export const LAYOUTS: Record<NumberType, { length: number; random: number; label: string }> = {
  transfer: { length: 17, random: 9, label: '转递编号' },
  verification: { length: 15, random: 7, label: '核验编号' },
}

const PREFIX = 7 // YY + SSSSS

/** Multiplication in GF(32) with the primitive polynomial x^5 + x^2 + 1 (0b100101). */
function gfMul(a: number, b: number): number {
  let r = 0
  while (b) {
    if (b & 1) r ^= a
    b >>= 1
    a <<= 1
    if (a & 0b100000) a ^= 0b100101
  }
  return r
}

const POW: number[] = [1]
for (let i = 1; i < 62; i++) POW.push(gfMul(POW[i - 1], 2))
const INV = (a: number) => POW[(31 - POW.indexOf(a)) % 31]

function valueOf(ch: string): number {
  if (ch === '0') return 8
  if (ch === '1') return 9
  return ALPHABET.indexOf(ch)
}

/** The check character for the characters before it (any length up to 30). */
export function checkChar(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i++) sum ^= gfMul(POW[i], valueOf(body[i]))
  // v_n · α^n = sum  →  v_n = sum · α^(−n)
  return ALPHABET[gfMul(sum, INV(POW[body.length]))]
}

/** Upper-case, spaces and hyphens removed (contract §2). */
export function normalizeNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\-‐‑‒–—−_]/g, '')
    .toUpperCase()
}

/** Whether each character may stand where it stands (digits in YYSSSSS, the alphabet after). */
export function isWellFormed(n: string): boolean {
  if (!/^\d{7}/.test(n)) return false
  for (let i = PREFIX; i < n.length; i++) if (!ALPHABET.includes(n[i])) return false
  return true
}

export type ParsedNumber =
  | { ok: true; number: string; type: NumberType; year: string; schoolCode: string }
  | { ok: false; reason: 'length' | 'alphabet' | 'check' }

/** Checks length, alphabet and check character — no database needed. */
export function parseNumber(raw: string): ParsedNumber {
  const n = normalizeNumber(raw)
  const type: NumberType | null = n.length === 17 ? 'transfer' : n.length === 15 ? 'verification' : null
  if (!type) return { ok: false, reason: 'length' }
  if (!isWellFormed(n)) return { ok: false, reason: 'alphabet' }
  if (checkChar(n.slice(0, -1)) !== n[n.length - 1]) return { ok: false, reason: 'check' }
  return { ok: true, number: n, type, year: n.slice(0, 2), schoolCode: n.slice(2, 7) }
}

const randoms: Record<NumberType, () => string> = {
  transfer: customAlphabet(ALPHABET, LAYOUTS.transfer.random),
  verification: customAlphabet(ALPHABET, LAYOUTS.verification.random),
}

/** A fresh number for a graduate who graduates in `graduationTime` (YYYYMM) from `schoolCode`. */
export function generateNumber(
  type: NumberType,
  graduationTime: string,
  schoolCode: string,
  random: () => string = randoms[type],
): string {
  if (!/^\d{6}$/.test(graduationTime)) throw new Error('graduationTime must be YYYYMM')
  if (!/^\d{5}$/.test(schoolCode)) throw new Error('schoolCode must be 5 digits')
  const body = graduationTime.slice(2, 4) + schoolCode + random()
  return body + checkChar(body)
}
