/** Account management pages for school administrators: users, unlock, the audit log. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../middleware/confirm.js'
import { describeZodError } from '../openapi.js'
import { staffChrome } from '../staff-chrome.js'
import { AUDIT_GROUPS, AuditPage, UsersPage, type AuditFilters } from '../../views/accounts/users-page.js'
import { CreateUserSchema, createStaffUser, listStaffUsers, unlockUser } from './routes.js'

export const userPages = new Hono<AppEnv>()

const adminOnly = guard({ roles: ['school'], module: 'info', loginPath: '/admin/login' })

async function render(
  c: Context<AppEnv>,
  extra: { error?: string; notice?: string; form?: Record<string, string> } = {},
  status: 200 | 400 | 404 | 409 = 200,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const users = await listStaffUsers(db, me.schoolId, c.var.deps.now())
  const departments = (
    await db.selectFrom('departments').select('name').where('school_id', '=', me.schoolId).orderBy('name').execute()
  ).map((d) => d.name)
  return c.html(<UsersPage {...staffChrome(c)} users={users} departments={departments} {...extra} />, status)
}

userPages.get('/admin/users', adminOnly, (c) =>
  render(c, {
    notice:
      c.req.query('done') === 'created' ? '已添加用户。' : c.req.query('done') === 'unlocked' ? '已解锁。' : undefined,
  }),
)

userPages.post('/admin/users', adminOnly, async (c) => {
  const body = await c.req.parseBody()
  const form = Object.fromEntries(
    Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== 'password' && k !== '_csrf'),
  ) as Record<string, string>
  const parsed = CreateUserSchema.safeParse({
    username: form.username?.trim(),
    password: typeof body.password === 'string' ? body.password : '',
    role: form.role,
    department: form.department?.trim() || null,
    displayName: form.displayName?.trim() || undefined,
    permissions: { info: form.info, archive: form.archive, hukou: form.hukou },
  })
  if (!parsed.success) return render(c, { error: describeZodError(parsed.error).message, form }, 400)
  try {
    await createStaffUser(c.var.deps, currentUser(c), parsed.data)
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return render(c, { error: e.message, form }, e.status as 400)
    throw e
  }
  return c.redirect('/admin/users?done=created', 303)
})

const confirmUnlock = confirmFirst((c) => ({
  title: '确认解锁账号',
  message: `确定解锁 ${(c.req.param('username') ?? '').slice(0, 50)} 吗？解锁后该账号可以立即再次尝试登录。`,
  confirmLabel: '确认解锁',
  danger: false,
  back: '/admin/users',
}))

userPages.post('/admin/users/:username/unlock', adminOnly, confirmUnlock, async (c) => {
  await unlockUser(c.var.deps, currentUser(c), c.req.param('username'))
  return c.redirect('/admin/users?done=unlocked', 303)
})

const PAGE = 50
const GROUPS = new Set(AUDIT_GROUPS.map(([g]) => g))
const DAY = /^\d{4}-\d{2}-\d{2}$/

userPages.get('/admin/audit', adminOnly, async (c) => {
  const me = currentUser(c)
  const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1))
  const { db } = c.var.deps
  const filters: AuditFilters = {
    group: GROUPS.has(c.req.query('group') ?? '') ? c.req.query('group') : undefined,
    actor: (c.req.query('actor') ?? '').trim().slice(0, 50) || undefined,
    from: DAY.test(c.req.query('from') ?? '') ? c.req.query('from') : undefined,
    to: DAY.test(c.req.query('to') ?? '') ? c.req.query('to') : undefined,
  }
  // Dates are the reader's (Beijing) days; the log stores UTC.
  const base = () => {
    let q = db.selectFrom('audit_log').where('school_id', '=', me.schoolId)
    if (filters.group) q = q.where('action', 'like', `${filters.group}.%`)
    if (filters.actor) q = q.where('actor', '=', filters.actor)
    if (filters.from) q = q.where('at', '>=', new Date(`${filters.from}T00:00:00+08:00`).toISOString())
    if (filters.to)
      q = q.where('at', '<', new Date(new Date(`${filters.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString())
    return q
  }
  const total = Number(
    (
      await base()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  const rows = await base()
    .select(['at', 'actor', 'action', 'target', 'detail'])
    .orderBy('id', 'desc')
    .limit(PAGE)
    .offset((page - 1) * PAGE)
    .execute()
  const ids = [
    ...new Set(
      rows
        .map((r) => /^graduate:(\d+)$/.exec(r.target ?? '')?.[1])
        .filter((x): x is string => !!x)
        .map(Number),
    ),
  ]
  const names = ids.length
    ? await db
        .selectFrom('graduates')
        .select(['id', 'name'])
        .where('school_id', '=', me.schoolId)
        .where('id', 'in', ids)
        .execute()
    : []
  const { nav, who } = staffChrome(c)
  return c.html(
    <AuditPage
      nav={nav}
      who={who}
      rows={rows}
      page={page}
      pages={Math.ceil(total / PAGE)}
      total={total}
      filters={filters}
      graduateNames={Object.fromEntries(names.map((n) => [String(n.id), n.name]))}
    />,
  )
})
