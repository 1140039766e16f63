/** The self-check review queue (生源核对审核) and one correction with its differences highlighted. */
import { beijingTime } from '../../src/domain/beijing-time.js'
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, Layout, type Who } from '../layout.js'
import { qs } from './list-page.js'
import { CohortFilter, Pager } from '../components/filters.js'
import { cohortParam, type CohortPicker } from '../../src/domain/cohort.js'

interface Frame {
  nav: NavItem[]
  who: Who
  csrf: string
}

export const CORRECTION_STATUS: Record<string, string> = {
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
  withdrawn: '已撤回',
}

/** The review levels' names (the same words as src/domain/review-levels.ts, which views do not import). */
export const LEVEL_NAME: Record<string, string> = {
  counsellor: '班主任（辅导员）',
  department: '院系',
  school: '学校',
}

export function CorrectionsPage(
  p: Frame & {
    items: Array<{
      id: number
      studentNo: string
      name: string
      department: string
      className?: string | null
      status: string
      level?: string | null
      changed: string[]
      createdAt: string
    }>
    total: number
    page: number
    pageSize: number
    status: string
    /** 届别: the queue is of one 届 (or all). */
    cohort: CohortPicker
    /** The configured review levels, in order. */
    levels: string[]
    /** The reviewer's own level (counsellor, department); null for school users, who see every level. */
    ownLevel: string | null
    /** The school user's level filter of the queue. */
    level?: string | null
    /** School users with 读写 set the levels. */
    canConfigure: boolean
    canWrite: boolean
    notice?: string | null
    error?: string | null
  },
) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const pending = p.status === 'submitted'
  // Every link and post keeps the 届 shown.
  const cohort = cohortParam(p.cohort.value)
  return (
    <Layout title="生源核对审核" nav={p.nav} current="/admin/roster" who={p.who}>
      <p>
        <a href={`/admin/roster?cohort=${cohort}`}>← 生源名单</a>
      </p>
      <h1>生源核对审核</h1>
      <p class="hint" data-review-levels={p.levels.join(',')}>
        审核层级：{p.levels.map((l) => LEVEL_NAME[l] ?? l).join(' → ')}
        {p.ownLevel
          ? `。这里列出在您这一级（${LEVEL_NAME[p.ownLevel] ?? p.ownLevel}）等待审核的核对；通过后交下一级审核，最后一级通过后更新学校记录。`
          : '。学校可在任一级审核：在下级审核前通过或退回即为最终结果。'}{' '}
        {p.canConfigure && <a href="/admin/roster/review-settings">设置审核层级</a>}
      </p>
      <ErrorAlert message={p.error} />
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <form class="filters card" method="get" action="/admin/roster/corrections">
        <input type="hidden" name="status" value={p.status} />
        {p.level && <input type="hidden" name="level" value={p.level} />}
        <CohortFilter picker={p.cohort} />
        <button type="submit">筛选</button>
      </form>
      <nav class="kind-tabs" aria-label="审核状态">
        {Object.entries(CORRECTION_STATUS).map(([k, v]) => (
          <a
            href={`/admin/roster/corrections${qs({ status: k, cohort })}`}
            aria-current={k === p.status ? 'page' : undefined}
          >
            {v}
          </a>
        ))}
      </nav>
      {pending && !p.ownLevel && p.levels.length > 1 && (
        <nav class="kind-tabs" aria-label="审核层级">
          <a
            href={`/admin/roster/corrections${qs({ status: 'submitted', cohort })}`}
            aria-current={!p.level ? 'page' : undefined}
          >
            全部层级
          </a>
          {p.levels.map((l) => (
            <a
              href={`/admin/roster/corrections${qs({ status: 'submitted', level: l, cohort })}`}
              aria-current={p.level === l ? 'page' : undefined}
            >
              待{LEVEL_NAME[l] ?? l}审核
            </a>
          ))}
        </nav>
      )}
      {p.items.length === 0 ? (
        <p class="empty card">
          {pending
            ? '没有待审核的生源核对。毕业生在“我的生源信息”提交核对后，会出现在这里。'
            : `没有${CORRECTION_STATUS[p.status] ?? ''}的生源核对。`}
        </p>
      ) : (
        <form method="post" action="/admin/roster/corrections/decisions">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="cohort" value={cohort} />
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {pending && p.canWrite && (
                    <th>
                      <input type="checkbox" data-select-all="ids" aria-label="全选" />
                    </th>
                  )}
                  <th>学号</th>
                  <th>姓名</th>
                  <th>院系</th>
                  <th>班级</th>
                  <th>更正的字段</th>
                  <th>提交时间</th>
                  <th>状态</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((it) => (
                  <tr>
                    {pending && p.canWrite && (
                      <td>
                        <input type="checkbox" name="ids" value={String(it.id)} aria-label={`选择 ${it.name}`} />
                      </td>
                    )}
                    <td class="mono">{it.studentNo}</td>
                    <td>
                      <a href={`/admin/roster/corrections/${it.id}`}>{it.name}</a>
                    </td>
                    <td>{it.department}</td>
                    <td>{it.className ?? ''}</td>
                    <td class="text">
                      {it.changed.length ? it.changed.join('、') : <span class="muted">无更正（确认无误）</span>}
                    </td>
                    <td>{beijingTime(it.createdAt)}</td>
                    <td data-level={it.level ?? undefined}>
                      {it.status === 'submitted' && it.level
                        ? `待${LEVEL_NAME[it.level] ?? it.level}审核`
                        : (CORRECTION_STATUS[it.status] ?? it.status)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pending && p.canWrite && (
            <fieldset>
              <legend>批量审核选中的记录</legend>
              <label for="batch-reason">退回原因（退回时必填）</label>
              <input id="batch-reason" name="reason" type="text" maxlength={200} />
              <div class="actions">
                <button
                  type="submit"
                  name="decision"
                  value="approve"
                  data-confirm="确定通过选中的核对吗？通过后学校记录将按学生填写更新。"
                >
                  批量通过
                </button>
                <button
                  class="secondary"
                  type="submit"
                  name="decision"
                  value="return"
                  data-confirm="确定退回选中的核对吗？"
                >
                  批量退回
                </button>
              </div>
            </fieldset>
          )}
        </form>
      )}
      <Pager
        page={p.page}
        pages={pages}
        href={(n) => `/admin/roster/corrections${qs({ status: p.status, level: p.level, cohort, page: n })}`}
      />
    </Layout>
  )
}

export interface DiffRow {
  label: string
  currentText: string
  proposedText: string
  differs: boolean
}

export function DiffTable({
  rows,
  currentLabel = '学校记录',
  proposedLabel = '学生填写',
}: {
  rows: DiffRow[]
  currentLabel?: string
  proposedLabel?: string
}) {
  return (
    <div class="table-wrap">
      <table class="diff">
        <thead>
          <tr>
            <th>字段</th>
            <th>{currentLabel}</th>
            <th>{proposedLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class={r.differs ? 'changed' : undefined}>
              <th scope="row">
                {r.label}
                {r.differs && <span class="badge">有变化</span>}
              </th>
              <td>{r.currentText || <span class="muted">—</span>}</td>
              <td>
                {r.differs ? (
                  <mark>{r.proposedText || '（清空）'}</mark>
                ) : (
                  r.proposedText || <span class="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function CorrectionPage(
  p: Frame & {
    id: number
    name: string
    studentNo: string
    department: string
    status: string
    reason: string | null
    rows: DiffRow[]
    /** The level it waits at (submitted only). */
    level: string | null
    levels: string[]
    steps: Array<{
      at: string
      actor: string
      move: string
      level: string | null
      toLevel: string | null
      reason: string | null
    }>
    /** It waits at this user's level (or the user is the school). */
    decidable: boolean
    /** 重新审核 is offered (approved, and the user is the school or the first level's reviewer). */
    canReopen: boolean
    canWrite: boolean
    error?: string | null
  },
) {
  const moveText = (s: (typeof p.steps)[number]) =>
    s.move === 'reopen'
      ? `重新审核，回到${LEVEL_NAME[s.toLevel ?? ''] ?? ''}`
      : s.move === 'return'
        ? `${LEVEL_NAME[s.level ?? ''] ?? ''}退回`
        : s.toLevel
          ? `${LEVEL_NAME[s.level ?? ''] ?? ''}通过，交${LEVEL_NAME[s.toLevel] ?? s.toLevel}审核`
          : `${LEVEL_NAME[s.level ?? ''] ?? ''}通过，学校记录已更新`
  return (
    <Layout title={`生源核对 · ${p.name}`} nav={p.nav} current="/admin/roster" who={p.who}>
      <p>
        <a href="/admin/roster/corrections">← 生源核对审核</a>
      </p>
      <h1>
        {p.name} <span class="muted mono">{p.studentNo}</span>
      </h1>
      <p>
        {p.department} · 状态：
        <span data-status={p.status} data-level={p.level ?? undefined}>
          {p.status === 'submitted' && p.level
            ? `待${LEVEL_NAME[p.level] ?? p.level}审核`
            : (CORRECTION_STATUS[p.status] ?? p.status)}
        </span>
        {p.reason ? `（${p.reason}）` : ''}
      </p>
      <p class="hint">审核层级：{p.levels.map((l) => LEVEL_NAME[l] ?? l).join(' → ')}</p>
      <ErrorAlert message={p.error} />
      <div class="card">
        <h2>与学校记录的差异</h2>
        <p class="hint">标出“有变化”的字段为学生更正的内容；通过后学校记录按学生填写更新，退回则不变。</p>
        <DiffTable rows={p.rows} />
      </div>
      {p.steps.length > 0 && (
        <div class="card">
          <h2>审核记录</h2>
          <ol class="steps">
            {p.steps.map((s) => (
              <li>
                {beijingTime(s.at)} · {s.actor} · {moveText(s)}
                {s.reason ? `（${s.reason}）` : ''}
              </li>
            ))}
          </ol>
        </div>
      )}
      {p.canWrite && p.status === 'submitted' && !p.decidable && p.level && (
        <p class="hint">这条核对正在等待{LEVEL_NAME[p.level] ?? p.level}审核。</p>
      )}
      {p.canWrite && p.canReopen && (
        <form class="card" method="post" action={`/admin/roster/corrections/${p.id}/reopen`}>
          <CsrfField token={p.csrf} />
          <h2>重新审核</h2>
          <p class="hint">
            核对回到第一级（{LEVEL_NAME[p.levels[0] ?? ''] ?? ''}
            ）的待审核队列；已更新的学校记录保持不变，直到再次审核。
          </p>
          <label for="reopen-reason">原因（选填）</label>
          <input id="reopen-reason" name="reason" type="text" maxlength={200} />
          <div class="actions">
            <button class="secondary" type="submit" data-confirm="确定将这条核对重新审核吗？">
              重新审核
            </button>
          </div>
        </form>
      )}
      {p.canWrite && p.decidable && p.status === 'submitted' && (
        <form class="card" method="post" action={`/admin/roster/corrections/${p.id}/decision`}>
          <CsrfField token={p.csrf} />
          <label for="reason">退回原因（退回时必填）</label>
          <input id="reason" name="reason" type="text" maxlength={200} />
          <div class="actions">
            <button type="submit" name="decision" value="approve">
              审核通过
            </button>
            <button class="secondary" type="submit" name="decision" value="return">
              退回修改
            </button>
          </div>
        </form>
      )}
    </Layout>
  )
}
