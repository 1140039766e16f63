/** Pieces shared by the registration pages: the form, the summary, proof files and the history. */
import { CsrfField } from '../layout.js'
import {
  DESTINATION_CATEGORIES,
  DESTINATION_TYPES,
  ARCHIVE_TRANSFER_TYPES,
  HUKOU_MIGRATION_TYPES,
} from '../../src/domain/codes/destinations.js'
import { jobCategoryTable, unitIndustryTable, unitNatureTable } from '../../src/domain/codes/employment.js'
import type { CodeTable } from '../../src/domain/codes/types.js'
import { divisionName } from '../../src/domain/divisions.js'
import { PlaceField, type PlacePickerState } from '../components/place-field.js'
import {
  DESTINATION_FIELDS,
  DESTINATION_FIELD_NAMES,
  STATUS_NAMES,
  TYPE_RULES,
  codeName,
  typeFields,
  type DestinationField,
} from '../../src/domain/registration/index.js'
import type { AttachmentInfo, RegistrationEvent } from '../../src/domain/registration/index.js'
import type { RegistrationStatus } from '../../src/domain/registration/index.js'

/** Form values as the inputs hold them: part → field → text. */
export type FormValues = {
  destination: Record<string, string>
  archive: Record<string, string>
  hukou: Record<string, string>
}

const STATUS_BADGE: Record<RegistrationStatus, string> = {
  draft: 'badge',
  submitted: 'badge warn',
  department_approved: 'badge warn',
  approved: 'badge ok',
  returned: 'badge err',
  rejected: 'badge err',
  voided: 'badge',
}

export function StatusBadge({ status }: { status: RegistrationStatus }) {
  return <span class={STATUS_BADGE[status]}>{STATUS_NAMES[status]}</span>
}

const place = (code: string | null | undefined) => (code ? `${divisionName(code) ?? '未知地区'}（${code}）` : '—')
const dash = (v: string | null | undefined) => (v ? v : '—')

