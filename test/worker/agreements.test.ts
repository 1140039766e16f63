/**
 * Agreements in workerd on D1 (contract §5): an employer registers and is approved, online signing
 * is switched on, the employer invites, the graduate accepts, the school approves (the batch writes
 * the registration too), and the agreement PDF comes back digitally signed — checked with pdfsig —
 * with its QR code opening the public page.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { admin, binary, json, login, request, unique } from './helpers.js'
import { cohort } from './fixtures.js'
import { pdfQr, pdfText } from '../pdf-helpers.js'
import { makeCreditCode } from '../../src/domain/credit-code.js'

const pdfsig = (bytes: Uint8Array) => {
  const file = join(mkdtempSync(join(tmpdir(), 'qx-wsig-')), 'a.pdf')
  writeFileSync(file, bytes)
  return execFileSync('pdfsig', [file], { encoding: 'utf8' })
}

describe('Worker: online signing', () => {
  it('invite → accept → 鉴证 → in force, the registration written, and a signed agreement PDF', async () => {
    const n = unique()
    const employer = {
      name: `工作者科技有限公司${n}`,
      creditCode: makeCreditCode(`91110108${String(200000000 + n).slice(-9)}`),
      nature: '39',
      industry: '34',
      location: '110108',
      address: '北京市海淀区',
      contact: '李四',
      phone: '13900139001',
      email: null,
      username: `whr${n}`,
      password: 'worker-employer-1',
    }
    const reg = await json('POST', '/api/v1/employers', { body: employer })
    expect(reg.status, JSON.stringify(reg.data)).toBe(201)
    const pending = await json('POST', '/api/v1/session', {
      body: { username: employer.username, password: employer.password },
    })
    expect(pending.data.error.code).toBe('employer_pending')
    expect(
      (
        await json('POST', `/api/v1/employers/${reg.data.id}/decision`, {
          token: await admin(),
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(200)
    const et = await login(employer.username, employer.password)
    const settings = await json('PUT', '/api/v1/settings/signing', {
      token: await admin(),
      body: {
        onlineSigning: true,
        agents: { all: { name: '王老师', phone: '010-1234567', address: '北京市', postcode: '100000' } },
      },
    })
    expect(settings.status, JSON.stringify(settings.data)).toBe(200)

    const c = await cohort(1)
    const g = c.rows[0]
    const inv = await json('POST', '/api/v1/employer/invitations', {
      token: et,
      body: {
        studentName: g.name,
        idNumber: g.idCard,
        school: '10001',
        job: { category: '13', title: '工程师' },
        responseDays: 5,
      },
    })
    expect(inv.status, JSON.stringify(inv.data)).toBe(201)
    const first = await login(g.studentNo, g.idCard.slice(-6))
    await json('POST', '/api/v1/me/password', {
      token: first,
      body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-9' },
    })
    const st = await login(g.studentNo, 'worker-pass-9')
    const acc = await json('POST', `/api/v1/me/agreements/${inv.data.id}/answer`, {
      token: st,
      body: { answer: 'accept' },
    })
    expect(acc.data.status).toBe('awaiting_review')
    // two racing approvals on D1 (the guard lives inside the batch): one 200, one 409
    const [a, b] = await Promise.all([
      json('POST', `/api/v1/agreements/${inv.data.id}/decision`, {
        token: await admin(),
        body: { decision: 'approve' },
      }),
      json('POST', `/api/v1/agreements/${inv.data.id}/decision`, {
        token: await admin(),
        body: { decision: 'approve' },
      }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect((a.status === 200 ? a : b).data.status).toBe('in_force')
    const myReg = await json('GET', '/api/v1/me/registration', { token: st })
    expect(myReg.data).toMatchObject({
      status: 'approved',
      version: 1,
      destination: { type: '签就业协议书就业', unitName: employer.name },
    })

    const pdf = await binary('GET', `/api/v1/agreements/${inv.data.id}/agreement.pdf`, { token: et })
    expect(pdf.status).toBe(200)
    const [text] = await pdfText(pdf.bytes)
    expect(text).toContain('毕业生就业协议书')
    expect(text).toContain(employer.name)
    expect(text).toContain(g.name)
    expect(pdfsig(pdf.bytes)).toContain('Signature is Valid.')
    const qr = await pdfQr(pdf.bytes)
    expect(qr).toMatch(/\/a\/\d{19}\?s=/)
    const page = await request('GET', qr!.replace(/^https?:\/\/[^/]+/, ''), { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(employer.name)
  })
})
