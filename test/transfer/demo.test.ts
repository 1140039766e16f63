import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate } from '../helpers.js'
import { loadTransferDemo } from '../../src/transfer/demo.js'
import { register } from './fixtures.js'

describe('transfer demo data', () => {
  it('numbers every eligible graduate and makes three grants, one revoked', async () => {
    const t = await createTestApp()
    for (let i = 0; i < 5; i++) {
      const g = await insertGraduate(t, { name: `演示${i}` })
      if (i < 4) await register(t, g.id)
    }
    const demo = await loadTransferDemo(t.deps, t.schoolId)
    expect(demo.generated).toBe(4)
    expect(demo.grants).toBe(3)
    const grants = await t.db.selectFrom('verification_grants').selectAll().execute()
    expect(grants.filter((g) => g.revoked_at)).toHaveLength(1)
    const found = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', ...demo.sample } })
    expect(found.status).toBe(200)
    const v = await t.json('POST', '/api/v1/verify', { body: { kind: 'hukou', ...demo.verification } })
    expect(v.status).toBe(200)
    expect(v.data.numberType).toBe('verification')
  })
})
