import { beijingTime } from '../../src/domain/beijing-time.js'
/**
 * 档案信息转递列表 (seed 004, 4.1 学校转递档案): the national filters, the list with select-all,
 * 批量生成/重新生成转递编号 (through a confirmation page that names the counts), and the bulk
 * downloads (ZIP, one print PDF, XLSX) with a progress line while they are prepared (app.js,
 * data-download; without JavaScript the links simply download).
 */
import { CsrfField, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { type CohortPicker } from '../../src/domain/cohort.js'
import {
  CohortFilter,
  DepartmentFilter,
  EducationFilter,
  Pager,
  TextFilter,
  YesNoFilter,
  type FilterOption,
} from '../components/filters.js'

interface TransferItem {
  graduateId: number
  studentNo: string
  name: string
  department: string
  major: string
  education: string | null
  origin: string | null
  graduationTime: string
  eligible: boolean
  archiveTransferType: string | null
  archiveUnitName: string | null
  transferNumber: string | null
  generatedAt: string | null
  stale: boolean
}

/** The list's filters as the form sends them back: every filter of the query but `eligible`, as typed. */
export interface FilterValues {
  generated?: string
  stale?: string
  department?: string
  major?: string
  education?: string
  name?: string
  studentNo?: string
  origin?: string
  graduationTime?: string
  archiveUnit?: string
  updatedFrom?: string
  updatedTo?: string
  q?: string
  /** 届别: a year, or `all`. */
  cohort?: string
}

interface Counts {
  generated: number
  regenerated: number
  unchanged: number
  ineligible: number
}

export interface TransferPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  filters: FilterValues
  /** 届别: the list is of one 届 (or all). */
  cohort: CohortPicker
  /** The filters as a query string (no leading ?), for the pager (`cohort` a year, or all). */
  query: string
  /** The same for the API's downloads (全部届别: no cohort). */
  apiQuery: string
  departments: string[]
  /** A department user's own 院系 (the filter is fixed). */
  ownDepartment: string | null
  educations: Array<{ code: string; name: string }>
  items: TransferItem[]
  total: number
  page: number
  pageSize: number
  canGenerate: boolean
  done?: Counts | null
  error?: string | null
}

const F: Array<[keyof FilterValues, string, string?]> = [
  ['name', '姓名'],
  ['studentNo', '学号'],
  ['major', '专业', '名称或代码'],
  ['origin', '生源所在地', '行政区划代码，如 11 或 110108'],
  ['graduationTime', '毕业时间', '如 202606'],
  ['archiveUnit', '档案转递单位名称'],
]

/** "2026-06-15T02:00:00.000Z" → "2026-06-15 10:00:00" (Beijing time). */
const cst = (iso: string) => beijingTime(iso, 'second')

function CountsText({ c }: { c: Counts }) {
  return (
    <ul>
      <li>
        新生成 <strong data-count="generated">{c.generated}</strong> 人（有审核通过的登记、还没有转递编号）
      </li>
      <li>
        重新生成 <strong data-count="regenerated">{c.regenerated}</strong> 人（编号生成后登记信息有变化；旧编号作废）
      </li>
      <li>
        不变 <strong data-count="unchanged">{c.unchanged}</strong> 人
      </li>
      <li>
        不符合条件 <strong data-count="ineligible">{c.ineligible}</strong> 人（没有审核通过的去向登记）
      </li>
    </ul>
  )
}

