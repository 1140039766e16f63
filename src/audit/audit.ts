/**
 * The audit trail: who did what to whom, when. Written for every account act, bulk export,
 * generation and review — never with request bodies or identity numbers in `detail`.
 */
import type { Db } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'

export interface AuditEntry {
  action: string
  target?: string | null
  detail?: Record<string, unknown> | null
}

export function auditInsert(
  db: Db,
  at: Date,
  actor: Pick<CurrentUser, 'id' | 'username' | 'schoolId'> | null,
  e: AuditEntry,
) {
  return db.insertInto('audit_log').values({
    at: at.toISOString(),
    school_id: actor?.schoolId ?? null,
    actor_user_id: actor?.id ?? null,
    actor: actor?.username ?? 'system',
    action: e.action,
    target: e.target ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  })
}

export async function audit(
  db: Db,
  at: Date,
  actor: Pick<CurrentUser, 'id' | 'username' | 'schoolId'> | null,
  e: AuditEntry,
) {
  await auditInsert(db, at, actor, e).execute()
}
