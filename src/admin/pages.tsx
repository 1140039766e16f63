/** The school dashboard page at /admin (any staff user; department users see their 院系). */
import { staffNavOf } from '../pages/staff-chrome.js'
import { Hono } from 'hono'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'

import { DashboardPage } from '../../views/admin/dashboard-page.js'
import { departmentNames } from '../db/departments.js'
import { staffWho } from '../pages/staff-chrome.js'
import { loadDashboard } from './service.js'
import { z } from '../openapi.js'
import { cohortChoice, filterText, pageValidator } from '../page-validator.js'
import { activationTotal } from '../reports/service.js'
import { cohortPicker } from '../pages/cohort.js'
import { pendingCounts } from '../agreements/service.js'
import { listEmployers } from '../employers/service.js'

export const adminPages = new Hono<AppEnv>()

const DashboardQuery = z.object({ department: filterText(100), cohort: cohortChoice })

adminPages.get(
  '/admin',
  guard({ roles: ['school', 'department'], loginPath: '/admin/login' }),
  pageValidator('query', DashboardQuery),
  async (c) => {
    const me = currentUser(c)
    const { db } = c.var.deps
    const q = c.req.valid('query')
    // The counts and charts are of one 届: the one asked for, or the one the pages open on.
    const cohort = await cohortPicker(c, q.cohort)
    const data = await loadDashboard(c.var.deps, me, me.role === 'school' ? q.department : undefined, cohort.value)
    // 就业账户激活 is counted per 届 (seed 003): shown for one 届, not for 全部届别.
    const activation =
      cohort.value === undefined ? undefined : await activationTotal(db, me, cohort.value, data.department ?? undefined)
    // The signing queue waits for 基本信息 reviewers; pending employer registrations for the school.
    const signing =
      me.permissions.info === 'none'
        ? undefined
        : {
            ...(await pendingCounts(c.var.deps, me, cohort.value)),
            pendingEmployers: me.role === 'school' ? (await listEmployers(c.var.deps, me, 'pending')).total : null,
          }
    return c.html(
      <DashboardPage
        nav={staffNavOf(c)}
        who={staffWho(c)}
        data={data}
        cohort={cohort}
        departments={await departmentNames(db, me.schoolId)}
        canPickDepartment={me.role === 'school'}
        activation={activation}
        signing={signing}
      />,
    )
  },
)
