/** The agreement PDF (contract §5 "The agreement document"): text, QR, public page, digital signature. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers.js'
import { pdfEmbedsFontFile, pdfFontNames, pdfQr, pdfText, isSubsetName } from '../pdf-helpers.js'
import { approvedEmployer, invite, signingSetup } from './fixtures.js'

function pdfsig(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'qx-sig-'))
  const file = join(dir, 'a.pdf')
  writeFileSync(file, bytes)
  // pdfsig exits 0 whether the signature is valid or not: read its text (ecosystem-notes).
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' })
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e)
  }
}

async function inForce() {
  const t = await createTestApp()
  const s = await signingSetup(t, { name: '张晓燕', name_key: '张晓燕' })
  const a = await invite(t, s.employer.token, s.g)
  await t.json('POST', `/api/v1/me/agreements/${a.id}/answer`, { token: s.student, body: { answer: 'accept' } })
  const ok = await t.json('POST', `/api/v1/agreements/${a.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'approve' },
  })
  expect(ok.data.status).toBe('in_force')
  return { t, ...s, a: ok.data }
}

describe('the agreement PDF', () => {
  it('is refused before the agreement is approved (409) and to anyone who may not see it (404)', async () => {
    const t = await createTestApp()
    const s = await signingSetup(t)
    const a = await invite(t, s.employer.token, s.g)
    expect((await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: t.adminToken })).status).toBe(
      409,
    )
    const other = await approvedEmployer(t)
    expect((await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: other.token })).status).toBe(
      404,
    )
  })

  it('an in-force online agreement: both parties, 协议经办人, job, number and dates in real CJK text; QR to the public page; a valid signature a one-byte change breaks', async () => {
    const { t, employer, g, student, a } = await inForce()
    const res = await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: t.adminToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = new Uint8Array(await res.arrayBuffer())
    const [text] = await pdfText(pdf)
    for (const s of [
      '毕业生就业协议书',
      '甲方（用人单位）',
      employer.body.name,
      employer.body.creditCode,
      '其他企业',
      '信息传输、软件和信息技术服务业',
      '乙方（毕业生）',
      '张晓燕',
      g.studentNo,
      '测试大学',
      '计算机科学与技术',
      '王老师',
      '010-62750000',
      '100871',
      '工程技术人员',
      '软件工程师',
      '12000元/月',
      '5000元',
      '提供住房补贴',
      `协议编号：${a.agreementNo}`,
      '鉴证生效时间',
    ])
      expect(text, s).toContain(s)
    expect(text).not.toContain(g.idCard)
    expect(pdfEmbedsFontFile(pdf)).toBe(true)
    expect(pdfFontNames(pdf).some(isSubsetName)).toBe(true)

    const qr = await pdfQr(pdf)
    expect(qr).toMatch(new RegExp(`^http://localhost:8787/a/${a.agreementNo}\\?s=[A-Za-z0-9_-]{22}$`))
    const page = await t.request('GET', qr!.replace('http://localhost:8787', ''), { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('张晓燕')
    expect(html).toContain(employer.body.name)
    expect(html).toContain('有效（已鉴证生效）')
    expect(html).not.toContain(g.idCard)
    expect(html).not.toContain('13800138000')
    expect(html).not.toContain(employer.body.phone)
    // without or with a wrong signature: the same 404
    const bad = await t.request('GET', `/a/${a.agreementNo}?s=${'A'.repeat(22)}`, { headers: { accept: 'text/html' } })
    const none = await t.request('GET', `/a/${a.agreementNo}`, { headers: { accept: 'text/html' } })
    expect([bad.status, none.status]).toEqual([404, 404])
    expect(await bad.text()).toBe(await none.text())

    const sig = pdfsig(pdf)
    expect(sig).toContain('Signature is Valid.')
    expect(sig).toContain('quxiang agreement signing')
    const tampered = pdf.slice()
    tampered[600] ^= 0x01
    const broken = pdfsig(tampered)
    expect(broken).not.toContain('Signature is Valid.')
    expect(broken).toContain('Digest Mismatch.')

    // the graduate and the employer download the same document
    for (const token of [student, employer.token])
      expect((await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token })).status).toBe(200)
  })

  it('the signing key is generated once and kept: two downloads are signed by the same certificate', async () => {
    const { t, a } = await inForce()
    const one = new Uint8Array(
      await (await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: t.adminToken })).arrayBuffer(),
    )
    const rows = await t.db.selectFrom('settings').select('key').where('key', '=', 'agreement_signing').execute()
    expect(rows).toHaveLength(1)
    const two = new Uint8Array(
      await (await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: t.adminToken })).arrayBuffer(),
    )
    const fp = (s: string) => s.match(/Signer full Distinguished Name: (.*)/)?.[1]
    expect(fp(pdfsig(one))).toBe(fp(pdfsig(two)))
  })
})

describe('AGREEMENT_SIGNING_P12', () => {
  it('a configured certificate (base64) replaces the generated one; a password alone stops start-up naming the setting', async () => {
    const { generateSigningP12 } = await import('../../src/documents/signing.js')
    const p12 = generateSigningP12('Test University Signing CA', 'configured-pw', new Date())
    const t = await createTestApp({ env: { AGREEMENT_SIGNING_P12: p12, AGREEMENT_SIGNING_PASSWORD: 'configured-pw' } })
    const s = await signingSetup(t)
    const a = await invite(t, s.employer.token, s.g)
    await t.json('POST', `/api/v1/me/agreements/${a.id}/answer`, { token: s.student, body: { answer: 'accept' } })
    await t.json('POST', `/api/v1/agreements/${a.id}/decision`, { token: t.adminToken, body: { decision: 'approve' } })
    const pdf = new Uint8Array(
      await (await t.request('GET', `/api/v1/agreements/${a.id}/agreement.pdf`, { token: s.student })).arrayBuffer(),
    )
    const out = pdfsig(pdf)
    expect(out).toContain('Signer Certificate Common Name: Test University Signing CA')
    expect(out).toContain('Signature is Valid.')
    expect(
      await t.db.selectFrom('settings').select('key').where('key', '=', 'agreement_signing').execute(),
    ).toHaveLength(0)
    const { parseConfig } = await import('../../src/config.js')
    expect(() => parseConfig({ AGREEMENT_SIGNING_PASSWORD: 'x' })).toThrow(/AGREEMENT_SIGNING_P12/)
  })
})
