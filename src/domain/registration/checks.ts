/**
 * The field checks of a registration's content (seed 004, 2.6, 2.9, 2.10): every issue names its
 * field in Chinese; `checkContent` turns what a client sent into a `RegistrationContent`.
 */
import { ARCHIVE_TRANSFER_TYPES, HUKOU_MIGRATION_TYPES } from '../codes/destinations.js'
import { jobCategoryTable, unitIndustryTable, unitNatureTable } from '../codes/employment.js'
import type { CodeTable } from '../codes/types.js'
import { checkCreditCode } from '../credit-code.js'
import { checkDivision } from '../divisions.js'
import { MOBILE_MESSAGE, mobileNumber } from '../phone.js'
import {
  ARCHIVE_FIELDS,
  FIELD_NAMES,
  type DestinationField,
  type Archive,
  type Destination,
  type Hukou,
  type RawContent,
  type RawPart,
  type RegistrationContent,
} from './content.js'
import { TARGETED_TRAINING_MODES, TYPE_RULES, UNIT_TYPES, isDestinationType, typeFields } from './type-rules.js'

export interface Issue {
  /** The field's path, e.g. `destination.unitCreditCode`. */
  field: string
  /** `{Chinese name}：{what is wrong}` — what people read. */
  message: string
}

const issue = (field: string, msg: string): Issue => ({ field, message: `${FIELD_NAMES[field] ?? field}：${msg}` })

/** 邮政编码: six digits (GB/T 2260 postal areas). */
export const POSTCODE_RE = /^\d{6}$/
/** A mainland mobile number, or a landline with optional area code and extension. */
export const PHONE_RE = /^(?:1[3-9]\d{9}|(?:0\d{2,3}-?)?[2-9]\d{6,7}(?:-\d{1,6})?)$/
/** An e-mail address, loosely: something@domain.tld, no spaces. */
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return String(v)
  if (typeof v !== 'string') return null
  const s = v.normalize('NFKC').trim()
  return s === '' ? null : s
}

/** A code table field given as its code or its name; stored as the code. */
function codeOf(table: CodeTable, v: string): string | null {
  const byCode = table.entries.find((e) => e.code === v)
  if (byCode) return byCode.code
  return table.entries.find((e) => e.name === v)?.code ?? null
}

export function codeName(table: CodeTable, code: string | null | undefined): string | null {
  if (!code) return null
  return table.entries.find((e) => e.code === code)?.name ?? null
}

const MAX_TEXT = 200

function checkText(field: string, v: string, max = MAX_TEXT): Issue | null {
  if (v.length > max) return issue(field, `不能超过 ${max} 个字符`)
  return null
}

/** 情况说明 of 档案 and of 户口 (seed 004 §2.10: 选填, 200字以内). */
const MAX_NOTE = 200

/** The lengths of the destination's plain text fields (50 unless named here). */
const TEXT_LENGTHS: Partial<Record<DestinationField, number>> = {
  unitName: 100,
  school: 100,
  contactEmail: 100,
}

/**
 * One destination field beside the code tables: its normalised value and what is wrong with it.
 * 联系人电话 takes a landline or a mobile (as 档案转递联系电话 does); 联系人手机 only a mobile.
 */
function checkDestinationText(f: DestinationField, path: string, v: string): { value: string; bad: Issue | null } {
  switch (f) {
    case 'contactPhone': {
      const phone = v.replace(/\s/g, '')
      return { value: phone, bad: PHONE_RE.test(phone) ? null : issue(path, '应为带区号的固定电话或手机号码') }
    }
    case 'contactMobile': {
      const mobile = mobileNumber(v)
      return { value: mobile ?? v, bad: mobile ? null : issue(path, MOBILE_MESSAGE) }
    }
    case 'contactEmail':
      return {
        value: v,
        bad: EMAIL_RE.test(v) ? checkText(path, v, TEXT_LENGTHS[f]) : issue(path, '格式不正确，如 hr@example.com'),
      }
    default:
      return { value: v, bad: checkText(path, v, TEXT_LENGTHS[f] ?? 50) }
  }
}

interface GraduateFacts {
  training_mode_code: string
  targeted_unit: string | null
}

type Completeness = 'draft' | 'complete'

export interface CheckOptions {
  /** `draft`: only what is filled is checked; `complete`: required fields must be there too. */
  mode: Completeness
  graduate: GraduateFacts
  /** Which parts must be present when complete (the graduate's own submission needs all three). */
  requireParts?: { archive: boolean; hukou: boolean }
}

export type CheckResult = { ok: true; value: RegistrationContent } | { ok: false; issues: Issue[] }

const sameUnit = (a: string, b: string) =>
  a.replace(/\s+/g, '').normalize('NFKC') === b.replace(/\s+/g, '').normalize('NFKC')

