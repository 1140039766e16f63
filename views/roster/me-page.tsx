/** The graduate's home page (/me): the roster record and the self-check form (seeds 001, 002). */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type Who } from '../layout.js'
import { RecordTable, type RecordRow } from './graduate-page.js'
import { CORRECTION_STATUS, DiffTable, type DiffRow } from './corrections-page.js'
import { ConfirmationPrompt } from '../confirmation/prompt.js'
import type { ConfirmationState } from '../../src/domain/confirmation.js'
import type { RegistrationStatus } from '../../src/domain/registration/states.js'
import { STATUS_NAMES } from '../../src/domain/registration/index.js'
import { PlaceField, type PlacePickerState } from '../components/place-field.js'
import { AgreementHomeCard, InvitationsCard, type HomeAgreement, type OpenInvitation } from '../agreements/me-page.js'

/** What the graduate should do about the registration, by its status. */
const REGISTRATION_NEXT: Record<RegistrationStatus | 'none', string> = {
  none: '还没有登记毕业去向。',
  draft: '已暂存，尚未提交审核。',
  submitted: '已提交，等待审核。',
  department_approved: '院系已审核通过，等待学校审核。',
  approved: '审核通过，登记已生效。',
  returned: '被退回修改，请按原因修改后重新提交。',
  rejected: '审核不通过，请重新登记。',
  voided: '登记已作废，请重新登记。',
}

export interface SelfCheckFormValues {
  originCode: string
  phone: string
  email: string
  qq: string
  homeAddress: string
  homePhone: string
  urbanRural: string
}

