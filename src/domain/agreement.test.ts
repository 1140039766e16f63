import { describe, expect, it } from 'vitest'
import {
  AGREEMENT_KINDS,
  AGREEMENT_STATUSES,
  BINDING,
  MOVE_NAMES,
  agentFor,
  awaitsReviewer,
  isExpired,
  nextState,
  type AgreementActor,
  type AgreementKind,
  type AgreementMove,
  type AgreementState,
  type MoveContext,
} from './agreement.js'
import { REVIEW_MODES } from './registration/index.js'

const S = (
  kind: AgreementKind,
  status: AgreementState['status'],
  over: Partial<AgreementState> = {},
): AgreementState => ({
  kind,
  status,
  stage: null,
  protocolApproved: false,
  rescission: null,
  ...over,
})
const school: MoveContext = { actor: 'school', mode: '仅校级审核' }
const dept2: MoveContext = { actor: 'department', mode: '先院系再校级审核' }
const school2: MoveContext = { actor: 'school', mode: '先院系再校级审核' }
const student: MoveContext = { actor: 'student', mode: '仅校级审核' }
const employer: MoveContext = { actor: 'employer', mode: '仅校级审核' }

const go = (s: AgreementState, move: AgreementMove, ctx: MoveContext) => {
  const r = nextState(s, move, ctx)
  if (!r.ok) throw new Error(`${move}: ${r.message}`)
  return r.state
}

describe('online signing (seed 004 §2.3)', () => {
  it('invitation → accept → school 鉴证 → in force', () => {
    let s = S('online', 'invited')
    s = go(s, 'accept', student)
    expect(s).toMatchObject({ status: 'awaiting_review', stage: 'school' })
    s = go(s, 'approve', school)
    expect(s).toMatchObject({ status: 'in_force', stage: null })
  })
  it('decline, withdraw and expire end an invitation; none of them can follow another', () => {
    expect(go(S('online', 'invited'), 'decline', student).status).toBe('declined')
    expect(go(S('online', 'invited'), 'withdraw_invitation', employer).status).toBe('withdrawn')
    expect(go(S('online', 'invited'), 'expire', student).status).toBe('expired')
    for (const end of ['declined', 'withdrawn', 'expired'] as const) {
      for (const m of ['accept', 'decline', 'withdraw_invitation', 'expire'] as const) {
        const r = nextState(S('online', end), m, m === 'withdraw_invitation' ? employer : student)
        expect(r.ok, `${end} ${m}`).toBe(false)
      }
    }
  })
  it('only the graduate answers and only the employer withdraws', () => {
    expect(nextState(S('online', 'invited'), 'accept', employer)).toMatchObject({ ok: false, code: 'forbidden' })
    expect(nextState(S('online', 'invited'), 'withdraw_invitation', student)).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    // once accepted, the invitation can no longer be withdrawn
    expect(
      nextState(S('online', 'awaiting_review', { stage: 'school' }), 'withdraw_invitation', employer),
    ).toMatchObject({ ok: false, code: 'conflict' })
  })
  it('鉴证 rejects (the employer must invite again) but never returns an online agreement', () => {
    const s = S('online', 'awaiting_review', { stage: 'school' })
    expect(go(s, 'reject', school).status).toBe('rejected')
    expect(nextState(s, 'return', school)).toMatchObject({ ok: false, code: 'validation_error', field: 'decision' })
  })
  it('先院系再校级审核: the 院系 first, then the school; neither out of turn', () => {
    let s = go(S('online', 'invited'), 'accept', { actor: 'student', mode: '先院系再校级审核' })
    expect(s.stage).toBe('department')
    expect(nextState(s, 'approve', school2)).toMatchObject({ ok: false, code: 'conflict' })
    s = go(s, 'approve', dept2)
    expect(s).toMatchObject({ status: 'awaiting_review', stage: 'school' })
    expect(nextState(s, 'approve', dept2)).toMatchObject({ ok: false, code: 'conflict' })
    expect(go(s, 'approve', school2).status).toBe('in_force')
  })
  it('a student or employer cannot decide', () => {
    const s = S('online', 'awaiting_review', { stage: 'school' })
    for (const ctx of [student, employer]) expect(nextState(s, 'approve', ctx)).toMatchObject({ code: 'forbidden' })
  })
})

