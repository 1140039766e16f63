/**
 * The province decides (contract §8): schools and their administrators, 生源上报 and its review,
 * 培养方式 change requests, the statistics across schools and the province's agreement type.
 * Other features reach this one only through the functions exported here.
 */
import { CompiledQuery } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { newSchoolAdministrator } from '../accounts/service.js'
import { cohortRange } from '../domain/cohort.js'
import { percent } from '../domain/percent.js'
import {
  AGREEMENT_TYPES,
  checkTrainingModeChange,
  decideReport,
  decideTrainingModeRequest,
  DEFAULT_AGREEMENT_TYPE,
  trainingModeLockProblem,
  type AgreementType,
} from '../domain/province.js'
import type { Db } from '../db/schema.js'
import {
  findReport,
  findTrainingModeRequest,
  listSchools,
  lockedTrainingModes,
  pendingReportOf,
  readSetting,
  reportable,
  schoolStats,
} from './queries.js'

export { lockedTrainingModes, trainingModeLockProblem }

const AGREEMENT_TYPE_KEY = 'province.agreement_type'

function requireProvinceDeployment(deps: AppDeps) {
  if (deps.config.deployment !== 'province')
    throw new AppError('forbidden', '本部署只有一所学校（DEPLOYMENT=school），没有省级用户')
}

/**
 * A new school with its administrator `admin`, whose password is generated here and returned
 * once (contract §8) — only its scrypt hash is stored. The school, its admin and the audit row
 * go in one batch; a 院校代码 already taken → 409.
 */
export async function createSchool(deps: AppDeps, me: CurrentUser, input: { code: string; name: string }) {
  requireProvinceDeployment(deps)
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  if (await db.selectFrom('schools').select('id').where('code', '=', input.code).executeTakeFirst())
    throw conflict(`院校代码 ${input.code} 已有学校`)
  const { password, row: admin } = await newSchoolAdministrator(deps, at)
  try {
    await deps.batch([
      db.insertInto('schools').values({ code: input.code, name: input.name, kind: 'school', created_at: at }),
      CompiledQuery.raw(
        `INSERT INTO users (school_id, username, role, display_name, perm_info, perm_archive, perm_hukou, password_hash, created_at, updated_at)
         SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM schools WHERE code = ?`,
        [
          admin.username,
          admin.role,
          admin.display_name,
          admin.perm_info,
          admin.perm_archive,
          admin.perm_hukou,
          admin.password_hash,
          at,
          at,
          input.code,
        ],
      ),
      auditInsert(db, now, me, { action: 'school.create', target: `school:${input.code}` }),
    ])
  } catch (e) {
    // Two racing creations of one code: the UNIQUE constraint lets one through.
    if (await db.selectFrom('schools').select('id').where('code', '=', input.code).executeTakeFirst())
      throw conflict(`院校代码 ${input.code} 已有学校`)
    throw e
  }
  return { code: input.code, name: input.name, admin: { username: 'admin', password } }
}

export { listSchools }

/**
 * 生源上报 (seed 002: 经院、校两级审核汇总后确认上报至省教育厅): the school sends up every
 * non-withdrawn graduate of the 届 not already in a report. Refused while a report of that 届 is
 * with the province, while any self-check correction of the 届 awaits review (the roster is not
 * yet 审核汇总), or when nobody is left to report. The report, the graduates' link to it, its
 * event and the audit row are one conditional batch.
 */
