/**
 * The mail outbox's sender: claims due rows, hands each to a `MessageChannel`, marks the outcome.
 * Runtime-neutral: Node runs `startOutboxLoop` in the background (src/server.ts), Workers run
 * `drainOutbox` from a cron trigger (src/worker.ts `scheduled`).
 *
 * ## What is guaranteed, honestly
 *
 * - **Nothing is lost before sending.** The outbox row is written in the same batch as the change
 *   that caused it (src/notifications/service.ts), so a change without its row cannot exist. A row
 *   stays `pending` while the mail server is down and is retried with back-off (1, 2, 4 … minutes,
 *   at most an hour apart) until 24 hours after it was written; then it is `failed`. A 5xx reply
 *   (the server refuses the message for good) fails it at once.
 * - **At most once per row.** Before a row is handed to the channel it is claimed by ONE
 *   conditional UPDATE (`… SET status = 'sending', lease_owner = ?, lease_until = ? WHERE id = ?
 *   AND status = 'pending'`): two loops — two processes, two Workers invocations — can never both
 *   claim it, so no row is sent by two senders. The row is marked `sent` (with the server's
 *   answer, e.g. `250 Ok: queued as …`) right after the server accepted it.
 * - **A crash between sending and marking does not send it again.** SMTP cannot be asked afterwards
 *   whether a message arrived, so a row found still `sending` after its lease ran out (10 minutes;
 *   every SMTP step times out well inside that) is in doubt: the sender may have stopped before
 *   the server took it, or after. Such a row becomes `uncertain` — counted with `failed` in
 *   `GET /api/v1/outbox/stats` (and on its own as `uncertain`) — and is NOT sent again. We choose a
 *   possibly missing mail over a duplicate because every notification is also in the inbox, and a
 *   reset code can be asked for again. The window is the SMTP conversation of one message (the
 *   claim happens immediately before it), so it is rare; the Message-ID is fixed per row
 *   (`<outbox-{id}@{host}>`), so a copy that did go out can be matched to its row.
 * - A slow send whose lease ran out while it was still under way is still marked `sent` when the
 *   server's answer comes (the mark accepts `uncertain` from the same owner).
 *
 * Addresses never reach the log: failures are logged by row id and a short code only, and the
 * error text kept on the row has addresses blanked out. A password-reset mail's text (it holds the
 * code) is blanked on the row once the row is finished.
 */
import { sql, type Updateable } from 'kysely'
import type { Db, MailOutboxTable, OutboxStatus } from '../db/schema.js'
import type { AppDeps } from '../deps.js'
import { ChannelError, type MessageChannel } from '../message-channel.js'

export const LEASE_MS = 10 * 60_000
const GIVE_UP_AFTER_MS = 24 * 3600_000
const MAX_BACKOFF_MS = 3600_000

/** Back-off before attempt n+1, after n failed attempts: 1, 2, 4 … minutes, capped at an hour. */
const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, attempts - 1))

const ADDRESS_RE = /[^\s<>()"',;:]+@[^\s<>()"',;:]+/g
/** Error text with every address blanked, for the row (the log gets only the code). */
const redactAddresses = (s: string) => s.replace(ADDRESS_RE, '<…>').slice(0, 300)

/** Text kept on a finished password-reset row instead of the mail (it held the code). */
const REDACTED_BODY = '（验证码邮件：发送结束后不保留正文）'
const SECRET_KINDS = ['password.reset']

const messageIdFor = (rowId: number, publicBaseUrl: string) => {
  let host = 'quxiang.invalid'
  try {
    host = new URL(publicBaseUrl).hostname || host
  } catch {}
  return `<outbox-${rowId}@${host}>`
}

export interface DrainOptions {
  /** Who claims (one per process or invocation); written on the row while it is being sent. */
  owner: string
  /** Rows per call at most (a cron invocation has a time budget). */
  limit?: number
  /** Test hook: runs after the server accepted a row and before it is marked (a crash point). */
  afterSend?: (rowId: number) => void | Promise<void>
}

export interface DrainResult {
  sent: number
  retried: number
  failed: number
  uncertain: number
}

/** Rows whose sender stopped mid-send (lease over, still `sending`) become `uncertain`. */
async function settleAbandoned(db: Db, now: Date): Promise<number> {
  const r = await db
    .updateTable('mail_outbox')
    .set({
      status: 'uncertain',
      last_error: '发送中断：无法确认是否已送达，不再自动重发',
      // Finished too: a reset mail's text (it holds the code) is not kept.
      body: sql<string>`CASE WHEN kind IN (${sql.join(SECRET_KINDS)}) THEN ${REDACTED_BODY} ELSE body END`,
    })
    .where('status', '=', 'sending')
    .where('lease_until', '<=', now.toISOString())
    .executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0)
}

