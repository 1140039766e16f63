/** Accounts and sessions: the queries. Each takes `db` first. */
import type { Insertable } from 'kysely'
import type { Db, User, UsersTable } from '../db/schema.js'
import type { jsonList } from '../db/batch.js'
import type { CurrentUser } from '../deps.js'
import type { Config } from '../config.js'
import { randomToken, sha256 } from '../crypto.js'
import { likePrefix } from '../db/like.js'

/**
 * Security decision: sessions last 12 hours from login, then the user signs in again. The
 * token is 32 random characters; only its SHA-256 is stored, so a copy of the database does
 * not hold usable tokens.
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

/**
 * Security decision: 5 failed logins in a row lock an account for 15 minutes (contract §4.1);
 * a school user may unlock it sooner. A correct password does not get through a lock.
 */
export const MAX_FAILED_LOGINS = 5
export const LOCK_MS = 15 * 60 * 1000

export async function createSession(db: Db, userId: number, now: Date) {
  const token = randomToken()
  const at = now.toISOString()
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    })
    .execute()
  return token
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
  await db.deleteFrom('employer_sessions').where('id', '=', sessionId).execute()
}

/**
 * Employer sessions (contract §5: "sessions (§4.1) serve it too"). An employer is an account of
 * its own (table `employers`), so its sessions live in `employer_sessions`; the token carries the
 * prefix `E.` so that one lookup finds the right table. Same 12 hours, same hashed storage.
 */
const EMPLOYER_TOKEN_PREFIX = 'E.'

export async function createEmployerSession(db: Db, employerId: number, now: Date) {
  const token = EMPLOYER_TOKEN_PREFIX + randomToken()
  const at = now.toISOString()
  await db
    .insertInto('employer_sessions')
    .values({
      id: sha256(token),
      employer_id: employerId,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    })
    .execute()
  return token
}

/**
 * Security decision: an employer's CurrentUser has `id` = −(employers.id), which is no row of
 * `users`, so no code that looks a user up by id can ever reach a school or graduate account
 * from an employer session; `employerId` carries the real id, and `role` is `employer`, which no
 * staff or graduate guard admits.
 */
async function loadEmployerSession(
  db: Db,
  id: string,
  now: Date,
  via: CurrentUser['via'],
): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('employer_sessions')
    .innerJoin('employers', 'employers.id', 'employer_sessions.employer_id')
    .innerJoin('schools', 'schools.id', 'employers.school_id')
    .select([
      'employer_sessions.expires_at',
      'employers.id',
      'employers.school_id',
      'schools.code as school_code',
      'employers.username',
      'employers.name',
      'employers.status',
    ])
    .where('employer_sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  if (row.expires_at <= now.toISOString() || row.status !== 'approved') {
    await deleteSession(db, id)
    return null
  }
  return {
    id: -row.id,
    employerId: row.id,
    schoolId: row.school_id,
    schoolCode: row.school_code,
    username: row.username,
    displayName: row.name,
    role: 'employer',
    educationScope: 'all',
    classes: [],
    departmentId: null,
    department: null,
    graduateId: null,
    permissions: { info: 'none', archive: 'none', hukou: 'none' },
    mustChangePassword: false,
    sessionId: id,
    via,
  }
}

