/**
 * 毕业生就业推荐表 pages (issue 14 item 9): the graduate's /me/recommendation (phone first), the
 * staff list /admin/recommendations with its ZIP, one 推荐表 with the decision form, and the public
 * page `/r/{id}?s=` behind the PDF's QR code. Every form works without JavaScript; bad input comes
 * back with each message at its field and the typed text kept.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { graduateWho, staffChrome } from '../pages/staff-chrome.js'
import { confirmFirst } from '../pages/confirm.js'
import { type FieldErrors, pageValidator, stringValues } from '../page-validator.js'
import { clientAddress } from '../rate-limit.js'
import { departmentNames } from '../db/departments.js'
import { download } from '../download.js'
import { z } from '../openapi.js'
import { codeName } from '../domain/codes/index.js'
import { openingCohort } from '../domain/cohort.js'
import { beijingDate, beijingTime } from '../domain/beijing-time.js'
import type { Problem, RecommendationParts } from '../domain/recommendation.js'
import { ErrorPage } from '../../views/error-page.js'
import { MyRecommendationPage } from '../../views/recommendations/me-page.js'
import { RecommendationDetailPage, RecommendationListPage } from '../../views/recommendations/staff-pages.js'
import { PublicRecommendationPage } from '../../views/recommendations/public-page.js'
import { cohortsWithRecommendations, listRecommendations, type RecommendationFilter } from './queries.js'
import { DecisionForm, IdParam, ListForm, ListLinkQuery, MineForm, ZipForm } from './schemas.js'
import {
  approvedZip,
  decide,
  loadForStaff,
  loadMine,
  publicAnswer,
  recommendationJson,
  saveMine,
  submitMine,
  ZIP_LIMIT,
} from './service.js'

export const recommendationPages = new Hono<AppEnv>()

const studentPage = guard({ roles: ['student'], loginPath: '/me/login' })
const staffRead = guard({ roles: ['school', 'department'], module: 'info', loginPath: '/admin/login' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw', loginPath: '/admin/login' })

/** A rule a service refused with: all its problems at their fields (or none, for a conflict). */
function fieldsOf(e: AppError): FieldErrors {
  const problems = Array.isArray(e.extra.details) ? (e.extra.details as Problem[]) : []
  if (problems.length) return Object.fromEntries(problems.map((p) => [p.field, `${p.label}：${p.message}`]))
  return e.extra.field ? { [e.extra.field]: e.message } : {}
}

const clientError = (e: unknown): AppError | null =>
  e instanceof AppError && e.status < 500 && e.code !== 'not_found' ? e : null

// ——— the graduate ———

const MINE_NOTICES: Record<string, string> = {
  saved: '已暂存。可以随时回来修改，填好后请提交院系审核。',
  submitted: '已提交院系审核。审核结果会在“消息”中通知您。',
}

async function renderMine(
  c: Context<AppEnv>,
  opts: { notice?: string | null; errors?: FieldErrors; error?: string | null; values?: Record<string, string> } = {},
  status: 200 | 400 | 409 = 200,
) {
  const { rec, basic } = await loadMine(c.var.deps, currentUser(c))
  const data = recommendationJson(rec, basic, '/api/v1/me/recommendation.pdf')
  return c.html(
    <MyRecommendationPage
      data={data}
      decidedOn={data.decidedAt ? beijingDate(new Date(data.decidedAt)) : null}
      csrf={csrfToken(c)}
      who={graduateWho(c, basic.name)}
      notice={opts.notice}
      errors={opts.errors}
      error={opts.error}
      values={opts.values}
    />,
    status,
  )
}

