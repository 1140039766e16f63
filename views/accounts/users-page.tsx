import { CsrfField, ErrorAlert, Layout, type NavItem } from '../layout.js'

export interface UserRow {
  username: string
  displayName: string | null
  role: string
  department: string | null
  permissions: { info: string; archive: string; hukou: string }
  locked: boolean
  failedLogins: number
}

const PERM: Record<string, string> = { rw: '读写', ro: '只读', none: '无权限' }
const ROLE: Record<string, string> = { school: '学校', department: '院系', student: '毕业生' }

export interface UsersPageProps {
  nav: NavItem[]
  who: { label: string; logoutAction: string; csrf: string }
  csrf: string
  users: UserRow[]
  departments: string[]
  error?: string | null
  notice?: string | null
  form?: Record<string, string>
}

function PermSelect({ name, label, value }: { name: string; label: string; value?: string }) {
  return (
    <div>
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        {['rw', 'ro', 'none'].map((p) => (
          <option value={p} selected={(value ?? 'rw') === p}>
            {PERM[p]}
          </option>
        ))}
      </select>
    </div>
  )
}

export function UsersPage({ nav, who, csrf, users, departments, error, notice, form = {} }: UsersPageProps) {
  return (
    <Layout title="账号管理" nav={nav} current="/admin/users" who={who} scripts={['/static/app.js']}>
      <h1>账号管理</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      <section class="card" aria-labelledby="list-h">
        <h2 id="list-h">学校和院系用户</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">类型</th>
                <th scope="col">院系</th>
                <th scope="col">基本信息和就业信息</th>
                <th scope="col">档案信息</th>
                <th scope="col">户口信息</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td class="mono">{u.username}</td>
                  <td>{u.displayName ?? '—'}</td>
                  <td>{ROLE[u.role] ?? u.role}</td>
                  <td>{u.department ?? '—'}</td>
                  <td>{PERM[u.permissions.info]}</td>
                  <td>{PERM[u.permissions.archive]}</td>
                  <td>{PERM[u.permissions.hukou]}</td>
                  <td>
                    {u.locked ? (
                      <form method="post" action={`/admin/users/${encodeURIComponent(u.username)}/unlock`}>
                        <CsrfField token={csrf} />
                        <span class="badge err">已锁定</span>{' '}
                        <button class="secondary" type="submit" data-confirm={`确定解锁 ${u.username}？`}>
                          解锁
                        </button>
                      </form>
                    ) : (
                      <span class="badge ok">正常</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="new-h">
        <h2 id="new-h">添加用户</h2>
        <p class="hint">院系用户的院系名称必须与导入生源时的院系名称完全一致，否则无法审核本院系毕业生。</p>
        <form method="post" action="/admin/users">
          <CsrfField token={csrf} />
          <div class="filters">
            <div>
              <label for="username">用户名</label>
              <input id="username" name="username" type="text" required value={form.username ?? ''} autocomplete="off" />
            </div>
            <div>
              <label for="displayName">姓名</label>
              <input id="displayName" name="displayName" type="text" value={form.displayName ?? ''} />
            </div>
            <div>
              <label for="password">初始密码</label>
              <input id="password" name="password" type="password" minlength={8} required autocomplete="new-password" />
            </div>
            <div>
              <label for="role">类型</label>
              <select id="role" name="role">
                <option value="department" selected={form.role !== 'school'}>
                  院系用户
                </option>
                <option value="school" selected={form.role === 'school'}>
                  学校用户
                </option>
              </select>
            </div>
            <div>
              <label for="department">院系（院系用户必填）</label>
              <input id="department" name="department" type="text" list="departments" value={form.department ?? ''} />
              <datalist id="departments">
                {departments.map((d) => (
                  <option value={d} />
                ))}
              </datalist>
            </div>
            <PermSelect name="info" label="基本信息和就业信息" value={form.info} />
            <PermSelect name="archive" label="档案信息" value={form.archive} />
            <PermSelect name="hukou" label="户口信息" value={form.hukou} />
          </div>
          <div class="actions">
            <button type="submit">添加用户</button>
          </div>
        </form>
      </section>
      <p>
        <a href="/admin/audit">查看操作日志</a>
      </p>
    </Layout>
  )
}

export interface AuditRow {
  at: string
  actor: string
  action: string
  target: string | null
  detail: string | null
}

export function AuditPage({ nav, who, rows, page, pages }: { nav: NavItem[]; who: UsersPageProps['who']; rows: AuditRow[]; page: number; pages: number }) {
  return (
    <Layout title="操作日志" nav={nav} current="/admin/users" who={who}>
      <h1>操作日志</h1>
      <p class="hint">谁在什么时间做了什么：账号、导入、审核、生成编号、批量导出等。</p>
      {rows.length === 0 ? (
        <p class="empty">暂无记录</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">详情</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.at}</td>
                  <td>{r.actor}</td>
                  <td class="mono">{r.action}</td>
                  <td>{r.target ?? '—'}</td>
                  <td class="mono">{r.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="分页">
        {page > 1 && <a href={`/admin/audit?page=${page - 1}`}>上一页</a>}
        <span>
          第 {page} / {Math.max(1, pages)} 页
        </span>
        {page < pages && <a href={`/admin/audit?page=${page + 1}`}>下一页</a>}
      </nav>
    </Layout>
  )
}
