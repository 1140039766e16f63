/**
 * The 院系's and the school's 推荐表 pages (seed 003 §二(三): 请各学院、书院认真做好“毕业生推荐表”的
 * 审核工作): the list with its filters, pages and the ZIP of a selection, and one 推荐表 with the
 * decision form — 审核通过 with the 院系意见, or 退回修改 with the reason (asked first).
 * Privacy: 姓名 and 学号 searches are posted, never put in the address.
 */
import { CsrfField, ErrorSummary, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { Notice } from '../components/form-fields.js'
import { DepartmentFilter, FormPager, SelectFilter, TextFilter, type FilterOption } from '../components/filters.js'
import {
  OPINION_MAX,
  REASON_MAX,
  RECOMMENDATION_STATUS_NAMES,
  RECOMMENDATION_STATUSES,
  type RecommendationStatus,
} from '../../src/domain/recommendation.js'
import { BasicTable, CountedTextArea, PartsRead, StatusBadge, type BasicView, type PartsView } from './parts.js'

interface RecommendationRow {
  id: number
  studentNo: string
  name: string
  department: string
  major: string
  education: string
  graduationTime: string
  status: RecommendationStatus
  submittedAt: string | null
  decidedAt: string | null
}

interface RecommendationFilters {
  status?: RecommendationStatus
  department?: string
  cohort: number
  q?: string
}

export interface RecommendationListPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  filters: RecommendationFilters
  cohorts: number[]
  departments: string[]
  fixedDepartment: string | null
  items: RecommendationRow[]
  total: number
  page: number
  pageSize: number
  zipLimit: number
  error?: string | null
}

function FilterHidden({ filters }: { filters: RecommendationFilters }) {
  return (
    <>
      {Object.entries(filters)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => (
          <input type="hidden" name={k} value={String(v)} />
        ))}
    </>
  )
}

