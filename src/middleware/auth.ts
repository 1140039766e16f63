/**
 * Who is asking, and may they? `authenticate` reads the session once per request; `guard` is the
 * one place where roles, per-module permissions (info / archive / hukou: rw / ro / none) and the
 * students' forced password change are enforced. Department scoping is carried by the user and
 * applied by `scopeGraduates` in every query that lists or fetches graduates.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../db/schema.js'
import type { AppEnv, CurrentUser, Permissions, SessionRole } from '../deps.js'
import { educationScopeCodes } from '../domain/codes/education-levels.js'
import { AppError } from '../errors.js'

export const SESSION_COOKIE = 'qx_session'

/**
 * Finds the user behind a session token (null: unknown, expired or disabled). The accounts feature
 * owns sessions, so src/app.ts hands its lookup in: middleware knows no feature code.
 */
export type SessionLookup = (db: Db, token: string, now: Date, via: CurrentUser['via']) => Promise<CurrentUser | null>

export function authenticate({
  cookieName = SESSION_COOKIE,
  loadSessionUser,
}: {
  cookieName?: string
  loadSessionUser: SessionLookup
}): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const { db, now } = c.get('deps')
    const header = c.req.header('authorization')
    let user: CurrentUser | null = null
    if (header && /^bearer\s+/i.test(header)) {
      user = await loadSessionUser(db, header.replace(/^bearer\s+/i, '').trim(), now(), 'bearer')
    } else {
      const token = getCookie(c, cookieName)
      if (token) user = await loadSessionUser(db, token, now(), 'cookie')
    }
    c.set('user', user)
    await next()
  }
}

type Module = keyof Permissions

export interface GuardOptions {
  roles?: SessionRole[]
  /** Staff need `ro` on this module to read (GET/HEAD) and `rw` to change anything. */
  module?: Module
  /** Force `rw` even on reads (downloads of full data, for instance). */
  level?: 'ro' | 'rw'
  /** The one place a student on the first password may reach: changing it. */
  allowPasswordChange?: boolean
  /** Pages send people to a login page instead of answering 401. */
  loginPath?: string
}

const MODULE_NAMES: Record<Module, string> = { info: '基本信息和就业信息', archive: '档案信息', hukou: '户口信息' }

export function guard({
  roles,
  module,
  level,
  allowPasswordChange = false,
  loginPath,
}: GuardOptions = {}): MiddlewareHandler<AppEnv> {
  return async function guardMiddleware(c, next) {
    const user = c.get('user')
    if (!user) {
      if (loginPath) return c.redirect(loginPath, 303)
      throw new AppError('unauthorized', '请先登录')
    }
    if (roles && !roles.includes(user.role)) throw new AppError('forbidden', '当前账号无权访问此功能')
    // Security decision (contract §8): the province reads the schools only through the routes
    // that name it (src/province/); a route guarded by a module permission alone is a school's.
    if (!roles && module && user.role === 'province') throw new AppError('forbidden', '当前账号无权访问此功能')
    if (user.role === 'student' && user.mustChangePassword && !allowPasswordChange) {
      if (loginPath) return c.redirect('/me/password', 303)
      throw new AppError('password_change_required', '首次登录请先修改密码')
    }
    // Graduates and employers hold no staff module permissions: their routes scope by ownership.
    if (module && user.role !== 'student' && user.role !== 'employer') {
      const need = level ?? (c.req.method === 'GET' || c.req.method === 'HEAD' ? 'ro' : 'rw')
      const have = user.permissions[module]
      if (have === 'none' || (need === 'rw' && have !== 'rw')) {
        throw new AppError('forbidden', `没有${MODULE_NAMES[module]}的${need === 'rw' ? '读写' : '查看'}权限`)
      }
    }
    await next()
  }
}

/** The signed-in user, for handlers behind `guard`. */
export function currentUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get('user')
  if (!user) throw new AppError('unauthorized', '请先登录')
  return user
}

export type ScopedUser = Pick<
  CurrentUser,
  'schoolId' | 'role' | 'departmentId' | 'graduateId' | 'educationScope' | 'classes'
>

/**
 * Security decision: the one scoping rule for every query that lists, counts, exports or fetches
 * graduates — their school; a department user's own 院系; a counsellor's 院系 and only its
 * 所在班级 (contract §6; seed 002 附件3: 班主任 see their classes); the user's 数据权限
 * (`educationScope`, 本专科 / 研究生, seed 004 §1.4) on top, for every role. Withdrawn graduates are
 * left out unless asked for.
 */
export function scopeGraduates<O>(
  qb: SelectQueryBuilder<Database, 'graduates' | any, O>,
  user: ScopedUser,
  { includeWithdrawn = false } = {},
): SelectQueryBuilder<Database, 'graduates' | any, O> {
  let q = qb.where('graduates.school_id', '=', user.schoolId)
  if (user.role === 'department' || user.role === 'counsellor')
    q = q.where('graduates.department_id', '=', user.departmentId ?? -1)
  if (user.role === 'counsellor') {
    const classes = user.classes ?? []
    q = classes.length ? q.where('graduates.class_name', 'in', classes) : q.where(sql<boolean>`0`)
  }
  if (user.role === 'student') q = q.where('graduates.id', '=', user.graduateId ?? -1)
  const codes = educationScopeCodes(user.educationScope ?? 'all')
  if (codes) q = q.where('graduates.education_code', 'in', codes)
  if (!includeWithdrawn) q = q.where('graduates.withdrawn_at', 'is', null)
  return q
}

/**
 * Security decision: a graduate still on the first password (the last six of 身份证号, which many
 * people can know) may do nothing under /me but change it — enforced here once for every /me
 * route, present and future, rather than in each handler.
 */
export function forcePasswordChange({ allowed = ['/api/v1/me/password'] as string[] } = {}): MiddlewareHandler<AppEnv> {
  return async function forcePasswordChangeMiddleware(c, next) {
    const user = c.get('user')
    if (user?.role === 'student' && user.mustChangePassword && !allowed.includes(c.req.path)) {
      throw new AppError('password_change_required', '首次登录请先修改密码')
    }
    await next()
  }
}
