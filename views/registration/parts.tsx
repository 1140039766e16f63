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
import { ATTACHMENT_PART_NAMES, MAX_PART_FILES } from '../../src/domain/registration/index.js'
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

/** The 单位信息 beyond the unit itself (seed 004 §2.1), shown when filled. */
const CONTACT_ROWS = [
  'jobTitle',
  'contactName',
  'contactPhone',
  'contactMobile',
  'contactEmail',
  'salary',
  'penalty',
] as const satisfies readonly DestinationField[]

/** The 档案 or 户口 图像材料 (seed 004 §2.10), read-only, previews through the authorised route. */
export interface PartImagesProps {
  items: AttachmentInfo[]
  /** The files' route (`…/attachments`): `base/{id}`. */
  base: string
}

function PartImages({ part, items, base }: PartImagesProps & { part: 'archive' | 'hukou' }) {
  const mine = items.filter((a) => a.part === part)
  return (
    <>
      <h3>{ATTACHMENT_PART_NAMES[part]}</h3>
      {mine.length ? <Attachments items={mine} base={base} preview /> : <p class="muted">未上传</p>}
    </>
  )
}

/** A destination as a read-only table (only the fields it has). */
function DestinationTable({ d }: { d: any }) {
  const code = (table: CodeTable, v: string) => codeName(table, v) ?? v
  const rows: Array<[string, string | null | undefined, string?]> = [
    ['毕业去向', d.type],
    ['单位名称', d.unitName],
    ['统一社会信用代码', d.unitCreditCode, 'mono'],
    ['单位性质', d.unitNature && code(unitNatureTable, d.unitNature)],
    ['单位行业', d.unitIndustry && code(unitIndustryTable, d.unitIndustry)],
    ['单位所在地', d.unitLocation && place(d.unitLocation)],
    ['工作职位类别', d.jobCategory && code(jobCategoryTable, d.jobCategory)],
    ...CONTACT_ROWS.map((f): [string, string | null] => [DESTINATION_FIELD_NAMES[f], d[f]]),
    ['升学院校', d.school],
    ['国家或地区', d.country],
  ]
  return (
    <table class="kv">
      <tbody>
        {rows
          .filter(([, v], i) => i === 0 || v)
          .map(([k, v, cls]) => (
            <tr>
              <th>{k}</th>
              <td class={cls}>{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  )
}

/** The registration as read-only tables; with `images`, the 档案 and 户口 图像材料 under their parts. */
export function Summary({
  destination,
  archive,
  hukou,
  images,
}: {
  destination: any
  archive: any
  hukou: any
  images?: PartImagesProps
}) {
  const d = destination
  return (
    <>
      <h2>毕业去向</h2>
      {d ? <DestinationTable d={d} /> : <p class="muted">未填写</p>}
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
            {archive.note && (
              <tr>
                <th>情况说明</th>
                <td class="text">{archive.note}</td>
              </tr>
            )}
          </tbody>
        </table>
      ) : (
        <p class="muted">未填写</p>
      )}
      {images && <PartImages part="archive" {...images} />}
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
            {hukou.note && (
              <tr>
                <th>情况说明</th>
                <td class="text">{hukou.note}</td>
              </tr>
            )}
          </tbody>
        </table>
      ) : (
        <p class="muted">未填写</p>
      )}
      {images && <PartImages part="hukou" {...images} />}
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
              <img
                class="proof-preview"
                src={`${base}/${a.id}`}
                alt={`${ATTACHMENT_PART_NAMES[a.part]}：${a.filename}`}
                loading="lazy"
              />
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
  /**
   * An agreement holds the destination: it is shown, not edited (why, in `message`), and only
   * 档案 and 户口 are inputs.
   */
  heldDestination?: { destination: any; message: string } | null
  /**
   * The 档案 and 户口 图像材料 at their parts: listed with previews, and — with `upload` — each
   * part's 上传 (posting the whole form, as the proof's does) and 删除.
   */
  images?: { items: AttachmentInfo[]; base: string; upload?: { action: string; deleteBase: string } } | null
}

/** Hints of the 单位信息 beyond the unit (seed 004 §2.1's placeholders). */
const FIELD_HINTS: Partial<Record<DestinationField, string>> = {
  contactPhone: '固定电话或手机号码。签就业协议书就业须填写联系人电话或联系人手机（至少一个）',
  contactMobile: '11 位手机号码',
  contactEmail: '选填',
  salary: '选填，如：3000 元/月',
  penalty: '选填，如：100 元',
}
const INPUT_MODES: Partial<Record<DestinationField, string>> = {
  contactPhone: 'tel',
  contactMobile: 'tel',
  contactEmail: 'email',
}

/** A part's 情况说明 (seed 004 §2.10: 选填, 200字以内). */
function NoteField({ id, label, value, error }: { id: string; label: string; value?: string; error?: string | null }) {
  return (
    <>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        选填，200 字以内。
      </p>
      <FieldError id={id} message={error} />
      <textarea
        id={id}
        name={id}
        rows={2}
        maxlength={200}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
      >
        {value ?? ''}
      </textarea>
    </>
  )
}

/**
 * A part's 图像材料 inside the registration form (seed 004 §2.10: 最多上传三张图片): the images with
 * previews, and with `upload` a file input and 上传 that post the whole form (what was typed is
 * saved with it), and 删除 buttons that post to the file's delete (asked first).
 */
function PartImageInputs({
  part,
  items,
  base,
  upload,
  error,
}: {
  part: 'archive' | 'hukou'
  items: AttachmentInfo[]
  base: string
  upload?: { action: string; deleteBase: string }
  error?: string | null
}) {
  const mine = items.filter((a) => a.part === part)
  const name = ATTACHMENT_PART_NAMES[part]
  const id = part === 'archive' ? 'a_images' : 'h_images'
  const max = MAX_PART_FILES[part]
  return (
    <div class="part-images" data-part-images={part}>
      <h3>{name}</h3>
      <p class="hint" id={`${id}-hint`}>
        {part === 'archive' ? '可上传单位调档函等材料供审核参考。' : '可上传户口迁转相关材料供审核参考。'}
        最多 {max} 张，JPEG 或 PNG 图片，每张不超过 5 MB。
      </p>
      {mine.length ? (
        <ul class="proofs">
          {mine.map((a) => (
            <li>
              <a href={`${base}/${a.id}`}>
                <img class="proof-preview" src={`${base}/${a.id}`} alt={`${name}：${a.filename}`} loading="lazy" />
              </a>
              <a href={`${base}/${a.id}`}>{a.filename}</a>
              {upload && (
                <button
                  class="secondary small"
                  type="submit"
                  formaction={`${upload.deleteBase}/${a.id}/delete`}
                  formmethod="post"
                  formnovalidate
                  data-confirm={`删除“${a.filename}”？`}
                >
                  删除
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">未上传</p>
      )}
      {upload && mine.length < max && (
        <>
          <label for={id}>选择{name}</label>
          <FieldError id={id} message={error} />
          <input
            id={id}
            name={id}
            type="file"
            accept="image/jpeg,image/png"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
          />
          <div class="actions">
            <button
              class="secondary"
              type="submit"
              name="part"
              value={part}
              formaction={upload.action}
              formenctype="multipart/form-data"
              formmethod="post"
              formnovalidate
            >
              上传{name}
            </button>
          </div>
        </>
      )}
    </div>
  )
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
  heldDestination,
  images,
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
      {heldDestination ? (
        <fieldset>
          <legend>毕业去向</legend>
          <p class="alert info" data-held-destination>
            {heldDestination.message}
          </p>
          <DestinationTable d={heldDestination.destination} />
        </fieldset>
      ) : (
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
                        f === 'unitNature'
                          ? unitNatureTable
                          : f === 'unitIndustry'
                            ? unitIndustryTable
                            : jobCategoryTable
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
                    hint={
                      f === 'unitCreditCode'
                        ? `18 位，见营业执照。${typesShowing(f)}`
                        : FIELD_HINTS[f]
                          ? `${FIELD_HINTS[f]}。${typesShowing(f)}`
                          : typesShowing(f)
                    }
                    inputmode={INPUT_MODES[f]}
                    maxlength={
                      f === 'unitCreditCode'
                        ? 18
                        : f === 'unitName' || f === 'school' || f === 'contactEmail'
                          ? 100
                          : 50
                    }
                  />
                )}
              </div>
            )
          })}
        </fieldset>
      )}
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
        <NoteField id="a_note" label="档案情况说明" value={a.note} error={err('a_note')} />
        {images && <PartImageInputs part="archive" {...images} error={err('a_images')} />}
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
        <NoteField id="h_note" label="户口情况说明" value={h.note} error={err('h_note')} />
        {images && <PartImageInputs part="hukou" {...images} error={err('h_images')} />}
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
