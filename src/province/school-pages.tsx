/**
 * A school's side of the province (contract §8; seed 002 "确认上报至省教育厅", seed 004 操作指南):
 * 生源上报 — the school's reports with their status and the province's reason, and reporting a 届
 * (asked first) — the school's 培养方式变更申请, and the request form of one reported graduate.
 * The same services as the API; the province decides on its own pages (pages.tsx).
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../pages/confirm.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { z } from '../openapi.js'
import { codeName, codeTable } from '../domain/codes/index.js'
import { currentCohort } from '../domain/cohort.js'
import { ReportsPage, RequestsPage, TrainingModeRequestPage } from '../../views/province/pages.js'
import { requestTrainingModeChange, submitReport } from './service.js'
import { listReports, listTrainingModeRequests } from './queries.js'
import { ReportQuery, RequestQuery } from './routes.js'

export const provinceSchoolPages = new Hono<AppEnv>()

const LOGIN = '/admin/login'
const schoolRead = guard({ roles: ['school'], module: 'info', loginPath: LOGIN })
const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: LOGIN })
const REPORTS = '/admin/roster-reports'
const REQUESTS = '/admin/training-mode-requests'

/** The 届 a school may report: the current one and the two before it. */
const cohortsAt = (now: Date) => [0, 1, 2].map((d) => currentCohort(now) - d)

async function reportsPage(
  c: Context<AppEnv>,
  opts: {
    status?: z.infer<typeof ReportQuery>['status']
    notice?: string | null
    error?: string | null
    code?: number
  } = {},
) {
  const chrome = staffChrome(c)
  const r = await listReports(c.var.deps.db, currentUser(c), { status: opts.status }, 1, 200)
  const now = c.var.deps.now()
  return c.html(
    <ReportsPage
      {...chrome}
      items={r.items}
      status={opts.status}
      notice={opts.notice}
      error={opts.error}
      side={{ nav: chrome.nav, base: REPORTS, decide: false }}
      submit={
        currentUser(c).permissions.info === 'rw' ? { cohorts: cohortsAt(now), cohort: currentCohort(now) } : undefined
      }
    />,
    (opts.code ?? 200) as 200,
  )
}

const Ok = { ok: z.string().max(5).optional().catch(undefined) }
const ReportPageQuery = ReportQuery.extend(Ok)
const RequestPageQuery = RequestQuery.extend(Ok)

provinceSchoolPages.get(REPORTS, schoolRead, pageValidator('query', ReportPageQuery), (c) =>
  reportsPage(c, {
    status: c.req.valid('query').status,
    notice: c.req.valid('query').ok ? '已上报，等待省级审核。' : null,
  }),
)

const ReportForm = z.object({ cohort: z.coerce.number({ message: '请选择届别' }).int().min(2000).max(2100) })

provinceSchoolPages.post(
  REPORTS,
  schoolWrite,
  confirmFirst((_c, body) => ({
    title: '确认上报生源',
    message: `上报 ${String(body.cohort ?? '')} 届生源后由省级审核；审核通过后，这些毕业生的培养方式、定向委培单位只能申请变更。确定上报吗？`,
    confirmLabel: '确认上报',
    danger: false,
    back: REPORTS,
  })),
  pageValidator('form', ReportForm, (c, bad) => reportsPage(c, { error: bad.message, code: 400 })),
  async (c) => {
    try {
      await submitReport(c.var.deps, currentUser(c), c.req.valid('form').cohort)
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return reportsPage(c, { error: e.message, code: e.status })
      throw e
    }
    return c.redirect(`${REPORTS}?ok=1`, 303)
  },
)

provinceSchoolPages.get(REQUESTS, schoolRead, pageValidator('query', RequestPageQuery), async (c) => {
  const chrome = staffChrome(c)
  const q = c.req.valid('query')
  const r = await listTrainingModeRequests(c.var.deps.db, currentUser(c), { status: q.status }, 1, 200)
  const mode = (code: string) => codeName('trainingMode', code) ?? code
  return c.html(
    <RequestsPage
      {...chrome}
      items={r.items.map((i) => ({
        ...i,
        oldTrainingMode: mode(i.oldTrainingModeCode),
        trainingMode: mode(i.trainingModeCode),
      }))}
      status={q.status}
      notice={q.ok ? '申请已提交，等待省级审核。' : null}
      side={{ nav: chrome.nav, base: REQUESTS, decide: false }}
    />,
  )
})

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const RequestForm = z.object({
  trainingModeCode: z.string().trim().min(1, '请选择').max(10),
  unit: z.string().trim().max(100, '不能超过 100 个字').optional(),
  reason: z.string().trim().min(1, '必须填写').max(500, '不能超过 500 个字'),
})
/** The service names fields in Chinese; the form's ids are these. */
const FORM_FIELD: Record<string, string> = { 培养方式: 'trainingModeCode', 定向委培单位: 'unit', 原因: 'reason' }
const MODES = codeTable('trainingMode').entries.map((e): [string, string] => [e.code, e.name])

async function requestForm(
  c: Context<AppEnv>,
  id: number,
  opts: { values?: Record<string, string>; errors?: Record<string, string>; code?: number } = {},
) {
  const g = await c.var.deps.db
    .selectFrom('graduates')
    .select(['id', 'name', 'student_no', 'training_mode_code', 'targeted_unit'])
    .where('id', '=', id)
    .where('school_id', '=', currentUser(c).schoolId)
    .executeTakeFirst()
  if (!g) throw new AppError('not_found', '没有这名毕业生，或无权查看')
  return c.html(
    <TrainingModeRequestPage
      {...staffChrome(c)}
      graduate={{
        id: g.id,
        name: g.name,
        studentNo: g.student_no,
        trainingMode: codeName('trainingMode', g.training_mode_code) ?? g.training_mode_code,
        unit: g.targeted_unit,
      }}
      modes={MODES}
      values={opts.values ?? { trainingModeCode: g.training_mode_code, unit: g.targeted_unit ?? '' }}
      errors={opts.errors}
    />,
    (opts.code ?? 200) as 200,
  )
}

provinceSchoolPages.get(
  '/admin/roster/:id{[0-9]+}/training-mode-request',
  schoolWrite,
  pageValidator('param', IdParam),
  (c) => requestForm(c, c.req.valid('param').id),
)

provinceSchoolPages.post(
  '/admin/roster/:id{[0-9]+}/training-mode-request',
  schoolWrite,
  pageValidator('param', IdParam),
  pageValidator('form', RequestForm, (c, bad) =>
    requestForm(c, (c.req.valid('param' as never) as { id: number }).id, {
      values: stringValues(bad.values),
      errors: bad.errors,
      code: 400,
    }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const f = c.req.valid('form')
    try {
      await requestTrainingModeChange(c.var.deps, currentUser(c), id, {
        trainingModeCode: f.trainingModeCode,
        unit: f.unit || null,
        reason: f.reason,
      })
    } catch (e) {
      if (e instanceof AppError && e.status < 500 && e.status !== 404)
        return requestForm(c, id, {
          values: { trainingModeCode: f.trainingModeCode, unit: f.unit ?? '', reason: f.reason },
          errors: { [FORM_FIELD[e.extra.field ?? ''] ?? e.extra.field ?? 'reason']: e.message },
          code: e.status,
        })
      throw e
    }
    return c.redirect(`${REQUESTS}?ok=1`, 303)
  },
)
