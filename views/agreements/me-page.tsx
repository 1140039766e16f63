/**
 * The graduate's 我的签约 (seed 004 §2.3 (2)): each invitation and agreement with its 签约信息 and
 * 单位信息; an invitation still open is answered with 接受 / 拒绝 before its 应约截止时间. Once the
 * graduate has accepted one (or is bound by another agreement), the others can be read but not
 * answered. The card on /me lists the open invitations with the same two buttons.
 */
import { CsrfField, ErrorAlert, ErrorSummary, Layout, type LayoutProps, type NavItem } from '../layout.js'
import {
  AGREEMENT_STATUS_NAMES,
  KIND_NAMES,
  RESCISSION_REASONS,
  type AgreementKind,
  type AgreementStatus,
} from '../../src/domain/agreement.js'
import { KvTable, Notice, SelectField, TextAreaField, TextField, type Errors } from '../components/form-fields.js'
import { UnitFields } from '../components/unit-fields.js'
import type { PlacePickerState } from '../components/place-field.js'
import { JobFields } from './job-fields.js'
import { cst } from './employer-pages.js'

export interface MyAgreementView {
  id: number
  kind: AgreementKind
  status: AgreementStatus
  agreementNo: string | null
  unit: {
    name: string
    creditCode: string
    nature: string | null
    industry: string | null
    location: string | null
    address: string
    contact: string
    phone: string
    email: string | null
  }
  job: Array<[label: string, value: string | null]>
  archiveTransfer: string | null
  hukouTransfer: string | null
  terms: string | null
  invitedAt: string
  expiresAt: string | null
  responseDays: number | null
  /** 接受 / 拒绝 may be pressed (invited, not past the deadline, no other agreement binding). */
  canAnswer: boolean
  pdfHref: string | null
  lastReason: string | null
  /** 补登: the number printed on the paper agreement. */
  paperNo: string | null
  files: Array<{ id: string; purpose: 'scan' | 'rescission_letter'; filename: string; href: string }>
  /** What the graduate does next, in one sentence (issue 16 item 6). */
  nextStep: string | null
  /** The buttons the state machine allows now. */
  actions: MyAction[]
  /** While 解约中: who asked, why. */
  rescission: { by: string; reason: string; note: string | null } | null
}

export type MyAction = 'edit' | 'submit' | 'withdraw' | 'scan' | 'rescind' | 'answer_rescission' | 'reask_rescission'

function AnswerButtons({ id, unit, csrf }: { id: number; unit: string; csrf: string }) {
  return (
    <div class="grant-actions">
      <form
        class="inline"
        method="post"
        action={`/me/agreements/${id}/answer`}
        data-confirm={`接受后即与${unit}签约（等待学校鉴证），其他单位的邀请将只能查看。确定接受吗？`}
      >
        <CsrfField token={csrf} />
        <input type="hidden" name="answer" value="accept" />
        <button type="submit">接受</button>
      </form>{' '}
      <form
        class="inline"
        method="post"
        action={`/me/agreements/${id}/answer`}
        data-confirm={`确定拒绝${unit}的签约邀请吗？`}
      >
        <CsrfField token={csrf} />
        <input type="hidden" name="answer" value="decline" />
        <button class="secondary" type="submit">
          拒绝
        </button>
      </form>
    </div>
  )
}

