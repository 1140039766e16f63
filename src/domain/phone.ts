/**
 * A mainland mobile number: 11 digits, 1 then 3–9 (the national numbering plan's mobile ranges,
 * 13x–19x; the national system's 手机号码 rule, seed 004 §3 "请填写手机号码"). One rule for every
 * place that asks for one — the roster's 手机号码, 联系人手机 of a destination, 联系方式 when a
 * graduate reports 信息有误 — so a number accepted in one form is never refused in another.
 */
export const MOBILE_RE = /^1[3-9]\d{9}$/

/** What a form says of a number that is not one (after its field's name). */
export const MOBILE_MESSAGE = '应为 11 位手机号码，以 13–19 开头'

/** A typed mobile number without the spaces and hyphens people write in it; null if it is none. */
export function mobileNumber(raw: string): string | null {
  const v = raw.replace(/[\s-]/g, '')
  return MOBILE_RE.test(v) ? v : null
}
