/**
 * First start (contract §1): the school from SCHOOL_CODE / SCHOOL_NAME, the administrator `admin`
 * (ADMIN_PASSWORD, or a generated password returned once for printing), and the signing key
 * (SECRET_KEY, or one generated and kept in `settings`). Running it again changes nothing.
 */
import type { Config } from '../config.js'
import type { Db } from './schema.js'
import { hashPassword, type ScryptParams } from '../accounts/password.js'
import { randomToken } from '../crypto.js'
import { customAlphabet } from 'nanoid'

export interface BootstrapResult {
  secretKey: string
  schoolId: number
  /** Set only on the start that created `admin` with a generated password. */
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

  await db
    .insertInto('schools')
    .values({ code: config.schoolCode, name: config.schoolName, created_at: at })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('code', '=', config.schoolCode)
    .executeTakeFirstOrThrow()

  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('school_id', '=', school.id)
    .where('username', '=', 'admin')
    .executeTakeFirst()
  if (admin) return { secretKey, schoolId: school.id, createdAdmin: false }

  const generated = config.adminPassword ? undefined : passwordChars()
  const hash = await hashPassword(config.adminPassword ?? generated!, params)
  const inserted = await db
    .insertInto('users')
    .values({
      school_id: school.id,
      username: 'admin',
      role: 'school',
      display_name: '学校管理员',
      perm_info: 'rw',
      perm_archive: 'rw',
      perm_hukou: 'rw',
      password_hash: hash,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['school_id', 'username']).doNothing())
    .executeTakeFirst()
  const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
  return {
    secretKey,
    schoolId: school.id,
    createdAdmin: created,
    generatedAdminPassword: created ? generated : undefined,
  }
}
