/**
 * The graduate's self-check (生源信息核对, seeds 001 and 002): the graduate proposes corrections
 * to the fields they may correct; reviewers approve or return them, singly or in batch; the
 * school's record changes only on approval; the graduate may withdraw a submission before anyone
 * has reviewed it (seed 002 问 5: "提交撤回").
 *
 * Review levels (contract §6; seed 002: 班主任 → 二级学院 → 校级): the school configures an ordered
 * subset of counsellor / department / school. A submitted correction waits at one level
 * (`roster_corrections.level`, NULL or no longer configured: the first level); approving there
 * moves it to the next, approving at the last applies the changes; returning at any level sends it
 * back to the graduate. School users may decide at any level — as in the registration review, a
 * school decision ahead of the lower levels is final, and recorded as such.
 *
 * 重新审核 (reopen) puts an approved correction back into the first level's queue. What it applied
 * stays in the record meanwhile (the record is never left half-way between two versions, and a
 * return after a reopen does not undo it: staff correct the record directly if they must); an
 * approval applies the proposed values again.
 */
import { whereCohort } from '../db/cohorts.js'
import { notify, toGraduate } from '../notifications/service.js'
import { keptWith } from './queries.js'
import { sql, type Compilable } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Db, Graduate } from '../db/schema.js'
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { scopeGraduates } from '../middleware/auth.js'
import { checkSelfCheck, describeProblems, SELF_CHECK_FIELDS, type SelfCheckKey } from '../domain/roster-rules.js'
import { codeName } from '../domain/codes/index.js'
import { anyDivisionName } from '../domain/retired-divisions.js'
import { findGraduate } from './queries.js'
import {
  checkLevels,
  LEVEL_LABELS,
  nextLevel,
  parseLevels,
  REVIEW_LEVELS,
  waitingAt,
  type ReviewLevel,
} from '../domain/review-levels.js'

export type Changes = Partial<Record<SelfCheckKey, { from: string | null; to: string | null }>>
type CorrectionStatus = 'submitted' | 'approved' | 'returned' | 'withdrawn'

/** Camel-case names of the self-check fields in JSON bodies. */
export const SELF_CHECK_JSON: Record<SelfCheckKey, string> = {
  origin_code: 'originCode',
  phone: 'phone',
  email: 'email',
  qq: 'qq',
  home_address: 'homeAddress',
  home_phone: 'homePhone',
  urban_rural: 'urbanRural',
}

/** How a value reads for people: codes with their names. */
function displayValue(key: SelfCheckKey, v: string | null): string {
  if (!v) return ''
  if (key === 'origin_code') return `${v} ${anyDivisionName(v) ?? ''}`.trim()
  if (key === 'urban_rural') return codeName('urbanRural', v) ?? v
  return v
}

const parseChanges = (s: string): Changes => {
  try {
    return JSON.parse(s) as Changes
  } catch {
    return {}
  }
}

/** Each self-check field: the school's current value, the proposed one, and whether they differ. */
function diffRows(g: Graduate, changes: Changes) {
  return SELF_CHECK_FIELDS.map((f) => {
    const current = (g[f.key] as string | null) ?? null
    const proposed = f.key in changes ? (changes[f.key]!.to ?? null) : current
    return {
      field: SELF_CHECK_JSON[f.key],
      label: f.label,
      current,
      currentText: displayValue(f.key, current),
      proposed,
      proposedText: displayValue(f.key, proposed),
      differs: (current ?? '') !== (proposed ?? ''),
    }
  })
}

function correctionJson(
  c: {
    id: number
    status: string
    changes: string
    reason: string | null
    created_at: string
    decided_at: string | null
    level?: string | null
  },
  g: Graduate,
  levels?: readonly ReviewLevel[],
) {
  return {
    id: c.id,
    status: c.status as CorrectionStatus,
    /** The level a submitted correction waits at; null once decided. */
    level: c.status === 'submitted' && levels ? waitingAt(c.level ?? null, levels) : null,
    reason: c.reason,
    createdAt: c.created_at,
    decidedAt: c.decided_at,
    fields: diffRows(g, parseChanges(c.changes)),
  }
}

