/** The list of a school's imports, newest first, with their status (issue 13 item 3). */
import type { Db } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import type { ImportStatus } from '../domain/import-status.js'

export interface ImportListFilter {
  kind?: string
  status?: ImportStatus
}

export interface ImportListItem {
  id: string
  kind: string
  filename: string
  status: ImportStatus
  total: number
  created: number
  updated: number
  failed: number
  createdAt: string
  finishedAt: string | null
  createdBy: string | null
  department: string | null
}

/**
 * Security decision: a school user sees every import of the school; a department user only
 * those made within its own 院系 (as `findImport` allows their failure tables).
 */
export async function listImports(
  db: Db,
  user: CurrentUser,
  filter: ImportListFilter,
  page: number,
  pageSize: number,
): Promise<{ items: ImportListItem[]; total: number }> {
  let q = db
    .selectFrom('imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .leftJoin('departments as d', 'd.id', 'i.department_id')
    .where('i.school_id', '=', user.schoolId)
  if (user.role === 'department') q = q.where('i.department_id', '=', user.departmentId)
  if (filter.kind) q = q.where('i.kind', '=', filter.kind)
  if (filter.status) q = q.where('i.status', '=', filter.status)
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    q
      .select([
        'i.id',
        'i.kind',
        'i.filename',
        'i.status',
        'i.total',
        'i.created',
        'i.updated',
        'i.failed',
        'i.created_at as createdAt',
        'i.finished_at as finishedAt',
        'u.username as createdBy',
        'd.name as department',
      ])
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ])
  return { items: rows, total: Number(count.n) }
}
