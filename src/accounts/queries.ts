/** Accounts and sessions: the queries. Each takes `db` first. */
import type { Db, User } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { randomToken, sha256 } from '../crypto.js'

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
}

export async function loadSessionUser(
  db: Db,
  token: string,
  now: Date,
  via: CurrentUser['via'],
): Promise<CurrentUser | null> {
  const id = sha256(token)
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
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
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
    role: row.role,
    departmentId: row.department_id,
    department: row.department,
    graduateId: row.graduate_id,
    permissions: { info: row.perm_info, archive: row.perm_archive, hukou: row.perm_hukou },
    mustChangePassword: row.must_change_password === 1,
    sessionId: id,
    via,
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

export async function findSchool(db: Db, code: string | undefined, defaultCode: string) {
  if (code) return db.selectFrom('schools').selectAll().where('code', '=', code).executeTakeFirst()
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
  u: Pick<CurrentUser, 'username' | 'role' | 'department' | 'permissions' | 'mustChangePassword'>,
) {
  return {
    username: u.username,
    role: u.role,
    department: u.department,
    permissions: u.permissions,
    mustChangePassword: u.mustChangePassword,
  }
}
