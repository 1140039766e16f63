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
