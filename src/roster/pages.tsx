/**
 * The roster pages: for staff under /admin/roster (list, import with hand-matching of headers,
 * a graduate's record with withdrawal, the self-check review queue), and the graduate's home
 * page /me (their record and the self-check form). Plain forms; they work without JavaScript.
 */
import { Hono, type Context } from 'hono'
import { staffChrome, graduateWho } from '../pages/staff-chrome.js'
import { nanoid } from 'nanoid'
import type { AppEnv, CurrentUser } from '../deps.js'
import type { Graduate } from '../db/schema.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst, type ConfirmSpecFn } from '../pages/confirm.js'
import { studentNav } from '../../views/nav.js'
import { codeTable } from '../domain/codes/index.js'
import { EXTENSION_1_CODES, ROSTER_FIELDS } from '../domain/roster-rules.js'
import { loadSavedMapping, matchHeaders, MissingHeadersError, IMPORT_UPLOAD, readHeaders } from '../imports/index.js'
import { tooLarge } from '../middleware/body-size.js'
import {
  Decision,
  filterOf,
  IdParam,
  ListQuery,
  ReopenBody,
  RestoreBody,
  SelfCheckForm,
  selfCheckInput,
} from './schemas.js'
import { cohortChoice, type FieldErrors, many, pageNumber, pageValidator, stringValues } from '../page-validator.js'
import { z } from '../openapi.js'
import { importRoster, ROSTER_IMPORT_KIND, type DepartmentChoices } from './import.js'
import { findGraduate, graduateJson, listGraduates } from './queries.js'
import { cohortPicker } from '../pages/cohort.js'
import { restoreGraduate, withdrawGraduate } from './service.js'
import {
  decideCorrection,
  decideMany,
  getCorrection,
  getMyRoster,
  listCorrections,
  reopenCorrection,
  REVIEW_LEVELS,
  reviewLevels,
  setReviewLevels,
  submitCorrection,
  withdrawCorrection,
} from './self-check.js'
import { RosterListPage } from '../../views/roster/list-page.js'
import { ImportPage, ImportResultPage, MappingPage, NewDepartmentsPage } from '../../views/roster/import-page.js'
import { GraduatePage, type RecordRow } from '../../views/roster/graduate-page.js'
import { CorrectionPage, CorrectionsPage } from '../../views/roster/corrections-page.js'
import { ReviewLevelsPage } from '../../views/roster/review-settings-page.js'
import { MyRosterPage, type SelfCheckFormValues } from '../../views/roster/me-page.js'
import { maskIdCard } from '../domain/id-card.js'
import { divisionName } from '../domain/divisions.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'
import { confirmationStateOfGraduate } from '../confirmation/service.js'
import { departmentNames } from '../db/departments.js'
import { closeNames } from '../domain/similar-names.js'
import { agreementsForHome } from '../agreements/service.js'
import { graduateAccountStates, resetGraduatePasswords, unlockGraduates } from '../accounts/service.js'
import { registrationStanding } from '../registration/service.js'

export const rosterPages = new Hono<AppEnv>()

const staffRead = guard({ roles: ['school', 'department'], module: 'info', loginPath: '/admin/login' })
const staffWrite = guard({ roles: ['school', 'department'], module: 'info', level: 'rw', loginPath: '/admin/login' })
// The self-check review is also a counsellor's (its classes, at its level: contract §6).
const reviewRead = guard({ roles: ['school', 'department', 'counsellor'], module: 'info', loginPath: '/admin/login' })
const reviewWrite = guard({
  roles: ['school', 'department', 'counsellor'],
  module: 'info',
  level: 'rw',
  loginPath: '/admin/login',
})
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: '/admin/login' })
const studentGuard = guard({ roles: ['student'], loginPath: '/me/login' })
/** Resetting and unlocking graduates' accounts: the API's rule (基本信息 读写, within the user's scope). */
const accountWrite = guard({
  roles: ['school', 'department', 'counsellor'],
  module: 'info',
  level: 'rw',
  loginPath: '/admin/login',
})

const frame = staffChrome
const canWrite = (me: CurrentUser) => me.permissions.info === 'rw'
const userMessage = (e: unknown) => (e instanceof AppError && e.status < 500 ? e.message : null)
/** The graduate or correction id of the route, validated by `idParam` before any middleware reads it. */
const validParam = (c: Context<AppEnv>) => (c.req.valid as (t: 'param') => z.output<typeof IdParam>)('param')
const idParam = pageValidator('param', IdParam)

// ——— confirmations before destructive acts (also without JavaScript; see middleware/confirm.tsx) ———

const idsOf = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []).length
const confirmDecisions = confirmFirst((_c, body) => {
  const n = idsOf(body.ids)
  // Nothing chosen or no decision: the handler answers with its own message.
  if (!n) return null
  if (body.decision === 'approve')
    return {
      title: '确认通过核对',
      message: `将通过选中的 ${n} 条核对，学校记录将按学生填写的内容更新。确定吗？`,
      confirmLabel: '确认通过',
      danger: false,
      back: '/admin/roster/corrections',
    }
  if (body.decision === 'return')
    return {
      title: '确认退回核对',
      message: `将退回选中的 ${n} 条核对，学生需要重新填写。确定吗？`,
      confirmLabel: '确认退回',
      back: '/admin/roster/corrections',
    }
  return null
})
/** The graduate's name on the question, looked up within the user's scope (404 otherwise, like the act itself). */
const onGraduate =
  (ask: (name: string, id: number) => ReturnType<ConfirmSpecFn>): ConfirmSpecFn =>
  async (c) => {
    const { id } = validParam(c)
    const g = await findGraduate(c.var.deps.db, currentUser(c), id, { includeWithdrawn: true })
    if (!g) throw new AppError('not_found', '没有这名毕业生，或无权查看')
    return ask(g.name, id)
  }
