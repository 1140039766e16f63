/** Login, logout and password pages for staff (/admin) and graduates (/me). */
import { staffNavOf } from '../pages/staff-chrome.js'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { guard, currentUser, SESSION_COOKIE } from '../middleware/auth.js'
import { csrfToken, isHttps } from '../middleware/csrf.js'
import { EmailPage, LoginPage, PasswordPage } from '../../views/accounts/login-page.js'
import { login } from './login.js'
import { clientAddress } from '../rate-limit.js'
import { deleteSession, ownEmail, SESSION_TTL_MS } from './queries.js'
import { changePassword, setOwnEmail } from './service.js'
import { EmailBody, LoginBody, PasswordBody } from './schemas.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { z } from '../openapi.js'
import { studentNav } from '../../views/nav.js'
import type { Context } from 'hono'
import { listSchools } from '../province/service.js'

export const accountPages = new Hono<AppEnv>()

/** The login form: the API's body; the page trims the name (a pasted 学号 often carries a space). */
const LoginForm = LoginBody.extend({
  username: z.string().trim().min(1, '必须填写').max(64),
  // The school picker (province mode) sends '' for the province's own login.
  school: z.preprocess((v) => (v === '' ? undefined : v), LoginBody.shape.school),
})

/**
 * The school picker of a province deployment (contract §8: logins name the school); null in a
 * one-school deployment, where the page shows no picker.
 */
async function schoolPicker(c: Context<AppEnv>, selected?: string) {
  const { deps } = c.var
  if (deps.config.deployment !== 'province') return null
  const schools = await listSchools(deps.db)
  return { schools: schools.map((s) => ({ code: s.code, name: s.name })), province: deps.config.provinceName, selected }
}

/** Which login page an account belongs to (contract §5: employers sign in through the same sessions). */
type Audience = 'staff' | 'student' | 'employer'
const audienceOf = (role: string): Audience =>
  role === 'student' ? 'student' : role === 'employer' ? 'employer' : 'staff'
const BASES: Record<Audience, string> = { staff: '/admin', student: '/me', employer: '/employer' }
/** Said on the wrong login page, by the account's own audience. */
const ELSEWHERE: Record<Audience, string> = {
  staff: '这是学校或院系账号，请从学校、院系用户入口登录。',
  student: '这是毕业生账号，请从毕业生入口登录。',
  employer: '这是用人单位账号，请从用人单位入口登录。',
}

/** Where a signed-in user's pages begin. */
const homeOf = (role: string, base: string) => (role === 'province' ? '/province' : base)
const ByeQuery = z.object({
  bye: z.string().optional().catch(undefined),
  registered: z.string().optional().catch(undefined),
})

for (const audience of ['staff', 'student', 'employer'] as const) {
  const base = BASES[audience]
  const loginPage = async (
    c: Context<AppEnv>,
    error: string,
    username: string,
    status: 400 | 401 | 403 | 423 | 429,
    school?: string,
  ) =>
    c.html(
      <LoginPage
        audience={audience}
        action={`${base}/login`}
        csrf={csrfToken(c)}
        error={error}
        username={username}
        picker={audience === 'employer' ? null : await schoolPicker(c, school)}
      />,
      status,
    )

  accountPages.get(`${base}/login`, pageValidator('query', ByeQuery), async (c) => {
    if (c.var.user && audienceOf(c.var.user.role) === audience) return c.redirect(homeOf(c.var.user.role, base), 303)
    const q = c.req.valid('query')
    const notice = q.bye
      ? '您已安全退出。'
      : q.registered && audience === 'employer'
        ? '注册信息已提交，学校审核通过后即可用所设的用户名和密码登录。'
        : null
    return c.html(
      <LoginPage
        audience={audience}
        action={`${base}/login`}
        csrf={csrfToken(c)}
        notice={notice}
        picker={audience === 'employer' ? null : await schoolPicker(c)}
      />,
    )
  })

  const onBadLogin = (c: Context<AppEnv>, bad: { values: Record<string, unknown> }) =>
    loginPage(
      c,
      `请填写${audience === 'student' ? '学号' : '用户名'}和密码。`,
      stringValues(bad.values).username ?? '',
      400,
      stringValues(bad.values).school,
    )

  accountPages.post(`${base}/login`, pageValidator('form', LoginForm, onBadLogin), async (c) => {
    const { username, password, school } = c.req.valid('form')
    const render = (error: string, status: 400 | 401 | 403 | 423 | 429) => loginPage(c, error, username, status, school)
    try {
      const { token, user } = await login(
        c.var.deps,
        { username, password, school, clientAddress: clientAddress(c, c.var.deps.config.trustProxy) },
        'cookie',
      )
      if (audienceOf(user.role) !== audience) {
        await deleteSession(c.var.deps.db, user.sessionId)
        return render(ELSEWHERE[audienceOf(user.role)], 401)
      }
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: isHttps(c),
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      })
      return c.redirect(user.mustChangePassword ? '/me/password' : homeOf(user.role, base), 303)
    } catch (e) {
      if (
        e instanceof AppError &&
        (e.code === 'invalid_credentials' ||
          e.code === 'account_locked' ||
          e.code === 'rate_limited' ||
          // An employer whose registration waits for the school, or was refused (contract §5).
          e.code === 'employer_pending' ||
          (e.code === 'forbidden' && audience === 'employer'))
      ) {
        // Graduates sign in with their 学号, so say 学号 (the staff page keeps 用户名).
        const message =
          audience === 'student' && e.code === 'invalid_credentials' ? e.message.replace('用户名', '学号') : e.message
        for (const [k, v] of Object.entries(e.extra.headers ?? {})) c.header(k, v)
        return render(
          message,
          e.code === 'account_locked' ? 423 : e.code === 'rate_limited' ? 429 : e.status === 403 ? 403 : 401,
        )
      }
      throw e
    }
  })

  accountPages.post(`${base}/logout`, async (c) => {
    if (c.var.user) await deleteSession(c.var.deps.db, c.var.user.sessionId)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.redirect(`${base}/login?bye=1`, 303)
  })
}

