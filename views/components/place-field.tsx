/**
 * A location field (单位所在地, 档案转递单位所在地, 户口迁移所在地, 生源所在地) with its 省 → 市 → 县
 * picker (issue 13 §11). The 6-digit code can always be typed. Without JavaScript the picker is
 * part of the page's own form: 查找 searches by the place name typed beside it, 按省份选择 lists the
 * provinces, a province or city opens, a county is chosen — each posts the form back (intent
 * `place:…`, see src/pages/place-picker.ts), which comes back with everything typed kept and
 * nothing saved. With the script (views/assets/app-js.ts, `data-place`) the same buttons answer
 * in place from GET /api/v1/codes/divisions, the results follow the typing, and the “当前：…”
 * hint follows the code as it is typed.
 */
import type { Place } from '../../src/domain/divisions.js'

/** The picker's state for one field after a search or an opened region (no JavaScript). */
export interface PlacePickerState {
  /** The field's input name (`a_unitLocation`, `originCode`). */
  input: string
  query: string
  /** What the list shows: “湖南省长沙市” for an opened region, null for a search. */
  heading: string | null
  places: Place[]
  more: boolean
}

export const placeQueryName = (input: string) => `${input}__q`

/** Where the picker's buttons post: the form's own action, back at this field. */
const back = (action: string | undefined, input: string) => (action ? `${action}#${input}-place` : undefined)

function PlaceResults({ input, picker, action }: { input: string; picker: PlacePickerState; action?: string }) {
  const title = picker.heading
    ? `${picker.heading}：`
    : picker.places.length
      ? `“${picker.query}”的查找结果：`
      : picker.query
        ? `没有找到“${picker.query}”，请换个写法，如只输入区县名“海淀”，或按省份选择。`
        : '请输入地名再查找，或按省份选择。'
  return (
    <>
      <p class="hint" data-place-title>
        {title}
      </p>
      {picker.places.length > 0 && (
        <ul class="place-list">
          {picker.places.map((p) => (
            <li>
              <button
                type="submit"
                class="linkish-dark"
                name="intent"
                value={`${p.level === 'county' ? 'place-pick' : 'place-in'}:${input}:${p.code}`}
                formaction={back(action, input)}
                formnovalidate
              >
                {p.level === 'county' ? `${p.name}（${p.code}）` : `${p.name} ›`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {picker.more && <p class="hint">结果较多，只列出一部分：请输入更具体的地名，或打开所在的省、市。</p>}
    </>
  )
}

export function PlaceField(p: {
  id: string
  label: string
  value?: string
  /** The field's own guidance; “当前：…” is added after it. */
  hint: string
  /** The name of the code as it stands (null: none or unknown). */
  currentName: string | null
  error?: string | null
  invalid?: boolean
  required?: boolean
  picker?: PlacePickerState | null
  /** The form's action: the picker's buttons come back to this field (`#<id>-place`). */
  action?: string
}) {
  const q = placeQueryName(p.id)
  const open = p.picker?.input === p.id ? p.picker : null
  const described = [p.error ? `${p.id}-error` : null, `${p.id}-hint`].filter(Boolean).join(' ')
  return (
    <div class="place-field" id={`${p.id}-place`} data-place={p.id}>
      <label for={p.id}>{p.label}</label>
      <p class="hint" id={`${p.id}-hint`} data-place-hint data-base={p.hint}>
        {p.hint}
        <span data-place-current>{p.currentName ? `当前：${p.currentName}` : ''}</span>
      </p>
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
      <input
        id={p.id}
        name={p.id}
        type="text"
        value={p.value ?? ''}
        inputmode="numeric"
        maxlength={6}
        autocomplete="off"
        required={p.required}
        aria-invalid={p.invalid || p.error ? 'true' : undefined}
        aria-describedby={described}
        data-place-code
      />
      <div class="place-search" role="group" aria-label={`按地名选择${p.label}`}>
        <label for={q}>按地名查找</label>
        <div class="inline-search">
          <input
            id={q}
            name={q}
            type="search"
            value={open?.query ?? ''}
            maxlength={30}
            autocomplete="off"
            placeholder="如：海淀、长沙 芙蓉"
            data-place-query
          />
          <button
            class="secondary"
            type="submit"
            name="intent"
            value={`place:${p.id}`}
            formaction={back(p.action, p.id)}
            formnovalidate
          >
            查找
          </button>
          <button
            class="linkish-dark"
            type="submit"
            name="intent"
            value={`place-in:${p.id}:`}
            formaction={back(p.action, p.id)}
            formnovalidate
          >
            按省份选择
          </button>
        </div>
        <div data-place-results aria-live="polite">
          {open && <PlaceResults input={p.id} picker={open} action={p.action} />}
        </div>
      </div>
    </div>
  )
}
