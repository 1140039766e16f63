/** The staff roster list (/admin/roster): filters, pagination, links to import, export and review. */
import type { NavItem } from '../layout.js'
import { Layout } from '../layout.js'
import {
  DepartmentFilter,
  EducationFilter,
  MajorFilter,
  Pager,
  TextFilter,
  type FilterOption,
  YesNoFilter,
} from '../components/filters.js'

export interface RosterListItem {
  id: number
  studentNo: string
  name: string
  department: string
  major: string
  education: string
  graduationTime: string
  withdrawnReason?: string | null
  /** 生源上报状态 (contract §8). */
  reported?: boolean
}

export interface RosterListProps {
  nav: NavItem[]
  who: { label: string; logoutAction: string; csrf: string }
  items: RosterListItem[]
  total: number
  page: number
  pageSize: number
  filters: {
    department?: string
    major?: string
    education?: string
    graduationTime?: string
    q?: string
    withdrawn?: boolean
    reported?: boolean
  }
  departments: string[] | null
  educations: Array<{ code: string; name: string }>
  canWrite: boolean
  pendingCorrections: number
  notice?: string | null
  error?: string | null
}

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, String(v))
  const s = u.toString()
  return s ? `?${s}` : ''
}

export function RosterListPage(p: RosterListProps) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const exportHref = `/api/v1/graduates.xlsx${qs({ department: f.department, major: f.major, education: f.education, graduationTime: f.graduationTime, q: f.q, withdrawn: f.withdrawn ? 'true' : undefined })}`
  return (
    <Layout title={f.withdrawn ? '已撤出生源的毕业生' : '生源名单'} nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>{f.withdrawn ? '已撤出生源的毕业生' : '生源名单'}</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <p class="actions">
        {p.canWrite && (
          <a class="button" href="/admin/roster/import">
            导入生源
          </a>
        )}
        <a class="button secondary" href={exportHref}>
          导出 Excel
        </a>
        <a class="button secondary" href="/admin/roster/corrections">
          生源核对审核{p.pendingCorrections ? `（待审 ${p.pendingCorrections}）` : ''}
        </a>
        {f.withdrawn ? (
          <a href="/admin/roster">返回生源名单</a>
        ) : (
          <a href="/admin/roster?withdrawn=1">已撤出名单（退学、休学、留级）</a>
        )}
      </p>
      <form class="filters card" method="get" action="/admin/roster">
        {f.withdrawn && <input type="hidden" name="withdrawn" value="1" />}
        {p.departments && <DepartmentFilter departments={p.departments} value={f.department} />}
        <MajorFilter value={f.major} placeholder="专业名称或代码" />
        <EducationFilter
          value={f.education}
          options={p.educations.map((e): FilterOption => [e.code, e.name])}
          allLabel="全部学历"
        />
        <TextFilter
          name="graduationTime"
          label="毕业时间"
          value={f.graduationTime}
          placeholder="如 202606"
          inputmode="numeric"
          pattern="\d{6}"
        />
        <TextFilter type="search" name="q" label="姓名或学号" value={f.q} />
        <YesNoFilter
          name="reported"
          label="生源上报状态"
          value={f.reported === undefined ? '' : String(f.reported)}
          yes="已上报"
          no="未上报"
        />
        <button type="submit">筛选</button>
      </form>
      <p class="muted">共 {p.total} 人</p>
      {p.items.length === 0 ? (
        <p class="empty">
          {f.withdrawn
            ? '没有已撤出的毕业生。'
            : p.total === 0 && !f.q && !f.department
              ? '还没有生源数据，请先导入生源。'
              : '没有符合条件的毕业生。'}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th>学号</th>
                <th>姓名</th>
                <th>院系</th>
                <th>专业</th>
                <th>学历</th>
                <th>毕业时间</th>
                <th>上报</th>
                {f.withdrawn && <th>撤出原因</th>}
              </tr>
            </thead>
            <tbody>
              {p.items.map((g) => (
                <tr>
                  <td class="mono c-who">
                    <a href={`/admin/roster/${g.id}`}>{g.studentNo}</a>
                  </td>
                  <td class="c-name">{g.name}</td>
                  <td data-label="院系">{g.department}</td>
                  <td data-label="专业">{g.major}</td>
                  <td data-label="学历">{g.education}</td>
                  <td data-label="毕业时间">{g.graduationTime}</td>
                  <td data-label="上报" data-reported={g.reported ? 'true' : 'false'}>
                    {g.reported ? '已上报' : '未上报'}
                  </td>
                  {f.withdrawn && (
                    <td class="c-wide" data-label="撤出原因">
                      {g.withdrawnReason}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        page={p.page}
        pages={pages}
        href={(n) => `/admin/roster${qs({ ...f, withdrawn: f.withdrawn ? '1' : undefined, page: n })}`}
      />
    </Layout>
  )
}
