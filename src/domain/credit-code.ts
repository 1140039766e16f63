/**
 * 统一社会信用代码 — GB 32100-2015. 18 characters from the alphabet 0-9 A-H J-N P-R T U W-Y
 * (no I, O, S, V, Z); the 18th is a check character: weights 1 3 9 27 19 26 16 17 20 29 25 13 8
 * 24 10 30 28 (3^i mod 31), check value (31 − sum mod 31) mod 31 — which is 0 when the sum is a
 * multiple of 31, hence the outer mod (the check character is then '0', not the 31st character).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

function creditCodeCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i])
    if (v < 0) return null
    sum += v * WEIGHTS[i]
  }
  return ALPHABET[(31 - (sum % 31)) % 31]
}

export function checkCreditCode(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase()
  if (value.length !== 18) return { ok: false, message: '应为 18 位' }
  if (![...value].every((ch) => ALPHABET.includes(ch)))
    return { ok: false, message: '含有不允许的字符（不使用 I、O、S、V、Z）' }
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, message: '第 3–8 位应为行政区划代码' }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, message: '校验位不正确，请核对代码' }
  return { ok: true, value }
}

/** Builds a valid code from a 17-character body (tests, demo data). */
export function makeCreditCode(first17: string): string {
  const c = creditCodeCheckChar(first17)
  if (!c) throw new Error('bad credit code body')
  return first17 + c
}