const confirmWithdraw = confirmFirst(
  onGraduate((name, id) => ({
    title: '确认撤出生源',
    message: `确定将 ${name} 撤出生源吗？撤出后不再出现在生源名单、登记和统计中，可以再恢复。`,
    confirmLabel: '确认撤出',
    back: `/admin/roster/${id}`,
  })),
)
const confirmRestore = confirmFirst(
  onGraduate((name, id) => ({
    title: '确认恢复到生源',
    message: `确定将 ${name} 恢复到生源吗？`,
    confirmLabel: '确认恢复',
    danger: false,
    back: `/admin/roster/${id}`,
  })),
)
const RESET_EFFECT = '密码将恢复为初始密码（身份证号后六位，末位 X 大写），下次登录须设置新密码，现有的登录随即失效。'
const confirmReset = confirmFirst(
  onGraduate((name, id) => ({
    title: '确认重置密码',
    message: `确定重置 ${name} 的登录密码吗？${RESET_EFFECT}`,
    confirmLabel: '确认重置',
    back: `/admin/roster/${id}`,
  })),
)
const confirmUnlock = confirmFirst(
  onGraduate((name, id) => ({
    title: '确认解锁账号',
    message: `确定解锁 ${name} 的账号吗？解锁后可以立即重新登录。`,
    confirmLabel: '确认解锁',
    danger: false,
    back: `/admin/roster/${id}`,
  })),
)
const confirmAccounts = confirmFirst((_c, body) => {
  const n = idsOf(body.ids)
  if (!n) return null
  const from = listQuery(body.from)
  const back = `/admin/roster${from ? `?${from}` : ''}`
  if (body.action === 'reset')
    return {
      title: '确认重置密码',
      message: `确定重置选中的 ${n} 名毕业生的登录密码吗？${RESET_EFFECT}`,
      confirmLabel: '确认重置',
      back,
    }
  if (body.action === 'unlock')
    return {
      title: '确认解锁账号',
      message: `确定解锁选中的 ${n} 名毕业生的账号吗？解锁后可以立即重新登录。`,
      confirmLabel: '确认解锁',
      danger: false,
      back,
    }
  return null
})
const confirmMyWithdraw = confirmFirst({
  title: '确认撤回核对',
  message: '确定撤回这次提交的信息核对吗？撤回后可以修改再提交。',
  confirmLabel: '确认撤回',
  danger: false,
  back: '/me',
})

// ——— staff: the list ———

const RosterListPageQuery = ListQuery.extend({
  // 届别: absent → the opening 届 (src/pages/cohort.ts); `all` → every 届.
  cohort: cohortChoice,
  done: z.string().optional().catch(undefined),
  // After 重置密码 / 解锁 of a selection: how many were done, of how many chosen.
  count: z.coerce.number().int().min(0).optional().catch(undefined),
  of: z.coerce.number().int().min(0).optional().catch(undefined),
})

/** The list's filters carried through a form post (`from`), re-read key by key, so nothing else rides along. */
const LIST_KEYS = [
  'department',
  'major',
  'education',
  'graduationTime',
  'cohort',
  'q',
  'withdrawn',
  'reported',
  'check',
  'page',
]
function listQuery(from: unknown): string {
  const given = new URLSearchParams(typeof from === 'string' ? from.slice(0, 500) : '')
  const out = new URLSearchParams()
  for (const k of LIST_KEYS) {
    const v = given.get(k)
    if (v) out.set(k, v)
  }
  return out.toString()
}

/** The result of a selection's 重置密码 / 解锁, in words; all out of scope is an error. */
function accountsResult(q: z.output<typeof RosterListPageQuery>): { notice?: string; error?: string } {
  if ((q.done !== 'reset' && q.done !== 'unlocked') || q.count === undefined) return {}
  if (q.count === 0) return { error: '选中的毕业生都不在您的管理范围内，未处理。' }
  const done =
    q.done === 'reset'
      ? `已将 ${q.count} 名毕业生的密码重置为初始密码（身份证号后六位，末位 X 大写），他们下次登录须设置新密码，账号同时解锁。`
      : `已解锁 ${q.count} 名毕业生的账号，可以立即重新登录。`
  const skipped = q.of && q.of > q.count ? `另有 ${q.of - q.count} 名不在您的管理范围内，未处理。` : ''
  return { notice: done + skipped }
}

