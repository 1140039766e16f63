/**
 * The database, typed once. One `*Table` interface per table of `migrations/`; every query
 * function takes a `Kysely<Database>` first, so SQLite, D1 and test databases are just arguments.
 */
import type { Generated, Insertable, Kysely, Selectable } from 'kysely'
import type { AgreementKind, AgreementStatus, RescissionStage, ReviewStage } from '../domain/agreement.js'
import type { RegistrationSource, RegistrationStatus } from '../domain/registration/states.js'
import type { AttachmentPart } from '../domain/registration/proof.js'
import type { ImportStatus } from '../domain/import-status.js'
import type { GraduateRosterColumns } from '../domain/graduate.js'
// Roles and permissions are the domain's (src/domain/roles.ts); stored here as text.
import type { Permission, UserRole } from '../domain/roles.js'
import type { EducationScope } from '../domain/codes/education-levels.js'
import type { RecommendationStatus } from '../domain/recommendation.js'
export type { EducationScope }
// Status and source are the domain's (the state machine's own types); stored here as text.
export type { RegistrationSource, RegistrationStatus }

interface SettingsTable {
  key: string
  value: string
}

interface SchoolsTable {
  id: Generated<number>
  code: string
  name: string
  review_mode: Generated<string>
  created_at: string
  /** 0006: 'province' for the province's own row (its administrator's organisation). */
  kind: Generated<'school' | 'province'>
  /** JSON array of review levels of the self-check (migration 0003). */
  roster_review_levels: Generated<string>
}

interface DepartmentsTable {
  id: Generated<number>
  school_id: number
  name: string
  created_at: string
}

/** The roster columns are the domain's (`GraduateRosterColumns`); here the keys and the lifecycle. */
interface GraduatesTable extends GraduateRosterColumns {
  id: Generated<number>
  school_id: number
  department_id: number
  withdrawn_at: string | null
  withdrawn_reason: string | null
  import_id: string | null
  created_at: string
  updated_at: string
  /** 0006: the 生源上报 this graduate went up in (已上报 once that report is approved). */
  roster_report_id: Generated<number | null>
  /** JSON array of columns a correction or staff edit set (kept on re-import). */
  protected_fields: string | null
}

export interface UsersTable {
  id: Generated<number>
  school_id: number
  username: string
  role: UserRole
  department_id: number | null
  graduate_id: number | null
  display_name: string | null
  perm_info: Generated<Permission>
  perm_archive: Generated<Permission>
  perm_hukou: Generated<Permission>
  password_hash: string | null
  must_change_password: Generated<number>
  failed_logins: Generated<number>
  locked_until: string | null
  created_at: string
  updated_at: string
  /** Staff and employers' own address (0005); a graduate's account uses the roster's email. */
  email: Generated<string | null>
  /** 1: a counsellor (班主任/辅导员), stored as a `department` row (migration 0003). */
  counsellor: Generated<number>
  /** JSON array of 所在班级 names a counsellor sees. */
  classes: string | null
  education_scope: Generated<EducationScope>
  disabled_at: string | null
}

interface SessionsTable {
  id: string
  user_id: number
  created_at: string
  expires_at: string
  last_seen_at: string
}

interface RosterCorrectionsTable {
  id: Generated<number>
  graduate_id: number
  status: 'submitted' | 'approved' | 'returned' | 'withdrawn'
  changes: string
  reason: string | null
  created_at: string
  decided_at: string | null
  decided_by: number | null
  /** The review level a submitted correction waits at; NULL: the first configured level. */
  level: string | null
}

/** A step of a correction's review (migration 0007): an approval at a level, a return, a 重新审核. */
interface RosterCorrectionEventsTable {
  id: Generated<number>
  correction_id: number
  at: string
  actor_user_id: number | null
  actor: string
  move: 'approve' | 'return' | 'reopen'
  /** The level the correction waited at (for a reopen: the one it goes back to). */
  level: string | null
  /** Where it went: the next level, or NULL once decided. */
  to_level: string | null
  reason: string | null
}

interface RegistrationsTable {
  id: Generated<number>
  graduate_id: number
  status: RegistrationStatus
  source: RegistrationSource
  version: Generated<number>
  destination: string | null
  archive: string | null
  hukou: string | null
  submitted_at: string | null
  approved_at: string | null
  created_at: string
  updated_at: string
}

interface RegistrationEventsTable {
  id: Generated<number>
  registration_id: number
  at: string
  actor_user_id: number | null
  actor: string
  from_status: string | null
  to_status: string
  reason: string | null
}

interface AttachmentsTable {
  id: string
  registration_id: number
  /** proof (证明材料), or the 档案 / 户口 图像材料 (migration 0009). */
  part: Generated<AttachmentPart>
  filename: string
  content_type: string
  size: number
  storage_key: string
  created_at: string
}

