/**
 * The employer's own pages (contract §5 "Employers"; seed 004 §2.3 (1)), phone-first like the
 * graduate's: registration (no account), the unit's profile, and the 学生收藏夹 — find a graduate by
 * 姓名 + 身份证号 + 毕业院校, check, add; remove and add again when wrong.
 */
import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import type { PlacePickerState } from '../components/place-field.js'
import { UNIT_FIELD_KEYS, UnitFields } from '../components/unit-fields.js'
import { KvTable, Notice, TextField, type Errors } from '../components/form-fields.js'

export interface EmployerFrame {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
}

export const REGISTER_FIELDS = [...UNIT_FIELD_KEYS, 'username'] as const
export type RegisterValues = Partial<Record<(typeof REGISTER_FIELDS)[number], string>>

export function EmployerRegisterPage(p: {
  csrf: string
  values: RegisterValues
  errors?: Errors
  error?: string | null
  locationName: string | null
  picker?: PlacePickerState | null
}) {
  const e = p.errors ?? {}
  const v = p.values
  const many = Object.keys(e).length
  return (
    <Layout title="用人单位注册" narrow>
      <h1>用人单位注册</h1>
      <p class="lead">注册后由学校审核单位信息，审核通过即可登录，搜索毕业生并发起线上签约邀请。</p>
      <ErrorAlert message={p.error ?? (many ? `请修改标出的 ${many} 项后再提交。` : null)} />
      <form class="card" method="post" action="/employer/register" novalidate>
        <CsrfField token={p.csrf} />
        <h2>单位信息</h2>
        <UnitFields values={v} errors={e} locationName={p.locationName} picker={p.picker} action="/employer/register" />
        <h2>登录账号</h2>
        <TextField
          id="username"
          label="用户名"
          hint="2–64 个字母、数字或 _ . @ -，登录时使用。"
          value={v.username}
          error={e.username}
          maxlength={64}
          autocomplete="username"
          required
        />
        <TextField
          id="password"
          label="密码"
          hint="至少 8 个字符。"
          type="password"
          error={e.password}
          autocomplete="new-password"
          required
        />
        <TextField
          id="password2"
          label="再次输入密码"
          type="password"
          error={e.password2}
          autocomplete="new-password"
          required
        />
        <div class="actions">
          <button class="block" type="submit" name="intent" value="register">
            提交注册
          </button>
        </div>
      </form>
      <p>
        已有账号？<a href="/employer/login">用人单位登录</a>
      </p>
    </Layout>
  )
}

const EMPLOYER_STATUS: Record<string, string> = { pending: '待学校审核', approved: '审核通过', rejected: '审核不通过' }

export interface EmployerProfile {
  name: string
  creditCode: string
  natureName: string | null
  industryName: string | null
  locationName: string | null
  address: string
  contact: string
  phone: string
  email: string | null
  username: string
  status: string
}

export function EmployerHomePage(
  p: EmployerFrame & {
    profile: EmployerProfile
    counts: { favorites: number; invited: number; awaiting: number; inForce: number }
    onlineSigning: boolean
  },
) {
  const u = p.profile
  return (
    <Layout title="单位信息" nav={p.nav} who={p.who} current="/employer" narrow>
      <h1>{u.name}</h1>
      {!p.onlineSigning && (
        <div class="alert warn" role="status">
          学校尚未开启在线签约，暂时不能发起签约邀请。
        </div>
      )}
      <div class="stats">
        <a class="stat" href="/employer/favorites" data-stat="favorites">
          <div>学生收藏夹</div>
          <div class="n">{p.counts.favorites}</div>
        </a>
        <a class="stat" href="/employer/invitations?status=invited" data-stat="invited">
          <div>签约中（等待应约）</div>
          <div class="n">{p.counts.invited}</div>
        </a>
        <a class="stat" href="/employer/agreements" data-stat="awaiting">
          <div>学生已同意，等待学校审核</div>
          <div class="n">{p.counts.awaiting}</div>
        </a>
        <a class="stat" href="/employer/agreements" data-stat="in-force">
          <div>已生效协议</div>
          <div class="n">{p.counts.inForce}</div>
        </a>
      </div>
      <div class="card">
        <h2>单位信息</h2>
        <KvTable
          caption="单位信息"
          rows={[
            ['单位名称', u.name],
            ['统一社会信用代码', <span class="mono">{u.creditCode}</span>],
            ['单位性质', u.natureName],
            ['单位行业', u.industryName],
            ['单位所在地', u.locationName],
            ['通讯地址', u.address],
            ['单位联系人', u.contact],
            ['联系人电话', u.phone],
            ['邮箱', u.email],
            ['登录用户名', u.username],
            ['审核状态', EMPLOYER_STATUS[u.status] ?? u.status],
          ]}
        />
        <p class="hint">单位名称、统一社会信用代码如需修改，请联系学校就业部门；这些信息会印在电子就业协议书上。</p>
      </div>
    </Layout>
  )
}

