/**
 * The reviewers' registration pages under /admin/registrations: the queue with its filters, name
 * search and batch approve, one registration with its decision, the school's edit and void, and
 * the review-mode setting. Every input is read through its schema (./schemas.ts, shared with the
 * JSON API where the API takes the same input); a bad one is the same page with the message.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../pages/confirm.js'
import { IN_FLIGHT, awaiting, decidable, type ReviewMode } from '../domain/registration/index.js'
import { codeName, educationTable } from '../domain/codes/index.js'
import type { RegistrationStatus } from '../db/schema.js'
import { departmentNames } from '../db/departments.js'
import { cohortChoice, pageValidator, stringValues, type Invalid } from '../page-validator.js'
import { cohortPicker } from '../pages/cohort.js'
import { cohortParam } from '../domain/cohort.js'
import {
  attachmentResponse,
  batchApprove,
  decide,
  readAttachment,
  schoolModify,
  schoolVoid,
  setReviewMode,
} from './actions.js'
import {
  contentOf,
  countInFlight,
  holdingAgreement,
  listRegistrations,
  reviewMode,
  scopedRegistration,
  toJson,
} from './queries.js'
import {
  AttachmentParam,
  BatchApproveForm,
  ContentForm,
  DecisionBody,
  DownloadQuery,
  FORM_LABELS,
  FindForm,
  LOCATION_INPUTS,
  IdParam,
  ListPageQuery,
  ModeSchema,
  NoticeQuery,
  VoidBody,
  contentPath,
  formValues,
  statusFilter,
  valuesOf,
} from './schemas.js'
import type { FormValues } from '../../views/registration/parts.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'
import { noSuchFile, noSuchRegistration, orRender, schoolWrite, staffRead, staffWrite, userError } from './page-kit.js'
import {
  RegistrationDetailPage,
  RegistrationEditPage,
  RegistrationListPage,
  ReviewSettingsPage,
} from '../../views/registration/admin-pages.js'

export const registrationReviewPages = new Hono<AppEnv>()

const ADMIN_NOTICES: Record<string, string> = {
  approve: '已审核通过。',
  return: '已退回修改。',
  reject: '已审核不通过，本次登记作废。',
  voided: '登记已作废。',
  modified: '登记已修改，版本号已更新。',
  mode: '审核方式已保存。',
}

const FILTER_KEYS = ['status', 'department', 'major', 'education', 'type', 'submittedSince'] as const
type ListInput = Partial<Record<(typeof FILTER_KEYS)[number], string>> & {
  cohort?: number | 'all'
  page?: number
  ok?: string
  approved?: number
  skipped?: number
}

const canDecideAny = (user: CurrentUser, mode: ReviewMode) =>
  user.permissions.info === 'rw' && awaiting(user.role as 'school' | 'department', mode).length > 0

async function renderList(c: Context<AppEnv>, q: ListInput, opts: { search?: string; problem?: string } = {}) {
  const deps = c.var.deps
  const user = currentUser(c)
  const mode = await reviewMode(deps.db, user.schoolId)
  const cohort = await cohortPicker(c, q.cohort)
  const filters: Record<string, string> = {}
  for (const k of FILTER_KEYS) if (q[k]) filters[k] = q[k]!
  // Links carry the 届 shown: a year, or all.
  filters.cohort = cohortParam(cohort.value)
  // The queue opens on what waits for this reviewer (issue 13 §18); 全部 is a choice of its own.
  if (!filters.status && !opts.search && canDecideAny(user, mode)) filters.status = 'pending'
  const page = q.page ?? 1
  const pageSize = opts.search ? 50 : 20
  let error: string | null = opts.problem ?? null
  let status: RegistrationStatus[] | undefined
  try {
    const chosen = filters.status === 'all' ? undefined : filters.status
    status = statusFilter(chosen, user.role as 'school' | 'department', mode)
  } catch (e) {
    error = userError(e)?.message ?? null
  }
  // Submitted-since is a China Standard Time date (the users' day), compared as an instant.
  const since = filters.submittedSince ? new Date(`${filters.submittedSince}T00:00:00+08:00`).toISOString() : undefined
  const list = await listRegistrations(deps.db, user, {
    ...filters,
    q: opts.search,
    status,
    submittedSince: since,
    source: undefined,
    cohort: cohort.value,
    page,
    pageSize,
  })
  const pending = awaiting(user.role as 'school' | 'department', mode)
  const pendingCount = pending.length
    ? (await listRegistrations(deps.db, user, { status: pending, cohort: cohort.value, page: 1, pageSize: 1 })).total
    : 0
  const notice =
    q.approved !== undefined
      ? `批量审核：通过 ${q.approved} 条${q.skipped ? `，跳过 ${q.skipped} 条（不在等待您审核的状态）` : ''}。`
      : (ADMIN_NOTICES[q.ok ?? ''] ?? null)
  return c.html(
    <RegistrationListPage
      user={user}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      mode={mode}
      items={list.items}
      total={list.total}
      page={page}
      pageSize={pageSize}
      filters={filters}
      cohort={cohort}
      departments={
        await departmentNames(deps.db, user.schoolId, user.role === 'department' ? user.departmentId : undefined)
      }
      education={educationTable}
      canDecide={canDecideAny(user, mode)}
      pendingCount={pendingCount}
      notice={notice}
      error={error}
      q={opts.search}
    />,
    opts.problem ? 400 : 200,
  )
}

/** A filter that is not one: the queue with the other filters as chosen and the message. */
const listInvalid = (c: Context<AppEnv>, bad: Invalid) => {
  const typed = stringValues(bad.values)
  const kept: ListInput = {}
  for (const k of FILTER_KEYS) if (typed[k] && !bad.errors[k]) kept[k] = typed[k]
  kept.cohort = cohortChoice.parse(typed.cohort)
  return renderList(c, kept, { problem: bad.message })
}

