/** Approved registrations written straight into the database, for the transfer and grant tests. */
import type { TestApp } from '../helpers.js'

export const DESTINATION = {
  type: '签就业协议书就业',
  unitName: '北京学信咨询服务有限公司',
  unitCreditCode: '91110000802100433B',
  unitNature: '39',
  unitIndustry: '65',
  unitLocation: '110102',
  jobCategory: '20',
  school: '',
  country: '',
}
export const ARCHIVE = {
  transferType: '托管单位接收',
  unitName: '北京市海淀区人力资源公共服务中心',
  unitAddress: '北京市海淀区苏州街36号',
  unitLocation: '110108',
  postcode: '100080',
  contact: '王维',
  phone: '010-82345678',
}
export const HUKOU = { migrationType: '转回生源地', location: '420602', address: '湖北省襄阳市襄城区公安分局' }

export async function register(
  t: Pick<TestApp, 'db' | 'clock'>,
  graduateId: number,
  {
    status = 'approved',
    version = 1,
    archive = ARCHIVE,
    destination = DESTINATION,
    hukou = HUKOU,
  }: { status?: string; version?: number; archive?: object; destination?: object; hukou?: object } = {},
) {
  const at = t.clock.now.toISOString()
  await t.db
    .insertInto('registrations')
    .values({
      graduate_id: graduateId,
      status: status as 'approved',
      source: '登记系统',
      version,
      destination: JSON.stringify(destination),
      archive: JSON.stringify(archive),
      hukou: JSON.stringify(hukou),
      submitted_at: at,
      approved_at: status === 'approved' ? at : null,
      created_at: at,
      updated_at: at,
    })
    .execute()
}

/** What the registration feature does on every change to an approved registration. */
export async function bumpVersion(t: Pick<TestApp, 'db'>, graduateId: number, archive?: object) {
  const r = await t.db
    .selectFrom('registrations')
    .select(['version'])
    .where('graduate_id', '=', graduateId)
    .executeTakeFirstOrThrow()
  await t.db
    .updateTable('registrations')
    .set({ version: r.version + 1, ...(archive ? { archive: JSON.stringify(archive) } : {}) })
    .where('graduate_id', '=', graduateId)
    .execute()
}

export async function currentNumber(t: Pick<TestApp, 'db'>, graduateId: number) {
  const r = await t.db
    .selectFrom('transfer_numbers')
    .select('number')
    .where('graduate_id', '=', graduateId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst()
  return r?.number ?? null
}
