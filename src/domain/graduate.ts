/**
 * A graduate's roster (生源) columns, as stored in `graduates` (snake_case): what an import fills and
 * a correction or staff edit changes. The domain owns the shape; `db/schema.ts` builds the table's
 * interface on it (adding the keys and the lifecycle columns), so the two cannot drift.
 */
export interface GraduateRosterColumns {
  student_no: string
  name: string
  name_key: string
  id_card: string
  exam_no: string | null
  gender_code: string
  ethnicity_code: string
  political_code: string
  education_code: string
  major_code: string
  major_name: string
  major_direction: string | null
  length_of_schooling: string
  training_mode_code: string
  targeted_unit: string | null
  origin_code: string
  enrolled_at: string
  graduation_time: string
  phone: string
  email: string | null
  qq: string | null
  home_address: string | null
  home_phone: string | null
  home_postcode: string | null
  urban_rural: string | null
  normal_student_code: string | null
  hardship_code: string | null
  class_name: string | null
  extension_1: string | null
  extension_2: string | null
  extension_3: string | null
  extension_4: string | null
}
