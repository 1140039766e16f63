/**
 * The employer's pages under /employer (contract §5 "Employers"; seed 004 §2.3 (1)): registration
 * without an account, the unit's profile, and the 学生收藏夹 (search by 姓名 + 身份证号 + 院校,
 * check, add; remove). Plain forms that work without JavaScript; every rule is the service's
 * (./service.ts), a broken one comes back as the same page with the message at its field. The
 * login is the shared one (src/accounts/pages.tsx, /employer/login).
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../pages/confirm.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'
import { employerChrome, staffChrome } from '../pages/staff-chrome.js'
import { pageValidator, stringValues, type Invalid } from '../page-validator.js'
import { z } from '../openapi.js'
import { divisionName } from '../domain/divisions.js'
import { UNIT_LABELS } from '../domain/unit.js'
import {
  EmployerHomePage,
  EmployerRegisterPage,
  FavoritesPage,
  REGISTER_FIELDS,
  type RegisterValues,
} from '../../views/employers/pages.js'
import { EmployerRegistrationSchema } from './routes.js'
import { GraduateSearchSchema } from './schemas.js'
import {
  addFavorite,
  decideEmployer,
  employerJson,
  listEmployers,
  listFavorites,
  myEmployer,
  registerEmployer,
  removeFavorite,
  searchGraduate,
} from './service.js'
import { employerCounts, warningFor } from '../agreements/service.js'
import { EMPLOYER_TABS, EmployerReviewPage, type EmployerForReview } from '../../views/employers/review-page.js'

export const employerPages = new Hono<AppEnv>()

const employerPage = guard({ roles: ['employer'], loginPath: '/employer/login' })

/** A client error of the service: its message, at its field when it names one. */
const userError = (e: unknown) => (e instanceof AppError && e.status < 500 ? e : null)
const atField = (e: AppError, fallback = 'body'): Record<string, string> => ({
  [e.extra.field ?? fallback]: e.message,
})

// ---------------------------------------------------------------------------------------------
// Registration (no account).

const LABELS: Record<string, string> = {
  ...UNIT_LABELS,
  username: '用户名',
  password: '密码',
  password2: '再次输入密码',
}

/** The API's body, as a form sends it: 邮箱 may be empty, the password typed twice. */
const RegisterForm = EmployerRegistrationSchema.extend({
  email: z.string().max(100).optional(),
  password2: z.string().max(128),
}).superRefine((v, ctx) => {
  if (v.password !== v.password2) ctx.addIssue({ code: 'custom', path: ['password2'], message: '两次输入的密码不一致' })
})

const registerValues = (values: Record<string, string>): RegisterValues =>
  Object.fromEntries(REGISTER_FIELDS.map((k) => [k, values[k] ?? '']))

function renderRegister(
  c: Context<AppEnv>,
  values: RegisterValues,
  opts: { errors?: Record<string, string>; picker?: PlacePickerState | null; status?: number } = {},
) {
  return c.html(
    <EmployerRegisterPage
      csrf={csrfToken(c)}
      values={values}
      errors={opts.errors}
      locationName={divisionName(values.location?.trim() ?? '')}
      picker={opts.picker}
    />,
    (opts.status ?? (opts.errors && Object.keys(opts.errors).length ? 400 : 200)) as 200,
  )
}

employerPages.get('/employer/register', (c) => renderRegister(c, {}))

employerPages.post(
  '/employer/register',
  placePicker(['location'], (c, values, picker) => renderRegister(c, registerValues(values), { picker })),
  pageValidator(
    'form',
    RegisterForm,
    (c, bad: Invalid) => renderRegister(c, registerValues(stringValues(bad.values)), { errors: bad.errors }),
    LABELS,
  ),
  async (c) => {
    const { password2: _again, ...input } = c.req.valid('form')
    try {
      await registerEmployer(c.var.deps, { ...input, email: input.email?.trim() || null })
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderRegister(c, registerValues(input as Record<string, string>), {
        errors: atField(err),
        status: err.status,
      })
    }
    return c.redirect('/employer/login?registered=1', 303)
  },
)

// ---------------------------------------------------------------------------------------------
// The unit's own pages.

employerPages.get('/employer', employerPage, async (c) => {
  const deps = c.var.deps
  const user = currentUser(c)
  const e = await myEmployer(deps, user)
  const j = employerJson(e)
  const counts = await employerCounts(deps, user)
  return c.html(
    <EmployerHomePage
      {...employerChrome(c)}
      profile={{ ...j, natureName: j.natureName, industryName: j.industryName, locationName: j.locationName }}
      counts={{ ...counts, favorites: (await listFavorites(deps, user)).items.length }}
      onlineSigning={counts.onlineSigning}
    />,
  )
})

const FAVORITE_NOTICES: Record<string, string> = {
  added: '已加入收藏夹。',
  removed: '已从收藏夹删除。如信息有误，请重新搜索添加。',
}

async function renderFavorites(
  c: Context<AppEnv>,
  opts: {
    search?: Record<string, string>
    errors?: Record<string, string>
    error?: string | null
    notice?: string | null
    found?: Awaited<ReturnType<typeof searchGraduate>> | null
    status?: number
  } = {},
) {
  const { items } = await listFavorites(c.var.deps, currentUser(c))
  return c.html(
    <FavoritesPage
      {...employerChrome(c)}
      items={items}
      search={opts.search ?? {}}
      errors={opts.errors}
      error={opts.error}
      notice={opts.notice}
      found={opts.found}
    />,
    (opts.status ?? 200) as 200,
  )
}

