import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate } from '../helpers.js'
import { insertRegistration } from './fixtures.js'
import { deriveState, type ConfirmationResult } from '../../src/domain/confirmation.js'
import { confirmationStateOf } from '../../src/confirmation/queries.js'
import type { RegistrationStatus } from '../../src/db/schema.js'

describe('STATE_SQL mirrors deriveState', () => {
  it('agrees on every combination of registration status and confirmation', async () => {
    const t = await createTestApp()
    const statuses: Array<RegistrationStatus | null> = [
      null,
      'draft',
      'submitted',
      'department_approved',
      'approved',
      'returned',
      'rejected',
      'voided',
    ]
    const confs: Array<{ v: number; result: ConfirmationResult } | null> = [
      null,
      { v: 2, result: '确认无误' },
      { v: 2, result: '确认有误' },
      { v: 1, result: '确认无误' },
      { v: 1, result: '确认有误' },
    ]
    let checked = 0
    for (const status of statuses) {
      for (const conf of confs) {
        const g = await insertGraduate(t)
        if (status) await insertRegistration(t, g.id, { status, version: 2 })
        if (conf)
          await t.db
            .insertInto('confirmations')
            .values({
              graduate_id: g.id,
              registration_version: conf.v,
              result: conf.result,
              at: t.clock.now.toISOString(),
            })
            .execute()
        const expected = deriveState(
          status ? { status, version: 2 } : null,
          conf ? { registration_version: conf.v, result: conf.result } : null,
        )
        expect(await confirmationStateOf(t.db, g.id), `${status} ${JSON.stringify(conf)}`).toBe(expected)
        checked++
      }
    }
    expect(checked).toBe(40)
  })
})
