/**
 * The registration pages: the graduate's form at /me/registration and the reviewers' pages under
 * /admin/registrations. Plain forms that work without JavaScript; every operation goes through
 * the same actions as the JSON API. Notices travel as fixed keys in the query string (no PII).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { AppEnv, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst, type ConfirmSpec } from '../middleware/confirm.js'
import {
  MAX_ATTACHMENT_BYTES,
  awaiting,
  checkContent,
  IN_FLIGHT,
  needsProof,
  type Issue,
  type RawContent,
  type ReviewMode,
} from '../domain/registration.js'
import { codeName, educationTable } from '../domain/codes/index.js'
import type { RegistrationStatus } from '../db/schema.js'
import {
  addAttachment,
  archivePrefill,
  attachmentResponse,
  batchApprove,
  decide,
  deleteAttachment,
  myGraduate,
  readAttachment,
  saveMine,
  schoolModify,
  schoolVoid,
  setReviewMode,
  submitMine,
  voidMine,
  withdrawMine,
} from './actions.js'
import {
  contentOf,
  countAttachments,
  departmentNames,
  listRegistrations,
  registrationOfGraduate,
  reviewMode,
  scopedRegistration,
  toJson,
} from './queries.js'
import { statusFilter } from './routes.js'
import { REGISTRATION_COLUMNS, importRegistrations } from './imports.js'
import { ARCHIVE_UNIT_COLUMNS, importArchiveUnits, listArchiveUnits, putArchiveUnit } from './archive-units.js'
import { MAX_IMPORT_BYTES, type ImportResult } from '../imports/index.js'
import { ArchiveUnitsList, UploadPage } from '../../views/registration/import-pages.js'
import { MeRegistrationPage } from '../../views/registration/me-page.js'
import {
  RegistrationDetailPage,
  RegistrationEditPage,
  RegistrationListPage,
  ReviewSettingsPage,
} from '../../views/registration/admin-pages.js'
import { contentFromForm, valuesFromForm, valuesOf, type FormValues } from '../../views/registration/parts.js'

export const registrationPages = new Hono<AppEnv>()

const studentPage = guard({ roles: ['student'], loginPath: '/me/login' })
const staffRead = guard({ roles: ['school', 'department'], module: 'info', loginPath: '/admin/login' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw', loginPath: '/admin/login' })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: '/admin/login' })

const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** Client errors become the page with the message; anything else goes to onError. */
function userError(e: unknown): AppError | null {
  return e instanceof AppError && e.status < 500 ? e : null
}

const ME_NOTICES: Record<string, string> = {
  saved: '已暂存。',
  submitted: '已提交审核。',
  withdrawn: '已撤回，可以修改后重新提交。',
  voided: '登记已作废，就业数据已清空。',
  uploaded: '证明材料已上传。',
  deleted: '证明材料已删除。',
}

async function renderMe(
  c: Context<AppEnv>,
  opts: { values?: FormValues; error?: AppError | null; issues?: Issue[]; notice?: string | null } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const json = reg ? await toJson(deps.db, reg) : null
  const prefill = await archivePrefill(deps, g)
  const targeted = ['21', '4'].includes(g.training_mode_code) ? g.targeted_unit : null
  const values =
    opts.values ??
    (json ? valuesOf(json) : { destination: targeted ? { unitName: targeted } : {}, archive: {}, hukou: {} })
  return c.html(
    <MeRegistrationPage
      csrf={csrfToken(c)}
      name={g.name}
      reg={json}
      values={values}
      error={opts.error?.message}
      errorField={opts.error?.extra.field}
      notice={opts.notice}
      prefill={prefill}
      targetedUnit={targeted}
      issues={opts.issues}
      who={{ label: g.name, logoutAction: '/me/logout', csrf: csrfToken(c) }}
      self={user.username}
    />,
    opts.error ? (opts.error.status as 400) : opts.issues?.length ? 400 : 200,
  )
}