async function renderList(c: Context<AppEnv>, q: z.output<typeof RosterListPageQuery>, error?: string) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const withdrawn = q.withdrawn === 'true' || q.withdrawn === '1'
  // The withdrawn graduates' list opens on a 届 that has withdrawn graduates.
  const cohort = await cohortPicker(c, q.cohort, { withdrawn })
  // Department users see their own 院系 whatever the link says (the list is scoped anyway).
  const filters = {
    ...filterOf({ ...q, cohort: undefined }),
    cohort: cohort.value,
    department: me.role === 'school' ? q.department || undefined : undefined,
  }
  const pageSize = 20
  const list = await listGraduates(db, me, filters, q.page, pageSize)
  const departments = me.role === 'school' ? await departmentNames(db, me.schoolId) : null
  const pending = await listCorrections(db, me, { status: 'submitted' }, 1, 1)
  const manage = canWrite(me) && !filters.withdrawn
  const accounts = manage
    ? await graduateAccountStates(
        c.var.deps,
        me,
        list.items.map((g) => g.id),
      )
    : null
  const result = accountsResult(q)
  return c.html(
    <RosterListPage
      {...frame(c)}
      items={list.items.map((g) => {
        const a = accounts?.get(g.id)
        return { ...g, account: a ? (a.lockedUntil ? 'locked' : a.firstPassword ? 'first' : 'ok') : null }
      })}
      total={list.total}
      page={q.page}
      pageSize={pageSize}
      filters={filters}
      departments={departments}
      cohort={cohort}
      educations={codeTable('education').entries}
      canWrite={canWrite(me)}
      canManageAccounts={manage}
      pendingCorrections={pending.total}
      notice={q.done === 'withdrawn' ? '已撤出生源。' : (result.notice ?? null)}
      error={error ?? result.error}
    />,
    error ? 400 : 200,
  )
}

rosterPages.get(
  '/admin/roster',
  staffRead,
  pageValidator('query', RosterListPageQuery, (c, bad) =>
    renderList(c, RosterListPageQuery.parse({}), `筛选条件有误：${bad.message}`),
  ),
  (c) => renderList(c, c.req.valid('query')),
)

/** A selection's 重置密码 / 解锁 (the list is the form: its ticked rows and the filters it shows). */
const AccountsForm = z.object({
  action: z.enum(['reset', 'unlock'], { error: '请选择重置密码或解锁' }),
  ids: many(
    z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31),
  ).pipe(z.array(z.number()).min(1, '请先勾选要处理的毕业生').max(1000, '一次最多处理 1000 名')),
  from: z.string().max(500).optional().catch(undefined),
})

rosterPages.post(
  '/admin/roster/accounts',
  accountWrite,
  pageValidator('form', AccountsForm, (c, bad) => renderList(c, RosterListPageQuery.parse({}), bad.message), {
    ids: '毕业生',
    action: '操作',
  }),
  confirmAccounts,
  async (c) => {
    const { action, ids, from } = c.req.valid('form')
    const me = currentUser(c)
    const chosen = [...new Set(ids)]
    const count =
      action === 'reset'
        ? await resetGraduatePasswords(c.var.deps, me, { graduateIds: chosen })
        : await unlockGraduates(c.var.deps, me, chosen)
    const back = listQuery(from)
    const done = `done=${action === 'reset' ? 'reset' : 'unlocked'}&count=${count}&of=${chosen.length}`
    return c.redirect(`/admin/roster?${back ? `${back}&` : ''}${done}`, 303)
  },
)

// ——— staff: import ———

const pendingKey = (me: CurrentUser, token: string) => `import-pending/${me.id}/${token}`

rosterPages.get('/admin/roster/import', staffWrite, async (c) => {
  const me = currentUser(c)
  const saved = await loadSavedMapping(c.var.deps, me.schoolId, ROSTER_IMPORT_KIND)
  return c.html(
    <ImportPage
      {...frame(c)}
      department={me.role === 'department' ? me.department : null}
      remembered={Object.keys(saved).length}
    />,
  )
})

