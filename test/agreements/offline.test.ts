/** 线下签约 and 补登 (issue 16 items 1, 2; contract §5 "Offline signing and 补登"; seed 004 §2.5, §2.6). */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { PNG, fileForm } from '../registration/fixtures.js'
import { OWN_JOB, decide, draft, ownSetup, post, scan, unitBody } from './own-fixtures.js'

describe('线下签约', () => {
  it('draft → 协议审核 → printed, stamped, uploaded → 签约审核 → in force, the registration written', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)

    // a bad 统一社会信用代码 is a 400 naming the field, and nothing is stored
    const bad = await post(t, student, '/api/v1/me/agreements', {
      kind: 'offline',
      unit: unitBody({ creditCode: '91110108MA0000000X' }),
    })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toMatch(/^统一社会信用代码：/)
    expect((await t.json('GET', '/api/v1/me/agreements', { token: student })).data.items).toEqual([])

    // a draft may be incomplete; the submit names what is missing
    const a = await draft(t, student, { job: { category: '13' } })
    expect(a).toMatchObject({ kind: 'offline', status: 'draft', agreementNo: null, unit: { nature: '31' } })
    const incomplete = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(incomplete.status).toBe(400)
    expect(incomplete.data.error.message).toMatch(/^岗位名称：/)
    const saved = await t.json('PUT', `/api/v1/me/agreements/${a.id}`, {
      token: student,
      body: { unit: unitBody({ creditCode: a.unit.creditCode }), job: OWN_JOB },
    })
    expect(saved.status).toBe(200)
    expect(saved.data.job).toMatchObject({ title: '数据分析师' })

    // submitted → withdrawn → submitted again
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('submitted')
    expect(
      (await t.json('PUT', `/api/v1/me/agreements/${a.id}`, { token: student, body: { unit: unitBody() } })).status,
    ).toBe(409)
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/withdraw`)).data.status).toBe('draft')
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('submitted')

    // no scan before the protocol is approved; the PDF is not yet there
    expect((await scan(t, student, a.id)).status).toBe(409)
    expect((await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: student })).status).toBe(409)

    // 协议审核: a return needs a reason; two racing approvals → one 200, one 409
    expect((await decide(t, a.id, 'return')).status).toBe(400)
    const [r1, r2] = await Promise.all([decide(t, a.id, 'approve'), decide(t, a.id, 'approve')])
    expect([r1.status, r2.status].sort()).toEqual([200, 409])
    const approved = r1.status === 200 ? r1.data : r2.data
    expect(approved.status).toBe('awaiting_stamp')

    // the agreement prints now, to be stamped by the unit
    const pdf = await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: student })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')

    // the stamp round needs the scan: refused without it, a renamed text file refused by content
    const noScan = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(noScan.status).toBe(400)
    expect(noScan.data.error.message).toMatch(/^协议书图像：/)
    const fake = await scan(t, student, a.id, new TextEncoder().encode('<html>not an image</html>'), 'stamped.png')
    expect(fake.status).toBe(415)
    const up = await scan(t, student, a.id)
    expect(up.status).toBe(200)
    expect(up.data.files).toMatchObject([{ purpose: 'scan', contentType: 'image/png' }])
    const stamped = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(stamped.data.status).toBe('stamp_submitted')

    // 签约审核 returns it: the graduate uploads again (replacing the image) and submits
    const back = await decide(t, a.id, 'return', '盖章不清晰，请重新上传')
    expect(back.data.status).toBe('returned')
    const again = await scan(t, student, a.id)
    expect(again.data.files).toHaveLength(1)
    expect(again.data.files[0].id).not.toBe(up.data.files[0].id)
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).data.status).toBe('stamp_submitted')

    // the school sees the image; another graduate does not
    const file = await t.request('GET', `/api/v1/agreements/${a.id}/files/${again.data.files[0].id}`, {
      token: t.adminToken,
    })
    expect(file.status).toBe(200)
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG)
    const other = await insertGraduate(t)
    const otherToken = await studentToken(t, other)
    expect(
      (await t.request('GET', `/api/v1/agreements/${a.id}/files/${again.data.files[0].id}`, { token: otherToken }))
        .status,
    ).toBe(404)

    const done = await decide(t, a.id, 'approve')
    expect(done.data.status).toBe('in_force')
    expect(done.data.agreementNo).toMatch(/^\d{4}10001\d{10}$/)
    const reg = await t.json('GET', '/api/v1/me/registration', { token: student })
    expect(reg.data).toMatchObject({
      status: 'approved',
      destination: { type: '签就业协议书就业', unitName: '北京线下科技有限公司', unitNature: '31' },
    })
    // bound: no second agreement
    expect((await post(t, student, '/api/v1/me/agreements', { kind: 'offline', unit: unitBody() })).status).toBe(409)
  })

  it('a rejected offline agreement ends there; the graduate may start another', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await draft(t, student)
    await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    const no = await decide(t, a.id, 'reject', '单位信息与营业执照不符')
    expect(no.data.status).toBe('rejected')
    expect((await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)).status).toBe(409)
    const inbox = await t.json('GET', '/api/v1/me/notifications', { token: student })
    expect(inbox.data.items.some((n: any) => n.title === '就业协议审核不通过')).toBe(true)
    expect((await draft(t, student)).status).toBe('draft')
  })
})

describe('补登', () => {
  it('needs the 协议编号 and the stamped image before submit, one review, and the paper number in force', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    const a = await draft(t, student, { kind: 'paper', agreementNo: null })
    const noNumber = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(noNumber.status).toBe(400)
    expect(noNumber.data.error.message).toMatch(/^协议编号：/)
    const badNumber = await t.json('PUT', `/api/v1/me/agreements/${a.id}`, {
      token: student,
      body: { unit: unitBody(), agreementNo: '协议一号' },
    })
    expect(badNumber.status).toBe(400)
    expect(badNumber.data.error.message).toMatch(/^协议编号：/)
    await t.json('PUT', `/api/v1/me/agreements/${a.id}`, {
      token: student,
      body: { unit: unitBody(), job: OWN_JOB, agreementNo: '2026100010000012345' },
    })
    const noScan = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(noScan.status).toBe(400)
    expect(noScan.data.error.message).toMatch(/^协议书图像：.*字迹清晰/)
    expect((await scan(t, student, a.id)).status).toBe(200)
    const sent = await post(t, student, `/api/v1/me/agreements/${a.id}/submit`)
    expect(sent.data).toMatchObject({ status: 'submitted', agreementNo: null, paperNo: '2026100010000012345' })
    const done = await decide(t, a.id, 'approve')
    expect(done.data).toMatchObject({ status: 'in_force', agreementNo: '2026100010000012345' })
  })

  it('is refused when the school turned 补登 off', async () => {
    const t = await createTestApp()
    const { student } = await ownSetup(t)
    await t.json('PUT', '/api/v1/settings/signing', { token: t.adminToken, body: { supplementaryRegistration: false } })
    const r = await post(t, student, '/api/v1/me/agreements', { kind: 'paper', unit: unitBody() })
    expect(r.status).toBe(409)
    expect(r.data.error.message).toContain('补登')
  })
})

describe('every decision races to one winner', () => {
  it('签约审核, 补登审核, and 强制解约 against 解约审核: one 200, one 409 each', async () => {
    const t = await createTestApp()
    const race = async (a: () => Promise<{ status: number }>, b: () => Promise<{ status: number }>) => {
      const [r1, r2] = await Promise.all([a(), b()])
      expect([r1.status, r2.status].sort()).toEqual([200, 409])
    }
    // 签约审核 of an offline agreement's stamp round: a return against an approval
    const one = await ownSetup(t)
    const a = await draft(t, one.student)
    await post(t, one.student, `/api/v1/me/agreements/${a.id}/submit`)
    await decide(t, a.id, 'approve')
    await scan(t, one.student, a.id)
    await post(t, one.student, `/api/v1/me/agreements/${a.id}/submit`)
    await race(
      () => decide(t, a.id, 'approve'),
      () => decide(t, a.id, 'return', '图像不清晰'),
    )
    // 补登审核: two approvals
    const two = await ownSetup(t)
    const p = await draft(t, two.student, { kind: 'paper', agreementNo: '2026100019999999999' })
    await scan(t, two.student, p.id)
    await post(t, two.student, `/api/v1/me/agreements/${p.id}/submit`)
    await race(
      () => decide(t, p.id, 'approve'),
      () => decide(t, p.id, 'approve'),
    )
    // 解约审核 of a 解约函 request against 强制解约: either way it ends rescinded, once
    const letter = fileForm(PNG, 'letter.png')
    letter.append('reason', '其他')
    const asked = await t.json('POST', `/api/v1/me/agreements/${p.id}/rescission`, { token: two.student, body: letter })
    expect(asked.status).toBe(200)
    await race(
      () => post(t, t.adminToken, `/api/v1/rescissions/${p.id}/decision`, { decision: 'approve' }),
      () =>
        post(t, t.adminToken, `/api/v1/agreements/${p.id}/forced-rescission`, { reason: '其他', note: '单位已注销' }),
    )
    const end = (await t.json('GET', `/api/v1/agreements/${p.id}`, { token: t.adminToken })).data
    expect(end.status).toBe('rescinded')
    expect(end.events.filter((e: { to: string }) => e.to === 'rescinded')).toHaveLength(1)
  })
})