export async function findEmployerAccount(db: Db, username: string) {
  return db.selectFrom('employers').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function loadSessionUser(
  db: Db,
  token: string,
  now: Date,
  via: CurrentUser['via'],
): Promise<CurrentUser | null> {
  const id = sha256(token)
  if (token.startsWith(EMPLOYER_TOKEN_PREFIX)) return loadEmployerSession(db, id, now, via)
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('schools', 'schools.id', 'users.school_id')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'sessions.expires_at',
      'users.id',
      'users.school_id',
      'schools.code as school_code',
      'schools.kind as school_kind',
      'users.username',
      'users.display_name',
      'users.role',
      'users.department_id',
      'departments.name as department',
      'users.graduate_id',
      'users.perm_info',
      'users.perm_archive',
      'users.perm_hukou',
      'users.must_change_password',
      'users.counsellor',
      'users.classes',
      'users.education_scope',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  // Security decision: a disabled account's sessions are deleted when it is disabled; this
  // refuses any that slipped through (contract §6: disabled users cannot log in).
  if (row.disabled_at) return null
  if (row.expires_at <= now.toISOString()) {
    await deleteSession(db, id)
    return null
  }
  return {
    id: row.id,
    schoolId: row.school_id,
    schoolCode: row.school_code,
    username: row.username,
    displayName: row.display_name,
    role:
      row.school_kind === 'province'
        ? 'province'
        : row.role === 'department' && row.counsellor === 1
          ? 'counsellor'
          : row.role,
    educationScope: row.education_scope,
    classes: parseClasses(row.classes),
    departmentId: row.department_id,
    department: row.department,
    graduateId: row.graduate_id,
    permissions: { info: row.perm_info, archive: row.perm_archive, hukou: row.perm_hukou },
    mustChangePassword: row.must_change_password === 1,
    sessionId: id,
    via,
  }
}

/** A counsellor's 所在班级 (a JSON array in `users.classes`). */
export function parseClasses(raw: string | null): string[] {
  if (!raw) return []
  try {
    const v = JSON.parse(raw)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export async function findUser(db: Db, schoolId: number, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('username', '=', username)
    .executeTakeFirst()
}

/**
 * The organisation a login names. In a province deployment (contract §8) a login without a
 * 院校代码 is the province's own; school users and graduates must name their school.
 */
export async function findSchool(db: Db, code: string | undefined, config: Pick<Config, 'deployment' | 'schoolCode'>) {
  if (code) return db.selectFrom('schools').selectAll().where('code', '=', code).executeTakeFirst()
  if (config.deployment === 'province')
    return db.selectFrom('schools').selectAll().where('kind', '=', 'province').executeTakeFirst()
  const defaultCode = config.schoolCode
  const all = await db.selectFrom('schools').selectAll().limit(2).execute()
  if (all.length === 1) return all[0]
  return db.selectFrom('schools').selectAll().where('code', '=', defaultCode).executeTakeFirst()
}

/** The first password of a graduate: the last six characters of 身份证号 (seeds 001, 002). */
export async function firstPasswordOf(db: Db, user: Pick<User, 'graduate_id'>) {
  if (!user.graduate_id) return null
  const g = await db.selectFrom('graduates').select('id_card').where('id', '=', user.graduate_id).executeTakeFirst()
  return g ? g.id_card.slice(-6).toUpperCase() : null
}

export function publicUser(
  u: Pick<CurrentUser, 'username' | 'role' | 'department' | 'permissions' | 'mustChangePassword'> &
    Partial<Pick<CurrentUser, 'classes' | 'educationScope'>>,
) {
  return {
    username: u.username,
    role: u.role,
    department: u.department,
    permissions: u.permissions,
    mustChangePassword: u.mustChangePassword,
    // Only where it narrows what the user sees: the contract's session shape stays as it was otherwise.
    ...(u.educationScope && u.educationScope !== 'all' ? { educationScope: u.educationScope } : {}),
    ...(u.role === 'counsellor' ? { classes: u.classes ?? [] } : {}),
  }
}

export async function userById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** A new password set by its owner: no forced change any more. */
export const setPassword = (db: Db, userId: number, hash: string, at: Date) =>
  db
    .updateTable('users')
    .set({ password_hash: hash, must_change_password: 0, updated_at: at.toISOString() })
    .where('id', '=', userId)

export const endOtherSessions = (db: Db, userId: number, keepSessionId: string) =>
  db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepSessionId)

/** Back to the first password (forced change, unlocked) and out of every session, for a chunk of graduates. */
export const resetGraduateAccounts = (db: Db, graduateIds: ReturnType<typeof jsonList<number>>, at: Date) => [
  db
    .updateTable('users')
    .set({
      password_hash: null,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: at.toISOString(),
    })
    .where('graduate_id', 'in', graduateIds),
  db
    .deleteFrom('sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('graduate_id', 'in', graduateIds)),
]

/** The 院系 of that name, created when new (names match the roster's exactly, seed 004 §1.4). */
export const insertUser = (db: Db, values: Insertable<UsersTable>) => db.insertInto('users').values(values)

/** The graduates' own accounts: the lock and whether they are on the first password. */
export async function graduateAccountRows(db: Db, schoolId: number, graduateIds: number[]) {
  if (!graduateIds.length) return []
  return db
    .selectFrom('users')
    .select(['graduate_id', 'locked_until', 'password_hash', 'must_change_password'])
    .where('school_id', '=', schoolId)
    .where('graduate_id', 'in', graduateIds)
    .execute()
}

export const unlockAccount = (db: Db, userId: number, at: Date) =>
  db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, updated_at: at.toISOString() })
    .where('id', '=', userId)

export async function listStaffUsers(db: Db, schoolId: number, at: Date) {
  const now = at.toISOString()
  const rows = await db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'username',
      'display_name',
      'role',
      'counsellor',
      'classes',
      'education_scope',
      'disabled_at',
      'departments.name as department',
      'perm_info',
      'perm_archive',
      'perm_hukou',
      'locked_until',
      'failed_logins',
    ])
    .where('users.school_id', '=', schoolId)
    .where('role', '!=', 'student')
    .orderBy('users.id')
    .execute()
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    role: r.role === 'department' && r.counsellor === 1 ? ('counsellor' as const) : r.role,
    department: r.department,
    classes: parseClasses(r.classes),
    educationScope: r.education_scope,
    disabled: !!r.disabled_at,
    permissions: { info: r.perm_info, archive: r.perm_archive, hukou: r.perm_hukou },
    locked: !!r.locked_until && r.locked_until > now,
    failedLogins: r.failed_logins,
  }))
}

