/**
 * The state machine of a registration (seed 004, 2.2, 2.6, 2.8; contract §4.3) under both review
 * modes: its statuses and sources, the moves, who may make each, and the version rule.
 */
import type { RegistrationContent } from './content.js'

/** A registration's statuses (contract §4.3); db/schema.ts stores them in registrations.status. */
export const REGISTRATION_STATUSES = [
  'draft',
  'submitted',
  'department_approved',
  'approved',
  'returned',
  'rejected',
  'voided',
] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

/** Where a registration came from: the graduate's own filing, the school's upload, or its system's API. */
export const REGISTRATION_SOURCES = ['登记系统', '就业管理系统上传', '就业管理系统接口'] as const
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number]

export const REVIEW_MODES = ['仅校级审核', '先院系再校级审核'] as const
export type ReviewMode = (typeof REVIEW_MODES)[number]

export const STATUS_NAMES: Record<RegistrationStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  department_approved: '院系已审核，待学校审核',
  approved: '审核通过',
  returned: '退回修改',
  rejected: '审核不通过',
  voided: '已作废',
}

/** Statuses in which a registration awaits a reviewer; the review mode may not change while any exist. */
export const IN_FLIGHT: RegistrationStatus[] = ['submitted', 'department_approved']
/** Statuses in which the graduate may edit (and add or remove proof). */
export const EDITABLE: RegistrationStatus[] = ['draft', 'returned', 'rejected', 'voided']

/** `employer` is here because it is a signed-in role (contract §5); it may do nothing to a registration. */
export type ActorRole = 'student' | 'department' | 'school' | 'employer'
export type Move =
  | 'save' // the graduate saves a draft
  | 'submit'
  | 'withdraw'
  | 'void' // the graduate, or the school, voids an approved registration
  | 'approve'
  | 'return'
  | 'reject'
  | 'modify' // the school changes an approved registration
  | 'overwrite' // the school's system (import or API) files a registration, approved at once
  | 'amend' // the graduate changes 档案 / 户口 of a registration whose destination an agreement holds

const MOVE_NAMES: Record<Move, string> = {
  save: '保存',
  submit: '提交审核',
  withdraw: '撤回',
  void: '作废',
  approve: '审核通过',
  return: '退回修改',
  reject: '审核不通过',
  modify: '学校修改',
  overwrite: '学校报送',
  amend: '修改档案、户口信息',
}

export type MoveResult =
  | { ok: true; to: RegistrationStatus }
  | { ok: false; code: 'conflict' | 'forbidden'; message: string }

const conflictMsg = (from: RegistrationStatus | null, move: Move) =>
  `当前状态（${from ? STATUS_NAMES[from] : '尚未登记'}）不能${MOVE_NAMES[move]}`

/**
 * The moves of contract §4.3 and seed 004 (2.6, 2.8):
 * - the graduate saves a draft (also to re-file after 审核不通过 or 作废), submits, withdraws before
 *   any review (撤回修改, "在学校（院系）审核之前"), and voids an approved registration without review
 *   (2.8 (3));
 * - a reviewer approves, returns for changes or rejects (审核不通过: 直接作废，须重新登记);
 * - review mode (2.2): 仅校级审核 — the school decides on `submitted`; 先院系再校级审核 — the
 *   graduate's 院系 decides on `submitted` (approve → `department_approved`), then the school on
 *   `department_approved`. A department user has no part in 仅校级审核. As in the national
 *   system, the school may also decide at any stage of the review — on `submitted` before its
 *   院系 did (issue 13 §10: an absent 院系 must not hold the school up); that is a school decision;
 * - the school modifies (修改去向) a registration in review or approved — in review, its change is
 *   its decision and the registration is approved (2.8 (2) ④) — or voids an approved one
 *   (2.3 (4)), and its systems (import, API) file registrations that are approved at once;
 * - while an agreement holds the destination (in force or 解约中), the graduate may still change
 *   档案 and 户口 (2.10 registers them on their own form; 2.1 takes their types with the
 *   agreement): `amend` keeps the approved registration approved, a new version. The caller
 *   checks that an agreement holds it and that the destination is left as it is.
 */
