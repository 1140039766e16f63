/**
 * The self-check's review levels (contract §6; seed 002: 班主任 → 二级学院 → 校级): an ordered,
 * non-empty subset of the three, always in this order — a correction climbs from the class to
 * the school, never down.
 */
export const REVIEW_LEVELS = ['counsellor', 'department', 'school'] as const
export type ReviewLevel = (typeof REVIEW_LEVELS)[number]

export const LEVEL_LABELS: Record<ReviewLevel, string> = {
  counsellor: '班主任（辅导员）',
  department: '院系',
  school: '学校',
}

const DEFAULT_LEVELS: ReviewLevel[] = ['department']

const isLevel = (v: unknown): v is ReviewLevel => (REVIEW_LEVELS as readonly unknown[]).includes(v)

/** The levels as stored (a JSON array); anything unreadable is the default, so reviews never stall. */
export function parseLevels(stored: string | null | undefined): ReviewLevel[] {
  try {
    const v = JSON.parse(stored ?? '')
    if (checkLevels(v).ok) return v as ReviewLevel[]
  } catch {}
  return [...DEFAULT_LEVELS]
}

/** Checks a requested setting; the message names the field (审核层级) and what is allowed. */
export function checkLevels(v: unknown): { ok: true; value: ReviewLevel[] } | { ok: false; message: string } {
  const allowed = REVIEW_LEVELS.join('、')
  if (!Array.isArray(v) || v.length === 0) return { ok: false, message: `审核层级：至少选择一级（${allowed}）` }
  const bad = v.find((x) => !isLevel(x))
  if (bad !== undefined) return { ok: false, message: `审核层级：“${String(bad)}”不是审核层级，应为 ${allowed}` }
  if (new Set(v).size !== v.length) return { ok: false, message: '审核层级：每一级只能出现一次' }
  const order = v.map((x) => REVIEW_LEVELS.indexOf(x as ReviewLevel))
  if (order.some((n, i) => i > 0 && n < order[i - 1]!))
    return { ok: false, message: '审核层级：应按 班主任 → 院系 → 学校 的顺序排列' }
  return { ok: true, value: v as ReviewLevel[] }
}

/** The level a waiting correction is at: its stored level when still configured, else the first. */
export function waitingAt(stored: string | null, levels: readonly ReviewLevel[]): ReviewLevel {
  return isLevel(stored) && levels.includes(stored) ? stored : levels[0]!
}

/** The level after this one, or null when it is the last (approval there applies the changes). */
export function nextLevel(at: ReviewLevel, levels: readonly ReviewLevel[]): ReviewLevel | null {
  const i = levels.indexOf(at)
  return i >= 0 && i + 1 < levels.length ? levels[i + 1]! : null
}
