/**
 * One graduate at a time (contract §6; issue 14 item 2): add a graduate by form with the import's
 * rules, and edit any roster field — the locked 学籍 ones too. 姓名 and 身份证号 need a reason and
 * are audited with before and after (身份证号 masked); the fields an edit sets are remembered
 * (`protected_fields`) so a re-import keeps them (item 4). The graduate's account follows a new
 * 学号 and 院系 at once, and a new 身份证号 by itself while the first password is unchanged (the
 * first password is the last six characters of the current 身份证号, never stored).
 */
import { sql } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Graduate } from '../db/schema.js'
import { AppError, conflict, forbidden, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { departmentsOf } from '../db/departments.js'
import { maskIdCard } from '../domain/id-card.js'
import { closeNames, unknownNameMessage } from '../domain/similar-names.js'
import {
  ROSTER_COLUMN,
  ROSTER_FIELDS,
  checkRosterRow,
  type RosterKey,
  type RosterRecord,
} from '../domain/roster-rules.js'
import { trainingModeLockProblem } from '../province/service.js'
import { findGraduate, keptWith } from './queries.js'

export type GraduateInput = Partial<Record<RosterKey, string | null>>

const KEY_OF_LABEL = new Map(ROSTER_FIELDS.map((f) => [f.label, f.key]))
const LABEL_OF_KEY = new Map(ROSTER_FIELDS.map((f) => [f.key, f.label]))

/** A 400 at a field (the API's key, e.g. `idCard`), the message led by its Chinese name. */
const EXTRA_LABELS: Record<string, string> = { department: '院系', reason: '修改原因' }
function bad(field: string, message: string): AppError {
  const label = EXTRA_LABELS[field] ?? LABEL_OF_KEY.get(field as RosterKey) ?? field
  return new AppError('validation_error', `${label}：${message}`, { field })
}

/** The first problem of a row check as a 400 at its field. */
function firstProblem(problems: ReadonlyArray<{ field: string; message: string }>): AppError {
  const p = problems[0]
  return bad(KEY_OF_LABEL.get(p.field) ?? p.field, p.message)
}

/** A stored graduate as the cells of a roster row (what an edit starts from). */
export function cellsOf(g: Graduate & { department: string }): Record<RosterKey, string> {
  const out = { department: g.department } as Record<RosterKey, string>
  for (const [key, column] of Object.entries(ROSTER_COLUMN) as Array<
    [Exclude<RosterKey, 'department'>, keyof Graduate]
  >)
    out[key] = (g[column] as string | null) ?? ''
  return out
}

/** The 院系 by its exact name, else a 400 naming 院系 with the close names (contract §6). */
async function departmentId(deps: AppDeps, user: CurrentUser, name: string): Promise<number> {
  const all = await departmentsOf(deps.db, user.schoolId)
  const hit = all.find((d) => d.name === name)
  if (!hit)
    throw bad(
      'department',
      unknownNameMessage(
        '院系',
        name,
        closeNames(
          name,
          all.map((d) => d.name),
        ),
      ),
    )
  if (user.role === 'department' && hit.id !== user.departmentId)
    throw bad('department', `只能添加或修改本院系（${user.department}）的毕业生`)
  return hit.id
}

/** 学号 and 身份证号 are each one graduate's within the school; a 学号 is also no staff username. */
async function assertFree(deps: AppDeps, schoolId: number, v: RosterRecord, except: number | null) {
  const others = await deps.db
    .selectFrom('graduates')
    .select(['id', 'id_card', 'student_no'])
    .where('school_id', '=', schoolId)
    .where((eb) => eb.or([eb('id_card', '=', v.id_card), eb('student_no', '=', v.student_no)]))
    .execute()
  for (const o of others) {
    if (o.id === except) continue
    if (o.id_card === v.id_card) throw new AppError('conflict', '身份证号：本校已有这名毕业生', { field: 'idCard' })
    throw new AppError('conflict', '学号：已被本校另一名毕业生使用', { field: 'studentNo' })
  }
  const staff = await deps.db
    .selectFrom('users')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('username', '=', v.student_no)
    .where('role', '!=', 'student')
    .executeTakeFirst()
  if (staff)
    throw new AppError('conflict', '学号：与学校或院系账号的用户名相同，无法创建毕业生账号', { field: 'studentNo' })
}

const UNIQUE = /UNIQUE constraint failed: (graduates|users)\./
const GUARD = /NOT NULL constraint failed: audit_log\.actor/

async function run(deps: AppDeps, statements: Parameters<AppDeps['batch']>[0]) {
  try {
    await deps.batch(statements)
  } catch (e) {
    const msg = String((e as Error)?.message ?? e)
    if (GUARD.test(msg)) throw conflict('该毕业生的信息已被他人修改，请刷新后重试')
    if (UNIQUE.test(msg)) throw conflict('学号或身份证号已被本校另一名毕业生使用')
    throw e
  }
}

/** `POST /api/v1/graduates`: one graduate by the import's rules, with the student account. */
export async function addGraduate(deps: AppDeps, user: CurrentUser, input: GraduateInput) {
  const cells = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v ?? '']))
  const check = checkRosterRow(cells, deps.now())
  if (!check.ok) throw firstProblem(check.problems)
  const v = check.value
  const dept = await departmentId(deps, user, v.department)
  await assertFree(deps, user.schoolId, v, null)
  const now = deps.now()
  const at = now.toISOString()
  const { department: _name, ...columns } = v
  const { db } = deps
  await run(deps, [
    db.insertInto('graduates').values({
      ...columns,
      school_id: user.schoolId,
      department_id: dept,
      import_id: null,
      created_at: at,
      updated_at: at,
    }),
    // The student account: username = 学号, the first password the last six of 身份证号 (no hash).
    db.insertInto('users').values({
      school_id: user.schoolId,
      username: v.student_no,
      role: 'student',
      department_id: dept,
      graduate_id: sql<number>`(SELECT id FROM graduates WHERE school_id = ${user.schoolId} AND id_card = ${v.id_card})`,
      password_hash: null,
      must_change_password: 1,
      created_at: at,
      updated_at: at,
    }),
    auditInsert(db, now, user, {
      action: 'roster.add',
      target: `graduate:${v.student_no}`,
      detail: { department: v.department },
    }),
  ])
  const g = await db
    .selectFrom('graduates')
    .select('id')
    .where('school_id', '=', user.schoolId)
    .where('id_card', '=', v.id_card)
    .executeTakeFirstOrThrow()
  return (await findGraduate(db, user, g.id))!
}

