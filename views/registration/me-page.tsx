/** The graduate's 去向登记 page at /me/registration: status, the form or the summary, proof, history. */
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type LayoutProps } from '../layout.js'
import { studentNav } from '../nav.js'
import { EDITABLE, MAX_ATTACHMENTS, STATUS_NAMES, needsProof } from '../../src/domain/registration/index.js'
import type { HoldingAgreementStatus, RegistrationJson } from '../../src/domain/registration/index.js'
import {
  Attachments,
  History,
  RegistrationForm,
  StatusBadge,
  Summary,
  TypeGuide,
  fieldId,
  formatTime,
  type FormValues,
} from './parts.js'
import type { PlacePickerState } from '../components/place-field.js'

export interface MePageProps {
  csrf: string
  name: string
  reg: RegistrationJson | null
  values: FormValues
  error?: string | null
  errorField?: string | null
  notice?: string | null
  /** info for a notice that reports nothing done (a prefill that found nothing); default ok. */
  noticeTone?: 'ok' | 'info'
  prefill: Record<string, string | null>
  /** The 转回生源地 户口 part: the 生源所在地 and the roster's 家庭住址. */
  hukouPrefill?: { location: string; address: string | null }
  targetedUnit: string | null
  who?: LayoutProps['who']
  /** Every problem found, each naming its field (shown as a list linking to the fields). */
  issues?: Array<{ field: string; message: string }>
  /** The graduate's username, so the history says 本人. */
  self?: string
  /** The location picker's results (no JavaScript). */
  picker?: PlacePickerState | null
  /** An agreement holds the destination (in force or 解约中): it is not voided or changed here. */
  held?: HoldingAgreementStatus | null
}

/**
 * Why the page offers no 作废 and no 修改去向 while an agreement holds the destination (seed 004
 * §2.7: it ends only by 解约, and 解约中 no other destination may be registered).
 */
const HELD_REASON: Record<HoldingAgreementStatus, string> = {
  in_force:
    '您的毕业去向来自已生效的就业协议，只能通过解约结束，因此不能作废登记或修改毕业去向。如需解约，请在“我的签约”中申请。档案和户口信息仍可修改。',
  rescinding:
    '正在解约中：解约完成前不能登记其他去向，也不能作废登记；解约审核通过后就业数据将清空，档案和户口信息保留。档案和户口信息仍可修改。',
}
const HELD_FORM_NOTE: Record<HoldingAgreementStatus, string> = {
  in_force: '毕业去向来自就业协议，此处不能修改；档案和户口信息可以修改。',
  rescinding: '正在解约中，毕业去向不能修改；档案和户口信息可以修改。',
}

const NEXT_STEP: Record<string, string> = {
  draft: '填写完毕并上传证明材料后，点击“提交审核”。',
  submitted: '已提交，等待审核。审核之前可以撤回修改。',
  department_approved: '院系已审核通过，等待学校审核。',
  approved: '审核通过，登记已生效。请到“登记确认”核对确认。如需重新登记，可作废本登记（无需审核，就业数据将清空）。',
  returned: '审核人员退回了登记，请按原因修改后重新提交。',
  rejected: '审核不通过，本次登记已作废。请重新填写并提交。',
  voided: '登记已作废。如需登记新的毕业去向，请重新填写并提交。',
}

/** The registration form's id: the proof file's input and 上传 post with it. */
const REG_FORM = 'reg-form'

