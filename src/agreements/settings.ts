/**
 * 签约设置 (seed 004 §2.2; contract §5) and 预警单位 (issue 15 item 2), per school.
 * Security/national rules: online signing once on stays on (409 when turned off: "一旦开启，不可再
 * 关闭"); it needs the 协议经办人 first (400 naming 协议经办人), because they are printed on every
 * agreement; maxRescissions 0–99, default 99; 补登 default on.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Db } from '../db/schema.js'
import { AppError, conflict, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import type { Agents } from '../domain/agreement.js'
import { checkCreditCode } from '../domain/credit-code.js'

export interface SigningSettings {
  onlineSigning: boolean
  supplementaryRegistration: boolean
  maxRescissions: number
  agents: Agents | null
}

const DEFAULT_SETTINGS: SigningSettings = {
  onlineSigning: false,
  supplementaryRegistration: true,
  maxRescissions: 99,
  agents: null,
}

export async function signingSettings(db: Db, schoolId: number): Promise<SigningSettings> {
  const row = await db.selectFrom('signing_settings').selectAll().where('school_id', '=', schoolId).executeTakeFirst()
  if (!row) return { ...DEFAULT_SETTINGS }
  return {
    onlineSigning: row.online_signing === 1,
    supplementaryRegistration: row.supplementary_registration === 1,
    maxRescissions: row.max_rescissions,
    agents: row.agents ? (JSON.parse(row.agents) as Agents) : null,
  }
}

export async function putSigningSettings(
  deps: AppDeps,
  user: CurrentUser,
  input: Partial<SigningSettings>,
): Promise<SigningSettings> {
  const { db } = deps
  const before = await signingSettings(db, user.schoolId)
  const next: SigningSettings = {
    onlineSigning: input.onlineSigning ?? before.onlineSigning,
    supplementaryRegistration: input.supplementaryRegistration ?? before.supplementaryRegistration,
    maxRescissions: input.maxRescissions ?? before.maxRescissions,
    agents: input.agents !== undefined ? input.agents : before.agents,
  }
  if (before.onlineSigning && !next.onlineSigning) throw conflict('在线签约一旦开启，不可再关闭')
  if (next.onlineSigning && !next.agents)
    throw new AppError('validation_error', '协议经办人：开启在线签约前须先设置协议经办人信息', { field: 'agents' })
  const now = deps.now()
  const at = now.toISOString()
  const values = {
    online_signing: next.onlineSigning ? 1 : 0,
    supplementary_registration: next.supplementaryRegistration ? 1 : 0,
    max_rescissions: next.maxRescissions,
    agents: next.agents ? JSON.stringify(next.agents) : null,
    updated_at: at,
  }
  await deps.batch([
    db
      .insertInto('signing_settings')
      .values({ school_id: user.schoolId, ...values })
      .onConflict((oc) => oc.column('school_id').doUpdateSet(values)),
    auditInsert(db, now, user, {
      action: 'settings.signing',
      target: `school:${user.schoolCode}`,
      detail: { onlineSigning: next.onlineSigning, maxRescissions: next.maxRescissions },
    }),
  ])
  return next
}

export async function listWarningUnits(db: Db, schoolId: number) {
  const rows = await db
    .selectFrom('warning_units')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('updated_at', 'desc')
    .execute()
  return {
    items: rows.map((r) => ({ creditCode: r.credit_code, name: r.name, reason: r.reason, updatedAt: r.updated_at })),
  }
}

export async function putWarningUnit(
  deps: AppDeps,
  user: CurrentUser,
  creditCode: string,
  name: string,
  reason: string,
) {
  const cc = checkCreditCode(creditCode)
  if (!cc.ok) throw new AppError('validation_error', `统一社会信用代码：${cc.message}`, { field: 'creditCode' })
  const now = deps.now()
  const at = now.toISOString()
  await deps.batch([
    deps.db
      .insertInto('warning_units')
      .values({ school_id: user.schoolId, credit_code: cc.value, name, reason, updated_at: at })
      .onConflict((oc) => oc.columns(['school_id', 'credit_code']).doUpdateSet({ name, reason, updated_at: at })),
    auditInsert(deps.db, now, user, { action: 'warning_unit.put', target: `unit:${cc.value}` }),
  ])
  return { creditCode: cc.value, name, reason, updatedAt: at }
}

export async function deleteWarningUnit(deps: AppDeps, user: CurrentUser, creditCode: string) {
  const code = creditCode.trim().toUpperCase()
  const now = deps.now()
  const res = await deps.batch([
    deps.db.deleteFrom('warning_units').where('school_id', '=', user.schoolId).where('credit_code', '=', code),
    auditInsert(deps.db, now, user, { action: 'warning_unit.delete', target: `unit:${code}` }),
  ])
  if (Number(res[0]?.numAffectedRows ?? 0) === 0) throw notFound('预警单位名单中没有该单位')
}

/** The warning for a unit of this school, or null (contract §5: `warning` null or `{"reason"}`). */
export async function warningFor(db: Db, schoolId: number, creditCode: string | null | undefined) {
  if (!creditCode) return null
  const w = await db
    .selectFrom('warning_units')
    .select(['reason', 'name'])
    .where('school_id', '=', schoolId)
    .where('credit_code', '=', creditCode)
    .executeTakeFirst()
  return w ? { reason: w.reason } : null
}
