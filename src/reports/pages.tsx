/** The roster reports' pages: 资格审核汇总表 (printable) and 就业账户激活 with who has not. */
import { Hono } from 'hono'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { departmentNames } from '../db/departments.js'
import { z } from '../openapi.js'
import { filterText, pageNumber, pageValidator } from '../page-validator.js'
import { openingCohort } from '../domain/cohort.js'
import { cohortCounts } from '../db/cohorts.js'
import { beijingDate } from '../domain/beijing-time.js'
import { SummaryPage } from '../../views/reports/summary-page.js'
import { ActivationPage } from '../../views/reports/activation-page.js'
import { activationByDepartment, notActivated, rosterSummary } from './queries.js'

export const reportPages = new Hono<AppEnv>()

const readers = guard({ roles: ['school', 'department', 'counsellor'], module: 'info', loginPath: '/admin/login' })

/** From a link: a 届 that is not a year (a hand-edited URL) means the opening one. */
const PageQuery = z.object({
  cohort: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  department: filterText(100),
  page: pageNumber,
})

const PAGE_SIZE = 50

/** What every report page shows above its table: the chosen 届 and 院系, and the choices. */
async function reportScope(c: Parameters<typeof staffChrome>[0], q: z.infer<typeof PageQuery>) {
  const me = currentUser(c)
  const { db, now } = c.var.deps
  // A report is of one 届: the one asked for, or the one the pages open on (openingCohort).
  const cohorts = (await cohortCounts(db, me)).map((x) => x.year)
  return {
    me,
    cohort: q.cohort ?? openingCohort(now(), cohorts),
    cohorts,
    department: me.role === 'school' ? q.department : undefined,
    departments: me.role === 'school' ? await departmentNames(db, me.schoolId) : null,
  }
}

reportPages.get('/admin/reports/summary', readers, pageValidator('query', PageQuery), async (c) => {
  const s = await reportScope(c, c.req.valid('query'))
  const rows = await rosterSummary(c.var.deps.db, s.me, s)
  return c.html(
    <SummaryPage
      {...staffChrome(c)}
      cohort={s.cohort}
      cohorts={s.cohorts}
      department={s.department}
      departments={s.departments}
      rows={rows}
      filledBy={s.me.displayName ?? s.me.username}
      filledAt={beijingDate(c.var.deps.now())}
    />,
  )
})

reportPages.get('/admin/reports/activation', readers, pageValidator('query', PageQuery), async (c) => {
  const q = c.req.valid('query')
  const s = await reportScope(c, q)
  const { db } = c.var.deps
  const [rows, pending] = await Promise.all([
    activationByDepartment(db, s.me, s),
    notActivated(db, s.me, s, q.page, PAGE_SIZE),
  ])
  return c.html(
    <ActivationPage
      {...staffChrome(c)}
      cohort={s.cohort}
      cohorts={s.cohorts}
      department={s.department}
      departments={s.departments}
      rows={rows}
      pending={pending.items}
      total={pending.total}
      page={q.page}
      pageSize={PAGE_SIZE}
    />,
  )
})
