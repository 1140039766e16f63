/**
 * 学历层次: the national 学历 codes (design notes, "Code tables"; src/domain/codes/student.ts)
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

/** The codes a 学历 filter stands for: a level name, or one exact 2-digit code. */
export function educationCodes(filter: string): string[] {
  const f = filter.trim()
  if ((EDUCATION_LEVELS as readonly string[]).includes(f)) return [...LEVEL_CODES[f as EducationLevel]]
  return [f]
}
