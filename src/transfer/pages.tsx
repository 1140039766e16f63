/**
 * /admin/transfer: the list with the national filters, select-all, generation through a
 * confirmation page that names the counts (POST /admin/transfer/preview → POST
 * /admin/transfer/generate), and the bulk downloads (links to the API, which reads the session
 * cookie). Same permissions as the API: archive `ro` to see, `rw` to generate.
 */
import { Hono, type Context } from 'hono'
import { staffWho } from '../staff-chrome.js'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../middleware/confirm.js'
import { describeZodError } from '../openapi.js'
import { educationTable } from '../domain/codes/index.js'
import { staffNav } from '../../views/nav.js'
import { GeneratePreviewPage, TransferListPage, type FilterValues } from '../../views/transfer/list-page.js'
import { FilterQuery, filterOf, toItem } from './routes.js'
import { listPage } from './queries.js'
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
] as const

/** Filter values from a record (the query, or the f_-prefixed hidden fields of a post). */
function readFilters(get: (k: string) => string | undefined): { values: FilterValues; error: string | null } {
  const values: FilterValues = {}
  for (const k of FILTER_KEYS) {
    const v = get(k)?.trim()
    if (v) values[k] = v
  }
  const parsed = FilterQuery.safeParse(values)
  if (!parsed.success) return { values: {}, error: describeZodError(parsed.error).message }
  return { values, error: null }
}

const queryOf = (v: FilterValues) =>
  new URLSearchParams(Object.entries(v).filter(([, x]) => x) as Array<[string, string]>).toString()

function targetOf(values: FilterValues, scope: string, ids: number[]): GenerateTarget {
  const filter = filterOf(FilterQuery.parse(values))
  return scope === 'all' ? { filter } : { graduateIds: ids }
}

transferPages.get('/admin/transfer', staffGuard, async (c) => {
  const me = currentUser(c)
  const { db } = c.var.deps
  const { values, error } = readFilters((k) => c.req.query(k))
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1)
  const { rows, total } = await listPage(db, me, filterOf(FilterQuery.parse(values)), page, PAGE_SIZE)
  const done = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(c.req.query('done') ?? '')
  const departments = (
    await db.selectFrom('departments').select('name').where('school_id', '=', me.schoolId).orderBy('name').execute()
  ).map((d) => d.name)
  return c.html(
    <TransferListPage
      nav={staffNav(me)}
      who={staffWho(c)}
      csrf={csrfToken(c)}
      filters={values}
      query={queryOf(values)}
      departments={departments}
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
          : c.req.query('none')
            ? '请先勾选要生成转递编号的毕业生，或选择“为筛选出的全部生成”。'
            : null
      }
    />,
    error ? 400 : 200,
  )
})

async function readSelection(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true })
  const one = (k: string) => {
    const v = body[k]
    const s = Array.isArray(v) ? v[0] : v
    return typeof s === 'string' ? s : undefined
  }
  const rawIds = body.graduateIds
  const ids = (Array.isArray(rawIds) ? rawIds : rawIds === undefined ? [] : [rawIds])
    .map((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN))
    .filter((n) => Number.isFinite(n) && n > 0)
  const scope = one('scope') === 'all' ? 'all' : 'selected'
  const { values, error } = readFilters((k) => one(`f_${k}`))
  return { scope, ids, values, error }
}

transferPages.post('/admin/transfer/preview', staffGuard, async (c) => {
  const me = currentUser(c)
  const { scope, ids, values, error } = await readSelection(c)
  const back = `/admin/transfer${queryOf(values) ? `?${queryOf(values)}` : ''}`
  if (error || (scope === 'selected' && ids.length === 0))
    return c.redirect(`${back}${back.includes('?') ? '&' : '?'}none=1`, 303)
  const { counts } = await planGeneration(c.var.deps.db, me, targetOf(values, scope, ids))
  const hidden: Array<[string, string]> = [
    ['scope', scope],
    ...Object.entries(values).map(([k, v]): [string, string] => [`f_${k}`, v as string]),
  ]
  if (scope === 'selected') for (const id of ids) hidden.push(['graduateIds', String(id)])
  return c.html(
    <GeneratePreviewPage
      nav={staffNav(me)}
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
  const { scope, ids, values, error } = await readSelection(c)
  if (error || (scope === 'selected' && ids.length === 0)) return null
  const { counts } = await planGeneration(c.var.deps.db, currentUser(c), targetOf(values, scope, ids))
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

transferPages.post('/admin/transfer/generate', staffGuard, confirmGenerate, async (c) => {
  const me = currentUser(c)
  const { scope, ids, values } = await readSelection(c)
  const counts =
    scope === 'selected' && ids.length === 0
      ? { generated: 0, regenerated: 0, unchanged: 0, ineligible: 0 }
      : await generateNumbers(c.var.deps, me, targetOf(values, scope, ids))
  const q = queryOf(values)
  return c.redirect(
    `/admin/transfer?${q ? `${q}&` : ''}done=${counts.generated}.${counts.regenerated}.${counts.unchanged}.${counts.ineligible}`,
    303,
  )
})
