/**
 * 登记确认情况列表 for staff (seed 004, 3 "查看毕业生登记确认状态"): the seed's filters, the
 * list, and the reminder export.
 * Privacy: 姓名, 学号, 身份证号 filters are posted, never put in the address (design notes,
 * Privacy); the page also answers GET for the harmless filters (state, 院系, page) so other pages
 * can link to it. 身份证号 are masked.
 */
import { CsrfField, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { CONFIRMATION_STATES } from '../../src/domain/confirmation.js'
import { EDUCATION_LEVELS } from '../../src/domain/codes/education-levels.js'
import { maskIdCard } from '../../src/domain/id-card.js'
import type { ConfirmationFilters, ConfirmationListItem } from '../../src/domain/confirmation.js'
import { ConfirmationTabs } from './stats-page.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'
import {
  CohortFilter,
  DepartmentFilter,
  EducationFilter,
  MajorFilter,
  SelectFilter,
  TextFilter,
  type FilterOption,
  FormPager,
} from '../components/filters.js'

export interface ConfirmationListPageProps {
  /** After the 提醒 button: how many were reminded of how many selected. */
  reminded?: { notified: number; selected: number } | null
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  filters: ConfirmationFilters
  /** 届别: the list is of one 届 (or all), as filters.cohort. */
  cohort: CohortPicker
  departments: string[]
  /** A department user's own 院系: the filter is fixed. */
  fixedDepartment: string | null
  items: ConfirmationListItem[]
  total: number
  page: number
  pageSize: number
  canExportReminders: boolean
  error?: string | null
}

const BADGE: Record<string, string> = {
  未上报: 'badge',
  未确认: 'badge warn',
  确认有误: 'badge err',
  确认无误: 'badge ok',
}

/** The filters shown, for a form that acts on them; the 届 always (a year, or all). */
function FilterHidden({ filters }: { filters: ConfirmationFilters }) {
  return (
    <>
      {Object.entries(filters)
        .filter(([k, v]) => v && k !== 'cohort')
        .map(([k, v]) => (
          <input type="hidden" name={k} value={String(v)} />
        ))}
      <input type="hidden" name="cohort" value={cohortParam(filters.cohort)} />
    </>
  )
}

export function ConfirmationListPage(p: ConfirmationListPageProps) {
  const f = p.filters
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const remindable = p.items.filter((i) => i.state === '未确认' || i.state === '确认有误')
  return (
    <Layout title="登记确认情况列表" nav={p.nav} current="/admin/confirmations" who={p.who}>
      <h1>登记确认情况列表</h1>
      <ConfirmationTabs current="list" cohort={cohortParam(f.cohort)} />
      {p.reminded && (
        <div class="alert ok" role="status" data-testid="reminded">
          已提醒 {p.reminded.notified} 名毕业生
          {p.reminded.selected > p.reminded.notified &&
            `（另有 ${p.reminded.selected - p.reminded.notified} 名今天已提醒过，未重复提醒）`}
          。
        </div>
      )}
      {p.error && (
        <div class="alert error" role="alert">
          {p.error}
        </div>
      )}
      <form id="filters" class="card" method="post" action="/admin/confirmations">
        <CsrfField token={p.csrf} />
        <div class="filters">
          <CohortFilter picker={p.cohort} />
          <SelectFilter
            id="f-state"
            name="state"
            label="登记确认状态"
            value={f.state}
            options={[['', '全部'], ...CONFIRMATION_STATES.map((s): FilterOption => [s, s])]}
          />
          <DepartmentFilter
            id="f-department"
            departments={p.departments}
            value={f.department}
            fixed={p.fixedDepartment}
          />
          <MajorFilter id="f-major" value={f.major} placeholder="名称或代码" />
          <EducationFilter
            id="f-education"
            value={f.education}
            options={EDUCATION_LEVELS.map((l): FilterOption => [l, l])}
          />
          <TextFilter id="f-exam" name="examNo" label="考生号" value={f.examNo} autocomplete="off" />
          <TextFilter id="f-name" name="name" label="姓名" value={f.name} autocomplete="off" />
          <TextFilter id="f-idcard" name="idCard" label="身份证号" value={f.idCard} autocomplete="off" maxlength={18} />
          <TextFilter id="f-no" name="studentNo" label="学号" value={f.studentNo} autocomplete="off" />
          <TextFilter
            id="f-time"
            name="graduationTime"
            label="毕业时间"
            inputmode="numeric"
            pattern="\d{6}"
            placeholder="202606"
            value={f.graduationTime}
          />
        </div>
        <div class="actions">
          <button type="submit" name="page" value="1">
            查询
          </button>
          <button class="secondary" type="submit" formaction="/admin/confirmations/export">
            导出列表（Excel）
          </button>
        </div>
      </form>

      <form id="reminders" method="post" action="/admin/confirmations/reminders">
        <CsrfField token={p.csrf} />
        <FilterHidden filters={f} />
      </form>

      <p>
        共 <strong data-total={String(p.total)}>{p.total}</strong> 人{p.total > 0 && `，第 ${p.page} / ${pages} 页`}
      </p>
      {p.items.length === 0 ? (
        <p class="empty card">没有符合条件的毕业生。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption class="sr-only">登记确认情况列表</caption>
            <thead>
              <tr>
                <th scope="col" class="c-pick">
                  {p.canExportReminders && remindable.length > 0 && (
                    <input id="select-all" type="checkbox" data-select-all="graduateIds" />
                  )}
                  {p.canExportReminders && remindable.length > 0 && (
                    <label class="sr-only" for="select-all">
                      全选本页未确认的毕业生
                    </label>
                  )}
                </th>
                <th scope="col" class="hide-narrow">
                  考生号
                </th>
                <th scope="col">姓名</th>
                <th scope="col">院系</th>
                <th scope="col" class="hide-narrow">
                  专业
                </th>
                <th scope="col" class="hide-narrow">
                  学历
                </th>
                <th scope="col" class="hide-narrow">
                  身份证号
                </th>
                <th scope="col">学号</th>
                <th scope="col" class="hide-narrow">
                  毕业时间
                </th>
                <th scope="col">登记确认状态</th>
                <th scope="col" class="hide-narrow">
                  去向来源
                </th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((i) => {
                const can = p.canExportReminders && (i.state === '未确认' || i.state === '确认有误')
                return (
                  <tr data-graduate-id={String(i.graduateId)}>
                    <td class="c-pick">
                      {can && (
                        <>
                          <label class="sr-only" for={`g-${i.graduateId}`}>{`选择${i.name}`}</label>
                          <input
                            id={`g-${i.graduateId}`}
                            type="checkbox"
                            name="graduateIds"
                            value={String(i.graduateId)}
                            form="reminders"
                          />
                        </>
                      )}
                    </td>
                    <td class="hide-narrow">{i.examNo ?? '--'}</td>
                    <td class="c-name">{i.name}</td>
                    <td data-label="院系" class="wrap">
                      {i.department}
                    </td>
                    <td class="hide-narrow wrap">{i.major}</td>
                    <td class="hide-narrow nowrap">{i.education}</td>
                    <td class="hide-narrow mono nowrap">{maskIdCard(i.idCard)}</td>
                    <td class="c-who">{i.studentNo}</td>
                    <td class="hide-narrow">{i.graduationTime}</td>
                    <td class="nowrap c-status">
                      <span class={BADGE[i.state]}>{i.state}</span>
                      {i.issues && <div class="hint wrap">{i.issues}</div>}
                    </td>
                    <td class="hide-narrow wrap">{i.source ?? '—'}</td>
                    <td>
                      <a href={`/admin/roster/${i.graduateId}`}>
                        查看<span class="sr-only">{i.name}</span>
                      </a>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <FormPager page={p.page} pages={pages} />
      <section class="card" aria-labelledby="notify">
        <h2 id="notify">发送确认提醒</h2>
        <p class="hint">
          向符合当前“确认状态”（未选时为未确认）和院系条件的每名毕业生发送站内消息（登记了邮箱的同时发邮件）。每名毕业生每天至多提醒一次。
        </p>
        <form method="post" action="/admin/confirmations/notify">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="state" value={f.state ?? '未确认'} />
          {f.department && <input type="hidden" name="department" value={f.department} />}
          <input type="hidden" name="cohort" value={cohortParam(f.cohort)} />
          <div class="actions">
            <button type="submit">提醒{f.state ?? '未确认'}的毕业生</button>
          </div>
        </form>
      </section>
      {p.canExportReminders && (
        <section class="card" aria-labelledby="remind">
          <h2 id="remind">提醒未确认的毕业生</h2>
          <p class="hint">
            导出手机号码和电子邮箱，用于短信、邮件提醒。只导出“未确认”和“确认有误”的毕业生；导出会记入审计日志。
          </p>
          <div class="actions">
            <button type="submit" form="reminders" name="scope" value="selected">
              导出所选毕业生的联系方式
            </button>
            <button class="secondary" type="submit" form="reminders" name="scope" value="all">
              导出全部符合条件的未确认毕业生
            </button>
          </div>
        </section>
      )}
    </Layout>
  )
}
