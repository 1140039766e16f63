/**
 * Writing a registration: every move is one `deps.batch` — the conditional state change, its
 * registration_events row and its audit row — so they land together or not at all.
 *
 * Race safety (two reviewers deciding at once, a graduate withdrawing while a reviewer approves):
 * the UPDATE carries `WHERE status = <seen> AND version = <seen>`, and the event row right after
 * it takes its registration_id from `CASE WHEN changes() = 1 THEN <id> ELSE NULL END`. When the
 * UPDATE matched nothing because someone else moved first, the event insert violates NOT NULL,
 * the whole batch rolls back (a transaction on SQLite, an atomic batch on D1), and we answer 409
 * `conflict`. D1 has no interactive transactions, so this check has to live inside the batch.
 */
import { sql, type Compilable } from 'kysely'
import type { Graduate, Registration, RegistrationSource, RegistrationStatus } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, forbidden, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import {
  afterMove,
  bumpsVersion,
  contentOf,
  type Move,
  type RegistrationContent,
} from '../domain/registration/index.js'
import { graduateById, registrationOfGraduate } from './queries.js'
import { notify, toGraduate, type Notice } from '../notifications/service.js'

export interface MoveArgs {
  user: Pick<CurrentUser, 'id' | 'username' | 'schoolId'>
  graduateId: number
  /** The registration as the caller saw it (null: none yet). */
  reg: Registration | null
  move: Move
  to: RegistrationStatus
  /** New content; undefined keeps what is stored. */
  content?: RegistrationContent
  source?: RegistrationSource
  reason?: string | null
  /** Write an event row (every state move; plain draft edits are not moves). */
  event?: boolean
  /** More statements for the same batch (run after the guard). */
  extra?: Compilable[]
  /** More for the audit row's detail (beside from, to and version). */
  auditDetail?: Record<string, unknown>
}

const GUARD_FAILED =
  /NOT NULL constraint failed: registration_events\.registration_id|UNIQUE constraint failed: registrations\.graduate_id/

/** The statements of one move (state change, guarded event, audit, extras), for one batch. */
export function moveStatements(
  deps: AppDeps,
  a: MoveArgs,
  opts: { audit?: boolean } = {},
): { statements: Compilable[]; guarded: boolean } {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  const from = a.reg?.status ?? null
  // Voiding clears the destination and keeps 档案 and 户口 (domain afterMove), of the content as seen.
  const given = a.content ?? (a.to === 'voided' ? contentOf(a.reg) : undefined)
  const content = given && afterMove(a.to, given)
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))
  const version = (a.reg?.version ?? 0) + (bumpsVersion(from, a.to) ? 1 : 0)
  // Only a graduate's plain edit of a draft is not a move; everything else writes an event.
  const event = a.event ?? (from !== a.to || a.move !== 'save')
  const statements: Compilable[] = []

  const values = {
    status: a.to,
    version,
    updated_at: at,
    ...(a.source ? { source: a.source } : {}),
    ...(content
      ? { destination: json(content.destination), archive: json(content.archive), hukou: json(content.hukou) }
      : {}),
    ...(a.to === 'submitted' || a.move === 'overwrite' ? { submitted_at: at } : {}),
    ...(a.to === 'approved' ? { approved_at: at } : {}),
  }

  let idExpr
  if (!a.reg) {
    statements.push(
      db
        .insertInto('registrations')
        .values({
          graduate_id: a.graduateId,
          source: a.source ?? '登记系统',
          created_at: at,
          destination: null,
          archive: null,
          hukou: null,
          ...values,
        })
        .onConflict((oc) => oc.column('graduate_id').doNothing()),
    )
    idExpr = sql<number>`CASE WHEN changes() = 1 THEN (SELECT id FROM registrations WHERE graduate_id = ${a.graduateId}) ELSE NULL END`
  } else {
    statements.push(
      db
        .updateTable('registrations')
        .set(values)
        .where('id', '=', a.reg.id)
        .where('status', '=', a.reg.status)
        .where('version', '=', a.reg.version),
    )
    idExpr = sql<number>`CASE WHEN changes() = 1 THEN ${a.reg.id} ELSE NULL END`
  }
  const guarded = event || (a.extra?.length ?? 0) > 0 || !a.reg
  if (guarded) {
    // The event row doubles as the guard; a plain edit with extras writes an event as well, so the
    // guard is never skipped when more than one statement depends on the update.
    statements.push(
      db.insertInto('registration_events').values({
        registration_id: idExpr,
        at,
        actor_user_id: a.user.id,
        actor: a.user.username,
        from_status: from,
        to_status: a.to,
        reason: a.reason ?? null,
      }),
    )
  }
  // Plain draft edits are not moves and are not audited; every move is (an import is audited once
  // for the whole file by the import engine, its rows by their events).
  if (guarded && opts.audit !== false) {
    statements.push(
      auditInsert(db, now, a.user, {
        action: `registration.${a.move}`,
        target: `graduate:${a.graduateId}`,
        detail: { from, to: a.to, version, ...a.auditDetail },
      }),
    )
  }
  // The graduate is told of every staff move (never of their own): after the guard, so a move
  // that lost a race tells nobody.
  const notice = guarded ? registrationNotice(a) : null
  if (notice) statements.push(...notify(deps, toGraduate(a.graduateId, a.user.id), notice))
  if (a.extra) statements.push(...a.extra)
  return { statements, guarded }
}

/**
 * What the graduate is told of a move by staff (contract §7; seed 004 §2.11: review results and
 * changes to the registration). Moves by the graduate themself tell nobody.
 */
