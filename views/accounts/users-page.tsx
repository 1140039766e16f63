import { beijingTime } from '../../src/domain/beijing-time.js'
import { CsrfField, ErrorAlert, Layout, type NavItem, type Who } from '../layout.js'
import { IMPORT_STATUS_LABELS, type ImportStatus } from '../../src/domain/import-status.js'
import { EDUCATION_SCOPE_LABEL } from '../../src/domain/codes/education-levels.js'

interface UserRow {
  username: string
  displayName: string | null
  role: string
  department: string | null
  permissions: { info: string; archive: string; hukou: string }
  locked: boolean
  failedLogins: number
  classes: string[]
  educationScope: string
  disabled: boolean
}

const PERM: Record<string, string> = { rw: '读写', ro: '只读', none: '无权限' }
const ROLE: Record<string, string> = { school: '学校', department: '院系', counsellor: '辅导员', student: '毕业生' }
const SCOPE: Record<string, string> = EDUCATION_SCOPE_LABEL

export interface UsersPageProps {
  nav: NavItem[]
  who: Who
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

/** 院系 chosen from the existing ones (issue 13 item 9): no free text, so no typo creates one. */
function DepartmentSelect({ departments, value }: { departments: string[]; value?: string | null }) {
  return (
    <div>
      <label for="department">院系（院系用户、辅导员必选）</label>
      <select id="department" name="department">
        <option value="">（不属于院系）</option>
        {departments.map((d) => (
          <option value={d} selected={value === d}>
            {d}
          </option>
        ))}
      </select>
    </div>
  )
}

function ClassesField({ value }: { value?: string }) {
  return (
    <div>
      <label for="classes">所带班级（辅导员必填，用逗号或换行分隔）</label>
      <textarea id="classes" name="classes" rows={2}>
        {value ?? ''}
      </textarea>
    </div>
  )
}

function ScopeSelect({ value }: { value?: string }) {
  return (
    <div>
      <label for="educationScope">数据权限</label>
      <select id="educationScope" name="educationScope">
        {Object.entries(SCOPE).map(([k, v]) => (
          <option value={k} selected={(value ?? 'all') === k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  )
}

export interface UserEditPageProps {
  nav: NavItem[]
  who: Who
  csrf: string
  user: UserRow
  departments: string[]
  error?: string | null
  notice?: string | null
  form?: Record<string, string>
}

/** One staff user: permissions, 院系, classes, 数据权限, 停用 / 启用, a new password. */
export function UserEditPage({ nav, who, csrf, user, departments, error, notice, form }: UserEditPageProps) {
  const base = `/admin/users/${encodeURIComponent(user.username)}`
  const f = form ?? {
    department: user.department ?? '',
    classes: user.classes.join('，'),
    educationScope: user.educationScope,
    info: user.permissions.info,
    archive: user.permissions.archive,
    hukou: user.permissions.hukou,
  }
  return (
    <Layout title={`编辑用户 ${user.username}`} nav={nav} current="/admin/users" who={who}>
      <p>
        <a href="/admin/users">← 返回账号管理</a>
      </p>
      <h1>编辑用户 {user.username}</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} />
      <section class="card" aria-labelledby="edit-h">
        <h2 id="edit-h">
          {ROLE[user.role] ?? user.role}
          {user.disabled ? '（已停用）' : ''}
        </h2>
        <form method="post" action={base}>
          <CsrfField token={csrf} />
          <div class="filters">
            {user.role !== 'school' && <DepartmentSelect departments={departments} value={f.department} />}
            {user.role === 'counsellor' && <ClassesField value={f.classes} />}
            <ScopeSelect value={f.educationScope} />
            <PermSelect name="info" label="基本信息和就业信息" value={f.info} />
            <PermSelect name="archive" label="档案信息" value={f.archive} />
            <PermSelect name="hukou" label="户口信息" value={f.hukou} />
          </div>
          <div class="actions">
            <button type="submit">保存修改</button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="pw-h">
        <h2 id="pw-h">设置新密码</h2>
        <form method="post" action={`${base}/password`}>
          <CsrfField token={csrf} />
          <div>
            <label for="password">新密码（至少 8 个字符）</label>
            <input id="password" name="password" type="password" minlength={8} required autocomplete="new-password" />
          </div>
          <div class="actions">
            <button type="submit">设置新密码</button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="dis-h">
        <h2 id="dis-h">{user.disabled ? '启用账号' : '停用账号'}</h2>
        <p class="hint">停用后该账号不能登录，已登录的会话立即失效；随时可以重新启用。</p>
        <form method="post" action={`${base}/${user.disabled ? 'enable' : 'disable'}`}>
          <CsrfField token={csrf} />
          <button type="submit" class={user.disabled ? '' : 'danger'}>
            {user.disabled ? '启用账号' : '停用账号'}
          </button>
        </form>
      </section>
    </Layout>
  )
}

export function UsersPage({ nav, who, csrf, users, departments, error, notice, form = {} }: UsersPageProps) {
  return (
    <Layout title="账号管理" nav={nav} current="/admin/users" who={who}>
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
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">类型</th>
                <th scope="col">院系</th>
                <th scope="col">基本信息和就业信息</th>
                <th scope="col">档案信息</th>
                <th scope="col">户口信息</th>
                <th scope="col">数据权限</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td class="mono c-name">{u.username}</td>
                  <td class="c-who">{u.displayName ?? '—'}</td>
                  <td data-label="类型">{ROLE[u.role] ?? u.role}</td>
                  <td data-label="院系">
                    {u.department ?? '—'}
                    {u.classes.length > 0 && <div class="hint">班级：{u.classes.join('、')}</div>}
                  </td>
                  <td class="c-wide" data-label="基本信息和就业信息">
                    {PERM[u.permissions.info]}
                  </td>
                  <td data-label="档案信息">{PERM[u.permissions.archive]}</td>
                  <td data-label="户口信息">{PERM[u.permissions.hukou]}</td>
                  <td data-label="数据权限">{SCOPE[u.educationScope] ?? u.educationScope}</td>
                  <td class="c-status">
                    {u.disabled ? (
                      <span class="badge err">已停用</span>
                    ) : u.locked ? (
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
                  <td data-label="操作">
                    <a href={`/admin/users/${encodeURIComponent(u.username)}`}>编辑</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="new-h">
        <h2 id="new-h">添加用户</h2>
        <p class="hint">院系从已有院系中选择（导入生源时建立）；辅导员还须填写所带班级，只能看到这些班级的毕业生。</p>
        <form method="post" action="/admin/users">
          <CsrfField token={csrf} />
          <div class="filters">
            <div>
              <label for="username">用户名</label>
              <input
                id="username"
                name="username"
                type="text"
                required
                value={form.username ?? ''}
                autocomplete="off"
              />
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
                <option value="counsellor" selected={form.role === 'counsellor'}>
                  辅导员（班主任）
                </option>
                <option value="school" selected={form.role === 'school'}>
                  学校用户
                </option>
              </select>
            </div>
            <DepartmentSelect departments={departments} value={form.department} />
            <ClassesField value={form.classes} />
            <ScopeSelect value={form.educationScope} />
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

/** The acts people look for, in Chinese; an unknown code is shown as it is. */
const AUDIT_ACTIONS: Record<string, string> = {
  'account.locked': '账号锁定（密码错误次数过多）',
  'password.change': '修改密码',
  'password.reset': '重置密码',
  'user.create': '添加用户',
  'user.update': '修改用户',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.password': '设置用户新密码',
  'user.unlock': '解锁账号',
  'import.graduates': '导入生源',
  'import.registrations': '导入去向登记',
  'import.archive-units': '导入档案接收单位名录',
  'roster.export': '导出生源',
  'reports.summary_export': '导出资格审核汇总表',
  'roster.withdraw': '撤出生源',
  'roster.restore': '恢复生源',
  'roster.correction.approve': '生源核对审核通过',
  'roster.correction.return': '生源核对退回',
  'registration.save': '去向登记：保存',
  'registration.submit': '去向登记：提交审核',
  'registration.withdraw': '去向登记：撤回',
  'registration.void': '去向登记：作废',
  'registration.approve': '去向登记：审核通过',
  'registration.return': '去向登记：退回修改',
  'registration.reject': '去向登记：审核不通过',
  'registration.modify': '去向登记：学校修改',
  'registration.overwrite': '去向登记：学校报送',
  'registration.review_mode': '修改审核方式',
  'registration.attachment.add': '上传证明材料',
  'registration.attachment.delete': '删除证明材料',
  'archive_unit.put': '保存档案接收单位',
  'archive_unit.delete': '删除档案接收单位',
  'confirmation.list.export': '导出登记确认列表',
  'confirmation.stats.export': '导出登记确认统计',
  'confirmation.reminders.export': '导出确认提醒名单',
  'dashboard.export': '导出图表数据',
  'transfer.generate': '生成转递编号',
  'transfer.export': '导出转递信息',
  'transfer.sheet': '打印登记信息表',
  'verification.grant': '核验授权',
  'verification.revoke': '撤销核验授权',
  'verification.report': '下载核验报告',
  'recommendation.save': '就业推荐表：暂存',
  'recommendation.submit': '就业推荐表：提交审核',
  'recommendation.approve': '就业推荐表：院系审核通过',
  'recommendation.return': '就业推荐表：退回修改',
  'recommendation.download': '下载就业推荐表',
  'recommendation.export': '批量下载就业推荐表',
}

/** The filter's groups: the part of the action code before the first dot. */
export const AUDIT_GROUPS: Array<[string, string]> = [
  ['user', '账号'],
  ['password', '密码'],
  ['account', '账号锁定'],
  ['import', '导入'],
  ['roster', '生源'],
  ['registration', '去向登记'],
  ['archive_unit', '档案接收单位'],
  ['confirmation', '登记确认'],
  ['transfer', '档案转递'],
  ['verification', '核验授权'],
  ['dashboard', '图表'],
  ['recommendation', '就业推荐表'],
]

const DETAIL_KEYS: Record<string, string> = {
  from: '原状态',
  to: '新状态',
  version: '版本',
  total: '共',
  created: '新增',
  updated: '更新',
  failed: '失败',
  generated: '生成',
  regenerated: '重新生成',
  unchanged: '未变',
  ineligible: '不符合条件',
  role: '类型',
  department: '院系',
  permissions: '权限',
  format: '格式',
  count: '数量',
  filters: '筛选条件',
  reason: '原因',
  fields: '字段',
  correction: '核对编号',
  mode: '审核方式',
  level: '审核层级',
  info: '基本信息和就业信息',
  archive: '档案信息',
  hukou: '户口信息',
  withdrawn: '已撤出名单',
  charts: '图表',
  state: '确认状态',
  status: '状态',
  type: '类型',
  attachment: '证明材料',
  attachmentId: '证明材料',
  name: '文件名',
  size: '大小',
  importId: '导入批次',
  kind: '类别',
  rows: '行数',
  selected: '选中',
  major: '专业',
  education: '学历',
  graduationTime: '毕业时间',
  studentNo: '学号',
  q: '查询关键字',
  cohort: '届',
  recommendation: '推荐表编号',
  // the self-check's fields, as stored (roster_corrections)
  origin_code: '生源所在地',
  phone: '手机号码',
  email: '电子邮箱',
  qq: 'QQ号码',
  home_address: '家庭住址',
  home_phone: '家庭电话',
  urban_rural: '城乡生源',
}

/** Stored codes people should never read as such: file formats, media types, scopes. */
const VALUE_WORDS: Record<string, string> = {
  zip: 'ZIP 压缩包',
  xlsx: 'Excel 工作簿',
  csv: 'CSV 文件',
  pdf: 'PDF 文件',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'application/pdf': 'PDF 文件',
  school: '全校',
  archive: '档案',
  hukou: '户口',
}

/** The audit row's object, in words: a graduate (linked by the page), a user, several graduates, the school. */
function targetText(target: string | null): string {
  if (!target) return '—'
  if (target === 'school') return '本校'
  const many = /^graduates:(\d+)$/.exec(target)
  if (many) return `毕业生 ${many[1]} 人`
  if (target.startsWith('user:')) return `用户 ${target.slice(5)}`
  if (target.startsWith('import:')) return '一次导入'
  if (target.startsWith('registration:')) return `去向登记 ${target.slice(13)}`
  if (target.startsWith('attachment:')) return '证明材料'
  return target
}
const STATUS_WORDS: Record<string, string> = {
  draft: '草稿',
  submitted: '待审核',
  department_approved: '院系已审核',
  approved: '审核通过',
  returned: '退回修改',
  rejected: '审核不通过',
  voided: '已作废',
}

function detailValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if ((key === 'from' || key === 'to') && typeof v === 'string') return STATUS_WORDS[v] ?? v
  if (key === 'status' && typeof v === 'string') return IMPORT_STATUS_LABELS[v as ImportStatus] ?? v
  if (key === 'role' && typeof v === 'string') return ROLE[v] ?? v
  if (key === 'importId' || key === 'id') return typeof v === 'string' ? '（已记录）' : String(v)
  if (typeof v === 'string')
    return PERM[v] && ['info', 'archive', 'hukou'].includes(key) ? PERM[v] : (VALUE_WORDS[v] ?? v)
  // Lists of field names (筛选条件, 字段) read as their Chinese names.
  if (Array.isArray(v))
    return (
      v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : (DETAIL_KEYS[String(x)] ?? String(x)))).join('、') ||
      '—'
    )
  if (typeof v === 'object')
    return (
      Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${DETAIL_KEYS[k] ?? k} ${detailValue(k, x)}`)
        .join('，') || '—'
    )
  return String(v)
}

/** The detail JSON as "名称：值" pairs; anything unreadable is shown as it was stored. */
function Detail({ detail }: { detail: string | null }) {
  if (!detail) return <span class="muted">—</span>
  let o: unknown
  try {
    o = JSON.parse(detail)
  } catch {
    return <span class="mono">{detail}</span>
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return <span class="mono">{detail}</span>
  return (
    <dl class="detail">
      {Object.entries(o as Record<string, unknown>).map(([k, v]) => (
        <>
          <dt>{DETAIL_KEYS[k] ?? k}</dt>
          <dd>{detailValue(k, v)}</dd>
        </>
      ))}
    </dl>
  )
}

export interface AuditFilters {
  group?: string
  actor?: string
  from?: string
  to?: string
}

export function AuditPage({
  nav,
  who,
  rows,
  page,
  pages,
  total = rows.length,
  filters = {},
  graduateNames = {},
}: {
  nav: NavItem[]
  who: UsersPageProps['who']
  rows: AuditRow[]
  page: number
  pages: number
  total?: number
  filters?: AuditFilters
  /** Names of the graduates the rows are about, by id, so a row reads as a person. */
  graduateNames?: Record<string, string>
}) {
  const link = (n: number) => {
    const u = new URLSearchParams()
    for (const [k, v] of Object.entries(filters)) if (v) u.set(k, v)
    u.set('page', String(n))
    return `/admin/audit?${u}`
  }
  const filtered = Object.values(filters).some(Boolean)
  return (
    <Layout title="操作日志" nav={nav} current="/admin/users" who={who}>
      <p>
        <a href="/admin/users">← 账号管理</a>
      </p>
      <h1>操作日志</h1>
      <p class="hint">谁在什么时间做了什么：账号、导入、审核、生成编号、批量导出等。时间为北京时间。</p>
      <form class="card filters audit-filters" method="get" action="/admin/audit" role="search">
        <div>
          <label for="a-group">操作类别</label>
          <select id="a-group" name="group">
            <option value="">全部</option>
            {AUDIT_GROUPS.map(([v, l]) => (
              <option value={v} selected={filters.group === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="a-actor">操作人账号</label>
          <input id="a-actor" name="actor" type="text" value={filters.actor ?? ''} maxlength={50} autocomplete="off" />
        </div>
        <div>
          <label for="a-from">起始日期</label>
          <input id="a-from" name="from" type="date" value={filters.from ?? ''} />
        </div>
        <div>
          <label for="a-to">截止日期</label>
          <input id="a-to" name="to" type="date" value={filters.to ?? ''} />
        </div>
        <div>
          <button type="submit">筛选</button>
        </div>
      </form>
      <p>共 {total} 条</p>
      {rows.length === 0 ? (
        <p class="empty card">{filtered ? '没有符合条件的记录，请放宽筛选条件。' : '暂无记录'}</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
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
              {rows.map((r) => {
                const g = /^graduate:(\d+)$/.exec(r.target ?? '')
                return (
                  <tr>
                    <td class="nowrap c-who">{beijingTime(r.at, 'second')}</td>
                    <td class="c-name">{r.actor === 'system' ? '系统' : r.actor}</td>
                    <td class="c-wide" data-label="操作" title={r.action}>
                      {AUDIT_ACTIONS[r.action] ?? r.action}
                    </td>
                    <td data-label="对象">
                      {g ? (
                        <a href={`/admin/roster/${g[1]}`}>{graduateNames[g[1]] ?? `毕业生 ${g[1]}`}</a>
                      ) : (
                        targetText(r.target)
                      )}
                    </td>
                    <td class="text c-wide" data-label="详情">
                      <Detail detail={r.detail} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="分页">
        {page > 1 && <a href={link(page - 1)}>上一页</a>}
        <span>
          第 {page} / {Math.max(1, pages)} 页
        </span>
        {page < pages && <a href={link(page + 1)}>下一页</a>}
      </nav>
    </Layout>
  )
}
