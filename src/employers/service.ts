/**
 * 用人单位 (contract §5 "Employers"; seed 004 §2.3): registration without an account, the
 * school's approval, and what an approved employer keeps for itself — its 学生收藏夹 of graduates
 * found by 姓名 + 身份证号 + 院校, and its invitation templates (预设模板).
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Db, Employer } from '../db/schema.js'
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { hashPassword } from '../accounts/service.js'
import { checkUnit, type Unit } from '../domain/unit.js'
import { maskIdCard } from '../domain/id-card.js'
import { nameKey } from '../domain/names.js'
import { codeName } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'

export interface EmployerInput extends Record<string, unknown> {
  username: string
  password: string
}

/** The unit as the contract's JSON shows it (codes kept as codes). */
export function unitOf(e: Employer): Unit {
  return {
    name: e.name,
    creditCode: e.credit_code,
    nature: e.nature,
    industry: e.industry,
    location: e.location,
    address: e.address,
    contact: e.contact,
    phone: e.phone,
    email: e.email,
  }
}

export function employerJson(e: Employer) {
  return {
    id: e.id,
    status: e.status,
    username: e.username,
    ...unitOf(e),
    natureName: codeName('unitNature', e.nature),
    industryName: codeName('unitIndustry', e.industry),
    locationName: divisionName(e.location),
    reason: e.decision_reason,
    createdAt: e.created_at,
    decidedAt: e.decided_at,
  }
}

/**
 * Registration (no account). The unit is checked by the national rules (GB 32100 credit code,
 * national code tables); a credit code or username already registered → 409. The employer is
 * reviewed by the deployment's school (the one `SCHOOL_CODE` names).
 */
export async function registerEmployer(deps: AppDeps, input: EmployerInput): Promise<Employer> {
  const checked = checkUnit(input)
  if (!checked.ok) throw new AppError('validation_error', checked.issue.message, { field: checked.issue.field })
  const unit = checked.value
  const { db } = deps
  const school = await db
    .selectFrom('schools')
    .select('id')
    .where('code', '=', deps.config.schoolCode)
    .executeTakeFirst()
  const anySchool = school ?? (await db.selectFrom('schools').select('id').orderBy('id').executeTakeFirst())
  if (!anySchool) throw new AppError('internal_error', '尚未设置学校')
  const taken = await db
    .selectFrom('employers')
    .select(['credit_code', 'username'])
    .where((eb) => eb.or([eb('credit_code', '=', unit.creditCode), eb('username', '=', input.username)]))
    .executeTakeFirst()
  if (taken?.credit_code === unit.creditCode) throw takenField('creditCode', '该统一社会信用代码已注册，请直接登录')
  if (taken) throw takenField('username', '用户名已被使用，请换一个')
  const staff = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()
  if (staff) throw takenField('username', '用户名已被使用，请换一个')
  const now = deps.now()
  const at = now.toISOString()
  const hash = await hashPassword(input.password, deps.passwordParams)
  try {
    await deps.batch([
      db.insertInto('employers').values({
        school_id: anySchool.id,
        name: unit.name,
        credit_code: unit.creditCode,
        nature: unit.nature,
        industry: unit.industry,
        location: unit.location,
        address: unit.address,
        contact: unit.contact,
        phone: unit.phone,
        email: unit.email,
        username: input.username,
        password_hash: hash,
        created_at: at,
        updated_at: at,
      }),
      auditInsert(db, now, null, { action: 'employer.register', target: `employer:${unit.creditCode}` }),
    ])
  } catch (e) {
    if (/UNIQUE constraint failed: employers/.test(String((e as Error).message)))
      throw conflict('统一社会信用代码或用户名已注册')
    throw e
  }
  return db.selectFrom('employers').selectAll().where('credit_code', '=', unit.creditCode).executeTakeFirstOrThrow()
}

/** 409 naming the field (the registration page shows it there). */
const takenField = (field: 'creditCode' | 'username', message: string) => new AppError('conflict', message, { field })

export async function listEmployers(deps: AppDeps, user: CurrentUser, status?: string) {
  let q = deps.db.selectFrom('employers').selectAll().where('school_id', '=', user.schoolId)
  if (status) q = q.where('status', '=', status as Employer['status'])
  const rows = await q.orderBy('id', 'desc').limit(500).execute()
  return { items: rows.map(employerJson), total: rows.length }
}

