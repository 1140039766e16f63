import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../helpers.js'
import { graduateWithToken, submitted } from '../registration/fixtures.js'
import { startSmtp } from './smtp.js'
import { smtpChannel } from '../../src/platform/node/smtp-channel.js'
import { drainOutbox, LEASE_MS } from '../../src/notifications/outbox.js'

type Smtp = Awaited<ReturnType<typeof startSmtp>>
const servers: Smtp[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

async function setup(opts: Parameters<typeof startSmtp>[0] = {}) {
  const smtp = await startSmtp(opts)
  servers.push(smtp)
  const t = await createTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: '去向 <noreply@quxiang.test>' } })
  const channel = smtpChannel(t.config.mail!)
  return { t, smtp, channel }
}

const returned = async (t: TestApp, email = 'grad@example.com') => {
  const g = await graduateWithToken(t, { email })
  const reg = await submitted(t, g)
  const r = await t.json('POST', `/api/v1/registrations/${reg.id}/decision`, {
    token: t.adminToken,
    body: { decision: 'return', reason: '请补充单位证明' },
  })
  expect(r.status).toBe(200)
  return g
}

const stats = async (t: TestApp) => (await t.json('GET', '/api/v1/outbox/stats', { token: t.adminToken })).data

describe('mail through a real SMTP server (contract §7)', () => {
  it('a notification to a graduate with an address is mailed with its subject, body and link', async () => {
    const { t, smtp, channel } = await setup()
    await returned(t)
    expect(await stats(t)).toMatchObject({ pending: 1, sent: 0, failed: 0 })
    const r = await drainOutbox(t.deps, channel, { owner: 'test' })
    expect(r.sent).toBe(1)
    expect(smtp.received).toHaveLength(1)
    const m = smtp.received[0]
    expect(m.envelopeTo).toEqual(['grad@example.com'])
    expect(m.mail.subject).toBe('【去向】去向登记被退回修改')
    expect(m.mail.text).toContain('请补充单位证明')
    expect(m.mail.text).toContain('http://localhost:8787/me/registration')
    expect(m.mail.from?.text).toContain('noreply@quxiang.test')
    const row = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
    expect(m.mail.messageId).toBe(`<outbox-${row.id}@localhost>`)
    expect(row.status).toBe('sent')
    expect(row.server_response).toMatch(/^250/)
    // Marked once: a second pass sends nothing.
    expect((await drainOutbox(t.deps, channel, { owner: 'test' })).sent).toBe(0)
    expect(smtp.received).toHaveLength(1)
    expect(await stats(t)).toEqual({ pending: 0, sent: 1, failed: 0, uncertain: 0 })
  })

  it('without an address only the inbox gets it; stats are for school users only', async () => {
    const { t, channel, smtp } = await setup()
    const g = await returned(t, '')
    expect(await t.db.selectFrom('mail_outbox').selectAll().execute()).toHaveLength(0)
    expect((await drainOutbox(t.deps, channel, { owner: 'test' })).sent).toBe(0)
    expect(smtp.received).toHaveLength(0)
    const r = await t.json('GET', '/api/v1/outbox/stats', { token: g.token })
    expect(r.status).toBe(403)
  })

  it('the server down: retried with back-off, delivered once when it is back', async () => {
    const { t, smtp, channel } = await setup()
    await returned(t)
    await smtp.stop()
    const logged: string[] = []
    const orig = console.error
    console.error = (...a: unknown[]) => void logged.push(a.join(' '))
    try {
      let r = await drainOutbox(t.deps, channel, { owner: 'test' })
      expect(r).toMatchObject({ sent: 0, retried: 1 })
      const row = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
      expect(row.status).toBe('pending')
      expect(row.attempts).toBe(1)
      expect(Date.parse(row.next_attempt_at) - t.clock.now.getTime()).toBe(60_000)
      // Not due yet: nothing is tried.
      await smtp.start()
      r = await drainOutbox(t.deps, channel, { owner: 'test' })
      expect(r).toMatchObject({ sent: 0, retried: 0 })
      expect(smtp.received).toHaveLength(0)
      t.clock.advance(61_000)
      r = await drainOutbox(t.deps, channel, { owner: 'test' })
      expect(r.sent).toBe(1)
      t.clock.advance(3600_000)
      await drainOutbox(t.deps, channel, { owner: 'test' })
      expect(smtp.received).toHaveLength(1)
    } finally {
      console.error = orig
    }
    // The failure was logged by row id and code, never with the address.
    expect(logged.join('\n')).toMatch(/外发邮件 #\d+/)
    expect(logged.join('\n')).not.toContain('grad@example.com')
  })

  it('gives up after 24 hours of failures, and at once on a 5xx refusal', async () => {
    const { t, smtp, channel } = await setup({ reject: (to) => (to.startsWith('gone') ? 550 : null) })
    await returned(t, 'gone@example.com')
    const orig = console.error
    console.error = () => {}
    try {
      await drainOutbox(t.deps, channel, { owner: 'test' })
      let row = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow()
      expect(row.status).toBe('failed')
      expect(row.last_error).toMatch(/^550/)
      expect(row.last_error).not.toContain('gone@example.com')

      await returned(t, 'later@example.com')
      await smtp.stop()
      for (let i = 0; i < 40; i++) {
        await drainOutbox(t.deps, channel, { owner: 'test' })
        t.clock.advance(3600_000)
      }
      row = await t.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()
      expect(row.status).toBe('failed')
      // 1+2+4+…+32 minutes, then hourly: about 24 attempts fit in a day.
      expect(row.attempts).toBeGreaterThan(10)
      expect(row.attempts).toBeLessThan(30)
    } finally {
      console.error = orig
    }
    // (The admin's session of the morning has expired by now: sign in again.)
    const token = await t.login('admin', ADMIN_PASSWORD)
    const r = await t.json('GET', '/api/v1/outbox/stats', { token })
    expect(r.data).toMatchObject({ pending: 0, sent: 0, failed: 2 })
  })

  it('a row whose sender stopped mid-send is not sent again (uncertain), and two senders never share a row', async () => {
    const { t, smtp, channel } = await setup()
    await returned(t)
    await returned(t, 'second@example.com')
    // The sender's own crash point: the server has the message, the process dies before marking.
    await expect(
      drainOutbox(t.deps, channel, {
        owner: 'dies',
        limit: 1,
        afterSend: () => {
          throw new Error('killed')
        },
      }),
    ).rejects.toThrow('killed')
    expect(smtp.received).toHaveLength(1)
    // Another sender meanwhile takes the other row, never the claimed one.
    let r = await drainOutbox(t.deps, channel, { owner: 'other' })
    expect(r.sent).toBe(1)
    expect(smtp.received).toHaveLength(2)
    // After the lease, the claimed row is settled as uncertain — not resent.
    t.clock.advance(LEASE_MS + 1000)
    r = await drainOutbox(t.deps, channel, { owner: 'other' })
    expect(r).toMatchObject({ sent: 0, uncertain: 1 })
    expect(smtp.received).toHaveLength(2)
    expect(await stats(t)).toEqual({ pending: 0, sent: 1, failed: 1, uncertain: 1 })
  })
})