export function MyRosterPage(p: {
  nav: NavItem[]
  who: Who
  csrf: string
  name: string
  fixed: RecordRow[]
  other: RecordRow[]
  correction: { status: string; reason: string | null; createdAt: string; rows: DiffRow[] } | null
  form: SelfCheckFormValues
  originName: string | null
  error?: string | null
  /** Each failing field's message, printed at that field. */
  errors?: Record<string, string>
  notice?: string | null
  /** The confirmation state, for the reminder (absent: no reminder). */
  confirmation?: ConfirmationState | null
  registrationStatus?: RegistrationStatus | null
  /** The 生源所在地 picker's results (no JavaScript). */
  picker?: PlacePickerState | null
  /** Online invitations waiting for the graduate's answer. */
  invitations?: OpenInvitation[]
  /** The agreement that binds the graduate (or a draft of their own), with its next step. */
  agreement?: HomeAgreement | null
}) {
  const pending = p.correction?.status === 'submitted'
  const bad = (f: string) => (p.errors?.[f] ? 'true' : undefined)
  // Each message beside its own field, so it is found where it is fixed.
  const fieldError = (f: string) =>
    p.errors?.[f] ? (
      <p class="field-error" id={`${f}-error`}>
        {p.errors[f]}
      </p>
    ) : null
  return (
    <Layout title="我的生源信息" nav={p.nav} current="/me" who={p.who} narrow>
      <h1>我的生源信息</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      {p.errors && Object.keys(p.errors).length > 1 ? (
        <ErrorSummary items={Object.entries(p.errors).map(([f, message]) => ({ message, href: `#${f}` }))} />
      ) : (
        <ErrorAlert message={p.error} />
      )}
      <ConfirmationPrompt state={p.confirmation} />
      <AgreementHomeCard a={p.agreement ?? null} />
      <InvitationsCard items={p.invitations ?? []} csrf={p.csrf} />
      {p.registrationStatus !== undefined && (
        <div class="card" data-registration-status={p.registrationStatus ?? 'none'}>
          <h2>毕业去向登记</h2>
          <p>
            {p.registrationStatus && <span class="badge">{STATUS_NAMES[p.registrationStatus]}</span>}{' '}
            {REGISTRATION_NEXT[p.registrationStatus ?? 'none']}{' '}
            <a href="/me/registration">
              {p.registrationStatus && p.registrationStatus !== 'draft' ? '查看去向登记' : '去登记毕业去向'}
            </a>
          </p>
        </div>
      )}
      {p.correction && (
        <div
          class={`alert ${p.correction.status === 'returned' ? 'warn' : p.correction.status === 'approved' ? 'ok' : 'info'}`}
          role="status"
        >
          <h2>生源核对：{CORRECTION_STATUS[p.correction.status] ?? p.correction.status}</h2>
          <p>
            {p.correction.status === 'submitted' && '已提交，等待学院审核；审核前可以撤回修改。'}
            {p.correction.status === 'approved' && '学院已审核通过，学校记录已更新。'}
            {p.correction.status === 'returned' && `学院退回：${p.correction.reason ?? ''}。请修改后重新提交。`}
            {p.correction.status === 'withdrawn' && '您已撤回，可修改后重新提交。'}
          </p>
        </div>
      )}
      <div class="card">
        <h2>学籍信息</h2>
        <p class="hint">
          以下信息不能自行修改。如有错误，请联系所在学院辅导员修改；“所在院系”有误的，由学院联系学校就业部门修改。
        </p>
        <RecordTable rows={p.fixed} />
      </div>
      <div class="card">
        <h2>其他信息</h2>
        <RecordTable rows={p.other} />
      </div>
      {pending && p.correction ? (
        <div class="card">
          <h2>已提交的核对</h2>
          <DiffTable rows={p.correction.rows} currentLabel="学校记录" proposedLabel="我填写的" />
          <form method="post" action="/me/roster/withdraw">
            <CsrfField token={p.csrf} />
            <div class="actions">
              <button class="secondary" type="submit" data-confirm="确定撤回这次提交吗？">
                撤回提交
              </button>
            </div>
          </form>
        </div>
      ) : (
        <form class="card" method="post" action="/me/roster">
          <CsrfField token={p.csrf} />
          <h2>核对并提交</h2>
          <p class="hint">请逐项核对，有误的直接改正；全部无误也请提交，学院审核通过后即完成生源核对。</p>
          <PlaceField
            id="originCode"
            label="生源所在地代码"
            value={p.form.originCode}
            hint="户籍所在地（高考时）的 6 位县级行政区划代码，须到区、县一级，不能填“市辖区”；可按地名查找。"
            currentName={p.originName}
            error={p.errors?.originCode}
            required
            picker={p.picker}
            action="/me/roster"
          />
          <label for="phone">手机号码</label>
          {fieldError('phone')}
          <input
            id="phone"
            name="phone"
            type="tel"
            inputmode="numeric"
            required
            value={p.form.phone}
            aria-invalid={bad('phone')}
          />
          <label for="email">电子邮箱</label>
          {fieldError('email')}
          <input id="email" name="email" type="email" value={p.form.email} aria-invalid={bad('email')} />
          <label for="qq">QQ号码</label>
          <p class="hint" id="qq-hint">
            纯数字
          </p>
          {fieldError('qq')}
          <input
            id="qq"
            name="qq"
            type="text"
            inputmode="numeric"
            value={p.form.qq}
            aria-describedby="qq-hint"
            aria-invalid={bad('qq')}
          />
          <label for="homeAddress">家庭住址</label>
          {fieldError('homeAddress')}
          <input
            id="homeAddress"
            name="homeAddress"
            type="text"
            maxlength={200}
            value={p.form.homeAddress}
            aria-invalid={bad('homeAddress')}
          />
          <label for="homePhone">家庭电话</label>
          {fieldError('homePhone')}
          <input id="homePhone" name="homePhone" type="tel" value={p.form.homePhone} aria-invalid={bad('homePhone')} />
          <fieldset>
            <legend>城乡生源（按高考时的实际情况）</legend>
            {fieldError('urbanRural')}
            <div class="choices">
              {[
                ['1', '城镇'],
                ['2', '农村'],
              ].map(([v, l]) => (
                <label>
                  <input type="radio" name="urbanRural" value={v} checked={p.form.urbanRural === v} /> {l}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="actions">
            <button class="block" type="submit">
              提交核对
            </button>
          </div>
        </form>
      )}
    </Layout>
  )
}
