/** The 导入记录 page (issue 13 item 3): the list of imports with their status, for staff. */
import { Hono } from 'hono'
import { zValidator } from '@hono/zod-validator'
import type { AppEnv } from '../deps.js'
import { currentUser, guard } from '../middleware/auth.js'
import { staffChrome } from '../pages/staff-chrome.js'
import { validationHook } from '../openapi.js'
import { ImportListPage } from '../../views/imports/list-page.js'
import { importListQuery } from './routes.js'
import { listImports } from './queries.js'

export const importPages = new Hono<AppEnv>()

const staffOnly = guard({ roles: ['school', 'department'], loginPath: '/admin/login' })

importPages.get(
  '/admin/imports',
  staffOnly,
  zValidator('query', importListQuery, validationHook as never),
  async (c) => {
    const q = c.req.valid('query')
    const filters = { kind: q.kind, status: q.status as never }
    const r = await listImports(c.var.deps.db, currentUser(c), filters, q.page, q.pageSize)
    return c.html(
      <ImportListPage
        {...staffChrome(c)}
        items={r.items}
        total={r.total}
        page={q.page}
        pageSize={q.pageSize}
        filters={{ kind: q.kind, status: q.status }}
      />,
    )
  },
)
