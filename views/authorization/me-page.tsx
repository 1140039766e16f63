/**
 * 核验授权 for the graduate (seed 004, 4.1 学生核验授权): grant with the password, choose the end
 * date, see and revoke grants, download the report, and see who looked the numbers up. Works
 * without JavaScript; revoking asks first (data-confirm).
 */
import { beijingTime } from '../../src/domain/beijing-time.js'
import { CsrfField, ErrorAlert, Layout, type LayoutProps } from '../layout.js'
import { studentNav } from '../nav.js'
import { Pager } from '../components/filters.js'

interface GrantRow {
  number: string
  validUntil: string
  revokedAt: string | null
  createdAt: string
  state: '有效' | '已撤销' | '已过期'
  reportUrl: string
}

interface AccessRow {
  at: string
  number: string
  kind: string
  outcome: string
}

export interface AuthorizationPageProps {
  who: LayoutProps['who']
  csrf: string
  name: string
  eligible: boolean
  open: boolean
  /** YYYY-MM-DD: today and the window's last day (CST). */
  today: string
  lastDay: string
  grants: GrantRow[]
  /** One page of the access log, newest first, and how many entries there are in all. */
  log: { items: AccessRow[]; total: number; page: number; pageSize: number }
  error?: string | null
  errorField?: string | null
  chosenDay?: string
  created?: { number: string; validUntil: string; reportUrl: string } | null
  revoked?: string | null
}

const KIND: Record<string, string> = { archive: '档案', hukou: '户口' }
const OUTCOME: Record<string, string> = {
  found: '查询成功',
  not_found: '未查到（姓名或编号不符）',
  expired: '编号已过期',
  revoked: '编号已撤销',
  superseded: '编号已作废',
  rate_limited: '查询过于频繁被拒绝',
  invalid_number: '编号格式有误',
}

/** "2026-12-31T23:59:59+08:00" or a UTC ISO string → "2026-12-31 23:59" in Beijing time. */
const cstText = (iso: string) => beijingTime(iso)

/** A last valid second, "2026-12-31T23:59:59+08:00" → "2026-12-31 23:59:59". */
const untilText = (iso: string) => iso.slice(0, 19).replace('T', ' ')

const dayText = (d: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d)
  return m ? `${m[1]}年${+m[2]}月${+m[3]}日` : d
}

