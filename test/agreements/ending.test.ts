/** The school ends an agreement in force: 强制解约 (school users only) and 作废 (issue 16 items 3, 4). */
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { approvedEmployer, invite, signingSetup } from './fixtures.js'

async function inForce() {
  const t = await createTestApp()
  const s = await signingSetup(t)
  // the graduate had 档案 and 户口 filed already; they must survive the end of the agreement
  const archive = {
    transferType: '转回生源地',
    unitName: '北京市海淀区人才服务中心',
    unitAddress: '北京市海淀区',
    unitLocation: '110108',
    postcode: '100080',
    contact: '刘老师',
    phone: '010-82345678',
  }
  const hukou = { migrationType: '不迁移', location: null, address: null }
  expect((await t.json('PUT', '/api/v1/me/registration', { token: s.student, body: { archive, hukou } })).status).toBe(
    200,
  )
  const a = await invite(t, s.employer.token, s.g)
  await t.json('POST', `/api/v1/me/agreements/${a.id}/answer`, { token: s.student, body: { answer: 'accept' } })
  await t.json('POST', `/api/v1/agreements/${a.id}/decision`, { token: t.adminToken, body: { decision: 'approve' } })
  return { t, ...s, a, archive }
}

describe('强制解约', () => {
  it('is refused to a 院系 user (403); a school user rescinds at once, with the 情况说明, clearing the employment data only', async () => {
    const { t, a, student, g, archive } = await inForce()
    const dept = await t.createStaff('cs1', { department: '计算机学院' })
    const body = { reason: '单位原因', note: '单位长期未处理解约申请，已电话核实' }
    const refused = await t.json('POST', `/api/v1/agreements/${a.id}/forced-rescission`, { token: dept, body })
    expect(refused.status).toBe(403)
    expect(
      (
        await t.json('POST', `/api/v1/agreements/${a.id}/forced-rescission`, {
          token: t.adminToken,
          body: { reason: '没有这个原因', note: 'x' },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await t.json('POST', `/api/v1/agreements/${a.id}/forced-rescission`, {
          token: t.adminToken,
          body: { reason: '单位原因' },
        })
      ).status,
    ).toBe(400)
    const ok = await t.json('POST', `/api/v1/agreements/${a.id}/forced-rescission`, { token: t.adminToken, body })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({
      status: 'rescinded',
      rescission: { by: 'school', forced: true, reason: '单位原因', note: body.note },
    })
    expect(ok.data.events.at(-1)).toMatchObject({ from: 'in_force', to: 'rescinded', reason: `单位原因：${body.note}` })
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data).toMatchObject({
      status: 'draft',
      version: 2,
      destination: null,
      archive: { unitName: archive.unitName },
      hukou: { migrationType: '不迁移' },
    })
    // twice → 409
    expect(
      (await t.json('POST', `/api/v1/agreements/${a.id}/forced-rescission`, { token: t.adminToken, body })).status,
    ).toBe(409)
    // the agreement still prints (marked 已解约)
    const pdf = await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: t.adminToken })
    expect(pdf.status).toBe(200)
    // and the graduate may sign anew
    const other = await approvedEmployer(t)
    const b = await invite(t, other.token, g)
    expect(
      (await t.json('POST', `/api/v1/me/agreements/${b.id}/answer`, { token: student, body: { answer: 'accept' } }))
        .status,
    ).toBe(200)
  })
})

describe('作废 by the school', () => {
  it('voids an in-force agreement, clears the destination, and is refused to a 院系 user and a second time', async () => {
    const { t, a, student } = await inForce()
    const dept = await t.createStaff('cs2', { department: '计算机学院' })
    expect(
      (await t.json('POST', `/api/v1/agreements/${a.id}/void`, { token: dept, body: { reason: '协商一致' } })).status,
    ).toBe(403)
    const ok = await t.json('POST', `/api/v1/agreements/${a.id}/void`, {
      token: t.adminToken,
      body: { reason: '三方协商一致作废' },
    })
    expect(ok.status).toBe(200)
    expect(ok.data.status).toBe('voided')
    expect((await t.json('GET', '/api/v1/me/registration', { token: student })).data).toMatchObject({
      status: 'draft',
      destination: null,
    })
    expect(
      (await t.json('POST', `/api/v1/agreements/${a.id}/void`, { token: t.adminToken, body: { reason: 'x' } })).status,
    ).toBe(409)
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: student })
    expect(inbox.data.items.some((n: any) => n.title === '就业协议已被学校作废')).toBe(true)
  })
})
