/**
 * One public lookup, shared by the API (`POST /api/v1/verify`) and the pages (`POST /verify`,
 * `GET /v/{number}`): parse the number, run the one query, apply the throttle and the decision,
 * count failures, log, and shape the answer. Returns a value; the callers render it as JSON or HTML.
 */
import type { AppDeps } from '../deps.js'
import type { ErrorCode } from '../errors.js'
import { parseNumber, type NumberType } from '../domain/numbers.js'
import { nameKey } from '../domain/names.js'
import {
  decideLookup,
  type ArchiveSection,
  type HukouSection,
  type LookupDecision,
  type LookupKind,
  type VerifyResult,
} from '../domain/lookup.js'
import { divisionName } from '../domain/divisions.js'
import { codeName } from '../domain/codes/index.js'
import { contentPart } from '../domain/registration/index.js'
import { cstDateText, formatCst } from '../domain/validity.js'
import { clientHash, recordFailure, retryAfter, verifyLimitKey } from '../rate-limit.js'
import { fetchLookup, toCounter, toRecord, type LookupRow } from './queries.js'

type LookupFailureCode = Extract<
  ErrorCode,
  'invalid_number' | 'not_found' | 'expired' | 'revoked' | 'superseded' | 'rate_limited'
>

export type LookupAnswer =
  | { ok: true; result: VerifyResult; checkedAt: string }
  | { ok: false; code: LookupFailureCode; message: string; retryAfter?: number; number?: string }

export interface LookupInput {
  kind: LookupKind
  /** The typed name, or null when a valid QR signature stands in for it. */
  name: string | null
  number: string
  clientAddress: string
}

/**
 * Security decision (contract §4.7, issue 13 item 17): a lookup through a signed QR link
 * (`name === null`: the caller checked the HMAC signature under SECRET_KEY) is answered whatever
 * the client's failure count, and never adds to it. The failure limit exists to bound guessing of
 * name + number pairs; a valid signature cannot be guessed and proves the printed sheet is in the
 * office's hands, so an office that mistyped names all morning can still scan its pile. Such a
 * view is logged like any other lookup. Typed lookups from the same address stay throttled.
 */
export async function performLookup(deps: AppDeps, input: LookupInput): Promise<LookupAnswer> {
  const signed = input.name === null
  const now = deps.now()
  const nowS = Math.floor(now.getTime() / 1000)
  const hash = clientHash(deps.secretKey, input.clientAddress)
  const limitKey = verifyLimitKey(hash)
  const { verifyFailureLimit: limit, verifyFailureWindowS: windowS } = deps.config
  const log = (number: string, outcome: string, graduateId: number | null) =>
    deps.lookupLog.add({
      at: now.toISOString(),
      number,
      kind: input.kind,
      outcome,
      graduate_id: graduateId,
      client_hash: hash,
    })

  const parsed = parseNumber(input.number)
  if (!parsed.ok) {
    // No lookup: the number cannot exist. Only the failure counter is touched.
    const loggedNumber = maskInput(input.number)
    const counter = await recordFailure(deps, limitKey, nowS)
    const wait = counter.count > limit ? retryAfter(counter, nowS, limit, windowS) : 0
    if (wait > 0) {
      log(loggedNumber, 'rate_limited', null)
      return rateLimited(wait)
    }
    log(loggedNumber, 'invalid_number', null)
    return { ok: false, code: 'invalid_number', message: invalidNumberMessage(parsed.reason, input.number) }
  }

  const row = await fetchLookup(deps, parsed.type, parsed.number, input.kind, limitKey)
  const wait = row && !signed ? retryAfter(toCounter(row), nowS, limit, windowS) : 0
  if (wait > 0) {
    log(parsed.number, 'rate_limited', row!.graduate_id)
    return rateLimited(wait)
  }

  const typedKey = input.name === null ? null : nameKey(input.name)
  const decision = decideLookup(toRecord(parsed.type, row), typedKey, now)
  if (decision.outcome === 'found') {
    log(parsed.number, 'found', row!.graduate_id)
    return {
      ok: true,
      result: shapeResult(input.kind, parsed.number, parsed.type, decision.validUntil, row!),
      checkedAt: formatCst(now),
    }
  }
  if (signed) {
    log(parsed.number, decision.outcome, row?.graduate_id ?? null)
    return failure(decision, parsed.number)
  }
  // Every answer but 200 is a failure. With no row there was no counter to check before; the
  // UPSERT's new count tells whether the client had already used up its failures.
  const counter = await recordFailure(deps, limitKey, nowS)
  if (!row && counter.count > limit) {
    log(parsed.number, 'rate_limited', null)
    return rateLimited(retryAfter(counter, nowS, limit, windowS))
  }
  log(parsed.number, decision.outcome, row?.graduate_id ?? null)
  return failure(decision, parsed.number)
}

function failure(decision: Exclude<LookupDecision, { outcome: 'found' }>, number: string): LookupAnswer {
  if (decision.outcome === 'expired')
    return { ok: false, code: 'expired', message: expiredMessage(decision.validUntil), number }
  return { ok: false, code: decision.outcome, message: MESSAGES[decision.outcome], number }
}

function rateLimited(wait: number): LookupAnswer {
  const minutes = Math.ceil(wait / 60)
  return {
    ok: false,
    code: 'rate_limited',
    message: `查询失败次数过多，已暂停查询。请 ${minutes} 分钟后再试，并在查询前仔细核对姓名和编号。`,
    retryAfter: wait,
  }
}