async function renderImport(
  c: Context<AppEnv>,
  file: File,
  mapping?: Record<string, string>,
  token?: string,
  departments?: DepartmentChoices,
  overwrite = false,
) {
  const me = currentUser(c)
  const { deps } = c.var
  try {
    // A school user's file is read once without storing anything: 院系名称 the school does not
    // have are shown and chosen for before any is created (issue 13 item 9). A department user
    // imports only its own 院系, so it never creates one.
    if (me.role === 'school' && !departments) {
      const preview = await importRoster(deps, me, file, { filename: file.name, mapping, dryRun: true, overwrite })
      if (preview.newDepartments.length) {
        const t = token ?? nanoid(24)
        if (!token)
          await deps.storage.put(
            pendingKey(me, t),
            new Uint8Array(await file.arrayBuffer()),
            'application/octet-stream',
          )
        const existing = await departmentNames(deps.db, me.schoolId)
        return c.html(
          <NewDepartmentsPage
            {...frame(c)}
            token={t}
            filename={file.name}
            mapping={mapping ?? {}}
            existing={existing}
            preview={preview}
            overwrite={overwrite}
            departments={preview.newDepartments.map((name) => {
              const close = closeNames(name, existing)
              const inFile = closeNames(
                name,
                preview.newDepartments.filter((n) => n !== name),
              )
              // A name like no other is most likely a real new 院系: 新建 is offered ready chosen.
              // One close to an existing name or to another new one may be a typo: no default.
              return {
                name,
                rows: preview.newDepartmentRows[name],
                close,
                closeInFile: inFile,
                choice: close.length || inFile.length ? '' : 'create',
              }
            })}
          />,
        )
      }
    }
    const result = await importRoster(deps, me, file, { filename: file.name, mapping, departments, overwrite })
    if (token) await deps.storage.delete(pendingKey(me, token))
    return c.html(<ImportResultPage {...frame(c)} result={result} />)
  } catch (e) {
    if (e instanceof MissingHeadersError) {
      // Keep the upload for the mapping step, under a key bound to this user.
      const t = token ?? nanoid(24)
      if (!token)
        await c.var.deps.storage.put(
          pendingKey(me, t),
          new Uint8Array(await file.arrayBuffer()),
          'application/octet-stream',
        )
      const saved = await loadSavedMapping(c.var.deps, me.schoolId, ROSTER_IMPORT_KIND)
      const { index } = matchHeaders(e.headers, ROSTER_FIELDS, saved)
      const fields = ROSTER_FIELDS.map((f) => ({
        key: f.key,
        label: f.label,
        required: f.required,
        matched: index.has(f.key) ? e.headers[index.get(f.key)!] : (mapping?.[f.key] ?? null),
      }))
      return c.html(
        <MappingPage
          {...frame(c)}
          token={t}
          filename={file.name}
          headers={e.headers}
          fields={fields}
          missing={e.missing}
          error={token ? e.message : null}
          overwrite={overwrite}
        />,
        400,
      )
    }
    const message = userMessage(e)
    if (message)
      return c.html(
        <ImportPage
          {...frame(c)}
          department={me.role === 'department' ? me.department : null}
          remembered={0}
          error={message}
        />,
        e instanceof AppError ? (e.status as 400) : 400,
      )
    throw e
  }
}

// No bodyLimit here: for cookie sessions the CSRF check has already read the body; the size is
// checked on the parsed file instead (the API route refuses oversize uploads before reading).
const importForm = (c: Context<AppEnv>, error: string) => {
  const me = currentUser(c)
  return c.html(
    <ImportPage
      {...frame(c)}
      department={me.role === 'department' ? me.department : null}
      remembered={0}
      error={error}
    />,
    400,
  )
}

/** 覆盖 (contract §6 `overwrite`): a checkbox, sent as 1 when ticked. */
const Overwrite = z.enum(['1']).optional().catch(undefined)

const UploadForm = z.object({
  file: z.instanceof(File, { message: '请选择要上传的 .xlsx 或 .csv 文件' }).refine((f) => f.size > 0, {
    message: '请选择要上传的 .xlsx 或 .csv 文件',
  }),
  overwrite: Overwrite,
})

rosterPages.post(
  '/admin/roster/import',
  staffWrite,
  pageValidator('form', UploadForm, (c, bad) => importForm(c, bad.message)),
  (c) => {
    const { file, overwrite } = c.req.valid('form')
    if (file.size > IMPORT_UPLOAD.fileBytes) throw tooLarge(IMPORT_UPLOAD)
    return renderImport(c, file, undefined, undefined, undefined, overwrite === '1')
  },
)

const MappingForm = z.object({
  token: z.string().catch(''),
  overwrite: Overwrite,
  ...Object.fromEntries(ROSTER_FIELDS.map((f) => [`map.${f.key}`, z.string().trim().max(100).catch('')])),
}) as unknown as z.ZodType<{ token: string } & Record<string, string | undefined>>

rosterPages.post('/admin/roster/import/mapping', staffWrite, pageValidator('form', MappingForm), async (c) => {
  const me = currentUser(c)
  const body = c.req.valid('form')
  const token = body.token
  const bytes = /^[\w-]{24}$/.test(token) ? await c.var.deps.storage.get(pendingKey(me, token)) : null
  if (!bytes) return importForm(c, '上传的文件已过期，请重新选择文件')
  const mapping: Record<string, string> = {}
  for (const f of ROSTER_FIELDS) {
    const v = body[`map.${f.key}`]
    if (v) mapping[f.key] = v
  }
  const headers = await readHeaders(c.var.deps, bytes, 'upload')
  const filename = `生源-${headers.length}列.${bytes[0] === 0x50 ? 'xlsx' : 'csv'}`
  return renderImport(
    c,
    new File([bytes as Uint8Array<ArrayBuffer>], filename),
    mapping,
    token,
    undefined,
    body.overwrite === '1',
  )
})

/** The department step's form: the new names in order, each with its choice (selects always post one). */
const DepartmentsForm = z.object({
  token: z.string().catch(''),
  overwrite: Overwrite,
  filename: z.string().trim().max(200).catch(''),
  dept: many(z.string().trim().max(50)).pipe(z.array(z.string()).max(500)),
  choice: many(z.string().max(60)).pipe(z.array(z.string()).max(500)),
  ...Object.fromEntries(ROSTER_FIELDS.map((f) => [`map.${f.key}`, z.string().trim().max(100).catch('')])),
}) as unknown as z.ZodType<
  { token: string; filename: string; dept: string[]; choice: string[]; overwrite?: '1' } & Record<string, unknown>
>

