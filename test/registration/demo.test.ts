import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate } from '../helpers.js'
import { createDemoRegistrations } from '../../src/registration/demo.js'
import { checkContent } from '../../src/domain/registration/index.js'
import { contentOf } from '../../src/registration/queries.js'

describe('demo registrations', () => {
  it('creates every state with valid content and consistent versions', async () => {
    const t = await createTestApp()
    const ids: number[] = []
    for (let i = 0; i < 40; i++)
      ids.push(
        (
          await insertGraduate(t, {
            department: i % 2 ? '计算机学院' : '外语学院',
            ...(i === 3 ? { training_mode_code: '21', targeted_unit: '某省教育厅' } : {}),
          })
        ).id,
      )
    const summary = await createDemoRegistrations(t.deps, ids)
    expect(summary.created).toBe(40)
    const regs = await t.db
      .selectFrom('registrations')
      .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
      .selectAll('registrations')
      .select(['graduates.training_mode_code', 'graduates.targeted_unit'])
      .execute()
    const states = new Set(regs.map((r) => r.status))
    expect([...states].sort()).toEqual([
      'approved',
      'department_approved',
      'draft',
      'rejected',
      'returned',
      'submitted',
      'voided',
    ])
    expect(new Set(regs.map((r) => r.source)).size).toBeGreaterThanOrEqual(2)
    for (const r of regs) {
      if (r.status === 'voided') {
        expect(r.destination).toBeNull()
        expect(r.version).toBe(2)
        continue
      }
      expect(r.version).toBe(r.status === 'approved' ? 1 : 0)
      const check = checkContent(contentOf(r) as never, { mode: 'complete', graduate: r })
      expect(check.ok, JSON.stringify(check)).toBe(true)
    }
    // The API reads them back.
    const list = await t.json('GET', '/api/v1/registrations?pageSize=100', { token: t.adminToken })
    expect(list.data.total).toBe(40)
    const withProof = regs.find((r) => r.status === 'submitted' && !/未就业/.test(r.destination ?? ''))!
    const detail = await t.json('GET', `/api/v1/registrations/${withProof.id}`, { token: t.adminToken })
    expect(detail.data.events.length).toBeGreaterThanOrEqual(2)
  })
})
