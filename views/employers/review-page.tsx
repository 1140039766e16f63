/**
 * 用人单位审核 (contract §5 "Employers"): the registrations by status, each with its unit data in
 * the national names, the 预警单位 warning when its credit code is on the list, and 审核通过 /
 * 审核不通过 with the reason.
 */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { KvTable, Notice } from '../components/form-fields.js'
import { cst } from '../agreements/employer-pages.js'

export interface EmployerForReview {
  id: number
  status: 'pending' | 'approved' | 'rejected'
  name: string
  creditCode: string
  natureName: string | null
  industryName: string | null
  locationName: string | null
  address: string
  contact: string
  phone: string
  email: string | null
  username: string
  reason: string | null
  createdAt: string
  decidedAt: string | null
  warning: { reason: string } | null
}

export const EMPLOYER_TABS: Array<[string, string]> = [
  ['pending', '待审核'],
  ['approved', '审核通过'],
  ['rejected', '审核不通过'],
  ['all', '全部'],
]

export function EmployerReviewPage(p: {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  status: string
  items: EmployerForReview[]
  canDecide: boolean
  notice?: string | null
  error?: string | null
  /** The unit whose decision failed, with its typed reason. */
  failed?: { id: number; reason: string } | null
}) {
  return (
    <Layout title="用人单位审核" nav={p.nav} who={p.who} current="/admin/employers">
      <h1>用人单位审核</h1>
      <p>
        <a href="/admin/warning-units">预警单位管理</a> · <a href="/admin/agreements">在线签约管理</a>
      </p>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      <nav class="kind-tabs" aria-label="按审核状态查看">
        {EMPLOYER_TABS.map(([s, label]) => (
          <a href={`/admin/employers?status=${s}`} aria-current={p.status === s ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {p.items.length === 0 ? (
        <div class="card empty">没有这个状态的单位。</div>
      ) : (
        p.items.map((e) => (
          <section class="card" data-employer={String(e.id)} aria-labelledby={`e${e.id}-h`}>
            <h2 id={`e${e.id}-h`}>{e.name}</h2>
            {e.warning && (
              <div class="alert warn" role="alert" data-warning>
                预警单位：{e.warning.reason}。请核实单位信息、经营状况后再作决定。
              </div>
            )}
            <KvTable
              caption={`${e.name}的注册信息`}
              rows={[
                ['统一社会信用代码', <span class="mono">{e.creditCode}</span>],
                ['单位性质', e.natureName],
                ['单位行业', e.industryName],
                ['单位所在地', e.locationName],
                ['通讯地址', e.address],
                ['单位联系人', e.contact],
                ['联系人电话', e.phone],
                ['邮箱', e.email],
                ['登录用户名', e.username],
                ['注册时间', cst(e.createdAt)],
                ['审核时间', cst(e.decidedAt)],
                ['原因', e.reason],
              ]}
            />
            {p.canDecide && e.status === 'pending' && (
              <form method="post" action={`/admin/employers/${e.id}/decision`}>
                <CsrfField token={p.csrf} />
                <label for={`reason-${e.id}`}>原因（审核不通过时必须填写）</label>
                <input
                  id={`reason-${e.id}`}
                  name="reason"
                  type="text"
                  maxlength={200}
                  value={p.failed?.id === e.id ? p.failed.reason : ''}
                  aria-invalid={p.failed?.id === e.id ? 'true' : undefined}
                />
                <div class="actions">
                  <button type="submit" name="decision" value="approve">
                    审核通过
                  </button>
                  <button type="submit" name="decision" value="reject" class="danger">
                    审核不通过
                  </button>
                </div>
              </form>
            )}
          </section>
        ))
      )}
    </Layout>
  )
}
