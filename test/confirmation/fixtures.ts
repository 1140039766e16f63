/**
 * Registrations put straight into the database, for tests that stand on the registration feature
 * without driving it (it is built separately): one row per graduate, as the registration feature
 * writes it — status, source, version and the three JSON parts.
 */
import type { TestApp } from '../helpers.js'
import type { RegistrationSource, RegistrationStatus } from '../../src/db/schema.js'

export const DESTINATION = {
  type: '签就业协议书就业',
  unitName: '学信咨询服务有限公司',
  unitCreditCode: null,
  unitNature: '39',
  unitIndustry: '34',
  unitLocation: '110108',
  jobCategory: null,
  school: null,
  country: null,
}
const ARCHIVE = {
  transferType: '托管单位接收',
  unitName: '北京市海淀区人力资源公共服务中心',
  unitAddress: '北京市海淀区某路 1 号',
  unitLocation: '110108',
  postcode: '100080',
  contact: '王老师',
  phone: '010-12345678',
}
const HUKOU = { migrationType: '托管单位接收', location: '110102', address: '北京市西城区某街 2 号' }

export interface RegOptions {
  status?: RegistrationStatus
  source?: RegistrationSource
  version?: number
  destination?: Record<string, unknown> | null
  archive?: Record<string, unknown> | null
  hukou?: Record<string, unknown> | null
  approvedAt?: string | null
}

export async function insertRegistration(t: Pick<TestApp, 'db' | 'clock'>, graduateId: number, o: RegOptions = {}) {
  const at = t.clock.now.toISOString()
  const status = o.status ?? 'approved'
  const r = await t.db
    .insertInto('registrations')
    .values({
      graduate_id: graduateId,
      status,
      source: o.source ?? '登记系统',
      version: o.version ?? 1,
      destination: o.destination === null ? null : JSON.stringify(o.destination ?? DESTINATION),
      archive: o.archive === null ? null : JSON.stringify(o.archive ?? ARCHIVE),
      hukou: o.hukou === null ? null : JSON.stringify(o.hukou ?? HUKOU),
      submitted_at: at,
      approved_at: o.approvedAt !== undefined ? o.approvedAt : status === 'approved' ? at : null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

/** What the registration feature does on every change to an approved registration. */
export async function bumpVersion(
  t: Pick<TestApp, 'db'>,
  graduateId: number,
  patch: { destination?: Record<string, unknown> } = {},
) {
  await t.db
    .updateTable('registrations')
    .set((eb) => ({
      version: eb('version', '+', 1),
      ...(patch.destination ? { destination: JSON.stringify(patch.destination) } : {}),
    }))
    .where('graduate_id', '=', graduateId)
    .execute()
}

export async function setStatus(t: Pick<TestApp, 'db'>, graduateId: number, status: RegistrationStatus) {
  await t.db.updateTable('registrations').set({ status }).where('graduate_id', '=', graduateId).execute()
}

/**
 * A browser-like session: cookies kept between requests, the CSRF token read from the last page.
 * Drives the real login form, so page tests go through the same path as people do.
 */
export async function browserLogin(t: TestApp, audience: 'me' | 'admin', username: string, password: string) {
  const jar = new Map<string, string>()
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i), pair.slice(i + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  let csrf = ''
  async function get(path: string) {
    const res = await t.app.request(path, { headers: { cookie: cookie(), accept: 'text/html' } })
    keep(res)
    const text = res.headers.get('content-type')?.includes('text/html') ? await res.text() : ''
    if (text) csrf = csrfOf(text) || csrf
    return { res, text }
  }
  async function post(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams()
    body.set('_csrf', csrf)
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { cookie: cookie(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    keep(res)
    const isHtml = res.headers.get('content-type')?.includes('text/html')
    const text = isHtml ? await res.text() : ''
    if (text) csrf = csrfOf(text) || csrf
    return { res, text }
  }
  await get(`/${audience}/login`)
  const r = await post(`/${audience}/login`, { username, password })
  if (r.res.status !== 303) throw new Error(`page login failed: ${r.res.status}`)
  return { get, post }
}
