/** Roster queries: the list, one graduate, the export, withdrawal and the self-check corrections. */
import { likeContains, likePrefix } from '../db/like.js'
import { sql } from 'kysely'
import type { Db, Graduate } from '../db/schema.js'
import type { CurrentUser } from '../deps.js'
import { scopeGraduates } from '../middleware/auth.js'
import { codeName } from '../domain/codes/index.js'
import { anyDivisionName } from '../domain/retired-divisions.js'
import { maskIdCard } from '../domain/id-card.js'
import { whereCohort } from '../db/cohorts.js'
import { ROSTER_COLUMN, ROSTER_FIELDS, type RosterKey } from '../domain/roster-rules.js'

export interface RosterFilter {
  department?: string
  major?: string
  education?: string
  graduationTime?: string
  /** 届: the year of 毕业时间. */
  cohort?: number
  q?: string
  /** Withdrawn graduates only (退学、休学、留级), for restoring them. */
  withdrawn?: boolean
  /** 生源上报状态 (contract §8): true 已上报, false 未上报. */
  reported?: boolean
  /** 生源核对: unchecked (no correction, or only withdrawn ones), or the latest one's status. */
  check?: 'unchecked' | 'submitted' | 'returned' | 'approved'
}

/** The latest self-check that counts (withdrawn ones do not): its status, or NULL for none. */
const LATEST_CHECK_SQL = sql<string | null>`(SELECT rc.status FROM roster_corrections rc
  WHERE rc.graduate_id = graduates.id AND rc.status <> 'withdrawn' ORDER BY rc.id DESC LIMIT 1)`

/** 已上报: the graduate went up in a roster report the province approved (migration 0006). */
const REPORTED_SQL = sql<number>`EXISTS (SELECT 1 FROM roster_reports rr WHERE rr.id = graduates.roster_report_id AND rr.status = 'approved')`

function filtered(db: Db, user: CurrentUser, f: RosterFilter) {
  let q = scopeGraduates(
    db.selectFrom('graduates').innerJoin('departments', 'departments.id', 'graduates.department_id'),
    user,
    { includeWithdrawn: !!f.withdrawn },
  )
  if (f.withdrawn) q = q.where('graduates.withdrawn_at', 'is not', null)
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.major)
    q = q.where((eb) => eb.or([eb('graduates.major_name', '=', f.major!), eb('graduates.major_code', '=', f.major!)]))
  if (f.education) q = q.where('graduates.education_code', '=', f.education)
  if (f.graduationTime) q = q.where('graduates.graduation_time', '=', f.graduationTime)
  q = whereCohort(q, f.cohort)
  if (f.reported !== undefined) q = q.where(REPORTED_SQL, '=', f.reported ? 1 : 0)
  if (f.check === 'unchecked') q = q.where(LATEST_CHECK_SQL, 'is', null)
  else if (f.check) q = q.where(LATEST_CHECK_SQL, '=', f.check)
  const text = f.q?.trim()
  if (text) {
    const like = likeContains(text)
    q = q.where((eb) =>
      eb.or([
        eb('graduates.name', 'like', like),
        eb('graduates.name_key', 'like', like),
        eb('graduates.student_no', 'like', likePrefix(text)),
      ]),
    )
  }
  return q
}

export async function listGraduates(db: Db, user: CurrentUser, f: RosterFilter, page: number, pageSize: number) {
  const base = filtered(db, user, f)
  const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute()
  const rows = await base
    .select([
      'graduates.id',
      'graduates.student_no',
      'graduates.name',
      'departments.name as department',
      'graduates.major_name',
      'graduates.education_code',
      'graduates.graduation_time',
      'graduates.withdrawn_at',
      'graduates.withdrawn_reason',
      REPORTED_SQL.as('reported'),
    ])
    .orderBy('departments.name')
    .orderBy('graduates.student_no')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      studentNo: r.student_no,
      name: r.name,
      department: r.department,
      major: r.major_name,
      education: codeName('education', r.education_code) ?? r.education_code,
      graduationTime: r.graduation_time,
      withdrawnAt: r.withdrawn_at,
      withdrawnReason: r.withdrawn_reason,
      reported: Number(r.reported) === 1,
    })),
  }
}