export function AuthorizationPage(p: AuthorizationPageProps) {
  const badge = { 有效: 'badge ok', 已撤销: 'badge err', 已过期: 'badge' } as const
  return (
    <Layout title="核验授权" nav={studentNav()} current="/me/authorization" who={p.who} narrow>
      <h1>核验授权</h1>
      <div class="alert info" role="note">
        <p>
          授权后您会得到一个<strong>核验编号</strong>
          和一份核验报告。户口、档案管理部门输入您的姓名和核验编号，或扫描报告上的二维码，就能在线核对您的去向登记信息。
        </p>
        <p>
          在线核验只开放到毕业时间加六个月，您的截止日是 <strong>{dayText(p.lastDay)}</strong>。
          <strong>编号过期或撤销，只是不能再在线核验，您的去向登记并不会因此失效</strong>
          ，登记信息仍然有效、仍保存在学校；过期后如仍需证明，请联系学校。
        </p>
      </div>

      <ErrorAlert message={p.error} title="没有授权成功" />
      {p.created && (
        <div class="alert ok" role="status" data-created>
          <h2>已授权，核验编号已生成</h2>
          <p>
            核验编号：<strong class="mono">{p.created.number}</strong>
          </p>
          <p>
            有效期至 {untilText(p.created.validUntil)}（北京时间）。请把编号或核验报告交给需要核验的户口、档案管理部门。
          </p>
          <p>
            <a class="button" href={p.created.reportUrl}>
              下载核验报告（PDF）
            </a>
          </p>
        </div>
      )}
      {p.revoked && (
        <div class="alert ok" role="status">
          已撤销核验编号 <span class="mono">{p.revoked}</span>，此后用它查询会显示“已撤销”。
        </div>
      )}

      <section class="card" aria-labelledby="grant-h">
        <h2 id="grant-h">新的核验授权</h2>
        {!p.eligible ? (
          <p class="muted">
            您还没有审核通过的去向登记。请先在“<a href="/me/registration">去向登记</a>”中登记，审核通过后再来授权核验。
          </p>
        ) : !p.open ? (
          <p class="muted">
            在线核验已于 {dayText(p.lastDay)} 截止，不能再授权。您的去向登记并未因此失效；如需证明，请联系学校。
          </p>
        ) : (
          <form method="post" action="/me/authorization">
            <CsrfField token={p.csrf} />
            <label for="validUntil">有效期至</label>
            <p class="hint" id="validUntil-hint">
              可选今天到 {dayText(p.lastDay)} 之间的任意一天，编号在所选日期 23:59:59（北京时间）后停止核验。
            </p>
            <input
              type="date"
              id="validUntil"
              name="validUntil"
              min={p.today}
              max={p.lastDay}
              value={p.chosenDay ?? p.lastDay}
              required
              aria-describedby="validUntil-hint"
              aria-invalid={p.errorField === 'validUntil' ? 'true' : undefined}
            />
            <label for="password">登录密码</label>
            <p class="hint" id="password-hint">
              为确认是您本人操作，请再次输入登录密码。
            </p>
            <input
              type="password"
              id="password"
              name="password"
              autocomplete="current-password"
              required
              aria-describedby="password-hint"
              aria-invalid={p.errorField === 'password' ? 'true' : undefined}
            />
            <div class="actions">
              <button type="submit">授权并生成核验编号</button>
            </div>
          </form>
        )}
      </section>

      <section class="card" aria-labelledby="grants-h">
        <h2 id="grants-h">我的核验编号</h2>
        {p.grants.length === 0 ? (
          <p class="empty">还没有核验授权。</p>
        ) : (
          <ul class="grant-list">
            {p.grants.map((g) => (
              <li data-number={g.number}>
                <div class="grant-head">
                  <span class="mono">{g.number}</span> <span class={badge[g.state]}>{g.state}</span>
                </div>
                <div class="muted">
                  有效期至 {untilText(g.validUntil)}
                  {g.revokedAt ? `；${cstText(g.revokedAt)} 撤销` : ''}；{cstText(g.createdAt)} 授权
                </div>
                {g.state === '有效' && (
                  <div class="grant-actions">
                    <a href={g.reportUrl}>下载核验报告</a>
                    <form class="inline" method="post" action="/me/authorization/revoke">
                      <CsrfField token={p.csrf} />
                      <input type="hidden" name="number" value={g.number} />
                      <button
                        type="submit"
                        class="small danger"
                        data-confirm={`撤销后，核验编号 ${g.number} 将不能再查询，且不能恢复。确定撤销吗？`}
                      >
                        撤销授权
                      </button>
                    </form>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="log-h">
        <h2 id="log-h">查询记录</h2>
        <p class="hint">
          您的转递编号和核验编号每被查询一次，都记在这里（最新的在前）。
          {p.log.total > 0 ? `共 ${p.log.total} 条。` : ''}
        </p>
        {p.log.items.length === 0 ? (
          <p class="empty">{p.log.total === 0 ? '还没有人查询过您的编号。' : '这一页没有记录。'}</p>
        ) : (
          <ul class="grant-list" data-access-log>
            {p.log.items.map((l) => (
              <li>
                <div class="grant-head">
                  <span>{cstText(l.at)}</span> <span class="badge">{KIND[l.kind] ?? l.kind}</span>{' '}
                  <span class={l.outcome === 'found' ? 'badge ok' : 'badge warn'}>
                    {OUTCOME[l.outcome] ?? l.outcome}
                  </span>
                </div>
                <div class="mono muted">{l.number}</div>
              </li>
            ))}
          </ul>
        )}
        <Pager
          page={p.log.page}
          pages={Math.max(1, Math.ceil(p.log.total / p.log.pageSize))}
          href={(n) => `/me/authorization?page=${n}#log-h`}
        />
      </section>
    </Layout>
  )
}
