/** The province's pages (/province): phone-first, plain forms, the same services as the API. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { z } from '../openapi.js'
import { codeName } from '../domain/codes/index.js'
import { currentCohort } from '../domain/cohort.js'
import { AGREEMENT_TYPES } from '../domain/province.js'
import {
  ProvinceSettingsPage,
  ProvinceStatsPage,
  ReportsPage,
  RequestsPage,
  SchoolsPage,
} from '../../views/province/pages.js'
import {
  agreementType,
  createSchool,
  decideRosterReport,
  decideTrainingModeChange,
  listSchools,
  provinceStats,
  setAgreementType,
} from './service.js'
import { graduateCounts, listReports, listTrainingModeRequests } from './queries.js'
import { CreateSchoolSchema, ReportQuery, RequestQuery, StatsQuery } from './routes.js'

export const provincePages = new Hono<AppEnv>()

const page = guard({ roles: ['province'], loginPath: '/admin/login' })

function frame(c: Context<AppEnv>) {
  const me = currentUser(c)
  const csrf = csrfToken(c)
  return {
    who: { label: me.displayName ?? me.username, logoutAction: '/admin/logout', csrf, unread: c.get('unread') },
    csrf,
  }
}

/** A decision that can no longer be made (409) or lacks its reason (400) is shown on the page. */
async function tryAct(act: () => Promise<unknown>): Promise<string | null> {
  try {
    await act()
    return null
  } catch (e) {
    if (e instanceof AppError && (e.code === 'conflict' || e.code === 'validation_error' || e.code === 'not_found'))
      return e.message
    throw e
  }
}

provincePages.get('/province', page, pageValidator('query', StatsQuery), async (c) => {
  const cohort = c.req.valid('query').cohort ?? currentCohort(c.var.deps.now())
  const items = await provinceStats(c.var.deps, cohort)
  return c.html(<ProvinceStatsPage {...frame(c)} cohort={cohort} items={items} />)
})

async function schoolsPage(c: Context<AppEnv>, extra: Parameters<typeof SchoolsPage>[0] | object = {}, status = 200) {
  const [schools, counts] = await Promise.all([listSchools(c.var.deps.db), graduateCounts(c.var.deps.db)])
  return c.html(
    <SchoolsPage
      {...frame(c)}
      schools={schools.map((s) => ({ code: s.code, name: s.name, graduates: counts.get(s.id) ?? 0 }))}
      {...extra}
    />,
    status as 200,
  )
}

provincePages.get('/province/schools', page, (c) => schoolsPage(c))

provincePages.post(
  '/province/schools',
  page,
  pageValidator('form', CreateSchoolSchema, (c, bad) =>
    schoolsPage(c, { error: bad.message, values: stringValues(bad.values) }, 400),
  ),
  async (c) => {
    const input = c.req.valid('form')
    try {
      const s = await createSchool(c.var.deps, currentUser(c), input)
      c.header('Cache-Control', 'no-store')
      return schoolsPage(c, { created: { code: s.code, name: s.name, ...s.admin } })
    } catch (e) {
      if (e instanceof AppError && e.code === 'conflict')
        return schoolsPage(c, { error: e.message, values: input }, 409)
      throw e
    }
  },
)

async function reportsPage(
  c: Context<AppEnv>,
  status: z.infer<typeof ReportQuery>['status'],
  notice?: string | null,
  error?: string | null,
) {
  const r = await listReports(c.var.deps.db, currentUser(c), { status }, 1, 200)
  return c.html(
    <ReportsPage {...frame(c)} items={r.items} status={status} notice={notice} error={error} />,
    error ? 400 : 200,
  )
}

provincePages.get('/province/reports', page, pageValidator('query', ReportQuery), (c) =>
  reportsPage(c, c.req.valid('query').status),
)

const IdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
const ReportDecisionForm = z.object({ decision: z.enum(['approve', 'return']), reason: z.string().max(500).optional() })

provincePages.post(
  '/province/reports/:id/decision',
  page,
  pageValidator('param', IdParam),
  pageValidator('form', ReportDecisionForm, (c, bad) => reportsPage(c, 'submitted', null, bad.message)),
  async (c) => {
    const { decision, reason } = c.req.valid('form')
    const error = await tryAct(() =>
      decideRosterReport(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason),
    )
    return reportsPage(
      c,
      'submitted',
      error ? null : decision === 'approve' ? '已通过，该批毕业生为“已上报”。' : '已退回学校。',
      error,
    )
  },
)

async function requestsPage(
  c: Context<AppEnv>,
  status: z.infer<typeof RequestQuery>['status'],
  notice?: string | null,
  error?: string | null,
) {
  const r = await listTrainingModeRequests(c.var.deps.db, currentUser(c), { status }, 1, 200)
  const mode = (code: string) => codeName('trainingMode', code) ?? code
  const items = r.items.map((i) => ({
    ...i,
    oldTrainingMode: mode(i.oldTrainingModeCode),
    trainingMode: mode(i.trainingModeCode),
  }))
  return c.html(
    <RequestsPage {...frame(c)} items={items} status={status} notice={notice} error={error} />,
    error ? 400 : 200,
  )
}

provincePages.get('/province/requests', page, pageValidator('query', RequestQuery), (c) =>
  requestsPage(c, c.req.valid('query').status),
)

const RequestDecisionForm = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().max(500).optional(),
})

provincePages.post(
  '/province/requests/:id/decision',
  page,
  pageValidator('param', IdParam),
  pageValidator('form', RequestDecisionForm, (c, bad) => requestsPage(c, 'submitted', null, bad.message)),
  async (c) => {
    const { decision, reason } = c.req.valid('form')
    const error = await tryAct(() =>
      decideTrainingModeChange(c.var.deps, currentUser(c), c.req.valid('param').id, decision, reason),
    )
    return requestsPage(
      c,
      'submitted',
      error ? null : decision === 'approve' ? '已通过，培养方式已修改。' : '已不通过。',
      error,
    )
  },
)

provincePages.get('/province/settings', page, async (c) =>
  c.html(<ProvinceSettingsPage {...frame(c)} agreementType={await agreementType(c.var.deps)} />),
)

const SettingsForm = z.object({ agreementType: z.enum(AGREEMENT_TYPES, '应为 三方协议 或 两方协议') })

provincePages.post(
  '/province/settings',
  page,
  pageValidator('form', SettingsForm, async (c) =>
    c.html(<ProvinceSettingsPage {...frame(c)} agreementType={await agreementType(c.var.deps)} />, 400),
  ),
  async (c) => {
    const saved = await setAgreementType(c.var.deps, currentUser(c), c.req.valid('form').agreementType)
    return c.html(<ProvinceSettingsPage {...frame(c)} agreementType={saved.agreementType} saved />)
  },
)