export function RecommendationListPage(p: RecommendationListPageProps) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const years = p.cohorts.includes(f.cohort) ? p.cohorts : [f.cohort, ...p.cohorts].sort((a, b) => b - a)
  const approved = p.items.filter((i) => i.status === 'approved')
  return (
    <Layout title="毕业生就业推荐表" nav={p.nav} current="/admin/recommendations" who={p.who}>
      <h1>毕业生就业推荐表</h1>
      {p.error && (
        <div class="alert error" role="alert" id="list-error">
          {p.error}
        </div>
      )}
      <form id="filters" class="card" method="post" action="/admin/recommendations" role="search">
        <CsrfField token={p.csrf} />
        <div class="filters">
          <SelectFilter
            id="f-status"
            name="status"
            label="状态"
            value={f.status ?? ''}
            options={[
              ['', '全部'],
              ...RECOMMENDATION_STATUSES.map((s): FilterOption => [s, RECOMMENDATION_STATUS_NAMES[s]]),
            ]}
          />
          <DepartmentFilter
            id="f-department"
            departments={p.departments}
            value={f.department}
            fixed={p.fixedDepartment}
          />
          <SelectFilter
            id="f-cohort"
            name="cohort"
            label="届"
            value={String(f.cohort)}
            options={years.map((y): FilterOption => [String(y), `${y}届`])}
          />
          <TextFilter id="f-q" name="q" label="姓名或学号" value={f.q} autocomplete="off" maxlength={50} />
        </div>
        <div class="actions">
          <button type="submit" name="page" value="1">
            查询
          </button>
        </div>
      </form>

      <form id="zip" method="post" action="/admin/recommendations/download">
        <CsrfField token={p.csrf} />
        <FilterHidden filters={f} />
      </form>

      <p>
        共 <strong data-total={String(p.total)}>{p.total}</strong> 份{p.total > 0 && `，第 ${p.page} / ${pages} 页`}
      </p>
      {p.items.length === 0 ? (
        <p class="empty card">没有符合条件的推荐表。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption class="sr-only">毕业生就业推荐表列表</caption>
            <thead>
              <tr>
                <th scope="col" class="c-pick">
                  {approved.length > 0 && <input id="select-all" type="checkbox" data-select-all="ids" />}
                  {approved.length > 0 && (
                    <label class="sr-only" for="select-all">
                      全选本页审核通过的推荐表
                    </label>
                  )}
                </th>
                <th scope="col">学号</th>
                <th scope="col">姓名</th>
                <th scope="col">院系</th>
                <th scope="col" class="hide-narrow">
                  专业
                </th>
                <th scope="col" class="hide-narrow">
                  毕业时间
                </th>
                <th scope="col">状态</th>
                <th scope="col" class="hide-narrow">
                  提交时间
                </th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => (
                <tr data-recommendation-id={String(i.id)}>
                  <td class="c-pick">
                    {i.status === 'approved' && (
                      <>
                        <label class="sr-only" for={`r-${i.id}`}>{`选择${i.name}`}</label>
                        <input id={`r-${i.id}`} type="checkbox" name="ids" value={String(i.id)} form="zip" />
                      </>
                    )}
                  </td>
                  <td class="c-who mono">{i.studentNo}</td>
                  <td class="c-name">{i.name}</td>
                  <td data-label="院系" class="wrap">
                    {i.department}
                  </td>
                  <td class="hide-narrow wrap">{i.major}</td>
                  <td class="hide-narrow">{i.graduationTime}</td>
                  <td class="c-status nowrap">
                    <StatusBadge status={i.status} />
                  </td>
                  <td class="hide-narrow nowrap">{i.submittedAt ?? '—'}</td>
                  <td>
                    <a href={`/admin/recommendations/${i.id}`}>
                      {i.status === 'submitted' ? '审核' : '查看'}
                      <span class="sr-only">{i.name}的推荐表</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormPager page={p.page} pages={pages} />
      <section class="card" aria-labelledby="zip-title">
        <h2 id="zip-title">下载推荐表（ZIP）</h2>
        <p class="hint">
          每份审核通过的推荐表一个 PDF，文件名为“学号-姓名.pdf”；一次最多 {p.zipLimit} 份。下载记入审计日志。
        </p>
        <div class="actions">
          <button type="submit" form="zip" name="scope" value="selected">
            下载所选 ZIP
          </button>
          <button class="secondary" type="submit" form="zip" name="scope" value="all">
            下载全部符合条件的（审核通过）
          </button>
        </div>
      </section>
    </Layout>
  )
}

interface RecommendationDetailView extends PartsView {
  id: number
  status: RecommendationStatus
  opinion: string | null
  reason: string | null
  basic: BasicView
  pdf: string | null
  decidedBy: string | null
  events: Array<{ at: string; actor: string; move: string; reason: string | null }>
}

export interface RecommendationDetailPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  data: RecommendationDetailView
  /** The 院系 and the day of the decision as the page prints them. */
  decidedOn: string | null
  canDecide: boolean
  notice?: string | null
  error?: string | null
  errors?: Record<string, string>
  values?: { opinion?: string; reason?: string }
  nextId?: number | null
}

const MOVE_NAMES: Record<string, string> = { submit: '提交', approve: '审核通过', return: '退回修改' }

export function RecommendationDetailPage(p: RecommendationDetailPageProps) {
  const d = p.data
  const errors = p.errors ?? {}
  const summary = Object.entries(errors).map(([field, message]) => ({ message, href: `#${field}` }))
  return (
    <Layout title={`推荐表 · ${d.basic.name}`} nav={p.nav} current="/admin/recommendations" who={p.who}>
      <p>
        <a href="/admin/recommendations">← 返回推荐表列表</a>
      </p>
      <h1>毕业生就业推荐表：{d.basic.name}</h1>
      <p>
        当前状态：
        <StatusBadge status={d.status} />
      </p>
      <Notice text={p.notice} />
      {p.notice && p.nextId && (
        <p>
          <a class="button secondary" href={`/admin/recommendations/${p.nextId}`}>
            审核下一份
          </a>
        </p>
      )}
      <ErrorSummary items={summary} />
      {p.error && (
        <div class="alert error" role="alert">
          {p.error}
        </div>
      )}
      {d.status === 'approved' && (
        <div class="alert ok" role="status" data-approved>
          <p>
            院系意见：{d.opinion}
            {p.decidedOn ? `（${p.decidedOn}${d.decidedBy ? `，${d.decidedBy}` : ''}）` : ''}
          </p>
          {d.pdf && (
            <p>
              <a class="button" href={d.pdf} data-pdf>
                下载推荐表（PDF）
              </a>
            </p>
          )}
        </div>
      )}
      {d.status === 'returned' && (
        <div class="alert warn" role="status">
          已退回修改：{d.reason}
        </div>
      )}
      <div class="review-grid">
        <section class="card" aria-labelledby="basic">
          <h2 id="basic">基本信息</h2>
          <BasicTable b={d.basic} />
        </section>
        <section class="card" aria-labelledby="content">
          <h2 id="content">推荐表内容</h2>
          <PartsRead parts={d} />
        </section>
      </div>

      {p.canDecide && d.status === 'submitted' && (
        <form method="post" action={`/admin/recommendations/${d.id}/decision`} class="card" data-decision-form>
          <CsrfField token={p.csrf} />
          <h2>院系审核</h2>
          <CountedTextArea
            id="opinion"
            label="院系意见"
            hint="审核通过时必填，打印在推荐表的“院系意见”栏，如：该生在校期间表现优秀，同意推荐。"
            value={p.values?.opinion ?? ''}
            error={errors.opinion}
            max={OPINION_MAX}
          />
          <CountedTextArea
            id="reason"
            label="退回原因"
            hint="退回修改时必填，毕业生据此修改后重新提交。"
            value={p.values?.reason ?? ''}
            error={errors.reason}
            max={REASON_MAX}
            rows={3}
          />
          <div class="actions">
            <button type="submit" name="decision" value="approve">
              审核通过
            </button>
            <button
              class="danger"
              type="submit"
              name="decision"
              value="return"
              data-confirm="退回后毕业生需要修改并重新提交。确定退回吗？"
            >
              退回修改
            </button>
          </div>
        </form>
      )}

      {d.events.length > 0 && (
        <section class="card" aria-labelledby="history">
          <h2 id="history">审核记录</h2>
          <div class="table-wrap">
            <table class="cards history">
              <caption class="sr-only">审核记录</caption>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">操作</th>
                  <th scope="col">操作人</th>
                  <th scope="col">说明</th>
                </tr>
              </thead>
              <tbody>
                {d.events.map((e) => (
                  <tr>
                    <td class="c-who nowrap">{e.at}</td>
                    <td class="c-status">{MOVE_NAMES[e.move] ?? e.move}</td>
                    <td data-label="操作人">{e.actor}</td>
                    <td class="text c-wide">{e.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>
  )
}
