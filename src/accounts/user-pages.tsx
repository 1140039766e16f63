/** Account management pages for school administrators: users, unlock, the audit log. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { describeZodError } from '../openapi.js'
import { staffNav } from '../../views/nav.js'
import { AuditPage, UsersPage } from '../../views/accounts/users-page.js'
import { CreateUserSchema, createStaffUser, listStaffUsers, unlockUser } from './routes.js'

export const userPages = new Hono<AppEnv>()

const adminOnly = guard({ roles: ['school'], module: 'info', loginPath: '/admin/login' })

export function staffChrome(c: Context<AppEnv>) {
  const me = currentUser(c)
  const csrf = csrfToken(c)
  return { nav: staffNav(me), who: { label: me.displayName ?? me.username, logoutAction: '/admin/logout', csrf }, csrf }
}

async function render(c: Context<AppEnv>, extra: { error?: string; notice?: string; form?: Record<string, string> } = {}, status: 200 | 400 | 404 | 409 = 200) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const users = await listStaffUsers(db, me.schoolId, c.var.deps.now())
  const departments = (await db.selectFrom('departments').select('name').where('school_id', '=', me.schoolId).orderBy('name').execute()).map((d) => d.name)
  return c.html(<UsersPage {...staffChrome(c)} users={users} departments={departments} {...extra} />, status)
}

userPages.get('/admin/users', adminOnly, (c) => render(c, { notice: c.req.query('done') === 'created' ? '已添加用户。' : c.req.query('done') === 'unlocked' ? '已解锁。' : undefined }))

userPages.post('/admin/users', adminOnly, async (c) => {
  const body = await c.req.parseBody()
  const form = Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== 'password' && k !== '_csrf')) as Record<string, string>
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

userPages.post('/admin/users/:username/unlock', adminOnly, async (c) => {
  await unlockUser(c.var.deps, currentUser(c), c.req.param('username'))
  return c.redirect('/admin/users?done=unlocked', 303)
})

const PAGE = 50
userPages.get('/admin/audit', adminOnly, async (c) => {
  const me = currentUser(c)
  const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1))
  const { db } = c.var.deps
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('school_id', '=', me.schoolId).executeTakeFirstOrThrow()).n)
  const rows = await db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action', 'target', 'detail'])
    .where('school_id', '=', me.schoolId)
    .orderBy('id', 'desc')
    .limit(PAGE)
    .offset((page - 1) * PAGE)
    .execute()
  const { nav, who } = staffChrome(c)
  return c.html(<AuditPage nav={nav} who={who} rows={rows} page={page} pages={Math.ceil(total / PAGE)} />)
})
