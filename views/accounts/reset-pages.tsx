/** 找回密码: ask for a code, then set a new password with it. */
import { CsrfField, ErrorAlert, Layout } from '../layout.js'

type Errors = Partial<Record<'username' | 'code' | 'newPassword', string>>

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null
  return (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  )
}

const LoginLinks = () => (
  <p>
    <a href="/me/login">毕业生登录</a> · <a href="/admin/login">学校、院系用户登录</a>
  </p>
)

export function ResetRequestPage(p: { csrf: string; username?: string; errors?: Errors; error?: string | null }) {
  const e = p.errors ?? {}
  return (
    <Layout title="找回密码" narrow>
      <h1>找回密码</h1>
      <ErrorAlert message={p.error} />
      <form class="card" method="post" action="/password-reset" novalidate>
        <CsrfField token={p.csrf} />
        <label for="username">用户名或学号</label>
        <p class="hint" id="username-hint">
          验证码将发送到账号登记的电子邮箱（毕业生为生源信息中的电子邮箱）。
        </p>
        <FieldError id="username" message={e.username} />
        <input
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          required
          value={p.username ?? ''}
          aria-describedby={e.username ? 'username-error username-hint' : 'username-hint'}
          aria-invalid={e.username ? 'true' : undefined}
        />
        <div class="actions">
          <button class="block" type="submit">
            发送验证码
          </button>
        </div>
        <p class="hint">
          已有验证码？<a href="/password-reset/confirm">输入验证码设置新密码</a>
          。没有登记邮箱的账号请联系所在院系重置密码。
        </p>
      </form>
      <LoginLinks />
    </Layout>
  )
}

export function ResetConfirmPage(p: {
  csrf: string
  username?: string
  errors?: Errors
  error?: string | null
  notice?: string | null
  done?: boolean
}) {
  const e = p.errors ?? {}
  if (p.done)
    return (
      <Layout title="密码已重置" narrow>
        <h1>密码已重置</h1>
        <div class="alert ok" role="status">
          新密码已生效，原有的登录均已退出。请用新密码登录。
        </div>
        <LoginLinks />
      </Layout>
    )
  const field = (
    id: 'username' | 'code' | 'newPassword',
    label: string,
    input: { type: string; autocomplete: string; value?: string; inputmode?: 'numeric'; maxlength?: number },
    hint?: string,
  ) => (
    <>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} message={e[id]} />
      <input
        id={id}
        name={id}
        required
        {...input}
        aria-describedby={[e[id] && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined}
        aria-invalid={e[id] ? 'true' : undefined}
      />
    </>
  )
  return (
    <Layout title="设置新密码" narrow>
      <h1>设置新密码</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <ErrorAlert message={p.error} />
      <form class="card" method="post" action="/password-reset/confirm" novalidate>
        <CsrfField token={p.csrf} />
        {field('username', '用户名或学号', { type: 'text', autocomplete: 'username', value: p.username ?? '' })}
        {field(
          'code',
          '验证码',
          { type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6 },
          '邮件中的 6 位数字，15 分钟内有效，输错 5 次作废。',
        )}
        {field('newPassword', '新密码', { type: 'password', autocomplete: 'new-password' }, '至少 8 个字符。')}
        <div class="actions">
          <button class="block" type="submit">
            设置新密码
          </button>
        </div>
        <p class="hint">
          没有收到验证码？<a href="/password-reset">重新获取</a>
        </p>
      </form>
      <LoginLinks />
    </Layout>
  )
}
