/**
 * 线下签约 and its 解约 in workerd on D1 (contract §5; issue 16): the graduate's draft, 协议审核,
 * the stamped agreement's image and the 解约函 stored through the Workers storage port and read
 * back byte for byte, 签约审核, and the school's review of the 解约 clearing the registration.
 */
import { describe, expect, it } from 'vitest'
import { admin, binary, fileForm, json, login, unique } from './helpers.js'
import { cohort } from './fixtures.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 9, 8, 7])

async function graduate() {
  const g = (await cohort(1)).rows[0]
  const first = await login(g.studentNo, g.idCard.slice(-6))
  await json('POST', '/api/v1/me/password', {
    token: first,
    body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-9' },
  })
  return login(g.studentNo, 'worker-pass-9')
}

describe('Worker: 线下签约 and 解约', () => {
  it('draft → 协议审核 → scan → 签约审核 → in force → 解约函 → 解约审核, files through the storage port', async () => {
    const st = await graduate()
    const n = unique()
    const unit = {
      name: `工作者线下单位${n}`,
      creditCode: makeCreditCode(`91110108${String(300000000 + n).slice(-9)}`),
      nature: '39',
      industry: '34',
      location: '110108',
      address: '北京市海淀区',
      contact: '周经理',
      phone: '13800138000',
    }
    const created = await json('POST', '/api/v1/me/agreements', {
      token: st,
      body: { kind: 'offline', unit, job: { category: '13', title: '测试工程师' } },
    })
    expect(created.status, JSON.stringify(created.data)).toBe(201)
    const id = created.data.id
    expect((await json('POST', `/api/v1/me/agreements/${id}/submit`, { token: st })).data.status).toBe('submitted')
    const first = await json('POST', `/api/v1/agreements/${id}/decision`, {
      token: await admin(),
      body: { decision: 'approve' },
    })
    expect(first.data.status).toBe('awaiting_stamp')

    const up = await json('POST', `/api/v1/me/agreements/${id}/scan`, {
      token: st,
      body: fileForm('盖章协议.png', PNG, 'image/png'),
    })
    expect(up.status, JSON.stringify(up.data)).toBe(200)
    const scanId = up.data.files[0].id
    const back = await binary('GET', `/api/v1/agreements/${id}/files/${scanId}`, { token: await admin() })
    expect(back.status).toBe(200)
    expect(Array.from(back.bytes)).toEqual(Array.from(PNG))
    expect((await json('POST', `/api/v1/me/agreements/${id}/submit`, { token: st })).data.status).toBe(
      'stamp_submitted',
    )
    const done = await json('POST', `/api/v1/agreements/${id}/decision`, {
      token: await admin(),
      body: { decision: 'approve' },
    })
    expect(done.data.status).toBe('in_force')
    expect((await json('GET', '/api/v1/me/registration', { token: st })).data.destination).toMatchObject({
      type: '签就业协议书就业',
      unitName: unit.name,
    })

    const letter = fileForm('解约函.jpg', JPEG, 'image/jpeg')
    letter.append('reason', '升学')
    letter.append('note', '考取研究生')
    const asked = await json('POST', `/api/v1/me/agreements/${id}/rescission`, { token: st, body: letter })
    expect(asked.status, JSON.stringify(asked.data)).toBe(200)
    expect(asked.data).toMatchObject({ status: 'rescinding', rescissionStage: 'school' })
    const letterId = asked.data.rescission.letter
    const stored = await binary('GET', `/api/v1/agreements/${id}/files/${letterId}`, { token: st })
    expect(Array.from(stored.bytes)).toEqual(Array.from(JPEG))
    const approved = await json('POST', `/api/v1/rescissions/${id}/decision`, {
      token: await admin(),
      body: { decision: 'approve' },
    })
    expect(approved.data.status).toBe('rescinded')
    expect((await json('GET', '/api/v1/me/registration', { token: st })).data.destination).toBeNull()
  })
})
