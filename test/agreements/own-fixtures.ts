/** Fixtures of the graduate's own agreements (线下签约, 补登): a unit, a draft, one taken to in force. */
import { expect } from 'vitest'
import { insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { PNG, fileForm } from '../registration/fixtures.js'
import { AGENTS, creditCode } from './fixtures.js'

export function unitBody(over: Record<string, unknown> = {}) {
  return {
    name: '北京线下科技有限公司',
    creditCode: creditCode(),
    nature: '国有企业',
    industry: '34',
    location: '110108',
    address: '北京市海淀区学院路1号',
    contact: '赵经理',
    phone: '010-88886666',
    email: 'hr@offline.example',
    ...over,
  }
}

export const OWN_JOB = { category: '13', title: '数据分析师', salary: '10000元/月', penalty: '3000元' }

export async function ownSetup(t: TestApp) {
  await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { agents: AGENTS } })
  const g = await insertGraduate(t)
  return { g, student: await studentToken(t, g) }
}

export async function draft(t: TestApp, token: string, over: Record<string, unknown> = {}) {
  const r = await t.json('POST', '/api/v1/me/agreements', {
    token,
    body: {
      kind: 'offline',
      unit: unitBody(),
      job: OWN_JOB,
      archiveTransfer: '签约单位接收',
      hukouTransfer: '不迁移',
      ...over,
    },
  })
  if (r.status !== 201) throw new Error(`draft: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data
}

export const post = (t: TestApp, token: string, path: string, body?: unknown) => t.json('POST', path, { token, body })
export const decide = (t: TestApp, id: number, decision: string, reason?: string, token = t.adminToken) =>
  post(t, token, `/api/v1/agreements/${id}/decision`, { decision, reason })
export const scan = (t: TestApp, token: string, id: number, bytes: Uint8Array = PNG, name = 'stamped.png') =>
  t.json('POST', `/api/v1/me/agreements/${id}/scan`, { token, body: fileForm(bytes, name) })

/** An offline agreement taken all the way to 签约审核通过 (in force). */
export async function offlineInForce(t: TestApp, token: string) {
  const a = await draft(t, token)
  expect((await post(t, token, `/api/v1/me/agreements/${a.id}/submit`)).status).toBe(200)
  expect((await decide(t, a.id, 'approve')).data.status).toBe('awaiting_stamp')
  expect((await scan(t, token, a.id)).status).toBe(200)
  expect((await post(t, token, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('stamp_submitted')
  const done = await decide(t, a.id, 'approve')
  expect(done.data.status).toBe('in_force')
  return done.data
}