/** The page frame for the password page: the audience's navigation, once the password is no longer forced. */
function passwordChrome(c: Context<AppEnv>) {
  const me = currentUser(c)
  const student = me.role === 'student'
  return {
    nav: me.mustChangePassword ? [] : student ? studentNav() : staffNavOf(c),
    who: {
      label: me.displayName ?? me.username,
      logoutAction: student ? '/me/logout' : '/admin/logout',
      csrf: csrfToken(c),
      unread: c.get('unread'),
    },
    home: student ? '/me' : '/admin',
  }
}

accountPages.get(
  '/me/password',
  guard({ roles: ['student', 'school', 'department'], allowPasswordChange: true, loginPath: '/me/login' }),
  (c) => c.html(<PasswordPage csrf={csrfToken(c)} forced={currentUser(c).mustChangePassword} {...passwordChrome(c)} />),
)

function passwordPage(c: Context<AppEnv>, error: string | null, done = false) {
  const me = currentUser(c)
  return c.html(
    <PasswordPage
      csrf={csrfToken(c)}
      forced={me.mustChangePassword && !done}
      error={error}
      done={done}
      {...passwordChrome(c)}
    />,
    error ? 400 : 200,
  )
}

/** The API's body; the page says what each field wants in its own words. */
const PasswordForm = PasswordBody.extend({
  oldPassword: z.string().min(1, '请填写当前使用的密码（首次登录为身份证号后六位）').max(128),
})

accountPages.post(
  '/me/password',
  guard({ allowPasswordChange: true, loginPath: '/me/login' }),
  pageValidator('form', PasswordForm, (c, bad) => passwordPage(c, bad.message)),
  async (c) => {
    const me = currentUser(c)
    const { oldPassword, newPassword } = c.req.valid('form')
    const render = (error: string | null, done = false) => passwordPage(c, error, done)
    try {
      await changePassword(c.var.deps, me, oldPassword, newPassword)
    } catch (e) {
      if (e instanceof AppError && e.code === 'validation_error') return render(e.message)
      throw e
    }
    if (me.role !== 'student') return c.redirect('/admin', 303)
    // Straight on to the graduate's home page, which says the password was changed.
    return c.redirect('/me?done=password', 303)
  },
)

/** 电子邮箱 (issue 17): the same body and service as `PUT /api/v1/me/email`. */
const DoneFlag = z.object({ done: z.literal('1').optional().catch(undefined) })
const emailGuard = guard({
  roles: ['school', 'department', 'counsellor', 'student', 'province'],
  loginPath: '/me/login',
})

async function emailPage(c: Context<AppEnv>, props: { value?: string; error?: string | null; done?: boolean }) {
  const row = await ownEmail(c.var.deps.db, currentUser(c).id)
  return c.html(
    <EmailPage
      csrf={csrfToken(c)}
      current={row?.own ?? null}
      rosterEmail={row?.roster ?? null}
      mailOn={Boolean(c.var.deps.config.mail)}
      {...props}
      {...passwordChrome(c)}
    />,
    props.error ? 400 : 200,
  )
}

accountPages.get('/me/email', emailGuard, pageValidator('query', DoneFlag), (c) =>
  emailPage(c, { done: c.req.valid('query').done === '1' }),
)

accountPages.post(
  '/me/email',
  emailGuard,
  pageValidator('form', EmailBody, (c, bad) =>
    emailPage(c, { value: stringValues(bad.values).email ?? '', error: bad.errors.email ?? bad.message }),
  ),
  async (c) => {
    await setOwnEmail(c.var.deps, currentUser(c), c.req.valid('form').email)
    return c.redirect('/me/email?done=1', 303)
  },
)