recommendationPages.get(
  '/me/recommendation',
  studentPage,
  pageValidator('query', z.object({ ok: z.string().max(20).optional().catch(undefined) })),
  (c) => renderMine(c, { notice: MINE_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

recommendationPages.post(
  '/me/recommendation',
  studentPage,
  pageValidator('form', MineForm, (c, bad) =>
    renderMine(c, { errors: bad.errors, values: stringValues(bad.values) }, 400),
  ),
  async (c) => {
    const { action, ...parts } = c.req.valid('form')
    const sent: RecommendationParts = parts
    try {
      if (action === 'submit') await submitMine(c.var.deps, currentUser(c), sent)
      else await saveMine(c.var.deps, currentUser(c), sent)
    } catch (e) {
      const err = clientError(e)
      if (!err) throw e
      const errors = fieldsOf(err)
      return renderMine(
        c,
        { errors, error: Object.keys(errors).length ? null : err.message, values: parts },
        err.status === 409 ? 409 : 400,
      )
    }
    return c.redirect(`/me/recommendation?ok=${action === 'submit' ? 'submitted' : 'saved'}`, 303)
  },
)

// ——— staff: the list and the ZIP ———

const PAGE_SIZE = 50

async function renderList(
  c: Context<AppEnv>,
  f: Omit<RecommendationFilter, 'cohort' | 'ids'> & { cohort?: number },
  page: number,
  error?: string,
  status: 200 | 400 = error ? 400 : 200,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  // The 届 asked for, or the one the list opens on: the current one, else the newest with 推荐表.
  const cohorts = await cohortsWithRecommendations(db, me)
  const cohort = f.cohort ?? openingCohort(c.var.deps.now(), cohorts)
  const filters = { ...f, cohort }
  const { items, total } = await listRecommendations(db, me, filters, page, PAGE_SIZE)
  return c.html(
    <RecommendationListPage
      {...staffChrome(c)}
      filters={filters}
      cohorts={cohorts}
      departments={await departmentNames(db, me.schoolId)}
      fixedDepartment={me.role === 'department' ? me.department : null}
      items={items.map((i) => ({
        ...i,
        education: codeName('education', i.education) ?? i.education,
        submittedAt: i.submittedAt ? beijingTime(i.submittedAt) : null,
        decidedAt: i.decidedAt ? beijingTime(i.decidedAt) : null,
      }))}
      total={total}
      page={page}
      pageSize={PAGE_SIZE}
      zipLimit={ZIP_LIMIT}
      error={error ?? null}
    />,
    status,
  )
}

const onBadFilters = (c: Context<AppEnv>, bad: { message: string }) => renderList(c, {}, 1, bad.message)

recommendationPages.get(
  '/admin/recommendations',
  staffRead,
  pageValidator('query', ListLinkQuery, onBadFilters),
  (c) => {
    const { page, ...f } = c.req.valid('query')
    return renderList(c, f, page)
  },
)

recommendationPages.post('/admin/recommendations', staffRead, pageValidator('form', ListForm, onBadFilters), (c) => {
  const { page, ...f } = c.req.valid('form')
  return renderList(c, f, page)
})

recommendationPages.post(
  '/admin/recommendations/download',
  staffRead,
  pageValidator('form', ZipForm, onBadFilters),
  async (c) => {
    const { scope, ids, page, ...f } = c.req.valid('form')
    const cohort =
      f.cohort ?? openingCohort(c.var.deps.now(), await cohortsWithRecommendations(c.var.deps.db, currentUser(c)))
    const filters = { ...f, cohort }
    if (scope === 'selected' && ids.length === 0)
      return renderList(
        c,
        filters,
        page,
        '推荐表：请先勾选要下载的推荐表（只有审核通过的可以勾选），或选择“下载全部符合条件的”',
      )
    try {
      const { stream, count } = await approvedZip(c.var.deps, currentUser(c), {
        ...filters,
        ids: scope === 'selected' ? ids : undefined,
      })
      return download(c, stream, {
        type: 'application/zip',
        filename: '毕业生就业推荐表.zip',
        fallback: 'recommendations',
        headers: { 'X-Sheet-Count': String(count) },
      })
    } catch (e) {
      const err = clientError(e)
      if (!err) throw e
      return renderList(c, filters, page, err.message)
    }
  },
)

// ——— staff: one 推荐表 and the decision ———

const ID = '/admin/recommendations/:id{[0-9]+}'
const noSuch = (): never => {
  throw new AppError('not_found', '没有这份推荐表，或无权查看')
}
const idParam = pageValidator('param', IdParam, noSuch)
const idOf = (c: Context<AppEnv>) => (c.req.valid as (target: 'param') => { id: number })('param').id

const DECISION_NOTICES: Record<string, string> = {
  approve: '已审核通过，毕业生已收到通知，可以下载打印推荐表。',
  return: '已退回修改，毕业生已收到通知和退回原因。',
}

async function renderDetail(
  c: Context<AppEnv>,
  opts: {
    notice?: string | null
    error?: string | null
    errors?: FieldErrors
    values?: { opinion?: string; reason?: string }
  } = {},
  status: 200 | 400 | 409 = 200,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const { rec, basic, events, decidedBy } = await loadForStaff(c.var.deps, me, idOf(c))
  const data = recommendationJson(rec, basic, `/api/v1/recommendations/${rec.id}/recommendation.pdf`)
  // After a decision, 审核下一份 leads to the oldest one still waiting in this user's scope.
  const next = opts.notice
    ? (await listRecommendations(db, me, { status: 'submitted' }, 1, 2)).items.find((i) => i.id !== rec.id)
    : undefined
  return c.html(
    <RecommendationDetailPage
      {...staffChrome(c)}
      data={{
        ...data,
        id: rec.id,
        opinion: rec.opinion,
        reason: rec.reason,
        decidedBy,
        events: events.map((e) => ({ ...e, at: beijingTime(e.at) })),
      }}
      decidedOn={rec.decided_at ? beijingDate(new Date(rec.decided_at)) : null}
      canDecide={me.permissions.info === 'rw'}
      notice={opts.notice}
      error={opts.error}
      errors={opts.errors}
      values={opts.values}
      nextId={next?.id ?? null}
    />,
    status,
  )
}

recommendationPages.get(
  ID,
  staffRead,
  idParam,
  pageValidator('query', z.object({ ok: z.string().max(20).optional().catch(undefined) })),
  (c) => renderDetail(c, { notice: DECISION_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

// Only 退回 asks first (the graduate has to write again); 审核通过 goes straight through. The
// fields are checked before the question, so a missing reason is said before anything is asked.
const confirmReturn = confirmFirst((c, body) =>
  body.decision === 'return'
    ? {
        title: '确认退回推荐表',
        message: '退回后，毕业生需要按退回原因修改推荐表并重新提交。确定退回吗？',
        confirmLabel: '确认退回',
        back: `/admin/recommendations/${idOf(c)}`,
      }
    : null,
)

recommendationPages.post(
  `${ID}/decision`,
  staffWrite,
  idParam,
  pageValidator('form', DecisionForm, (c, bad) => {
    const v = stringValues(bad.values)
    return renderDetail(c, { errors: bad.errors, values: { opinion: v.opinion, reason: v.reason } }, 400)
  }),
  confirmReturn,
  async (c) => {
    const id = idOf(c)
    const { decision, opinion, reason } = c.req.valid('form')
    try {
      await decide(c.var.deps, currentUser(c), id, decision, { opinion, reason })
    } catch (e) {
      const err = clientError(e)
      if (!err) throw e
      const errors = fieldsOf(err)
      return renderDetail(
        c,
        { errors, error: Object.keys(errors).length ? null : err.message, values: { opinion, reason } },
        err.status === 409 ? 409 : 400,
      )
    }
    return c.redirect(`/admin/recommendations/${id}?ok=${decision}`, 303)
  },
)

// ——— the public page behind the QR code ———

const notFoundPage = () =>
  ErrorPage({
    status: 404,
    title: '没有查到该推荐表',
    message: '请扫描毕业生就业推荐表上的二维码，或核对链接是否完整。',
  })

recommendationPages.get(
  '/r/:id{[0-9]+}',
  pageValidator('param', IdParam, () => {
    throw new AppError('not_found', '没有查到该推荐表')
  }),
  pageValidator('query', z.object({ s: z.string().max(64).optional().catch(undefined) })),
  async (c) => {
    const deps = c.var.deps
    const answer = await publicAnswer(
      deps,
      c.req.valid('param').id,
      c.req.valid('query').s,
      clientAddress(c, deps.config.trustProxy),
    )
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex, nofollow')
    if (answer.ok) return c.html(<PublicRecommendationPage {...answer} />)
    if (answer.status === 429) {
      c.header('Retry-After', String(answer.retryAfter))
      return c.html(
        ErrorPage({
          status: 429,
          title: '查询次数过多',
          message: `无效的核验链接过多，已暂停查询。请 ${Math.ceil(answer.retryAfter / 60)} 分钟后再扫描推荐表上的二维码。`,
        }),
        429,
      )
    }
    return c.html(notFoundPage(), 404)
  },
)
