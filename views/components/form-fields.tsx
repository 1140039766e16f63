/**
 * Labelled form fields with their message beside them (issue 12 §1: each error at its field):
 * the hint and the error are tied to the input by aria-describedby, the input marked
 * aria-invalid, the typed value kept. Used by the employer and agreement pages.
 */
import type { Child } from 'hono/jsx'

/** Field name → its message, as the page validator and the services' errors give them. */
export type Errors = Record<string, string>

interface Common {
  id: string
  label: string
  /** The form field's name; the id unless told. */
  name?: string
  hint?: Child
  error?: string | null
  required?: boolean
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined

function Frame({ id, label, hint, error, children }: Common & { children: Child }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  )
}

export function TextField(
  p: Common & {
    value?: string | null
    type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'search'
    maxlength?: number
    min?: number
    max?: number
    autocomplete?: string
    inputmode?: 'numeric' | 'text' | 'tel' | 'email'
  },
) {
  return (
    <Frame {...p}>
      <input
        id={p.id}
        name={p.name ?? p.id}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? '' : (p.value ?? '')}
        maxlength={p.maxlength}
        min={p.min}
        max={p.max}
        autocomplete={p.autocomplete ?? 'off'}
        inputmode={p.inputmode}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      />
    </Frame>
  )
}

export function SelectField(
  p: Common & { value?: string | null; options: Array<[value: string, label: string]>; placeholder?: string },
) {
  return (
    <Frame {...p}>
      <select
        id={p.id}
        name={p.name ?? p.id}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      >
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map(([v, l]) => (
          <option value={v} selected={(p.value ?? '') === v}>
            {l}
          </option>
        ))}
      </select>
    </Frame>
  )
}

export function TextAreaField(p: Common & { value?: string | null; maxlength?: number; rows?: number }) {
  return (
    <Frame {...p}>
      <textarea
        id={p.id}
        name={p.name ?? p.id}
        maxlength={p.maxlength}
        rows={p.rows ?? 3}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </Frame>
  )
}

/** A key–value table (协议信息, 单位信息 …); empty values say 暂无. `sheet`: the public result pages' style. */
export function KvTable({
  caption,
  rows,
  sheet,
}: {
  caption: string
  rows: Array<[string, Child | null | undefined]>
  sheet?: boolean
}) {
  return (
    <table class={sheet ? 'kv sheet' : 'kv'}>
      <caption class="sr-only">{caption}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr>
            <th scope="row">{k}</th>
            <td>{v === null || v === undefined || v === '' ? <span class="muted">暂无</span> : v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function Notice({ text }: { text?: string | null }) {
  if (!text) return null
  return (
    <div class="alert ok" role="status">
      {text}
    </div>
  )
}