/** One page of the school's audit log, newest first; the days are the reader's (Beijing) days, the log stores UTC. */
export async function auditPage(
  db: Db,
  schoolId: number,
  filters: { group?: string; actor?: string; from?: string; to?: string },
  page: number,
  pageSize: number,
) {
  const base = () => {
    let q = db.selectFrom('audit_log').where('school_id', '=', schoolId)
    if (filters.group) q = q.where('action', 'like', likePrefix(`${filters.group}.`))
    if (filters.actor) q = q.where('actor', '=', filters.actor)
    if (filters.from) q = q.where('at', '>=', new Date(`${filters.from}T00:00:00+08:00`).toISOString())
    if (filters.to)
      q = q.where('at', '<', new Date(new Date(`${filters.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString())
    return q
  }
  const { n } = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await base()
    .select(['at', 'actor', 'action', 'target', 'detail'])
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows, total: Number(n) }
}

/** Names of the graduates audit rows are about (`graduate:<id>` targets), by id, within the school. */
export async function graduateNamesOf(db: Db, schoolId: number, rows: Array<{ target: string | null }>) {
  const ids = [
    ...new Set(
      rows
        .map((r) => /^graduate:(\d+)$/.exec(r.target ?? '')?.[1])
        .filter((x): x is string => !!x)
        .map(Number),
    ),
  ]
  if (!ids.length) return {}
  const names = await db
    .selectFrom('graduates')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', ids)
    .execute()
  return Object.fromEntries(names.map((n) => [String(n.id), n.name]))
}

/** The account's own address and, for a graduate, the roster's (which the outbox falls back to). */
export function ownEmail(db: Db, userId: number) {
  return db
    .selectFrom('users')
    .leftJoin('graduates', 'graduates.id', 'users.graduate_id')
    .select(['users.email as own', 'graduates.email as roster'])
    .where('users.id', '=', userId)
    .executeTakeFirst()
}
