/** The imports of a school over JSON: every kind, with its status (issue 13 item 3). */
import { createRoute } from '@hono/zod-openapi'
import { createRouter, errorResponses, jsonContent, z } from '../openapi.js'
import { currentUser, guard } from '../middleware/auth.js'
import { IMPORT_STATUSES } from '../domain/import-status.js'
import { listImports } from './queries.js'

export const importsApi = createRouter()

const staffOnly = guard({ roles: ['school', 'department'] })

/** The list's query, shared by the API and the page. */
export const importListQuery = z.object({
  kind: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => v || undefined)
    .openapi({
      description: '导入类别：graduates（生源）、registrations（去向登记）、archive-units（档案接收单位名录）',
    }),
  status: z
    .enum(IMPORT_STATUSES as [string, ...string[]])
    .optional()
    .or(z.literal('').transform(() => undefined))
    .openapi({ description: 'running（进行中）、done（已完成）、interrupted（已中断）' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

const ImportItemSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    filename: z.string(),
    status: z.enum(['running', 'done', 'interrupted']),
    total: z.number(),
    created: z.number(),
    updated: z.number(),
    failed: z.number(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    createdBy: z.string().nullable(),
    department: z.string().nullable(),
  })
  .openapi('ImportItem')

importsApi.openapi(
  createRoute({
    method: 'get',
    path: '/imports',
    tags: ['导入'],
    summary: '导入记录：各类导入及其状态（进行中、已完成、已中断），新的在前',
    description:
      '已中断：导入所在的服务进程中途停止（或导入中途出错），此前已写入的行保留，计数为最后一批写入时的数字。院系用户只看到本院系的导入。',
    middleware: [staffOnly] as const,
    request: { query: importListQuery },
    responses: {
      200: jsonContent(z.object({ items: z.array(ImportItemSchema), total: z.number(), page: z.number() }), '导入记录'),
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const r = await listImports(
      c.var.deps.db,
      currentUser(c),
      { kind: q.kind, status: q.status as never },
      q.page,
      q.pageSize,
    )
    return c.json({ ...r, page: q.page }, 200)
  },
)
