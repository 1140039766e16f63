/**
 * 就业协议 (contract §5; seed 004 §2.3–2.7): one state machine for all three kinds of agreement —
 * `online` (用人单位发起的线上签约, §2.3), `offline` (毕业生申请电子就业协议书线下签约, §2.5) and
 * `paper` (已签纸质就业协议书补登, §2.6) — and for 解约 of each (§2.4, §2.7), the school's 强制解约,
 * 修改 and 作废. Pure: the agreements feature (src/agreements/) reads the stored state, asks
 * `nextState` for the move, and writes the answer as one conditional batch.
 *
 * Besides `status` (the contract's statuses) the state carries three small facts the statuses
 * alone cannot hold:
 * - `stage`: who decides next while a review is pending — under 先院系再校级审核 (seed 004 §2.2 ②)
 *   the 院系 first, then the school; under 仅校级审核 the school only. The status does not change
 *   when the 院系 approves; the stage moves on.
 * - `protocolApproved`: an offline agreement has passed its first review (协议审核), so its next
 *   submission is the stamped scan (签约审核).
 * - `rescission`: while `rescinding`, who must act — the other party of an online agreement
 *   (`answer_student` / `answer_employer`), a reviewer (`department` / `school`), or the graduate
 *   after a reviewer returned the request (`returned`).
 */
import type { ReviewMode as ReviewModeName } from './registration/index.js'
import { isPostgraduate } from './codes/education-levels.js'

export const AGREEMENT_KINDS = ['online', 'offline', 'paper'] as const
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]

export const AGREEMENT_STATUSES = [
  'invited',
  'declined',
  'expired',
  'withdrawn',
  'draft',
  'submitted',
  'returned',
  'awaiting_stamp',
  'stamp_submitted',
  'awaiting_review',
  'in_force',
  'rejected',
  'rescinding',
  'rescinded',
  'voided',
] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

export const KIND_NAMES: Record<AgreementKind, string> = { online: '线上签约', offline: '线下签约', paper: '补登' }

export const AGREEMENT_STATUS_NAMES: Record<AgreementStatus, string> = {
  invited: '单位发起邀请，等待应约',
  declined: '毕业生已拒绝',
  expired: '已失效（逾期未应约）',
  withdrawn: '单位已撤回',
  draft: '草稿',
  submitted: '协议审核中',
  returned: '退回修改',
  awaiting_stamp: '协议审核通过，待回传盖章协议书',
  stamp_submitted: '签约审核中',
  awaiting_review: '学生已同意签约（等待学校审核）',
  in_force: '签约鉴证通过（已生效）',
  rejected: '审核不通过',
  rescinding: '解约中',
  rescinded: '已解约',
  voided: '已作废',
}

export type ReviewStage = 'department' | 'school'
export type RescissionStage = 'answer_student' | 'answer_employer' | 'department' | 'school' | 'returned'
export type AgreementActor = 'employer' | 'student' | 'department' | 'school'

export interface AgreementState {
  kind: AgreementKind
  status: AgreementStatus
  stage: ReviewStage | null
  protocolApproved: boolean
  rescission: RescissionStage | null
}

export type AgreementMove =
  | 'expire' // an invitation's answer came after expiresAt (checked at the answer, not by a timer)
  | 'withdraw_invitation' // the employer, before the answer
  | 'accept'
  | 'decline'
  | 'save' // the graduate edits an offline or paper agreement
  | 'submit'
  | 'withdraw' // the graduate, before the decision
  | 'approve'
  | 'return'
  | 'reject'
  | 'request_rescission'
  | 'accept_rescission'
  | 'decline_rescission'
  | 'approve_rescission'
  | 'return_rescission'
  | 'reject_rescission'
  | 'force_rescind'
  | 'modify'
  | 'void'

export const MOVE_NAMES: Record<AgreementMove, string> = {
  expire: '失效',
  withdraw_invitation: '撤回邀请',
  accept: '接受邀请',
  decline: '拒绝邀请',
  save: '保存',
  submit: '提交审核',
  withdraw: '撤回',
  approve: '审核通过',
  return: '退回修改',
  reject: '审核不通过',
  request_rescission: '申请解约',
  accept_rescission: '同意解约',
  decline_rescission: '不同意解约',
  approve_rescission: '解约审核通过',
  return_rescission: '解约退回修改',
  reject_rescission: '解约审核不通过',
  force_rescind: '强制解约',
  modify: '学校修改',
  void: '作废',
}

export interface MoveContext {
  actor: AgreementActor
  mode: ReviewModeName
  /** request_rescission on an online agreement: which party asks. */
  requester?: 'student' | 'employer'
  /** submit of a paper agreement or of an offline agreement's stamp round: whether a scan is stored. */
  hasScan?: boolean
}