rosterPages.post(
  '/admin/roster/import/departments',
  staffWrite,
  pageValidator('form', DepartmentsForm, (c) => importForm(c, '提交的内容有误，请重新选择文件')),
  async (c) => {
    const me = currentUser(c)
    const { deps } = c.var
    const body = c.req.valid('form')
    const bytes = /^[\w-]{24}$/.test(body.token) ? await deps.storage.get(pendingKey(me, body.token)) : null
    if (!bytes) return importForm(c, '上传的文件已过期，请重新选择文件')
    const mapping: Record<string, string> = {}
    for (const f of ROSTER_FIELDS) {
      const v = body[`map.${f.key}`]
      if (typeof v === 'string' && v) mapping[f.key] = v
    }
    const existing = await departmentNames(deps.db, me.schoolId)
    const choices: DepartmentChoices = { create: [], rename: {} }
    const rows = body.dept.map((name, i) => {
      const choice = body.choice[i] ?? ''
      let error: string | null = null
      if (choice === 'create') (choices.create as string[]).push(name)
      else if (choice.startsWith('use:') && existing.includes(choice.slice(4)))
        (choices.rename as Record<string, string>)[name] = choice.slice(4)
      else if (choice !== 'skip') error = `“${name}”：请选择改用哪个已有院系、新建，或暂不导入`
      return { name, close: closeNames(name, existing), choice, error }
    })
    if (!rows.length || rows.some((r) => r.error))
      return c.html(
        <NewDepartmentsPage
          {...frame(c)}
          token={body.token}
          filename={body.filename || '生源表'}
          mapping={mapping}
          existing={existing}
          departments={rows}
          error={rows.length ? null : '没有要确认的院系，请重新选择文件'}
          overwrite={body.overwrite === '1'}
        />,
        400,
      )
    const name = body.filename || `生源.${bytes[0] === 0x50 ? 'xlsx' : 'csv'}`
    return renderImport(
      c,
      new File([bytes as Uint8Array<ArrayBuffer>], name),
      mapping,
      body.token,
      choices,
      body.overwrite === '1',
    )
  },
)

// ——— staff: the self-check review queue ———

const CORRECTION_STATUSES = ['submitted', 'approved', 'returned', 'withdrawn'] as const
const CorrectionsQuery = z.object({
  status: z.enum(CORRECTION_STATUSES).catch('submitted'),
  level: z.enum(REVIEW_LEVELS).optional().catch(undefined),
  cohort: cohortChoice,
  page: pageNumber,
  done: z.coerce.number().int().min(0).optional().catch(undefined),
  skipped: z.coerce.number().int().min(1).optional().catch(undefined),
})

async function renderCorrections(
  c: Context<AppEnv>,
  q: z.output<typeof CorrectionsQuery>,
  extra: { error?: string; notice?: string | null } = {},
) {
  const me = currentUser(c)
  const level = q.status === 'submitted' && me.role === 'school' ? q.level : undefined
  const cohort = await cohortPicker(c, q.cohort)
  const r = await listCorrections(c.var.deps.db, me, { status: q.status, level, cohort: cohort.value }, q.page, 50)
  return c.html(
    <CorrectionsPage
      {...frame(c)}
      cohort={cohort}
      items={r.items}
      total={r.total}
      page={q.page}
      pageSize={50}
      status={q.status}
      levels={r.levels}
      ownLevel={me.role === 'school' ? null : me.role}
      level={level ?? null}
      canConfigure={me.role === 'school' && canWrite(me)}
      canWrite={canWrite(me)}
      {...extra}
    />,
    extra.error ? 400 : 200,
  )
}

rosterPages.get('/admin/roster/corrections', reviewRead, pageValidator('query', CorrectionsQuery), (c) => {
  const q = c.req.valid('query')
  const done =
    q.done !== undefined ? `已处理 ${q.done} 条${q.skipped ? `，${q.skipped} 条已不在待审核状态而跳过` : ''}。` : null
  return renderCorrections(c, q, { notice: done })
})

/** The queue's batch form: the API's decision, with the ticked ids as the form sends them. */
const DecisionsForm = Decision.extend({
  ids: many(z.coerce.number().int().positive()).pipe(z.array(z.number()).min(1, '请先勾选要审核的记录').max(1000)),
  reason: z.string().max(200).optional(),
  // The 届 the queue showed, to come back to.
  cohort: cohortChoice,
})
const backToQueue = (c: Context<AppEnv>, error: string, cohort?: number | 'all') =>
  renderCorrections(c, CorrectionsQuery.parse({ cohort }), { error })

rosterPages.post(
  '/admin/roster/corrections/decisions',
  reviewWrite,
  pageValidator('form', DecisionsForm, (c, bad) => backToQueue(c, bad.message)),
  confirmDecisions,
  async (c) => {
    const { ids, decision, reason, cohort } = c.req.valid('form')
    try {
      const r = await decideMany(c.var.deps, currentUser(c), ids, decision, reason)
      return c.redirect(
        `/admin/roster/corrections?done=${r.decided.length}${r.skipped.length ? `&skipped=${r.skipped.length}` : ''}${cohort ? `&cohort=${cohort}` : ''}`,
        303,
      )
    } catch (e) {
      const m = userMessage(e)
      if (m) return backToQueue(c, m, cohort)
      throw e
    }
  },
)