describe('offline signing (seed 004 §2.5)', () => {
  it('draft → submitted → 协议审核 → awaiting_stamp → scan + submit → 签约审核 → in force', () => {
    let s = S('offline', 'draft')
    expect(nextState(s, 'save', student)).toMatchObject({ ok: true, event: false })
    s = go(s, 'submit', student)
    expect(s).toMatchObject({ status: 'submitted', stage: 'school' })
    s = go(s, 'approve', school)
    expect(s).toMatchObject({ status: 'awaiting_stamp', protocolApproved: true })
    expect(nextState(s, 'submit', { ...student, hasScan: false })).toMatchObject({
      code: 'validation_error',
      field: 'file',
    })
    s = go(s, 'submit', { ...student, hasScan: true })
    expect(s.status).toBe('stamp_submitted')
    s = go(s, 'approve', school)
    expect(s.status).toBe('in_force')
  })
  it('returned at either round goes back to the graduate, and the next submit resumes the right round', () => {
    const first = go(S('offline', 'submitted', { stage: 'school' }), 'return', school)
    expect(first.status).toBe('returned')
    expect(go(first, 'submit', student).status).toBe('submitted')
    const second = go(S('offline', 'stamp_submitted', { stage: 'school', protocolApproved: true }), 'return', school)
    expect(second).toMatchObject({ status: 'returned', protocolApproved: true })
    expect(nextState(second, 'submit', student)).toMatchObject({ code: 'validation_error' })
    expect(go(second, 'submit', { ...student, hasScan: true }).status).toBe('stamp_submitted')
  })
  it('withdraw before the decision only', () => {
    expect(go(S('offline', 'submitted', { stage: 'school' }), 'withdraw', student).status).toBe('draft')
    expect(
      go(S('offline', 'stamp_submitted', { stage: 'school', protocolApproved: true }), 'withdraw', student).status,
    ).toBe('awaiting_stamp')
    // the 院系 has approved: too late
    expect(
      nextState(S('offline', 'submitted', { stage: 'school' }), 'withdraw', {
        actor: 'student',
        mode: '先院系再校级审核',
      }),
    ).toMatchObject({ code: 'conflict' })
    expect(nextState(S('offline', 'awaiting_stamp'), 'withdraw', student)).toMatchObject({ code: 'conflict' })
  })
  it('reject voids the application', () => {
    expect(go(S('offline', 'submitted', { stage: 'school' }), 'reject', school).status).toBe('rejected')
  })
})

describe('补登 (seed 004 §2.6)', () => {
  it('needs the scan before submit, and one review puts it in force', () => {
    const s = S('paper', 'draft')
    expect(nextState(s, 'submit', student)).toMatchObject({ code: 'validation_error', field: 'file' })
    const sub = go(s, 'submit', { ...student, hasScan: true })
    expect(go(sub, 'approve', school).status).toBe('in_force')
  })
})

describe('解约 (seed 004 §2.4, §2.7)', () => {
  it('online: either party asks, the other answers, the school reviews', () => {
    const byStudent = go(S('online', 'in_force'), 'request_rescission', student)
    expect(byStudent).toMatchObject({ status: 'rescinding', rescission: 'answer_employer' })
    expect(nextState(byStudent, 'accept_rescission', student)).toMatchObject({ code: 'forbidden' })
    expect(go(byStudent, 'decline_rescission', employer)).toMatchObject({ status: 'in_force', rescission: null })
    const agreed = go(byStudent, 'accept_rescission', employer)
    expect(agreed.rescission).toBe('school')
    expect(go(agreed, 'approve_rescission', school).status).toBe('rescinded')
    expect(go(agreed, 'reject_rescission', school)).toMatchObject({ status: 'in_force', rescission: null })
    const byEmployer = go(S('online', 'in_force'), 'request_rescission', employer)
    expect(byEmployer.rescission).toBe('answer_student')
    expect(go(byEmployer, 'accept_rescission', student).rescission).toBe('school')
  })
  it('offline and paper: the graduate asks straight to the school; returned, asks again', () => {
    for (const kind of ['offline', 'paper'] as const) {
      const asked = go(S(kind, 'in_force'), 'request_rescission', student)
      expect(asked).toMatchObject({ status: 'rescinding', rescission: 'school' })
      expect(nextState(S(kind, 'in_force'), 'request_rescission', employer)).toMatchObject({ code: 'forbidden' })
      const back = go(asked, 'return_rescission', school)
      expect(back).toMatchObject({ status: 'rescinding', rescission: 'returned' })
      expect(nextState(back, 'approve_rescission', school)).toMatchObject({ code: 'conflict' })
      expect(go(back, 'request_rescission', student).rescission).toBe('school')
    }
  })
  it('强制解约: school users only, from in force or rescinding', () => {
    expect(go(S('online', 'in_force'), 'force_rescind', school).status).toBe('rescinded')
    expect(go(S('online', 'rescinding', { rescission: 'answer_employer' }), 'force_rescind', school).status).toBe(
      'rescinded',
    )
    expect(
      nextState(S('online', 'in_force'), 'force_rescind', { actor: 'department', mode: '仅校级审核' }),
    ).toMatchObject({
      code: 'forbidden',
    })
    expect(nextState(S('online', 'rescinded'), 'force_rescind', school)).toMatchObject({ code: 'conflict' })
  })
  it('先院系再校级审核 applies to 解约 too', () => {
    let s = go(S('paper', 'in_force'), 'request_rescission', { actor: 'student', mode: '先院系再校级审核' })
    expect(s.rescission).toBe('department')
    s = go(s, 'approve_rescission', dept2)
    expect(s).toMatchObject({ status: 'rescinding', rescission: 'school' })
    expect(go(s, 'approve_rescission', school2).status).toBe('rescinded')
  })
})