export function MyAgreementsPage(p: {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  items: MyAgreementView[]
  /** The graduate is bound by one agreement: the other invitations can be read only. */
  bound: boolean
  /** The school allows 补登. */
  paperAllowed: boolean
  notice?: string | null
  error?: string | null
}) {
  return (
    <Layout title="我的签约" nav={p.nav} who={p.who} current="/me/agreements" narrow>
      <h1>我的签约</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      {p.bound && (
        <div class="alert info" role="status">
          毕业生只能与一家用人单位签约：您已同意或已签订一份就业协议，其他单位的签约邀请只能查看，无法操作。
        </div>
      )}
      {!p.bound && (
        <div class="card actions" data-own-start>
          <a class="button secondary" href="/me/agreements/new?kind=offline">
            申请线下签约
          </a>
          {p.paperAllowed && (
            <a class="button secondary" href="/me/agreements/new?kind=paper">
              补登纸质协议
            </a>
          )}
          <p class="hint">
            线下签约：单位未在系统注册时，由您填写单位和岗位信息，学校审核后打印协议书交单位盖章。补登：已签好纸质就业协议书的，照协议书录入并上传盖章后的协议书图像。
          </p>
        </div>
      )}
      {p.items.length === 0 ? (
        <div class="card empty">还没有签约邀请或就业协议。用人单位在系统中向您发起签约邀请后，会在这里显示。</div>
      ) : (
        p.items.map((a) => (
          <section class="card" data-agreement={String(a.id)} aria-labelledby={`a${a.id}-h`}>
            <h2 id={`a${a.id}-h`}>
              {a.unit.name}{' '}
              <span class={a.status === 'in_force' ? 'badge ok' : 'badge'}>{AGREEMENT_STATUS_NAMES[a.status]}</span>
            </h2>
            <h3>签约信息</h3>
            <KvTable
              caption="签约信息"
              rows={[
                ['协议编号', a.agreementNo ?? a.paperNo ?? '--'],
                ['签约类型', KIND_NAMES[a.kind]],
                ['签约状态', AGREEMENT_STATUS_NAMES[a.status]],
                ['邀约时间', cst(a.invitedAt)],
                ...a.job,
                ['应约有效期', a.responseDays ? `${a.responseDays}天` : null],
                ['应约截止时间', cst(a.expiresAt)],
                ['单位是否接收档案', a.archiveTransfer],
                ['单位是否解决户口', a.hukouTransfer],
                ['协议补充内容', a.terms],
              ]}
            />
            <details>
              <summary>单位信息</summary>
              <KvTable
                caption="单位信息"
                rows={[
                  ['单位名称', a.unit.name],
                  ['统一社会信用代码', a.unit.creditCode],
                  ['单位性质', a.unit.nature],
                  ['单位行业', a.unit.industry],
                  ['单位所在地', a.unit.location],
                  ['通讯地址', a.unit.address],
                  ['单位联系人', a.unit.contact],
                  ['联系人电话', a.unit.phone],
                  ['联系人邮箱', a.unit.email],
                ]}
              />
            </details>
            {a.lastReason && <p class="muted">原因：{a.lastReason}</p>}
            {a.pdfHref && (
              <p>
                <a class="button secondary" href={a.pdfHref}>
                  下载协议书
                </a>
              </p>
            )}
            {a.canAnswer && <AnswerButtons id={a.id} unit={a.unit.name} csrf={p.csrf} />}
            <NextStep a={a} csrf={p.csrf} />
          </section>
        ))
      )}
    </Layout>
  )
}

export interface OpenInvitation {
  id: number
  unitName: string
  jobTitle: string | null
  expiresAt: string | null
  canAnswer: boolean
}

