/**
 * The graduate's 我的签约 (seed 004 §2.3 (2)): each invitation and agreement with its 签约信息 and
 * 单位信息; an invitation still open is answered with 接受 / 拒绝 before its 应约截止时间. Once the
 * graduate has accepted one (or is bound by another agreement), the others can be read but not
 * answered. The card on /me lists the open invitations with the same two buttons.
 */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import {
  AGREEMENT_STATUS_NAMES,
  KIND_NAMES,
  type AgreementKind,
  type AgreementStatus,
} from '../../src/domain/agreement.js'
import { KvTable, Notice } from '../components/form-fields.js'
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
}

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
  notice?: string | null
  error?: string | null
}) {
  return (
    <Layout title="我的签约" nav={p.nav} who={p.who} current="/me/agreements" narrow scripts={['/static/app.js']}>
      <h1>我的签约</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      {p.bound && (
        <div class="alert info" role="status">
          毕业生只能与一家用人单位签约：您已同意或已签订一份就业协议，其他单位的签约邀请只能查看，无法操作。
        </div>
      )}
      {p.items.length === 0 ? (
        <div class="card empty">还没有签约邀请。用人单位在登记系统中向您发起签约邀请后，会在这里显示。</div>
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
                ['协议编号', a.agreementNo ?? '--'],
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