/** Every matching graduate with its 院系 name, read in pages of 1,000 (exports). */
export async function* eachGraduate(
  db: Db,
  user: CurrentUser,
  f: RosterFilter,
): AsyncGenerator<Graduate & { department: string }> {
  let lastId = 0
  for (;;) {
    const rows = (await filtered(db, user, f)
      .selectAll('graduates')
      .select('departments.name as department')
      .where('graduates.id', '>', lastId)
      .orderBy('graduates.id')
      .limit(1000)
      .execute()) as Array<Graduate & { department: string }>
    for (const r of rows) yield r
    if (rows.length < 1000) return
    lastId = rows[rows.length - 1].id
  }
}

export async function findGraduate(db: Db, user: CurrentUser, id: number, { includeWithdrawn = false } = {}) {
  return scopeGraduates(
    db.selectFrom('graduates').innerJoin('departments', 'departments.id', 'graduates.department_id'),
    user,
    { includeWithdrawn },
  )
    .selectAll('graduates')
    .select('departments.name as department')
    .where('graduates.id', '=', id)
    .executeTakeFirst() as Promise<(Graduate & { department: string }) | undefined>
}

/** The national export layout: each code column followed by its name. */
export const EXPORT_HEADERS: string[] = ROSTER_FIELDS.flatMap((f) =>
  f.table ? [f.label, f.label.replace(/代码$/, '') + (f.label.endsWith('代码') ? '' : '名称')] : [f.label],
)

export function exportRow(g: Graduate & { department: string }): string[] {
  const out: string[] = []
  for (const f of ROSTER_FIELDS) {
    if (f.key === 'department') {
      out.push(g.department)
      continue
    }
    const v = (g[ROSTER_COLUMN[f.key as Exclude<RosterKey, 'department'>]] as string | null) ?? ''
    out.push(v)
    if (f.table) out.push(f.table === 'division' ? (anyDivisionName(v) ?? '') : (codeName(f.table, v) ?? ''))
  }
  return out
}

/** A graduate as JSON, 身份证号 masked, codes with their names. */
export function graduateJson(g: Graduate & { department: string }) {
  return {
    id: g.id,
    studentNo: g.student_no,
    name: g.name,
    idCard: maskIdCard(g.id_card),
    examNo: g.exam_no,
    gender: { code: g.gender_code, name: codeName('gender', g.gender_code) },
    ethnicity: { code: g.ethnicity_code, name: codeName('ethnicity', g.ethnicity_code) },
    political: { code: g.political_code, name: codeName('political', g.political_code) },
    education: { code: g.education_code, name: codeName('education', g.education_code) },
    department: g.department,
    majorCode: g.major_code,
    major: g.major_name,
    majorDirection: g.major_direction,
    lengthOfSchooling: g.length_of_schooling,
    trainingMode: { code: g.training_mode_code, name: codeName('trainingMode', g.training_mode_code) },
    targetedUnit: g.targeted_unit,
    origin: { code: g.origin_code, name: anyDivisionName(g.origin_code) },
    enrolledAt: g.enrolled_at,
    graduationTime: g.graduation_time,
    phone: g.phone,
    email: g.email,
    qq: g.qq,
    homeAddress: g.home_address,
    homePhone: g.home_phone,
    homePostcode: g.home_postcode,
    urbanRural: g.urban_rural ? { code: g.urban_rural, name: codeName('urbanRural', g.urban_rural) } : null,
    normalStudent: g.normal_student_code
      ? { code: g.normal_student_code, name: codeName('normalStudent', g.normal_student_code) }
      : null,
    hardship: g.hardship_code ? { code: g.hardship_code, name: codeName('hardship', g.hardship_code) } : null,
    className: g.class_name,
    extension1: g.extension_1,
    extension2: g.extension_2,
    extension3: g.extension_3,
    extension4: g.extension_4,
    withdrawnAt: g.withdrawn_at,
    withdrawnReason: g.withdrawn_reason,
  }
}

/**
 * The graduate's protected_fields with these columns added (contract §6: what an approved
 * correction set is kept on re-import), computed in the statement itself.
 */
export const keptWith = (columns: string[]) =>
  sql<string>`(SELECT json_group_array(value) FROM (SELECT value FROM json_each(COALESCE(protected_fields, '[]')) UNION SELECT value FROM json_each(${JSON.stringify(columns)})))`
