/**
 * A province over many schools (contract §8): 生源上报, the 培养方式 lock, the requests that lift
 * it, and the province's agreement type. Pure rules; the queries live in src/province/.
 */
import { resolveCode, TARGETED_TRAINING_CODES } from './codes/index.js'

export type RosterReportStatus = 'submitted' | 'approved' | 'returned'
export const ROSTER_REPORT_STATUS_NAMES: Record<RosterReportStatus, string> = {
  submitted: '待省级审核',
  approved: '已通过',
  returned: '已退回',
}

export type TrainingModeRequestStatus = 'submitted' | 'approved' | 'rejected'
export const TRAINING_MODE_REQUEST_STATUS_NAMES: Record<TrainingModeRequestStatus, string> = {
  submitted: '待省级审核',
  approved: '已通过',
  rejected: '未通过',
}

export type DecisionResult<S> = { ok: true; to: S } | { ok: false; message: string }

/** The province decides on a submitted report: approve (已上报) or return it with a reason. */
export function decideReport(
  from: RosterReportStatus,
  decision: 'approve' | 'return',
): DecisionResult<RosterReportStatus> {
  if (from !== 'submitted') return { ok: false, message: `该上报已${ROSTER_REPORT_STATUS_NAMES[from]}，不能再审核` }
  return { ok: true, to: decision === 'approve' ? 'approved' : 'returned' }
}

export function decideTrainingModeRequest(
  from: TrainingModeRequestStatus,
  decision: 'approve' | 'reject',
): DecisionResult<TrainingModeRequestStatus> {
  if (from !== 'submitted')
    return { ok: false, message: `该申请已${TRAINING_MODE_REQUEST_STATUS_NAMES[from]}，不能再审核` }
  return { ok: true, to: decision === 'approve' ? 'approved' : 'rejected' }
}

export interface TrainingMode {
  trainingModeCode: string
  targetedUnit: string | null
}

/**
 * The 培养方式 lock (seed 004 §3: 修改"定向/委培"培养方式，学校提交申请，省级进行审核): once a
 * graduate's roster has gone up to the province, an import row or edit that changes 培养方式 or
 * 定向委培单位 fails naming the field; the change goes through a request the province decides.
 * Returns the problem, or null when nothing locked changes. Blank and missing units are equal.
 */
export function trainingModeLockProblem(
  locked: TrainingMode | undefined,
  next: TrainingMode,
): { field: string; message: string } | null {
  if (!locked) return null
  const unit = (u: string | null | undefined) => (u ?? '').trim()
  if (locked.trainingModeCode === next.trainingModeCode && unit(locked.targetedUnit) === unit(next.targetedUnit))
    return null
  return {
    field: '培养方式',
    message: '生源已上报省级，培养方式和定向委培单位只能通过“培养方式变更申请”修改，由省级审核',
  }
}

/** 电子就业协议书类型, set by the province (seed 004 §2.1 省级用户设置: 两方协议/三方协议). */
export const AGREEMENT_TYPES = ['三方协议', '两方协议'] as const
export type AgreementType = (typeof AGREEMENT_TYPES)[number]
/** Until the province chooses, agreements are printed as the national default 三方协议. */
export const DEFAULT_AGREEMENT_TYPE: AgreementType = '三方协议'

/**
 * A requested 培养方式: a code of the national table, and the 定向或委培单位 where that code needs
 * one (21 定向（不可网签）, 22 定向（可网签）, 4 委培 — the roster rule of seed 002). Returns the
 * problem as {field, message}, or the normalised request.
 */
export function checkTrainingModeChange(
  code: string,
  unit: string | null | undefined,
): { ok: true; value: TrainingMode } | { ok: false; field: string; message: string } {
  const entry = resolveCode('trainingMode', code)
  if (!entry) return { ok: false, field: '培养方式', message: '不是有效的培养方式代码' }
  const u = (unit ?? '').trim()
  if (TARGETED_TRAINING_CODES.has(entry.code) && !u)
    return { ok: false, field: '定向委培单位', message: `培养方式为${entry.name}时必须填写定向或委培单位` }
  if (u.length > 100) return { ok: false, field: '定向委培单位', message: '不能超过 100 个字' }
  return { ok: true, value: { trainingModeCode: entry.code, targetedUnit: u || null } }
}