export function checkDestination(raw: RawPart, opts: CheckOptions): { value: Destination | null; issues: Issue[] } {
  const issues: Issue[] = []
  if (raw === null || raw === undefined) {
    if (opts.mode === 'complete') issues.push(issue('destination', '必须填写'))
    return { value: null, issues }
  }
  const type = str(raw.type)
  if (!type) {
    issues.push(issue('destination.type', '必须选择'))
    return { value: null, issues }
  }
  if (!isDestinationType(type)) {
    issues.push(issue('destination.type', `“${type}”不是 24 种毕业去向之一`))
    return { value: null, issues }
  }
  const rule = TYPE_RULES[type]
  const out: Destination = { type }
  for (const f of typeFields(type)) {
    const path = `destination.${f}`
    const v = str(raw[f])
    if (v === null) {
      if (opts.mode === 'complete' && rule.required.includes(f)) issues.push(issue(path, '必须填写'))
      out[f] = null
      continue
    }
    let value: string | null = v
    let bad: Issue | null = null
    switch (f) {
      case 'unitCreditCode': {
        const r = checkCreditCode(v)
        if (r.ok) value = r.value
        else bad = issue(path, r.message)
        break
      }
      case 'unitLocation': {
        const r = checkDivision(v)
        if (!r.ok) bad = issue(path, r.message)
        break
      }
      case 'unitNature':
      case 'unitIndustry':
      case 'jobCategory': {
        const table = f === 'unitNature' ? unitNatureTable : f === 'unitIndustry' ? unitIndustryTable : jobCategoryTable
        value = codeOf(table, v)
        if (!value) bad = issue(path, `“${v}”不在${table.name}代码表中`)
        break
      }
      default: {
        const r = checkDestinationText(f, path, v)
        value = r.value
        bad = r.bad
      }
    }
    if (bad) issues.push(bad)
    out[f] = value
  }
  // National rule (seed 004, 2.9 定向/委培生): 定向 and 委培 graduates must take up the unit of their
  // agreement and register it; changing the 培养方式 is a provincial decision, not the graduate's.
  // 培养方式 22 (定向（可网签）) signs online with that unit, so it is not checked here.
  const g = opts.graduate
  if ((TARGETED_TRAINING_MODES as readonly string[]).includes(g.training_mode_code) && g.targeted_unit) {
    if (!UNIT_TYPES.includes(type)) {
      issues.push(issue('destination.type', `定向/委培毕业生须按定向协议就业，登记定向委培单位“${g.targeted_unit}”`))
    } else if (out.unitName && !sameUnit(out.unitName, g.targeted_unit)) {
      issues.push(issue('destination.unitName', `定向/委培毕业生须登记定向委培单位“${g.targeted_unit}”`))
    }
  }
  return { value: out, issues }
}

/** A 情况说明 (optional, ≤ 200 字). */
function checkNote(path: string, raw: unknown): { value: string | null; bad: Issue | null } {
  const v = str(raw)
  return { value: v, bad: v === null ? null : checkText(path, v, MAX_NOTE) }
}

export function checkArchive(raw: RawPart, opts: CheckOptions): { value: Archive | null; issues: Issue[] } {
  const issues: Issue[] = []
  const required = opts.mode === 'complete' && (opts.requireParts?.archive ?? true)
  if (raw === null || raw === undefined || Object.values(raw).every((v) => str(v) === null)) {
    if (required) issues.push(issue('archive.transferType', '必须选择'))
    return { value: null, issues }
  }
  const t = str(raw.transferType)
  if (!t) {
    issues.push(issue('archive.transferType', '必须选择'))
    return { value: null, issues }
  }
  if (!(ARCHIVE_TRANSFER_TYPES as readonly string[]).includes(t)) {
    issues.push(issue('archive.transferType', `应为 ${ARCHIVE_TRANSFER_TYPES.join('、')} 之一`))
    return { value: null, issues }
  }
  const out: Archive = { transferType: t as Archive['transferType'] }
  // The 情况说明 is kept only when given, so a registration without one reads as before.
  const note = checkNote('archive.note', raw.note)
  if (note.value !== null) out.note = note.value
  if (note.bad) issues.push(note.bad)
  for (const f of ARCHIVE_FIELDS) {
    const path = `archive.${f}`
    const v = str(raw[f])
    out[f] = v
    if (v === null) {
      if (opts.mode === 'complete') issues.push(issue(path, '必须填写'))
      continue
    }
    const bad =
      f === 'unitLocation'
        ? (() => {
            const r = checkDivision(v)
            return r.ok ? null : issue(path, r.message)
          })()
        : f === 'postcode'
          ? POSTCODE_RE.test(v)
            ? null
            : issue(path, '应为 6 位数字')
          : f === 'phone'
            ? PHONE_RE.test(v.replace(/\s/g, ''))
              ? null
              : issue(path, '应为手机号码或带区号的固定电话')
            : checkText(path, v, f === 'contact' ? 50 : 100)
    if (f === 'phone') out.phone = v.replace(/\s/g, '')
    if (bad) issues.push(bad)
  }
  return { value: out, issues }
}

