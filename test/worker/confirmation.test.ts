/**
 * The graduate's confirmation (去向登记确认) and the school's confirmation list and statistics in
 * workerd, on registrations that came from the employment-system upload.
 */
import { describe, expect, it } from 'vitest'
import { admin, json, login } from './helpers.js'
import { numbered } from './fixtures.js'

describe('Worker: confirmation', () => {
  it('moves a graduate from 未确认 to 确认无误 and counts it in the list and the statistics', async () => {
    const c = await numbered(2)
    const g = c.rows[0]
    const first = await login(g.studentNo, g.idCard.slice(-6))
    expect(
      (
        await json('POST', '/api/v1/me/password', {
          token: first,
          body: { oldPassword: g.idCard.slice(-6), newPassword: 'worker-pass-4' },
        })
      ).status,
    ).toBe(200)
    const token = await login(g.studentNo, 'worker-pass-4')

    const before = await json('GET', '/api/v1/me/confirmation', { token })
    expect(before.status, JSON.stringify(before.data)).toBe(200)
    expect(before.data.state).toBe('未确认')
    const done = await json('POST', '/api/v1/me/confirmation', { token, body: { result: '确认无误' } })
    expect(done.status, JSON.stringify(done.data)).toBe(200)
    expect(done.data.state).toBe('确认无误')

    const q = `department=${encodeURIComponent(c.department)}`
    const list = await json('GET', `/api/v1/confirmations?${q}`, { token: await admin() })
    expect(list.status).toBe(200)
    const states = Object.fromEntries(list.data.items.map((i: { name: string; state: string }) => [i.name, i.state]))
    expect(states).toEqual({ [g.name]: '确认无误', [c.rows[1].name]: '未确认' })

    const stats = await json('GET', '/api/v1/confirmations/stats', { token: await admin() })
    expect(stats.status).toBe(200)
    expect(stats.data.rows['确认无误']['就业管理系统上传']).toBeGreaterThanOrEqual(1)
    expect(stats.data.rows['总数']['总数']).toBeGreaterThanOrEqual(2)
  })
})
