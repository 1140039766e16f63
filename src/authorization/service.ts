/**
 * 学生核验授权 (contract §4.6; seed 004, 4.1 "学生核验授权"): the graduate grants verification and
 * gets a 核验编号 with a report carrying it, chooses how long it answers (up to the end of the
 * validity window), revokes it, and sees every lookup of their numbers.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import type { ExpressionBuilder } from 'kysely'
import type { Database, Db } from '../db/schema.js'
import { AppError, conflict, notFound } from '../errors.js'
import { audit, auditInsert } from '../audit/audit.js'
import { renderSheetOf, sheetSource } from '../transfer/service.js'
import { LOCK_MS, MAX_FAILED_LOGINS, verifyPassword } from '../accounts/service.js'
import { generateNumber, normalizeNumber } from '../domain/numbers.js'
import { cstDay, dayWindow, graduationWindow, isOpen, windowFromValidUntil, type Window } from '../domain/validity.js'

/** At most this many grants may answer at once; enough for every office a graduate deals with. */
const MAX_ACTIVE_GRANTS = 10

export type Me = Pick<CurrentUser, 'id' | 'username' | 'schoolId' | 'schoolCode' | 'graduateId'>

export interface GrantContext {
  graduateId: number
  name: string
  graduationTime: string
  registrationStatus: string | null
  window: Window
  /** The last day that may be chosen (CST), YYYY-MM-DD. */
  lastDay: string
  open: boolean
}

export async function grantContext(deps: AppDeps, me: Me): Promise<GrantContext> {
  const row = await deps.db
    .selectFrom('graduates')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .select([
      'graduates.id as id',
      'graduates.name as name',
      'graduates.graduation_time as graduation_time',
      'registrations.status as status',
    ])
    .where('graduates.id', '=', me.graduateId ?? -1)
    .where('graduates.school_id', '=', me.schoolId)
    .executeTakeFirst()
  if (!row) throw notFound('没有找到您的生源信息')
  const window = graduationWindow(row.graduation_time)
  return {
    graduateId: row.id,
    name: row.name,
    graduationTime: row.graduation_time,
    registrationStatus: row.status,
    window,
    lastDay: window.validUntil.slice(0, 10),
    open: isOpen(window, deps.now()),
  }
}

/**
 * Security decision: re-entering the password is this service's stand-in for the national
 * system's real-person check (实人认证) before a grant: a session left open on a shared computer
 * is not enough to hand a stranger a number. Wrong passwords count toward the same lock as the
 * login (5 in a row lock the account for 15 minutes), so the check cannot be brute-forced.
 */
async function checkPassword(deps: AppDeps, me: Me, password: string) {
  const { db } = deps
  const now = deps.now()
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'failed_logins', 'locked_until'])
    .where('id', '=', me.id)
    .executeTakeFirstOrThrow()
  const nowIso = now.toISOString()
  if (user.locked_until && user.locked_until > nowIso) {
    const minutes = Math.max(1, Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60000))
    throw new AppError('account_locked', `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定，请 ${minutes} 分钟后再试`, {
      headers: { 'Retry-After': String(minutes * 60) },
    })
  }
  const ok = user.password_hash ? await verifyPassword(password, user.password_hash) : false
  if (ok) {
    if (user.failed_logins)
      await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute()
    return
  }
  const lockExpired = user.locked_until !== null && user.locked_until <= nowIso
  const failures = (lockExpired ? 0 : user.failed_logins) + 1
  const lock = failures >= MAX_FAILED_LOGINS
  await deps.batch([
    db
      .updateTable('users')
      .set({
        failed_logins: failures,
        locked_until: lock ? new Date(now.getTime() + LOCK_MS).toISOString() : lockExpired ? null : user.locked_until,
      })
      .where('id', '=', user.id),
    ...(lock
      ? [
          auditInsert(db, now, me, {
            action: 'account.locked',
            target: `user:${me.username}`,
            detail: { failures, via: 'verification-grant' },
          }),
        ]
      : []),
  ])
  throw new AppError(
    'validation_error',
    `密码：${lock ? `不正确；连续 ${MAX_FAILED_LOGINS} 次错误，账号已锁定 15 分钟` : '不正确，请重新输入登录密码'}`,
    { field: 'password' },
  )
}

