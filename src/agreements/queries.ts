/** Reads the agreement pages need beside the service's (`db` first). */
import type { Db } from '../db/schema.js'

export async function graduateName(db: Db, graduateId: number): Promise<string | null> {
  const g = await db.selectFrom('graduates').select('name').where('id', '=', graduateId).executeTakeFirst()
  return g?.name ?? null
}

/**
 * The graduate as the 鉴证 screen's 学生信息 shows them (seed 004 §2.3 (3)): the roster record of
 * the school's own graduate (the caller has already scoped the agreement to this user).
 */
export async function reviewGraduate(db: Db, graduateId: number) {
  return db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .select([
      'graduates.id',
      'graduates.name',
      'graduates.student_no',
      'graduates.id_card',
      'graduates.gender_code',
      'graduates.ethnicity_code',
      'graduates.political_code',
      'graduates.education_code',
      'graduates.major_code',
      'graduates.major_name',
      'graduates.length_of_schooling',
      'graduates.training_mode_code',
      'graduates.origin_code',
      'graduates.enrolled_at',
      'graduates.graduation_time',
      'graduates.phone',
      'graduates.email',
      'graduates.withdrawn_at',
      'departments.name as department',
      'schools.code as school_code',
      'schools.name as school_name',
    ])
    .where('graduates.id', '=', graduateId)
    .executeTakeFirstOrThrow()
}

/** The files of an agreement, as its JSON lists them. */
export async function filesOf(db: Db, agreementId: number) {
  const rows = await db
    .selectFrom('agreement_files')
    .select(['id', 'purpose', 'filename', 'content_type', 'size', 'created_at'])
    .where('agreement_id', '=', agreementId)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    filename: r.filename,
    contentType: r.content_type,
    size: r.size,
    createdAt: r.created_at,
  }))
}

/**
 * How each of these ended agreements (作废, 解约) ended, for 作废信息管理 and 解约管理: who and when
 * from the last event (both statuses are final, so it is the ending one), why from the void's
 * reason or the 解约's own reason (an approval of a 解约 gives none). One query for a page of rows.
 */
export async function endings(db: Db, agreementIds: number[]) {
  const out = new Map<number, { at: string; actor: string; reason: string | null }>()
  if (!agreementIds.length) return out
  const rows = await db
    .selectFrom('agreement_events as e')
    .innerJoin('agreements as a', 'a.id', 'e.agreement_id')
    .select(['e.agreement_id', 'e.at', 'e.actor', 'e.reason', 'a.status', 'a.rescission'])
    .where('e.agreement_id', 'in', agreementIds)
    .where('e.id', '=', (eb) =>
      eb
        .selectFrom('agreement_events as l')
        .select((x) => x.fn.max('l.id').as('m'))
        .whereRef('l.agreement_id', '=', 'e.agreement_id'),
    )
    .execute()
  for (const r of rows) {
    const rescission =
      r.status === 'rescinded' && r.rescission ? (JSON.parse(r.rescission) as { reason?: string }) : null
    out.set(r.agreement_id, { at: r.at, actor: r.actor, reason: rescission?.reason ?? r.reason })
  }
  return out
}