export function MeRegistrationPage(p: MePageProps) {
  const reg = p.reg
  const status = reg?.status ?? null
  const held = p.held ?? null
  const editable = !held && (!status || EDITABLE.includes(status))
  // While an agreement holds the destination, 档案 and 户口 stay the graduate's to change.
  const partsEditable = editable || (!!held && (!status || status === 'approved' || EDITABLE.includes(status)))
  const lastReason = reg?.events.length ? reg.events[reg.events.length - 1].reason : null
  const files = reg?.attachments ?? []
  const proofs = files.filter((a) => a.part === 'proof')
  const issues = p.issues ?? (p.error ? [{ field: p.errorField ?? '', message: p.error }] : [])
  const errors: Record<string, string> = {}
  for (const i of issues) {
    const id = fieldId(i.field)
    if (id && !errors[id]) errors[id] = i.message
  }
  return (
    <Layout title="去向登记" nav={studentNav()} current="/me/registration" who={p.who} narrow>
      <h1>毕业去向登记</h1>
      {p.notice && (
        <div class={`alert ${p.noticeTone ?? 'ok'}`} role="status">
          {p.notice}
        </div>
      )}
      {issues.length > 1 ? (
        <ErrorSummary
          items={issues.map((i) => ({
            message: i.message,
            href: fieldId(i.field) ? `#${fieldId(i.field)}` : undefined,
          }))}
        />
      ) : issues.length === 1 && fieldId(issues[0].field) ? (
        <ErrorSummary
          title="提交未成功"
          items={[{ message: issues[0].message, href: `#${fieldId(issues[0].field)}` }]}
        />
      ) : (
        <ErrorAlert message={p.error} />
      )}
      <section class="card" aria-labelledby="reg-status">
        <h2 id="reg-status">登记状态</h2>
        {reg ? (
          <>
            <p>
              <StatusBadge status={reg.status} /> <span class="muted">来源：{reg.source}</span>
              {reg.submittedAt && <span class="muted"> · 提交：{formatTime(reg.submittedAt)}</span>}
            </p>
            {held ? (
              <div class="alert info" role="status" data-held={held}>
                {HELD_REASON[held]} <a href="/me/agreements">查看我的签约</a>
              </div>
            ) : (
              <p>{NEXT_STEP[reg.status]}</p>
            )}
            {(reg.status === 'returned' || reg.status === 'rejected') && lastReason && (
              <div class="alert warn">
                <strong>{STATUS_NAMES[reg.status]}原因：</strong>
                {lastReason}
              </div>
            )}
          </>
        ) : (
          <p>您还没有登记毕业去向。请选择毕业去向，填写档案转递和户口迁移信息，上传证明材料后提交审核。</p>
        )}
        {status === 'submitted' && (
          <form method="post" action="/me/registration/withdraw" data-confirm="撤回后可修改再提交。确定撤回？">
            <CsrfField token={p.csrf} />
            <button class="secondary" type="submit">
              撤回修改
            </button>
          </form>
        )}
        {status === 'approved' && !held && (
          <form
            method="post"
            action="/me/registration/void"
            data-confirm="作废后，已登记的就业数据将被清空，登记确认回到“未上报”，需要重新登记。确定作废？"
          >
            <CsrfField token={p.csrf} />
            <label for="void-reason">作废原因（选填）</label>
            <input id="void-reason" name="reason" type="text" maxlength={200} />
            <div class="actions">
              <button class="danger" type="submit">
                作废登记
              </button>
            </div>
          </form>
        )}
      </section>

      {partsEditable ? (
        <>
          {editable && <TypeGuide />}
          <RegistrationForm
            id={REG_FORM}
            action="/me/registration"
            csrf={p.csrf}
            values={p.values}
            errors={errors}
            prefill={p.prefill}
            hukouPrefill={p.hukouPrefill}
            picker={p.picker}
            targetedUnit={p.targetedUnit}
            heldDestination={held ? { destination: reg?.destination ?? null, message: HELD_FORM_NOTE[held] } : null}
            images={{
              items: files,
              base: '/me/registration/attachments',
              upload: { action: '/me/registration/attachments', deleteBase: '/me/registration/attachments' },
            }}
            buttons={
              held
                ? [{ intent: 'save', label: '保存档案、户口信息' }]
                : [
                    { intent: 'save', label: '暂存', secondary: true },
                    { intent: 'submit', label: '提交审核' },
                  ]
            }
          />
        </>
      ) : (
        reg && (
          <section class="card">
            <Summary
              destination={reg.destination}
              archive={reg.archive}
              hukou={reg.hukou}
              images={{ items: files, base: '/me/registration/attachments' }}
            />
          </section>
        )
      )}

      <section class="card" aria-labelledby="proof-h">
        <h2 id="proof-h">证明材料</h2>
        {held ? (
          <p class="hint">毕业去向来自就业协议，协议书图像在“我的签约”中。</p>
        ) : (
          <p class="hint">
            {needsProof(p.values.destination.type || reg?.destination?.type)
              ? '所选去向须上传证明材料（如协议书、劳动合同、录取通知书）。'
              : '未就业各类无需证明材料；其他去向须上传。'}
            最多 {MAX_ATTACHMENTS} 个文件，JPEG、PNG 图片或 PDF，每个不超过 5 MB。
          </p>
        )}
        <Attachments
          items={proofs}
          base="/me/registration/attachments"
          deleteBase={editable ? '/me/registration/attachments' : undefined}
          csrf={p.csrf}
        />
        {editable && proofs.length < MAX_ATTACHMENTS && (
          // Not a form of its own: the file and 上传 belong to the registration form (form=…) and post
          // all of it to the upload, which saves what was typed as the draft — so choosing a file
          // never throws away unsaved fields, with or without the script (issue 13 §7).
          <div class="proof-upload">
            <label for="proof-file">选择文件</label>
            {errors['proof-file'] && (
              <p class="field-error" id="proof-file-error">
                {errors['proof-file']}
              </p>
            )}
            <input
              id="proof-file"
              name="file"
              type="file"
              form={REG_FORM}
              accept="image/jpeg,image/png,application/pdf"
              aria-invalid={errors['proof-file'] ? 'true' : undefined}
              aria-describedby={errors['proof-file'] ? 'proof-file-error proof-upload-hint' : 'proof-upload-hint'}
            />
            <p class="hint" id="proof-upload-hint">
              上传时，表单中已填写的内容会一并暂存。
            </p>
            <div class="actions">
              <button
                class="secondary"
                type="submit"
                form={REG_FORM}
                formaction="/me/registration/attachments"
                formenctype="multipart/form-data"
                formmethod="post"
                formnovalidate
              >
                上传
              </button>
            </div>
          </div>
        )}
      </section>

      {reg && (
        <section class="card" aria-labelledby="hist-h">
          <h2 id="hist-h">登记记录</h2>
          <History events={reg.events} self={p.self} />
        </section>
      )}
    </Layout>
  )
}
