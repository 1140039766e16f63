/**
 * Builds the whole service from its dependencies. Knows no runtime: the Node entry
 * (server.ts), the Workers entry (worker.ts) and the tests hand in the database, the clock,
 * the settings and the storage.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from './deps.js'
import { AppError, errorBody } from './errors.js'
import { databaseAnswers } from './db/health.js'
import { validationHook } from './openapi.js'
import { prebuiltJson, securityHeaders } from './middleware/security.js'
import { requestIds } from './middleware/request-id.js'
import { authenticate, forcePasswordChange } from './middleware/auth.js'
import { csrfProtection } from './middleware/csrf.js'
import { requestSizeLimit } from './middleware/body-size.js'
import { accountsApi } from './accounts/routes.js'
import { loadSessionUser } from './accounts/service.js'
import { accountPages } from './accounts/pages.js'
import { userPages } from './accounts/user-pages.js'
import { homePages } from './home/pages.js'
import { adminApi } from './admin/routes.js'
import { adminPages } from './admin/pages.js'
import { reportsApi } from './reports/routes.js'
import { reportPages } from './reports/pages.js'
import { rosterApi } from './roster/routes.js'
import { rosterEditPages } from './roster/edit-pages.js'
import { rosterPages } from './roster/pages.js'
import { registrationApi } from './registration/routes.js'
import { archiveUnitsApi } from './registration/archive-units.js'
import { registrationImportsApi } from './registration/imports.js'
import { registrationMePages } from './registration/me-pages.js'
import { registrationReviewPages } from './registration/review-pages.js'
import { registrationImportPages } from './registration/import-pages.js'
import { confirmationApi } from './confirmation/routes.js'
import { confirmationPages } from './confirmation/pages.js'
import { transferApi } from './transfer/routes.js'
import { transferPages } from './transfer/pages.js'
import { authorizationApi } from './authorization/routes.js'
import { authorizationPages } from './authorization/pages.js'
import { lookupApi } from './lookup/routes.js'
import { lookupPages } from './lookup/pages.js'
import { unreadCounter } from './notifications/unread.js'
import { notificationsApi } from './notifications/routes.js'
import { employersApi } from './employers/routes.js'
import { agreementsApi } from './agreements/routes.js'
import { ownAgreementsApi } from './agreements/own-routes.js'
import { provinceApi } from './province/routes.js'
import { provinceSchoolPages } from './province/school-pages.js'
import { provincePages } from './province/pages.js'
import { agreementPages } from './agreements/pages.js'
import { agreementEmployerPages } from './agreements/employer-pages.js'
import { employerPages } from './employers/pages.js'
import { agreementMePages } from './agreements/me-pages.js'
import { agreementSchoolPages } from './agreements/school-pages.js'
import { notificationPages } from './notifications/pages.js'
import { passwordResetApi } from './accounts/reset-routes.js'
import { passwordResetPages } from './accounts/reset-pages.js'
import { importsApi } from './imports/routes.js'
import { importPages } from './imports/pages.js'
import { recommendationsApi } from './recommendations/routes.js'
import { recommendationPages } from './recommendations/pages.js'
import { ErrorPage } from '../views/error-page.js'

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never })

  app.use('*', requestIds())
  app.use('*', securityHeaders())
  app.use('*', function injectDeps(c, next) {
    c.set('deps', deps)
    return next()
  })
  // Performance: /healthz answers before the body limit, the session and CSRF middleware, which it
  // never needs (it reads no body, no cookie, and changes nothing), with its headers prebuilt.
  // It says the service can serve once the database answers (issue 13 item 2): a prepared
  // `SELECT 1` where the runtime has one (a few microseconds), else through Kysely; 503 if not.
  app.get('/healthz', async (c) => {
    await databaseAnswers(deps)
    return prebuiltJson(c, { ok: true }, 200, {}, 'page') as never
  })
  app.use('*', requestSizeLimit())
  // Routes for anyone (the public lookup) are matched before the session and CSRF middleware:
  // Hono runs handlers in the order they were added, and these answer without calling next().
  // They read no cookie and carry no authority, and a cross-site JSON post needs a CORS preflight
  // this service never grants (src/middleware/csrf.ts).
  app.route('/api/v1', lookupApi)
  app.use('*', authenticate({ loadSessionUser }))
  app.use('*', csrfProtection())
  app.use('/api/v1/me/*', forcePasswordChange())
  app.use('*', unreadCounter())

  // The route table of the service: every sub-app, in the order it is matched.
  app.route('/', homePages)
  app.route('/api/v1', accountsApi)
  app.route('/', accountPages)
  app.route('/', userPages)
  app.route('/api/v1', adminApi)
  app.route('/', adminPages)
  app.route('/api/v1', reportsApi) // before rosterApi: /graduates/summary.xlsx is not a /graduates/{id}
  app.route('/', reportPages)
  app.route('/api/v1', rosterApi)
  app.route('/', rosterEditPages) // 添加毕业生, 修改生源信息
  app.route('/', rosterPages)
  app.route('/api/v1', registrationApi)
  app.route('/api/v1', archiveUnitsApi)
  app.route('/api/v1', registrationImportsApi)
  app.route('/', registrationMePages)
  app.route('/', registrationReviewPages)
  app.route('/', registrationImportPages)
  app.route('/api/v1', confirmationApi)
  app.route('/', confirmationPages)
  app.route('/api/v1', transferApi)
  app.route('/', transferPages)
  app.route('/api/v1', authorizationApi)
  app.route('/', authorizationPages)
  app.route('/', lookupPages)
  app.route('/api/v1', notificationsApi)
  app.route('/api/v1', employersApi)
  app.route('/api/v1', agreementsApi)
  app.route('/api/v1', ownAgreementsApi) // 线下签约, 补登, 解约, 修改
  app.route('/api/v1', provinceApi)
  app.route('/', provincePages)
  app.route('/', provinceSchoolPages) // 生源上报 and 培养方式变更申请, the school's side
  app.route('/', agreementPages)
  app.route('/', employerPages)
  app.route('/', agreementEmployerPages)
  app.route('/', agreementMePages)
  app.route('/', agreementSchoolPages)
  app.route('/', notificationPages)
  app.route('/api/v1', passwordResetApi)
  app.route('/', passwordResetPages)
  app.route('/api/v1', importsApi)
  app.route('/', importPages)
  app.route('/api/v1', recommendationsApi) // 毕业生就业推荐表
  app.route('/', recommendationPages) // and its public /r/{id} page

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'quxiang 去向 API',
      version: '1.0.0',
      description:
        '毕业去向登记、档案转递编号与户档部门查询核验。认证：Authorization: Bearer <token>（POST /api/v1/session 取得）。错误统一为 {"error":{"code","message"}}。',
    },
    servers: [{ url: deps.config.publicBaseUrl }],
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })

  app.notFound((c) => {
    if (wantsJson(c)) return c.json(errorBody('not_found', '没有这个接口或资源'), 404)
    return c.html(ErrorPage({ status: 404, title: '页面不存在', message: '没有找到您要访问的页面，请检查地址。' }), 404)
  })

  app.onError((err, c) => {
    const { status, code, message, headers, field } = toErrorShape(err)
    if (status >= 500) {
      // Never the body, never the stack in the response: the request id ties the log to the user's report.
      console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path} → ${status}:`, err)
    }
    for (const [k, v] of Object.entries(headers ?? {})) c.header(k, v)
    // The body is exactly the contract's {code, message}; the failing field, for programs, rides in a header.
    if (field) c.header('X-Error-Field', encodeURIComponent(field))
    if (wantsJson(c)) return c.json(errorBody(code, message), status as 400)
    return c.html(ErrorPage({ status, title: status >= 500 ? '服务暂时出错' : '请求未能完成', message }), status as 400)
  })

  return app
}

export type App = ReturnType<typeof createApp>

function wantsJson(c: Context<AppEnv>) {
  return (
    c.req.path.startsWith('/api/') || c.req.path === '/healthz' || !(c.req.header('accept') ?? '').includes('text/html')
  )
}

function toErrorShape(err: unknown): {
  status: number
  code: string
  message: string
  headers?: Record<string, string>
  field?: string
} {
  if (err instanceof AppError)
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      headers: err.extra.headers,
      field: err.extra.field,
    }
  if (err instanceof HTTPException) {
    const status = err.status
    if (status === 413) return { status, code: 'payload_too_large', message: '上传内容过大' }
    if (status === 415)
      return { status, code: 'unsupported_media_type', message: '不支持的内容类型，请以 JSON（application/json）提交' }
    if (status === 400)
      return {
        status,
        code: 'validation_error',
        message: /JSON/i.test(err.message) ? '请求体不是有效的 JSON' : '请求内容有误',
      }
    if (status === 401) return { status, code: 'unauthorized', message: '请先登录' }
    if (status === 403) return { status, code: 'forbidden', message: '没有权限' }
    if (status === 404) return { status, code: 'not_found', message: '未找到' }
    if (status < 500) return { status, code: 'bad_request', message: '请求未能完成' }
  }
  return {
    status: 500,
    code: 'internal_error',
    message: '服务器内部错误，请稍后重试；如一再出现，请把页面上的请求编号告诉管理员',
  }
}
