/** 我的消息 pages (any signed-in role), and the confirmation list's 提醒 button. */
import { staffNavOf } from '../pages/staff-chrome.js'
import { Hono, type Context } from 'hono'
import { zValidator } from '@hono/zod-validator'
import { z } from 'zod'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { graduateWho, staffWho } from '../pages/staff-chrome.js'
import { studentNav } from '../../views/nav.js'
import { provinceNav } from '../../views/province/pages.js'
import { InboxPage } from '../../views/notifications/list-page.js'
import { formatCst } from '../domain/validity.js'
import { inbox, markNotificationsRead } from './service.js'
import { sendReminders } from './reminders.js'
import { ReminderSchema } from './routes.js'
import { AppError } from '../errors.js'
import { cohortChoice } from '../page-validator.js'
import { cohortPicker } from '../pages/cohort.js'
import { cohortParam } from '../domain/cohort.js'

export const notificationPages = new Hono<AppEnv>()

const PAGE_SIZE = 20
const signedIn = guard({ loginPath: '/me/login' })

/** Beijing time to the minute, for people. */
const time = (iso: string) => formatCst(new Date(iso)).slice(0, 16).replace('T', ' ')

function chrome(c: Context<AppEnv>) {
  const me = currentUser(c)
  if (me.role === 'student') return { nav: studentNav(), who: graduateWho(c, me.displayName ?? me.username) }
  // The province administrator's own navigation, not a school's (their pages are /province/*).
  if (me.role === 'province') return { nav: provinceNav(), who: staffWho(c) }
  return { nav: staffNavOf(c), who: staffWho(c) }
}

const ListQuery = z.object({
  unread: z.enum(['1', 'true', '0', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).optional(),
  /** Set by the redirect after 标为已读. */
  done: z.literal('read').optional().catch(undefined),
})

notificationPages.get('/notifications', signedIn, zValidator('query', ListQuery), async (c) => {
  const q = c.req.valid('query')
  const me = currentUser(c)
  const onlyUnread = q.unread === '1' || q.unread === 'true'
  const page = q.page ?? 1
  const r = await inbox(c.var.deps, me.id, { unread: onlyUnread, page, pageSize: PAGE_SIZE })
  const notice = q.done === 'read' ? '已标为已读。' : null
  return c.html(
    <InboxPage
      {...chrome(c)}
      who={{ ...chrome(c).who, unread: r.unread }}
      csrf={csrfToken(c)}
      items={r.items}
      unread={r.unread}
      total={r.total}
      page={page}
      pageSize={PAGE_SIZE}
      onlyUnread={onlyUnread}
      notice={notice}
      time={time}
    />,
  )
})

/** Opening a notification marks it read and goes to the thing itself. */
notificationPages.get(
  '/notifications/:id{[0-9]+}',
  signedIn,
  zValidator('param', z.object({ id: z.coerce.number().int().positive() })),
  async (c) => {
    const me = currentUser(c)
    const { id } = c.req.valid('param')
    const row = await c.var.deps.db
      .selectFrom('notifications')
      .select('link')
      .where('id', '=', id)
      .where('user_id', '=', me.id)
      .executeTakeFirst()
    if (!row) throw new AppError('not_found', '没有这条消息')
    await markNotificationsRead(c.var.deps, me.id, { ids: [id] })
    // Only links inside the service (a path), never an open redirect.
    return c.redirect(row.link?.startsWith('/') && !row.link.startsWith('//') ? row.link : '/notifications', 303)
  },
)

const ReadForm = z.object({
  ids: z.coerce.number().int().positive().optional(),
  all: z.literal('true').optional(),
})

notificationPages.post('/notifications/read', signedIn, zValidator('form', ReadForm), async (c) => {
  const f = c.req.valid('form')
  await markNotificationsRead(c.var.deps, currentUser(c).id, f.all ? { all: true } : { ids: f.ids ? [f.ids] : [] })
  return c.redirect('/notifications?done=read', 303)
})

/** The 提醒 button on /admin/confirmations (…/reminders is the contact-list export): back to the list, saying how many were reminded. */
notificationPages.post(
  '/admin/confirmations/notify',
  guard({ roles: ['school', 'department'], module: 'info', level: 'ro', loginPath: '/admin/login' }),
  zValidator(
    'form',
    ReminderSchema.extend({ department: z.string().trim().max(100).optional(), cohort: cohortChoice }),
  ),
  async (c) => {
    const f = c.req.valid('form')
    // The 届 the list showed (none: the one it opens on).
    const { value: cohort } = await cohortPicker(c, f.cohort)
    const r = await sendReminders(c.var.deps, currentUser(c), {
      state: f.state,
      department: f.department || undefined,
      cohort,
    })
    const back = new URLSearchParams()
    if (f.state) back.set('state', f.state)
    if (f.department) back.set('department', f.department)
    back.set('cohort', cohortParam(cohort))
    back.set('reminded', String(r.notified))
    back.set('selected', String(r.selected))
    return c.redirect(`/admin/confirmations?${back}`, 303)
  },
)
