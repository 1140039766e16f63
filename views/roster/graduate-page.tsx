/** One graduate's roster record for staff, with withdrawal (退学、休学、留级) and restoring. */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, Layout, type Who } from '../layout.js'
import type { RegistrationStatus } from '../../src/domain/registration/states.js'
import { STATUS_NAMES } from '../../src/domain/registration/index.js'
import { beijingTime } from '../../src/domain/beijing-time.js'

export interface RecordRow {
  label: string
  value: string
}

export function RecordTable({ rows }: { rows: RecordRow[] }) {
  return (
    <table class="kv">
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.value || <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function GraduatePage(p: {
  nav: NavItem[]
  who: Who
  csrf: string
  id: number
  name: string
  rows: RecordRow[]
  withdrawn: { at: string; reason: string | null } | null
  canWrite: boolean
  error?: string | null
  notice?: string | null
  /** The graduate's registration, if any (undefined: not shown). */
  registration?: { id: number; status: RegistrationStatus } | null
  /** A school of a province deployment may ask to change the 培养方式 of a reported graduate. */
  trainingModeRequest?: boolean
  /** The login account, for staff who may reset its password or unlock it (undefined: not shown). */
  account?: { studentNo: string; lockedUntil: string | null; firstPassword: boolean } | null
}) {
  const acc = p.account
  return (
    <Layout title={`${p.name} · 生源信息`} nav={p.nav} current="/admin/roster" who={p.who}>
      <p>
        <a href="/admin/roster">← 生源名单</a>
      </p>
      <h1>{p.name}</h1>
      <ErrorAlert message={p.error} />
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      {p.withdrawn && (
        <div class="alert warn" role="status">
          <h2>已撤出生源</h2>
          <p>
            {p.withdrawn.at.slice(0, 10)} 撤出，原因：{p.withdrawn.reason}
            。撤出后不出现在名单和统计中，其编号查询时均答“未找到”。
          </p>
        </div>
      )}
      {p.canWrite && (
        <p>
          <a class="button secondary" href={`/admin/roster/${p.id}/edit`}>
            修改生源信息
          </a>
          {p.trainingModeRequest && (
            <>
              {' '}
              <a class="button secondary" href={`/admin/roster/${p.id}/training-mode-request`}>
                申请变更培养方式
              </a>
            </>
          )}
        </p>
      )}
      {p.registration !== undefined && (
        <p data-registration>
          毕业去向登记：
          {p.registration ? (
            <>
              <span class="badge">{STATUS_NAMES[p.registration.status]}</span>{' '}
              <a href={`/admin/registrations/${p.registration.id}`}>查看去向登记</a>
            </>
          ) : (
            <span class="muted">尚未登记</span>
          )}
        </p>
      )}
      <div class="card">
        <RecordTable rows={p.rows} />
      </div>
      {acc && !p.withdrawn && (
        <section class="card" aria-labelledby="account-h" data-account>
          <h2 id="account-h">登录账号</h2>
          <p>
            用学号 <span class="mono">{acc.studentNo}</span> 登录。
            {acc.lockedUntil ? (
              <>
                <span class="badge warn">已锁定</span> 连续输错密码，{beijingTime(acc.lockedUntil)} 后自动解锁。
              </>
            ) : acc.firstPassword ? (
              '仍在使用初始密码（身份证号后六位），尚未设置新密码。'
            ) : (
              '已设置自己的密码。'
            )}
          </p>
          <div class="actions">
            {acc.lockedUntil && (
              <form method="post" action={`/admin/roster/${p.id}/unlock`} class="inline">
                <CsrfField token={p.csrf} />
                <button type="submit" data-confirm={`确定解锁 ${p.name} 的账号吗？`}>
                  解锁账号
                </button>
              </form>
            )}
            <form method="post" action={`/admin/roster/${p.id}/password-reset`} class="inline">
              <CsrfField token={p.csrf} />
              <button
                class="secondary"
                type="submit"
                data-confirm={`确定将 ${p.name} 的密码重置为初始密码（身份证号后六位）吗？`}
              >
                重置密码
              </button>
            </form>
          </div>
          <p class="hint">重置后密码恢复为身份证号后六位（末位 X 大写），下次登录须设置新密码，账号同时解锁。</p>
        </section>
      )}
      {p.canWrite && !p.withdrawn && (
        <form class="card" method="post" action={`/admin/roster/${p.id}/withdraw`}>
          <CsrfField token={p.csrf} />
          <h2>撤出生源</h2>
          <p class="hint">退学、休学、留级等不再属于本届毕业生的，撤出生源（不删除，可恢复，操作留痕）。</p>
          <label for="reason">撤出原因</label>
          <input id="reason" name="reason" type="text" required maxlength={200} placeholder="如：休学一年" />
          <div class="actions">
            <button class="danger" type="submit" data-confirm={`确定将 ${p.name} 撤出生源吗？`}>
              撤出生源
            </button>
          </div>
        </form>
      )}
      {p.canWrite && p.withdrawn && (
        <form class="card" method="post" action={`/admin/roster/${p.id}/restore`}>
          <CsrfField token={p.csrf} />
          <h2>恢复到生源</h2>
          <label for="restore-reason">恢复原因（选填）</label>
          <input id="restore-reason" name="reason" type="text" maxlength={200} placeholder="如：已复学" />
          <div class="actions">
            <button type="submit" data-confirm={`确定将 ${p.name} 恢复到生源吗？`}>
              恢复
            </button>
          </div>
        </form>
      )}
    </Layout>
  )
}
