/**
 * What the graduate's and the staff's 推荐表 pages share: the basic data (locked), the five parts
 * read-only, a textarea with its 字 counter, and the status badge.
 */
import { KvTable } from '../components/form-fields.js'
import {
  charCount,
  PART_MAX,
  RECOMMENDATION_PARTS,
  RECOMMENDATION_STATUS_NAMES,
  type RecommendationPartKey,
  type RecommendationStatus,
} from '../../src/domain/recommendation.js'

/** The roster's data as the form shows it (names, not codes). */
export interface BasicView {
  studentNo: string
  name: string
  gender: string
  ethnicity: string
  political: string
  education: string
  major: string
  department: string
  graduationTime: string
  phone: string
  email: string | null
  school: string
}

export type PartsView = Record<RecommendationPartKey, string | null>

const BADGE: Record<RecommendationStatus, string> = {
  draft: 'badge',
  submitted: 'badge warn',
  approved: 'badge ok',
  returned: 'badge err',
}

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  return (
    <span class={BADGE[status]} data-status={status}>
      {RECOMMENDATION_STATUS_NAMES[status]}
    </span>
  )
}

const ym = (v: string) => (/^\d{6}$/.test(v) ? `${v.slice(0, 4)}年${v.slice(4)}月` : v)

export function BasicTable({ b, caption = '基本信息' }: { b: BasicView; caption?: string }) {
  return (
    <KvTable
      caption={caption}
      rows={[
        ['姓名', b.name],
        ['性别', b.gender],
        ['民族', b.ethnicity],
        ['政治面貌', b.political],
        ['学历', b.education],
        ['院系', b.department],
        ['专业', b.major],
        ['毕业时间', ym(b.graduationTime)],
        ['学号', b.studentNo],
        ['手机', b.phone],
        ['电子邮箱', b.email],
      ]}
    />
  )
}

/** The five parts as text (a submitted or approved form, or the staff's view). */
export function PartsRead({ parts }: { parts: PartsView }) {
  return (
    <div data-parts>
      {RECOMMENDATION_PARTS.map(({ key, label }) => (
        <section class="part" data-part={key}>
          <h3>{label}</h3>
          {parts[key] ? <p class="part-text">{parts[key]}</p> : <p class="muted">未填写</p>}
        </section>
      ))}
    </div>
  )
}

/**
 * A textarea with its message beside it and a counter: the server writes the count of what is
 * there; app.js (data-counter-for) keeps it current while typing. Without the script the count
 * is the one of the last page, and the server checks the length anyway.
 */
export function CountedTextArea(p: {
  id: string
  label: string
  value: string
  error?: string | null
  hint?: string
  rows?: number
  max?: number
  required?: boolean
}) {
  const max = p.max ?? PART_MAX
  const n = charCount(p.value)
  const described = [p.error ? `${p.id}-error` : null, p.hint ? `${p.id}-hint` : null, `${p.id}-count`]
    .filter(Boolean)
    .join(' ')
  return (
    <div class="field">
      <label for={p.id}>
        {p.label}
        {p.required && <span class="req"> （必填）</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
      <textarea
        id={p.id}
        name={p.id}
        rows={p.rows ?? 4}
        maxlength={max}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described}
      >
        {p.value}
      </textarea>
      <p class="counter" id={`${p.id}-count`} data-counter-for={p.id} data-max={String(max)} aria-live="polite">
        已填 {n} / {max} 字
      </p>
    </div>
  )
}