/**
 * `PATCH /api/v1/graduates/{id}`: any roster field. Conditional on the row as read (its
 * updated_at): of two racing edits one wins, the other is 409 with nothing stored.
 */
export async function editGraduate(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  input: GraduateInput,
  reason: string | null,
) {
  const g = await findGraduate(deps.db, user, id, { includeWithdrawn: true })
  if (!g) throw notFound('没有这名毕业生，或无权查看')
  const before = cellsOf(g)
  const merged: Record<string, string> = { ...before }
  for (const [k, v] of Object.entries(input)) if (v !== undefined) merged[k] = v ?? ''
  const check = checkRosterRow(merged, deps.now())
  if (!check.ok) throw firstProblem(check.problems)
  const v = check.value
  const changed: Array<Exclude<RosterKey, 'department'>> = []
  for (const [key, column] of Object.entries(ROSTER_COLUMN) as Array<
    [Exclude<RosterKey, 'department'>, keyof RosterRecord]
  >)
    if ((v[column] ?? null) !== ((g[column as keyof Graduate] as string | null) ?? null)) changed.push(key)
  const movesDepartment = v.department !== g.department
  if (!changed.length && !movesDepartment) return g
  const why = reason?.trim() || null
  // 姓名 and 身份证号 identify the graduate in every lookup (contract §6: "needs reason").
  if ((changed.includes('name') || changed.includes('idCard')) && !why) throw bad('reason', '修改姓名或身份证号须填写')
  if (user.role === 'department' && g.department_id !== user.departmentId) throw forbidden('只能修改本院系的毕业生')
  const dept = movesDepartment ? await departmentId(deps, user, v.department) : g.department_id
  await assertFree(deps, user.schoolId, v, g.id)
  // 已上报 (contract §8): the reported 培养方式 is the row's own, read above.
  const reported =
    g.roster_report_id !== null ? { trainingModeCode: g.training_mode_code, targetedUnit: g.targeted_unit } : undefined
  const locked = trainingModeLockProblem(reported, {
    trainingModeCode: v.training_mode_code,
    targetedUnit: v.targeted_unit,
  })
  if (locked) throw bad('trainingMode', locked.message)

  const now = deps.now()
  const at = now.toISOString()
  const set: Record<string, string | number | null> = {}
  for (const key of changed) set[ROSTER_COLUMN[key]] = v[ROSTER_COLUMN[key]] ?? null
  if (changed.includes('name')) set.name_key = v.name_key
  const shown = (key: RosterKey, value: string) => (key === 'idCard' ? maskIdCard(value) : value)
  const { db } = deps
  await run(deps, [
    db
      .updateTable('graduates')
      .set({
        ...set,
        department_id: dept,
        protected_fields: keptWith(changed.map((k) => ROSTER_COLUMN[k])),
        updated_at: at,
      })
      .where('id', '=', g.id)
      // Compare-and-set on what this edit changes: a racing edit of the same field loses (409).
      .where((eb) =>
        eb.and([
          eb('department_id', '=', g.department_id),
          ...changed.map((k) => {
            const column = ROSTER_COLUMN[k] as keyof Graduate & string
            const old = g[column as keyof Graduate] as string | null
            return old === null ? eb(column as 'phone', 'is', null) : eb(column as 'phone', '=', old)
          }),
        ]),
      ),
    // The audit row doubles as the guard: written only when the update above changed the row.
    db.insertInto('audit_log').values({
      at,
      school_id: user.schoolId,
      actor_user_id: user.id,
      actor: sql<string>`CASE WHEN changes() = 1 THEN ${user.username} ELSE NULL END`,
      action: 'roster.edit',
      target: `graduate:${g.id}`,
      detail: JSON.stringify({
        reason: why,
        changes: [
          ...changed.map((key) => ({
            field: LABEL_OF_KEY.get(key),
            before: shown(key, before[key]),
            after: shown(key, v[ROSTER_COLUMN[key]] ?? ''),
          })),
          ...(movesDepartment ? [{ field: '院系名称', before: g.department, after: v.department }] : []),
        ],
      }),
    }),
    // The account follows a new 学号 and 院系.
    db
      .updateTable('users')
      .set({ username: v.student_no, department_id: dept, updated_at: at })
      .where('graduate_id', '=', g.id)
      .where('role', '=', 'student'),
  ])
  return (await findGraduate(db, user, g.id, { includeWithdrawn: true }))!
}
