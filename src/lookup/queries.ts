/**
 * The lookup's one query. Everything a lookup needs comes back in one row from one statement of
 * indexed point reads: the number (primary key), its graduate (rowid), school, registration
 * (unique key), and the client's failure counter (primary key) — so the throttle check costs no
 * extra round trip. No row means no such number (the caller then counts a failure, and the
 * counter's UPSERT tells whether the client was already over the limit).
 *
 * Shape, measured (bench/lookup.bench.ts, 1,000,000 graduates): the graduate is found by a scalar
 * subquery on the number and the other tables are scalar subqueries or a join on the graduate;
 * the same data through a chain of joins starting at the number took about three times as long
 * in SQLite (≈ 49 µs against ≈ 16 µs per lookup here).
 * The SQL is fixed text with `?` parameters, prepared once through the `Statements` port.
 */
import type { AppDeps } from '../deps.js'
import type { NumberType } from '../domain/numbers.js'
import type { LookupRecord } from '../domain/lookup.js'
import type { FailureCounter } from '../rate-limit.js'
import { kyselyStatements } from '../db/statements.js'

const lookupSql = (table: 'transfer_numbers' | 'verification_grants', numberColumns: string) => `SELECT
  g.id AS graduate_id, g.name AS name, g.name_key AS name_key, g.gender_code AS gender_code,
  g.education_code AS education_code, g.major_name AS major_name, g.length_of_schooling AS length_of_schooling,
  g.origin_code AS origin_code, g.graduation_time AS graduation_time, g.withdrawn_at AS withdrawn_at,
  (SELECT name FROM schools WHERE id = g.school_id) AS school_name,
  r.status AS registration_status, r.destination AS destination,
  CASE WHEN ? = 'hukou' THEN r.hukou ELSE r.archive END AS section,
  ${numberColumns},
  (SELECT count FROM rate_limits WHERE key = ?) AS rl_count,
  (SELECT window_start FROM rate_limits WHERE key = ?) AS rl_window_start
FROM graduates g LEFT JOIN registrations r ON r.graduate_id = g.id
WHERE g.id = (SELECT graduate_id FROM ${table} WHERE number = ?)`

export const LOOKUP_SQL: Record<NumberType, string> = {
  transfer: lookupSql(
    'transfer_numbers',
    `(SELECT superseded_at FROM transfer_numbers WHERE number = ?) AS superseded_at, NULL AS revoked_at, NULL AS valid_until`,
  ),
  verification: lookupSql(
    'verification_grants',
    `NULL AS superseded_at, (SELECT revoked_at FROM verification_grants WHERE number = ?) AS revoked_at, (SELECT valid_until FROM verification_grants WHERE number = ?) AS valid_until`,
  ),
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

/** The row for `number`, or undefined when there is no such number (or no graduate behind it). */
export async function fetchLookup(
  deps: Pick<AppDeps, 'db' | 'statements'>,
  type: NumberType,
  number: string,
  kind: string,
  limitKey: string,
): Promise<LookupRow | undefined> {
  const st = deps.statements ?? kyselyStatements(deps.db)
  // Parameters in the order of the text: the CASE, the number column(s), the counter key twice, the number.
  const params =
    type === 'transfer'
      ? [kind, number, limitKey, limitKey, number]
      : [kind, number, number, limitKey, limitKey, number]
  return st.first<LookupRow>(LOOKUP_SQL[type], params)
}

/** The decision's view of the row; an absent row is a number that does not exist. */
export function toRecord(type: NumberType, row: LookupRow | undefined): LookupRecord {
  return {
    numberType: type,
    graduateId: row?.graduate_id ?? null,
    nameKey: row?.name_key ?? null,
    graduationTime: row?.graduation_time ?? null,
    withdrawnAt: row?.withdrawn_at ?? null,
    supersededAt: row?.superseded_at ?? null,
    revokedAt: row?.revoked_at ?? null,
    grantValidUntil: row?.valid_until ?? null,
    registrationStatus: row?.registration_status ?? null,
  }
}

export function toCounter(row: LookupRow): FailureCounter | null {
  return row.rl_count == null || row.rl_window_start == null
    ? null
    : { count: row.rl_count, windowStart: row.rl_window_start }
}