export type MoveOutcome =
  | { ok: true; state: AgreementState; event: boolean }
  | { ok: false; code: 'conflict' | 'forbidden' | 'validation_error'; message: string; field?: string }

/**
 * The statuses in which an agreement binds the graduate (contract §5: "at most one agreement from
 * `awaiting_review` on, until rejected, rescinded or voided"); a partial unique index on
 * agreements(graduate_id) holds the same list, so two racing acceptances cannot both land.
 */
export const BINDING: readonly AgreementStatus[] = [
  'awaiting_review',
  'submitted',
  'awaiting_stamp',
  'stamp_submitted',
  'in_force',
  'rescinding',
]

/** Statuses that wait for a reviewer (the 鉴证 queues and the home page's pending counts). */
export const UNDER_REVIEW: readonly AgreementStatus[] = ['awaiting_review', 'submitted', 'stamp_submitted']

/**
 * The review an agreement waits for, named as the national screens name it: 鉴证 of an online
 * agreement the graduate accepted (seed 004 §2.3 (3)), 协议审核 and then 签约审核 of an offline one
 * (§2.5 (2), (4): "1 协议审核(学校) 2 签约审核(学校)"), 补登审核 of a paper one (§2.6 (2)
 * 登记审核), and 解约审核 (§2.4 (3), §2.7 (2)). By kind and status alone; null when none.
 */
export type ReviewKind = 'online' | 'protocol' | 'signing' | 'paper' | 'rescission'

export const REVIEW_NAMES: Record<ReviewKind, string> = {
  online: '鉴证',
  protocol: '协议审核',
  signing: '签约审核',
  paper: '补登审核',
  rescission: '解约审核',
}

export function reviewKindOf(s: Pick<AgreementState, 'kind' | 'status'>): ReviewKind | null {
  switch (s.status) {
    case 'awaiting_review':
      return 'online'
    case 'submitted':
      return s.kind === 'paper' ? 'paper' : 'protocol'
    case 'stamp_submitted':
      return 'signing'
    case 'rescinding':
      return 'rescission'
    default:
      return null
  }
}

/** Contract §5: the reasons for 解约. */
export const RESCISSION_REASONS = [
  '找到了更好的工作',
  '升学',
  '出国出境',
  '其他去向',
  '单位原因',
  '学生单方面解约',
  '其他',
] as const

/** The first reviewer under a review mode (seed 004 §2.2 ②). */
const firstStage = (mode: ReviewModeName): ReviewStage => (mode === '先院系再校级审核' ? 'department' : 'school')

/** Whether an answer at `now` comes too late for an invitation expiring at `expiresAt`. */
export function isExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && now.getTime() >= Date.parse(expiresAt)
}

/** The response window: 1–30 days (contract §5). */
export const MAX_RESPONSE_DAYS = 30

const reviewer = (a: AgreementActor): a is 'department' | 'school' => a === 'department' || a === 'school'

/**
 * The one transition function. Every move of every kind goes through here; the feature never
 * decides a status itself. Moves not listed for a state answer `conflict` (the agreement is no
 * longer waiting for that move — two racing decisions end here for the loser as well, via the
 * conditional write).
 */