export function nextStatus(
  from: RegistrationStatus | null,
  move: Move,
  actor: ActorRole,
  mode: ReviewMode,
): MoveResult {
  const no = (): MoveResult => ({ ok: false, code: 'conflict', message: conflictMsg(from, move) })
  const forbidden = (message: string): MoveResult => ({ ok: false, code: 'forbidden', message })
  if (actor === 'employer') return forbidden('用人单位不能操作毕业生的去向登记')
  switch (move) {
    case 'save':
      if (actor !== 'student') return forbidden('只有毕业生本人可以填写登记')
      if (from === null || from === 'draft') return { ok: true, to: 'draft' }
      if (from === 'returned') return { ok: true, to: 'returned' }
      if (from === 'rejected' || from === 'voided') return { ok: true, to: 'draft' }
      return {
        ok: false,
        code: 'conflict',
        message: from === 'approved' ? '登记已审核通过，如需重新登记请先作废' : '登记正在审核中，如需修改请先撤回',
      }
    case 'submit':
      if (actor !== 'student') return forbidden('只有毕业生本人可以提交登记')
      return from === 'draft' || from === 'returned' ? { ok: true, to: 'submitted' } : no()
    case 'withdraw':
      if (actor !== 'student') return forbidden('只有毕业生本人可以撤回登记')
      return from === 'submitted' ? { ok: true, to: 'draft' } : no()
    case 'void':
      if (actor === 'department') return forbidden('院系用户不能作废登记，请联系学校')
      return from === 'approved' ? { ok: true, to: 'voided' } : no()
    case 'modify':
      if (actor !== 'school') return forbidden('只有学校用户可以修改去向登记')
      return from === 'approved' || (from !== null && IN_FLIGHT.includes(from)) ? { ok: true, to: 'approved' } : no()
    case 'overwrite':
      if (actor !== 'school') return forbidden('只有学校用户可以报送登记')
      return { ok: true, to: 'approved' }
    case 'amend':
      if (actor !== 'student') return forbidden('只有毕业生本人可以修改档案、户口信息')
      return from === 'approved' ? { ok: true, to: 'approved' } : no()
    case 'approve':
    case 'return':
    case 'reject': {
      if (actor === 'student') return forbidden('毕业生不能审核登记')
      const target: RegistrationStatus = move === 'return' ? 'returned' : move === 'reject' ? 'rejected' : 'approved'
      if (mode === '仅校级审核') {
        if (actor === 'department') return forbidden('本校采用“仅校级审核”，院系用户无需审核')
        return from === 'submitted' ? { ok: true, to: target } : no()
      }
      if (actor === 'department') {
        if (from === 'submitted') return { ok: true, to: move === 'approve' ? 'department_approved' : target }
        if (from === 'department_approved')
          return { ok: false, code: 'conflict', message: '院系已审核，正在等待学校审核' }
        return no()
      }
      return from === 'department_approved' || from === 'submitted' ? { ok: true, to: target } : no()
    }
  }
}

/** The statuses that wait for a reviewer with this role under this mode (their queue, 待我审核). */
export function awaiting(actor: 'department' | 'school', mode: ReviewMode): RegistrationStatus[] {
  if (mode === '仅校级审核') return actor === 'school' ? ['submitted'] : []
  return actor === 'department' ? ['submitted'] : ['department_approved']
}

/**
 * The statuses a reviewer with this role may decide on under this mode: their queue, and for the
 * school in 先院系再校级审核 also what still waits for its 院系 (a school decision ahead of it).
 */
export function decidable(actor: 'department' | 'school', mode: ReviewMode): RegistrationStatus[] {
  return actor === 'school' && mode === '先院系再校级审核' ? [...IN_FLIGHT] : awaiting(actor, mode)
}

/** A school decision on a registration its 院系 has not reviewed yet (先院系再校级审核). */
export function aheadOfDepartment(from: RegistrationStatus | null, actor: ActorRole, mode: ReviewMode): boolean {
  return mode === '先院系再校级审核' && actor === 'school' && from === 'submitted'
}

/**
 * The version rule other features stand on (transfer numbers go stale, confirmations reset):
 * `version` is 0 until the first approval, then every move into, within or out of `approved`
 * adds one — first approval, school modification, void, re-approval after re-filing, and every
 * overwrite by import or API. Moves that never touch an approved registration leave it alone.
 */
export function bumpsVersion(from: RegistrationStatus | null, to: RegistrationStatus): boolean {
  return from === 'approved' || to === 'approved'
}

/**
 * What a move does to the stored content. National rule (seed 004 §2.8 (3) 毕业生作废去向信息:
 * "原去向信息将作废，就业管理系统中毕业生的就业数据将被清空"; §2.5 (5), §2.7 (2) ③: the school's
 * 作废 and an approved 解约 likewise clear "就业数据"; §2.10: 档案 and 户口 are registered on a form
 * of their own): voiding clears the employment data — the destination — and keeps 档案 and 户口,
 * whoever voids (the graduate or the school), so re-filing starts from them.
 */
export function afterMove(to: RegistrationStatus, content: RegistrationContent): RegistrationContent {
  return to === 'voided' ? { destination: null, archive: content.archive, hukou: content.hukou } : content
}

/** Agreement statuses in which an agreement holds the graduate's destination (contract §5). */
export const HOLDING_AGREEMENT_STATUSES = ['in_force', 'rescinding'] as const
export type HoldingAgreementStatus = (typeof HOLDING_AGREEMENT_STATUSES)[number]

/**
 * National rule (seed 004 §2.7; contract §5 "it ends only by 解约"; issue 16 item 5): a destination
 * that came from an agreement in force is not the registration's to void or change — 解约 ends it
 * (and clears the employment data); while 解约中 no other destination may be registered. What the
 * graduate and the school are told, by the agreement's status and what they tried.
 */
export function heldByAgreement(
  status: HoldingAgreementStatus,
  who: 'student' | 'school',
  move: 'void' | 'change',
): string {
  if (status === 'rescinding')
    return who === 'student'
      ? '正在解约中：解约完成前不能登记其他去向，也不能作废登记；解约审核通过后就业数据将清空，档案和户口信息保留'
      : '该毕业生正在解约中：解约完成前不能修改去向或作废登记，请在解约管理中处理'
  if (who === 'school')
    return move === 'void'
      ? '该去向来自就业协议，不能在去向登记中作废；请在就业协议管理中作废协议，或由毕业生办理解约'
      : '该去向来自就业协议，不能在去向登记中修改；请在就业协议管理中修改协议（档案、户口信息可以修改）'
  return move === 'void'
    ? '该去向来自就业协议，只能通过解约结束，不能作废；如需解约，请在“我的签约”中申请'
    : '该去向来自就业协议，不能修改毕业去向；如需变更，请先在“我的签约”中申请解约（档案、户口信息可以修改）'
}
