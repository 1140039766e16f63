/**
 * The school's roster reports (contract §6, issue 14 items 7 and 8): the 资格审核汇总表 (counts per
 * 院系, 专业 and 班级, seed 001 附件5) and 就业账户激活 (seed 003). Grouped counts and one paged
 * list, always in the user's scope (scopeGraduates: 院系, 数据权限, a counsellor's classes) and
 * one 届 at a time; withdrawn graduates (退学, 休学, 留级) are not counted.
 */
import { sql } from 'kysely'
import type { Db } from '../db/schema.js'
import { scopeGraduates, type ScopedUser } from '../middleware/auth.js'
import { whereCohort } from '../db/cohorts.js'
import { percent } from '../domain/percent.js'

export interface ReportFilter {
  cohort: number
  department?: string
}

/** The graduates of one 届 in the user's scope, joined to their 院系. */
function cohortGraduates(db: Db, user: ScopedUser, f: ReportFilter) {
  let q = whereCohort(
    db.selectFrom('graduates').innerJoin('departments', 'departments.id', 'graduates.department_id'),
    f.cohort,
  )
  q = scopeGraduates(q, user) as unknown as typeof q
  if (f.department) q = q.where('departments.name', '=', f.department)
  return q
}

interface SummaryClass {
  className: string
  count: number
}
interface SummaryMajor {
  majorCode: string
  majorName: string
  count: number
  classes: SummaryClass[]
}
export interface SummaryDepartment {
  department: string
  count: number
  majors: SummaryMajor[]
}

/** 资格审核汇总表: per 院系, its 专业 with their 人数, and each 专业's 班级 with theirs. */
export async function rosterSummary(db: Db, user: ScopedUser, f: ReportFilter): Promise<SummaryDepartment[]> {
  const rows = await cohortGraduates(db, user, f)
    .select([
      'departments.name as department',
      'graduates.major_code as majorCode',
      'graduates.major_name as majorName',
      sql<string>`coalesce(nullif(trim(graduates.class_name), ''), '')`.as('className'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([sql`1`, sql`2`, sql`3`, sql`4`] as never)
    .orderBy('department')
    .orderBy('majorCode')
    .orderBy('majorName')
    .orderBy('className')
    .execute()
  const out: SummaryDepartment[] = []
  for (const r of rows) {
    let d = out.at(-1)
    if (!d || d.department !== r.department) out.push((d = { department: r.department, count: 0, majors: [] }))
    let m = d.majors.at(-1)
    if (!m || m.majorCode !== r.majorCode || m.majorName !== r.majorName)
      d.majors.push((m = { majorCode: r.majorCode, majorName: r.majorName, count: 0, classes: [] }))
    const n = Number(r.n)
    m.classes.push({ className: r.className, count: n })
    m.count += n
    d.count += n
  }
  return out
}

/**
 * 就业账户激活 (seed 003: "完善个人基本信息并激活个人就业账户"): a graduate is activated once the
 * first password was changed and a self-check (生源信息核对) was approved (contract §6).
 */
const activatedSql = sql<number>`CASE WHEN users.must_change_password = 0 AND EXISTS (
  SELECT 1 FROM roster_corrections rc WHERE rc.graduate_id = graduates.id AND rc.status = 'approved'
) THEN 1 ELSE 0 END`

const passwordChangedSql = sql<number>`CASE WHEN users.must_change_password = 0 THEN 1 ELSE 0 END`

/** The latest self-check of a graduate, as the list shows it. */
const latestCheckSql = sql<string | null>`(SELECT rc.status FROM roster_corrections rc
  WHERE rc.graduate_id = graduates.id AND rc.status <> 'withdrawn' ORDER BY rc.id DESC LIMIT 1)`

export interface ActivationRow {
  department: string
  graduates: number
  activated: number
  rate: number
}

/** Per 院系: graduates, activated, and the rate (per cent, one decimal). */
export async function activationByDepartment(db: Db, user: ScopedUser, f: ReportFilter): Promise<ActivationRow[]> {
  const rows = await cohortGraduates(db, user, f)
    .leftJoin('users', (j) => j.onRef('users.graduate_id', '=', 'graduates.id').on('users.role', '=', 'student'))
    .select([
      'departments.name as department',
      (eb) => eb.fn.countAll<number>().as('graduates'),
      sql<number>`coalesce(sum(${activatedSql}), 0)`.as('activated'),
    ])
    .groupBy('departments.name')
    .orderBy('departments.name')
    .execute()
  return rows.map((r) => ({
    department: r.department,
    graduates: Number(r.graduates),
    activated: Number(r.activated),
    rate: percent(Number(r.activated), Number(r.graduates)),
  }))
}

export interface NotActivatedRow {
  id: number
  studentNo: string
  name: string
  department: string
  className: string | null
  passwordChanged: boolean
  check: 'submitted' | 'returned' | 'approved' | null
}

/** Who has not activated yet, with what is missing (password, self-check), for the 院系 to remind. */
export async function notActivated(
  db: Db,
  user: ScopedUser,
  f: ReportFilter,
  page: number,
  pageSize: number,
): Promise<{ items: NotActivatedRow[]; total: number }> {
  const base = cohortGraduates(db, user, f)
    .leftJoin('users', (j) => j.onRef('users.graduate_id', '=', 'graduates.id').on('users.role', '=', 'student'))
    .where(activatedSql, '=', 0)
  const [rows, count] = await Promise.all([
    base
      .select([
        'graduates.id as id',
        'graduates.student_no as studentNo',
        'graduates.name as name',
        'departments.name as department',
        'graduates.class_name as className',
        passwordChangedSql.as('passwordChanged'),
        latestCheckSql.as('check'),
      ])
      .orderBy('departments.name')
      .orderBy('graduates.class_name')
      .orderBy('graduates.student_no')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ])
  return {
    items: rows.map((r) => ({
      id: r.id,
      studentNo: r.studentNo,
      name: r.name,
      department: r.department,
      className: r.className,
      passwordChanged: Number(r.passwordChanged) === 1,
      check: (r.check as NotActivatedRow['check']) ?? null,
    })),
    total: Number(count?.n ?? 0),
  }
}
