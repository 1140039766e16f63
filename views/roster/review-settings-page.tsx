/** 生源核对的审核层级 (contract §6): which of 班主任 → 院系 → 学校 review a correction, in order. */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, Layout, type Who } from '../layout.js'
import { LEVEL_NAME } from './corrections-page.js'

const ORDER = ['counsellor', 'department', 'school'] as const

export function ReviewLevelsPage(p: {
  nav: NavItem[]
  who: Who
  csrf: string
  levels: string[]
  canWrite: boolean
  notice?: string | null
  error?: string | null
}) {
  return (
    <Layout title="生源核对审核层级" nav={p.nav} current="/admin/roster" who={p.who}>
      <p>
        <a href="/admin/roster/corrections">← 生源核对审核</a> ·{' '}
        <a href="/admin/registrations/settings">去向登记审核方式</a>
      </p>
      <h1>生源核对审核层级</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <ErrorAlert message={p.error} title="未能保存" />
      <form class="card" method="post" action="/admin/roster/review-settings">
        <CsrfField token={p.csrf} />
        <fieldset>
          <legend>审核层级（按顺序，至少选一级）</legend>
          <div class="choices">
            {ORDER.map((l) => (
              <label>
                <input type="checkbox" name="levels" value={l} checked={p.levels.includes(l)} disabled={!p.canWrite} />{' '}
                {LEVEL_NAME[l]}
              </label>
            ))}
          </div>
        </fieldset>
        <p class="hint">
          毕业生提交的核对依次经过选中的各级：每一级只看到在本级等待的核对（班主任：所带班级；院系：本院系；学校：全部），
          通过后交下一级，最后一级通过后更新学校记录；任一级退回即回到毕业生。学校可在任一级审核。修改后，
          在已取消的层级等待的核对转到第一级。当前：{p.levels.map((l) => LEVEL_NAME[l] ?? l).join(' → ')}。
        </p>
        {p.canWrite && (
          <div class="actions">
            <button type="submit">保存</button>
          </div>
        )}
      </form>
    </Layout>
  )
}