/** The home page's card: the invitations waiting for an answer. */
export function InvitationsCard({ items, csrf }: { items: OpenInvitation[]; csrf: string }) {
  if (!items.length) return null
  return (
    <section class="card" data-invitations aria-labelledby="inv-h">
      <h2 id="inv-h">签约邀请（{items.length}）</h2>
      <ul class="grant-list">
        {items.map((i) => (
          <li data-invitation={String(i.id)}>
            <div class="grant-head">
              <strong>{i.unitName}</strong> {i.jobTitle ? `· ${i.jobTitle}` : ''}
            </div>
            <div class="muted">请在 {cst(i.expiresAt)}（北京时间）前回应</div>
            {i.canAnswer ? (
              <AnswerButtons id={i.id} unit={i.unitName} csrf={csrf} />
            ) : (
              <div class="muted">您已与其他单位签约，这份邀请只能查看。</div>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href="/me/agreements">查看邀请详情（岗位、户档、补充条款）</a>
      </p>
    </section>
  )
}

function PostButton(p: {
  action: string
  csrf: string
  label: string
  confirm?: string
  secondary?: boolean
  fields?: Record<string, string>
}) {
  return (
    <form class="inline" method="post" action={p.action} data-confirm={p.confirm}>
      <CsrfField token={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button class={p.secondary ? 'secondary' : undefined} type="submit">
        {p.label}
      </button>
    </form>
  )
}

/** The next step of one agreement and its buttons (issue 16 item 6: the agreement, its status and the next step in one place). */
function NextStep({ a, csrf }: { a: MyAgreementView; csrf: string }) {
  const base = `/me/agreements/${a.id}`
  const has = (x: MyAction) => a.actions.includes(x)
  const scans = a.files.filter((f) => f.purpose === 'scan')
  const letters = a.files.filter((f) => f.purpose === 'rescission_letter')
  if (!a.nextStep && a.actions.length === 0 && a.files.length === 0) return null
  return (
    <div class="next-step" data-next-step>
      {a.nextStep && (
        <p>
          <strong>下一步：</strong>
          {a.nextStep}
        </p>
      )}
      {a.rescission && (
        <p class="muted">
          解约申请（{a.rescission.by}）：{a.rescission.reason}
          {a.rescission.note ? `，${a.rescission.note}` : ''}
        </p>
      )}
      {(scans.length > 0 || letters.length > 0) && (
        <ul class="grant-list">
          {scans.map((f) => (
            <li>
              协议书图像：<a href={f.href}>{f.filename}</a>
            </li>
          ))}
          {letters.map((f) => (
            <li>
              解约函：<a href={f.href}>{f.filename}</a>
            </li>
          ))}
        </ul>
      )}
      {has('scan') && (
        <form method="post" action={`${base}/scan`} enctype="multipart/form-data" class="upload">
          <CsrfField token={csrf} />
          <label for={`scan-${a.id}`}>{scans.length ? '重新上传协议书图像' : '上传盖章后的协议书图像'}</label>
          <p class="hint" id={`scan-${a.id}-hint`}>
            JPEG、PNG 或 PDF，不超过 10 MB；请拍摄或扫描清晰、完整的协议书（字迹清晰、公章可辨）。
          </p>
          <input
            id={`scan-${a.id}`}
            type="file"
            name="file"
            accept="image/jpeg,image/png,application/pdf"
            aria-describedby={`scan-${a.id}-hint`}
            required
          />
          <button class="secondary" type="submit">
            上传
          </button>
        </form>
      )}
      <div class="actions">
        {has('edit') && (
          <a class="button secondary" href={`${base}/edit`}>
            修改协议信息
          </a>
        )}
        {has('submit') && <PostButton action={`${base}/submit`} csrf={csrf} label="提交审核" />}
        {has('withdraw') && (
          <PostButton
            action={`${base}/withdraw`}
            csrf={csrf}
            label="撤回"
            secondary
            confirm="撤回后可修改再提交。确定撤回吗？"
          />
        )}
        {has('rescind') && (
          <a class="button secondary" href={`${base}/rescission`}>
            申请解约
          </a>
        )}
        {has('reask_rescission') && (
          <a class="button secondary" href={`${base}/rescission`}>
            修改后重新申请解约
          </a>
        )}
        {has('answer_rescission') && (
          <>
            <PostButton
              action={`${base}/rescission-answer`}
              csrf={csrf}
              label="同意解约"
              fields={{ answer: 'accept' }}
              confirm="同意后提交学校解约审核，审核通过即解除协议，毕业去向中的就业信息将清空。确定同意吗？"
            />
            <PostButton
              action={`${base}/rescission-answer`}
              csrf={csrf}
              label="不同意解约"
              secondary
              fields={{ answer: 'decline' }}
              confirm="不同意后协议继续有效。确定吗？"
            />
          </>
        )}
      </div>
    </div>
  )
}

/** The 线下签约 / 补登 form (seed 004 §2.5 (1), §2.6 (1)): the unit, the job, 户档, 补充条款, and for 补登 the 协议编号. */
export function OwnAgreementFormPage(p: {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  kind: 'offline' | 'paper'
  /** null: a new one. */
  id: number | null
  values: Record<string, string | undefined>
  errors?: Errors
  error?: string | null
  locationName: string | null
  picker?: PlacePickerState | null
}) {
  const e = p.errors ?? {}
  const action = p.id ? `/me/agreements/${p.id}/edit` : '/me/agreements/new'
  const title = p.kind === 'paper' ? '补登纸质就业协议' : '申请线下签约'
  const many = Object.keys(e).length
  return (
    <Layout title={title} nav={p.nav} who={p.who} current="/me/agreements" narrow>
      <p>
        <a href="/me/agreements">← 我的签约</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {p.kind === 'paper'
          ? '请照已签订的纸质就业协议书录入；保存后上传盖章后的协议书图像，再提交学校审核。'
          : '请填写单位和岗位信息；学校协议审核通过后，下载协议书打印，交单位盖章后上传图像，再提交签约审核。'}
      </p>
      {many > 1 ? (
        <ErrorSummary items={Object.entries(e).map(([f, message]) => ({ message, href: `#${f}` }))} />
      ) : (
        <ErrorAlert message={p.error ?? (many ? Object.values(e)[0] : null)} />
      )}
      <form class="card" method="post" action={action} novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="kind" value={p.kind} />
        {p.kind === 'paper' && (
          <TextField
            id="agreementNo"
            label="协议编号"
            hint="纸质协议书上印的编号。"
            value={p.values.agreementNo}
            error={e.agreementNo}
            maxlength={30}
            required
          />
        )}
        <h2>单位信息</h2>
        <UnitFields
          prefix="unit_"
          values={p.values}
          errors={e}
          locationName={p.locationName}
          picker={p.picker}
          action={action}
        />
        <JobFields values={p.values} errors={e} />
        <h2>补充条款</h2>
        <TextAreaField id="terms" label="协议补充内容" value={p.values.terms} error={e.terms} maxlength={2000} />
        <div class="actions">
          <button class="block" type="submit">
            保存
          </button>
        </div>
        <p class="hint">保存后在“我的签约”中提交审核；提交前可随时修改。</p>
      </form>
    </Layout>
  )
}

/** 申请解约 (seed 004 §2.4 (2), §2.7 (1)): the reason, a note, and for 线下签约 / 补登 the unit's 解约函. */
export function RescissionFormPage(p: {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  id: number
  unitName: string
  needsLetter: boolean
  /** Asked again after a return: the letter already given may stay. */
  again: boolean
  values: { reason?: string; note?: string }
  errors?: Errors
  error?: string | null
}) {
  const e = p.errors ?? {}
  return (
    <Layout title="申请解约" nav={p.nav} who={p.who} current="/me/agreements" narrow>
      <p>
        <a href="/me/agreements">← 我的签约</a>
      </p>
      <h1>申请解约</h1>
      <p class="lead">
        与{p.unitName}的就业协议。
        {p.needsLetter
          ? '请上传单位出具的解约函，提交后由学校审核；审核通过后毕业去向中的就业信息将清空。'
          : '提交后由单位回应，单位同意后由学校审核；审核通过后毕业去向中的就业信息将清空。'}
        解约期间不能签订其他协议或登记其他去向。
      </p>
      <ErrorAlert message={p.error ?? (Object.keys(e).length ? Object.values(e)[0] : null)} />
      <form
        class="card"
        method="post"
        action={`/me/agreements/${p.id}/rescission`}
        enctype={p.needsLetter ? 'multipart/form-data' : undefined}
        novalidate
      >
        <CsrfField token={p.csrf} />
        <SelectField
          id="reason"
          label="解约原因"
          value={p.values.reason}
          error={e.reason}
          options={RESCISSION_REASONS.map((r): [string, string] => [r, r])}
          placeholder="请选择"
          required
        />
        <TextAreaField id="note" label="情况说明" value={p.values.note} error={e.note} maxlength={200} />
        {p.needsLetter && (
          <div class="field">
            <label for="file">解约函{p.again ? '（已上传过的可不再上传）' : ''}</label>
            <p class="hint" id="file-hint">
              单位盖章的解约函：JPEG、PNG 或 PDF，不超过 10 MB。
            </p>
            {e.file && (
              <p class="field-error" id="file-error">
                {e.file}
              </p>
            )}
            <input
              id="file"
              type="file"
              name="file"
              accept="image/jpeg,image/png,application/pdf"
              aria-describedby={e.file ? 'file-error file-hint' : 'file-hint'}
              aria-invalid={e.file ? 'true' : undefined}
              required={!p.again}
            />
          </div>
        )}
        <div class="actions">
          <button class="block" type="submit">
            提交解约申请
          </button>
        </div>
      </form>
    </Layout>
  )
}

export interface HomeAgreement {
  id: number
  kind: AgreementKind
  unitName: string
  status: AgreementStatus
  nextStep: string | null
}

/** The home page's card: the agreement, its status and the next step in one place (issue 16 item 6). */
export function AgreementHomeCard({ a }: { a: HomeAgreement | null }) {
  if (!a) return null
  return (
    <section class="card" data-home-agreement aria-labelledby="home-agr-h">
      <h2 id="home-agr-h">我的就业协议</h2>
      <p>
        <strong>{a.unitName}</strong> · {KIND_NAMES[a.kind]}{' '}
        <span class={a.status === 'in_force' ? 'badge ok' : 'badge'}>{AGREEMENT_STATUS_NAMES[a.status]}</span>
      </p>
      {a.nextStep && (
        <p>
          <strong>下一步：</strong>
          {a.nextStep}
        </p>
      )}
      <p>
        <a href="/me/agreements">查看协议、上传材料或申请解约</a>
      </p>
    </section>
  )
}