export async function submitReport(deps: AppDeps, me: CurrentUser, cohort: number) {
  requireProvinceDeployment(deps)
  const { db } = deps
  if (await pendingReportOf(db, me.schoolId, cohort)) throw conflict(`${cohort} 届已有一份上报等待省级审核`)
  const ready = await reportable(db, me.schoolId, cohort)
  if (ready.graduates === 0) throw conflict(`${cohort} 届没有待上报的毕业生`)
  if (ready.openCorrections > 0)
    throw conflict(`${cohort} 届还有 ${ready.openCorrections} 名毕业生的生源信息核对未审核，审核完毕后再上报`)

  const now = deps.now()
  const at = now.toISOString()
  const { from, to } = cohortRange(cohort)
  // The report made by this batch: the newest submitted one of this school, 届, time and user.
  const mine = `SELECT id FROM roster_reports WHERE school_id = ? AND cohort = ? AND status = 'submitted' AND created_at = ? AND created_by = ?`
  const mineArgs = [me.schoolId, cohort, at, me.id]
  const waiting = `graduates.school_id = ? AND graduates.graduation_time >= ? AND graduates.graduation_time < ? AND graduates.withdrawn_at IS NULL AND graduates.roster_report_id IS NULL`
  const waitingArgs = [me.schoolId, from, to]
  await deps.batch([
    CompiledQuery.raw(
      `INSERT INTO roster_reports (school_id, cohort, graduates, status, created_at, created_by)
       SELECT ?, ?, count(*), 'submitted', ?, ? FROM graduates WHERE ${waiting}
       HAVING count(*) > 0 AND NOT EXISTS (SELECT 1 FROM roster_reports WHERE school_id = ? AND cohort = ? AND status = 'submitted')`,
      [me.schoolId, cohort, at, me.id, ...waitingArgs, me.schoolId, cohort],
    ),
    CompiledQuery.raw(`UPDATE graduates SET roster_report_id = (${mine}) WHERE ${waiting} AND EXISTS (${mine})`, [
      ...mineArgs,
      ...waitingArgs,
      ...mineArgs,
    ]),
    CompiledQuery.raw(
      `INSERT INTO province_events (subject, subject_id, at, actor_user_id, actor, from_status, to_status)
       SELECT 'roster_report', id, ?, ?, ?, NULL, 'submitted' FROM (${mine})`,
      [at, me.id, me.username, ...mineArgs],
    ),
  ])
  const report = await db
    .selectFrom('roster_reports')
    .select(['id', 'cohort', 'graduates', 'status'])
    .where('school_id', '=', me.schoolId)
    .where('cohort', '=', cohort)
    .where('status', '=', 'submitted')
    .where('created_at', '=', at)
    .where('created_by', '=', me.id)
    .executeTakeFirst()
  if (!report) throw conflict(`${cohort} 届已有一份上报等待省级审核`)
  await auditInsert(db, now, me, {
    action: 'roster_report.submit',
    target: `roster_report:${report.id}`,
    detail: { cohort, graduates: report.graduates },
  }).execute()
  return report
}

/**
 * The province's decision on a report: approve (its graduates are 已上报) or return with a
 * reason (they are 未上报 again and the school may report anew). Conditional on the report still
 * being submitted: of two racing decisions one wins, the other gets 409.
 */
export async function decideRosterReport(
  deps: AppDeps,
  me: CurrentUser,
  id: number,
  decision: 'approve' | 'return',
  reason: string | null | undefined,
) {
  const { db } = deps
  const report = await findReport(db, me, id)
  if (!report) throw notFound('没有这份生源上报')
  const why = reason?.trim() || null
  if (decision === 'return' && !why) throw invalid('原因', '退回时必须填写原因')
  const move = decideReport(report.status, decision)
  if (!move.ok) throw conflict(move.message)
  const now = deps.now()
  const at = now.toISOString()
  const decided = `SELECT id FROM roster_reports WHERE id = ? AND status = ? AND decided_at = ? AND decided_by = ?`
  const decidedArgs = [id, move.to, at, me.id]
  const results = await deps.batch([
    db
      .updateTable('roster_reports')
      .set({ status: move.to, reason: why, decided_at: at, decided_by: me.id })
      .where('id', '=', id)
      .where('status', '=', 'submitted'),
    ...(move.to === 'returned'
      ? [
          CompiledQuery.raw(
            `UPDATE graduates SET roster_report_id = NULL WHERE roster_report_id = ? AND EXISTS (${decided})`,
            [id, ...decidedArgs],
          ),
        ]
      : []),
    CompiledQuery.raw(
      `INSERT INTO province_events (subject, subject_id, at, actor_user_id, actor, from_status, to_status, reason)
       SELECT 'roster_report', id, ?, ?, ?, 'submitted', ?, ? FROM (${decided})`,
      [at, me.id, me.username, move.to, why, ...decidedArgs],
    ),
    CompiledQuery.raw(
      `INSERT INTO audit_log (at, school_id, actor_user_id, actor, action, target, detail)
       SELECT ?, ?, ?, ?, ?, ?, ? FROM (${decided})`,
      [at, me.schoolId, me.id, me.username, `roster_report.${decision}`, `roster_report:${id}`, null, ...decidedArgs],
    ),
  ])
  if (Number(results[0].numAffectedRows ?? 0) === 0) throw conflict('该上报已被审核，请刷新后查看')
  return (await findReport(db, me, id))!
}

