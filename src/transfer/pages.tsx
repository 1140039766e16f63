/**
 * /admin/transfer: the list with the national filters, select-all, generation through a
 * confirmation page that names the counts (POST /admin/transfer/preview → POST
 * /admin/transfer/generate), and the bulk downloads (links to the API, which reads the session
 * cookie). Same permissions as the API: archive `ro` to see, `rw` to generate.
 */
import { staffNavOf } from '../pages/staff-chrome.js'
import { Hono, type Context } from 'hono'
import { staffWho } from '../pages/staff-chrome.js'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../pages/confirm.js'
import { z } from '../openapi.js'
import { cohortChoice, many, pageNumber, pageValidator } from '../page-validator.js'
import { cohortPicker } from '../pages/cohort.js'
import { cohortParam } from '../domain/cohort.js'
import { departmentNames } from '../db/departments.js'
import { educationTable } from '../domain/codes/index.js'

import { GeneratePreviewPage, TransferListPage, type FilterValues } from '../../views/transfer/list-page.js'
import { FilterQuery, filterOf, toItem } from './routes.js'
import { listPage, type ListFilter } from './queries.js'
import { generateNumbers, planGeneration, type GenerateTarget } from './generate.js'

export const transferPages = new Hono<AppEnv>()

const staffGuard = guard({ roles: ['school', 'department'], module: 'archive', loginPath: '/admin/login' })
const PAGE_SIZE = 50
const FILTER_KEYS = [
  'generated',
  'stale',
  'department',
  'major',
  'education',
  'name',
  'studentNo',
  'origin',
  'graduationTime',
  'archiveUnit',
  'updatedFrom',
  'updatedTo',
  // 届别: a year, or `all` on the pages (the API knows only years: apiValues).
  'cohort',
  // Each a filter of the query and a field of the view's FilterValues (declared there, since views
  // import no feature code): a key renamed on one side fails to compile here.
] as const satisfies ReadonlyArray<keyof ListFilter & keyof FilterValues>

type FilterKey = (typeof FILTER_KEYS)[number]
const filterText = z
  .string()
  .trim()
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined)

/** The filters as typed (strings, kept for the form), checked by the API's FilterQuery at their own fields. */
const filterFields = (prefix: string) =>
  Object.fromEntries(FILTER_KEYS.map((k) => [`${prefix}${k}`, filterText])) as Record<string, typeof filterText>

function valuesOf(v: Record<string, unknown>, prefix = ''): FilterValues {
  const values: FilterValues = {}
  for (const k of FILTER_KEYS) {
    const x = v[`${prefix}${k}`]
    if (typeof x === 'string' && x) values[k as FilterKey] = x
  }
  return values
}

/** The filters as the API reads them: 全部届别 is no cohort at all. */
function apiValues(values: FilterValues): FilterValues {
  const { cohort, ...rest } = values
  return cohort === 'all' ? rest : values
}

const checkFilters = (prefix: string) => (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const r = FilterQuery.safeParse(apiValues(valuesOf(v, prefix)))
  if (!r.success)
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
}

const ListLinkQuery = z
  .object({
    ...filterFields(''),
    page: pageNumber,
    done: z
      .string()
      .regex(/^\d+\.\d+\.\d+\.\d+$/)
      .optional()
      .catch(undefined),
    none: z.string().optional().catch(undefined),
  })
  .superRefine(checkFilters(''))

/** The generation forms: the filters (f_-prefixed hidden fields), all or the ticked graduates. */
const SelectionForm = z
  .object({
    ...filterFields('f_'),
    scope: z
      .string()
      .optional()
      .catch(undefined)
      .transform((v) => (v === 'all' ? ('all' as const) : ('selected' as const))),
    graduateIds: many(z.coerce.number().int().positive()).pipe(z.array(z.number()).max(100_000)),
  })
  .superRefine(checkFilters('f_'))
type Selection = z.output<typeof SelectionForm>

const queryOf = (v: FilterValues) =>
  new URLSearchParams(Object.entries(v).filter(([, x]) => x) as Array<[string, string]>).toString()

/**
 * What a generation post acts on: the ticked graduates, or all that match the filters — of the 届
 * posted, or (not posted: not from the page) the one the list opens on, as the list would show.
 */
async function targetOf(
  c: Context<AppEnv>,
  values: FilterValues,
  scope: string,
  ids: number[],
): Promise<GenerateTarget> {
  if (scope !== 'all') return { graduateIds: ids }
  const cohort = values.cohort ?? cohortParam((await cohortPicker(c, undefined)).value)
  return { filter: filterOf(FilterQuery.parse(apiValues({ ...values, cohort }))) }
}