registrationReviewPages.get(
  '/admin/registrations',
  staffRead,
  pageValidator('query', ListPageQuery, listInvalid),
  (c) => renderList(c, c.req.valid('query')),
)

registrationReviewPages.post(
  '/admin/registrations/find',
  guard({ roles: ['school', 'department'], module: 'info', level: 'ro', loginPath: '/admin/login' }),
  pageValidator('form', FindForm, (c, bad) => renderList(c, {}, { problem: bad.message })),
  (c) => {
    const f = c.req.valid('form')
    return renderList(c, { cohort: f.cohort }, { search: f.q || undefined })
  },
)

const confirmBatchApprove = confirmFirst((_c, body) => {
  const n = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).length
  // Nothing chosen: the validator answers with its own message; there is nothing to confirm.
  return n === 0
    ? null
    : {
        title: '确认批量审核通过',
        message: `将把选中的 ${n} 条登记审核通过。确定吗？`,
        confirmLabel: '确认通过',
        danger: false,
        back: '/admin/registrations?status=pending',
      }
})

registrationReviewPages.post(
  '/admin/registrations/batch-approve',
  staffWrite,
  confirmBatchApprove,
  pageValidator(
    'form',
    BatchApproveForm,
    (c, bad) =>
      renderList(
        c,
        { status: 'pending', cohort: cohortChoice.parse(stringValues(bad.values).cohort) },
        { problem: bad.message },
      ),
    { ids: '批量审核' },
  ),
  async (c) => {
    const form = c.req.valid('form')
    const r = await batchApprove(c.var.deps, currentUser(c), form.ids)
    const cohort = form.cohort ? `&cohort=${form.cohort}` : ''
    return c.redirect(
      `/admin/registrations?status=pending&approved=${r.approved.length}&skipped=${r.skipped.length}${cohort}`,
      303,
    )
  },
)

