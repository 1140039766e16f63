/**
 * The transfer list and its filters (seed 004, 4.1 "档案信息转递列表": 是否已生成转递编号, 转递编号, 院系,
 * 专业, 学历, 姓名, 学号, 生源所在地, 毕业时间, 档案转递单位名称, 更新时间), and the rows the sheets
 * are drawn from. Every query starts from `scopeGraduates`, so a department user only ever sees
 * their own 院系 and withdrawn graduates never appear.
 */
import { whereCohort } from '../db/cohorts.js'
import { likeContains, likePrefix } from '../db/like.js'
import { sql, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../db/schema.js'
import { scopeGraduates, type ScopedUser } from '../middleware/auth.js'
import { normalizeNumber } from '../domain/numbers.js'
import type { SheetSourceRow } from './sheet-data.js'

export interface ListFilter {
  generated?: boolean
  stale?: boolean
  eligible?: boolean
  department?: string
  major?: string
  education?: string
  name?: string
  studentNo?: string
  origin?: string
  graduationTime?: string
  archiveUnit?: string
  /** 更新时间 (when the current number was made), CST days YYYY-MM-DD, inclusive. */
  updatedFrom?: string
  updatedTo?: string
  q?: string
  /** 届: the year of 毕业时间. */
  cohort?: number
}

export type Scope = ScopedUser

type From = 'graduates' | 'departments' | 'registrations' | 'transfer_numbers'
type Q = SelectQueryBuilder<Database, From, object>

const cstDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()
const cstDayAfter = (day: string) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000).toISOString()

/** A number is stale when the approved registration changed after the number was made. */
const staleExpr = sql<boolean>`COALESCE(transfer_numbers.number IS NOT NULL AND registrations.status = 'approved' AND registrations.version <> transfer_numbers.registration_version, 0)`

/** graduates ⋈ 院系 ⟕ registration ⟕ current number, scoped to the user, with the filters applied. */
export function filtered(db: Db, user: Scope, f: ListFilter = {}): Q {
  let q = db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .leftJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .leftJoin('transfer_numbers', (j) =>
      j.onRef('transfer_numbers.graduate_id', '=', 'graduates.id').on('transfer_numbers.superseded_at', 'is', null),
    ) as unknown as Q
  q = scopeGraduates(q as never, user) as unknown as Q
  if (f.generated !== undefined) q = q.where('transfer_numbers.number', f.generated ? 'is not' : 'is', null)
  if (f.stale !== undefined) q = f.stale ? q.where(staleExpr) : q.where(sql<boolean>`NOT ${staleExpr}`)
  if (f.eligible !== undefined)
    q = f.eligible
      ? q.where('registrations.status', '=', 'approved')
      : q.where((eb) => eb.or([eb('registrations.status', 'is', null), eb('registrations.status', '!=', 'approved')]))
  if (f.department) q = q.where('departments.name', '=', f.department)
  if (f.major)
    q = q.where((eb) =>
      eb.or([eb('graduates.major_code', '=', f.major!), eb(sql`graduates.major_name`, 'like', likeContains(f.major!))]),
    )
  if (f.education) q = q.where('graduates.education_code', '=', f.education)
  if (f.name) q = q.where(sql`graduates.name`, 'like', likeContains(f.name))
  if (f.studentNo) q = q.where('graduates.student_no', '=', f.studentNo)
  if (f.origin) q = q.where('graduates.origin_code', 'like', likePrefix(f.origin.replace(/[^0-9]/g, '')))
  if (f.graduationTime) q = q.where('graduates.graduation_time', '=', f.graduationTime)
  q = whereCohort(q, f.cohort)
  // The list shows the archive unit of an approved registration only, so it filters by that alone.
  if (f.archiveUnit)
    q = q
      .where('registrations.status', '=', 'approved')
      .where(sql`json_extract(registrations.archive, '$.unitName')`, 'like', likeContains(f.archiveUnit))
  if (f.updatedFrom) q = q.where('transfer_numbers.generated_at', '>=', cstDayStart(f.updatedFrom))
  if (f.updatedTo) q = q.where('transfer_numbers.generated_at', '<', cstDayAfter(f.updatedTo))
  if (f.q) {
    const text = f.q.trim()
    const number = normalizeNumber(text)
    q = q.where((eb) =>
      eb.or([
        eb(sql`graduates.name`, 'like', likeContains(text)),
        eb('graduates.student_no', '=', text),
        eb('transfer_numbers.number', '=', number),
      ]),
    )
  }
  return q
}