async function renderCorrection(c: Context<AppEnv>, id: number, error?: string | null, status: 200 | 400 | 409 = 200) {
  const me = currentUser(c)
  const { correction, graduate, levels, decidable } = await getCorrection(c.var.deps.db, me, id)
  return c.html(
    <CorrectionPage
      {...frame(c)}
      level={correction.level}
      levels={levels}
      steps={correction.steps}
      decidable={decidable}
      canReopen={correction.status === 'approved' && (me.role === 'school' || me.role === levels[0])}
      id={id}
      name={graduate.name}
      studentNo={graduate.student_no}
      department={graduate.department}
      status={correction.status}
      reason={correction.reason}
      rows={correction.fields}
      canWrite={canWrite(me)}
      error={error}
    />,
    status,
  )
}

rosterPages.get('/admin/roster/corrections/:id{[0-9]+}', reviewRead, idParam, (c) =>
  renderCorrection(c, c.req.valid('param').id),
)

rosterPages.post(
  '/admin/roster/corrections/:id{[0-9]+}/decision',
  reviewWrite,
  idParam,
  pageValidator('form', Decision, (c, bad) => renderCorrection(c, validParam(c).id, bad.message, 400)),
  async (c) => {
    const { id } = c.req.valid('param')
    const { decision, reason } = c.req.valid('form')
    try {
      await decideCorrection(c.var.deps, currentUser(c), id, decision, reason)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict'))
        return renderCorrection(c, id, e.message, e.code === 'conflict' ? 409 : 400)
      throw e
    }
    return c.redirect('/admin/roster/corrections?done=1', 303)
  },
)

rosterPages.post(
  '/admin/roster/corrections/:id{[0-9]+}/reopen',
  reviewWrite,
  idParam,
  pageValidator('form', ReopenBody, (c, bad) => renderCorrection(c, validParam(c).id, bad.message, 400)),
  async (c) => {
    const { id } = c.req.valid('param')
    try {
      await reopenCorrection(c.var.deps, currentUser(c), id, c.req.valid('form').reason)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict' || e.code === 'forbidden'))
        return renderCorrection(c, id, e.message, e.code === 'validation_error' ? 400 : 409)
      throw e
    }
    return c.redirect(`/admin/roster/corrections/${id}?reopened=1`, 303)
  },
)

// ——— the self-check's review levels (contract §6), beside the registration's 审核方式 ———

async function renderReviewLevels(c: Context<AppEnv>, opts: { notice?: string | null; error?: string | null } = {}) {
  const me = currentUser(c)
  return c.html(
    <ReviewLevelsPage
      {...frame(c)}
      levels={await reviewLevels(c.var.deps.db, me.schoolId)}
      canWrite={me.role === 'school' && canWrite(me)}
      {...opts}
    />,
    opts.error ? 400 : 200,
  )
}

rosterPages.get(
  '/admin/roster/review-settings',
  staffRead,
  pageValidator('query', z.object({ ok: z.string().optional().catch(undefined) })),
  (c) => renderReviewLevels(c, { notice: c.req.valid('query').ok ? '审核层级已保存。' : null }),
)

rosterPages.post(
  '/admin/roster/review-settings',
  schoolWrite,
  pageValidator('form', z.object({ levels: many(z.string().max(20)).pipe(z.array(z.string()).max(10)) }), (c, bad) =>
    renderReviewLevels(c, { error: bad.message }),
  ),
  async (c) => {
    try {
      await setReviewLevels(c.var.deps, currentUser(c), c.req.valid('form').levels)
    } catch (e) {
      if (e instanceof AppError && e.code === 'validation_error') return renderReviewLevels(c, { error: e.message })
      throw e
    }
    return c.redirect('/admin/roster/review-settings?ok=1', 303)
  },
)

// ——— staff: one graduate ———

function recordRows(j: ReturnType<typeof graduateJson>): RecordRow[] {
  const cn = (v: { code: string; name: string | null } | null) => (v ? `${v.name ?? ''}（${v.code}）` : '')
  const rows: RecordRow[] = [
    { label: '学号', value: j.studentNo },
    { label: '姓名', value: j.name },
    { label: '身份证号', value: j.idCard },
    { label: '性别', value: cn(j.gender) },
    { label: '民族', value: cn(j.ethnicity) },
    { label: '政治面貌', value: cn(j.political) },
    { label: '学历', value: cn(j.education) },
    { label: '院系', value: j.department },
    { label: '专业', value: `${j.major}（${j.majorCode}）` },
    { label: '专业方向', value: j.majorDirection ?? '' },
    { label: '学制', value: `${j.lengthOfSchooling} 年` },
    { label: '培养方式', value: cn(j.trainingMode) },
    { label: '定向委培单位', value: j.targetedUnit ?? '' },
    { label: '生源所在地', value: cn(j.origin) },
    { label: '入学时间', value: j.enrolledAt },
    { label: '毕业时间', value: j.graduationTime },
    { label: '手机号码', value: j.phone },
    { label: '电子邮箱', value: j.email ?? '' },
    { label: 'QQ号码', value: j.qq ?? '' },
    { label: '家庭住址', value: j.homeAddress ?? '' },
    { label: '家庭电话', value: j.homePhone ?? '' },
    { label: '家庭邮编', value: j.homePostcode ?? '' },
    { label: '城乡生源', value: j.urbanRural?.name ?? '' },
    { label: '师范生类别', value: cn(j.normalStudent) },
    { label: '困难生类别', value: cn(j.hardship) },
    { label: '考生号', value: j.examNo ?? '' },
    { label: '所在班级', value: j.className ?? '' },
    // 扩展项1–4 (seed 002 附件1), shown when filled; 扩展项1 with its meaning.
    {
      label: '扩展项1',
      value: j.extension1 ? `${EXTENSION_1_CODES[j.extension1] ?? ''}（${j.extension1}）` : '',
    },
    { label: '扩展项2', value: j.extension2 ?? '' },
    { label: '扩展项3', value: j.extension3 ?? '' },
    { label: '扩展项4', value: j.extension4 ?? '' },
  ]
  return rows.filter((r) => r.value || !r.label.startsWith('扩展项'))
}