/**
 * A school asks the province to change a reported graduate's 培养方式 / 定向委培单位 (seed 004
 * §3). Only for a graduate whose roster went up (otherwise the school edits it directly), one
 * open request per graduate.
 */
export async function requestTrainingModeChange(
  deps: AppDeps,
  me: CurrentUser,
  graduateId: number,
  input: { trainingModeCode: string; unit?: string | null; reason: string },
) {
  const { db } = deps
  const g = await db
    .selectFrom('graduates')
    .select(['id', 'school_id', 'training_mode_code', 'targeted_unit', 'roster_report_id'])
    .where('id', '=', graduateId)
    .where('school_id', '=', me.schoolId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  if (!g) throw notFound('没有这名毕业生')
  const checked = checkTrainingModeChange(input.trainingModeCode, input.unit)
  if (!checked.ok) throw invalid(checked.field, checked.message)
  const reason = input.reason.trim()
  if (!reason) throw invalid('原因', '必须填写申请原因')
  if (g.roster_report_id === null) throw conflict('该毕业生的生源尚未上报省级，可直接在生源信息中修改培养方式')
  if (
    !trainingModeLockProblem({ trainingModeCode: g.training_mode_code, targetedUnit: g.targeted_unit }, checked.value)
  )
    throw conflict('申请的培养方式和定向委培单位与现有信息相同')
  const now = deps.now()
  const at = now.toISOString()
  try {
    await deps.batch([
      db.insertInto('training_mode_requests').values({
        school_id: me.schoolId,
        graduate_id: g.id,
        training_mode_code: checked.value.trainingModeCode,
        unit: checked.value.targetedUnit,
        reason,
        old_training_mode_code: g.training_mode_code,
        old_unit: g.targeted_unit,
        status: 'submitted',
        created_at: at,
        created_by: me.id,
      }),
      CompiledQuery.raw(
        `INSERT INTO province_events (subject, subject_id, at, actor_user_id, actor, from_status, to_status, reason)
         SELECT 'training_mode_request', id, ?, ?, ?, NULL, 'submitted', ? FROM training_mode_requests WHERE graduate_id = ? AND status = 'submitted'`,
        [at, me.id, me.username, reason, g.id],
      ),
      auditInsert(db, now, me, { action: 'training_mode_request.submit', target: `graduate:${g.id}` }),
    ])
  } catch (e) {
    if (await openRequestOf(db, g.id)) throw conflict('该毕业生已有一份培养方式变更申请等待省级审核')
    throw e
  }
  const open = (await openRequestOf(db, g.id))!
  return (await findTrainingModeRequest(db, me, open.id))!
}

const openRequestOf = (db: Db, graduateId: number) =>
  db
    .selectFrom('training_mode_requests')
    .select('id')
    .where('graduate_id', '=', graduateId)
    .where('status', '=', 'submitted')
    .executeTakeFirst()

/**
 * The province approves (the graduate's 培养方式 and 定向委培单位 become the requested ones, in the
 * same batch) or rejects. Conditional on the request still being submitted.
 */
export async function decideTrainingModeChange(
  deps: AppDeps,
  me: CurrentUser,
  id: number,
  decision: 'approve' | 'reject',
  reason: string | null | undefined,
) {
  const { db } = deps
  const req = await findTrainingModeRequest(db, me, id)
  if (!req) throw notFound('没有这份培养方式变更申请')
  const why = reason?.trim() || null
  if (decision === 'reject' && !why) throw invalid('原因', '不通过时必须填写原因')
  const move = decideTrainingModeRequest(req.status, decision)
  if (!move.ok) throw conflict(move.message)
  const now = deps.now()
  const at = now.toISOString()
  const decided = `SELECT id FROM training_mode_requests WHERE id = ? AND status = ? AND decided_at = ? AND decided_by = ?`
  const decidedArgs = [id, move.to, at, me.id]
  const results = await deps.batch([
    db
      .updateTable('training_mode_requests')
      .set({ status: move.to, decision_reason: why, decided_at: at, decided_by: me.id })
      .where('id', '=', id)
      .where('status', '=', 'submitted'),
    ...(move.to === 'approved'
      ? [
          CompiledQuery.raw(
            `UPDATE graduates SET training_mode_code = ?, targeted_unit = ?, updated_at = ? WHERE id = ? AND EXISTS (${decided})`,
            [req.trainingModeCode, req.unit, at, req.graduateId, ...decidedArgs],
          ),
        ]
      : []),
    CompiledQuery.raw(
      `INSERT INTO province_events (subject, subject_id, at, actor_user_id, actor, from_status, to_status, reason)
       SELECT 'training_mode_request', id, ?, ?, ?, 'submitted', ?, ? FROM (${decided})`,
      [at, me.id, me.username, move.to, why, ...decidedArgs],
    ),
    CompiledQuery.raw(
      `INSERT INTO audit_log (at, school_id, actor_user_id, actor, action, target, detail)
       SELECT ?, ?, ?, ?, ?, ?, ? FROM (${decided})`,
      [
        at,
        me.schoolId,
        me.id,
        me.username,
        `training_mode_request.${decision}`,
        `graduate:${req.graduateId}`,
        null,
        ...decidedArgs,
      ],
    ),
  ])
  if (Number(results[0].numAffectedRows ?? 0) === 0) throw conflict('该申请已被审核，请刷新后查看')
  return (await findTrainingModeRequest(db, me, id))!
}

export interface ProvinceStatsItem {
  school: string
  schoolName: string
  graduates: number
  registered: number
  /** 去向落实率, percent with one decimal. */
  implementationRate: number
  confirmation: Record<'未上报' | '未确认' | '确认有误' | '确认无误', number>
  numbers: number
}

/** Every school of the deployment for one 届, schools without graduates included (zeros). */
export async function provinceStats(deps: AppDeps, cohort: number): Promise<ProvinceStatsItem[]> {
  const [schools, rows] = await Promise.all([listSchools(deps.db), schoolStats(deps.db, cohort)])
  const bySchool = new Map(rows.map((r) => [r.schoolId, r]))
  return schools.map((s) => {
    const r = bySchool.get(s.id)
    return {
      school: s.code,
      schoolName: s.name,
      graduates: r?.graduates ?? 0,
      registered: r?.registered ?? 0,
      implementationRate: percent(r?.placed ?? 0, r?.graduates ?? 0),
      confirmation: r?.confirmation ?? { 未上报: 0, 未确认: 0, 确认有误: 0, 确认无误: 0 },
      numbers: r?.numbers ?? 0,
    }
  })
}

/**
 * 电子就业协议书类型 set by the province (seed 004 §2.1 省级用户设置). Read by the agreements
 * feature to print it; 三方协议 until the province chooses (and in a school deployment).
 */
export async function agreementType(deps: Pick<AppDeps, 'db'>): Promise<AgreementType> {
  const v = await readSetting(deps.db, AGREEMENT_TYPE_KEY)
  return (AGREEMENT_TYPES as readonly string[]).includes(v ?? '') ? (v as AgreementType) : DEFAULT_AGREEMENT_TYPE
}

export async function setAgreementType(deps: AppDeps, me: CurrentUser, value: AgreementType) {
  const now = deps.now()
  await deps.batch([
    deps.db
      .insertInto('settings')
      .values({ key: AGREEMENT_TYPE_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    auditInsert(deps.db, now, me, { action: 'province.settings', target: 'agreement_type', detail: { value } }),
  ])
  return { agreementType: value }
}