/** The school decides once; a second (racing) decision finds the row no longer pending → 409. */
export async function decideEmployer(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: 'approve' | 'reject',
  reason: string | null,
) {
  const { db } = deps
  const e = await db
    .selectFrom('employers')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', user.schoolId)
    .executeTakeFirst()
  if (!e) throw notFound('没有找到该单位')
  if (decision === 'reject' && !reason) throw invalid('原因', '审核不通过须填写原因')
  const now = deps.now()
  const at = now.toISOString()
  const res = await deps.batch([
    db
      .updateTable('employers')
      .set({
        status: decision === 'approve' ? 'approved' : 'rejected',
        decision_reason: reason,
        decided_at: at,
        decided_by: user.id,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending'),
    auditInsert(db, now, user, { action: `employer.${decision}`, target: `employer:${e.credit_code}` }),
  ])
  if (Number(res[0]?.numAffectedRows ?? 0) !== 1) {
    // Undo nothing: the audit row says who tried; the decision already taken stands.
    throw conflict('该单位已审核，请刷新后查看')
  }
  return employerJson(await db.selectFrom('employers').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
}

/** The signed-in employer's own row. */
export async function myEmployer(deps: AppDeps, user: CurrentUser): Promise<Employer> {
  if (user.role !== 'employer' || !user.employerId) throw forbidden('仅限用人单位账号')
  const e = await deps.db.selectFrom('employers').selectAll().where('id', '=', user.employerId).executeTakeFirst()
  if (!e || e.status !== 'approved') throw forbidden('单位账号不可用')
  return e
}

/**
 * The national search (seed 004 §2.3 (1) ①): 姓名 + 身份证号 + 毕业院校, all three must match a
 * graduate still on the roster. Security decision: a miss answers one 404 body whichever part was
 * wrong (the school, the name or the 身份证号), so the search cannot be used to learn whether
 * someone studies somewhere; what it returns never holds more of the 身份证号 than was typed.
 */
export async function findGraduateFor(deps: AppDeps, studentName: string, idNumber: string, schoolCode: string) {
  const id = idNumber.trim().toUpperCase()
  const row = await deps.db
    .selectFrom('graduates')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .select([
      'graduates.id',
      'graduates.school_id',
      'graduates.name',
      'graduates.name_key',
      'graduates.education_code',
      'graduates.major_name',
      'graduates.graduation_time',
      'graduates.gender_code',
      'graduates.training_mode_code',
      'schools.code as school_code',
      'schools.name as school_name',
      'departments.name as department',
    ])
    .where('schools.code', '=', schoolCode.trim())
    .where('graduates.id_card', '=', id)
    .where('graduates.withdrawn_at', 'is', null)
    .executeTakeFirst()
  if (!row || row.name_key !== nameKey(studentName)) throw notFound('没有找到该毕业生，请核对姓名、身份证号和毕业院校')
  return row
}

export type FoundGraduate = Awaited<ReturnType<typeof findGraduateFor>>

/** What an employer may see of a graduate it found: never more of the 身份证号 than it typed. */
function graduateForEmployer(
  g: Pick<
    FoundGraduate,
    'id' | 'name' | 'school_name' | 'school_code' | 'major_name' | 'education_code' | 'graduation_time'
  >,
  typedId?: string,
) {
  return {
    graduateId: g.id,
    name: g.name,
    idNumber: typedId ? typedId.trim().toUpperCase() : null,
    school: g.school_name,
    schoolCode: g.school_code,
    major: g.major_name,
    education: codeName('education', g.education_code),
    graduationTime: g.graduation_time,
  }
}

/** An employer's 收藏夹 rows, each graduate with its school: for the list and for one favourite. */
const favoriteRows = (db: Db, employerId: number) =>
  db
    .selectFrom('employer_favorites')
    .innerJoin('graduates', 'graduates.id', 'employer_favorites.graduate_id')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .select([
      'graduates.id',
      'graduates.name',
      'graduates.id_card',
      'graduates.major_name',
      'graduates.education_code',
      'graduates.graduation_time',
      'schools.name as school_name',
      'schools.code as school_code',
    ])
    .where('employer_favorites.employer_id', '=', employerId)

export async function listFavorites(deps: AppDeps, user: CurrentUser) {
  const e = await myEmployer(deps, user)
  const rows = await favoriteRows(deps.db, e.id)
    .select('employer_favorites.created_at')
    .orderBy('employer_favorites.created_at', 'desc')
    .execute()
  // The favourite was added with the full 身份证号 typed by the employer; the list shows it masked.
  return {
    items: rows.map((r) => ({
      ...graduateForEmployer(r),
      idNumber: maskIdCard(r.id_card),
      addedAt: r.created_at,
    })),
  }
}

export async function addFavorite(
  deps: AppDeps,
  user: CurrentUser,
  input: { studentName: string; idNumber: string; school: string },
) {
  const e = await myEmployer(deps, user)
  const g = await findGraduateFor(deps, input.studentName, input.idNumber, input.school)
  await deps.db
    .insertInto('employer_favorites')
    .values({ employer_id: e.id, graduate_id: g.id, created_at: deps.now().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return graduateForEmployer(g, input.idNumber)
}

export async function removeFavorite(deps: AppDeps, user: CurrentUser, graduateId: number) {
  const e = await myEmployer(deps, user)
  const r = await deps.db
    .deleteFrom('employer_favorites')
    .where('employer_id', '=', e.id)
    .where('graduate_id', '=', graduateId)
    .executeTakeFirst()
  if (Number(r.numDeletedRows) === 0) throw notFound('收藏夹中没有该毕业生')
}

// 预设模板: an invitation's job, 户档 and terms kept under a name for reuse.
export async function listTemplates(deps: AppDeps, user: CurrentUser) {
  const e = await myEmployer(deps, user)
  const rows = await deps.db
    .selectFrom('agreement_templates')
    .selectAll()
    .where('employer_id', '=', e.id)
    .orderBy('name')
    .execute()
  return { items: rows.map((r) => ({ id: r.id, name: r.name, ...JSON.parse(r.content), updatedAt: r.updated_at })) }
}

export async function saveTemplate(deps: AppDeps, user: CurrentUser, name: string, content: Record<string, unknown>) {
  const e = await myEmployer(deps, user)
  const at = deps.now().toISOString()
  await deps.db
    .insertInto('agreement_templates')
    .values({ employer_id: e.id, name, content: JSON.stringify(content), created_at: at, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['employer_id', 'name']).doUpdateSet({ content: JSON.stringify(content), updated_at: at }),
    )
    .execute()
  const row = await deps.db
    .selectFrom('agreement_templates')
    .selectAll()
    .where('employer_id', '=', e.id)
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return { id: row.id, name: row.name, ...JSON.parse(row.content), updatedAt: row.updated_at }
}

export async function deleteTemplate(deps: AppDeps, user: CurrentUser, id: number) {
  const e = await myEmployer(deps, user)
  const r = await deps.db
    .deleteFrom('agreement_templates')
    .where('id', '=', id)
    .where('employer_id', '=', e.id)
    .executeTakeFirst()
  if (Number(r.numDeletedRows) === 0) throw notFound('没有这个模板')
}

/**
 * The national flow's "check" step (seed 004 §2.3 (1) ②): the graduate the search finds, shown
 * before it is added — never more of the 身份证号 than was typed.
 */
export async function searchGraduate(
  deps: AppDeps,
  user: CurrentUser,
  input: { studentName: string; idNumber: string; school: string },
) {
  await myEmployer(deps, user)
  const g = await findGraduateFor(deps, input.studentName, input.idNumber, input.school)
  return graduateForEmployer(g, input.idNumber)
}

/**
 * A graduate of this employer's 收藏夹, with what an invitation needs to find them again
 * (姓名, 身份证号, 院校代码). Security decision: `search` is for the server only — the invitation
 * page posts the favourite's id, never the 身份证号, and shows the graduate as the list does.
 */
export async function favoriteGraduate(deps: AppDeps, user: CurrentUser, graduateId: number) {
  const e = await myEmployer(deps, user)
  const r = await favoriteRows(deps.db, e.id)
    .where('employer_favorites.graduate_id', '=', graduateId)
    .executeTakeFirst()
  if (!r) throw notFound('收藏夹中没有该毕业生，请先搜索添加')
  return {
    graduate: { ...graduateForEmployer(r), idNumber: maskIdCard(r.id_card) },
    search: { studentName: r.name, idNumber: r.id_card, school: r.school_code },
  }
}

// What agreements' invitation extends: the same three fields name the graduate there.
export { GraduateSearchSchema } from './schemas.js'