export interface FoundGraduateView {
  name: string
  idNumber: string | null
  school: string
  schoolCode: string
  major: string
  education: string | null
  graduationTime: string
}

export interface FavoriteRow extends FoundGraduateView {
  graduateId: number
  addedAt: string
}

export function FavoritesPage(
  p: EmployerFrame & {
    items: FavoriteRow[]
    search: { studentName?: string; idNumber?: string; school?: string }
    errors?: Errors
    error?: string | null
    notice?: string | null
    /** The graduate the search found, to check before adding. */
    found?: FoundGraduateView | null
  },
) {
  const e = p.errors ?? {}
  const s = p.search
  return (
    <Layout title="学生收藏夹" nav={p.nav} who={p.who} current="/employer/favorites" narrow>
      <h1>学生收藏夹</h1>
      <Notice text={p.notice} />
      <ErrorAlert message={p.error} />
      <form class="card" method="post" action="/employer/favorites/search" novalidate>
        <CsrfField token={p.csrf} />
        <h2>添加学生</h2>
        <p class="hint">请准确输入学生的姓名、身份证号和毕业院校代码，系统将帮助您搜索签约学生信息。</p>
        <TextField
          id="studentName"
          label="学生姓名"
          value={s.studentName}
          error={e.studentName}
          maxlength={50}
          required
        />
        <TextField id="idNumber" label="身份证号" value={s.idNumber} error={e.idNumber} maxlength={30} required />
        <TextField
          id="school"
          label="毕业院校"
          hint="5 位院校代码。"
          value={s.school}
          error={e.school}
          maxlength={5}
          inputmode="numeric"
          required
        />
        <div class="actions">
          <button type="submit">搜索</button>
        </div>
      </form>
      {p.found && (
        <div class="card" data-found>
          <h2>搜索结果：请确认学生信息无误</h2>
          <KvTable
            caption="搜索到的学生"
            rows={[
              ['姓名', p.found.name],
              ['身份证号', <span class="mono">{p.found.idNumber}</span>],
              ['毕业院校', `${p.found.school}（${p.found.schoolCode}）`],
              ['专业', p.found.major],
              ['学历', p.found.education],
              ['毕业时间', p.found.graduationTime],
            ]}
          />
          <form method="post" action="/employer/favorites">
            <CsrfField token={p.csrf} />
            <input type="hidden" name="studentName" value={s.studentName ?? ''} />
            <input type="hidden" name="idNumber" value={s.idNumber ?? ''} />
            <input type="hidden" name="school" value={s.school ?? ''} />
            <div class="actions">
              <button type="submit">确认无误，加入收藏夹</button>
            </div>
          </form>
          <p class="hint">加入后若发现信息有误，需删除后重新添加。</p>
        </div>
      )}
      <h2>已收藏的学生（{p.items.length}）</h2>
      {p.items.length === 0 ? (
        <div class="card empty">收藏夹里还没有学生。先按姓名、身份证号和毕业院校搜索添加。</div>
      ) : (
        <ul class="grant-list" data-favorites>
          {p.items.map((f) => (
            <li data-graduate={String(f.graduateId)}>
              <div class="grant-head">
                <strong>{f.name}</strong> <span class="mono">{f.idNumber}</span>
              </div>
              <div class="muted">
                {f.school} · {f.major} · {f.education ?? ''} · 毕业时间 {f.graduationTime}
              </div>
              <div class="grant-actions">
                <a class="button" href={`/employer/invitations/new?graduate=${f.graduateId}`}>
                  发起签约邀请
                </a>{' '}
                <form
                  class="inline"
                  method="post"
                  action={`/employer/favorites/${f.graduateId}/remove`}
                  data-confirm={`确定把${f.name}从收藏夹删除吗？`}
                >
                  <CsrfField token={p.csrf} />
                  <button class="secondary" type="submit">
                    删除
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}