async function renderSettings(
  c: Context<AppEnv>,
  opts: { notice?: string | null; error?: string | null; status?: number } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  return c.html(
    <ReviewSettingsPage
      user={user}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      mode={await reviewMode(deps.db, user.schoolId)}
      inFlight={await countInFlight(deps.db, user.schoolId)}
      canWrite={user.role === 'school' && user.permissions.info === 'rw'}
      notice={opts.notice}
      error={opts.error}
    />,
    (opts.error ? (opts.status ?? 400) : 200) as 400,
  )
}

registrationReviewPages.get('/admin/registrations/settings', staffRead, pageValidator('query', NoticeQuery), (c) =>
  renderSettings(c, { notice: ADMIN_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

registrationReviewPages.post(
  '/admin/registrations/settings',
  schoolWrite,
  pageValidator('form', ModeSchema, (c, bad) => renderSettings(c, { error: bad.message })),
  (c) =>
    orRender(
      async () => {
        await setReviewMode(c.var.deps, currentUser(c), c.req.valid('form').reviewMode)
        return c.redirect('/admin/registrations/settings?ok=mode', 303)
      },
      (err) => renderSettings(c, { error: err.message, status: err.status }),
    ),
)

const ID = '/admin/registrations/:id{[0-9]+}'
const idParam = pageValidator('param', IdParam, noSuchRegistration)
/** The registration's id, as `idParam` (always the first validator on these routes) read it. */
const idOf = (c: Context<AppEnv>) => (c.req.valid as (target: 'param') => { id: number })('param').id

async function renderDetail(
  c: Context<AppEnv>,
  opts: { notice?: string | null; error?: string | null; status?: number } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const { reg, graduate } = await scopedRegistration(deps.db, user, idOf(c))
  const mode = await reviewMode(deps.db, user.schoolId)
  const waiting = awaiting(user.role as 'school' | 'department', mode)
  // After a decision, 下一条 leads to the next registration waiting for this reviewer.
  const next =
    opts.notice && waiting.length
      ? (await listRegistrations(deps.db, user, { status: waiting, page: 1, pageSize: 2 })).items.find(
          (r) => r.id !== reg.id,
        )
      : undefined
  return c.html(
    <RegistrationDetailPage
      nextId={next?.id ?? null}
      user={user}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      reg={await toJson(deps.db, reg)}
      graduate={graduate}
      mode={mode}
      awaitingYou={decidable(user.role as 'school' | 'department', mode).includes(reg.status)}
      canWrite={user.permissions.info === 'rw'}
      educationName={codeName('education', graduate.education) ?? graduate.education}
      trainingModeName={codeName('trainingMode', graduate.trainingMode) ?? graduate.trainingMode}
      held={await holdingAgreement(deps.db, reg.graduate_id)}
      notice={opts.notice}
      error={opts.error}
    />,
    (opts.error ? (opts.status ?? 400) : 200) as 400,
  )
}

/** A decision the reviewer could not make: the registration again with the reason (not-found goes on). */
const detailError = (c: Context<AppEnv>) => (err: AppError) => {
  if (err.code === 'not_found') throw err
  return renderDetail(c, { error: err.message, status: err.status })
}

registrationReviewPages.get(ID, staffRead, idParam, pageValidator('query', NoticeQuery), (c) =>
  renderDetail(c, { notice: ADMIN_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

// Only 不通过 is destructive (the registration is voided); 通过 and 退回修改 go straight through.
const confirmReject = confirmFirst((c, body) =>
  body.decision === 'reject'
    ? {
        title: '确认审核不通过',
        message: '审核不通过后，本次登记作废，毕业生需要重新登记。确定不通过吗？',
        confirmLabel: '确认不通过',
        back: `/admin/registrations/${idOf(c)}`,
      }
    : null,
)
const confirmVoid = confirmFirst((c) => ({
  title: '确认作废登记',
  message: '作废后这名毕业生的就业数据将被清空，需要重新登记。确定作废吗？',
  confirmLabel: '确认作废',
  back: `/admin/registrations/${idOf(c)}`,
}))

registrationReviewPages.post(
  `${ID}/decision`,
  staffWrite,
  idParam,
  confirmReject,
  pageValidator('form', DecisionBody, (c, bad) => renderDetail(c, { error: bad.message })),
  (c) =>
    orRender(async () => {
      const { id } = c.req.valid('param')
      const { decision, reason } = c.req.valid('form')
      await decide(c.var.deps, currentUser(c), id, decision, reason)
      return c.redirect(`/admin/registrations/${id}?ok=${decision}`, 303)
    }, detailError(c)),
)

registrationReviewPages.post(
  `${ID}/void`,
  schoolWrite,
  idParam,
  confirmVoid,
  pageValidator('form', VoidBody, (c, bad) => renderDetail(c, { error: bad.message }), { reason: '作废原因' }),
  (c) =>
    orRender(async () => {
      const { id } = c.req.valid('param')
      await schoolVoid(c.var.deps, currentUser(c), id, c.req.valid('form').reason)
      return c.redirect(`/admin/registrations/${id}?ok=voided`, 303)
    }, detailError(c)),
)

async function renderEdit(
  c: Context<AppEnv>,
  opts: {
    values?: FormValues
    error?: string | null
    errorField?: string | null
    status?: number
    picker?: PlacePickerState | null
  } = {},
) {
  const user = currentUser(c)
  const { reg, graduate } = await scopedRegistration(c.var.deps.db, user, idOf(c))
  if (reg.status !== 'approved' && !IN_FLIGHT.includes(reg.status))
    throw new AppError('conflict', '只有审核中或审核通过的登记可以由学校修改去向')
  return c.html(
    <RegistrationEditPage
      user={user}
      csrf={csrfToken(c)}
      unread={c.get('unread')}
      id={reg.id}
      name={graduate.name}
      values={opts.values ?? valuesOf(contentOf(reg))}
      inReview={reg.status !== 'approved'}
      held={
        (await holdingAgreement(c.var.deps.db, reg.graduate_id))
          ? { destination: contentOf(reg).destination, status: reg.status }
          : null
      }
      picker={opts.picker}
      error={opts.error}
      errorField={opts.errorField}
    />,
    (opts.error ? (opts.status ?? 400) : 200) as 400,
  )
}

registrationReviewPages.get(`${ID}/edit`, schoolWrite, idParam, (c) => renderEdit(c))

registrationReviewPages.post(
  `${ID}/edit`,
  schoolWrite,
  idParam,
  placePicker(LOCATION_INPUTS, (c, values, picker) => renderEdit(c, { values: formValues(values), picker })),
  pageValidator(
    'form',
    ContentForm,
    (c, bad) =>
      renderEdit(c, { values: formValues(bad.values), error: bad.message, errorField: contentPath(bad.field) }),
    FORM_LABELS,
  ),
  (c) => {
    const { content, reason, values } = c.req.valid('form')
    return orRender(
      async () => {
        const { id } = c.req.valid('param')
        await schoolModify(c.var.deps, currentUser(c), id, content, reason)
        return c.redirect(`/admin/registrations/${id}?ok=modified`, 303)
      },
      (err) => {
        if (err.code === 'not_found') throw err
        return renderEdit(c, { values, error: err.message, errorField: err.extra.field, status: err.status })
      },
    )
  },
)

registrationReviewPages.get(
  `${ID}/attachments/:attachmentId`,
  staffRead,
  pageValidator('param', AttachmentParam.merge(IdParam), noSuchFile),
  pageValidator('query', DownloadQuery),
  async (c) => {
    const { id, attachmentId } = c.req.valid('param')
    const { reg } = await scopedRegistration(c.var.deps.db, currentUser(c), id)
    return attachmentResponse(await readAttachment(c.var.deps, reg.id, attachmentId), !!c.req.valid('query').download)
  },
)
