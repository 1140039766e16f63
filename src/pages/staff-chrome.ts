/**
 * What every signed-in page's frame needs: the navigation, who is signed in (with logout and the
 * bell's unread count), the CSRF token.
 */
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { currentUser } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { employerNav, staffNav } from '../../views/nav.js'

export function staffWho(c: Context<AppEnv>) {
  const me = currentUser(c)
  return {
    label: me.displayName ?? me.username,
    logoutAction: '/admin/logout',
    csrf: csrfToken(c),
    unread: c.get('unread'),
  }
}

/** The same for a graduate's pages: their name, the graduate logout, the bell's count. */
export function graduateWho(c: Context<AppEnv>, label: string) {
  return { label, logoutAction: '/me/logout', csrf: csrfToken(c), unread: c.get('unread') }
}

/** The staff navigation of this user on this deployment (a province's schools report up). */
export const staffNavOf = (c: Context<AppEnv>) =>
  staffNav(currentUser(c), { province: c.var.deps.config.deployment === 'province' })

export function staffChrome(c: Context<AppEnv>) {
  const who = staffWho(c)
  return { nav: staffNavOf(c), who, csrf: who.csrf }
}

/** An employer's pages: the unit's name, the employer logout; no inbox or /me/password (its account is not a user's). */
function employerWho(c: Context<AppEnv>) {
  const me = currentUser(c)
  return {
    label: me.displayName ?? me.username,
    logoutAction: '/employer/logout',
    csrf: csrfToken(c),
    unread: c.get('unread'),
    account: false,
  }
}

export function employerChrome(c: Context<AppEnv>) {
  const who = employerWho(c)
  return { nav: employerNav(), who, csrf: who.csrf }
}
