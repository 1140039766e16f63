/**
 * 居民身份证号码 — GB 11643-1999 (公民身份号码): 6-digit division code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women), and a check character computed with
 * ISO 7064:1983 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check "10X98765432"[sum mod 11].
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

export type IdCardProblem = 'format' | 'checksum' | 'birthdate'

/** Normalises (trim, upper-case x) and checks an 18-character number. */
export function checkIdCard(
  raw: string,
  today = new Date(),
):
  | { ok: true; value: string; sexCode: '1' | '2'; birth: string }
  | { ok: false; problem: IdCardProblem; message: string } {
  const value = raw.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(value))
    return { ok: false, problem: 'format', message: '应为 18 位，前 17 位为数字，末位为数字或 X' }
  const y = +value.slice(6, 10)
  const m = +value.slice(10, 12)
  const d = +value.slice(12, 14)
  const date = new Date(Date.UTC(y, m - 1, d))
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  if (!real || y < 1900 || date.getTime() > today.getTime())
    return { ok: false, problem: 'birthdate', message: `出生日期 ${value.slice(6, 14)} 不是有效日期` }
  if (idCardCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, problem: 'checksum', message: '校验位不正确，请核对号码' }
  return { ok: true, value, sexCode: +value[16] % 2 === 1 ? '1' : '2', birth: value.slice(6, 14) }
}

/** Shows the first 6 and last 4 characters only: 110101********123X. */
export function maskIdCard(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length)
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4)
}

/** Builds a valid number (tests, demo data). */
export function makeIdCard(division: string, birth: string, seq: number, sexCode: '1' | '2'): string {
  let s = seq % 1000
  if ((s % 2 === 1) !== (sexCode === '1')) s = (s + 1) % 1000
  const first17 = `${division}${birth}${String(s).padStart(3, '0')}`
  return first17 + idCardCheckChar(first17)
}
