import { CsrfField, ErrorAlert, Layout, type LayoutProps, type NavItem } from '../layout.js'
import { TextField } from '../components/form-fields.js'

export interface LoginPageProps {
  audience: 'staff' | 'student' | 'employer'
  action: string
  csrf: string
  error?: string | null
  username?: string
  notice?: string | null
  /** Province mode only: the schools to pick from (staff also get the province's own login). */
  picker?: { schools: Array<{ code: string; name: string }>; province: string | null; selected?: string } | null
}

export function LoginPage({ audience, action, csrf, error, username = '', notice, picker }: LoginPageProps) {
  // An employer signs in like staff (用户名 + 密码), on its own page.
  const staff = audience !== 'student'
  const employer = audience === 'employer'
  const title = employer ? '用人单位登录' : staff ? '学校、院系用户登录' : '毕业生登录'
  return (
    <Layout title={title} narrow>
      <h1>{title}</h1>
      {notice && (
        <div class="alert ok" role="status">
          {notice}
        </div>
      )}
      <ErrorAlert message={error} title="登录未成功" />
      <form class="card" method="post" action={action}>
        <CsrfField token={csrf} />
        {picker && (
          <>
            <label for="school">院校</label>
            <p class="hint" id="school-hint">
              请选择所在学校（院校代码 学校名称）。
            </p>
            <select id="school" name="school" required={!staff} aria-describedby="school-hint">
              {staff ? (
                <option value="">{`省级管理员（${picker.province ?? '省级'}）`}</option>
              ) : (
                <option value="">请选择学校</option>
              )}
              {picker.schools.map((s) => (
                <option value={s.code} selected={picker.selected === s.code}>
                  {`${s.code} ${s.name}`}
                </option>
              ))}
            </select>
          </>
        )}
        <label for="username">{staff ? '用户名' : '学号'}</label>
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          required
          value={username}
          autofocus={!username}
        />
        <label for="password">密码</label>
        {!staff && (
          <p class="hint" id="password-hint">
            首次登录的初始密码是身份证号后六位（末位 X 大写），登录后须修改。
          </p>
        )}
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-describedby={staff ? undefined : 'password-hint'}
          autofocus={!!username}
          aria-invalid={error ? 'true' : undefined}
        />
        <div class="actions">
          <button class="block" type="submit">
            登录
          </button>
        </div>
        <p class="hint">
          连续 5 次密码错误，账号将锁定 15 分钟。
          {employer ? (
            '忘记密码请联系学校就业部门。'
          ) : (
            <>
              <a href="/password-reset">忘记密码？</a>
              {staff ? '' : '（没有登记邮箱的，请联系所在院系重置。）'}
            </>
          )}
        </p>
      </form>
      {employer && (
        <p>
          还没有账号？<a href="/employer/register">用人单位注册</a>（学校审核通过后即可登录、发起签约邀请）
        </p>
      )}
      <p>
        {audience !== 'student' && <a href="/me/login">毕业生请由此登录</a>}
        {audience !== 'staff' && (
          <>
            {audience === 'employer' ? ' · ' : ''}
            <a href="/admin/login">学校、院系用户请由此登录</a>
          </>
        )}
        {audience !== 'employer' && (
          <>
            {' · '}
            <a href="/employer/login">用人单位请由此登录</a>
          </>
        )}{' '}
        · <a href="/verify">档案、户口部门查询核验（无需登录）</a>
      </p>
    </Layout>
  )
}

export function PasswordPage({
  csrf,
  error,
  forced,
  done,
  nav = [],
  who,
  home = '/me',
}: {
  csrf: string
  error?: string | null
  forced: boolean
  done?: boolean
  nav?: NavItem[]
  who?: LayoutProps['who']
  home?: string
}) {
  return (
    <Layout title="修改密码" narrow nav={nav} who={who} current="/me/password">
      <h1>修改密码</h1>
      {forced && (
        <div class="alert warn" role="status">
          这是您首次登录（或密码已被重置），请先设置新密码，之后才能使用其他功能。
        </div>
      )}
      {done && (
        <div class="alert ok" role="status">
          密码已修改。<a href={home}>返回首页</a>
        </div>
      )}
      <ErrorAlert message={error} />
      <form class="card" method="post" action="/me/password">
        <CsrfField token={csrf} />
        <label for="oldPassword">原密码</label>
        {forced && (
          <p class="hint" id="op-hint">
            首次登录时，原密码即身份证号后六位（末位 X 大写）。
          </p>
        )}
        <input
          id="oldPassword"
          name="oldPassword"
          type="password"
          autocomplete="current-password"
          required
          aria-describedby={forced ? 'op-hint' : undefined}
        />
        <label for="newPassword">新密码</label>
        <p class="hint" id="np-hint">
          至少 8 个字符，不能是身份证号后六位。
        </p>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          minlength={8}
          required
          aria-describedby="np-hint"
        />
        <div class="actions">
          <button type="submit">保存新密码</button>
        </div>
      </form>
      {!forced && (
        <p>
          <a href="/me/email">设置接收提醒和找回密码的电子邮箱</a>
        </p>
      )}
    </Layout>
  )
}

/** 电子邮箱: one's own address for mail reminders and reset codes (issue 17). */
export function EmailPage(p: {
  csrf: string
  /** The address on the account now (or, for a graduate, the roster's, shown as such). */
  current: string | null
  rosterEmail?: string | null
  value?: string
  error?: string | null
  done?: boolean
  mailOn: boolean
  nav?: NavItem[]
  who?: LayoutProps['who']
}) {
  return (
    <Layout title="电子邮箱" narrow nav={p.nav ?? []} who={p.who} current="/me/password">
      <h1>电子邮箱</h1>
      {p.done && (
        <div class="alert ok" role="status">
          {p.current ? `已保存，邮件将发送到 ${p.current}。` : '已清除，不再给本账号发送邮件。'}
        </div>
      )}
      {!p.mailOn && (
        <div class="alert warn" role="status">
          本系统尚未开启邮件发送：消息只在站内“消息”中显示，找回密码需联系管理员。
        </div>
      )}
      <p>审核结果、邀请、提醒等消息会同时发到这个邮箱；忘记密码时，验证码也发到这里。</p>
      {p.rosterEmail && !p.current && <p class="hint">目前使用学校生源信息中的邮箱：{p.rosterEmail}</p>}
      <form class="card" method="post" action="/me/email" novalidate>
        <CsrfField token={p.csrf} />
        <TextField
          id="email"
          label="电子邮箱"
          type="email"
          inputmode="email"
          autocomplete="email"
          maxlength={254}
          value={p.value ?? p.current ?? ''}
          error={p.error}
          hint="留空并保存即清除。"
        />
        <div class="actions">
          <button type="submit">保存</button>
        </div>
      </form>
    </Layout>
  )
}
