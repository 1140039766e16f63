/** 去向登记确认 pages: the graduate's /me/confirmation and the staff list and statistics. */
import { Hono, type Context } from 'hono'
import { staffWho } from '../staff-chrome.js'
import type { AppEnv } from '../deps.js'
import type { Db } from '../db/schema.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { staffNav } from '../../views/nav.js'
import { MyConfirmationPage } from '../../views/confirmation/me-page.js'
import { ConfirmationListPage } from '../../views/confirmation/list-page.js'
import { ConfirmationStatsPage } from '../../views/confirmation/stats-page.js'
import {
  checkConfirmInput,
  confirmForGraduate,
  exportList,
  exportReminders,
  filtersFrom,
  FiltersSchema,
  myConfirmationJson,
} from './routes.js'
import { confirmationStats, listConfirmations, loadConfirmation, type ConfirmationFilters } from './queries.js'
import { describeZodError } from '../openapi.js'

export const confirmationPages = new Hono<AppEnv>()

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '')

export async function departmentNames(db: Db, schoolId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('departments')
    .select('name')
    .where('school_id', '=', schoolId)
    .orderBy('name')
    .execute()
  return rows.map((r) => r.name)
}

// ——— the graduate ———

const studentGuard = guard({ roles: ['student'], loginPath: '/me/login' })

async function renderMine(
  c: Context<AppEnv>,
  extra: { error?: string | null; errorField?: string | null; form?: Record<string, unknown>; done?: boolean } = {},
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
      who={{ label: g?.name ?? me.username, logoutAction: '/me/logout', csrf: csrfToken(c) }}
      error={extra.error}
      errorField={extra.errorField}
      form={extra.form as never}
      done={extra.done}
    />,
    status,
  )
}

confirmationPages.get('/me/confirmation', studentGuard, (c) => renderMine(c))

confirmationPages.post('/me/confirmation', studentGuard, async (c) => {
  const body = await c.req.parseBody()
  const result = str(body.result)
  const form = {
    result,
    destination: str(body.destination),
    archive: str(body.archive) === '1',
    hukou: str(body.hukou) === '1',
    phone: str(body.phone).trim(),
  }
  const version = /^\d+$/.test(str(body.version)) ? Number(str(body.version)) : undefined
  try {
    if (result !== '确认无误' && result !== '确认有误')
      throw new AppError('validation_error', '请确认您的去向登记信息：请选择“信息无误”或“信息有误”', {
        field: 'result',
      })
    const destination = form.destination === '有变化' || form.destination === '有错误' ? form.destination : null
    const input = checkConfirmInput({
      result,
      destination,
      archive: form.archive,
      hukou: form.hukou,
      phone: form.phone,
    })
    await confirmForGraduate(c, currentUser(c), input, version)
  } catch (e) {
    if (e instanceof AppError && (e.code === 'validation_error' || e.code === 'conflict')) {
      return renderMine(
        c,
        { error: e.message, errorField: e.extra.field ?? null, form },
        e.code === 'conflict' ? 409 : 400,
      )
    }
    throw e
  }
  return renderMine(c, { done: true })
})

// ——— staff ———

const staffGuard = (level: 'ro' | 'rw') =>
  guard({ roles: ['school', 'department'], module: 'info', level, loginPath: '/admin/login' })

const PAGE_SIZE = 50

function parseFilters(raw: Record<string, unknown>): { filters: ConfirmationFilters; error: string | null } {
  const picked = Object.fromEntries(
    ['state', 'department', 'major', 'education', 'name', 'studentNo', 'idCard', 'examNo', 'graduationTime'].map(
      (k) => [k, str(raw[k]) || undefined],
    ),
  )
  const parsed = FiltersSchema.safeParse(picked)
  if (!parsed.success) return { filters: {}, error: describeZodError(parsed.error).message }
  return { filters: filtersFrom(parsed.data), error: null }
}

async function renderList(c: Context<AppEnv>, raw: Record<string, unknown>, problem?: string) {
  const me = currentUser(c)
  const { db } = c.var.deps
  const parsed = parseFilters(raw)
  const { filters } = parsed
  const error = parsed.error ?? problem ?? null
  const page = Math.min(100000, Math.max(1, Number.parseInt(str(raw.page), 10) || 1))
  const { items, total } = await listConfirmations(db, me, filters, { page, pageSize: PAGE_SIZE })
  return c.html(
    <ConfirmationListPage
      nav={staffNav(me)}
      who={staffWho(c)}
      csrf={csrfToken(c)}
      filters={filters}
      departments={await departmentNames(db, me.schoolId)}
      fixedDepartment={me.role === 'department' ? me.department : null}
      items={items}
      total={total}
      page={page}
      pageSize={PAGE_SIZE}
      canExportReminders={me.permissions.info === 'rw'}
      error={error}
    />,
    error ? 400 : 200,
  )
}

/** GET takes only the filters that carry no personal data (state, 院系, 专业, 学历, 毕业时间). */
confirmationPages.get('/admin/confirmations', staffGuard('ro'), (c) => {
  const q = c.req.query()
  return renderList(c, {
    state: q.state,
    department: q.department,
    major: q.major,
    education: q.education,
    graduationTime: q.graduationTime,
    page: q.page,
  })
})

confirmationPages.post('/admin/confirmations', staffGuard('ro'), async (c) => renderList(c, await c.req.parseBody()))

confirmationPages.post('/admin/confirmations/export', staffGuard('ro'), async (c) => {
  const { filters, error } = parseFilters(await c.req.parseBody())
  if (error) throw new AppError('validation_error', error)
  return exportList(c, filters)
})

confirmationPages.post('/admin/confirmations/reminders', staffGuard('rw'), async (c) => {
  const body = await c.req.parseBody({ all: true })
  const { filters, error } = parseFilters(body)
  if (error) throw new AppError('validation_error', error)
  if (str(body.scope) === 'all') return exportReminders(c, filters)
  const raw = body.graduateIds
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN))
    .filter((n) => Number.isFinite(n))
  // Nothing ticked: back to the same list (same filters) with the message, not an error page.
  if (ids.length === 0)
    return renderList(
      c,
      body as Record<string, unknown>,
      '毕业生：请先勾选要提醒的毕业生，或选择“导出全部符合条件的未确认毕业生”',
    )
  return exportReminders(c, filters, ids)
})

confirmationPages.get('/admin/confirmations/stats', staffGuard('ro'), async (c) => {
  const me = currentUser(c)
  const { db } = c.var.deps
  const raw = c.req.query('department')?.trim() || null
  const department = me.role === 'department' ? null : raw
  const rows = await confirmationStats(db, me, { department: department ?? undefined })
  return c.html(
    <ConfirmationStatsPage
      nav={staffNav(me)}
      who={staffWho(c)}
      rows={rows}
      departments={await departmentNames(db, me.schoolId)}
      department={department}
      fixedDepartment={me.role === 'department' ? me.department : null}
    />,
  )
})