export function TransferListPage(p: TransferPageProps) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const q = p.apiQuery ? `?${p.apiQuery}` : ''
  const pageLink = (n: number) => `/admin/transfer?${[p.query, `page=${n}`].filter(Boolean).join('&')}`
  return (
    <Layout title="档案转递" nav={p.nav} current="/admin/transfer" who={p.who}>
      <h1>档案信息转递列表</h1>
      <p class="muted">
        学生登记或更新去向信息并审核通过后，批量生成/重新生成转递编号，下载转递单随档案一同转递。可按生成状态、更新时间等筛选出所需的毕业生。
      </p>
      {p.error && (
        <div class="alert error" role="alert">
          {p.error}
        </div>
      )}
      {p.done && (
        <div class="alert ok" role="status" data-done>
          <h2>转递编号已生成</h2>
          <CountsText c={p.done} />
        </div>
      )}

      <form class="card" method="get" action="/admin/transfer" aria-label="筛选">
        <div class="filters">
          <CohortFilter picker={p.cohort} />
          <YesNoFilter
            id="f-generated"
            name="generated"
            label="是否已生成转递编号"
            value={p.filters.generated ?? ''}
            yes="已生成"
            no="未生成"
          />
          <YesNoFilter
            id="f-stale"
            name="stale"
            label="登记信息有变化"
            value={p.filters.stale ?? ''}
            yes="需重新生成"
            no="无需重新生成"
          />
          <DepartmentFilter
            id="f-department"
            departments={p.departments}
            value={p.filters.department ?? ''}
            fixed={p.ownDepartment}
            fixedMode="disabled"
          />
          <EducationFilter
            id="f-education"
            value={p.filters.education ?? ''}
            options={p.educations.map((e): FilterOption => [e.code, e.name])}
          />
          {F.map(([k, label, hint]) => (
            <TextFilter id={`f-${k}`} name={k} label={label} value={p.filters[k]} placeholder={hint} />
          ))}
          <TextFilter
            type="date"
            id="f-updatedFrom"
            name="updatedFrom"
            label="更新时间（起）"
            value={p.filters.updatedFrom}
          />
          <TextFilter
            type="date"
            id="f-updatedTo"
            name="updatedTo"
            label="更新时间（止）"
            value={p.filters.updatedTo}
          />
        </div>
        <div class="actions">
          <button type="submit">查询</button>
          <a class="button secondary" href="/admin/transfer">
            清空条件
          </a>
        </div>
      </form>

      <section class="card" aria-labelledby="dl-h">
        <h2 id="dl-h">批量下载（按当前筛选条件，仅含已生成转递编号的毕业生）</h2>
        <div class="actions">
          <a
            class="button secondary"
            href={`/api/v1/transfer-sheets.zip${q}`}
            data-download="dl-status"
            data-filename="转递单.zip"
            data-count-kind="zip"
          >
            下载转递单 ZIP（每人一个 PDF）
          </a>
          <a
            class="button secondary"
            href={`/api/v1/transfer-sheets.pdf${q}`}
            data-download="dl-status"
            data-filename="转递单（打印）.pdf"
            data-count-kind="pdf"
          >
            下载打印用 PDF（每人一页）
          </a>
          <a
            class="button secondary"
            href={`/api/v1/transfer-numbers.xlsx${q}`}
            data-download="dl-status"
            data-filename="档案信息转递列表.xlsx"
          >
            导出列表 Excel
          </a>
        </div>
        <div id="dl-status" class="no-print" role="status" aria-live="polite" hidden>
          <progress max="100"></progress>
          <p class="muted" data-progress-text></p>
        </div>
      </section>

      <form method="post" action="/admin/transfer/preview">
        <CsrfField token={p.csrf} />
        {Object.entries(p.filters).map(([k, v]) => (v ? <input type="hidden" name={`f_${k}`} value={v} /> : null))}
        <p>
          共 <strong data-total>{p.total}</strong> 名毕业生
          {p.total > 0 && `，第 ${p.page} / ${pages} 页`}
        </p>
        {p.canGenerate && p.total > 0 && (
          <div class="actions">
            <button type="submit" name="scope" value="selected">
              为选中的毕业生生成/重新生成转递编号
            </button>
            <button type="submit" name="scope" value="all" class="secondary">
              为筛选出的全部 {p.total} 名生成/重新生成
            </button>
          </div>
        )}
        {p.items.length === 0 ? (
          <p class="empty">没有符合条件的毕业生。</p>
        ) : (
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col" class="c-pick">
                    <input type="checkbox" id="select-all" data-select-all="graduateIds" title="全选本页" />
                    <label class="sr-only" for="select-all">
                      全选本页
                    </label>
                  </th>
                  <th scope="col">姓名</th>
                  <th scope="col">学号</th>
                  <th scope="col" class="hide-narrow">
                    院系 / 专业 / 学历
                  </th>
                  <th scope="col" class="hide-narrow">
                    生源所在地
                  </th>
                  <th scope="col">毕业时间</th>
                  <th scope="col" class="hide-narrow">
                    档案转递
                  </th>
                  <th scope="col">转递编号</th>
                  <th scope="col" class="hide-narrow">
                    更新时间
                  </th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((it) => (
                  <tr data-graduate={String(it.graduateId)}>
                    <td class="c-pick">
                      <input
                        type="checkbox"
                        name="graduateIds"
                        value={String(it.graduateId)}
                        id={`g-${it.graduateId}`}
                        aria-label={`选择 ${it.name}`}
                      />
                    </td>
                    <td class="c-name">
                      <label for={`g-${it.graduateId}`}>{it.name}</label>
                    </td>
                    <td class="c-who">{it.studentNo}</td>
                    <td class="hide-narrow wrap">
                      {it.department}
                      <div class="muted">
                        {it.major} · {it.education ?? '--'}
                      </div>
                    </td>
                    <td class="hide-narrow wrap">{it.origin ?? '--'}</td>
                    <td data-label="毕业时间">{it.graduationTime}</td>
                    <td class="hide-narrow wrap">
                      {it.archiveTransferType ?? '--'}
                      {it.archiveUnitName && <div class="muted">{it.archiveUnitName}</div>}
                    </td>
                    <td class="c-status" data-label="转递编号">
                      {it.transferNumber ? (
                        <span class="mono">{it.transferNumber}</span>
                      ) : (
                        <span class="muted">{it.eligible ? '未生成' : '不可生成'}</span>
                      )}
                      {it.stale && (
                        <div>
                          <span class="badge warn">需重新生成</span>
                        </div>
                      )}
                    </td>
                    <td class="hide-narrow">{it.generatedAt ? cst(it.generatedAt) : '--'}</td>
                    {/* On a phone the card drops the placeholder: a bare "--" says nothing without its heading. */}
                    {it.transferNumber && it.eligible ? (
                      <td>
                        <a href={`/api/v1/graduates/${it.graduateId}/transfer-sheet.pdf`}>下载转递单</a>
                      </td>
                    ) : (
                      <td class="hide-narrow">
                        <span class="muted">--</span>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </form>
      <Pager page={p.page} pages={pages} href={pageLink} />
    </Layout>
  )
}

export interface PreviewPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  counts: Counts
  /** Hidden fields that repeat the selection for the confirming post. */
  hidden: Array<[string, string]>
  back: string
}

export function GeneratePreviewPage(p: PreviewPageProps) {
  const writes = p.counts.generated + p.counts.regenerated
  return (
    <Layout title="确认生成转递编号" nav={p.nav} current="/admin/transfer" who={p.who} narrow>
      <h1>确认生成转递编号</h1>
      <section class="card">
        <p>按您的选择，本次将：</p>
        <CountsText c={p.counts} />
        {p.counts.regenerated > 0 && (
          <p class="alert warn">
            重新生成后，这 {p.counts.regenerated} 人的旧转递编号立即作废，查询时显示“已作废”；请用新的转递单转递档案。
          </p>
        )}
        {writes === 0 ? (
          <p>没有需要生成的编号。</p>
        ) : (
          <form method="post" action="/admin/transfer/generate">
            <CsrfField token={p.csrf} />
            {p.hidden.map(([k, v]) => (
              <input type="hidden" name={k} value={v} />
            ))}
            {/* This page is the no-JavaScript confirmation (src/middleware/confirm.tsx). */}
            <input type="hidden" name="confirmed" value="1" />
            <div class="actions">
              <button
                type="submit"
                data-confirm={`确定为 ${p.counts.generated} 人生成、为 ${p.counts.regenerated} 人重新生成转递编号吗？`}
              >
                确认生成（{writes} 人）
              </button>
              <a class="button secondary" href={p.back}>
                返回
              </a>
            </div>
          </form>
        )}
        {writes === 0 && (
          <a class="button secondary" href={p.back}>
            返回列表
          </a>
        )}
      </section>
    </Layout>
  )
}