const GRADUATE_NOTICES: Record<string, (name: string) => string> = {
  restored: () => '已恢复到生源。',
  added: (name) => `已添加 ${name}，并创建了学生账号（用户名为学号，初始密码为身份证号后六位）。`,
  edited: () => '生源信息已保存。',
  reset: (name) =>
    `已将 ${name} 的密码重置为初始密码（身份证号后六位，末位 X 大写），请告知本人尽快登录并设置新密码；账号已同时解锁。`,
  unlocked: (name) => `已解锁 ${name} 的账号，可以立即重新登录。`,
}

async function renderGraduate(
  c: Context<AppEnv>,
  id: number,
  extra: { error?: string | null; done?: string } = {},
  status: 200 | 400 | 409 = 200,
) {
  const me = currentUser(c)
  const g = await findGraduate(c.var.deps.db, me, id, { includeWithdrawn: true })
  if (!g) throw new AppError('not_found', '没有这名毕业生，或无权查看')
  // A link on to the graduate's registration: reviewers go from the roster to the review.
  const registration = await registrationStanding(c.var.deps, g.id)
  const account = canWrite(me) ? (await graduateAccountStates(c.var.deps, me, [g.id])).get(g.id) : undefined
  const notice = extra.done ? (GRADUATE_NOTICES[extra.done]?.(g.name) ?? null) : null
  return c.html(
    <GraduatePage
      {...frame(c)}
      id={id}
      name={g.name}
      rows={recordRows(graduateJson(g))}
      withdrawn={g.withdrawn_at ? { at: g.withdrawn_at, reason: g.withdrawn_reason } : null}
      canWrite={canWrite(me)}
      trainingModeRequest={
        c.var.deps.config.deployment === 'province' &&
        me.role === 'school' &&
        canWrite(me) &&
        g.roster_report_id !== null
      }
      registration={registration}
      account={account ? { studentNo: g.student_no, ...account } : undefined}
      error={extra.error}
      notice={notice}
    />,
    status,
  )
}

rosterPages.get(
  '/admin/roster/:id{[0-9]+}',
  staffRead,
  idParam,
  pageValidator('query', z.object({ done: z.string().optional().catch(undefined) })),
  (c) => renderGraduate(c, c.req.valid('param').id, { done: c.req.valid('query').done }),
)

// 重置密码 and 解锁 of one graduate: asked first, then the accounts service (audited there).
rosterPages.post('/admin/roster/:id{[0-9]+}/password-reset', accountWrite, idParam, confirmReset, async (c) => {
  const { id } = c.req.valid('param')
  if (!(await resetGraduatePasswords(c.var.deps, currentUser(c), { graduateIds: [id] })))
    throw new AppError('not_found', '没有这名毕业生，或无权查看')
  return c.redirect(`/admin/roster/${id}?done=reset`, 303)
})

rosterPages.post('/admin/roster/:id{[0-9]+}/unlock', accountWrite, idParam, confirmUnlock, async (c) => {
  const { id } = c.req.valid('param')
  if (!(await unlockGraduates(c.var.deps, currentUser(c), [id])))
    throw new AppError('not_found', '没有这名毕业生，或无权查看')
  return c.redirect(`/admin/roster/${id}?done=unlocked`, 303)
})

/** The page's reason box may be left empty: the service then says the reason is required, at the page. */
const WithdrawForm = z.object({ reason: z.string().max(200).default('') })

rosterPages.post(
  '/admin/roster/:id{[0-9]+}/withdraw',
  staffWrite,
  idParam,
  pageValidator('form', WithdrawForm, (c, bad) => renderGraduate(c, validParam(c).id, { error: bad.message }, 400)),
  confirmWithdraw,
  async (c) => {
    const { id } = c.req.valid('param')
    try {
      await withdrawGraduate(c.var.deps, currentUser(c), id, c.req.valid('form').reason)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict'))
        return renderGraduate(c, id, { error: e.message }, e.code === 'conflict' ? 409 : 400)
      throw e
    }
    return c.redirect(`/admin/roster/${id}`, 303)
  },
)

rosterPages.post(
  '/admin/roster/:id{[0-9]+}/restore',
  staffWrite,
  idParam,
  pageValidator('form', RestoreBody, (c, bad) => renderGraduate(c, validParam(c).id, { error: bad.message }, 400)),
  confirmRestore,
  async (c) => {
    const { id } = c.req.valid('param')
    try {
      await restoreGraduate(c.var.deps, currentUser(c), id, c.req.valid('form').reason)
    } catch (e) {
      if (e instanceof AppError && e.code === 'conflict') return renderGraduate(c, id, { error: e.message }, 409)
      throw e
    }
    return c.redirect(`/admin/roster/${id}?done=restored`, 303)
  },
)