async function renderList(
  c: Context<AppEnv>,
  given: FilterValues,
  q: { page: number; done?: string; none?: string },
  error?: string,
) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const page = q.page
  // The 届 shown (asked for, or the opening one) is carried from here on, `all` included.
  const cohort = await cohortPicker(c, cohortChoice.parse(given.cohort))
  const values: FilterValues = { ...given, cohort: cohortParam(cohort.value) }
  const { rows, total } = await listPage(db, me, filterOf(FilterQuery.parse(apiValues(values))), page, PAGE_SIZE)
  const done = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(q.done ?? '')
  return c.html(
    <TransferListPage
      nav={staffNavOf(c)}
      who={staffWho(c)}
      csrf={csrfToken(c)}
      filters={values}
      cohort={cohort}
      query={queryOf(values)}
      apiQuery={queryOf(apiValues(values))}
      departments={await departmentNames(db, me.schoolId)}
      ownDepartment={me.role === 'department' ? me.department : null}
      educations={educationTable.entries}
      items={rows.map(toItem)}
      total={total}
      page={page}
      pageSize={PAGE_SIZE}
      canGenerate={me.permissions.archive === 'rw'}
      done={done ? { generated: +done[1], regenerated: +done[2], unchanged: +done[3], ineligible: +done[4] } : null}
      error={
        error
          ? `筛选条件有误：${error}`
          : q.none
            ? '请先勾选要生成转递编号的毕业生，或选择“为筛选出的全部生成”。'
            : null
      }
    />,
    error ? 400 : 200,
  )
}

transferPages.get(
  '/admin/transfer',
  staffGuard,
  pageValidator('query', ListLinkQuery, (c, bad) => renderList(c, {}, { page: 1 }, bad.message)),
  (c) => {
    const q = c.req.valid('query')
    return renderList(c, valuesOf(q), q)
  },
)

const selectionOf = (c: Context<AppEnv>) => {
  const form = (c.req.valid as (t: 'form') => Selection)('form')
  return { scope: form.scope, ids: form.graduateIds, values: valuesOf(form, 'f_') }
}
const selectionForm = pageValidator('form', SelectionForm, (c) => c.redirect('/admin/transfer?none=1', 303))

transferPages.post('/admin/transfer/preview', staffGuard, selectionForm, async (c) => {
  const me = currentUser(c)
  const { scope, ids, values } = selectionOf(c)
  const back = `/admin/transfer${queryOf(values) ? `?${queryOf(values)}` : ''}`
  if (scope === 'selected' && ids.length === 0) return c.redirect(`${back}${back.includes('?') ? '&' : '?'}none=1`, 303)
  const { counts } = await planGeneration(c.var.deps.db, me, await targetOf(c, values, scope, ids))
  const hidden: Array<[string, string]> = [
    ['scope', scope],
    ...Object.entries(values).map(([k, v]): [string, string] => [`f_${k}`, v as string]),
  ]
  if (scope === 'selected') for (const id of ids) hidden.push(['graduateIds', String(id)])
  return c.html(
    <GeneratePreviewPage
      nav={staffNavOf(c)}
      who={staffWho(c)}
      csrf={csrfToken(c)}
      counts={counts}
      hidden={hidden}
      back={back}
    />,
  )
})

/**
 * The preview page is the confirmation (its form carries confirmed=1); a post that skipped it
 * (an old tab, a hand-made form) is asked again with the counts, and nothing is written until then.
 */
const confirmGenerate = confirmFirst(async (c) => {
  const { scope, ids, values } = selectionOf(c)
  if (scope === 'selected' && ids.length === 0) return null
  const { counts } = await planGeneration(c.var.deps.db, currentUser(c), await targetOf(c, values, scope, ids))
  if (counts.generated + counts.regenerated === 0) return null
  return {
    title: '确认生成转递编号',
    message: `确定为 ${counts.generated} 人生成、为 ${counts.regenerated} 人重新生成转递编号吗？`,
    details:
      counts.regenerated > 0
        ? [`重新生成后，这 ${counts.regenerated} 人的旧转递编号立即作废，查询时显示“已作废”。`]
        : undefined,
    confirmLabel: '确认生成',
    danger: counts.regenerated > 0,
    back: `/admin/transfer${queryOf(values) ? `?${queryOf(values)}` : ''}`,
  }
})

transferPages.post('/admin/transfer/generate', staffGuard, selectionForm, confirmGenerate, async (c) => {
  const me = currentUser(c)
  const { scope, ids, values } = selectionOf(c)
  const counts =
    scope === 'selected' && ids.length === 0
      ? { generated: 0, regenerated: 0, unchanged: 0, ineligible: 0 }
      : await generateNumbers(c.var.deps, me, await targetOf(c, values, scope, ids))
  const q = queryOf(values)
  return c.redirect(
    `/admin/transfer?${q ? `${q}&` : ''}done=${counts.generated}.${counts.regenerated}.${counts.unchanged}.${counts.ineligible}`,
    303,
  )
})
