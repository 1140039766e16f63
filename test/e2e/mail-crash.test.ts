/**
 * Issue 17 §2, the crash case with real processes: the real `npm start` sends its outbox to a real
 * SMTP server on loopback; the moment the server has a message — before it answers 250 — the whole
 * service is killed with SIGKILL, so the row was sent and never marked. The next start must not
 * send it again: within the lease the row stays claimed, and once the lease has run out (the
 * lease_until of the row moved into the past, as ten minutes would) the restarted sender settles
 * it as `uncertain` and mails only the rows that were never sent.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { call, npmStart, remote, stopAll, type Started } from './npm-start.js'
import { startSmtp } from '../notifications/smtp.js'
import type { TestApp } from '../helpers.js'
import { importRoster, rosterRow } from './outsider.js'

const dirs: string[] = []
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  stopAll()
  for (const c of closers.splice(0)) await c()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 30_000) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await ok()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('the service killed between sending and marking (issue 17 §2)', () => {
  it('does not send the message again after a restart; the row ends uncertain, the others are sent once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qx-mail-crash-'))
    dirs.push(dir)
    const dbPath = join(dir, 'quxiang.db')
    let server: Started | undefined
    let killed = false
    const smtp = await startSmtp({
      async beforeAccept() {
        if (killed || !server) return
        killed = true
        // The service dies with the message in the server's hands and no 250 read yet.
        const gone = new Promise((r) => server!.child.once('exit', r))
        process.kill(-server.child.pid!, 'SIGKILL')
        await gone
      },
    })
    closers.push(() => smtp.stop())
    const env = {
      DATABASE_PATH: dbPath,
      ADMIN_PASSWORD: 'mail-crash-admin-1',
      SMTP_URL: smtp.url,
      MAIL_FROM: '去向 <noreply@quxiang.test>',
      WEB_CONCURRENCY: '1',
    }

    // Hold the first message back from the sender until every row exists: the employer's
    // graduates imported with addresses, then a password-reset request from each (three mails).
    server = await npmStart([], { ...env, SMTP_URL: 'smtp://127.0.0.1:1' })
    const admin = (
      await call(server.base, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: env.ADMIN_PASSWORD },
      })
    ).data.token as string
    const grads = [1, 2, 3].map((i) => rosterRow({ 电子邮箱: `grad-crash-${i}@example.com` }))
    await importRoster(remote(server.base, admin) as unknown as TestApp, admin, grads)
    for (const g of grads) {
      const r = await call(server.base, 'POST', '/api/v1/password-reset-requests', { body: { username: g.学号 } })
      expect(r.status).toBe(202)
    }
    process.kill(-server.child.pid!, 'SIGKILL')
    await until('the first start to exit', () => server!.child.exitCode !== null || server!.child.signalCode !== null)

    const db = new Database(dbPath)
    closers.push(async () => void db.close())
    const rows = () =>
      db.prepare('SELECT id, status, lease_until FROM mail_outbox ORDER BY id').all() as {
        id: number
        status: string
        lease_until: string | null
      }[]
    // Rows the dead mail server refused were retried later: make them due now.
    db.prepare("UPDATE mail_outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'").run()
    expect(rows().length).toBe(3)
    expect(rows().every((r) => r.status === 'pending')).toBe(true)

    // Start with the real SMTP server: the first message arrives and the service is killed.
    server = await npmStart([], env)
    await until(
      'the kill on the first message',
      () => killed && (server!.child.exitCode !== null || server!.child.signalCode !== null),
    )
    expect(smtp.received).toHaveLength(1)
    const idOf = (m: (typeof smtp.received)[number]) => Number(/<outbox-(\d+)@/.exec(m.mail.messageId ?? '')![1])
    const victim = idOf(smtp.received[0]!)
    expect(rows().find((r) => r.id === victim)!.status).toBe('sending')

    // Restart: within the lease the row stays claimed; the others are sent once each.
    server = await npmStart([], env)
    const others = rows().filter((r) => r.id !== victim).length
    await until('the other rows to be sent', () => smtp.received.length === 1 + others)
    await new Promise((r) => setTimeout(r, 1000))
    expect(smtp.received.map(idOf).filter((id) => id === victim)).toHaveLength(1)
    expect(rows().find((r) => r.id === victim)!.status).toBe('sending')

    // Ten minutes later (the lease moved into the past): settled as uncertain, still not resent.
    db.prepare("UPDATE mail_outbox SET lease_until = '2000-01-01T00:00:00.000Z' WHERE id = ?").run(victim)
    stopAll()
    await until('the second start to exit', () => server!.child.exitCode !== null || server!.child.signalCode !== null)
    server = await npmStart([], env)
    await until('the row to be settled', () => rows().find((r) => r.id === victim)!.status === 'uncertain')
    expect(smtp.received).toHaveLength(1 + others)
    expect(new Set(smtp.received.map(idOf)).size).toBe(1 + others)
    const token = (
      await call(server.base, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: env.ADMIN_PASSWORD },
      })
    ).data.token as string
    const stats = await call(server.base, 'GET', '/api/v1/outbox/stats', { token })
    expect(stats.data).toMatchObject({ pending: 0, sent: others, failed: 1, uncertain: 1 })
    // The address never reached the service's log.
    expect(server.output()).not.toContain('grad-crash-')
  }, 120_000)
})
