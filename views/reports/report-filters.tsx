/** The 届 and 院系 choice above each roster report (a GET form: works without JavaScript). */
export function ReportFilters(p: {
  action: string
  cohort: number
  cohorts: number[]
  department?: string
  departments: string[] | null
}) {
  const years = p.cohorts.includes(p.cohort) ? p.cohorts : [p.cohort, ...p.cohorts].sort((a, b) => b - a)
  return (
    <form class="card filters no-print" method="get" action={p.action} role="search">
      <div>
        <label for="r-cohort">届</label>
        <select id="r-cohort" name="cohort">
          {years.map((y) => (
            <option value={String(y)} selected={y === p.cohort}>
              {y}届
            </option>
          ))}
        </select>
      </div>
      {p.departments && (
        <div>
          <label for="r-department">院系</label>
          <select id="r-department" name="department">
            <option value="">全部院系</option>
            {p.departments.map((d) => (
              <option value={d} selected={p.department === d}>
                {d}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <button type="submit">查看</button>
      </div>
    </form>
  )
}

/** A report link keeping the chosen 届 and 院系. */
export function reportHref(path: string, cohort: number, department?: string, extra: Record<string, string> = {}) {
  const u = new URLSearchParams({ cohort: String(cohort), ...extra })
  if (department) u.set('department', department)
  return `${path}?${u}`
}
