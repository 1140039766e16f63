/**
 * First start (contract §1): the school from SCHOOL_CODE / SCHOOL_NAME, the administrator `admin`
 * (ADMIN_PASSWORD, or a generated password returned once for printing), and the signing key
 * (SECRET_KEY, or one generated and kept in `settings`). Running it again changes nothing.
 *
 * In a province deployment (contract §8, DEPLOYMENT=province) the first start creates the
 * province instead of a school: its organisation row (kind 'province', code PROVINCE_CODE) and
 * its administrator `province`; schools are then created by the province (src/province/).
 */
import type { Config } from '../config.js'
import type { Db } from '../db/schema.js'
import { hashPassword, type ScryptParams } from './password.js'
import { randomToken } from '../crypto.js'
import { customAlphabet } from 'nanoid'

export interface BootstrapResult {
  secretKey: string
  schoolId: number
  /** `admin` (a school deployment) or `province` (a province deployment). */
  adminUsername: string
  /** Set only on the start that created the administrator with a generated password. */
  generatedAdminPassword?: string
  createdAdmin: boolean
}

const passwordChars = customAlphabet('23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ', 16)

export async function bootstrap(db: Db, config: Config, now: Date, params?: ScryptParams): Promise<BootstrapResult> {
  const at = now.toISOString()
  let secretKey = config.secretKey
  if (!secretKey) {
    await db
      .insertInto('settings')
      .values({ key: 'secret_key', value: randomToken() + randomToken() })
      .onConflict((oc) => oc.doNothing())
      .execute()
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'secret_key')
      .executeTakeFirstOrThrow()
    secretKey = row.value
  }

  const province = config.deployment === 'province'
  const code = province ? config.provinceCode! : config.schoolCode
  await db
    .insertInto('schools')
    .values({
      code,
      name: province ? config.provinceName! : config.schoolName,
      kind: province ? 'province' : 'school',
      created_at: at,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
  const school = await db.selectFrom('schools').select('id').where('code', '=', code).executeTakeFirstOrThrow()

  const username = province ? 'province' : 'admin'
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('school_id', '=', school.id)
    .where('username', '=', username)
    .executeTakeFirst()
  if (admin) return { secretKey, schoolId: school.id, adminUsername: username, createdAdmin: false }

  const generated = config.adminPassword ? undefined : generatePassword()
  const created = await createAdministrator(db, school.id, {
    username,
    displayName: province ? '省级管理员' : '学校管理员',
    // The province reads every school through its own pages and routes only (guard in
    // src/middleware/auth.ts); `ro` says read-only, it grants nothing on the schools' routes.
    permission: province ? 'ro' : 'rw',
    passwordHash: await hashPassword(config.adminPassword ?? generated!, params),
    at,
  })
  return {
    secretKey,
    schoolId: school.id,
    adminUsername: username,
    createdAdmin: created,
    generatedAdminPassword: created ? generated : undefined,
  }
}

/** A random first password for an administrator, shown once. */
export const generatePassword = () => passwordChars()

/**
 * An organisation's administrator (a school's `admin`, the province's `province`); false when
 * one by that name exists already.
 */
async function createAdministrator(
  db: Db,
  schoolId: number,
  a: { username: string; displayName: string; permission: 'rw' | 'ro'; passwordHash: string; at: string },
) {
  const inserted = await db
    .insertInto('users')
    .values(administratorRow(schoolId, a))
    .onConflict((oc) => oc.columns(['school_id', 'username']).doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
}

export function administratorRow(
  schoolId: number,
  a: { username: string; displayName: string; permission: 'rw' | 'ro'; passwordHash: string; at: string },
) {
  return {
    school_id: schoolId,
    username: a.username,
    role: 'school' as const,
    display_name: a.displayName,
    perm_info: a.permission,
    perm_archive: a.permission,
    perm_hukou: a.permission,
    password_hash: a.passwordHash,
    created_at: a.at,
    updated_at: a.at,
  }
}

/**
 * What a serving process needs of the first start, read without writing: with several serving
 * processes (Node's cluster), `bootstrap` runs once in the supervisor before they start, and each
 * reads the signing key here.
 */
export async function readBootstrap(db: Db, config: Config): Promise<{ secretKey: string }> {
  const secretKey =
    config.secretKey ??
    (await db.selectFrom('settings').select('value').where('key', '=', 'secret_key').executeTakeFirstOrThrow()).value
  return { secretKey }
}
