/** What the registration pages (graduate, reviewers, imports) share: their guards and error handling. */
import { AppError } from '../errors.js'
import { guard } from '../middleware/auth.js'

export const studentPage = guard({ roles: ['student'], loginPath: '/me/login' })
export const staffRead = guard({ roles: ['school', 'department'], module: 'info', loginPath: '/admin/login' })
export const staffWrite = guard({
  roles: ['school', 'department'],
  module: 'info',
  level: 'rw',
  loginPath: '/admin/login',
})
export const schoolWrite = guard({ roles: ['school'], module: 'info', level: 'rw', loginPath: '/admin/login' })
export const schoolArchiveWrite = guard({
  roles: ['school'],
  module: 'archive',
  level: 'rw',
  loginPath: '/admin/login',
})
export const staffArchiveRead = guard({ roles: ['school', 'department'], module: 'archive', loginPath: '/admin/login' })

/** A file or record id no page links to (a hand-edited URL) is simply not there. */
export const noSuchFile = (): never => {
  throw new AppError('not_found', '没有找到这个文件')
}
export const noSuchRegistration = (): never => {
  throw new AppError('not_found', '没有找到这条登记')
}

/** Client errors become the page with the message; anything else goes to onError. */
export function userError(e: unknown): AppError | null {
  return e instanceof AppError && e.status < 500 ? e : null
}

/**
 * Runs a page's action; a client error (a rule, a conflict) is answered by `render` — the same
 * page with the message at its field — and anything else goes on to onError.
 */
export async function orRender(
  run: () => Promise<Response>,
  render: (err: AppError) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await run()
  } catch (e) {
    const err = userError(e)
    if (!err) throw e
    return render(err)
  }
}
