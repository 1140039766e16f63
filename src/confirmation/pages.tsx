/** 去向登记确认 pages: the graduate's /me/confirmation and the staff list and statistics. */
import { staffNavOf } from '../pages/staff-chrome.js'
import { Hono, type Context } from 'hono'
import { graduateWho, staffWho } from '../pages/staff-chrome.js'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'

import { MyConfirmationPage } from '../../views/confirmation/me-page.js'
import { ConfirmationListPage } from '../../views/confirmation/list-page.js'
import { ConfirmationStatsPage } from '../../views/confirmation/stats-page.js'
import { CONFIRMATION_RESULTS, DESTINATION_ISSUES } from '../domain/confirmation.js'
import { z } from '../openapi.js'
import { departmentNames } from '../db/departments.js'
import { xlsxDownload } from '../download.js'
import {
  cohortChoice,
  type FieldErrors,
  type Invalid,
  many,
  pageNumber,
  pageValidator,
  stringValues,
} from '../page-validator.js'
import { cohortPicker } from '../pages/cohort.js'
import { confirmationStats, listConfirmations, loadConfirmation, type ConfirmationFilters } from './queries.js'
import { ConfirmBody, filtersFrom, FiltersSchema, StatsQuery } from './schemas.js'
import {
  checkConfirmInput,
  confirmForGraduate,
  LIST_FILE,
  listWorkbook,
  myConfirmationJson,
  REMINDERS_FILE,
  remindersWorkbook,
} from './service.js'

export const confirmationPages = new Hono<AppEnv>()

// ——— the graduate ———

const studentGuard = guard({ roles: ['student'], loginPath: '/me/login' })

type MineForm = { result?: string; destination?: string; archive?: boolean; hukou?: boolean; phone?: string }

async function renderMine(
  c: Context<AppEnv>,
  extra: { error?: string | null; errors?: FieldErrors; form?: MineForm; done?: boolean } = {},
  status: 200 | 400 | 409 = 200,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const g = await db
    .selectFrom('graduates')
    .select('name')
    .where('id', '=', me.graduateId ?? -1)
    .executeTakeFirst()
  const data = myConfirmationJson(await loadConfirmation(db, me.graduateId ?? -1))
  return c.html(
    <MyConfirmationPage
      name={g?.name ?? me.username}
      data={data}
      csrf={csrfToken(c)}
      who={graduateWho(c, g?.name ?? me.username)}
      error={extra.error}
      errorField={extra.errors ? (Object.keys(extra.errors)[0] ?? null) : null}
      form={extra.form}
      done={extra.done}
    />,
    status,
  )
}

confirmationPages.get('/me/confirmation', studentGuard, (c) => renderMine(c))

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === '1')
/** The API's body as the form sends it: checkboxes, a version from a hidden field, 无误 as no destination. */
const ConfirmForm = ConfirmBody.extend({
  result: z.enum(CONFIRMATION_RESULTS, { message: '请选择“信息无误”或“信息有误”' }),
  destination: z.enum(DESTINATION_ISSUES).optional().catch(undefined),
  archive: checkbox,
  hukou: checkbox,
  phone: z.string().trim().max(20).default(''),
  version: z.coerce.number().int().optional().catch(undefined),
})

const typedMine = (values: Record<string, unknown>): MineForm => {
  const v = stringValues(values)
  return { ...v, archive: v.archive === '1', hukou: v.hukou === '1', phone: (v.phone ?? '').trim() }
}

confirmationPages.post(
  '/me/confirmation',
  studentGuard,
  pageValidator('form', ConfirmForm, (c, bad) =>
    renderMine(c, { error: bad.message, errors: bad.errors, form: typedMine(bad.values) }, 400),
  ),
  async (c) => {
    const body = c.req.valid('form')
    const form: MineForm = { ...body, destination: body.destination ?? '' }
    try {
      await confirmForGraduate(c.var.deps, currentUser(c), checkConfirmInput(body), body.version)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict')) {
        return renderMine(
          c,
          { error: e.message, errors: e.extra.field ? { [e.extra.field]: e.message } : {}, form },
          e.code === 'conflict' ? 409 : 400,
        )
      }
      throw e
    }
    return renderMine(c, { done: true })
  },
)

// ——— staff ———

const staffGuard = (level: 'ro' | 'rw') =>
  guard({ roles: ['school', 'department'], module: 'info', level, loginPath: '/admin/login' })

const PAGE_SIZE = 50

