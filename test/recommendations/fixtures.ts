/** 推荐表 tests: graduates with a signed-in account, and their 推荐表 filled in, submitted, decided. */
import { expect } from 'vitest'
import { insertGraduate, studentToken, type TestApp } from '../helpers.js'

export const PARTS = {
  intention: '软件开发工程师，意向城市杭州、上海',
  selfEvaluation: '学习认真，善于合作，在课程设计中担任组长，按期完成了三个项目。',
  awards: '2024年国家奖学金；2025年校级优秀学生干部',
  practice: '2025年暑期在杭州某科技公司实习两个月，参与后端接口开发。',
  skills: '英语六级，熟悉 TypeScript 与 SQL',
}

export const OPINION = '该生在校期间表现优秀，同意推荐。'

export async function graduate(t: TestApp, over: Parameters<typeof insertGraduate>[1] = {}) {
  const g = await insertGraduate(t, over)
  return { ...g, token: await studentToken(t, g) }
}

export async function submitted(t: TestApp, g: { token: string }, parts: Partial<typeof PARTS> = PARTS) {
  const put = await t.json('PUT', '/api/v1/me/recommendation', { token: g.token, body: parts })
  expect(put.status, JSON.stringify(put.data)).toBe(200)
  const r = await t.json('POST', '/api/v1/me/recommendation/submit', { token: g.token })
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  return r.data as { id: number; status: string }
}

export function decide(
  t: TestApp,
  token: string,
  id: number,
  body: { decision: string; opinion?: string | null; reason?: string | null },
) {
  return t.json('POST', `/api/v1/recommendations/${id}/decision`, { token, body })
}

export async function approved(t: TestApp, g: { token: string }, token = t.adminToken) {
  const s = await submitted(t, g)
  const r = await decide(t, token, s.id, { decision: 'approve', opinion: OPINION })
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  return r.data as { id: number }
}
