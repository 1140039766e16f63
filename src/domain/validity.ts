/**
 * The validity window (contract §3). National rule (seed 004, 4.1: "查询核验服务时间截止到毕业生
 * 的毕业时间加六个月"): a number answers lookups until the end of the sixth month after the
 * graduation month, in China Standard Time (UTC+8, no daylight saving) whatever the server's own
 * time zone: 毕业时间 202606 → valid through 2026-12-31 23:59:59 +08:00.
 */
const CST_MS = 8 * 60 * 60 * 1000

export interface Window {
  /** The first instant that is refused. */
  endsAt: Date
  /** The last valid second, as the API prints it: 2026-12-31T23:59:59+08:00. */
  validUntil: string
}

function windowFromExclusiveEnd(endsAt: Date): Window {
  return { endsAt, validUntil: formatCst(new Date(endsAt.getTime() - 1000)) }
}

/** The window of a graduation month (YYYYMM). */
export function graduationWindow(graduationTime: string): Window {
  const m = /^(\d{4})(\d{2})$/.exec(graduationTime)
  if (!m || +m[2] < 1 || +m[2] > 12) throw new Error(`bad graduation time ${graduationTime}`)
  // Month index of graduation + 7 = the first day of the month after the sixth month after it.
  const endsAt = new Date(Date.UTC(+m[1], +m[2] - 1 + 7, 1) - CST_MS)
  return windowFromExclusiveEnd(endsAt)
}

/** The window of a day chosen by the graduate (YYYY-MM-DD): through its 23:59:59 CST. */
export function dayWindow(day: string): Window {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`bad day ${day}`)
  const start = Date.UTC(+m[1], +m[2] - 1, +m[3])
  const d = new Date(start)
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new Error(`bad day ${day}`)
  return windowFromExclusiveEnd(new Date(start + 24 * 60 * 60 * 1000 - CST_MS))
}

export function isOpen(w: Pick<Window, 'endsAt'>, now: Date): boolean {
  return now.getTime() < w.endsAt.getTime()
}

/** An instant in ISO 8601 at +08:00, to the second: 2026-12-31T23:59:59+08:00. */
export function formatCst(d: Date): string {
  const t = new Date(Math.floor(d.getTime() / 1000) * 1000 + CST_MS)
  return t.toISOString().slice(0, 19) + '+08:00'
}

/** The CST calendar day of an instant, YYYY-MM-DD. */
export function cstDay(d: Date): string {
  return new Date(d.getTime() + CST_MS).toISOString().slice(0, 10)
}

/** Parses a `validUntil` string back to its window (last second → exclusive end). */
export function windowFromValidUntil(validUntil: string): Window {
  return windowFromExclusiveEnd(new Date(Date.parse(validUntil) + 1000))
}

/** "2026-12-31T23:59:59+08:00" → "2026年12月31日". */
export function cstDateText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  return m ? `${m[1]}年${+m[2]}月${+m[3]}日` : iso
}
