/** The inbox in SQL: a user's own notifications, newest first. */
import type { Db } from '../db/schema.js'
import { jsonList } from '../db/batch.js'

export interface InboxQuery {
  unread?: boolean
  page?: number
  pageSize?: number
}

interface InboxItem {
  id: number
  at: string
  kind: string
  title: string
  body: string
  link: string | null
  readAt: string | null
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function listInbox(db: Db, userId: number, { unread, page = 1, pageSize = 50 }: InboxQuery) {
  let q = db.selectFrom('notifications').where('user_id', '=', userId)
  if (unread) q = q.where('read_at', 'is', null)
  const [rows, total, unreadN] = await Promise.all([
    q
      .select(['id', 'at', 'kind', 'title', 'body', 'link', 'read_at'])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    unreadCount(db, userId),
  ])
  const items: InboxItem[] = rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    readAt: r.read_at,
  }))
  return { items, total: Number(total?.n ?? 0), unread: unreadN }
}

export async function markRead(db: Db, userId: number, sel: { ids?: number[]; all?: boolean }, now: Date) {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
  if (!sel.all) q = q.where('id', 'in', jsonList(sel.ids ?? []))
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0)
}
