/** The staff roster list (/admin/roster): filters, pagination, links to import, export and review. */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, Layout, type Who } from '../layout.js'
import {
  DepartmentFilter,
  EducationFilter,
  MajorFilter,
  Pager,
  CohortFilter,
  SelectFilter,
  TextFilter,
  type FilterOption,
  YesNoFilter,
} from '../components/filters.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'

interface RosterListItem {
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
  /** The login account: locked (by wrong passwords), or still on the first password. */
  account?: 'locked' | 'first' | 'ok' | null
}

export interface RosterListProps {
  nav: NavItem[]
  who: Who
  csrf: string
  items: RosterListItem[]
  total: number
  page: number
  pageSize: number
  filters: {
    department?: string
    major?: string
    education?: string
    graduationTime?: string
    /** 届别 shown (undefined: all). */
    cohort?: number
    q?: string
    withdrawn?: boolean
    reported?: boolean
    /** 生源核对 (seed 002: 未确认 / 已确认 / 已修改). */
    check?: string
  }
  departments: string[] | null
  /** 届别: the one shown (also filters.cohort), the 届 to choose from. */
  cohort: CohortPicker
  educations: Array<{ code: string; name: string }>
  canWrite: boolean
  /** Reset passwords and unlock accounts for a selection (基本信息 读写, as the API). */
  canManageAccounts?: boolean
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

const ACCOUNT_NAMES = { locked: '已锁定', first: '初始密码', ok: '正常' } as const

export function RosterListPage(p: RosterListProps) {
  const f = p.filters
  // Withdrawn graduates are no one's to reset or unlock (the service skips them).
  const pick = !!p.canManageAccounts && !f.withdrawn
  // Links and posts carry the 届 shown (a year, or all), so the next page shows the same one.
  const cohort = cohortParam(f.cohort)
  const listQuery = qs({
    ...f,
    cohort,
    withdrawn: f.withdrawn ? '1' : undefined,
    page: p.page > 1 ? p.page : undefined,
  })
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const exportHref = `/api/v1/graduates.xlsx${qs({ department: f.department, major: f.major, education: f.education, graduationTime: f.graduationTime, cohort: f.cohort, q: f.q, withdrawn: f.withdrawn ? 'true' : undefined, reported: f.reported === undefined ? undefined : String(f.reported), check: f.check })}`
  const table = (
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            {pick && (
              <th scope="col" class="c-pick">
                <input id="select-all" type="checkbox" data-select-all="ids" />
                <label class="sr-only" for="select-all">
                  全选本页
                </label>
              </th>
            )}
            <th>学号</th>
            <th>姓名</th>
            <th>院系</th>
            <th>专业</th>
            <th>学历</th>
            <th>毕业时间</th>
            <th>上报</th>
            {pick && <th>账号</th>}
            {f.withdrawn && <th>撤出原因</th>}
          </tr>
        </thead>
        <tbody>
          {p.items.map((g) => (
            <tr>
              {pick && (
                <td class="c-pick">
                  <input type="checkbox" name="ids" value={String(g.id)} aria-label={`选择 ${g.name}`} />
                </td>
              )}
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
              {pick && (
                <td data-label="账号" data-account={g.account ?? ''}>
                  {g.account === 'locked' ? (
                    <span class="badge warn">已锁定</span>
                  ) : g.account ? (
                    ACCOUNT_NAMES[g.account]
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              )}
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
  )
  return (
    <Layout title={f.withdrawn ? '已撤出生源的毕业生' : '生源名单'} nav={p.nav} current="/admin/roster" who={p.who}>
      <h1>{f.withdrawn ? '已撤出生源的毕业生' : '生源名单'}</h1>
      <ErrorAlert message={p.error} title="未能完成" />
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
        {p.canWrite && (
          <a class="button secondary" href="/admin/roster/new">
            添加毕业生
          </a>
        )}
        <a class="button secondary" href={exportHref}>
          导出 Excel
        </a>
        {f.check === 'unchecked' && !f.withdrawn && (
          <a class="button secondary" href={exportHref}>
            导出未核对名单（催办）
          </a>
        )}
        <a class="button secondary" href={`/admin/roster/corrections?cohort=${cohort}`}>
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
        <CohortFilter picker={p.cohort} />
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
        <SelectFilter
          name="check"
          label="生源核对"
          value={f.check ?? ''}
          options={[
            ['', '全部'],
            ['unchecked', '未核对'],
            ['submitted', '待审核'],
            ['returned', '已退回'],
            ['approved', '已通过'],
          ]}
        />
        <button type="submit">筛选</button>
      </form>
      <p class="muted">共 {p.total} 人</p>
      {p.items.length === 0 ? (
        <p class="empty">
          {f.withdrawn
            ? '没有已撤出的毕业生。'
            : p.cohort.cohorts.length === 0
              ? '还没有生源数据，请先导入生源。'
              : '没有符合条件的毕业生。'}
        </p>
      ) : pick ? (
        // The list is the selection: tick graduates, then reset or unlock them (asked first).
        <form method="post" action="/admin/roster/accounts" aria-labelledby="accounts-h">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="from" value={listQuery.slice(1)} />
          {table}
          <div class="card">
            <h2 id="accounts-h">所选毕业生的登录账号</h2>
            <p class="hint">
              重置密码：恢复为初始密码（身份证号后六位，末位 X
              大写），下次登录须设置新密码，并同时解锁。解锁：连续输错密码被锁定的账号可立即重新登录。
            </p>
            <div class="actions">
              <button
                class="secondary"
                type="submit"
                name="action"
                value="unlock"
                data-confirm="确定解锁所选毕业生的账号吗？"
              >
                解锁所选账号
              </button>
              <button
                class="danger"
                type="submit"
                name="action"
                value="reset"
                data-confirm="确定将所选毕业生的密码重置为初始密码（身份证号后六位）吗？"
              >
                重置所选密码
              </button>
            </div>
          </div>
        </form>
      ) : (
        table
      )}
      <Pager
        page={p.page}
        pages={pages}
        href={(n) => `/admin/roster${qs({ ...f, cohort, withdrawn: f.withdrawn ? '1' : undefined, page: n })}`}
      />
    </Layout>
  )
}