describe('修改 and 作废 by the school (seed 004 §2.3 (4))', () => {
  it('only a school user, only in force', () => {
    expect(go(S('online', 'in_force'), 'modify', school).status).toBe('in_force')
    expect(go(S('paper', 'in_force'), 'void', school).status).toBe('voided')
    expect(nextState(S('paper', 'in_force'), 'void', { actor: 'department', mode: '仅校级审核' })).toMatchObject({
      code: 'forbidden',
    })
    expect(nextState(S('paper', 'rescinded'), 'void', school)).toMatchObject({ code: 'conflict' })
  })
})

describe('exhaustively', () => {
  const actors: AgreementActor[] = ['employer', 'student', 'department', 'school']
  const moves = Object.keys(MOVE_NAMES) as AgreementMove[]
  it('every (kind, status, stage, move, actor, mode) answers, and every success lands in a known status', () => {
    let count = 0
    for (const kind of AGREEMENT_KINDS)
      for (const status of AGREEMENT_STATUSES)
        for (const stage of [null, 'department', 'school'] as const)
          for (const rescission of [
            null,
            'answer_student',
            'answer_employer',
            'department',
            'school',
            'returned',
          ] as const)
            for (const protocolApproved of [false, true])
              for (const move of moves)
                for (const actor of actors)
                  for (const mode of REVIEW_MODES)
                    for (const hasScan of [false, true]) {
                      const r = nextState({ kind, status, stage, rescission, protocolApproved }, move, {
                        actor,
                        mode,
                        hasScan,
                      })
                      count++
                      if (!r.ok) {
                        if (!['conflict', 'forbidden', 'validation_error'].includes(r.code) || !r.message)
                          expect.fail(`${kind} ${status} ${move} ${actor}: ${r.code}`)
                        continue
                      }
                      expect(AGREEMENT_STATUSES).toContain(r.state.status)
                      expect(r.state.kind).toBe(kind)
                      // rules that hold for every success
                      if (r.state.status === 'rescinding') expect(r.state.rescission).not.toBeNull()
                      if (['awaiting_review', 'submitted', 'stamp_submitted'].includes(r.state.status))
                        expect(r.state.stage).not.toBeNull()
                      if (r.state.status === 'in_force' && status !== 'in_force') {
                        // only a reviewer or the other party's decline of a 解约 puts an agreement in force
                        expect(['school', 'department', 'student', 'employer']).toContain(actor)
                      }
                      if (move === 'force_rescind' || move === 'void' || move === 'modify') expect(actor).toBe('school')
                      // entering 'awaiting_review' is the online graduate's acceptance only
                      if (r.state.status === 'awaiting_review' && status !== 'awaiting_review')
                        expect(kind).toBe('online')
                      if (r.state.status === 'invited' || status === 'invited')
                        expect(kind === 'online' || r.state.status === status).toBe(true)
                      // a 院系 user never finishes a review under 先院系再校级审核
                      if (actor === 'department' && mode === '先院系再校级审核' && status !== r.state.status)
                        expect(['approve', 'approve_rescission'].includes(move)).toBe(false)
                    }
    expect(count).toBeGreaterThan(100000)
  })
  it('the binding statuses are exactly those from awaiting_review on, until rejected, rescinded or voided', () => {
    expect([...BINDING].sort()).toEqual(
      ['awaiting_review', 'submitted', 'awaiting_stamp', 'stamp_submitted', 'in_force', 'rescinding'].sort(),
    )
  })
})

describe('helpers', () => {
  it('expiry is at expiresAt itself', () => {
    expect(isExpired('2026-06-20T00:00:00.000Z', new Date('2026-06-19T23:59:59.999Z'))).toBe(false)
    expect(isExpired('2026-06-20T00:00:00.000Z', new Date('2026-06-20T00:00:00.000Z'))).toBe(true)
    expect(isExpired(null, new Date())).toBe(false)
  })
  it('awaitsReviewer', () => {
    expect(awaitsReviewer({ status: 'awaiting_review', stage: 'school', rescission: null }, 'school')).toBe(true)
    expect(awaitsReviewer({ status: 'awaiting_review', stage: 'school', rescission: null }, 'department')).toBe(false)
    expect(awaitsReviewer({ status: 'rescinding', stage: null, rescission: 'department' }, 'department')).toBe(true)
    expect(awaitsReviewer({ status: 'in_force', stage: null, rescission: null }, 'school')).toBe(false)
  })
  it('agents: one for all, or 本专科 and 研究生 by 学历', () => {
    const a = { name: 'A', phone: '1', address: 'x', postcode: '100000' }
    const b = { ...a, name: 'B' }
    expect(agentFor({ all: a }, '31')?.name).toBe('A')
    expect(agentFor({ undergraduate: a, graduate: b }, '11')?.name).toBe('B')
    expect(agentFor({ undergraduate: a, graduate: b }, '01')?.name).toBe('B')
    expect(agentFor({ undergraduate: a, graduate: b }, '31')?.name).toBe('A')
    expect(agentFor({ undergraduate: a, graduate: b }, '41')?.name).toBe('A')
    expect(agentFor(null, '31')).toBeNull()
  })
})