export function nextState(s: AgreementState, move: AgreementMove, ctx: MoveContext): MoveOutcome {
  const to = (patch: Partial<AgreementState>, event = true): MoveOutcome => ({
    ok: true,
    state: { ...s, ...patch },
    event,
  })
  const no = (): MoveOutcome => ({
    ok: false,
    code: 'conflict',
    message: `当前状态（${AGREEMENT_STATUS_NAMES[s.status]}）不能${MOVE_NAMES[move]}`,
  })
  const forbidden = (message: string): MoveOutcome => ({ ok: false, code: 'forbidden', message })
  const { actor } = ctx
  const online = s.kind === 'online'

  /** A reviewer's turn: the 院系 under 先院系再校级审核 first, then the school. */
  const reviewTurn = (stage: ReviewStage | null): MoveOutcome | null => {
    if (!reviewer(actor)) return forbidden('只有学校或院系用户可以审核')
    if (stage === 'school' && actor === 'department')
      return { ok: false, code: 'conflict', message: '院系已审核，正在等待学校审核' }
    if (stage === 'department' && actor === 'school')
      return { ok: false, code: 'conflict', message: '本校采用“先院系再校级审核”，须先由院系审核' }
    return null
  }

  switch (move) {
    case 'expire':
      return online && s.status === 'invited' ? to({ status: 'expired' }) : no()
    case 'withdraw_invitation':
      if (actor !== 'employer') return forbidden('只有发起邀请的单位可以撤回')
      return online && s.status === 'invited' ? to({ status: 'withdrawn' }) : no()
    case 'accept':
    case 'decline':
      if (actor !== 'student') return forbidden('只有受邀的毕业生可以应约')
      if (!online || s.status !== 'invited') return no()
      return move === 'accept'
        ? to({ status: 'awaiting_review', stage: firstStage(ctx.mode) })
        : to({ status: 'declined' })

    case 'save':
      if (actor !== 'student') return forbidden('只有毕业生本人可以填写协议信息')
      if (online) return forbidden('线上签约的协议信息由单位填写')
      if (s.status === 'draft' || s.status === 'returned') return to({}, false)
      return no()
    case 'submit': {
      if (actor !== 'student') return forbidden('只有毕业生本人可以提交')
      if (online) return no()
      const stampRound = s.kind === 'offline' && s.protocolApproved
      if (!(s.status === 'draft' || s.status === 'returned' || (stampRound && s.status === 'awaiting_stamp')))
        return no()
      if ((s.kind === 'paper' || stampRound) && !ctx.hasScan)
        return {
          ok: false,
          code: 'validation_error',
          field: 'file',
          message:
            s.kind === 'paper'
              ? '协议书图像：请先上传盖章后的纸质协议书图像（字迹清晰）'
              : '协议书图像：请先上传单位盖章后的协议书图像',
        }
      return to({ status: stampRound ? 'stamp_submitted' : 'submitted', stage: firstStage(ctx.mode) })
    }
    case 'withdraw':
      if (actor !== 'student') return forbidden('只有毕业生本人可以撤回')
      // 撤回 only before any reviewer acted: under 先院系再校级审核 the 院系's approval ends it.
      if (s.stage !== firstStage(ctx.mode)) return no()
      if (s.status === 'submitted') return to({ status: 'draft', stage: null })
      if (s.status === 'stamp_submitted') return to({ status: 'awaiting_stamp', stage: null })
      return no()

    case 'approve':
    case 'return':
    case 'reject': {
      if (!UNDER_REVIEW.includes(s.status)) return reviewer(actor) ? no() : forbidden('只有学校或院系用户可以审核')
      const turn = reviewTurn(s.stage)
      if (turn) return turn
      if (move === 'return' && online)
        return {
          ok: false,
          code: 'validation_error',
          field: 'decision',
          message: '审核结果：线上签约鉴证只能“审核通过”或“审核不通过”（不通过后由单位重新邀约）',
        }
      if (move === 'reject') return to({ status: 'rejected', stage: null })
      if (move === 'return') return to({ status: 'returned', stage: null })
      if (actor === 'department' && ctx.mode === '先院系再校级审核') return to({ stage: 'school' })
      // The school's approval: the first round of an offline agreement yields the document to stamp.
      if (s.kind === 'offline' && s.status === 'submitted')
        return to({ status: 'awaiting_stamp', stage: null, protocolApproved: true })
      return to({ status: 'in_force', stage: null })
    }

    case 'request_rescission': {
      if (s.status === 'rescinding' && s.rescission === 'returned' && actor === 'student')
        return to({ rescission: firstStage(ctx.mode) })
      if (s.status !== 'in_force') return actor === 'student' || actor === 'employer' ? no() : forbidden('无权申请解约')
      if (online) {
        if (actor !== 'student' && actor !== 'employer') return forbidden('只有签约双方可以申请解约')
        return to({ status: 'rescinding', rescission: actor === 'student' ? 'answer_employer' : 'answer_student' })
      }
      if (actor !== 'student') return forbidden('线下签约、补登的解约由毕业生凭单位解约函申请')
      return to({ status: 'rescinding', rescission: firstStage(ctx.mode) })
    }
    case 'accept_rescission':
    case 'decline_rescission': {
      if (s.status !== 'rescinding') return no()
      const waitingFor =
        s.rescission === 'answer_student' ? 'student' : s.rescission === 'answer_employer' ? 'employer' : null
      if (!waitingFor) return no()
      if (actor !== waitingFor) return forbidden('解约申请须由另一方回应')
      return move === 'accept_rescission'
        ? to({ rescission: firstStage(ctx.mode) })
        : to({ status: 'in_force', rescission: null })
    }
    case 'approve_rescission':
    case 'return_rescission':
    case 'reject_rescission': {
      if (s.status !== 'rescinding' || (s.rescission !== 'department' && s.rescission !== 'school'))
        return reviewer(actor) ? no() : forbidden('只有学校或院系用户可以审核解约')
      const turn = reviewTurn(s.rescission)
      if (turn) return turn
      if (move === 'reject_rescission') return to({ status: 'in_force', rescission: null })
      if (move === 'return_rescission') {
        // Online: the parties agreed, there is nothing for the graduate to amend — back in force.
        return online ? to({ status: 'in_force', rescission: null }) : to({ rescission: 'returned' })
      }
      if (actor === 'department' && ctx.mode === '先院系再校级审核') return to({ rescission: 'school' })
      return to({ status: 'rescinded', rescission: null })
    }
    case 'force_rescind':
      // seed 004 §2.4 (4), §2.7 (3): 学校用户 only, "院系用户无此功能".
      if (actor !== 'school') return forbidden('强制解约仅限学校用户，院系用户无此功能')
      return s.status === 'in_force' || s.status === 'rescinding' ? to({ status: 'rescinded', rescission: null }) : no()
    case 'modify':
      if (actor !== 'school') return forbidden('只有学校用户可以修改已生效的协议')
      return s.status === 'in_force' ? to({}) : no()
    case 'void':
      if (actor !== 'school') return forbidden('只有学校用户可以作废协议')
      return s.status === 'in_force' ? to({ status: 'voided', stage: null, rescission: null }) : no()
  }
}

