/**
 * Lookup test data: a graduate with an approved registration, a current 转递编号 and a 核验编号,
 * written straight into the database (the features that make them are tested on their own).
 */
import { insertGraduate, type TestApp } from '../helpers.js'
import { generateNumber } from '../../src/domain/numbers.js'
import { nameKey } from '../../src/domain/names.js'
import { graduationWindow } from '../../src/domain/validity.js'
import type { NewGraduate } from '../../src/db/schema.js'

export const DESTINATION = {
  type: '签就业协议书就业',
  unitName: '学信咨询服务有限公司',
  unitCreditCode: '91110108MA01XXXXXX',
  unitNature: '39',
  unitIndustry: '65',
  unitLocation: '110102',
  jobCategory: '20',
  school: null,
  country: null,
}
export const ARCHIVE = {
  transferType: '托管单位接收',
  unitName: '北京市海淀区人力资源公共服务中心',
  unitAddress: '北京市海淀区苏州街 36 号',
  unitLocation: '110108',
  postcode: '100195',
  contact: '王维',
  phone: '18593241256',
}
export const HUKOU = { migrationType: '转回生源地', location: '650102', address: '新疆乌鲁木齐市天山区某街道 1 号' }

export interface SeedOptions {
  graduate?: Partial<NewGraduate>
  status?: 'approved' | 'voided' | 'submitted'
  destination?: Record<string, unknown>
  archive?: Record<string, unknown> | null
  hukou?: Record<string, unknown> | null
  /** A 核验编号 ending earlier than the window (ISO +08:00). */
  grantValidUntil?: string
}

export async function seedGraduate(t: TestApp, opts: SeedOptions = {}) {
  const over = { ...opts.graduate }
  if (over.name && !over.name_key) over.name_key = nameKey(over.name)
  const g = await insertGraduate(t, over)
  const at = t.clock.now.toISOString()
  const reg = await t.db
    .insertInto('registrations')
    .values({
      graduate_id: g.id,
      status: opts.status ?? 'approved',
      source: '登记系统',
      version: 1,
      destination: JSON.stringify(opts.destination ?? DESTINATION),
      archive: opts.archive === null ? null : JSON.stringify(opts.archive ?? ARCHIVE),
      hukou: opts.hukou === null ? null : JSON.stringify(opts.hukou ?? HUKOU),
      submitted_at: at,
      approved_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const graduationTime = over.graduation_time ?? '202606'
  const transferNumber = generateNumber('transfer', graduationTime, '10001')
  await t.db
    .insertInto('transfer_numbers')
    .values({
      number: transferNumber,
      graduate_id: g.id,
      registration_version: 1,
      generated_at: at,
      generated_by: null,
      superseded_at: null,
    })
    .execute()
  const grantNumber = generateNumber('verification', graduationTime, '10001')
  await t.db
    .insertInto('verification_grants')
    .values({
      number: grantNumber,
      graduate_id: g.id,
      valid_until: opts.grantValidUntil ?? graduationWindow(graduationTime).validUntil,
      created_at: at,
      revoked_at: null,
    })
    .execute()
  return { ...g, registrationId: reg.id, transferNumber, grantNumber }
}

/** Inserts a newer transfer number and marks the given one superseded. */
export async function supersede(t: TestApp, graduateId: number, old: string) {
  const at = t.clock.now.toISOString()
  await t.db.updateTable('transfer_numbers').set({ superseded_at: at }).where('number', '=', old).execute()
  const fresh = generateNumber('transfer', '202606', '10001')
  await t.db
    .insertInto('transfer_numbers')
    .values({
      number: fresh,
      graduate_id: graduateId,
      registration_version: 2,
      generated_at: at,
      generated_by: null,
      superseded_at: null,
    })
    .execute()
  return fresh
}

/** A well-formed number (valid check character) that is not in the database. */
export const unknownTransferNumber = () => generateNumber('transfer', '202606', '10001')

export const verify = (t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.json('POST', '/api/v1/verify', { body, headers })