async function renderList(
  c: Context<AppEnv>,
  given: ConfirmationFilters,
  asked: number | 'all' | undefined,
  page: number,
  error?: string,
  reminded?: { notified: number; selected: number } | null,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const cohort = await cohortPicker(c, asked)
  const filters = { ...given, cohort: cohort.value }
  const { items, total } = await listConfirmations(db, me, filters, { page, pageSize: PAGE_SIZE })
  return c.html(
    <ConfirmationListPage
      nav={staffNavOf(c)}
      who={staffWho(c)}
      csrf={csrfToken(c)}
      filters={filters}
      cohort={cohort}
      departments={await departmentNames(db, me.schoolId)}
      fixedDepartment={me.role === 'department' ? me.department : null}
      items={items}
      total={total}
      page={page}
      pageSize={PAGE_SIZE}
      canExportReminders={me.permissions.info === 'rw'}
      reminded={reminded ?? null}
      error={error ?? null}
    />,
    error ? 400 : 200,
  )
}

/** The 届 a page's post asked for, as filters: the opening 届 when none (as the page it came from). */
async function postedFilters(c: Context<AppEnv>, q: Record<string, unknown> & { cohort?: number | 'all' }) {
  const { value } = await cohortPicker(c, q.cohort)
  return { ...filtersFrom(q), cohort: value }
}

/** Bad filters: the list without them, and the problem named. */
const onBadFilters = (c: Context<AppEnv>, bad: Invalid) =>
  renderList(c, {}, cohortChoice.parse(stringValues(bad.values).cohort), 1, bad.message)

/** GET takes only the filters that carry no personal data (state, 院系, 专业, 学历, 毕业时间). */
const ListLinkQuery = FiltersSchema.pick({
  state: true,
  department: true,
  major: true,
  education: true,
  graduationTime: true,
}).extend({
  cohort: cohortChoice,
  page: pageNumber,
  // The 提醒 button's outcome (src/notifications/pages.tsx): two counts, nothing personal.
  reminded: z.coerce.number().int().min(0).optional().catch(undefined),
  selected: z.coerce.number().int().min(0).optional().catch(undefined),
})
/** The page's filters as posted: the API's, with the page's 届别 (a year, or all). */
const PageFilters = FiltersSchema.extend({ cohort: cohortChoice })
const ListForm = PageFilters.extend({ page: pageNumber })

confirmationPages.get(
  '/admin/confirmations',
  staffGuard('ro'),
  pageValidator('query', ListLinkQuery, onBadFilters),
  (c) => {
    const q = c.req.valid('query')
    const reminded = q.reminded === undefined ? null : { notified: q.reminded, selected: q.selected ?? q.reminded }
    return renderList(c, filtersFrom({ ...q, cohort: undefined }), q.cohort, q.page, undefined, reminded)
  },
)

confirmationPages.post('/admin/confirmations', staffGuard('ro'), pageValidator('form', ListForm, onBadFilters), (c) => {
  const q = c.req.valid('form')
  return renderList(c, filtersFrom({ ...q, cohort: undefined }), q.cohort, q.page)
})

confirmationPages.post('/admin/confirmations/export', staffGuard('ro'), pageValidator('form', PageFilters), async (c) =>
  xlsxDownload(
    c,
    await listWorkbook(c.var.deps, currentUser(c), await postedFilters(c, c.req.valid('form'))),
    LIST_FILE,
  ),
)

const RemindersForm = ListForm.extend({
  scope: z.string().optional().catch(undefined),
  graduateIds: many(z.coerce.number().int().positive()).pipe(z.array(z.number()).max(20000)),
})

confirmationPages.post(
  '/admin/confirmations/reminders',
  staffGuard('rw'),
  pageValidator('form', RemindersForm, onBadFilters),
  async (c) => {
    const body = c.req.valid('form')
    const filters = await postedFilters(c, body)
    const all = body.scope === 'all'
    // Nothing ticked: back to the same list (same filters) with the message, not an error page.
    if (!all && body.graduateIds.length === 0)
      return renderList(
        c,
        filtersFrom({ ...body, cohort: undefined }),
        body.cohort,
        body.page,
        '毕业生：请先勾选要提醒的毕业生，或选择“导出全部符合条件的未确认毕业生”',
      )
    const bytes = await remindersWorkbook(c.var.deps, currentUser(c), filters, all ? undefined : body.graduateIds)
    return xlsxDownload(c, bytes, REMINDERS_FILE)
  },
)

const StatsPageQuery = StatsQuery.extend({ cohort: cohortChoice })

confirmationPages.get(
  '/admin/confirmations/stats',
  staffGuard('ro'),
  pageValidator('query', StatsPageQuery),
  async (c) => {
    const me = currentUser(c)
    const { db } = c.var.deps
    const q = c.req.valid('query')
    const department = me.role === 'department' ? null : (q.department ?? null)
    const cohort = await cohortPicker(c, q.cohort)
    const rows = await confirmationStats(db, me, { department: department ?? undefined, cohort: cohort.value })
    return c.html(
      <ConfirmationStatsPage
        nav={staffNavOf(c)}
        who={staffWho(c)}
        cohort={cohort}
        rows={rows}
        departments={await departmentNames(db, me.schoolId)}
        department={department}
        fixedDepartment={me.role === 'department' ? me.department : null}
      />,
    )
  },
)
