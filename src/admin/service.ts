/**
 * The school dashboard, composed: its own grouped counts (queries.ts) and the 登记确认 statistics,
 * which it asks the confirmation feature for through that feature's service.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import { confirmationStatistics } from '../confirmation/service.js'
import { dashboardCharts, type Dashboard } from '../domain/dashboard.js'
import type { StatsRow } from '../domain/confirmation.js'
import { destinationGroups, pendingReviews } from './queries.js'

export async function loadDashboard(
  deps: Pick<AppDeps, 'db'>,
  user: CurrentUser,
  asked?: string,
  /** 届 (none: every 届). */
  cohort?: number,
): Promise<Dashboard> {
  const { db } = deps
  // A department user always sees its own 院系: another one asked for is ignored, not an empty page.
  const department = user.role === 'department' ? undefined : asked
  const [pending, stats, groups] = await Promise.all([
    pendingReviews(db, user, { department, cohort }),
    confirmationStatistics(deps, user, { department, cohort }),
    destinationGroups(db, user, { department, cohort }),
  ])
  const col = (r: StatsRow) => r['总数']
  return {
    department: user.role === 'department' ? user.department : (department ?? null),
    cohort: cohort ?? null,
    pendingReviews: pending,
    confirmation: {
      未上报: col(stats['未上报']),
      未确认: col(stats['未确认']),
      确认有误: col(stats['确认有误']),
      确认无误: col(stats['确认无误']),
      总数: col(stats['总数']),
    },
    charts: dashboardCharts(groups),
  }
}