employerPages.get(
  '/employer/favorites',
  employerPage,
  pageValidator('query', z.object({ ok: z.string().max(20).optional().catch(undefined) })),
  (c) => renderFavorites(c, { notice: FAVORITE_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

const SEARCH_LABELS = { studentName: '学生姓名', idNumber: '身份证号', school: '毕业院校' }
const searchInvalid = (c: Context<AppEnv>, bad: Invalid) =>
  renderFavorites(c, { search: stringValues(bad.values), errors: bad.errors, status: 400 })
const SearchForm = GraduateSearchSchema.extend({
  studentName: z.string().trim().min(1, '必须填写').max(50),
  idNumber: z.string().trim().min(1, '必须填写').max(30),
  school: z
    .string()
    .trim()
    .regex(/^\d{5}$/, '应为 5 位院校代码'),
})

/** Search, then show the graduate to check; nothing is added yet. A miss is one message whichever part was wrong. */
employerPages.post(
  '/employer/favorites/search',
  employerPage,
  pageValidator('form', SearchForm, searchInvalid, SEARCH_LABELS),
  async (c) => {
    const input = c.req.valid('form')
    try {
      const found = await searchGraduate(c.var.deps, currentUser(c), input)
      return renderFavorites(c, { search: input, found })
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderFavorites(c, { search: input, error: err.message, status: err.status })
    }
  },
)

employerPages.post(
  '/employer/favorites',
  employerPage,
  pageValidator('form', SearchForm, searchInvalid, SEARCH_LABELS),
  async (c) => {
    const input = c.req.valid('form')
    try {
      await addFavorite(c.var.deps, currentUser(c), input)
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderFavorites(c, { search: input, error: err.message, status: err.status })
    }
    return c.redirect('/employer/favorites?ok=added', 303)
  },
)

const GraduateParam = z.object({ id: z.coerce.number().int().positive() })

employerPages.post(
  '/employer/favorites/:id/remove',
  employerPage,
  pageValidator('param', GraduateParam),
  confirmFirst({
    title: '确认从收藏夹删除',
    message: '删除后如需向该学生发起签约邀请，请重新按姓名、身份证号和毕业院校搜索添加。确定删除吗？',
    confirmLabel: '确认删除',
    back: '/employer/favorites',
  }),
  async (c) => {
    await removeFavorite(c.var.deps, currentUser(c), c.req.valid('param').id)
    return c.redirect('/employer/favorites?ok=removed', 303)
  },
)

// ---------------------------------------------------------------------------------------------
// 用人单位审核 (the school; 基本信息读写 to decide).

const schoolRead = guard({ roles: ['school'], module: 'info', loginPath: '/admin/login' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: '/admin/login' })

const REVIEW_NOTICES: Record<string, string> = { approve: '已审核通过，该单位现在可以登录。', reject: '已审核不通过。' }
type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'all'

async function renderReview(
  c: Context<AppEnv>,
  status: ReviewStatus,
  opts: { notice?: string | null; error?: string | null; failed?: { id: number; reason: string }; code?: number } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const { items } = await listEmployers(deps, user, status === 'all' ? undefined : status)
  const rows: EmployerForReview[] = []
  for (const e of items)
    rows.push({ ...e, warning: await warningFor(deps.db, user.schoolId, e.creditCode) } as EmployerForReview)
  return c.html(
    <EmployerReviewPage
      {...staffChrome(c)}
      status={status}
      items={rows}
      canDecide={user.permissions.info === 'rw'}
      notice={opts.notice}
      error={opts.error}
      failed={opts.failed}
    />,
    (opts.code ?? 200) as 200,
  )
}

employerPages.get(
  '/admin/employers',
  schoolRead,
  pageValidator(
    'query',
    z.object({
      status: z
        .enum(EMPLOYER_TABS.map(([s]) => s) as [ReviewStatus, ...ReviewStatus[]])
        .optional()
        .catch(undefined),
      ok: z.string().max(10).optional().catch(undefined),
    }),
  ),
  (c) => {
    const q = c.req.valid('query')
    return renderReview(c, q.status ?? 'pending', { notice: REVIEW_NOTICES[q.ok ?? ''] ?? null })
  },
)

employerPages.post(
  '/admin/employers/:id/decision',
  schoolWrite,
  pageValidator('param', GraduateParam),
  pageValidator(
    'form',
    z.object({
      decision: z.enum(['approve', 'reject'], { message: '请选择审核结果' }),
      reason: z.string().trim().max(200, '不能超过 200 个字').optional(),
    }),
    (c, bad) => renderReview(c, 'pending', { error: bad.message, code: 400 }),
    { decision: '审核结果', reason: '原因' },
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const { decision, reason } = c.req.valid('form')
    try {
      await decideEmployer(c.var.deps, currentUser(c), id, decision, reason || null)
    } catch (e) {
      const err = userError(e)
      if (!err || err.status === 404) throw e
      return renderReview(c, 'pending', { error: err.message, failed: { id, reason: reason ?? '' }, code: err.status })
    }
    return c.redirect(`/admin/employers?status=${decision === 'approve' ? 'approved' : 'rejected'}&ok=${decision}`, 303)
  },
)
