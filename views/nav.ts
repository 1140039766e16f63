/** The navigation of each audience; features add their pages here. */
import type { NavItem } from './layout.js'
import type { Permissions, SessionRole } from '../src/domain/roles.js'

/** A staff page's signed-in user, as the menu and the header show it. */
export interface StaffViewer {
  role: SessionRole
  permissions: Permissions
  username: string
  displayName?: string | null
}

export function staffNav(
  user: Pick<StaffViewer, 'role' | 'permissions'>,
  { province = false }: { province?: boolean } = {},
): NavItem[] {
  const items: NavItem[] = [{ href: '/admin', label: '首页' }]
  if (user.permissions.info !== 'none') {
    items.push({ href: '/admin/roster', label: '生源' })
    items.push({ href: '/admin/registrations', label: '去向审核' })
    items.push({ href: '/admin/confirmations', label: '登记确认' })
    items.push({ href: '/admin/agreements', label: '在线签约' })
  }
  if ((user.role === 'school' || user.role === 'department') && user.permissions.info !== 'none')
    items.push({ href: '/admin/recommendations', label: '推荐表' })
  if (user.role === 'school' && user.permissions.info !== 'none')
    items.push({ href: '/admin/employers', label: '用人单位' })
  if (user.permissions.archive !== 'none') items.push({ href: '/admin/transfer', label: '档案转递' })
  // A school of a province deployment reports its roster up (contract §8).
  if (province && user.role === 'school' && user.permissions.info !== 'none')
    items.push({ href: '/admin/roster-reports', label: '生源上报' })
  if (user.role === 'school' && user.permissions.info === 'rw') items.push({ href: '/admin/users', label: '账号' })
  return items
}

export function studentNav(): NavItem[] {
  return [
    { href: '/me', label: '我的生源信息' },
    { href: '/me/registration', label: '去向登记' },
    { href: '/me/agreements', label: '我的签约' },
    { href: '/me/recommendation', label: '就业推荐表' },
    { href: '/me/confirmation', label: '登记确认' },
    { href: '/me/authorization', label: '核验授权' },
  ]
}

/** 用人单位 (contract §5): its own pages under /employer. */
export function employerNav(): NavItem[] {
  return [
    { href: '/employer', label: '单位信息' },
    { href: '/employer/favorites', label: '学生收藏夹' },
    { href: '/employer/invitations', label: '签约邀请' },
    { href: '/employer/agreements', label: '协议' },
  ]
}