/**
 * Messages in plain Chinese that say what to do next. The not_found message is one constant, so
 * the answer for a wrong name and for a wrong number is the same, byte for byte.
 */
const MESSAGES = {
  not_found:
    '没有查到与该姓名和编号相符的登记信息。请核对毕业生姓名（与身份证上一致）和编号（转递单或核验报告上的转递编号、核验编号）后重试；如仍查不到，请联系毕业生本人或其毕业学校。',
  revoked: '毕业生已撤销这个核验编号的授权，此编号不能再查询。请联系毕业生本人，请其重新授权并提供新的核验编号。',
  superseded: '学校已为该毕业生生成了新的转递编号，这个编号已作废。请联系毕业生本人或其毕业学校，获取最新的转递编号。',
} as const

function expiredMessage(validUntil: string): string {
  return `这个编号的查询核验服务已于 ${cstDateText(validUntil)} 结束（服务时间截止到毕业时间后第六个月末）。如仍需核实，请联系毕业生的毕业学校。`
}

function invalidNumberMessage(reason: 'length' | 'alphabet' | 'check', raw: string): string {
  const head = '编号有误，请逐位核对后重新输入。'
  const layout = '转递编号共 17 位，核验编号共 15 位；前 7 位是数字，其后是数字和大写字母（不含 0、1、I、O）。'
  if (reason === 'length') {
    const n = raw.normalize('NFKC').replace(/[\s\-‐‑‒–—−_]/g, '').length
    return `${head}您输入了 ${n} 位，${layout}`
  }
  if (reason === 'alphabet') return `${head}编号中有不会出现的字符。${layout}`
  return `${head}编号末位校验不符，可能有输错或前后颠倒的字符。${layout}`
}

/**
 * Privacy decision: an invalid "number" is logged as typed (normalised, at most 32 characters) so
 * the school can see what offices get wrong — but a clerk sometimes types a 身份证号 or a phone
 * number into the 编号 field, so every run of 11 or more digits is masked first.
 */
function maskInput(raw: string): string {
  const n = raw
    .normalize('NFKC')
    .replace(/[\s\-‐‑‒–—−_]/g, '')
    .toUpperCase()
    .slice(0, 32)
  return n.replace(/\d{11,}X?/g, (m) => m.slice(0, 3) + '*'.repeat(m.length - 5) + m.slice(-2))
}

/** A stored JSON column, `{}` when empty or unreadable. */
const parseJson = (text: string | null): Record<string, unknown> => contentPart(text) ?? {}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null
const place = (v: unknown): string | null => {
  const code = str(v)
  return code === null ? null : (divisionName(code) ?? code)
}

/**
 * The answer is built field by field from an allow-list: nothing of the graduate row or the
 * registration reaches the response unless named here (no 身份证号, no phone, no home address).
 */
function shapeResult(
  kind: LookupKind,
  number: string,
  numberType: NumberType,
  validUntil: string,
  row: LookupRow,
): VerifyResult {
  const result: VerifyResult = {
    kind,
    number,
    numberType,
    validUntil,
    graduate: {
      name: row.name ?? '',
      gender: codeName('gender', row.gender_code),
      school: row.school_name ?? '',
      graduationTime: row.graduation_time ?? '',
      lengthOfSchooling: row.length_of_schooling ?? '',
      major: row.major_name ?? '',
      education: codeName('education', row.education_code) ?? row.education_code,
      origin: place(row.origin_code),
    },
    destination: memo(destinationMemo, row.destination, shapeDestination),
  }
  if (kind === 'archive') result.archive = memo(archiveMemo, row.section, shapeArchive)
  else result.hukou = memo(hukouMemo, row.section, shapeHukou)
  return result
}

function shapeDestination(text: string | null): VerifyResult['destination'] {
  const d = parseJson(text)
  return {
    type: str(d.type),
    // For 升学 the "unit" is the school admitted to (contract §4.3 field `school`).
    unitName: str(d.unitName) ?? str(d.school),
    unitLocation: place(d.unitLocation),
  }
}

function shapeArchive(text: string | null): ArchiveSection {
  const section = parseJson(text)
  return {
    transferType: str(section.transferType),
    unitName: str(section.unitName),
    unitAddress: str(section.unitAddress),
    unitLocation: place(section.unitLocation),
    postcode: str(section.postcode),
    contact: str(section.contact),
  }
}

function shapeHukou(text: string | null): HukouSection {
  const section = parseJson(text)
  return { migrationType: str(section.migrationType), location: place(section.location), address: str(section.address) }
}

/**
 * The shaped parts of a registration, memoised by their stored JSON text: the same text always
 * shapes to the same value, so an edited registration (new text) can never be answered from an
 * old entry, and nothing needs invalidating. Saves the JSON.parse and division-name look-ups when
 * an office checks the same graduate again (measured in BENCHMARKS.md). Bounded: each map is
 * dropped whole past 2,000 entries. The shared values are frozen, so no caller can alter another
 * request's answer.
 */
const destinationMemo = new Map<string, VerifyResult['destination']>()
const archiveMemo = new Map<string, ArchiveSection>()
const hukouMemo = new Map<string, HukouSection>()
const MEMO_MAX = 2000

function memo<T extends object>(map: Map<string, T>, text: string | null, shape: (text: string | null) => T): T {
  if (text === null) return shape(null)
  let v = map.get(text)
  if (v === undefined) {
    if (map.size >= MEMO_MAX) map.clear()
    v = Object.freeze(shape(text))
    map.set(text, v)
  }
  return v
}
