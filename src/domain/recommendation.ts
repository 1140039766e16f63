/**
 * 毕业生就业推荐表 — the rules, with no I/O (contract §6, issue 14 item 9).
 *
 * National/school rule (seed 003 §二(三), 西交就〔2013〕9号 "毕业生就业推荐表的审核与打印"): the
 * 推荐表 "仍由毕业生本人通过登陆个人就业账户后在线填写，并提交所在院进行审核。院级审核通过后，学生方可进行
 * 打印。" So: the graduate fills it in and submits it; the graduate's 院系 reviews it (审核通过 with
 * its 院系意见, or 退回 with a reason); only an approved one is printed. The basic data on it is
 * the roster's (seed 003 附件二 三.1: the graduate's information comes from the school's records
 * and is corrected at its source, never on the form), so the form holds only the graduate's own
 * five parts.
 *
 * States: draft → submitted → approved | returned; returned → submitted again. The graduate edits
 * only while `draft` or `returned`; the 院系 decides only while `submitted`; `approved` is final.
 */

export const RECOMMENDATION_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number]

export const RECOMMENDATION_STATUS_NAMES: Record<RecommendationStatus, string> = {
  draft: '草稿（未提交）',
  submitted: '已提交，等待院系审核',
  approved: '院系审核通过',
  returned: '院系退回修改',
}

/** The graduate's own parts of the form, in the order the paper form prints them. */
export const RECOMMENDATION_PARTS = [
  { key: 'intention', label: '求职意向' },
  { key: 'selfEvaluation', label: '自我评价' },
  { key: 'awards', label: '奖惩情况' },
  { key: 'practice', label: '社会实践' },
  { key: 'skills', label: '特长' },
] as const

export type RecommendationPartKey = (typeof RECOMMENDATION_PARTS)[number]['key']
export type RecommendationParts = Record<RecommendationPartKey, string | null>

/** The column of `recommendations` each part is stored in. */
export const PART_COLUMNS = {
  intention: 'intention',
  selfEvaluation: 'self_evaluation',
  awards: 'awards',
  practice: 'practice',
  skills: 'skills',
} as const satisfies Record<RecommendationPartKey, string>

const PART_LABELS: Record<RecommendationPartKey, string> = Object.fromEntries(
  RECOMMENDATION_PARTS.map((p) => [p.key, p.label]),
) as Record<RecommendationPartKey, string>

/** Each part holds at most this many characters (字, counted by code point). */
export const PART_MAX = 1000
/** The 院系意见 and the reason for 退回. */
export const OPINION_MAX = 500
export const REASON_MAX = 500

/** What a submission needs at least: the paper form is of no use to an employer without these. */
export const REQUIRED_FOR_SUBMIT: readonly RecommendationPartKey[] = ['intention', 'selfEvaluation']

/**
 * Characters as a person counts them: 𠀀 (outside the BMP) is one 字, not two UTF-16 units, and a
 * line break is one, however the browser sent it (a form posts CRLF).
 */
export const charCount = (s: string | null | undefined) => (s ? [...s.replace(/\r\n?/g, '\n')].length : 0)

export interface Problem {
  field: string
  label: string
  message: string
}

/** Trimmed text, empty as null (a part the graduate cleared is no part). */
export function cleanPart(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null
  const t = v.replace(/\r\n?/g, '\n').trim()
  return t ? t : null
}

/** Parts longer than PART_MAX, each named. */
export function lengthProblems(parts: Partial<RecommendationParts>): Problem[] {
  const out: Problem[] = []
  for (const { key, label } of RECOMMENDATION_PARTS) {
    const n = charCount(cleanPart(parts[key]))
    if (n > PART_MAX)
      out.push({ field: key, label, message: `最多 ${PART_MAX} 字，现有 ${n} 字，请删减 ${n - PART_MAX} 字` })
  }
  return out
}

/** What stops a submission: the length rule, then each required part that is empty. */
export function submitProblems(parts: RecommendationParts): Problem[] {
  const out = lengthProblems(parts)
  for (const key of REQUIRED_FOR_SUBMIT) {
    if (!cleanPart(parts[key])) out.push({ field: key, label: PART_LABELS[key], message: '提交前必须填写' })
  }
  return out
}

export const isEditable = (status: RecommendationStatus | null) =>
  status === null || status === 'draft' || status === 'returned'

export type RecommendationDecision = 'approve' | 'return'

/** A decision's own rule: 审核通过 needs the 院系意见, 退回 needs the reason. */
export function decisionProblem(
  decision: RecommendationDecision,
  input: { opinion?: string | null; reason?: string | null },
): Problem | null {
  if (decision === 'approve') {
    const opinion = cleanPart(input.opinion)
    if (!opinion) return { field: 'opinion', label: '院系意见', message: '审核通过时必须填写院系意见' }
    if (charCount(opinion) > OPINION_MAX)
      return { field: 'opinion', label: '院系意见', message: `最多 ${OPINION_MAX} 字` }
    return null
  }
  const reason = cleanPart(input.reason)
  if (!reason) return { field: 'reason', label: '退回原因', message: '退回时必须说明原因，毕业生据此修改' }
  if (charCount(reason) > REASON_MAX) return { field: 'reason', label: '退回原因', message: `最多 ${REASON_MAX} 字` }
  return null
}

/** `{学号}-{姓名}.pdf`, with the characters no file system accepts replaced. */
export function recommendationFileName(studentNo: string, name: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
  return `${safe(studentNo) || '学号'}-${safe(name) || '毕业生'}.pdf`
}
