/**
 * 学历层次: the national 学历 codes (design notes, "Code tables"; student.ts beside it)
 * grouped into the four levels schools report by — the seed's lists show 本科 and 硕士 (seed 004,
 * 3 "登记确认情况列表"). 双学位 counts with 本科 and 高职 with 专科, as in the national reports.
 */
export const EDUCATION_LEVELS = ['博士', '硕士', '本科', '专科'] as const
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]

const LEVEL_CODES: Record<EducationLevel, readonly string[]> = {
  博士: ['01', '03'],
  硕士: ['11', '13', '19', '21'],
  本科: ['25', '31', '33', '39'],
  专科: ['41', '43', '49', '61'],
}

export function educationLevel(code: string): EducationLevel | '其他' {
  for (const l of EDUCATION_LEVELS) if (LEVEL_CODES[l].includes(code)) return l
  return '其他'
}

/** 研究生: a 学历 of the 博士 or 硕士 level. */
export const isPostgraduate = (code: string) => LEVEL_CODES.博士.includes(code) || LEVEL_CODES.硕士.includes(code)

/** The codes a 学历 filter stands for: a level name, or one exact 2-digit code. */
export function educationCodes(filter: string): string[] {
  const f = filter.trim()
  if ((EDUCATION_LEVELS as readonly string[]).includes(f)) return [...LEVEL_CODES[f as EducationLevel]]
  return [f]
}

/**
 * 数据权限 (seed 000: 本专科 and 研究生 accounts are separate; seed 004 §1.4 数据权限): a user
 * limited to 本专科 sees 本科 and 专科 graduates only, one limited to 研究生 sees 博士 and 硕士 only.
 */
export type EducationScope = 'all' | 'undergraduate' | 'graduate'
export const EDUCATION_SCOPE_LABEL: Record<EducationScope, string> = {
  all: '全部',
  undergraduate: '本专科',
  graduate: '研究生',
}

/** The 学历 codes a scope allows; null for every code. */
export function educationScopeCodes(scope: EducationScope): string[] | null {
  if (scope === 'undergraduate') return [...LEVEL_CODES.本科, ...LEVEL_CODES.专科]
  if (scope === 'graduate') return [...LEVEL_CODES.博士, ...LEVEL_CODES.硕士]
  return null
}