/**
 * Everything that stands between the saved registration and 提交审核, all at once — the same
 * checks submitMine makes (which stops at the first), so a graduate fixes a long form in one pass.
 */
async function submitIssues(c: Context<AppEnv>): Promise<Issue[]> {
  const deps = c.var.deps
  const g = await myGraduate(deps, currentUser(c))
  const reg = await registrationOfGraduate(deps.db, g.id)
  if (!reg) return []
  const checked = checkContent(contentOf(reg) as unknown as RawContent, {
    mode: 'complete',
    graduate: g,
    requireParts: { archive: true, hukou: true },
  })
  const issues = checked.ok ? [] : [...checked.issues]
  const type = checked.ok ? checked.value.destination?.type : contentOf(reg).destination?.type
  if (needsProof(type) && (await countAttachments(deps.db, reg.id)) === 0)
    issues.push({ field: 'proof', message: `证明材料：“${type}”须上传证明材料后才能提交（在本页“证明材料”处上传）` })
  return issues
}

registrationPages.get('/me/registration', studentPage, (c) =>
  renderMe(c, { notice: ME_NOTICES[c.req.query('ok') ?? ''] ?? null }),
)

registrationPages.post('/me/registration', studentPage, async (c) => {
  const body = await c.req.parseBody()
  const intent = str(body.intent)
  const deps = c.var.deps
  const user = currentUser(c)
  if (intent === 'prefill') {
    // Without the script: fill the archive part from the directory, keep everything else typed.
    const values = valuesFromForm(body)
    const g = await myGraduate(deps, user)
    const p = await archivePrefill(deps, g)
    values.archive = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? '']))
    return renderMe(c, {
      values,
      notice: p.unitName
        ? '已按您的生源所在地预填档案接收单位，如与实际不符请修改后保存。'
        : '名录中没有您生源所在地的档案接收单位，请自行填写。',
    })
  }
  try {
    await saveMine(deps, user, contentFromForm(body))
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    // Not saved: list every problem in what was typed (saveMine names only the first) — for 提交审核,
    // everything submitting will also ask for, so one round of corrections is enough.
    const submit = intent === 'submit'
    const checked = checkContent(contentFromForm(body), {
      mode: submit ? 'complete' : 'draft',
      graduate: await myGraduate(deps, user),
      requireParts: submit ? { archive: true, hukou: true } : undefined,
    })
    return renderMe(c, { values: valuesFromForm(body), error: err, issues: checked.ok ? undefined : checked.issues })
  }
  if (intent !== 'submit') return c.redirect('/me/registration?ok=saved', 303)
  const issues = await submitIssues(c)
  if (issues.length) return renderMe(c, { values: valuesFromForm(body), issues, notice: '已暂存，但还不能提交审核。' })
  try {
    await submitMine(deps, user)
    return c.redirect('/me/registration?ok=submitted', 303)
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderMe(c, { values: valuesFromForm(body), error: err })
  }
})

