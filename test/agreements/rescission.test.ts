/** 解约 (issue 16 item 3; contract §5 "解约"; seed 004 §2.4, §2.7) and the school's 修改 (item 4). */
import { describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers.js'
import { PNG, fileForm } from '../registration/fixtures.js'
import { approvedEmployer, invite, signingSetup } from './fixtures.js'
import { draft, offlineInForce, ownSetup, post, unitBody } from './own-fixtures.js'

async function onlineInForce(t: TestApp) {
  const s = await signingSetup(t)
  const archive = {
    transferType: '转回生源地',
    unitName: '北京市海淀区人才服务中心',
    unitAddress: '北京市海淀区',
    unitLocation: '110108',
    postcode: '100080',
    contact: '刘老师',
    phone: '010-82345678',
  }
  await t.json('PUT', '/api/v1/me/registration', { token: s.student, body: { archive } })
  const a = await invite(t, s.employer.token, s.g)
  await post(t, s.student, `/api/v1/me/agreements/${a.id}/answer`, { answer: 'accept' })
  const d = await post(t, t.adminToken, `/api/v1/agreements/${a.id}/decision`, { decision: 'approve' })
  expect(d.data.status).toBe('in_force')
  return { ...s, a }
}

function letterForm(fields: Record<string, string>, bytes: Uint8Array | null = PNG, name = 'letter.png') {
  const fd = bytes ? fileForm(bytes, name) : new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  return fd
}

describe('解约 of an online agreement', () => {
  it('one party asks, the other answers, the school reviews; meanwhile nothing else can be signed or registered', async () => {
    const t = await createTestApp()
    const { a, employer, student, g } = await onlineInForce(t)

    // a reason outside the national list is a 400 naming 原因
    const bad = await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission`, { reason: '不想要了' })
    expect(bad.status).toBe(400)
    // the employer asks
    const asked = await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission`, {
      reason: '单位原因',
      note: '岗位撤销',
    })
    expect(asked.status).toBe(200)
    expect(asked.data).toMatchObject({
      status: 'rescinding',
      rescissionStage: 'answer_student',
      rescission: { by: 'employer', reason: '单位原因', note: '岗位撤销' },
    })
    // the employer cannot answer its own request; the school cannot decide before the answer
    expect(
      (await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission/answer`, { answer: 'accept' }))
        .status,
    ).toBe(403)
    expect((await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' })).status).toBe(
      409,
    )

    // while 解约中: no new agreement, no other invitation accepted
    expect((await post(t, student, '/api/v1/me/agreements', { kind: 'offline', unit: unitBody() })).status).toBe(409)
    const other = await approvedEmployer(t)
    const b = await invite(t, other.token, g)
    const blocked = await post(t, student, `/api/v1/me/agreements/${b.id}/answer`, { answer: 'accept' })
    expect(blocked.status).toBe(409)
    expect(blocked.data.error.message).toContain('解约')

    // the graduate declines: back in force
    const declined = await post(t, student, `/api/v1/me/agreements/${a.id}/rescission/answer`, { answer: 'decline' })
    expect(declined.data).toMatchObject({ status: 'in_force', rescissionStage: null })

    // the graduate asks this time, the employer agrees, the school approves (of two racing approvals one wins)
    await post(t, student, `/api/v1/me/agreements/${a.id}/rescission`, { reason: '升学' })
    const agreed = await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission/answer`, {
      answer: 'accept',
    })
    expect(agreed.data).toMatchObject({ status: 'rescinding', rescissionStage: 'school' })
    const [r1, r2] = await Promise.all([
      post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' }),
      post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' }),
    ])
    expect([r1.status, r2.status].sort()).toEqual([200, 409])
    expect((r1.status === 200 ? r1 : r2).data.status).toBe('rescinded')

    // the employment data is cleared, 档案 stays; the graduate may sign anew
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data).toMatchObject({
      status: 'draft',
      destination: null,
      archive: { unitName: '北京市海淀区人才服务中心' },
    })
    expect((await post(t, student, `/api/v1/me/agreements/${b.id}/answer`, { answer: 'accept' })).status).toBe(200)
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: student })
    expect(inbox.data.items.some((n: any) => n.title === '解约：解约审核通过')).toBe(true)
  })

  it('refuses a 解约函 on an online agreement, and a request past the school’s limit', async () => {
    const t = await createTestApp()
    const { a, student, employer } = await onlineInForce(t)
    await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { maxRescissions: 0 } })
    const withFile = await t.json('POST', `/api/v1/me/agreements/${a.id}/rescission`, {
      token: student,
      body: letterForm({ reason: '升学' }),
    })
    expect(withFile.status).toBe(400)
    const limited = await post(t, employer.token, `/api/v1/employer/agreements/${a.id}/rescission`, {
      reason: '单位原因',
    })
    expect(limited.status).toBe(409)
    expect(limited.data.error.message).toContain('解约次数上限（0 次）')
    expect((await t.json('GET', `/api/v1/agreements/${a.id}`, { token: t.adminToken })).data.status).toBe('in_force')
  })
})

