/**
 * A 用人单位's data as the national forms ask for it (seed 004 §2.3, §2.5): 统一社会信用代码
 * (GB 32100), 单位性质 and 单位行业 from the national two-digit tables, 单位所在地 a 6-digit
 * division code of the lowest level, a contact and a phone. Pure: the employer registration, the
 * invitations and the graduate's offline agreement all check a unit here.
 */
import { resolveCode } from './codes/index.js'
import { checkCreditCode } from './credit-code.js'
import { checkDivision } from './divisions.js'
import { PHONE_RE } from './registration/index.js'

export interface Unit {
  name: string
  creditCode: string
  nature: string
  industry: string
  location: string
  address: string
  contact: string
  phone: string
  email: string | null
}

export interface UnitIssue {
  field: string
  message: string
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

export const UNIT_LABELS: Record<keyof Unit, string> = {
  name: '单位名称',
  creditCode: '统一社会信用代码',
  nature: '单位性质',
  industry: '单位行业',
  location: '单位所在地',
  address: '通讯地址',
  contact: '单位联系人',
  phone: '联系人电话',
  email: '邮箱',
}

/** Checks and normalises a unit: codes may be given as codes or names and are stored as codes. */
export function checkUnit(raw: Record<string, unknown>): { ok: true; value: Unit } | { ok: false; issue: UnitIssue } {
  const bad = (f: keyof Unit, message: string) => ({
    ok: false as const,
    issue: { field: f, message: `${UNIT_LABELS[f]}：${message}` },
  })
  const name = s(raw.name)
  if (!name) return bad('name', '必须填写')
  if (name.length > 100) return bad('name', '不能超过 100 个字')
  const cc = checkCreditCode(s(raw.creditCode))
  if (!cc.ok) return bad('creditCode', s(raw.creditCode) ? cc.message : '必须填写')
  const nature = resolveCode('unitNature', s(raw.nature))
  if (!nature) return bad('nature', s(raw.nature) ? `“${s(raw.nature)}”不在单位性质代码表中` : '必须选择')
  const industry = resolveCode('unitIndustry', s(raw.industry))
  if (!industry) return bad('industry', s(raw.industry) ? `“${s(raw.industry)}”不在单位行业代码表中` : '必须选择')
  const loc = checkDivision(s(raw.location))
  if (!loc.ok) return bad('location', s(raw.location) ? loc.message : '必须填写')
  const address = s(raw.address)
  if (!address) return bad('address', '必须填写')
  if (address.length > 200) return bad('address', '不能超过 200 个字')
  const contact = s(raw.contact)
  if (!contact) return bad('contact', '必须填写')
  if (contact.length > 50) return bad('contact', '不能超过 50 个字')
  const phone = s(raw.phone)
  if (!phone) return bad('phone', '必须填写')
  if (!PHONE_RE.test(phone)) return bad('phone', '应为手机号码或带区号的固定电话')
  const email = s(raw.email) || null
  if (email && (!EMAIL_RE.test(email) || email.length > 100)) return bad('email', '格式不正确')
  return {
    ok: true,
    value: {
      name,
      creditCode: cc.value,
      nature: nature.code,
      industry: industry.code,
      location: loc.code,
      address,
      contact,
      phone,
      email,
    },
  }
}
