/**
 * The mail sender on Workers (contract §7, issue 17 §2) in the real workerd: `npm run dev:worker`
 * with SMTP_URL pointing at the real SMTP server of test/notifications/smtp.ts on loopback, and
 * the cron trigger (src/worker.ts `scheduled`) run on demand through wrangler's
 * `GET /__scheduled` (dev:worker passes --test-scheduled). The mail leaves workerd through
 * `cloudflare:sockets` connect() and the service's own SMTP client.
 *
 * The outbox's clock is the real one here, so to make a retry due (back-off: a minute) or a row
 * 24 hours old, the test moves the row's times back in the local D1 file — the only thing it
 * writes there; everything else goes through HTTP and the cron.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevWorker, type DevWorker } from '../processes.js'
import { startSmtp } from '../notifications/smtp.js'
import { ADMIN_PASSWORD, admin, json, useWorker } from './helpers.js'
import { cohort } from './fixtures.js'

type Smtp = Awaited<ReturnType<typeof startSmtp>>
let smtp: Smtp
let worker: DevWorker
let dir: string

beforeAll(async () => {
  smtp = await startSmtp()
  dir = mkdtempSync(join(tmpdir(), 'quxiang-mail-cron-'))
  worker = await startDevWorker({
    DATABASE_PATH: join(dir, 'db'),
    ADMIN_PASSWORD,
    SECRET_KEY: 'mail-cron-secret-key-0123456789abcdefgh',
    SCHOOL_CODE: '10001',
    SCHOOL_NAME: '测试大学',
    PUBLIC_BASE_URL: 'http://localhost:8787',
    TRUST_PROXY: '1',
    SMTP_URL: smtp.url,
    MAIL_FROM: '去向 <noreply@quxiang.test>',
  })
  useWorker(worker.url)
})

afterAll(async () => {
  await worker?.stop()
  await smtp?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** One pass of the cron trigger, as Cloudflare would run it every minute. */
async function cron() {
  const r = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`)
  expect(r.status).toBe(200)
  await r.text()
}

/** The local D1 file wrangler keeps under DATABASE_PATH.workers/. */
function d1File() {
  const base = join(`${join(dir, 'db')}.workers`, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  const file = readdirSync(base).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
  if (!file) throw new Error(`no D1 file in ${base}`)
  return join(base, file)
}

function onD1<T>(f: (db: Database.Database) => T): T {
  const db = new Database(d1File(), { timeout: 10_000 })
  try {
    return f(db)
  } finally {
    db.close()
  }
}

const rowsTo = (address: string) =>
  onD1(
    (db) =>
      db
        .prepare('SELECT id, status, attempts, next_attempt_at, server_response FROM mail_outbox WHERE to_address = ?')
        .all(address) as Array<{
        id: number
        status: string
        attempts: number
        next_attempt_at: string
        server_response: string | null
      }>,
  )

/** A graduate with this address, reminded by the school: one inbox message, one outbox row. */
async function remindOne(email: string) {
  const c = await cohort(1, { email })
  const r = await json('POST', '/api/v1/confirmations/reminders', {
    token: await admin(),
    body: { state: '未上报', department: c.department },
  })
  expect(r.status, JSON.stringify(r.data)).toBe(200)
  expect(r.data.notified).toBe(1)
  expect(rowsTo(email)).toHaveLength(1)
}

const stats = async () => (await json('GET', '/api/v1/outbox/stats', { token: await admin() })).data
const deliveredTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address))

describe('Worker: the cron trigger sends the outbox through a real SMTP server', () => {
  it('says at start that mail is on', async () => {
    // The worker's line comes through wrangler's own output, which may reach the pipe after
    // dev-worker.ts has said it is ready (two processes writing): wait for it a little.
    await expect
      .poll(() => worker.log(), { timeout: 10_000 })
      .toContain(`邮件提醒已开启：经 127.0.0.1:${smtp.port} 发送`)
    expect(worker.log()).not.toContain('邮件提醒未开启')
  })

  it('a reminder is mailed by the next cron run, once, with its subject, body and Message-ID', async () => {
    await remindOne('cron-a@example.com')
    expect(await stats()).toMatchObject({ pending: 1, sent: 0 })
    await cron()
    const got = deliveredTo('cron-a@example.com')
    expect(got).toHaveLength(1)
    expect(got[0].mail.subject).toBe('【去向】请完成毕业去向登记')
    expect(got[0].mail.text).toContain('http://localhost:8787/me/registration')
    expect(got[0].mail.from?.value[0]).toEqual({ name: '去向', address: 'noreply@quxiang.test' })
    const [row] = rowsTo('cron-a@example.com')
    expect(got[0].mail.messageId).toBe(`<outbox-${row.id}@localhost>`)
    expect(row.status).toBe('sent')
    expect(row.server_response).toMatch(/^250 /)
    expect(await stats()).toMatchObject({ pending: 0, sent: 1, failed: 0 })
    // Marked once: the next runs send nothing more.
    await cron()
    await cron()
    expect(deliveredTo('cron-a@example.com')).toHaveLength(1)
    // The address is in no log line.
    expect(worker.log()).not.toContain('cron-a@example.com')
  })

  it('the SMTP server down: retried after its back-off, delivered once when it is back', async () => {
    await smtp.stop()
    try {
      await remindOne('cron-b@example.com')
      await cron()
      let [row] = rowsTo('cron-b@example.com')
      expect(row).toMatchObject({ status: 'pending', attempts: 1 })
      const due = Date.parse(row.next_attempt_at) - Date.now()
      expect(due).toBeGreaterThan(20_000) // a minute's back-off, less the time since
      expect(due).toBeLessThanOrEqual(60_000)
      // Not due yet: a run now does not try it again.
      await cron()
      expect(rowsTo('cron-b@example.com')[0].attempts).toBe(1)
    } finally {
      await smtp.start()
    }
    await cron()
    expect(deliveredTo('cron-b@example.com')).toHaveLength(0)
    // The minute has passed (moved back in the row): the next run delivers it.
    onD1((db) =>
      db
        .prepare("UPDATE mail_outbox SET next_attempt_at = ? WHERE to_address = 'cron-b@example.com'")
        .run(new Date(Date.now() - 1000).toISOString()),
    )
    await cron()
    await cron()
    expect(deliveredTo('cron-b@example.com')).toHaveLength(1)
    const [row] = rowsTo('cron-b@example.com')
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
    expect(worker.log()).toMatch(/外发邮件 #\d+ 第 1 次发送失败（\w+），稍后重试/)
    expect(worker.log()).not.toContain('cron-b@example.com')
  })

  it('a row still failing 24 hours after it was written is given up (failed)', async () => {
    await smtp.stop()
    try {
      await remindOne('cron-c@example.com')
      const dayAgo = new Date(Date.now() - 24 * 3600_000 - 60_000).toISOString()
      onD1((db) =>
        db
          .prepare("UPDATE mail_outbox SET created_at = ?, next_attempt_at = ? WHERE to_address = 'cron-c@example.com'")
          .run(dayAgo, dayAgo),
      )
      await cron()
      expect(rowsTo('cron-c@example.com')[0]).toMatchObject({ status: 'failed', attempts: 1 })
      expect(await stats()).toMatchObject({ failed: 1, pending: 0 })
    } finally {
      await smtp.start()
    }
    await cron()
    expect(deliveredTo('cron-c@example.com')).toHaveLength(0)
  })
})
