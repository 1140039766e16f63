/**
 * 解约 (contract §5; seed 004 §2.4, §2.7):
 * - an online agreement: either party asks with a reason, the other answers (decline → back in
 *   force), then the school reviews (under 先院系再校级审核 the 院系 first);
 * - an offline or paper agreement: the graduate asks with the unit's 解约函, straight to review;
 *   a return sends it back to the graduate, who asks again (a new 解约函 optional).
 * Approved, the agreement is `rescinded` and the graduate's employment data is cleared in the same
 * batch (档案 and 户口 stay), so the graduate may sign or register anew. While `rescinding` no new
 * agreement and no other destination (service.ts `assertCanSign`, the registration feature).
 * The school's 强制解约 is in service.ts (`forceRescind`).
 */
import type { Agreement } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict } from '../errors.js'
import { nextState, type RESCISSION_REASONS } from '../domain/agreement.js'
import { agreementDestinationStatements, deleteBlobs } from '../registration/service.js'
import { letterRow, type Upload } from './own.js'
import { actorOf, commit, orThrow, reviewModeOf, scopedAgreement, stateOf, type Rescission } from './service.js'
import { signingSettings } from './settings.js'

export interface RescissionInput {
  reason: (typeof RESCISSION_REASONS)[number]
  note?: string | null
}

/**
 * 签约设置's 解约次数 (seed 004 §2.2 ③ "设置学生可解约的次数"): a graduate whose agreements have
 * already been rescinded `maxRescissions` times cannot ask again (409). The school's 强制解约 is
 * not limited — it is for a unit that never answers.
 */
async function assertUnderLimit(deps: AppDeps, a: Agreement) {
  const { maxRescissions } = await signingSettings(deps.db, a.school_id)
  const done = await deps.db
    .selectFrom('agreements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('graduate_id', '=', a.graduate_id)
    .where('status', '=', 'rescinded')
    .executeTakeFirst()
  if (Number(done?.n ?? 0) >= maxRescissions)
    throw conflict(`已达到本校规定的解约次数上限（${maxRescissions} 次），不能再申请解约`)
}

/** A party asks (`POST /api/v1/me|employer/agreements/{id}/rescission`); offline and paper need the 解约函. */
export async function requestRescission(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  input: RescissionInput,
  letter: Upload | null,
) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const actor = actorOf(user)
  const next = orThrow(
    nextState(stateOf(a), 'request_rescission', {
      actor,
      mode,
      requester: actor === 'employer' ? 'employer' : 'student',
    }),
  )
  const again = a.status === 'rescinding'
  const before = a.rescission ? (JSON.parse(a.rescission) as Rescission) : null
  if (a.kind !== 'online' && !letter && !(again && before?.letter))
    throw new AppError('validation_error', '解约函：线下签约、补登的解约须上传单位出具的解约函', { field: 'file' })
  if (a.kind === 'online' && letter)
    throw new AppError('validation_error', '解约函：线上签约的解约由另一方在系统中回应，无需上传解约函', {
      field: 'file',
    })
  if (!again) await assertUnderLimit(deps, a)
  const row = letter ? await letterRow(deps, a, letter) : null
  const note = input.note?.trim() || null
  const rescission: Rescission = {
    by: actor === 'employer' ? 'employer' : 'student',
    reason: input.reason,
    note,
    at: deps.now().toISOString(),
    letter: row?.id ?? before?.letter ?? null,
    answer: null,
  }
  try {
    return await commit(deps, {
      user,
      a,
      move: 'request_rescission',
      next,
      reason: note ? `${input.reason}：${note}` : input.reason,
      set: { rescission: JSON.stringify(rescission) },
      extra: row ? [deps.db.insertInto('agreement_files').values(row)] : [],
    })
  } catch (e) {
    if (row) await deleteBlobs(deps, [row.storage_key])
    throw e
  }
}

/** The other party of an online agreement answers (`.../rescission/answer`). */
export async function answerRescission(deps: AppDeps, user: CurrentUser, id: number, answer: 'accept' | 'decline') {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const move = answer === 'accept' ? 'accept_rescission' : 'decline_rescission'
  const next = orThrow(nextState(stateOf(a), move, { actor: actorOf(user), mode }))
  const before = a.rescission ? (JSON.parse(a.rescission) as Rescission) : null
  return commit(deps, {
    user,
    a,
    move,
    next,
    reason: answer === 'accept' ? '同意解约' : '不同意解约',
    set: { rescission: before ? JSON.stringify({ ...before, answer }) : null },
  })
}

/** The school's (or 院系's) review of a 解约 (`POST /api/v1/rescissions/{agreementId}/decision`). */
export async function decideRescission(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: 'approve' | 'return' | 'reject',
  reason: string | null,
) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  if (decision !== 'approve' && !reason)
    throw new AppError('validation_error', '原因：退回或不通过须填写原因', { field: 'reason' })
  const move = `${decision}_rescission` as const
  const next = orThrow(nextState(stateOf(a), move, { actor: actorOf(user), mode }))
  const extra =
    next.status === 'rescinded'
      ? await agreementDestinationStatements(deps, {
          user,
          graduateId: a.graduate_id,
          destination: null,
          reason: '解约审核通过',
        })
      : []
  return commit(deps, { user, a, move, next, reason, extra })
}
