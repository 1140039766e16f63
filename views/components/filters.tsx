/**
 * The filter fields and the pager that the staff list pages share (生源名单, 去向登记审核,
 * 登记确认情况列表, 档案信息转递列表, 在线签约管理). Ids, names, labels and placeholders are passed in where the
 * pages differ, because tests and app.js look for them.
 */
import type { Child } from 'hono/jsx'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'

/** A select option: [value, label]. */
export type FilterOption = [value: string, label: string]

/** One labelled filter: with an id, a `<label for>` beside the control; without, the label wraps it. */
function FilterField({ id, label, children }: { id?: string; label: string; children: Child }) {
  return id ? (
    <div>
      <label for={id}>{label}</label>
      {children}
    </div>
  ) : (
    <label>
      {label}
      {children}
    </label>
  )
}

export function SelectFilter({
  id,
  name,
  label,
  value,
  options,
}: {
  id?: string
  name: string
  label: string
  value?: string
  options: FilterOption[]
}) {
  return (
    <FilterField id={id} label={label}>
      <select id={id} name={name}>
        {options.map(([v, l]) => (
          <option value={v} selected={value === v}>
            {l}
          </option>
        ))}
      </select>
    </FilterField>
  )
}

/** A three-way select: 全部 (''), `yes` ('true'), `no` ('false'). */
export function YesNoFilter({
  yes,
  no,
  ...p
}: {
  id?: string
  name: string
  label: string
  value?: string
  yes: string
  no: string
}) {
  return (
    <SelectFilter
      {...p}
      options={[
        ['', '全部'],
        ['true', yes],
        ['false', no],
      ]}
    />
  )
}

export interface TextFilterProps {
  id?: string
  name: string
  label: string
  value?: string
  type?: 'text' | 'search' | 'date'
  placeholder?: string
  autocomplete?: string
  maxlength?: number
  inputmode?: 'numeric'
  pattern?: string
}

export function TextFilter({ id, label, value, type = 'text', ...rest }: TextFilterProps) {
  return (
    <FilterField id={id} label={label}>
      <input id={id} type={type} value={value ?? ''} {...rest} />
    </FilterField>
  )
}

/**
 * 院系: a select of the school's departments, or, for a department user whose 院系 is fixed, their
 * own 院系 shown in a text box that is not submitted (no name).
 */
export function DepartmentFilter(p: {
  id?: string
  departments: string[]
  value?: string
  allLabel?: string
  fixed?: string | null
  fixedMode?: 'readonly' | 'disabled'
}) {
  if (p.fixed) {
    return (
      <FilterField id={p.id} label="院系">
        <input
          id={p.id}
          type="text"
          value={p.fixed}
          readonly={p.fixedMode !== 'disabled'}
          disabled={p.fixedMode === 'disabled'}
        />
      </FilterField>
    )
  }
  return (
    <SelectFilter
      id={p.id}
      name="department"
      label="院系"
      value={p.value}
      options={[['', p.allLabel ?? '全部院系'], ...p.departments.map((d): FilterOption => [d, d])]}
    />
  )
}

export function MajorFilter({ id, value, placeholder }: { id?: string; value?: string; placeholder: string }) {
  return <TextFilter id={id} name="major" label="专业" value={value} placeholder={placeholder} />
}

/** 学历: `options` are [value, label] pairs (a code table's code and name, or the names alone). */
export function EducationFilter({
  id,
  value,
  options,
  allLabel = '全部',
}: {
  id?: string
  value?: string
  options: FilterOption[]
  allLabel?: string
}) {
  return <SelectFilter id={id} name="education" label="学历" value={value} options={[['', allLabel], ...options]} />
}

/**
 * Previous / next as buttons of the list's filter form (`form`), for lists whose form also
 * carries a selection (ticked rows), so turning the page keeps the filters and sends them once.
 */
export function FormPager({ page, pages, form = 'filters' }: { page: number; pages: number; form?: string }) {
  if (pages <= 1) return null
  return (
    <nav class="pager" aria-label="分页">
      {page > 1 && (
        <button class="secondary" type="submit" form={form} name="page" value={String(page - 1)}>
          上一页
        </button>
      )}
      <span>
        第 {page} / {pages} 页
      </span>
      {page < pages && (
        <button class="secondary" type="submit" form={form} name="page" value={String(page + 1)}>
          下一页
        </button>
      )}
    </nav>
  )
}

/** Previous / next links for a GET list; hidden when everything fits on one page. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (p: number) => string }) {
  if (pages <= 1) return null
  return (
    <nav class="pager" aria-label="分页">
      {page > 1 ? <a href={href(page - 1)}>上一页</a> : <span class="muted">上一页</span>}
      <span>
        第 {page} / {pages} 页
      </span>
      {page < pages ? <a href={href(page + 1)}>下一页</a> : <span class="muted">下一页</span>}
    </nav>
  )
}

/**
 * 届别 (contract §6): the 届 with graduates, newest first, with their counts, the current 届 marked
 * 本届, and 全部届别. The choice travels in `cohort` (a year, or `all`).
 */
export function CohortFilter({ picker, id = 'f-cohort' }: { picker: CohortPicker; id?: string }) {
  const { value, cohorts, current } = picker
  const years = new Map(cohorts.map((c) => [c.year, c.graduates]))
  if (!years.has(current)) years.set(current, 0)
  if (value !== undefined && !years.has(value)) years.set(value, 0)
  const options: FilterOption[] = [...years.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([y, n]) => [String(y), `${y} 届（${n} 人）${y === current ? ' · 本届' : ''}`])
  options.push(['all', '全部届别'])
  return <SelectFilter id={id} name="cohort" label="届别" value={cohortParam(value)} options={options} />
}