export function checkHukou(raw: RawPart, opts: CheckOptions): { value: Hukou | null; issues: Issue[] } {
  const issues: Issue[] = []
  const required = opts.mode === 'complete' && (opts.requireParts?.hukou ?? true)
  if (raw === null || raw === undefined || Object.values(raw).every((v) => str(v) === null)) {
    if (required) issues.push(issue('hukou.migrationType', '必须选择'))
    return { value: null, issues }
  }
  const t = str(raw.migrationType)
  if (!t) {
    issues.push(issue('hukou.migrationType', '必须选择'))
    return { value: null, issues }
  }
  if (!(HUKOU_MIGRATION_TYPES as readonly string[]).includes(t)) {
    issues.push(issue('hukou.migrationType', `应为 ${HUKOU_MIGRATION_TYPES.join('、')} 之一`))
    return { value: null, issues }
  }
  const note = checkNote('hukou.note', raw.note)
  if (note.bad) issues.push(note.bad)
  const out: Hukou = {
    migrationType: t as Hukou['migrationType'],
    ...(note.value !== null ? { note: note.value } : {}),
  }
  // 不迁移: the hukou stays where it is, so there is no destination to record (a 情况说明 may say why).
  if (t === '不迁移') return { value: { ...out, location: null, address: null }, issues }
  const loc = str(raw.location)
  const addr = str(raw.address)
  out.location = loc
  out.address = addr
  if (loc === null) {
    if (opts.mode === 'complete') issues.push(issue('hukou.location', '必须填写'))
  } else {
    const r = checkDivision(loc)
    if (!r.ok) issues.push(issue('hukou.location', r.message))
  }
  if (addr === null) {
    if (opts.mode === 'complete') issues.push(issue('hukou.address', '必须填写'))
  } else {
    const bad = checkText('hukou.address', addr)
    if (bad) issues.push(bad)
  }
  return { value: out, issues }
}

/** Checks and normalises all three parts; every issue names its field. */
export function checkContent(raw: RawContent, opts: CheckOptions): CheckResult {
  const d = checkDestination(raw.destination, opts)
  const a = checkArchive(raw.archive, opts)
  const h = checkHukou(raw.hukou, opts)
  const issues = [...d.issues, ...a.issues, ...h.issues]
  if (issues.length) return { ok: false, issues }
  return { ok: true, value: { destination: d.value, archive: a.value, hukou: h.value } }
}

/**
 * Whether a destination sent differs from the stored one — as sent, or once normalised by the
 * rules (a code given by its name is the same code). Not sent (undefined) changes nothing.
 */
export function destinationChanged(raw: RawPart, stored: Destination | null, graduate: GraduateFacts): boolean {
  if (raw === undefined) return false
  if (raw === null) return stored !== null
  if (!stored) return true
  const only = (d: unknown): RegistrationContent => ({ destination: d as Destination, archive: null, hukou: null })
  if (sameContent(only(raw), only(stored))) return false
  const d = checkDestination(raw, { mode: 'draft', graduate })
  return d.issues.length > 0 || !sameContent(only(d.value), only(stored))
}

/**
 * 档案 and 户口 checked and merged over what is stored (an absent part is kept, null clears it),
 * the stored destination kept as it is — for a registration whose destination an agreement holds
 * (the agreement's own rules checked it; seed 004 §2.10 registers 档案 and 户口 on their own).
 */
export function checkBesideDestination(stored: RegistrationContent, raw: RawContent, opts: CheckOptions): CheckResult {
  const parts = { ...opts, requireParts: { archive: false, hukou: false } }
  const s = stored as unknown as RawContent
  const a = checkArchive(raw.archive !== undefined ? raw.archive : s.archive, parts)
  const h = checkHukou(raw.hukou !== undefined ? raw.hukou : s.hukou, parts)
  const issues = [...a.issues, ...h.issues]
  if (issues.length) return { ok: false, issues }
  return { ok: true, value: { destination: stored.destination, archive: a.value, hukou: h.value } }
}

/** Whether two contents are the same registration (used to skip no-op overwrites). */
export function sameContent(a: RegistrationContent, b: RegistrationContent): boolean {
  return canonical(a) === canonical(b)
}

function canonical(c: RegistrationContent): string {
  const clean = (o: object | null) =>
    o
      ? Object.fromEntries(
          Object.entries(o)
            .filter(([, v]) => v !== null && v !== undefined && v !== '')
            .sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : null
  return JSON.stringify([clean(c.destination), clean(c.archive), clean(c.hukou)])
}