/** The grant's window: the chosen day, or the graduation window's end when none is chosen. */
function chooseWindow(
  ctx: Pick<GrantContext, 'window' | 'lastDay'>,
  validUntil: string | undefined,
  now: Date,
): Window {
  if (!validUntil) return ctx.window
  let w: Window
  try {
    w = dayWindow(validUntil)
  } catch {
    throw new AppError('validation_error', '有效期：应为 YYYY-MM-DD 格式的日期', { field: 'validUntil' })
  }
  if (w.endsAt.getTime() > ctx.window.endsAt.getTime())
    throw new AppError('validation_error', `有效期：不能晚于 ${ctx.lastDay}（毕业时间加六个月）`, {
      field: 'validUntil',
    })
  if (!isOpen(w, now))
    throw new AppError('validation_error', `有效期：不能早于今天（${cstDay(now)}）`, { field: 'validUntil' })
  return w
}

export async function createGrant(
  deps: AppDeps,
  me: Me,
  input: { password: string; validUntil?: string },
): Promise<{ number: string; validUntil: string }> {
  const { db } = deps
  const ctx = await grantContext(deps, me)
  const now = deps.now()
  if (ctx.registrationStatus !== 'approved') throw conflict('您还没有审核通过的去向登记，登记审核通过后才能授权核验')
  if (!ctx.open)
    throw conflict(
      `核验服务已于 ${ctx.lastDay} 截止（毕业时间加六个月），不能再授权核验；去向登记本身并不因此失效，如需证明请联系学校`,
    )
  const w = chooseWindow(ctx, input.validUntil, now)
  await checkPassword(deps, me, input.password)
  const live = await db
    .selectFrom('verification_grants')
    .select('valid_until')
    .where('graduate_id', '=', ctx.graduateId)
    .where('revoked_at', 'is', null)
    .execute()
  const answering = live.filter((r) => isOpen(windowFromValidUntil(r.valid_until), now)).length
  if (answering >= MAX_ACTIVE_GRANTS)
    throw conflict(`同时有效的核验编号最多 ${MAX_ACTIVE_GRANTS} 个，请先撤销不再需要的授权`)

  for (let attempt = 1; ; attempt++) {
    const number = generateNumber('verification', ctx.graduationTime, me.schoolCode)
    try {
      await deps.batch([
        db.insertInto('verification_grants').values({
          number,
          graduate_id: ctx.graduateId,
          valid_until: w.validUntil,
          created_at: now.toISOString(),
          revoked_at: null,
        }),
        auditInsert(db, now, me, {
          action: 'verification.grant',
          target: `graduate:${ctx.graduateId}`,
          detail: { validUntil: w.validUntil },
        }),
      ])
      return { number, validUntil: w.validUntil }
    } catch (e) {
      // A collision of 32^7 random numbers within one school and year: draw again.
      if (attempt < 5 && /UNIQUE|PRIMARY/i.test(String(e))) continue
      throw e
    }
  }
}

export interface GrantItem {
  number: string
  validUntil: string
  revokedAt: string | null
  createdAt: string
}

export async function listGrants(db: Db, graduateId: number): Promise<GrantItem[]> {
  const rows = await db
    .selectFrom('verification_grants')
    .selectAll()
    .where('graduate_id', '=', graduateId)
    .orderBy('created_at', 'desc')
    .orderBy('number')
    .execute()
  return rows.map((r) => ({
    number: r.number,
    validUntil: r.valid_until,
    revokedAt: r.revoked_at,
    createdAt: r.created_at,
  }))
}

