/**
 * The lookup's one query. Everything a lookup needs comes back in one row from one indexed
 * statement: the number (primary key), its graduate, school and registration (primary / unique
 * keys), and the client's failure counter (primary key) — so the throttle check costs no extra
 * round trip. A LEFT JOIN from a one-row table keeps the counter even when the number is unknown.
 * The SQL is fixed text with `?` parameters, prepared once through the `Statements` port.
 */
import type { AppDeps } from '../env.js'
import type { NumberType } from '../domain/numbers.js'
import type { LookupRecord } from '../domain/lookup.js'
import type { FailureCounter } from '../rate-limit.js'
import { kyselyStatements } from './statements.js'

const COLUMNS = `g.id AS graduate_id, g.name AS name, g.name_key AS name_key, g.gender_code AS gender_code,
  g.education_code AS education_code, g.major_name AS major_name, g.length_of_schooling AS length_of_schooling,
  g.origin_code AS origin_code, g.graduation_time AS graduation_time, g.withdrawn_at AS withdrawn_at,
  s.name AS school_name, r.status AS registration_status, r.destination AS destination,
  CASE WHEN ? = 'hukou' THEN r.hukou ELSE r.archive END AS section,
  rl.count AS rl_count, rl.window_start AS rl_window_start`

const JOINS = `LEFT JOIN graduates g ON g.id = n.graduate_id
LEFT JOIN schools s ON s.id = g.school_id
LEFT JOIN registrations r ON r.graduate_id = g.id
LEFT JOIN rate_limits rl ON rl.key = ?`

export const LOOKUP_SQL: Record<NumberType, string> = {
  transfer: `SELECT ${COLUMNS}, n.superseded_at AS superseded_at, NULL AS revoked_at, NULL AS valid_until
FROM (SELECT 1) AS one
LEFT JOIN transfer_numbers n ON n.number = ?
${JOINS}`,
  verification: `SELECT ${COLUMNS}, NULL AS superseded_at, n.revoked_at AS revoked_at, n.valid_until AS valid_until
FROM (SELECT 1) AS one
LEFT JOIN verification_grants n ON n.number = ?
${JOINS}`,
}

export interface LookupRow {
  graduate_id: number | null
  name: string | null
  name_key: string | null
  gender_code: string | null
  education_code: string | null
  major_name: string | null
  length_of_schooling: string | null
  origin_code: string | null
  graduation_time: string | null
  withdrawn_at: string | null
  school_name: string | null
  registration_status: string | null
  destination: string | null
  /** The registration's archive JSON for kind archive, its hukou JSON for kind hukou. */
  section: string | null
  rl_count: number | null
  rl_window_start: number | null
  superseded_at: string | null
  revoked_at: string | null
  valid_until: string | null
}

export async function fetchLookup(deps: Pick<AppDeps, 'db' | 'statements'>, type: NumberType, number: string, kind: string, limitKey: string): Promise<LookupRow> {
  const st = deps.statements ?? kyselyStatements(deps.db)
  // Parameter order follows the text: the CASE in COLUMNS, the number, the counter key.
  const row = await st.first<LookupRow>(LOOKUP_SQL[type], [kind, number, limitKey])
  if (!row) throw new Error('lookup query returned no row') // impossible: FROM a one-row table
  return row
}

export function toRecord(type: NumberType, row: LookupRow): LookupRecord {
  return {
    numberType: type,
    graduateId: row.graduate_id,
    nameKey: row.name_key,
    graduationTime: row.graduation_time,
    withdrawnAt: row.withdrawn_at,
    supersededAt: row.superseded_at,
    revokedAt: row.revoked_at,
    grantValidUntil: row.valid_until,
    registrationStatus: row.registration_status,
  }
}

export function toCounter(row: LookupRow): FailureCounter | null {
  return row.rl_count == null || row.rl_window_start == null ? null : { count: row.rl_count, windowStart: row.rl_window_start }
}