async function claimOne(db: Db, owner: string, now: Date) {
  const at = now.toISOString()
  return db
    .updateTable('mail_outbox')
    .set({
      status: 'sending',
      lease_owner: owner,
      lease_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      attempts: sql`attempts + 1`,
    })
    .where(
      'id',
      '=',
      db
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1),
    )
    .where('status', '=', 'pending')
    .returning(['id', 'kind', 'to_address', 'subject', 'body', 'attempts', 'created_at'])
    .executeTakeFirst()
}

const finishBody = (kind: string) => (SECRET_KINDS.includes(kind) ? { body: REDACTED_BODY } : {})

/** Sends every due row (up to `limit`), one at a time. */
export async function drainOutbox(
  deps: Pick<AppDeps, 'db' | 'now' | 'config'>,
  channel: MessageChannel,
  opts: DrainOptions,
): Promise<DrainResult> {
  const { db } = deps
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, uncertain: 0 }
  result.uncertain = await settleAbandoned(db, deps.now())
  const limit = opts.limit ?? 100
  for (let n = 0; n < limit; n++) {
    const row = await claimOne(db, opts.owner, deps.now())
    if (!row) break
    // Only our own claim is marked: the row, its lease owner, still in flight.
    const mark = (set: Updateable<MailOutboxTable>) =>
      db
        .updateTable('mail_outbox')
        .set(set)
        .where('id', '=', row.id)
        .where('lease_owner', '=', opts.owner)
        .where('status', 'in', ['sending', 'uncertain'] as OutboxStatus[])
        .execute()
    let receipt
    try {
      receipt = await channel.send({
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        messageId: messageIdFor(row.id, deps.config.publicBaseUrl),
      })
    } catch (e) {
      const now = deps.now()
      const err = e instanceof ChannelError ? e : new ChannelError(String((e as Error)?.message ?? e), false, 'ERROR')
      const tooOld = now.getTime() - Date.parse(row.created_at) >= GIVE_UP_AFTER_MS
      const give = err.permanent || tooOld
      await mark({
        status: give ? 'failed' : 'pending',
        next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)).toISOString(),
        lease_owner: null,
        lease_until: null,
        last_error: redactAddresses(`${err.code}: ${err.message}`),
        ...(give ? finishBody(row.kind) : {}),
      })
      console.error(
        `外发邮件 #${row.id} 第 ${row.attempts} 次发送失败（${err.code}）${give ? '，已放弃' : '，稍后重试'}`,
      )
      if (give) result.failed++
      else result.retried++
      continue
    }
    await opts.afterSend?.(row.id)
    await mark({
      status: 'sent',
      sent_at: deps.now().toISOString(),
      lease_owner: null,
      lease_until: null,
      last_error: null,
      server_response: redactAddresses(receipt.response),
      ...finishBody(row.kind),
    })
    result.sent++
  }
  return result
}

/** Rows per state for one school's accounts (contract §7: pending includes rows being sent). */
export async function outboxStats(db: Db, schoolId: number) {
  const rows = await db
    .selectFrom('mail_outbox')
    .innerJoin('users', 'users.id', 'mail_outbox.user_id')
    .select(['mail_outbox.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('users.school_id', '=', schoolId)
    .groupBy('mail_outbox.status')
    .execute()
  const n = (s: OutboxStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0)
  return {
    pending: n('pending') + n('sending'),
    sent: n('sent'),
    failed: n('failed') + n('uncertain'),
    uncertain: n('uncertain'),
  }
}

export interface OutboxLoop {
  /** Runs a pass soon (after a change wrote rows), instead of at the next tick. */
  wake(): void
  /** Stops after the pass under way, if any. */
  stop(): Promise<void>
}

/**
 * The Node sender: a pass every `intervalMs` (and on `wake`). Safe to run in several processes at
 * once — claims are conditional — though src/server.ts runs one per deployment process group.
 */
export function startOutboxLoop(
  deps: Pick<AppDeps, 'db' | 'now' | 'config'>,
  channel: MessageChannel,
  { intervalMs = 5000, owner = `node-${Math.random().toString(36).slice(2, 10)}` } = {},
): OutboxLoop {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> | undefined
  let stopped = false
  const pass = () => {
    timer = undefined
    if (stopped || running) return
    running = drainOutbox(deps, channel, { owner })
      .catch((e) => console.error('外发邮件发送轮次出错：', (e as Error)?.name ?? 'Error'))
      .finally(() => {
        running = undefined
        if (!stopped) timer = setTimeout(pass, intervalMs)
      })
  }
  timer = setTimeout(pass, 0)
  return {
    wake() {
      if (stopped || running) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(pass, 0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      await channel.close?.()
    },
  }
}
