/**
 * Issue 17 §2, the crash case with real processes: the real `npm start` sends its outbox to a real
 * SMTP server on loopback; the moment the server has a message — before it answers 250 — the whole
 * service (its process group) is killed with SIGKILL, so the row was sent and never marked. The
 * next start must not send it again: within the lease the row stays `sending`, and once the lease
 * has run out (the row's lease_until moved into the past, as ten minutes would) the restarted
 * sender settles it as `uncertain` and mails only the rows that were never sent.
 *
 * Written to hold on a loaded 2-core CI machine:
 * - The SMTP hook kills the process it was handed at spawn time (npmStart's onSpawn), not the one
 *   a variable points to once /healthz answered: the sender's first pass runs as soon as the
 *   serving process starts, and may well reach the SMTP server before the health check returns
 *   (the first version of this test then killed the previous, already dead service and waited).
 * - Nothing depends on the outbox loop's 5-second interval (there is no setting for it): every
 *   step is done by the pass each serving process runs as it starts; the service is stopped and
 *   started again between the steps.
 * - The first start stops with SIGTERM (the serving process finishes its pass first), so no row
 *   is caught half-sent there; every stop waits until no process of the group is left.
 * - Waits poll for up to two minutes and, when they give up, say what the service printed, what
 *   the outbox rows are and what the SMTP server got.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { call, npmStart, remote, stopAll } from './npm-start.js'
import { startSmtp } from '../notifications/smtp.js'
import type { TestApp } from '../helpers.js'
import { importRoster, rosterRow } from './outsider.js'

const WAIT_MS = 120_000
const READY_MS = 120_000

interface OutboxRow {
  id: number
  kind: string
  to_address: string
  status: string
  attempts: number
  lease_owner: string | null
  lease_until: string | null
  last_error: string | null
  body: string
}

/** Polls `ok` every 100 ms for up to `ms`; gives up with `explain()` (the state of things) in the error. */
async function until(what: string, ok: () => boolean | Promise<boolean>, explain: () => string, ms = WAIT_MS) {
  const started = Date.now()
  while (Date.now() - started < ms) {
    if (await ok()) return Date.now() - started
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}\n${explain()}`)
}

/** The live processes of process group `pgid` (zombies excluded: they hold no socket and run nothing). */
function groupMembers(pgid: number): number[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, stat]) => Number(g) === pgid && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid))
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/** Row ids the SMTP server got more than once. */
const repeated = (ids: number[]) => ids.filter((id, i) => ids.indexOf(id) !== i)

describe('the service killed between sending and marking (issue 17 §2)', () => {
  it('does not send the message again after a restart; the row ends uncertain, the others are sent once', async () => {
    const t0 = Date.now()
    const phases: string[] = []
    const phase = (name: string) => phases.push(`${name} at ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    const dir = mkdtempSync(join(tmpdir(), 'qx-mail-crash-'))
    const dbPath = join(dir, 'quxiang.db')
    // Runs last (hooks run in reverse): no process outlives the test, then the files go.
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    onTestFinished(() => stopAll())

    /** Every start, from the moment it was spawned; the last one is the current one. */
    const services: { name: string; child: ChildProcess; output: () => string }[] = []
    const current = () => services.at(-1)
    const track = (name: string) => (child: ChildProcess, output: () => string) =>
      void services.push({ name, child, output })

    // The kill: armed for one start only; it records what it did, so a failure can say.
    let armed = false
    let killedChild: ChildProcess | undefined
    const hookLog: string[] = []
    const smtp = await startSmtp({
      async beforeAccept(mail) {
        hookLog.push(`message ${mail.messageId} arrived (armed: ${armed}, service: ${current()?.name})`)
        const service = current()
        if (!armed || !service) return
        armed = false
        const { child } = service
        killedChild = child
        // The service dies with the message in the server's hands and no 250 read yet; the reply
        // is held back until no process of its group is left to read it.
        process.kill(-child.pid!, 'SIGKILL')
        await until(
          'the killed service to be gone',
          () => exited(child) && groupMembers(child.pid!).length === 0,
          state,
        )
        hookLog.push(`killed process group ${child.pid} before answering ${mail.messageId}`)
      },
    })
    onTestFinished(() => smtp.stop())

    const rows = (): OutboxRow[] => {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true })
      try {
        db.pragma('busy_timeout = 10000')
        return db
          .prepare(
            'SELECT id, kind, to_address, status, attempts, lease_owner, lease_until, last_error, body FROM mail_outbox ORDER BY id',
          )
          .all() as OutboxRow[]
      } finally {
        db.close()
      }
    }
    const write = (statement: string, ...params: unknown[]) => {
      const db = new Database(dbPath, { fileMustExist: true })
      try {
        db.pragma('busy_timeout = 10000')
        db.prepare(statement).run(...params)
      } finally {
        db.close()
      }
    }
    const idOf = (m: (typeof smtp.received)[number]) => Number(/<outbox-(\d+)@/.exec(m.mail.messageId ?? '')?.[1])
    /** Everything a failed wait should say: the phases reached, the service's output, the rows, the mail. */
    function state(): string {
      let outbox: string
      try {
        outbox = JSON.stringify(
          rows().map(({ to_address: _, ...r }) => r),
          null,
          1,
        )
      } catch (e) {
        outbox = `(unreadable: ${(e as Error).message})`
      }
      return [
        `phases: ${phases.join('; ')}`,
        `smtp received: ${JSON.stringify(smtp.received.map(idOf))}`,
        `smtp hook: ${hookLog.join('; ') || '(never ran)'}`,
        `outbox rows: ${outbox}`,
        ...services.map(
          (x) =>
            `--- ${x.name}, pid ${x.child.pid}, ${exited(x.child) ? `exited (${x.child.signalCode ?? x.child.exitCode})` : 'running'}:\n${x.output()}`,
        ),
      ].join('\n')
    }
    /** For the waits: a message the SMTP server got twice fails at once, not when the wait gives up. */
    const noneTwice = () => {
      const twice = repeated(smtp.received.map(idOf))
      if (twice.length) throw new Error(`sent more than once: rows ${twice.join(', ')}\n${state()}`)
      return true
    }
    /** Stops the current service with `signal` and waits until no process of its group is left. */
    async function stopCurrent(signal: NodeJS.Signals) {
      const { child, name } = current()!
      try {
        process.kill(-child.pid!, signal)
      } catch {
        /* already gone */
      }
      await until(`${name} to stop (${signal})`, () => exited(child) && groupMembers(child.pid!).length === 0, state)
    }

    const env = {
      DATABASE_PATH: dbPath,
      ADMIN_PASSWORD: 'mail-crash-admin-1',
      SMTP_URL: smtp.url,
      MAIL_FROM: '去向 <noreply@quxiang.test>',
      WEB_CONCURRENCY: '1',
    }

    // 1. Every row first, with no mail server to take them (port 1 refuses at once): the
    // graduates imported with addresses, then a password-reset request from each (three mails).
    phase('first start')
    let server = await npmStart(
      [],
      { ...env, SMTP_URL: 'smtp://127.0.0.1:1' },
      { readyMs: READY_MS, onSpawn: track('first start (mail server down)') },
    )
    const admin = (
      await call(server.base, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: env.ADMIN_PASSWORD },
      })
    ).data.token as string
    expect(admin, state()).toBeTruthy()
    const grads = [1, 2, 3].map((i) => rosterRow({ 电子邮箱: `grad-crash-${i}@example.com` }))
    await importRoster(remote(server.base, admin) as unknown as TestApp, admin, grads)
    for (const g of grads) {
      const r = await call(server.base, 'POST', '/api/v1/password-reset-requests', { body: { username: g.学号 } })
      expect(r.status, JSON.stringify(r.data)).toBe(202)
    }
    // SIGTERM: the serving process finishes the pass under way, so no row is left `sending`.
    await stopCurrent('SIGTERM')
    phase('first start stopped')
    const queued = rows()
    expect(
      queued.map((r) => [r.kind, r.to_address, r.status]),
      state(),
    ).toEqual(grads.map((g) => ['password.reset', g.电子邮箱, 'pending']))
    // Rows the dead mail server refused wait for a retry: make them due now.
    write("UPDATE mail_outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'")

    // 2. Start with the real SMTP server: its first pass sends a row, and the service is killed
    // while the server holds the message. The start may or may not have answered /healthz by then.
    phase('second start (armed)')
    armed = true
    const second = await npmStart([], env, { readyMs: READY_MS, onSpawn: track('second start (killed)') }).then(
      (s) => s,
      (e: Error) => e,
    )
    const killMs = await until(
      'the kill on the first message',
      () => killedChild !== undefined && exited(killedChild) && groupMembers(killedChild.pid!).length === 0,
      () => `${second instanceof Error ? `npm start: ${second.message}\n` : ''}${state()}`,
    )
    phase(
      `second start killed ${second instanceof Error ? 'before' : 'after'} /healthz answered (${killMs} ms after npm start returned)`,
    )
    expect(killedChild, state()).toBe(current()!.child)
    expect(smtp.received, state()).toHaveLength(1)
    const victim = idOf(smtp.received[0]!)
    const claimed = rows().find((r) => r.id === victim)
    expect(claimed?.status, state()).toBe('sending')
    expect(claimed!.lease_owner, state()).toBeTruthy()
    expect(Date.parse(claimed!.lease_until!), state()).toBeGreaterThan(Date.now())
    const others = queued.map((r) => r.id).filter((id) => id !== victim)
    expect(others).toHaveLength(2)

    // 3. Restart within the lease: the claimed row stays claimed; the other two are sent once each.
    phase('third start')
    await npmStart([], env, { readyMs: READY_MS, onSpawn: track('third start (within the lease)') })
    await until(
      'the other two rows to be sent',
      () => noneTwice() && rows().filter((r) => others.includes(r.id) && r.status === 'sent').length === 2,
      state,
    )
    // Stopped (after the pass under way) before counting, so nothing is still on its way.
    await stopCurrent('SIGTERM')
    phase('third start stopped')
    expect(smtp.received.map(idOf).sort(), state()).toEqual([victim, ...others].sort())
    expect(
      rows().find((r) => r.id === victim),
      state(),
    ).toMatchObject({
      status: 'sending',
      lease_owner: claimed!.lease_owner,
      lease_until: claimed!.lease_until,
    })

    // 4. Ten minutes later (the lease moved into the past): settled as uncertain, not resent.
    write("UPDATE mail_outbox SET lease_until = '2000-01-01T00:00:00.000Z' WHERE id = ?", victim)
    phase('fourth start')
    server = await npmStart([], env, { readyMs: READY_MS, onSpawn: track('fourth start (lease over)') })
    await until(
      'the row to be settled',
      () => noneTwice() && rows().find((r) => r.id === victim)?.status === 'uncertain',
      state,
    )
    const token = (
      await call(server.base, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: env.ADMIN_PASSWORD },
      })
    ).data.token as string
    const stats = await call(server.base, 'GET', '/api/v1/outbox/stats', { token })
    expect(stats.data, state()).toEqual({ pending: 0, sent: 2, failed: 1, uncertain: 1 })
    await stopCurrent('SIGTERM')
    phase('fourth start stopped')

    // Over all four starts the SMTP server got each row once: the first message exactly once.
    expect(smtp.received.map(idOf).sort(), state()).toEqual([victim, ...others].sort())
    expect(
      rows().map((r) => [r.id, r.status]),
      state(),
    ).toEqual(queued.map((r) => [r.id, r.id === victim ? 'uncertain' : 'sent']))
    expect(rows().find((r) => r.id === victim)!.last_error).toBe('发送中断：无法确认是否已送达，不再自动重发')
    // Finished, sent or uncertain, no reset mail keeps its text (it held the code) on the row.
    expect(
      rows().map((r) => r.body),
      state(),
    ).toEqual(queued.map(() => '（验证码邮件：发送结束后不保留正文）'))
    // The addresses never reached the service's log.
    for (const x of services) expect(x.output(), x.name).not.toContain('grad-crash-')
    console.log(`mail-crash phases: ${phases.join('; ')}`)
  }, 600_000)
})
