/**
 * Counts the signed-in user's unread notifications for the bell, once per page request (a GET
 * that is not an API call); API calls and posts skip it. One probe of a partial index.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../deps.js'
import { unreadOf } from './service.js'

export function unreadCounter(): MiddlewareHandler<AppEnv> {
  return async function unreadMiddleware(c, next) {
    const user = c.get('user')
    if (user && c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/static/'))
      c.set('unread', await unreadOf(c.get('deps'), user.id))
    await next()
  }
}