// ——— the graduate: /me ———

function formFrom(g: Graduate): SelfCheckFormValues {
  return {
    originCode: g.origin_code,
    phone: g.phone,
    email: g.email ?? '',
    qq: g.qq ?? '',
    homeAddress: g.home_address ?? '',
    homePhone: g.home_phone ?? '',
    urbanRural: g.urban_rural ?? '',
  }
}

async function renderMe(
  c: Context<AppEnv>,
  extra: {
    error?: string | null
    errors?: FieldErrors
    form?: SelfCheckFormValues
    notice?: string | null
    picker?: PlacePickerState | null
  } = {},
  status: 200 | 400 | 409 = 200,
) {
  const me = currentUser(c)
  const { graduate: g, correction } = await getMyRoster(c.var.deps.db, me)
  const j = graduateJson(g)
  const rows = recordRows(j)
  const FIXED = ['学号', '姓名', '身份证号', '院系', '专业', '专业方向', '学制', '入学时间', '毕业时间']
  const EDITABLE = ['生源所在地', '手机号码', '电子邮箱', 'QQ号码', '家庭住址', '家庭电话', '城乡生源']
  const byLabel = new Map(rows.map((r) => [r.label, r]))
  const fixed = FIXED.map((l) => byLabel.get(l)!).map((r) =>
    r.label === '身份证号' ? { ...r, value: maskIdCard(g.id_card) } : r,
  )
  const other = rows.filter((r) => !FIXED.includes(r.label) && !EDITABLE.includes(r.label) && r.value)
  // The graduate's next steps lead the home page: the confirmation reminder (seed 004, 3) until
  // confirmed, and where the registration stands.
  const [confirmation, registration, { invitations, agreement }] = await Promise.all([
    confirmationStateOfGraduate(c.var.deps, g.id),
    registrationStanding(c.var.deps, g.id),
    // The invitations waiting for an answer (接受 / 拒绝 on the home page) and the agreement card.
    agreementsForHome(c.var.deps, me),
  ])
  return c.html(
    <MyRosterPage
      nav={studentNav()}
      who={graduateWho(c, g.name)}
      csrf={csrfToken(c)}
      name={g.name}
      fixed={fixed}
      other={[...EDITABLE.map((l) => byLabel.get(l)!), ...other]}
      correction={
        correction
          ? {
              status: correction.status,
              reason: correction.reason,
              createdAt: correction.createdAt,
              rows: correction.fields,
            }
          : null
      }
      form={extra.form ?? formFrom(g)}
      originName={extra.form ? divisionName(extra.form.originCode.trim()) : j.origin.name}
      picker={extra.picker}
      error={extra.error}
      errors={extra.errors}
      notice={extra.notice}
      confirmation={confirmation}
      registrationStatus={registration?.status ?? null}
      invitations={invitations}
      agreement={agreement}
    />,
    status,
  )
}

const ME_NOTICES: Record<string, string> = {
  submitted: '已提交，等待学院审核。',
  withdrawn: '已撤回。',
  password: '密码已修改，下次请用新密码登录。',
}

rosterPages.get(
  '/me',
  studentGuard,
  pageValidator('query', z.object({ done: z.string().optional().catch(undefined) })),
  (c) => renderMe(c, { notice: ME_NOTICES[c.req.valid('query').done ?? ''] ?? null }),
)

const SELF_CHECK_KEYS = ['originCode', 'phone', 'email', 'qq', 'homeAddress', 'homePhone', 'urbanRural'] as const
const typed = (values: Record<string, unknown>): SelfCheckFormValues => {
  const v = stringValues(values)
  return Object.fromEntries(SELF_CHECK_KEYS.map((k) => [k, v[k] ?? ''])) as unknown as SelfCheckFormValues
}

rosterPages.post(
  '/me/roster',
  studentGuard,
  placePicker(['originCode'], (c, values, picker) => renderMe(c, { form: typed(values), picker })),
  pageValidator('form', SelfCheckForm, (c, bad) =>
    renderMe(c, { error: bad.message, errors: bad.errors, form: typed(bad.values) }, 400),
  ),
  async (c) => {
    const body = c.req.valid('form')
    try {
      await submitCorrection(c.var.deps, currentUser(c), selfCheckInput(body))
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict'))
        return renderMe(
          c,
          { error: e.message, errors: e.extra.field ? { [e.extra.field]: e.message } : {}, form: typed(body) },
          e.code === 'conflict' ? 409 : 400,
        )
      throw e
    }
    return c.redirect('/me?done=submitted', 303)
  },
)

rosterPages.post('/me/roster/withdraw', studentGuard, confirmMyWithdraw, async (c) => {
  try {
    await withdrawCorrection(c.var.deps, currentUser(c))
  } catch (e) {
    if (e instanceof AppError && e.code === 'conflict') return renderMe(c, { error: e.message }, 409)
    throw e
  }
  return c.redirect('/me?done=withdrawn', 303)
})
