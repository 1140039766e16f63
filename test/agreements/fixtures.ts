/** Shared fixtures of the agreement tests: an approved employer, the school's signing settings, an invitation. */
import { insertGraduate, studentToken, type TestApp } from '../helpers.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'

let seq = 0
export const AGENTS = {
  all: { name: '王老师', phone: '010-62750000', address: '北京市海淀区颐和园路5号', postcode: '100871' },
}

export function creditCode(n = ++seq) {
  return makeCreditCode(`91110108${String(100000000 + n).slice(-9)}`)
}

export function employerBody(over: Record<string, unknown> = {}) {
  seq += 1
  return {
    name: `北京示例科技有限公司${seq}`,
    creditCode: creditCode(seq),
    nature: '39',
    industry: '34',
    location: '110108',
    address: '北京市海淀区中关村大街1号',
    contact: '张三',
    phone: '13900139000',
    email: 'hr@example.com',
    username: `hr${seq}`,
    password: 'employer-pass-1',
    ...over,
  }
}

export async function approvedEmployer(t: TestApp, over: Record<string, unknown> = {}) {
  const body = employerBody(over)
  const r = await t.json('POST', '/api/v1/employers', { body })
  if (r.status !== 201) throw new Error(`employer registration failed: ${r.status} ${JSON.stringify(r.data)}`)
  const d = await t.json('POST', `/api/v1/employers/${r.data.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  if (d.status !== 200) throw new Error(`employer approval failed: ${JSON.stringify(d.data)}`)
  const token = await t.login(body.username, body.password)
  return { id: r.data.id as number, token, body }
}

export async function enableOnlineSigning(t: TestApp, token = t.adminToken) {
  const r = await t.json('PUT', '/api/v1/settings/signing', { token, body: { agents: AGENTS, onlineSigning: true } })
  if (r.status !== 200) throw new Error(`settings failed: ${JSON.stringify(r.data)}`)
}

const JOB = {
  category: '13',
  title: '软件工程师',
  probation: '3个月',
  salary: '12000元/月',
  penalty: '5000元',
  reportDeadline: '2026-07-15',
  reportPlace: '北京市海淀区',
  workPlace: '北京市海淀区',
}

export function invitationBody(g: { name: string; idCard: string }, over: Record<string, unknown> = {}) {
  return {
    studentName: g.name,
    idNumber: g.idCard,
    school: '10001',
    job: JOB,
    archiveTransfer: '签约单位接收',
    hukouTransfer: '签约单位接收',
    terms: '提供住房补贴',
    responseDays: 7,
    ...over,
  }
}

/** A school with online signing on, an approved employer, and a graduate who can sign in. */
export async function signingSetup(t: TestApp, graduate: Parameters<typeof insertGraduate>[1] = {}) {
  await enableOnlineSigning(t)
  const employer = await approvedEmployer(t)
  const g = await insertGraduate(t, graduate)
  const token = await studentToken(t, g)
  return { employer, g, student: token }
}

export async function invite(t: TestApp, employerToken: string, g: { name: string; idCard: string }, over = {}) {
  const r = await t.json('POST', '/api/v1/employer/invitations', {
    token: employerToken,
    body: invitationBody(g, over),
  })
  if (r.status !== 201) throw new Error(`invitation failed: ${r.status} ${JSON.stringify(r.data)}`)
  return r.data
}