describe('解约 of an offline or paper agreement', () => {
  it('needs the unit’s 解约函 (by content), goes straight to review, may be returned and asked again', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await offlineInForce(t, student)
    const url = `/api/v1/me/agreements/${a.id}/rescission`

    const noLetter = await t.json('POST', url, { token: student, body: { reason: '其他去向' } })
    expect(noLetter.status).toBe(400)
    expect(noLetter.data.error.message).toMatch(/^解约函：/)
    const renamed = await t.json('POST', url, {
      token: student,
      body: letterForm({ reason: '其他去向' }, new TextEncoder().encode('#!/bin/sh'), 'letter.jpg'),
    })
    expect(renamed.status).toBe(415)
    const badReason = await t.json('POST', url, { token: student, body: letterForm({ reason: '随便' }) })
    expect(badReason.status).toBe(400)
    // nothing stored by the refusals
    expect((await t.json('GET', `/api/v1/me/agreements/${a.id}`, { token: student })).data.files).toHaveLength(1)

    const asked = await t.json('POST', url, {
      token: student,
      body: letterForm({ reason: '其他去向', note: '考取公务员' }),
    })
    expect(asked.status).toBe(200)
    expect(asked.data).toMatchObject({ status: 'rescinding', rescissionStage: 'school' })
    const letter = asked.data.files.find((f: any) => f.purpose === 'rescission_letter')
    expect(asked.data.rescission.letter).toBe(letter.id)
    const stored = await t.request('GET', `/api/v1/agreements/${a.id}/files/${letter.id}`, { token: t.adminToken })
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(PNG)

    // a department user of another 院系 cannot see or decide it
    const otherDept = await t.createStaff('math1', { department: '数学学院' })
    expect((await post(t, otherDept, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' })).status).toBe(404)

    // returned (a reason is required), asked again without a new letter, approved
    expect((await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'return' })).status).toBe(
      400,
    )
    const back = await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, {
      decision: 'return',
      reason: '解约函缺少单位公章',
    })
    expect(back.data).toMatchObject({ status: 'rescinding', rescissionStage: 'returned' })
    const again = await t.json('POST', url, { token: student, body: letterForm({ reason: '其他去向' }, null) })
    expect(again.data.rescissionStage).toBe('school')
    const done = await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, { decision: 'approve' })
    expect(done.data.status).toBe('rescinded')
    expect((await t.json('GET', '/api/v1/me/registration', { token: student })).data.destination).toBeNull()
    // free again
    expect((await draft(t, student)).status).toBe('draft')
  })

  it('a rejected request leaves the agreement in force', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await offlineInForce(t, student)
    await t.json('POST', `/api/v1/me/agreements/${a.id}/rescission`, {
      token: student,
      body: letterForm({ reason: '升学' }),
    })
    const no = await post(t, t.adminToken, `/api/v1/rescissions/${a.id}/decision`, {
      decision: 'reject',
      reason: '解约函与协议单位不符',
    })
    expect(no.data.status).toBe('in_force')
    expect((await t.json('GET', '/api/v1/me/registration', { token: student })).data.destination).toMatchObject({
      type: '签就业协议书就业',
    })
  })
})

describe('修改 by the school', () => {
  it('changes the job and the contact, never the name or credit code, and a registered unit keeps its own fields', async () => {
    const t = await createTestApp()
    const { a, student } = await onlineInForce(t)
    const dept = await t.createStaff('cs9', { department: '计算机学院' })
    const put = (body: unknown, token = t.adminToken) => t.json('PUT', `/api/v1/agreements/${a.id}`, { token, body })
    expect((await put({ job: { salary: '15000元/月' } }, dept)).status).toBe(403)
    const name = await put({ unit: { name: '另一家公司' } })
    expect(name.status).toBe(400)
    expect(name.data.error.message).toMatch(/^单位名称：不能修改/)
    const nature = await put({ unit: { nature: '10' } })
    expect(nature.status).toBe(400)
    expect(nature.data.error.message).toMatch(/^单位性质：由用人单位/)
    const badPhone = await put({ unit: { phone: '12' } })
    expect(badPhone.status).toBe(400)

    const before = await t.json('GET', '/api/v1/me/registration', { token: student })
    const ok = await put({
      job: { salary: '15000元/月', title: '高级工程师' },
      unit: { contact: '钱主管' },
      reason: '岗位调整',
    })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({
      status: 'in_force',
      job: { salary: '15000元/月', title: '高级工程师' },
      unit: { contact: '钱主管' },
    })
    expect(ok.data.events.at(-1)).toMatchObject({ from: 'in_force', to: 'in_force', reason: '岗位调整' })
    const after = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(after.data.version).toBe(before.data.version + 1)
    expect(after.data.status).toBe('approved')
  })

  it('may change an offline agreement’s nature and address (the unit has no account of its own)', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await offlineInForce(t, student)
    const ok = await t.json('PUT', `/api/v1/agreements/${a.id}`, {
      token: t.adminToken,
      body: { unit: { nature: '其他企业', address: '北京市朝阳区' } },
    })
    expect(ok.status).toBe(200)
    expect(ok.data.unit).toMatchObject({ address: '北京市朝阳区', name: '北京线下科技有限公司' })
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data.destination.unitNature).toBe(ok.data.unit.nature)
    expect(ok.data.unit.nature).not.toBe(a.unit.nature)
  })
})
