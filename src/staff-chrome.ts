/** What every staff page's frame needs: the navigation, who is signed in (with logout), the CSRF token. */
import type { Context } from 'hono'
import type { AppEnv } from './deps.js'
import { currentUser } from './middleware/auth.js'
import { csrfToken } from './middleware/csrf.js'
import { staffNav } from '../views/nav.js'

export function staffWho(c: Context<AppEnv>) {
  const me = currentUser(c)
  return { label: me.displayName ?? me.username, logoutAction: '/admin/logout', csrf: csrfToken(c) }
}

export function staffChrome(c: Context<AppEnv>) {
  const who = staffWho(c)
  return { nav: staffNav(currentUser(c)), who, csrf: who.csrf }
}