export interface ListRow {
  id: number
  student_no: string
  name: string
  department: string
  major_name: string
  education_code: string
  origin_code: string
  graduation_time: string
  status: string | null
  archive: string | null
  number: string | null
  generated_at: string | null
  stale: number
}

function selectListRow(q: Q) {
  return q.select([
    'graduates.id as id',
    'graduates.student_no as student_no',
    'graduates.name as name',
    'departments.name as department',
    'graduates.major_name as major_name',
    'graduates.education_code as education_code',
    'graduates.origin_code as origin_code',
    'graduates.graduation_time as graduation_time',
    'registrations.status as status',
    'registrations.archive as archive',
    'transfer_numbers.number as number',
    'transfer_numbers.generated_at as generated_at',
    sql<number>`${staleExpr}`.as('stale'),
  ])
}

export async function listPage(
  db: Db,
  user: Scope,
  f: ListFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: ListRow[]; total: number }> {
  const base = filtered(db, user, f)
  const [rows, count] = await Promise.all([
    selectListRow(base)
      .orderBy('departments.name')
      .orderBy('graduates.student_no')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute() as Promise<ListRow[]>,
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirst() as Promise<{ n: number } | undefined>,
  ])
  return { rows, total: Number(count?.n ?? 0) }
}

/** All matching rows, read in pages of `size` by graduate id (keyset), so memory stays flat. */
export async function* listPages(db: Db, user: Scope, f: ListFilter, size = 500): AsyncGenerator<ListRow[]> {
  let after = 0
  for (;;) {
    const rows = (await selectListRow(filtered(db, user, f))
      .where('graduates.id', '>', after)
      .orderBy('graduates.id')
      .limit(size)
      .execute()) as ListRow[]
    if (rows.length) yield rows
    if (rows.length < size) return
    after = rows[rows.length - 1].id
  }
}

/** What a sheet needs: the graduate, the approved registration, the current number. */
export interface SheetRow extends SheetSourceRow {
  id: number
  number: string
  generated_at: string
}

function selectSheetRow(q: Q) {
  return q.select([
    'graduates.id as id',
    'graduates.name as name',
    'graduates.gender_code as gender_code',
    'graduates.graduation_time as graduation_time',
    'graduates.length_of_schooling as length_of_schooling',
    'graduates.major_name as major_name',
    'graduates.education_code as education_code',
    'graduates.origin_code as origin_code',
    'registrations.destination as destination',
    'registrations.archive as archive',
    'registrations.hukou as hukou',
    'transfer_numbers.number as number',
    'transfer_numbers.generated_at as generated_at',
  ])
}

/**
 * Rows with a sheet to print: a current number and an approved registration (a number whose
 * registration is no longer approved answers not_found, so printing it would mislead).
 */
function printable(db: Db, user: Scope, f: ListFilter): Q {
  return filtered(db, user, f)
    .where('transfer_numbers.number', 'is not', null)
    .where('registrations.status', '=', 'approved')
}

export async function countPrintable(db: Db, user: Scope, f: ListFilter): Promise<number> {
  const r = (await printable(db, user, f).select(sql<number>`count(*)`.as('n')).executeTakeFirst()) as
    | { n: number }
    | undefined
  return Number(r?.n ?? 0)
}

export async function* sheetPages(db: Db, user: Scope, f: ListFilter, size = 200): AsyncGenerator<SheetRow[]> {
  let after = 0
  for (;;) {
    const rows = (await selectSheetRow(printable(db, user, f))
      .where('graduates.id', '>', after)
      .orderBy('graduates.id')
      .limit(size)
      .execute()) as SheetRow[]
    if (rows.length) yield rows
    if (rows.length < size) return
    after = rows[rows.length - 1].id
  }
}

/** One graduate's sheet row, with the facts needed to explain why there is none. */
export async function sheetRowFor(db: Db, user: Scope, graduateId: number) {
  return (await selectSheetRow(filtered(db, user, {}).where('graduates.id', '=', graduateId))
    .select(['registrations.status as status'])
    .executeTakeFirst()) as
    | (Omit<SheetRow, 'number' | 'generated_at'> & {
        number: string | null
        generated_at: string | null
        status: string | null
      })
    | undefined
}

export async function schoolName(db: Db, schoolId: number): Promise<string> {
  const s = await db.selectFrom('schools').select('name').where('id', '=', schoolId).executeTakeFirst()
  return s?.name ?? ''
}
