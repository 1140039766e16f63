/**
 * Every time a person reads is Beijing time (China Standard Time, UTC+8, no daylight saving);
 * the database stores UTC ISO strings. One formatter for every page, sheet and export.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000

/** "2026-06-15T23:04:00.000Z" → "2026-06-16 07:04" (or "… 07:04:00" to the second). Unreadable input is returned as is. */
export function beijingTime(at: string | Date, unit: 'minute' | 'second' = 'minute'): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime()
  if (Number.isNaN(t)) return String(at)
  return new Date(t + BEIJING_OFFSET_MS)
    .toISOString()
    .slice(0, unit === 'second' ? 19 : 16)
    .replace('T', ' ')
}

/** The Beijing date as a form prints it: "2026年12月3日". */
export function beijingDate(at: Date): string {
  const d = new Date(at.getTime() + BEIJING_OFFSET_MS)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}
