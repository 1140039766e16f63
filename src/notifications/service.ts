/**
 * 消息提醒 (contract §7) — the one way any feature tells someone something.
 *
 * Usage, from another feature's service (the statements go into THAT feature's own batch, after
 * its conditional write, so the message exists exactly when the change does — and the mail
 * outbox row with it: nothing is lost if the service or the mail server is down):
 *
 *     import { notify, toGraduate } from '../notifications/service.js'
 *     await deps.batch([
 *       update, eventRow, auditRow,
 *       ...notify(deps, toGraduate(graduateId), {
 *         kind: 'registration.decision', title: '去向登记已审核通过', body: '…', link: '/me/registration',
 *       }),
 *     ])
 *
 * `notify` returns compiled INSERT … SELECT statements: one for the inbox (`notifications`), and,
 * when mail is configured (SMTP_URL, MAIL_FROM), one for the outbox (`mail_outbox`) that selects
 * only recipients with an address. The recipients are chosen in SQL, so a user id that does not
 * exist writes nothing, and one statement serves thousands of graduates.
 *
 * Recipients: `toUser(id)` (any role: graduate, staff, employer), `toGraduate(graduateId)` and
 * `toGraduates(ids)` (the graduate's student account). `except` leaves out the actor (nobody is
 * told of their own act). An account's address is `users.email`, or for a graduate's account the
 * roster's 电子邮箱.
 */
import { sql, type CompiledQuery, type Compilable, type RawBuilder } from 'kysely'
import type { AppDeps } from '../deps.js'
import { listInbox, markRead, unreadCount, type InboxQuery } from './queries.js'

export type NoticeKind =
  | 'registration.decision'
  | 'registration.changed'
  | 'registration.voided'
  | 'roster.correction'
  | 'transfer.number'
  | 'confirmation.reminder'
  | 'password.reset'
  | 'agreement.invitation'
  | 'agreement.answer'
  | 'agreement.decision'
  | 'agreement.rescission'
  | 'employer.decision'
  | 'recommendation.decision'

export interface Notice {
  kind: NoticeKind
  /** One line, Chinese: what happened. Also the mail's subject. */
  title: string
  /** Chinese: what happened and what to do next. */
  body: string
  /** A path inside the service (`/me/registration`), to the thing itself; null when there is none. */
  link: string | null
}

/** Who gets a notice: a condition over `users u` (kept opaque; build it with the helpers below). */
export interface Recipients {
  where: RawBuilder<unknown>
  except?: number | null
  /** A further condition (any SQL boolean), e.g. that the caller's conditional write won. */
  onlyIf?: RawBuilder<unknown>
}

export const toUser = (userId: number): Recipients => ({ where: sql`u.id = ${userId}` })

export const toGraduate = (graduateId: number, except?: number | null): Recipients => ({
  where: sql`u.role = 'student' AND u.graduate_id = ${graduateId}`,
  except,
})

/** Many graduates at once: the list travels as one JSON parameter (D1's parameter cap). */
export const toGraduates = (graduateIds: readonly number[], except?: number | null): Recipients => ({
  where: sql`u.role = 'student' AND u.graduate_id IN (SELECT value FROM json_each(${JSON.stringify(graduateIds)}))`,
  except,
})

/** Graduates chosen by a subquery returning graduate ids (e.g. the rows a batch just wrote). */
export const toGraduatesIn = (subquery: RawBuilder<unknown>): Recipients => ({
  where: sql`u.role = 'student' AND u.graduate_id IN (${subquery})`,
})

/** The address of `u`: its own, else the graduate's 电子邮箱 (from `g`, left-joined). */
const ADDRESS = sql`COALESCE(NULLIF(TRIM(u.email), ''), NULLIF(TRIM(g.email), ''))`

/** Whether this deployment mails (SMTP_URL and MAIL_FROM set). */
const mailEnabled = (deps: Pick<AppDeps, 'config'>) => deps.config.mail !== null

/** The mail text of a notice: the body, then the absolute link. */
function mailText(deps: Pick<AppDeps, 'config'>, n: Pick<Notice, 'body' | 'link'>) {
  const lines = [n.body]
  if (n.link) lines.push('', `查看详情：${deps.config.publicBaseUrl}${n.link}`)
  lines.push('', '—— 去向 · 毕业去向登记与核验（本邮件由系统自动发送，请勿回复）')
  return lines.join('\n')
}

/** The statements that deliver `notice` to `to`: inbox rows, and outbox rows when mail is on. */
export function notify(deps: Pick<AppDeps, 'db' | 'config' | 'now'>, to: Recipients, notice: Notice): Compilable[] {
  const at = deps.now().toISOString()
  const except = sql`${to.except ? sql` AND u.id <> ${to.except}` : sql``}${to.onlyIf ? sql` AND ${to.onlyIf}` : sql``}`
  const out: CompiledQuery[] = [
    sql`INSERT INTO notifications (user_id, at, kind, title, body, link)
        SELECT u.id, ${at}, ${notice.kind}, ${notice.title}, ${notice.body}, ${notice.link}
        FROM users u WHERE ${to.where}${except}`.compile(deps.db),
  ]
  if (mailEnabled(deps)) {
    out.push(
      sql`INSERT INTO mail_outbox (user_id, kind, to_address, subject, body, created_at, next_attempt_at)
          SELECT u.id, ${notice.kind}, ${ADDRESS}, ${`【去向】${notice.title}`}, ${mailText(deps, notice)}, ${at}, ${at}
          FROM users u LEFT JOIN graduates g ON g.id = u.graduate_id
          WHERE ${to.where}${except} AND ${ADDRESS} IS NOT NULL`.compile(deps.db),
    )
  }
  return out.map(compilable)
}

/** A compiled statement in the shape `deps.batch` and other features' statement lists take. */
const compilable = (q: CompiledQuery): Compilable => ({ compile: () => q })

/**
 * A mail that is not an inbox message (the password reset code): one outbox row to the user's
 * address, or nothing when mail is off or the account has no address. Returns null then, so the
 * caller can tell (without telling the requester).
 */
export function mailOnly(
  deps: Pick<AppDeps, 'db' | 'config' | 'now'>,
  userId: number,
  mail: { kind: NoticeKind; subject: string; body: string },
): Compilable | null {
  if (!mailEnabled(deps)) return null
  const at = deps.now().toISOString()
  return compilable(
    sql`INSERT INTO mail_outbox (user_id, kind, to_address, subject, body, created_at, next_attempt_at)
      SELECT u.id, ${mail.kind}, ${ADDRESS}, ${mail.subject}, ${mail.body}, ${at}, ${at}
      FROM users u LEFT JOIN graduates g ON g.id = u.graduate_id
      WHERE u.id = ${userId} AND ${ADDRESS} IS NOT NULL`.compile(deps.db),
  )
}

/** The unread count for the bell (a partial index makes it one probe). */
export const unreadOf = (deps: Pick<AppDeps, 'db'>, userId: number) => unreadCount(deps.db, userId)

export async function inbox(deps: Pick<AppDeps, 'db'>, userId: number, opts: InboxQuery) {
  return listInbox(deps.db, userId, opts)
}

/** Marks the user's own notifications read (ids of others' are ignored); returns how many changed. */
export async function markNotificationsRead(
  deps: Pick<AppDeps, 'db' | 'now'>,
  userId: number,
  sel: { ids?: number[]; all?: boolean },
) {
  return markRead(deps.db, userId, sel, deps.now())
}