interface ArchiveUnitsTable {
  id: Generated<number>
  school_id: number
  division_code: string
  name: string
  address: string
  postcode: string
  contact: string
  phone: string
  updated_at: string
}

interface ConfirmationsTable {
  graduate_id: number
  registration_version: number
  result: '确认无误' | '确认有误'
  destination_issue: string | null
  archive_issue: Generated<number>
  hukou_issue: Generated<number>
  phone: string | null
  at: string
}

/**
 * What the province statistics count of one non-withdrawn graduate, kept by the triggers of
 * migration 0011 (never written by the application).
 */
interface GraduateStatsTable {
  graduate_id: number
  school_id: number
  cohort: number
  registered: number
  placed: number
  confirmation: '未上报' | '未确认' | '确认有误' | '确认无误'
  numbered: number
}

/** The sums of graduate_stats per school and 届 (migration 0011's triggers keep them). */
interface SchoolStatsTable {
  school_id: number
  cohort: number
  graduates: Generated<number>
  registered: Generated<number>
  placed: Generated<number>
  unconfirmed: Generated<number>
  wrong: Generated<number>
  confirmed: Generated<number>
  numbers: Generated<number>
}

interface TransferNumbersTable {
  number: string
  graduate_id: number
  registration_version: number
  generated_at: string
  generated_by: number | null
  superseded_at: string | null
}

interface VerificationGrantsTable {
  number: string
  graduate_id: number
  valid_until: string
  created_at: string
  revoked_at: string | null
}

interface LookupsTable {
  id: Generated<number>
  at: string
  number: string
  kind: string
  outcome: string
  graduate_id: number | null
  client_hash: string
}

interface RateLimitsTable {
  key: string
  window_start: number
  count: number
}

interface ImportsTable {
  id: string
  school_id: number
  kind: string
  filename: string
  headers: string
  total: Generated<number>
  created: Generated<number>
  updated: Generated<number>
  failed: Generated<number>
  created_by: number | null
  department_id: number | null
  created_at: string
  /** Migration 0002: running → done | interrupted. */
  status: Generated<ImportStatus>
  finished_at: string | null
  owner: string | null
}

interface ImportFailuresTable {
  import_id: string
  row: number
  cells: string
  reason: string
}

interface HeaderMappingsTable {
  school_id: number
  kind: string
  mapping: string
  updated_at: string
}

interface AuditLogTable {
  id: Generated<number>
  at: string
  school_id: number | null
  actor_user_id: number | null
  actor: string
  action: string
  target: string | null
  detail: string | null
}

