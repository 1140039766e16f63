/**
 * The national form's 单位信息 (seed 004 §2.3 (1), §2.5): 单位名称, 统一社会信用代码, 单位性质,
 * 单位行业, 单位所在地 (with the place picker), 通讯地址, 单位联系人, 联系人电话 / 手机, 邮箱 — one
 * block for the employer's registration and the graduate's 线下签约 / 补登. `prefix` names the
 * fields (`unit_name` …) where the form holds more than the unit.
 */
import { unitIndustryTable, unitNatureTable } from '../../src/domain/codes/employment.js'
import { PlaceField, type PlacePickerState } from './place-field.js'
import { SelectField, TextField, type Errors } from './form-fields.js'

export const UNIT_FIELD_KEYS = [
  'name',
  'creditCode',
  'nature',
  'industry',
  'location',
  'address',
  'contact',
  'phone',
  'email',
] as const

const codeOptions = (t: { entries: ReadonlyArray<{ code: string; name: string }> }): Array<[string, string]> =>
  t.entries.map((e) => [e.code, `${e.name}（${e.code}）`])

export function UnitFields(p: {
  prefix?: string
  values: Record<string, string | undefined>
  errors?: Errors
  locationName: string | null
  picker?: PlacePickerState | null
  /** The form's action, for the place picker's buttons. */
  action: string
  /** Fields shown but not editable. */
  readonly?: ReadonlyArray<(typeof UNIT_FIELD_KEYS)[number]>
  /** Fields not on this form at all (shown elsewhere, or not the user's to change). */
  omit?: ReadonlyArray<(typeof UNIT_FIELD_KEYS)[number]>
  /** The 联系人电话 label ("联系人电话 / 手机" unless told). */
  phoneLabel?: string
}) {
  const k = (f: string) => `${p.prefix ?? ''}${f}`
  const v = (f: string) => p.values[k(f)]
  const e = (f: string) => p.errors?.[k(f)]
  const ro = (f: (typeof UNIT_FIELD_KEYS)[number]) => p.readonly?.includes(f) ?? false
  const on = (f: (typeof UNIT_FIELD_KEYS)[number]) => !(p.omit?.includes(f) ?? false)
  return (
    <>
      {!on('name') ? null : ro('name') ? (
        <p>
          单位名称：<strong>{v('name')}</strong>
        </p>
      ) : (
        <TextField id={k('name')} label="单位名称" value={v('name')} error={e('name')} maxlength={100} required />
      )}
      {!on('creditCode') ? null : ro('creditCode') ? (
        <p>
          统一社会信用代码：<span class="mono">{v('creditCode')}</span>
        </p>
      ) : (
        <TextField
          id={k('creditCode')}
          label="统一社会信用代码"
          hint="18 位，见营业执照（GB 32100），末位为校验码。"
          value={v('creditCode')}
          error={e('creditCode')}
          maxlength={30}
          required
        />
      )}
      {on('nature') && (
        <SelectField
          id={k('nature')}
          label="单位性质"
          value={v('nature')}
          error={e('nature')}
          options={codeOptions(unitNatureTable)}
          placeholder="请选择"
          required
        />
      )}
      {on('industry') && (
        <SelectField
          id={k('industry')}
          label="单位行业"
          value={v('industry')}
          error={e('industry')}
          options={codeOptions(unitIndustryTable)}
          placeholder="请选择"
          required
        />
      )}
      {on('location') && (
        <PlaceField
          id={k('location')}
          label="单位所在地"
          hint="6 位县级行政区划代码，可按地名查找。"
          value={v('location')}
          currentName={p.locationName}
          error={e('location')}
          required
          picker={p.picker}
          action={p.action}
        />
      )}
      {on('address') && (
        <TextField
          id={k('address')}
          label="通讯地址"
          value={v('address')}
          error={e('address')}
          maxlength={200}
          required
        />
      )}
      <TextField
        id={k('contact')}
        label="单位联系人"
        value={v('contact')}
        error={e('contact')}
        maxlength={50}
        required
      />
      <TextField
        id={k('phone')}
        label={p.phoneLabel ?? '联系人电话 / 手机'}
        hint="手机号码，或带区号的固定电话（填一个即可）。"
        type="tel"
        value={v('phone')}
        error={e('phone')}
        maxlength={30}
        required
      />
      <TextField
        id={k('email')}
        label="邮箱（选填）"
        type="email"
        value={v('email')}
        error={e('email')}
        maxlength={100}
      />
    </>
  )
}
