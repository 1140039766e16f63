/**
 * The graduate's self-check (生源信息核对, seeds 001 and 002): the graduate proposes corrections
 * to the fields they may correct; a department (or school) user approves or returns them, singly
 * or in batch; the school's record changes only on approval; the graduate may withdraw a
 * submission before it is reviewed (seed 002 问 5: "提交撤回").
 */
import { notify, toGraduate } from '../notifications/service.js'
import { sql, type Compilable } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Db, Graduate } from '../db/schema.js'
import { AppError, conflict, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { scopeGraduates } from '../middleware/auth.js'
import { checkSelfCheck, describeProblems, SELF_CHECK_FIELDS, type SelfCheckKey } from '../domain/roster-rules.js'
import { codeName } from '../domain/codes/index.js'
import { anyDivisionName } from '../domain/retired-divisions.js'
import { findGraduate } from './queries.js'

export type Changes = Partial<Record<SelfCheckKey, { from: string | null; to: string | null }>>
export type CorrectionStatus = 'submitted' | 'approved' | 'returned' | 'withdrawn'

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
export function displayValue(key: SelfCheckKey, v: string | null): string {
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
export function diffRows(g: Graduate, changes: Changes) {
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

export function correctionJson(
  c: {
    id: number
    status: string
    changes: string
    reason: string | null
    created_at: string
    decided_at: string | null
  },
  g: Graduate,
) {
  return {
    id: c.id,
    status: c.status as CorrectionStatus,
    reason: c.reason,
    createdAt: c.created_at,
    decidedAt: c.decided_at,
    fields: diffRows(g, parseChanges(c.changes)),
  }
}

export async function latestCorrection(db: Db, graduateId: number) {
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

export async function withdrawCorrection(deps: AppDeps, user: CurrentUser) {
  const g = await myGraduate(deps.db, user)
  const at = deps.now().toISOString()
  const r = await deps.db
    .updateTable('roster_corrections')
    .set({ status: 'withdrawn', decided_at: at })
    .where('graduate_id', '=', g.id)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
  if (!Number(r.numUpdatedRows)) throw conflict('没有待审核的核对信息可以撤回（可能已被审核）')
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

export async function listCorrections(
  db: Db,
  user: CurrentUser,
  f: { status?: string; department?: string },
  page: number,
  pageSize: number,
) {
  let q = scopedCorrections(db, user)
  if (f.status) q = q.where('roster_corrections.status', '=', f.status as never)
  if (f.department) q = q.where('departments.name', '=', f.department)
  const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await q
    .select([
      'roster_corrections.id',
      'roster_corrections.status',
      'roster_corrections.changes',
      'roster_corrections.created_at',
      'graduates.id as graduate_id',
      'graduates.student_no',
      'graduates.name',
      'departments.name as department',
    ])
    .orderBy('roster_corrections.created_at')
    .orderBy('roster_corrections.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      graduateId: r.graduate_id,
      studentNo: r.student_no,
      name: r.name,
      department: r.department,
      status: r.status as CorrectionStatus,
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
  return { correction: correctionJson(c, g), graduate: g }
}

/**
 * Approve (the school's record takes the proposed values) or return (with a reason). Only a
 * submitted correction can be decided: anything else is 409. Each decision is one batch: the
 * correction, the graduate's record and the audit entry change together.
 */
export async function decideCorrection(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: 'approve' | 'return',
  reason: string | null | undefined,
) {
  const { correction, graduate } = await getCorrection(deps.db, user, id)
  if (correction.status !== 'submitted') throw conflict('这条核对信息已不在待审核状态')
  const why = reason?.trim() || null
  if (decision === 'return' && !why) throw invalid('reason', '退回时请填写原因')
  const now = deps.now()
  const at = now.toISOString()
  const raw = await deps.db
    .selectFrom('roster_corrections')
    .select('changes')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const changes = parseChanges(raw.changes)
  const set: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(changes)) if (SELF_CHECK_FIELDS.some((f) => f.key === k)) set[k] = v!.to
  const queries: Compilable[] = [
    deps.db
      .updateTable('roster_corrections')
      .set({
        status: decision === 'approve' ? 'approved' : 'returned',
        reason: why,
        decided_at: at,
        decided_by: user.id,
      })
      .where('id', '=', id)
      .where('status', '=', 'submitted'),
    auditInsert(deps.db, now, user, {
      action: `roster.correction.${decision}`,
      target: `graduate:${graduate.id}`,
      detail: { correction: id, fields: Object.keys(set) },
    }),
  ]
  if (decision === 'approve' && Object.keys(set).length) {
    queries.push(
      deps.db
        .updateTable('graduates')
        .set({ ...set, updated_at: at })
        .where('id', '=', graduate.id)
        .where(
          sql<boolean>`exists (select 1 from roster_corrections where id = ${id} and status = 'approved')`,
        ) as never,
    )
  }
  // Told only when this decision won (the correction carries this decider's time and id).
  queries.push(
    ...notify(
      deps,
      {
        ...toGraduate(graduate.id, user.id),
        onlyIf: sql`EXISTS (SELECT 1 FROM roster_corrections WHERE id = ${id} AND decided_at = ${at} AND decided_by = ${user.id})`,
      },
      decision === 'approve'
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
  await deps.batch(queries)
  return getCorrection(deps.db, user, id)
}

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