/** Whether a reviewer with this role is the one the agreement now waits for. */
export function awaitsReviewer(s: Pick<AgreementState, 'status' | 'stage' | 'rescission'>, actor: ReviewStage) {
  if (UNDER_REVIEW.includes(s.status)) return s.stage === actor
  if (s.status === 'rescinding') return s.rescission === actor
  return false
}

/**
 * The 协议编号 of an agreement in force: the year, the 院校代码 and ten random digits (19 digits,
 * like the national system's, seed 004 §2.5 (4) "协议编号: 2021110001399528998").
 */
export function agreementNumber(year: number, schoolCode: string, random10: string): string {
  return `${year}${schoolCode}${random10}`
}

/** The 协议经办人 printed on an agreement (签约设置, seed 004 §2.2 ③). */
export interface Agent {
  name: string
  phone: string
  address: string
  postcode: string
}
export type Agents = { all: Agent } | { undergraduate: Agent; graduate: Agent }

/** 研究生 (博士, 硕士) have the graduate school's agent; the others 本专科's (the 学历 levels). */
export function agentFor(agents: Agents | null, educationCode: string): Agent | null {
  if (!agents) return null
  if ('all' in agents) return agents.all
  return isPostgraduate(educationCode) ? agents.graduate : agents.undergraduate
}

/**
 * The graduate's next step in one sentence (issue 16 item 6: "the agreement, its status and the next
 * step in one place"), by the status and who acts next — seed 004 §2.3 (2), §2.5–§2.7.
 */
export function graduateNextStep(
  a: AgreementState,
  { hasScan, canAnswer }: { hasScan: boolean; canAnswer: boolean },
): string | null {
  const reviewer = a.stage === 'department' ? '院系' : '学校'
  switch (a.status) {
    case 'invited':
      return canAnswer ? '请在应约截止时间前接受或拒绝这份签约邀请。' : null
    case 'draft':
      if (a.kind === 'paper')
        return hasScan ? '检查协议信息后提交学校审核。' : '上传盖章后的纸质协议书图像（字迹清晰），再提交学校审核。'
      return '检查单位和岗位信息后，提交学校协议审核。'
    case 'submitted':
      return a.kind === 'paper' ? `等待${reviewer}审核。` : `等待${reviewer}协议审核。`
    case 'returned':
      return a.protocolApproved
        ? '按退回原因重新上传单位盖章后的协议书图像，再提交签约审核。'
        : '按退回原因修改协议信息后重新提交。'
    case 'awaiting_stamp':
      return hasScan
        ? '已上传盖章协议书图像，请提交签约审核。'
        : '下载协议书打印，交单位盖章后上传协议书图像，再提交签约审核。'
    case 'stamp_submitted':
      return `等待${reviewer}签约审核。`
    case 'awaiting_review':
      return `等待${reviewer}鉴证；鉴证通过后协议生效。`
    case 'in_force':
      return '协议已生效，毕业去向已按协议登记。如需解约，可申请解约。'
    case 'rescinding':
      switch (a.rescission) {
        case 'answer_student':
          return '单位申请解约，请回应：同意后由学校审核。'
        case 'answer_employer':
          return '等待单位回应您的解约申请。'
        case 'returned':
          return '解约申请被退回，请按原因修改后重新申请。'
        default:
          return `等待${a.rescission === 'department' ? '院系' : '学校'}解约审核；解约完成前不能签订其他协议或登记其他去向。`
      }
    case 'rescinded':
      return '已解约，可以重新签约或登记其他毕业去向。'
    case 'rejected':
      return a.kind === 'online' ? null : '审核不通过，可以重新申请线下签约或补登。'
    default:
      return null
  }
}
