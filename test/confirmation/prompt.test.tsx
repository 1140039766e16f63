import { describe, expect, it } from 'vitest'
import { ConfirmationPrompt } from '../../views/confirmation/prompt.js'
import { confirmationStateOf } from '../../src/confirmation/queries.js'
import { createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { bumpVersion, insertRegistration } from './fixtures.js'

const html = async (state: Parameters<typeof ConfirmationPrompt>[0]['state']) =>
  String(await (<div>{ConfirmationPrompt({ state })}</div>).toString())

describe('ConfirmationPrompt with confirmationStateOf', () => {
  it('shows until the graduate has confirmed, and again after a change', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t)
    const token = await studentToken(t, g)
    const prompt = async () => html(await confirmationStateOf(t.db, g.id))
    expect(await prompt()).toBe('<div></div>') // 未上报: nothing to confirm yet
    await insertRegistration(t, g.id)
    expect(await prompt()).toContain('href="/me/confirmation"')
    expect(await prompt()).toContain('data-confirmation-prompt="未确认"')
    await t.json('POST', '/api/v1/me/confirmation', {
      token,
      body: { result: '确认有误', hukou: true, phone: '13612345678' },
    })
    expect(await prompt()).toContain('data-confirmation-prompt="确认有误"')
    await t.json('POST', '/api/v1/me/confirmation', { token, body: { result: '确认无误' } })
    expect(await prompt()).toBe('<div></div>')
    await bumpVersion(t, g.id)
    expect(await prompt()).toContain('data-confirmation-prompt="未确认"')
  })
})