function registrationNotice(a: Pick<MoveArgs, 'move' | 'to' | 'reason'>): Notice | null {
  const why = a.reason ? `原因：${a.reason}。` : ''
  const link = '/me/registration'
  switch (a.move) {
    case 'approve':
      return a.to === 'department_approved'
        ? {
            kind: 'registration.decision',
            title: '去向登记已通过院系审核',
            body: '您的毕业去向登记已通过院系审核，正在等待学校审核，无需操作。',
            link,
          }
        : {
            kind: 'registration.decision',
            title: '去向登记已审核通过',
            body: '您的毕业去向登记已审核通过。请进入“登记确认”核对登记信息，确认无误或反馈错误。',
            link: '/me/confirmation',
          }
    case 'return':
      return {
        kind: 'registration.decision',
        title: '去向登记被退回修改',
        body: `您的毕业去向登记被退回修改。${why}请按要求修改后重新提交。`,
        link,
      }
    case 'reject':
      return {
        kind: 'registration.decision',
        title: '去向登记审核不通过',
        body: `您的毕业去向登记审核不通过。${why}请核实后重新填写并提交。`,
        link,
      }
    case 'modify':
    case 'overwrite':
      return {
        kind: 'registration.changed',
        title: '学校更新了您的去向登记',
        body: `学校${a.move === 'overwrite' ? '报送' : '修改'}了您的毕业去向登记。请进入“登记确认”核对最新信息。`,
        link: '/me/confirmation',
      }
    case 'void':
      return {
        kind: 'registration.voided',
        title: '您的去向登记已被作废',
        body: `学校作废了您的毕业去向登记。${why}如仍需登记，请重新填写并提交。`,
        link,
      }
    default:
      return null
  }
}

export const isGuardFailure = (e: unknown) => GUARD_FAILED.test(String((e as Error)?.message ?? e))

export async function commitMove(deps: AppDeps, a: MoveArgs): Promise<Registration> {
  const { statements, guarded } = moveStatements(deps, a)
  let results
  try {
    results = await deps.batch(statements)
  } catch (e) {
    if (isGuardFailure(e)) throw conflict('登记已被他人处理或已变化，请刷新后重试')
    throw e
  }
  if (!guarded && Number(results[0]?.numAffectedRows ?? 0) !== 1)
    throw conflict('登记已被他人处理或已变化，请刷新后重试')
  const fresh = await registrationOfGraduate(deps.db, a.graduateId)
  if (!fresh) throw new AppError('internal_error', '登记保存失败')
  return fresh
}

/** Deletes stored proof files after the rows are gone; a failure here only leaves an orphan blob. */
export async function deleteBlobs(deps: AppDeps, keys: string[]) {
  for (const k of keys) {
    try {
      await deps.storage.delete(k)
    } catch (e) {
      console.error('attachment blob delete failed', (e as Error)?.message)
    }
  }
}

/**
 * For the agreements feature (contract §5; design "Agreements, in one model"): an agreement in
 * force *is* the graduate's 签就业协议书就业 destination. These are the statements that write it —
 * approved, source 登记系统, version + 1 (so the confirmation returns to 未确认 and a transfer
 * number becomes stale) — or, with `destination: null`, clear the employment data after 解约 or
 * 作废 while 档案 and 户口 stay. They go into the agreement's own batch, guarded like any move:
 * if the registration changed since it was read, the batch fails and the caller answers 409.
 */
export async function agreementDestinationStatements(
  deps: AppDeps,
  a: {
    user: Pick<CurrentUser, 'id' | 'username' | 'schoolId'>
    graduateId: number
    destination: RegistrationContent['destination']
    reason: string
  },
): Promise<Compilable[]> {
  const reg = await registrationOfGraduate(deps.db, a.graduateId)
  const stored = contentOf(reg)
  // Clearing a registration that holds no agreement destination changes nothing.
  if (!a.destination && (!reg || !reg.destination)) return []
  const { statements } = moveStatements(deps, {
    user: a.user,
    graduateId: a.graduateId,
    reg,
    move: a.destination ? 'overwrite' : 'void',
    // Cleared, it is a draft holding 档案 and 户口, so the graduate can register anew at once.
    to: a.destination ? 'approved' : 'draft',
    content: { destination: a.destination, archive: stored.archive, hukou: stored.hukou },
    source: '登记系统',
    reason: a.reason,
  })
  return statements
}

/**
 * The registration as it stands for a graduate (status and content), for another feature's
 * screen — the agreement's 鉴证 shows "就业管理系统已报送的就业信息" beside the agreement
 * (seed 004 §2.3 (3)). Null when the graduate has registered nothing.
 */
export async function reportedRegistration(deps: Pick<AppDeps, 'db'>, graduateId: number) {
  const reg = await registrationOfGraduate(deps.db, graduateId)
  if (!reg) return null
  return { status: reg.status, version: reg.version, source: reg.source, ...contentOf(reg) }
}

/** Where a graduate's registration stands (null: none yet) — what the roster pages show and link to. */
export async function registrationStanding(
  deps: Pick<AppDeps, 'db'>,
  graduateId: number,
): Promise<{ id: number; status: RegistrationStatus } | null> {
  const reg = await registrationOfGraduate(deps.db, graduateId)
  return reg ? { id: reg.id, status: reg.status } : null
}

/**
 * The signed-in graduate's roster record, for the graduate's own acts (registering here, signing an
 * agreement in src/agreements/): 404 without one; a graduate withdrawn from the roster (退学、休学、
 * 留级) may do nothing.
 */
export async function myGraduate(deps: AppDeps, user: CurrentUser, doing = '登记毕业去向'): Promise<Graduate> {
  const g = user.graduateId ? await graduateById(deps.db, user.graduateId) : null
  if (!g) throw notFound('没有找到您的生源信息')
  if (g.withdrawn_at) throw forbidden(`您已不在本届毕业生名单中，不能${doing}`)
  return g
}