async function latestCorrection(db: Db, graduateId: number) {
  return db
    .selectFrom('roster_corrections')
    .selectAll()
    .where('graduate_id', '=', graduateId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

async function myGraduate(db: Db, user: CurrentUser) {
  if (!user.graduateId) throw notFound('没有找到您的生源信息，请联系学院辅导员')
  const g = await findGraduate(db, user, user.graduateId)
  if (!g) throw notFound('没有找到您的生源信息，请联系学院辅导员')
  return g
}

export async function getMyRoster(db: Db, user: CurrentUser) {
  const g = await myGraduate(db, user)
  const c = await latestCorrection(db, g.id)
  return { graduate: g, correction: c ? correctionJson(c, g) : null }
}

/** Stores the graduate's corrections (only the fields that differ) for review. */
export async function submitCorrection(
  deps: AppDeps,
  user: CurrentUser,
  input: Partial<Record<SelfCheckKey, string | null | undefined>>,
) {
  const g = await myGraduate(deps.db, user)
  const check = checkSelfCheck(input)
  if (!check.ok) {
    const first = check.problems[0]
    throw new AppError('validation_error', describeProblems(check.problems), {
      field: Object.entries(SELF_CHECK_JSON).find(
        ([k]) => SELF_CHECK_FIELDS.find((f) => f.key === k)?.label === first.field,
      )?.[1],
    })
  }
  const pending = await deps.db
    .selectFrom('roster_corrections')
    .select('id')
    .where('graduate_id', '=', g.id)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
  if (pending) throw conflict('已有待审核的核对信息；如需修改，请先撤回')
  const changes: Changes = {}
  for (const f of SELF_CHECK_FIELDS) {
    const from = (g[f.key] as string | null) ?? null
    const to = check.value[f.key]
    if ((from ?? '') !== (to ?? '')) changes[f.key] = { from, to }
  }
  const at = deps.now().toISOString()
  const r = await deps.db
    .insertInto('roster_corrections')
    .values({ graduate_id: g.id, status: 'submitted', changes: JSON.stringify(changes), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  const c = await deps.db.selectFrom('roster_corrections').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
  return correctionJson(c, g)
}

// --- Review levels -------------------------------------------------------------------------

export async function reviewLevels(db: Db, schoolId: number): Promise<ReviewLevel[]> {
  const s = await db
    .selectFrom('schools')
    .select('roster_review_levels')
    .where('id', '=', schoolId)
    .executeTakeFirstOrThrow()
  return parseLevels(s.roster_review_levels)
}

/**
 * Sets the levels. Allowed at any time: a correction waiting at a level no longer configured
 * waits at the first level from then on (the level is read through `levelSql`), so nothing stalls.
 */
export async function setReviewLevels(deps: AppDeps, user: CurrentUser, input: unknown) {
  const check = checkLevels(input)
  if (!check.ok) throw invalid('审核层级', check.message.replace(/^审核层级：/, ''))
  const from = await reviewLevels(deps.db, user.schoolId)
  await deps.batch([
    deps.db
      .updateTable('schools')
      .set({ roster_review_levels: JSON.stringify(check.value) })
      .where('id', '=', user.schoolId),
    auditInsert(deps.db, deps.now(), user, {
      action: 'roster.review_levels',
      target: `school:${user.schoolCode}`,
      detail: { from, to: check.value },
    }),
  ])
  return check.value
}

/** The level a correction waits at, in SQL: the stored level when configured, else the first. */
function levelSql(levels: readonly ReviewLevel[]) {
  return sql<string>`(CASE WHEN roster_corrections.level IN (${sql.join([...levels])}) THEN roster_corrections.level ELSE ${levels[0]} END)`
}

/** The level a reviewer reviews at: counsellors and 院系 users at their own; school users at any. */
const ownLevel = (user: CurrentUser): ReviewLevel | null =>
  user.role === 'counsellor' || user.role === 'department' ? user.role : null

export async function withdrawCorrection(deps: AppDeps, user: CurrentUser) {
  const g = await myGraduate(deps.db, user)
  const at = deps.now().toISOString()
  // Only before any review step: once a level has approved it (or it was reopened) it is the
  // reviewers' to finish.
  const r = await deps.db
    .updateTable('roster_corrections')
    .set({ status: 'withdrawn', decided_at: at })
    .where('graduate_id', '=', g.id)
    .where('status', '=', 'submitted')
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM roster_correction_events e WHERE e.correction_id = roster_corrections.id)`,
    )
    .executeTakeFirst()
  if (!Number(r.numUpdatedRows)) throw conflict('没有待审核的核对信息可以撤回（可能已在审核中或已被审核）')
  const c = (await latestCorrection(deps.db, g.id))!
  return correctionJson(c, g)
}

function scopedCorrections(db: Db, user: CurrentUser) {
  return scopeGraduates(
    db
      .selectFrom('roster_corrections')
      .innerJoin('graduates', 'graduates.id', 'roster_corrections.graduate_id')
      .innerJoin('departments', 'departments.id', 'graduates.department_id'),
    user,
  )
}

/**
 * The review queue and history. A counsellor or 院系 user sees, of the waiting corrections, only
 * those waiting at their own level (their scope does the rest: their classes, their 院系); school
 * users see every level's, and may narrow to one with `level`.
 */
export async function listCorrections(
  db: Db,
  user: CurrentUser,
  f: { status?: string; department?: string; level?: ReviewLevel; cohort?: number },
  page: number,
  pageSize: number,
) {
  const levels = await reviewLevels(db, user.schoolId)
  const at = levelSql(levels)
  let q = whereCohort(scopedCorrections(db, user), f.cohort)
  if (f.status) q = q.where('roster_corrections.status', '=', f.status as never)
  if (f.department) q = q.where('departments.name', '=', f.department)
  const own = ownLevel(user)
  if (own) q = q.where((eb) => eb.or([eb('roster_corrections.status', '<>', 'submitted'), eb(at, '=', own)]))
  if (f.level) q = q.where('roster_corrections.status', '=', 'submitted').where(at, '=', f.level)
  const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await q
    .select([
      'roster_corrections.id',
      'roster_corrections.status',
      'roster_corrections.changes',
      'roster_corrections.created_at',
      'roster_corrections.level',
      'graduates.id as graduate_id',
      'graduates.student_no',
      'graduates.name',
      'graduates.class_name',
      'departments.name as department',
    ])
    .orderBy('roster_corrections.created_at')
    .orderBy('roster_corrections.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return {
    total: Number(n),
    levels,
    items: rows.map((r) => ({
      id: r.id,
      graduateId: r.graduate_id,
      studentNo: r.student_no,
      name: r.name,
      department: r.department,
      className: r.class_name,
      status: r.status as CorrectionStatus,
      level: r.status === 'submitted' ? waitingAt(r.level, levels) : null,
      changed: Object.keys(parseChanges(r.changes)).map((k) => SELF_CHECK_FIELDS.find((f) => f.key === k)?.label ?? k),
      createdAt: r.created_at,
    })),
  }
}

export async function getCorrection(db: Db, user: CurrentUser, id: number) {
  const row = await scopedCorrections(db, user)
    .select(['roster_corrections.id', 'roster_corrections.graduate_id'])
    .where('roster_corrections.id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('没有这条核对记录，或无权查看')
  const c = await db.selectFrom('roster_corrections').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const g = (await findGraduate(db, user, row.graduate_id))!
  const levels = await reviewLevels(db, user.schoolId)
  const steps = await db
    .selectFrom('roster_correction_events')
    .select(['at', 'actor', 'move', 'level', 'to_level', 'reason'])
    .where('correction_id', '=', id)
    .orderBy('id')
    .execute()
  return {
    correction: {
      ...correctionJson(c, g, levels),
      steps: steps.map((e) => ({
        at: e.at,
        actor: e.actor,
        move: e.move,
        level: e.level,
        toLevel: e.to_level,
        reason: e.reason,
      })),
    },
    graduate: g,
    levels,
    /** Whether this user may decide it now (it waits at their level, or they are the school). */
    decidable: c.status === 'submitted' && mayDecideAt(user, waitingAt(c.level, levels)),
  }
}

const mayDecideAt = (user: CurrentUser, level: ReviewLevel) => user.role === 'school' || ownLevel(user) === level

const RACE = '这条核对信息已被他人处理，请刷新后重试'
const GUARD_FAILED = /NOT NULL constraint failed: roster_correction_events\.correction_id/

/**
 * Runs a step's statements; the event insert right after the conditional update is the guard
 * (its correction_id is NULL when the update changed nothing, which fails the whole batch).
 */
async function commitStep(deps: AppDeps, statements: Compilable[]) {
  try {
    await deps.batch(statements)
  } catch (e) {
    if (GUARD_FAILED.test(String((e as Error)?.message ?? e))) throw conflict(RACE)
    throw e
  }
}

function stepEvent(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  e: { move: 'approve' | 'return' | 'reopen'; level: ReviewLevel; to: ReviewLevel | null; reason: string | null },
) {
  return deps.db.insertInto('roster_correction_events').values({
    correction_id: sql<number>`CASE WHEN changes() = 1 THEN ${id} ELSE NULL END`,
    at: deps.now().toISOString(),
    actor_user_id: user.id,
    actor: user.username,
    move: e.move,
    level: e.level,
    to_level: e.to,
    reason: e.reason,
  })
}

/**
 * Approve at the correction's level (the next level gets it; at the last level the school's
 * record takes the proposed values) or return it (with a reason). Only a correction waiting at a
 * level this user may decide at can be decided; anything else is 409. Each step is one batch:
 * the correction, the event, the record, the audit entry and the graduate's notice together,
 * guarded so that of two racing reviewers one wins and the other gets 409.
 */
export async function decideCorrection(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: 'approve' | 'return',
  reason: string | null | undefined,
) {
  const { correction, graduate, levels } = await getCorrection(deps.db, user, id)
  if (correction.status !== 'submitted') throw conflict('这条核对信息已不在待审核状态')
  const level = correction.level ?? levels[0]!
  if (!mayDecideAt(user, level)) throw conflict(`这条核对信息正在等待${LEVEL_LABELS[level]}审核，您现在不能审核`)
  const why = reason?.trim() || null
  if (decision === 'return' && !why) throw invalid('reason', '退回时请填写原因')
  const now = deps.now()
  const at = now.toISOString()
  // A school user deciding ahead of lower levels decides finally (as in the registration review).
  const ahead = user.role === 'school' && level !== 'school'
  const next = decision === 'approve' && !ahead ? nextLevel(level, levels) : null
  const raw = await deps.db
    .selectFrom('roster_corrections')
    .select('changes')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const changes = parseChanges(raw.changes)
  const set: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(changes)) if (SELF_CHECK_FIELDS.some((f) => f.key === k)) set[k] = v!.to
  const waiting = levelSql(levels)
  const update = next
    ? deps.db.updateTable('roster_corrections').set({ level: next })
    : deps.db.updateTable('roster_corrections').set({
        status: decision === 'approve' ? 'approved' : 'returned',
        level,
        reason: why,
        decided_at: at,
        decided_by: user.id,
      })
  const queries: Compilable[] = [
    update.where('id', '=', id).where('status', '=', 'submitted').where(waiting, '=', level),
    stepEvent(deps, user, id, { move: decision, level, to: next, reason: why }),
    auditInsert(deps.db, now, user, {
      action: `roster.correction.${decision}`,
      target: `graduate:${graduate.id}`,
      detail: {
        correction: id,
        level,
        ...(next ? { next } : { fields: decision === 'approve' ? Object.keys(set) : [] }),
        ...(ahead ? { ahead: true } : {}),
      },
    }),
  ]
  if (decision === 'approve' && !next && Object.keys(set).length)
    queries.push(
      deps.db
        .updateTable('graduates')
        .set({ ...set, protected_fields: keptWith(Object.keys(set)), updated_at: at })
        .where('id', '=', graduate.id),
    )
  queries.push(
    ...notify(
      deps,
      toGraduate(graduate.id, user.id),
      next
        ? {
            kind: 'roster.correction',
            title: `生源信息核对已通过${LEVEL_LABELS[level]}审核`,
            body: `您提交的生源信息修改已通过${LEVEL_LABELS[level]}审核，正在等待${LEVEL_LABELS[next]}审核，无需操作。`,
            link: '/me',
          }
        : decision === 'approve'
          ? {
              kind: 'roster.correction',
              title: '生源信息核对已审核通过',
              body: '您提交的生源信息修改已审核通过，学校的记录已更新。',
              link: '/me',
            }
          : {
              kind: 'roster.correction',
              title: '生源信息核对被退回',
              body: `您提交的生源信息修改被退回。原因：${why}。请按要求修改后重新提交。`,
              link: '/me',
            },
    ),
  )
  await commitStep(deps, queries)
  return getCorrection(deps.db, user, id)
}

/**
 * 重新审核: an approved correction goes back into the first level's queue (the school, or a
 * reviewer of the first level in scope). What it applied stays in the record until it is decided
 * again (see the module comment).
 */
export async function reopenCorrection(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  reason: string | null | undefined,
) {
  const { correction, graduate, levels } = await getCorrection(deps.db, user, id)
  const first = levels[0]!
  if (!mayDecideAt(user, first)) throw forbidden(`只有学校或${LEVEL_LABELS[first]}可以重新审核`)
  if (correction.status !== 'approved') throw conflict('只有审核通过的核对信息可以重新审核')
  const why = reason?.trim() || null
  const now = deps.now()
  await commitStep(deps, [
    deps.db
      .updateTable('roster_corrections')
      .set({ status: 'submitted', level: first, decided_at: null, decided_by: null, reason: null })
      .where('id', '=', id)
      .where('status', '=', 'approved'),
    stepEvent(deps, user, id, { move: 'reopen', level: first, to: first, reason: why }),
    auditInsert(deps.db, now, user, {
      action: 'roster.correction.reopen',
      target: `graduate:${graduate.id}`,
      detail: { correction: id, level: first, reason: why },
    }),
    ...notify(deps, toGraduate(graduate.id, user.id), {
      kind: 'roster.correction',
      title: '生源信息核对重新审核',
      body: `您已审核通过的生源信息修改被重新审核${why ? `（原因：${why}）` : ''}，学校的记录暂不改变，无需操作。`,
      link: '/me',
    }),
  ])
  return getCorrection(deps.db, user, id)
}

export { REVIEW_LEVELS, type ReviewLevel }

/** Decides each id on its own; ones no longer awaiting review or not visible are reported, not fatal. */
export async function decideMany(
  deps: AppDeps,
  user: CurrentUser,
  ids: number[],
  decision: 'approve' | 'return',
  reason: string | null | undefined,
) {
  if (decision === 'return' && !reason?.trim()) throw invalid('reason', '退回时请填写原因')
  const decided: number[] = []
  const skipped: Array<{ id: number; reason: string }> = []
  for (const id of [...new Set(ids)]) {
    try {
      await decideCorrection(deps, user, id, decision, reason)
      decided.push(id)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'conflict' || e.code === 'not_found'))
        skipped.push({ id, reason: e.message })
      else throw e
    }
  }
  return { decided, skipped }
}