async function findGrant(db: Db, graduateId: number, raw: string) {
  const number = normalizeNumber(raw)
  const g = await db
    .selectFrom('verification_grants')
    .selectAll()
    .where('number', '=', number)
    .where('graduate_id', '=', graduateId)
    .executeTakeFirst()
  if (!g) throw notFound('没有找到这个核验编号')
  return g
}

/** Revoking twice is harmless: the first time counts. */
export async function revokeGrant(deps: AppDeps, me: Me, raw: string): Promise<void> {
  const g = await findGrant(deps.db, me.graduateId ?? -1, raw)
  if (g.revoked_at) return
  const now = deps.now()
  await deps.batch([
    deps.db
      .updateTable('verification_grants')
      .set({ revoked_at: now.toISOString() })
      .where('number', '=', g.number)
      .where('revoked_at', 'is', null),
    auditInsert(deps.db, now, me, { action: 'verification.revoke', target: `graduate:${g.graduate_id}` }),
  ])
}

interface AccessLogItem {
  at: string
  number: string
  kind: string
  outcome: string
}

export interface AccessLogPage {
  items: AccessLogItem[]
  total: number
}

/** The graduate's access log is paged (contract §4.6); 50 a page unless asked otherwise. */
export const ACCESS_LOG_PAGE_SIZE = 50

/**
 * Every lookup of this graduate's numbers — transfer numbers (current and superseded) and
 * verification numbers — whether or not the lookup matched the name; newest first, one page of
 * it, with the count of all of them (the contract promises every lookup, not the latest few).
 */
export async function accessLog(
  db: Db,
  graduateId: number,
  { page = 1, pageSize = ACCESS_LOG_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
): Promise<AccessLogPage> {
  const mine = (eb: ExpressionBuilder<Database, 'lookups'>) =>
    eb.or([
      eb('graduate_id', '=', graduateId),
      eb('number', 'in', eb.selectFrom('transfer_numbers').select('number').where('graduate_id', '=', graduateId)),
      eb('number', 'in', eb.selectFrom('verification_grants').select('number').where('graduate_id', '=', graduateId)),
    ])
  const [items, count] = await Promise.all([
    db
      .selectFrom('lookups')
      .where(mine)
      .select(['at', 'number', 'kind', 'outcome'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('lookups')
      .where(mine)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

/** The report: the sheet with the 核验编号, valid until the grant's own end. */
export async function grantReport(
  deps: AppDeps,
  me: CurrentUser,
  raw: string,
): Promise<{ pdf: Uint8Array; number: string; name: string }> {
  const grant = await findGrant(deps.db, me.graduateId ?? -1, raw)
  if (grant.revoked_at) throw new AppError('revoked', '这个核验编号已撤销，不能再下载核验报告')
  const row = await sheetSource(deps, me, grant.graduate_id)
  if (!row) throw new AppError('not_found', '没有找到您的生源信息')
  const window = graduationWindow(row.graduation_time)
  const own = windowFromValidUntil(grant.valid_until)
  const validUntil = own.endsAt < window.endsAt ? own.validUntil : window.validUntil
  if (!isOpen(windowFromValidUntil(validUntil), deps.now()))
    throw new AppError(
      'expired',
      '这个核验编号已过有效期，不能再在线核验；去向登记本身并未失效，如需核验请重新授权或联系学校',
    )
  if (row.status !== 'approved')
    throw new AppError('conflict', '您的去向登记当前不是审核通过状态，暂时不能下载核验报告')
  const pdf = await renderSheetOf(deps, me, row, {
    kind: 'verification',
    number: grant.number,
    validUntil,
    issuedAt: new Date(grant.created_at),
  })
  await audit(deps.db, deps.now(), me, { action: 'verification.report', target: `graduate:${grant.graduate_id}` })
  return { pdf, number: grant.number, name: row.name }
}
