/**
 * 推荐表 across the schools of a province deployment (contract §8): a school's users never list,
 * read, decide, download or zip another school's, and the province administrator reaches none
 * through these school routes. Each school's PDF carries its own name.
 */
import { describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import type { TestApp } from '../helpers.js'
import { pdfText } from '../pdf-helpers.js'
import { addSchool, createProvinceApp, graduateOf } from '../province/fixtures.js'
import { decide, OPINION, submitted } from './fixtures.js'

/** A graduate of a province's school signs in with the school's code and sets a password. */
async function studentToken(t: TestApp, g: { studentNo: string; firstPassword: string }, school: string) {
  const first = await t.login(g.studentNo, g.firstPassword, school)
  const r = await t.json('POST', '/api/v1/me/password', {
    token: first,
    body: { oldPassword: g.firstPassword, newPassword: 'new-password-1' },
  })
  expect(r.status).toBe(200)
  return t.login(g.studentNo, 'new-password-1', school)
}

describe('推荐表 between schools', () => {
  it('school A sees nothing of school B’s, and B’s PDF names B', async () => {
    const t = await createProvinceApp()
    const a = await addSchool(t, '10002', '甲大学')
    const b = await addSchool(t, '10001', '乙大学')
    const gA = await graduateOf(t, a, { name: '甲校生' })
    const gB = await graduateOf(t, b, { name: '乙校生' })
    const recA = await submitted(t, { token: await studentToken(t, gA, a.code) })
    const tokenB = await studentToken(t, gB, b.code)
    const recB = await submitted(t, { token: tokenB })

    const list = await t.json('GET', '/api/v1/recommendations', { token: a.token })
    expect(list.data.items.map((i: { name: string }) => i.name)).toEqual(['甲校生'])
    expect((await t.json('GET', `/api/v1/recommendations/${recB.id}`, { token: a.token })).status).toBe(404)
    expect((await decide(t, a.token, recB.id, { decision: 'approve', opinion: OPINION })).status).toBe(404)
    expect((await t.json('GET', '/api/v1/recommendations', { token: t.adminToken })).status).toBe(403)

    // B's own 院系 decides; A still cannot download it or put it in a ZIP.
    expect((await decide(t, b.token, recB.id, { decision: 'approve', opinion: OPINION })).status).toBe(200)
    expect((await decide(t, a.token, recA.id, { decision: 'approve', opinion: OPINION })).status).toBe(200)
    expect(
      (await t.request('GET', `/api/v1/recommendations/${recB.id}/recommendation.pdf`, { token: a.token })).status,
    ).toBe(404)
    const zip = await t.request('GET', `/api/v1/recommendations.zip?ids=${recA.id},${recB.id}`, { token: a.token })
    expect(zip.status).toBe(200)
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()))
    expect(Object.keys(files)).toEqual([`${gA.studentNo}-甲校生.pdf`])

    const pdf = await t.request('GET', '/api/v1/me/recommendation.pdf', { token: tokenB })
    const [text] = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('乙大学')
    expect(text).not.toContain('甲大学')
  })
})