/** The registration as read-only tables. */
export function Summary({ destination, archive, hukou }: { destination: any; archive: any; hukou: any }) {
  const d = destination
  return (
    <>
      <h2>毕业去向</h2>
      {d ? (
        <table class="kv">
          <tbody>
            <tr>
              <th>毕业去向</th>
              <td>{d.type}</td>
            </tr>
            {d.unitName && (
              <tr>
                <th>单位名称</th>
                <td>{d.unitName}</td>
              </tr>
            )}
            {d.unitCreditCode && (
              <tr>
                <th>统一社会信用代码</th>
                <td class="mono">{d.unitCreditCode}</td>
              </tr>
            )}
            {d.unitNature && (
              <tr>
                <th>单位性质</th>
                <td>{codeName(unitNatureTable, d.unitNature) ?? d.unitNature}</td>
              </tr>
            )}
            {d.unitIndustry && (
              <tr>
                <th>单位行业</th>
                <td>{codeName(unitIndustryTable, d.unitIndustry) ?? d.unitIndustry}</td>
              </tr>
            )}
            {d.unitLocation && (
              <tr>
                <th>单位所在地</th>
                <td>{place(d.unitLocation)}</td>
              </tr>
            )}
            {d.jobCategory && (
              <tr>
                <th>工作职位类别</th>
                <td>{codeName(jobCategoryTable, d.jobCategory) ?? d.jobCategory}</td>
              </tr>
            )}
            {d.school && (
              <tr>
                <th>升学院校</th>
                <td>{d.school}</td>
              </tr>
            )}
            {d.country && (
              <tr>
                <th>国家或地区</th>
                <td>{d.country}</td>
              </tr>
            )}
          </tbody>
        </table>
      ) : (
        <p class="muted">未填写</p>
      )}
      <h2>档案转递</h2>
      {archive ? (
        <table class="kv">
          <tbody>
            <tr>
              <th>档案转递类型</th>
              <td>{archive.transferType}</td>
            </tr>
            <tr>
              <th>档案转递单位名称</th>
              <td>{dash(archive.unitName)}</td>
            </tr>
            <tr>
              <th>档案转递单位地址</th>
              <td>{dash(archive.unitAddress)}</td>
            </tr>
            <tr>
              <th>档案转递单位所在地</th>
              <td>{place(archive.unitLocation)}</td>
            </tr>
            <tr>
              <th>邮编</th>
              <td>{dash(archive.postcode)}</td>
            </tr>
            <tr>
              <th>联系人</th>
              <td>{dash(archive.contact)}</td>
            </tr>
            <tr>
              <th>联系电话</th>
              <td>{dash(archive.phone)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p class="muted">未填写</p>
      )}
      <h2>户口迁移</h2>
      {hukou ? (
        <table class="kv">
          <tbody>
            <tr>
              <th>户口迁移类型</th>
              <td>{hukou.migrationType}</td>
            </tr>
            {hukou.migrationType !== '不迁移' && (
              <>
                <tr>
                  <th>户口迁移所在地</th>
                  <td>{place(hukou.location)}</td>
                </tr>
                <tr>
                  <th>户口迁移地址</th>
                  <td>{dash(hukou.address)}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      ) : (
        <p class="muted">未填写</p>
      )}
    </>
  )
}

const fmt = (iso: string | null | undefined) => {
  if (!iso) return '—'
  // China Standard Time, minutes: what people read on the forms.
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}
export const formatTime = fmt

/** The input a field path (`archive.postcode`, or a whole part) is fixed in, for error links. */
export function fieldId(path: string | null | undefined): string | null {
  if (!path) return null
  if (path === 'destination' || path === 'destination.type') return 'd_type'
  if (path === 'archive' || path === 'archive.transferType') return 'a_transferType'
  if (path === 'hukou' || path === 'hukou.migrationType') return 'h_migrationType'
  if (path === 'proof' || path === '证明材料' || path === 'file') return 'proof-file'
  const [part, f] = path.split('.')
  const prefix = part === 'destination' ? 'd_' : part === 'archive' ? 'a_' : part === 'hukou' ? 'h_' : null
  return prefix && f ? `${prefix}${f}` : null
}

/**
 * The history. `self` is the graduate's own username when the graduate reads it: their own acts
 * read 本人 and reviewers are named by role, not by staff account names.
 */
export function History({ events, self }: { events: RegistrationEvent[]; self?: string }) {
  if (!events.length) return <p class="muted">暂无记录</p>
  return (
    <div class="table-wrap">
      {/* A card per entry on a phone (the time and the change on the first line, who and why
          below, named), so a long reason never pushes the table off the screen. */}
      <table class="cards history">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">状态变化</th>
            <th scope="col">原因</th>
          </tr>
        </thead>
        <tbody>
          {[...events].reverse().map((e) => (
            <tr>
              <td class="nowrap c-who">{fmt(e.at)}</td>
              <td data-label="操作人">{self === undefined ? e.by : e.by === self ? '本人' : '学校或院系'}</td>
              <td class="c-status">
                {e.from ? STATUS_NAMES[e.from] : '新建'} → {STATUS_NAMES[e.to]}
              </td>
              {e.reason ? (
                <td class="text c-wide" data-label="原因">
                  {e.reason}
                </td>
              ) : (
                <td class="text hide-narrow" />
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`

/** Proof files; images preview through the authorised route (`base` + id), PDFs download. */
export function Attachments({
  items,
  base,
  preview,
  deleteBase,
  csrf,
}: {
  items: AttachmentInfo[]
  base: string
  preview?: boolean
  deleteBase?: string
  csrf?: string
}) {
  if (!items.length) return <p class="muted">未上传证明材料</p>
  return (
    <ul class="proofs">
      {items.map((a) => (
        <li>
          {preview && a.contentType.startsWith('image/') && (
            <a href={`${base}/${a.id}`}>
              <img class="proof-preview" src={`${base}/${a.id}`} alt={`证明材料：${a.filename}`} loading="lazy" />
            </a>
          )}
          <a href={`${base}/${a.id}${a.contentType === 'application/pdf' ? '?download=1' : ''}`}>{a.filename}</a>{' '}
          <span class="muted">
            （{a.contentType === 'application/pdf' ? 'PDF' : a.contentType === 'image/png' ? 'PNG' : 'JPEG'}，
            {size(a.size)}）
          </span>
          {deleteBase && csrf && (
            <form
              method="post"
              action={`${deleteBase}/${a.id}/delete`}
              class="inline"
              data-confirm={`删除“${a.filename}”？`}
            >
              <CsrfField token={csrf} />
              <button class="secondary small" type="submit">
                删除
              </button>
            </form>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The 24 types by category with the national explanations and the proof each needs. */
export function TypeGuide() {
  return (
    <details class="card type-guide">
      <summary>毕业去向分类说明与证明材料（4 大类 24 小类）</summary>
      {DESTINATION_CATEGORIES.map((cat) => (
        <>
          <h3>{cat}</h3>
          <dl>
            {DESTINATION_TYPES.filter((t) => t.category === cat).map((t) => (
              <>
                <dt>{t.name}</dt>
                <dd>
                  {TYPE_RULES[t.name].explanation}
                  {TYPE_RULES[t.name].proof ? (
                    <span class="muted"> 证明材料：{TYPE_RULES[t.name].proofHint}。</span>
                  ) : (
                    <span class="muted"> 无需证明材料。</span>
                  )}
                </dd>
              </>
            ))}
          </dl>
        </>
      ))}
    </details>
  )
}

/** For each field: the types that show it — the hint shown when the script is off. */
function typesShowing(f: DestinationField): string {
  const names = DESTINATION_TYPES.filter((t) => typeFields(t.name).includes(f)).map((t) => t.name)
  if (names.length > 6) return `就业类去向填写（${names.length} 类）`
  return names.join('、') + '填写'
}

/** Type → [fields, required fields], for the script that shows only the chosen type's fields. */
const TYPE_FIELDS_JSON = JSON.stringify(
  Object.fromEntries(DESTINATION_TYPES.map((t) => [t.name, [typeFields(t.name), TYPE_RULES[t.name].required]])),
)

function FieldError({ id, message }: { id: string; message?: string | null }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null
}

function CodeSelect({
  id,
  name,
  table,
  value,
  invalid,
}: {
  id: string
  name: string
  table: CodeTable
  value?: string
  invalid?: boolean
}) {
  return (
    <select
      id={id}
      name={name}
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={invalid ? `${id}-error` : undefined}
    >
      <option value="">请选择</option>
      {table.entries.map((e) => (
        <option value={e.code} selected={value === e.code}>
          {e.name}
        </option>
      ))}
    </select>
  )
}

function TextField({
  id,
  name,
  label,
  value,
  hint,
  invalid,
  error,
  inputmode,
  maxlength,
  pattern,
  autocomplete,
}: {
  id: string
  name: string
  label: string
  value?: string
  hint?: string
  invalid?: boolean
  error?: string | null
  inputmode?: string
  maxlength?: number
  pattern?: string
  autocomplete?: string
}) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ')
  return (
    <>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} message={error} />
      <input
        id={id}
        name={name}
        type="text"
        value={value ?? ''}
        aria-invalid={invalid || error ? 'true' : undefined}
        aria-describedby={described || undefined}
        inputmode={inputmode as never}
        maxlength={maxlength}
        pattern={pattern}
        autocomplete={autocomplete ?? 'off'}
      />
    </>
  )
}

/** The name of a typed location code, for the “当前：…” hint (null: none yet, or not a code). */
const placeName = (code: string | undefined) => (code && /^\d{6}$/.test(code) ? divisionName(code) : null)
const PLACE_HINT = '6 位行政区划代码，填到区、县一级（如 110108），或按地名查找。'

export interface FormProps {
  action: string
  /** The form's id, for controls outside it that post with it (the graduate's 上传). */
  id?: string
  csrf: string
  values: FormValues
  /** The failing field's path (`destination.unitName`), to mark it. */
  errorField?: string | null
  /** Messages by input id (`a_postcode`), shown beside each field. */
  errors?: Record<string, string>
  /** The 转回生源地 pre-fill (from the archive receiving-unit directory). */
  prefill?: Record<string, string | null> | null
  /** The 户口 转回生源地 pre-fill: the 生源所在地 and the roster's 家庭住址. */
  hukouPrefill?: { location: string; address: string | null } | null
  /** Buttons: the graduate saves or submits; staff save changes. */
  buttons: Array<{ intent: string; label: string; secondary?: boolean }>
  targetedUnit?: string | null
  staff?: boolean
  /** The location picker's results for one field (no JavaScript: after 查找 or an opened region). */
  picker?: PlacePickerState | null
}

/**
 * The registration form. Works without the script: every field is shown, with a hint saying
 * which types use it, and the server keeps only the chosen type's fields. With the script
 * (views/assets/app-js.ts, `data-reg-form`), only the chosen type's fields show.
 */
export function RegistrationForm({
  action,
  id,
  csrf,
  values,
  errorField,
  errors = {},
  prefill,
  hukouPrefill,
  buttons,
  targetedUnit,
  staff,
  picker,
}: FormProps) {
  const d = values.destination
  const a = values.archive
  const h = values.hukou
  const bad = (p: string) => errorField === p || !!errors[fieldId(p) ?? '']
  const err = (id: string) => errors[id] ?? null
  return (
    <form
      id={id}
      method="post"
      action={action}
      class="card reg-form"
      data-reg-form
      data-type-fields={TYPE_FIELDS_JSON}
      data-prefill={prefill ? JSON.stringify(prefill) : undefined}
      data-hukou-prefill={hukouPrefill ? JSON.stringify(hukouPrefill) : undefined}
    >
      <CsrfField token={csrf} />
      {/* Enter in a text field presses the form's first submit button: make that the safe one
          (暂存 / 保存), not 按生源地预填 further down. Hidden from sight and from the tab order. */}
      <button
        type="submit"
        name="intent"
        value={buttons[0].intent}
        class="default-submit"
        tabindex={-1}
        aria-hidden="true"
      >
        {buttons[0].label}
      </button>
      <fieldset>
        <legend>毕业去向</legend>
        {targetedUnit && (
          <p class="alert info">
            您是定向/委培毕业生，须按定向协议就业，毕业去向选择就业类去向，单位名称填写定向委培单位：
            <strong>{targetedUnit}</strong>
          </p>
        )}
        <label for="d_type">毕业去向</label>
        <FieldError id="d_type" message={err('d_type')} />
        <select
          id="d_type"
          name="d_type"
          aria-invalid={bad('destination.type') ? 'true' : undefined}
          aria-describedby={err('d_type') ? 'd_type-error' : undefined}
        >
          <option value="">请选择</option>
          {DESTINATION_CATEGORIES.map((cat) => (
            <optgroup label={cat}>
              {DESTINATION_TYPES.filter((t) => t.category === cat).map((t) => (
                <option value={t.name} selected={d.type === t.name}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <p class="hint">选择后只需填写该去向用到的项目；未就业各类无需填写单位信息。</p>
        {DESTINATION_FIELDS.map((f) => {
          const id = `d_${f}`
          const invalid = bad(`destination.${f}`)
          return (
            <div class="dest-field" data-dest-field={f}>
              {f === 'unitNature' || f === 'unitIndustry' || f === 'jobCategory' ? (
                <>
                  <label for={id}>{DESTINATION_FIELD_NAMES[f]}</label>
                  <p class="hint no-js-hint">{typesShowing(f)}</p>
                  <FieldError id={id} message={err(id)} />
                  <CodeSelect
                    id={id}
                    name={id}
                    table={
                      f === 'unitNature' ? unitNatureTable : f === 'unitIndustry' ? unitIndustryTable : jobCategoryTable
                    }
                    value={d[f]}
                    invalid={invalid}
                  />
                </>
              ) : f === 'unitLocation' ? (
                <PlaceField
                  id={id}
                  label={DESTINATION_FIELD_NAMES[f]}
                  value={d[f]}
                  invalid={invalid}
                  error={err(id)}
                  hint={`${typesShowing(f)}。${PLACE_HINT}`}
                  currentName={placeName(d[f])}
                  picker={picker}
                  action={action}
                />
              ) : (
                <TextField
                  id={id}
                  name={id}
                  label={DESTINATION_FIELD_NAMES[f]}
                  value={d[f]}
                  invalid={invalid}
                  error={err(id)}
                  hint={f === 'unitCreditCode' ? `18 位，见营业执照。${typesShowing(f)}` : typesShowing(f)}
                  maxlength={f === 'unitCreditCode' ? 18 : 100}
                />
              )}
            </div>
          )
        })}
      </fieldset>
      <fieldset data-archive>
        <legend>档案转递</legend>
        <label for="a_transferType">档案转递类型</label>
        <FieldError id="a_transferType" message={err('a_transferType')} />
        <select
          id="a_transferType"
          name="a_transferType"
          aria-invalid={bad('archive.transferType') ? 'true' : undefined}
          aria-describedby={err('a_transferType') ? 'a_transferType-error' : undefined}
        >
          <option value="">请选择</option>
          {ARCHIVE_TRANSFER_TYPES.map((t) => (
            <option value={t} selected={a.transferType === t}>
              {t}
            </option>
          ))}
        </select>
        {!staff && (
          <p class="hint">
            选择“转回生源地”时，按您的生源所在地预填档案接收单位，如与实际不符请修改。{' '}
            <button class="linkish-dark" type="submit" name="intent" value="prefill" formnovalidate>
              按生源地预填
            </button>
          </p>
        )}
        {/* With the script: said in place when 转回生源地 is chosen and the 名录 has no unit. */}
        {!staff && prefill && !prefill.unitName && (
          <p class="alert info" data-prefill-miss role="status" hidden>
            名录中没有您生源所在地的档案接收单位，已填入生源所在地，请自行填写单位名称、地址等。
          </p>
        )}
        <TextField
          id="a_unitName"
          error={err('a_unitName')}
          name="a_unitName"
          label="档案转递单位名称"
          value={a.unitName}
          invalid={bad('archive.unitName')}
          maxlength={100}
        />
        <TextField
          id="a_unitAddress"
          error={err('a_unitAddress')}
          name="a_unitAddress"
          label="档案转递单位地址"
          value={a.unitAddress}
          invalid={bad('archive.unitAddress')}
          maxlength={100}
        />
        <PlaceField
          id="a_unitLocation"
          error={err('a_unitLocation')}
          label="档案转递单位所在地"
          value={a.unitLocation}
          invalid={bad('archive.unitLocation')}
          hint={PLACE_HINT}
          currentName={placeName(a.unitLocation)}
          picker={picker}
          action={action}
        />
        <TextField
          id="a_postcode"
          error={err('a_postcode')}
          name="a_postcode"
          label="档案转递单位邮编"
          value={a.postcode}
          invalid={bad('archive.postcode')}
          hint="6 位数字"
          inputmode="numeric"
          maxlength={6}
          autocomplete="postal-code"
        />
        <TextField
          id="a_contact"
          error={err('a_contact')}
          name="a_contact"
          label="档案转递联系人"
          value={a.contact}
          invalid={bad('archive.contact')}
          maxlength={50}
        />
        <TextField
          id="a_phone"
          error={err('a_phone')}
          name="a_phone"
          label="档案转递联系电话"
          value={a.phone}
          invalid={bad('archive.phone')}
          hint="手机号码，或带区号的固定电话"
          inputmode="tel"
          maxlength={20}
        />
      </fieldset>
      <fieldset data-hukou>
        <legend>户口迁移</legend>
        <label for="h_migrationType">户口迁移类型</label>
        <FieldError id="h_migrationType" message={err('h_migrationType')} />
        <select
          id="h_migrationType"
          name="h_migrationType"
          aria-invalid={bad('hukou.migrationType') ? 'true' : undefined}
          aria-describedby={err('h_migrationType') ? 'h_migrationType-error' : undefined}
        >
          <option value="">请选择</option>
          {HUKOU_MIGRATION_TYPES.map((t) => (
            <option value={t} selected={h.migrationType === t}>
              {t}
            </option>
          ))}
        </select>
        {!staff && (
          <p class="hint">
            选择“转回生源地”时，按您的生源所在地和家庭住址预填，如与实际不符请修改。{' '}
            <button class="linkish-dark" type="submit" name="intent" value="prefillHukou" formnovalidate>
              按生源地预填户口
            </button>
          </p>
        )}
        <div data-hukou-detail>
          <PlaceField
            id="h_location"
            error={err('h_location')}
            label="户口迁移所在地"
            value={h.location}
            invalid={bad('hukou.location')}
            hint={`选择“不迁移”时无需填写。${PLACE_HINT}`}
            currentName={placeName(h.location)}
            picker={picker}
            action={action}
          />
          <TextField
            id="h_address"
            error={err('h_address')}
            name="h_address"
            label="户口迁移地址"
            value={h.address}
            invalid={bad('hukou.address')}
            hint="选择“不迁移”时无需填写"
            maxlength={200}
          />
        </div>
      </fieldset>
      {staff && (
        <>
          <label for="reason">修改原因</label>
          <input id="reason" name="reason" type="text" maxlength={200} placeholder="如：与毕业生沟通一致后修改" />
        </>
      )}
      <div class="actions">
        {buttons.map((b) => (
          <button type="submit" name="intent" value={b.intent} class={b.secondary ? 'secondary' : undefined}>
            {b.label}
          </button>
        ))}
      </div>
    </form>
  )
}