interface NotificationsTable {
  id: Generated<number>
  user_id: number
  at: string
  kind: string
  title: string
  body: string
  link: string | null
  read_at: string | null
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain'

export interface MailOutboxTable {
  id: Generated<number>
  user_id: number | null
  kind: string
  to_address: string
  subject: string
  body: string
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  created_at: string
  next_attempt_at: string
  lease_owner: string | null
  lease_until: string | null
  sent_at: string | null
  last_error: string | null
  server_response: string | null
}

interface PasswordResetCodesTable {
  user_id: number
  code_hash: string
  created_at: string
  expires_at: string
  failed_tries: Generated<number>
}

interface ReminderLogTable {
  graduate_id: number
  day: string
  at: string
  by_user_id: number | null
  batch: string
}

interface RecommendationsTable {
  id: Generated<number>
  graduate_id: number
  status: RecommendationStatus
  intention: string | null
  self_evaluation: string | null
  awards: string | null
  practice: string | null
  skills: string | null
  opinion: string | null
  reason: string | null
  version: Generated<number>
  submitted_at: string | null
  decided_at: string | null
  decided_by: number | null
  created_at: string
  updated_at: string
}

/** 0010: every write of a 推荐表 (暂存, 提交, 审核通过, 退回); the row is its batch's guard. */
interface RecommendationEventsTable {
  id: Generated<number>
  recommendation_id: number
  at: string
  actor_user_id: number | null
  actor: string
  move: 'save' | 'submit' | 'approve' | 'return'
  from_status: RecommendationStatus | null
  to_status: RecommendationStatus
  reason: string | null
}

interface EmployersTable {
  id: Generated<number>
  school_id: number
  name: string
  credit_code: string
  nature: string
  industry: string
  location: string
  address: string
  contact: string
  phone: string
  email: string | null
  username: string
  password_hash: string
  status: Generated<'pending' | 'approved' | 'rejected'>
  decision_reason: string | null
  decided_at: string | null
  decided_by: number | null
  failed_logins: Generated<number>
  locked_until: string | null
  created_at: string
  updated_at: string
}

interface EmployerSessionsTable {
  id: string
  employer_id: number
  created_at: string
  expires_at: string
  last_seen_at: string
}

interface EmployerFavoritesTable {
  employer_id: number
  graduate_id: number
  created_at: string
}

interface AgreementTemplatesTable {
  id: Generated<number>
  employer_id: number
  name: string
  content: string
  created_at: string
  updated_at: string
}

interface WarningUnitsTable {
  school_id: number
  credit_code: string
  name: string
  reason: string
  updated_at: string
}

interface SigningSettingsTable {
  school_id: number
  online_signing: Generated<number>
  supplementary_registration: Generated<number>
  max_rescissions: Generated<number>
  agents: string | null
  updated_at: string
}

interface AgreementsTable {
  id: Generated<number>
  school_id: number
  graduate_id: number
  employer_id: number | null
  kind: AgreementKind
  status: AgreementStatus
  version: Generated<number>
  review_stage: ReviewStage | null
  protocol_approved: Generated<number>
  rescission_stage: RescissionStage | null
  rescission: string | null
  agreement_no: string | null
  /** 补登: the number printed on the paper agreement, until it is in force (migration 0008). */
  paper_no: string | null
  unit: string
  job: string
  archive_transfer: string | null
  hukou_transfer: string | null
  terms: string | null
  expires_at: string | null
  in_force_at: string | null
  created_at: string
  updated_at: string
}

interface AgreementEventsTable {
  id: Generated<number>
  agreement_id: number
  at: string
  actor_user_id: number | null
  actor: string
  from_status: string | null
  to_status: string
  reason: string | null
}

export type RosterReportStatus = 'submitted' | 'approved' | 'returned'
interface RosterReportsTable {
  id: Generated<number>
  school_id: number
  cohort: number
  graduates: number
  status: RosterReportStatus
  reason: string | null
  created_at: string
  created_by: number | null
  decided_at: string | null
  decided_by: number | null
}

export type TrainingModeRequestStatus = 'submitted' | 'approved' | 'rejected'
interface TrainingModeRequestsTable {
  id: Generated<number>
  school_id: number
  graduate_id: number
  training_mode_code: string
  unit: string | null
  reason: string
  old_training_mode_code: string
  old_unit: string | null
  status: TrainingModeRequestStatus
  decision_reason: string | null
  created_at: string
  created_by: number | null
  decided_at: string | null
  decided_by: number | null
}

interface ProvinceEventsTable {
  id: Generated<number>
  subject: 'roster_report' | 'training_mode_request'
  subject_id: number
  at: string
  actor_user_id: number | null
  actor: string
  from_status: string | null
  to_status: string
  reason: string | null
}

interface AgreementFilesTable {
  id: string
  agreement_id: number
  purpose: 'scan' | 'rescission_letter'
  filename: string
  content_type: string
  size: number
  storage_key: string
  created_at: string
}

export interface Database {
  settings: SettingsTable
  schools: SchoolsTable
  departments: DepartmentsTable
  graduates: GraduatesTable
  users: UsersTable
  sessions: SessionsTable
  roster_corrections: RosterCorrectionsTable
  roster_correction_events: RosterCorrectionEventsTable
  registrations: RegistrationsTable
  registration_events: RegistrationEventsTable
  attachments: AttachmentsTable
  archive_units: ArchiveUnitsTable
  confirmations: ConfirmationsTable
  transfer_numbers: TransferNumbersTable
  graduate_stats: GraduateStatsTable
  school_stats: SchoolStatsTable
  verification_grants: VerificationGrantsTable
  lookups: LookupsTable
  rate_limits: RateLimitsTable
  imports: ImportsTable
  import_failures: ImportFailuresTable
  header_mappings: HeaderMappingsTable
  audit_log: AuditLogTable
  notifications: NotificationsTable
  mail_outbox: MailOutboxTable
  password_reset_codes: PasswordResetCodesTable
  reminder_log: ReminderLogTable
  employers: EmployersTable
  employer_sessions: EmployerSessionsTable
  employer_favorites: EmployerFavoritesTable
  agreement_templates: AgreementTemplatesTable
  warning_units: WarningUnitsTable
  signing_settings: SigningSettingsTable
  agreements: AgreementsTable
  agreement_events: AgreementEventsTable
  agreement_files: AgreementFilesTable
  roster_reports: RosterReportsTable
  training_mode_requests: TrainingModeRequestsTable
  province_events: ProvinceEventsTable
  recommendations: RecommendationsTable
  recommendation_events: RecommendationEventsTable
}

export type Db = Kysely<Database>
export type Graduate = Selectable<GraduatesTable>
export type NewGraduate = Insertable<GraduatesTable>
export type User = Selectable<UsersTable>
export type Registration = Selectable<RegistrationsTable>
export type Employer = Selectable<EmployersTable>
export type Agreement = Selectable<AgreementsTable>
export type Recommendation = Selectable<RecommendationsTable>
