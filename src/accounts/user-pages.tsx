/** Account management pages for school administrators: users, unlock, the audit log. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../pages/confirm.js'
import { z } from '../openapi.js'
import { pageNumber, pageValidator, stringValues } from '../page-validator.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { departmentNames } from '../db/departments.js'
import { AUDIT_GROUPS, AuditPage, UserEditPage, UsersPage } from '../../views/accounts/users-page.js'
import { auditPage, graduateNamesOf, listStaffUsers } from './queries.js'
import { CreateUserSchema, newPassword, PatchUserSchema, UsernameParam } from './schemas.js'
import { createStaffUser, setStaffPassword, unlockUser, updateStaffUser } from './service.js'

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
  const departments = await departmentNames(db, me.schoolId)
  return c.html(<UsersPage {...staffChrome(c)} users={users} departments={departments} {...extra} />, status)
}

const DoneQuery = z.object({ done: z.string().optional().catch(undefined) })

userPages.get('/admin/users', adminOnly, pageValidator('query', DoneQuery), (c) => {
  const { done } = c.req.valid('query')
  return render(c, { notice: done === 'created' ? '已添加用户。' : done === 'unlocked' ? '已解锁。' : undefined })
})

/** The page's flat form, mapped onto the API's body (CreateUserSchema) and checked by it. */
const CreateUserForm = z
  .object({
    username: z.string().trim().default(''),
    password: z.string().default(''),
    role: z.string().default(''),
    department: z.string().trim().default(''),
    classes: z.string().default(''),
    educationScope: z.string().default('all'),
    displayName: z.string().trim().default(''),
    info: z.string().default(''),
    archive: z.string().default(''),
    hukou: z.string().default(''),
  })
  .transform(
    (f) =>
      ({
        username: f.username,
        password: f.password,
        role: f.role,
        department: f.department || null,
        classes: f.role === 'counsellor' ? splitClasses(f.classes) : undefined,
        educationScope: f.educationScope,
        // 添加用户 chooses the 院系 from the list: an unknown one is refused (issue 13 item 9).
        createDepartment: false,
        displayName: f.displayName || undefined,
        permissions: { info: f.info, archive: f.archive, hukou: f.hukou },
      }) as z.input<typeof CreateUserSchema>,
  )
  .pipe(CreateUserSchema)

/** 所在班级 typed as one text: commas (either width), 、 or new lines between names. */
const splitClasses = (v: string) =>
  v
    .split(/[,，、\n\r]+/)
    .map((x) => x.trim())
    .filter(Boolean)

/** What the form is filled with again: everything typed but the password. */
const typedBack = (values: Record<string, unknown>) => {
  const { password: _, _csrf: __, ...rest } = stringValues(values)
  return rest
}

userPages.post(
  '/admin/users',
  adminOnly,
  pageValidator('form', CreateUserForm, (c, bad) =>
    render(c, { error: bad.message, form: typedBack(bad.values) }, 400),
  ),
  async (c) => {
    const input = c.req.valid('form')
    try {
      await createStaffUser(c.var.deps, currentUser(c), input)
    } catch (e) {
      if (e instanceof AppError && e.status < 500)
        return render(
          c,
          {
            error: e.message,
            form: typedBack({
              ...input,
              ...input.permissions,
              department: input.department ?? '',
              classes: (input.classes ?? []).join('，'),
              displayName: input.displayName ?? '',
            }),
          },
          e.status as 400,
        )
      throw e
    }
    return c.redirect('/admin/users?done=created', 303)
  },
)

const usernameParam = pageValidator('param', UsernameParam)
/** The validated :username, for a later validator's hook or a confirm step (the handler's own typing is not there yet). */
const usernameOf = (c: Context<AppEnv>) =>
  (c.req.valid as (t: 'param') => z.output<typeof UsernameParam>)('param').username
const confirmUnlock = confirmFirst((c) => ({
  title: '确认解锁账号',
  message: `确定解锁 ${usernameOf(c)} 吗？解锁后该账号可以立即再次尝试登录。`,
  confirmLabel: '确认解锁',
  danger: false,
  back: '/admin/users',
}))

userPages.post('/admin/users/:username/unlock', adminOnly, usernameParam, confirmUnlock, async (c) => {
  await unlockUser(c.var.deps, currentUser(c), c.req.valid('param').username)
  return c.redirect('/admin/users?done=unlocked', 303)
})

// --- One user: edit, new password, disable / enable (contract §6 Users) -------------------------

async function renderEdit(
  c: Context<AppEnv>,
  username: string,
  extra: { error?: string; notice?: string; form?: Record<string, string> } = {},
  status: 200 | 400 | 404 | 409 = 200,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const user = (await listStaffUsers(db, me.schoolId, c.var.deps.now())).find((u) => u.username === username)
  if (!user) throw new AppError('not_found', `没有用户 ${username}`)
  const departments = await departmentNames(db, me.schoolId)
  return c.html(<UserEditPage {...staffChrome(c)} user={user} departments={departments} {...extra} />, status)
}

