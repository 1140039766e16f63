/** Shared fixtures for the registration tests: valid parts, proof bytes, a graduate with a token. */
import { makeCreditCode } from '../../src/domain/credit-code.js'
import { insertGraduate, studentToken, type TestApp } from '../helpers.js'

export const CREDIT = makeCreditCode('91110108MA01C3XK5')

export const employment = (over: Record<string, unknown> = {}) => ({
  type: '签劳动合同就业',
  unitName: '北京示例科技有限公司',
  unitCreditCode: CREDIT,
  unitNature: '39',
  unitIndustry: '34',
  unitLocation: '110108',
  jobCategory: '13',
  ...over,
})

export const archive = (over: Record<string, unknown> = {}) => ({
  transferType: '托管单位接收',
  unitName: '北京市海淀区人力资源公共服务中心',
  unitAddress: '北京市海淀区西四环北路73号',
  unitLocation: '110108',
  postcode: '100195',
  contact: '王维',
  phone: '15875693214',
  ...over,
})

export const hukou = (over: Record<string, unknown> = {}) => ({
  migrationType: '托管单位接收',
  location: '110108',
  address: '北京市海淀区西四环北路73号',
  ...over,
})

export const full = (dest: Record<string, unknown> = employment()) => ({
  destination: dest,
  archive: archive(),
  hukou: hukou(),
})

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])

export function fileForm(bytes: Uint8Array, name = 'proof.png', type = 'image/png') {
  const fd = new FormData()
  fd.append('file', new File([bytes as unknown as BlobPart], name, { type }))
  return fd
}

export async function graduateWithToken(t: TestApp, over: Parameters<typeof insertGraduate>[1] = {}) {
  const g = await insertGraduate(t, over)
  const token = await studentToken(t, g)
  return { ...g, token }
}

/** The graduate saves a full registration, uploads one proof and submits it. */
export async function submitted(t: TestApp, g: { token: string }, content: Record<string, unknown> = full()) {
  let r = await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: content })
  if (r.status !== 200) throw new Error(`save: ${r.status} ${JSON.stringify(r.data)}`)
  r = await t.json('POST', '/api/v1/me/registration/attachments', { token: g.token, body: fileForm(PNG) })
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.data)}`)
  r = await t.json('POST', '/api/v1/me/registration/submit', { token: g.token })
  if (r.status !== 200) throw new Error(`submit: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data as { id: number; status: string; version: number }
}

export async function approved(t: TestApp, g: { token: string }, content?: Record<string, unknown>) {
  const reg = await submitted(t, g, content)
  const r = await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  if (r.status !== 200) throw new Error(`approve: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data as { id: number; status: string; version: number }
}

/**
 * A browser-like session: logs in through the login page (cookie + CSRF token), then `get` and
 * `post` (form or multipart) carry the session cookie and the page's `_csrf` token.
 */
export async function pageSession(
  t: TestApp,
  audience: 'me' | 'admin' | 'employer',
  username: string,
  password: string,
  /** 院校代码, for the login of a province deployment. */
  school?: string,
) {
  let cookies: Record<string, string> = {}
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      cookies[pair.slice(0, i)] = pair.slice(i + 1)
    }
  }
  const cookieHeader = () =>
    Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ')
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  const login = await t.app.request(`/${audience}/login`)
  keep(login)
  const form = new URLSearchParams({
    username,
    password,
    _csrf: csrfOf(await login.text()),
    ...(school ? { school } : {}),
  })
  const res = await t.app.request(`/${audience}/login`, {
    method: 'POST',
    headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  keep(res)
  if (res.status !== 303) throw new Error(`page login failed: ${res.status}`)
  let csrf = ''
  const s = {
    async get(path: string) {
      const r = await t.app.request(path, { headers: { cookie: cookieHeader(), accept: 'text/html' } })
      keep(r)
      const html = await r.text()
      csrf = csrfOf(html) || csrf
      return { status: r.status, html, res: r }
    },
    async post(path: string, fields: Record<string, string | string[]> | FormData, { withCsrf = true } = {}) {
      if (!csrf) await s.get(`/${audience}`)
      let body: BodyInit
      const headers: Record<string, string> = { cookie: cookieHeader(), accept: 'text/html' }
      if (fields instanceof FormData) {
        if (withCsrf) fields.append('_csrf', csrf)
        body = fields
      } else {
        const p = new URLSearchParams()
        for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
        if (withCsrf) p.append('_csrf', csrf)
        body = p
        headers['content-type'] = 'application/x-www-form-urlencoded'
      }
      const r = await t.app.request(path, { method: 'POST', headers, body })
      keep(r)
      const html = await r.text()
      csrf = csrfOf(html) || csrf
      return { status: r.status, html, location: r.headers.get('location'), res: r }
    },
  }
  return s
}

/** The graduate form's fields for a full registration. */
export function formFields(over: Record<string, string> = {}) {
  const d = employment()
  const a = archive()
  const h = hukou()
  const f: Record<string, string> = {}
  for (const [k, v] of Object.entries(d)) f[`d_${k}`] = String(v)
  for (const [k, v] of Object.entries(a)) f[`a_${k}`] = String(v)
  for (const [k, v] of Object.entries(h)) f[`h_${k}`] = String(v)
  return { ...f, ...over }
}

/** The columns of the employment system's registration export, in its order. */
export const REG_HEADERS = [
  '身份证号',
  '毕业去向',
  '单位名称',
  '统一社会信用代码',
  '单位性质代码',
  '单位行业代码',
  '单位所在地代码',
  '工作职位类别代码',
  '升学院校',
  '国家或地区',
  '档案转递类型',
  '档案转递单位名称',
  '档案转递单位地址',
  '档案转递单位所在地代码',
  '档案转递单位邮编',
  '档案转递联系人',
  '档案转递联系电话',
  '户口迁移类型',
  '户口迁移所在地代码',
  '户口迁移地址',
]

/** One row of that export for the graduate with this 身份证号: a complete, valid registration. */
export function registrationRow(idCardNo: string, over: Record<string, string> = {}): string[] {
  const base: Record<string, string> = {
    身份证号: idCardNo,
    毕业去向: '签劳动合同就业',
    单位名称: '北京示例科技有限公司',
    统一社会信用代码: CREDIT,
    单位性质代码: '39',
    单位行业代码: '34',
    单位所在地代码: '110108',
    工作职位类别代码: '13',
    档案转递类型: '托管单位接收',
    档案转递单位名称: '北京市海淀区人力资源公共服务中心',
    档案转递单位地址: '北京市海淀区西四环北路73号',
    档案转递单位所在地代码: '110108',
    档案转递单位邮编: '100195',
    档案转递联系人: '王维',
    档案转递联系电话: '15875693214',
    户口迁移类型: '转回生源地',
    户口迁移所在地代码: '430104',
    户口迁移地址: '湖南省长沙市芙蓉区某街道 1 号',
    ...over,
  }
  return REG_HEADERS.map((h) => base[h] ?? '')
}

/** A CSV upload of `rows` under `headers` (UTF-8 with BOM, as Excel writes it). */
export function csvForm(headers: string[], rows: string[][], name = 'registrations.csv') {
  const text = [headers, ...rows]
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n')
  const fd = new FormData()
  fd.append('file', new File([`\uFEFF${text}`], name, { type: 'text/csv' }))
  return fd
}