/** The no-JavaScript confirmation of each destructive page action (the same words as the forms' data-confirm). */
const ME_CONFIRM: Record<'withdrawn' | 'voided', ConfirmSpec> = {
  withdrawn: {
    title: '确认撤回登记',
    message: '撤回后登记回到草稿，可以修改后再提交审核。确定撤回吗？',
    confirmLabel: '确认撤回',
    danger: false,
    back: '/me/registration',
  },
  voided: {
    title: '确认作废登记',
    message: '作废后，已登记的就业数据将被清空，登记确认回到“未上报”，需要重新登记。确定作废吗？',
    confirmLabel: '确认作废',
    back: '/me/registration',
  },
}
const confirmAttachmentDelete = confirmFirst({
  title: '确认删除证明材料',
  message: '删除后这份证明材料不能恢复，需要时请重新上传。确定删除吗？',
  confirmLabel: '确认删除',
  back: '/me/registration',
})
const confirmBatchApprove = confirmFirst((_c, body) => {
  const n = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).length
  // Nothing chosen: the handler answers with its own message; there is nothing to confirm.
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
// Only 不通过 is destructive (the registration is voided); 通过 and 退回修改 go straight through.
const confirmReject = confirmFirst((c, body) =>
  body.decision === 'reject'
    ? {
        title: '确认审核不通过',
        message: '审核不通过后，本次登记作废，毕业生需要重新登记。确定不通过吗？',
        confirmLabel: '确认不通过',
        back: `/admin/registrations/${c.req.param('id')}`,
      }
    : null,
)
const confirmVoid = confirmFirst((c) => ({
  title: '确认作废登记',
  message: '作废后这名毕业生的就业数据将被清空，需要重新登记。确定作废吗？',
  confirmLabel: '确认作废',
  back: `/admin/registrations/${c.req.param('id')}`,
}))

for (const [path, run, ok] of [
  ['/me/registration/withdraw', (c: Context<AppEnv>) => withdrawMine(c.var.deps, currentUser(c)), 'withdrawn'],
  [
    '/me/registration/void',
    async (c: Context<AppEnv>) => voidMine(c.var.deps, currentUser(c), str((await c.req.parseBody()).reason)),
    'voided',
  ],
] as const) {
  registrationPages.post(path, studentPage, confirmFirst(ME_CONFIRM[ok]), async (c) => {
    try {
      await run(c)
      return c.redirect(`/me/registration?ok=${ok}`, 303)
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderMe(c, { error: err })
    }
  })
}

/**
 * Security decision: page uploads are refused by their declared Content-Length before anything
 * else reads them. The stream itself cannot be wrapped here (the CSRF check has already parsed a
 * form body to find its token), so each file's size is checked again after parsing.
 */
const declaredSizeLimit = (max: number, message: string): MiddlewareHandler<AppEnv> =>
  async function declaredSizeLimitMiddleware(c, next) {
    const n = Number(c.req.header('content-length') ?? '0')
    if (Number.isFinite(n) && n > max) throw new AppError('payload_too_large', message, { field: 'file' })
    await next()
  }

const pageUploadLimit = declaredSizeLimit(MAX_ATTACHMENT_BYTES + 64 * 1024, '证明材料：每个文件不能超过 5 MB')
const pageImportLimit = declaredSizeLimit(MAX_IMPORT_BYTES + 256 * 1024, '文件：不能超过 20 MB')

registrationPages.post('/me/registration/attachments', studentPage, pageUploadLimit, async (c) => {
  try {
    const body = await c.req.parseBody()
    const f = body.file
    if (!f || typeof f === 'string' || f.size === 0)
      throw new AppError('validation_error', '证明材料：请选择要上传的文件', { field: 'file' })
    await addAttachment(c.var.deps, currentUser(c), { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })
    return c.redirect('/me/registration?ok=uploaded', 303)
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderMe(c, { error: err })
  }
})

registrationPages.post('/me/registration/attachments/:aid/delete', studentPage, confirmAttachmentDelete, async (c) => {
  try {
    await deleteAttachment(c.var.deps, currentUser(c), c.req.param('aid'))
    return c.redirect('/me/registration?ok=deleted', 303)
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderMe(c, { error: err })
  }
})

registrationPages.get('/me/registration/attachments/:aid', studentPage, async (c) => {
  const g = await myGraduate(c.var.deps, currentUser(c))
  const reg = await registrationOfGraduate(c.var.deps.db, g.id)
  if (!reg) throw new AppError('not_found', '没有找到这个文件')
  return attachmentResponse(await readAttachment(c.var.deps, reg.id, c.req.param('aid')), !!c.req.query('download'))
})

// ---------------------------------------------------------------------------------------------
// Reviewers.

const ADMIN_NOTICES: Record<string, string> = {
  approve: '已审核通过。',
  return: '已退回修改。',
  reject: '已审核不通过，本次登记作废。',
  voided: '登记已作废。',
  modified: '登记已修改，版本号已更新。',
  mode: '审核方式已保存。',
}

const canDecideAny = (user: CurrentUser, mode: ReviewMode) =>
  user.permissions.info === 'rw' && awaiting(user.role as 'school' | 'department', mode).length > 0

async function renderList(
  c: Context<AppEnv>,
  q: Record<string, string | undefined>,
  search?: string,
  problem?: string,
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const mode = await reviewMode(deps.db, user.schoolId)
  const filters: Record<string, string> = {}
  for (const k of ['status', 'department', 'major', 'education', 'type', 'submittedSince'])
    if (q[k]) filters[k] = q[k]!.slice(0, 100)
  const page = Math.max(1, Math.min(100000, Number.parseInt(q.page ?? '1', 10) || 1))
  const pageSize = search ? 50 : 20
  let error: string | null = problem ?? null
  let status: RegistrationStatus[] | undefined
  try {
    status = await statusFilter(filters.status, user.role as 'school' | 'department', mode)
  } catch (e) {
    error = userError(e)?.message ?? null
  }
  const since = /^\d{4}-\d{2}-\d{2}$/.test(filters.submittedSince ?? '')
    ? new Date(`${filters.submittedSince}T00:00:00+08:00`).toISOString()
    : undefined
  const list = await listRegistrations(deps.db, user, {
    ...filters,
    q: search,
    status,
    submittedSince: since,
    source: undefined,
    page,
    pageSize,
  })
  const pending = awaiting(user.role as 'school' | 'department', mode)
  const pendingCount = pending.length
    ? (await listRegistrations(deps.db, user, { status: pending, page: 1, pageSize: 1 })).total
    : 0
  const approvedN = Number.parseInt(q.approved ?? '', 10)
  const skippedN = Number.parseInt(q.skipped ?? '', 10)
  const notice = Number.isFinite(approvedN)
    ? `批量审核：通过 ${approvedN} 条${skippedN > 0 ? `，跳过 ${skippedN} 条（不在等待您审核的状态）` : ''}。`
    : (ADMIN_NOTICES[q.ok ?? ''] ?? null)
  return c.html(
    <RegistrationListPage
      user={user}
      csrf={csrfToken(c)}
      mode={mode}
      items={list.items}
      total={list.total}
      page={page}
      pageSize={pageSize}
      filters={filters}
      departments={await departmentNames(deps.db, user)}
      education={educationTable}
      canDecide={canDecideAny(user, mode)}
      pendingCount={pendingCount}
      notice={notice}
      error={error}
      q={search}
    />,
  )
}

registrationPages.get('/admin/registrations', staffRead, (c) => renderList(c, c.req.query()))

registrationPages.post(
  '/admin/registrations/find',
  guard({ roles: ['school', 'department'], module: 'info', level: 'ro', loginPath: '/admin/login' }),
  async (c) => {
    const body = await c.req.parseBody()
    return renderList(c, {}, str(body.q).trim().slice(0, 50) || undefined)
  },
)

registrationPages.post('/admin/registrations/batch-approve', staffWrite, confirmBatchApprove, async (c) => {
  const body = await c.req.parseBody({ all: true })
  const raw = body.ids
  const ids = (Array.isArray(raw) ? raw : raw ? [raw] : [])
    .map((v) => Number(v))
    .filter((n) => Number.isInteger(n) && n > 0)
  if (ids.length === 0)
    return renderList(c, { status: 'pending' }, undefined, '批量审核：请先在列表中勾选要审核通过的登记。')
  const r = await batchApprove(c.var.deps, currentUser(c), ids.slice(0, 500))
  return c.redirect(
    `/admin/registrations?status=pending&approved=${r.approved.length}&skipped=${r.skipped.length}`,
    303,
  )
})

async function renderSettings(c: Context<AppEnv>, opts: { notice?: string | null; error?: AppError | null } = {}) {
  const deps = c.var.deps
  const user = currentUser(c)
  const inFlight = await deps.db
    .selectFrom('registrations')
    .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('graduates.school_id', '=', user.schoolId)
    .where('registrations.status', 'in', IN_FLIGHT)
    .executeTakeFirstOrThrow()
  return c.html(
    <ReviewSettingsPage
      user={user}
      csrf={csrfToken(c)}
      mode={await reviewMode(deps.db, user.schoolId)}
      inFlight={Number(inFlight.n)}
      canWrite={user.role === 'school' && user.permissions.info === 'rw'}
      notice={opts.notice}
      error={opts.error?.message}
    />,
    opts.error ? (opts.error.status as 400) : 200,
  )
}

registrationPages.get('/admin/registrations/settings', staffRead, (c) =>
  renderSettings(c, { notice: ADMIN_NOTICES[c.req.query('ok') ?? ''] ?? null }),
)

registrationPages.post('/admin/registrations/settings', schoolWrite, async (c) => {
  const body = await c.req.parseBody()
  try {
    await setReviewMode(c.var.deps, currentUser(c), str(body.reviewMode) as ReviewMode)
    return c.redirect('/admin/registrations/settings?ok=mode', 303)
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderSettings(c, { error: err })
  }
})

const idOf = (c: Context<AppEnv>) => {
  const id = Number(c.req.param('id'))
  if (!Number.isInteger(id) || id <= 0) throw new AppError('not_found', '没有找到这条登记')
  return id
}

async function renderDetail(c: Context<AppEnv>, opts: { notice?: string | null; error?: AppError | null } = {}) {
  const deps = c.var.deps
  const user = currentUser(c)
  const { reg, graduate } = await scopedRegistration(deps.db, user, idOf(c))
  const mode = await reviewMode(deps.db, user.schoolId)
  return c.html(
    <RegistrationDetailPage
      user={user}
      csrf={csrfToken(c)}
      reg={await toJson(deps.db, reg)}
      graduate={graduate}
      mode={mode}
      awaitingYou={awaiting(user.role as 'school' | 'department', mode).includes(reg.status)}
      canWrite={user.permissions.info === 'rw'}
      educationName={codeName('education', graduate.education) ?? graduate.education}
      trainingModeName={codeName('trainingMode', graduate.trainingMode) ?? graduate.trainingMode}
      notice={opts.notice}
      error={opts.error?.message}
    />,
    opts.error ? (opts.error.status as 400) : 200,
  )
}

registrationPages.get('/admin/registrations/:id{[0-9]+}', staffRead, (c) =>
  renderDetail(c, { notice: ADMIN_NOTICES[c.req.query('ok') ?? ''] ?? null }),
)

registrationPages.post('/admin/registrations/:id{[0-9]+}/decision', staffWrite, confirmReject, async (c) => {
  const body = await c.req.parseBody()
  const decision = str(body.decision)
  try {
    if (decision !== 'approve' && decision !== 'return' && decision !== 'reject')
      throw new AppError('validation_error', '审核结果：请选择通过、退回修改或不通过', { field: 'decision' })
    const id = idOf(c)
    await decide(c.var.deps, currentUser(c), id, decision, str(body.reason).slice(0, 200))
    return c.redirect(`/admin/registrations/${id}?ok=${decision}`, 303)
  } catch (e) {
    const err = userError(e)
    if (!err || err.code === 'not_found') throw e
    return renderDetail(c, { error: err })
  }
})

registrationPages.post('/admin/registrations/:id{[0-9]+}/void', schoolWrite, confirmVoid, async (c) => {
  const body = await c.req.parseBody()
  try {
    const reason = str(body.reason).trim().slice(0, 200)
    if (!reason) throw new AppError('validation_error', '作废原因：必须填写', { field: 'reason' })
    const id = idOf(c)
    await schoolVoid(c.var.deps, currentUser(c), id, reason)
    return c.redirect(`/admin/registrations/${id}?ok=voided`, 303)
  } catch (e) {
    const err = userError(e)
    if (!err || err.code === 'not_found') throw e
    return renderDetail(c, { error: err })
  }
})

async function renderEdit(c: Context<AppEnv>, opts: { values?: FormValues; error?: AppError | null } = {}) {
  const user = currentUser(c)
  const { reg, graduate } = await scopedRegistration(c.var.deps.db, user, idOf(c))
  if (reg.status !== 'approved') throw new AppError('conflict', '只有审核通过的登记可以由学校修改')
  return c.html(
    <RegistrationEditPage
      user={user}
      csrf={csrfToken(c)}
      id={reg.id}
      name={graduate.name}
      values={opts.values ?? valuesOf(contentOf(reg))}
      error={opts.error?.message}
      errorField={opts.error?.extra.field}
    />,
    opts.error ? (opts.error.status as 400) : 200,
  )
}

registrationPages.get('/admin/registrations/:id{[0-9]+}/edit', schoolWrite, (c) => renderEdit(c))

registrationPages.post('/admin/registrations/:id{[0-9]+}/edit', schoolWrite, async (c) => {
  const body = await c.req.parseBody()
  try {
    const id = idOf(c)
    const content = contentFromForm(body)
    await schoolModify(c.var.deps, currentUser(c), id, content, str(body.reason).slice(0, 200))
    return c.redirect(`/admin/registrations/${id}?ok=modified`, 303)
  } catch (e) {
    const err = userError(e)
    if (!err || err.code === 'not_found') throw e
    return renderEdit(c, { values: valuesFromForm(body), error: err })
  }
})

registrationPages.get('/admin/registrations/:id{[0-9]+}/attachments/:aid', staffRead, async (c) => {
  const { reg } = await scopedRegistration(c.var.deps.db, currentUser(c), idOf(c))
  return attachmentResponse(await readAttachment(c.var.deps, reg.id, c.req.param('aid')), !!c.req.query('download'))
})

// ---------------------------------------------------------------------------------------------
// Uploads: registrations (就业管理系统上传) and the archive receiving-unit directory.

const schoolArchiveWrite = guard({ roles: ['school'], module: 'archive', level: 'rw', loginPath: '/admin/login' })
const staffArchiveRead = guard({ roles: ['school', 'department'], module: 'archive', loginPath: '/admin/login' })

const REG_NOTES = [
  '按身份证号找到毕业生；导入的登记来源为“就业管理系统上传”，直接审核通过。',
  '代码列可填代码或名称；单位所在地等填 6 位县级行政区划代码。',
  '档案、户口各列留空则保留原有信息；与已通过的登记相同的行不做改动。',
  '已通过的登记被修改后，版本号加 1：转递编号需要重新生成，毕业生须重新确认。',
]

async function renderRegImport(
  c: Context<AppEnv>,
  opts: { result?: ImportResult | null; error?: AppError | null } = {},
) {
  return c.html(
    <UploadPage
      user={currentUser(c)}
      csrf={csrfToken(c)}
      title="导入去向登记（就业管理系统上传）"
      back={{ href: '/admin/registrations', label: '返回去向登记审核' }}
      action="/admin/registrations/import"
      columns={REGISTRATION_COLUMNS.map((x) => x.label)}
      required={REGISTRATION_COLUMNS.filter((x) => x.required).map((x) => x.label)}
      notes={REG_NOTES}
      result={opts.result}
      failuresBase="/api/v1/registrations/import"
      error={opts.error?.message}
      current="/admin/registrations"
    />,
    opts.error ? (opts.error.status as 400) : 200,
  )
}

registrationPages.get('/admin/registrations/import', schoolWrite, (c) => renderRegImport(c))

registrationPages.post('/admin/registrations/import', schoolWrite, pageImportLimit, async (c) => {
  try {
    const body = await c.req.parseBody()
    const f = body.file
    if (!(f instanceof File) || f.size === 0)
      throw new AppError('validation_error', '文件：请选择要上传的文件', { field: 'file' })
    return await renderRegImport(c, { result: await importRegistrations(c.var.deps, currentUser(c), f) })
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderRegImport(c, { error: err })
  }
})

async function renderUnits(
  c: Context<AppEnv>,
  opts: {
    result?: ImportResult | null
    error?: AppError | null
    notice?: string | null
    form?: Record<string, string>
    formError?: AppError | null
  } = {},
) {
  const user = currentUser(c)
  const q = (c.req.query('q') ?? '').trim().slice(0, 50)
  const page = Math.max(1, Math.min(100000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1))
  const pageSize = 50
  const byCode = /^\d{1,6}$/.test(q)
  const list = await listArchiveUnits(c.var.deps, user, {
    division: byCode ? q : undefined,
    q: byCode ? undefined : q || undefined,
    page,
    pageSize,
  })
  const canWrite = user.role === 'school' && user.permissions.archive === 'rw'
  return c.html(
    <UploadPage
      user={user}
      csrf={csrfToken(c)}
      title="档案接收单位名录"
      back={{ href: '/admin/registrations', label: '返回去向登记审核' }}
      action="/admin/archive-units/import"
      columns={ARCHIVE_UNIT_COLUMNS.map((x) => x.label)}
      required={ARCHIVE_UNIT_COLUMNS.filter((x) => x.required).map((x) => x.label)}
      notes={[
        '按所在地代码新增或更新；同一代码在文件中出现多次时以第一次为准。',
        '毕业生选择“转回生源地”时，按其生源所在地从名录预填档案接收单位，毕业生可以修改。',
      ]}
      result={opts.result}
      failuresBase="/api/v1/archive-units/import"
      error={opts.error?.message ?? null}
      current="/admin/registrations"
    >
      {opts.notice && (
        <div class="alert ok" role="status">
          {opts.notice}
        </div>
      )}
      <ArchiveUnitsList
        items={list.items}
        total={list.total}
        page={page}
        pageSize={pageSize}
        q={q}
        csrf={csrfToken(c)}
        canWrite={canWrite}
        form={opts.form}
        formError={opts.formError?.message}
        formErrorField={opts.formError?.extra.field}
      />
    </UploadPage>,
    opts.error ? (opts.error.status as 400) : opts.formError ? (opts.formError.status as 400) : 200,
  )
}

registrationPages.get('/admin/archive-units', staffArchiveRead, (c) =>
  renderUnits(c, { notice: c.req.query('ok') ? '已保存。' : null }),
)

registrationPages.post('/admin/archive-units/import', schoolArchiveWrite, pageImportLimit, async (c) => {
  try {
    const body = await c.req.parseBody()
    const f = body.file
    if (!(f instanceof File) || f.size === 0)
      throw new AppError('validation_error', '文件：请选择要上传的文件', { field: 'file' })
    return await renderUnits(c, { result: await importArchiveUnits(c.var.deps, currentUser(c), f) })
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return renderUnits(c, { error: err })
  }
})

registrationPages.post('/admin/archive-units/one', schoolArchiveWrite, async (c) => {
  const body = await c.req.parseBody()
  try {
    const code = str(body.divisionCode).trim()
    await putArchiveUnit(c.var.deps, currentUser(c), code, {
      name: str(body.name),
      address: str(body.address),
      postcode: str(body.postcode),
      contact: str(body.contact),
      phone: str(body.phone),
    })
    return c.redirect('/admin/archive-units?ok=1', 303)
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    // Keep what was typed, and show the message at the form it belongs to.
    const form = Object.fromEntries(
      ['divisionCode', 'name', 'address', 'postcode', 'contact', 'phone'].map((k) => [k, str(body[k]).slice(0, 200)]),
    )
    return renderUnits(c, { form, formError: err })
  }
})