const EDIT_NOTICES: Record<string, string> = {
  saved: '已保存修改。',
  password: '已设置新密码，该用户须用新密码重新登录。',
  disabled: '已停用该账号。',
  enabled: '已启用该账号。',
}

userPages.get('/admin/users/:username', adminOnly, usernameParam, pageValidator('query', DoneQuery), (c) => {
  const { done } = c.req.valid('query')
  return renderEdit(c, c.req.valid('param').username, { notice: done ? EDIT_NOTICES[done] : undefined })
})

/** The edit form, mapped onto PATCH's body (PatchUserSchema) and checked by it. */
const EditUserForm = z
  .object({
    department: z.string().trim().optional(),
    classes: z.string().optional(),
    educationScope: z.string().default('all'),
    info: z.string().default(''),
    archive: z.string().default(''),
    hukou: z.string().default(''),
  })
  .transform(
    (f) =>
      ({
        department: f.department === undefined ? undefined : f.department,
        classes: f.classes === undefined ? undefined : splitClasses(f.classes),
        educationScope: f.educationScope,
        permissions: { info: f.info, archive: f.archive, hukou: f.hukou },
      }) as z.input<typeof PatchUserSchema>,
  )
  .pipe(PatchUserSchema)

/** Runs a change; an AppError comes back on the same page with the typed values. */
async function onEditPage(
  c: Context<AppEnv>,
  username: string,
  form: Record<string, string>,
  act: () => Promise<unknown>,
  done: string,
) {
  try {
    await act()
  } catch (e) {
    if (e instanceof AppError && e.status < 500)
      return renderEdit(c, username, { error: e.message, form }, e.status as 400)
    throw e
  }
  return c.redirect(`/admin/users/${encodeURIComponent(username)}?done=${done}`, 303)
}

userPages.post(
  '/admin/users/:username',
  adminOnly,
  usernameParam,
  pageValidator('form', EditUserForm, (c, bad) =>
    renderEdit(c, usernameOf(c), { error: bad.message, form: typedBack(bad.values) }, 400),
  ),
  async (c) => {
    const { username } = c.req.valid('param')
    const input = c.req.valid('form')
    const form = {
      department: input.department ?? '',
      classes: (input.classes ?? []).join('，'),
      educationScope: input.educationScope ?? 'all',
      ...(input.permissions ?? {}),
    }
    return onEditPage(c, username, form, () => updateStaffUser(c.var.deps, currentUser(c), username, input), 'saved')
  },
)

userPages.post(
  '/admin/users/:username/password',
  adminOnly,
  usernameParam,
  pageValidator('form', z.object({ password: newPassword }), (c, bad) =>
    renderEdit(c, usernameOf(c), { error: bad.message }, 400),
  ),
  async (c) => {
    const { username } = c.req.valid('param')
    return onEditPage(
      c,
      username,
      {},
      () => setStaffPassword(c.var.deps, currentUser(c), username, c.req.valid('form').password),
      'password',
    )
  },
)

const confirmDisable = confirmFirst((c) => ({
  title: '确认停用账号',
  message: `确定停用 ${usernameOf(c)} 吗？停用后不能登录，已登录的会话立即失效。`,
  confirmLabel: '确认停用',
  danger: true,
  back: `/admin/users/${encodeURIComponent(usernameOf(c))}`,
}))

userPages.post('/admin/users/:username/disable', adminOnly, usernameParam, confirmDisable, async (c) => {
  const { username } = c.req.valid('param')
  return onEditPage(
    c,
    username,
    {},
    () => updateStaffUser(c.var.deps, currentUser(c), username, { disabled: true }),
    'disabled',
  )
})

userPages.post('/admin/users/:username/enable', adminOnly, usernameParam, async (c) => {
  const { username } = c.req.valid('param')
  return onEditPage(
    c,
    username,
    {},
    () => updateStaffUser(c.var.deps, currentUser(c), username, { disabled: false }),
    'enabled',
  )
})

const PAGE = 50
const GROUPS = AUDIT_GROUPS.map(([g]) => g) as [string, ...string[]]
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)
const AuditQuery = z.object({
  page: pageNumber,
  group: z.enum(GROUPS).optional().catch(undefined),
  actor: z
    .string()
    .trim()
    .max(50)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  from: day,
  to: day,
})

userPages.get('/admin/audit', adminOnly, pageValidator('query', AuditQuery), async (c) => {
  const me = currentUser(c)
  const { db } = c.var.deps
  const { page, ...filters } = c.req.valid('query')
  const { rows, total } = await auditPage(db, me.schoolId, filters, page, PAGE)
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
      graduateNames={await graduateNamesOf(db, me.schoolId, rows)}
    />,
  )
})
