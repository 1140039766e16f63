/**
 * The registration's operations, shared by the JSON API and the pages: each checks who may do
 * it, checks the content with the pure rules (src/domain/registration.ts), and commits one move.
 */
import { nanoid } from 'nanoid'
import { sql } from 'kysely'
import type { Graduate, Registration, RegistrationSource } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import {
  ATTACHMENT_PART_NAMES,
  EDITABLE,
  IN_FLIGHT,
  MAX_PART_FILES,
  PROOF_UPLOAD,
  REVIEW_MODES,
  acceptedType,
  aheadOfDepartment,
  checkBesideDestination,
  checkContent,
  destinationChanged,
  heldByAgreement,
  needsProof,
  nextStatus,
  safeFilename,
  sameContent,
  sniffProof,
  type ActorRole,
  type AttachmentPart,
  type HoldingAgreementStatus,
  type Issue,
  type RawContent,
  type RegistrationContent,
  type ReviewMode,
} from '../domain/registration/index.js'
import {
  countAttachments,
  countInFlight,
  contentOf,
  departmentsWithoutReviewer,
  graduateById,
  holdingAgreement,
  registrationOfGraduate,
  reviewMode,
  scopedGraduate,
  scopedRegistration,
} from './queries.js'
import { commitMove, deleteBlobs, myGraduate } from './service.js'

export { myGraduate }
import { privateFileResponse } from '../download.js'
import { tooLarge } from '../middleware/body-size.js'

const throwIssue = (i: Issue): never => {
  throw new AppError('validation_error', i.message, { field: i.field })
}

function orThrow(r: ReturnType<typeof nextStatus>) {
  if (!r.ok) throw new AppError(r.code, r.message)
  return r.to
}

/** The signed-in graduate's roster row; a graduate withdrawn from the roster can no longer register. */
/** Merges the parts a client sent over what is stored: an absent part is kept, null clears it. */
function merge(stored: RegistrationContent, raw: RawContent): RawContent {
  const s = stored as unknown as RawContent
  return {
    destination: raw.destination !== undefined ? raw.destination : s.destination,
    archive: raw.archive !== undefined ? raw.archive : s.archive,
    hukou: raw.hukou !== undefined ? raw.hukou : s.hukou,
  }
}

type Held = { status: HoldingAgreementStatus } | null

/**
 * While an agreement holds the destination (in force or 解约中): a different destination is
 * refused (409 — it ends only by 解约; while 解约中 no other may be registered), the stored one is
 * kept as the agreement wrote it (the agreement's own rules checked it), and only 档案 and 户口 —
 * which stay the graduate's to register (seed 004 §2.10) — are checked and taken from what was sent.
 */
function keepHeldDestination(
  held: NonNullable<Held>,
  who: 'student' | 'school',
  g: Graduate,
  stored: RegistrationContent,
  raw: RawContent,
  mode: 'draft' | 'complete',
): RegistrationContent {
  if (destinationChanged(raw.destination, stored.destination, g))
    throw conflict(heldByAgreement(held.status, who, 'change'))
  const checked = checkBesideDestination(stored, raw, { mode, graduate: g })
  if (!checked.ok) throwIssue(checked.issues[0])
  return (checked as { value: RegistrationContent }).value
}

/** The graduate saves (a draft, or changes to a returned registration, or a re-filing). */
export async function saveMine(deps: AppDeps, user: CurrentUser, raw: RawContent): Promise<Registration> {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const held = await holdingAgreement(deps.db, g.id)
  if (held) return saveHeld(deps, user, g, reg, held, raw)
  const to = orThrow(nextStatus(reg?.status ?? null, 'save', 'student', '仅校级审核'))
  // Re-filing after 审核不通过 or 作废 starts from what was there (rejected keeps its content).
  const checked = checkContent(merge(contentOf(reg), raw), { mode: 'draft', graduate: g })
  if (!checked.ok) throwIssue(checked.issues[0])
  const value = (checked as { value: RegistrationContent }).value
  const archive = await prefillArchive(deps, g, value)
  return commitMove(deps, {
    user,
    graduateId: g.id,
    reg,
    move: 'save',
    to,
    content: { ...value, archive },
    source: '登记系统',
    event: (reg?.status ?? null) !== to,
    reason: reg && (reg.status === 'rejected' || reg.status === 'voided') ? '重新登记' : null,
  })
}

/**
 * The graduate's save while an agreement holds the destination: 档案 and 户口 only. On the
 * approved registration the agreement made, that is an `amend` (approved, a new version, so the
 * confirmation asks again); nothing changed, nothing is written.
 */
async function saveHeld(
  deps: AppDeps,
  user: CurrentUser,
  g: Graduate,
  reg: Registration | null,
  held: NonNullable<Held>,
  raw: RawContent,
): Promise<Registration> {
  const stored = contentOf(reg)
  const value = keepHeldDestination(held, 'student', g, stored, raw, 'draft')
  const content = { ...value, archive: await prefillArchive(deps, g, value) }
  const from = reg?.status ?? null
  if (from === 'approved') {
    if (sameContent(stored, content)) return reg!
    return commitMove(deps, {
      user,
      graduateId: g.id,
      reg,
      move: 'amend',
      to: orThrow(nextStatus(from, 'amend', 'student', '仅校级审核')),
      content,
      reason: '毕业生修改档案、户口信息',
    })
  }
  const to = orThrow(nextStatus(from, 'save', 'student', '仅校级审核'))
  return commitMove(deps, { user, graduateId: g.id, reg, move: 'save', to, content, event: from !== to })
}

/**
 * National rule (seed 004, 2.10): when the archive goes back to 生源地 (转回生源地), the form is
 * filled from the school's directory of archive receiving units for the graduate's 生源所在地;
 * the graduate may correct it. Only empty fields are filled, so a correction is never overwritten.
 */
async function prefillArchive(deps: AppDeps, g: Graduate, c: RegistrationContent) {
  const a = c.archive
  if (!a || a.transferType !== '转回生源地') return a
  if (a.unitName || a.unitAddress || a.postcode || a.contact || a.phone) return a
  const unit = await archiveUnitFor(deps, g.school_id, a.unitLocation || g.origin_code)
  return {
    ...a,
    unitLocation: a.unitLocation || g.origin_code,
    unitName: unit?.name ?? null,
    unitAddress: unit?.address ?? null,
    postcode: unit?.postcode ?? null,
    contact: unit?.contact ?? null,
    phone: unit?.phone ?? null,
  }
}

async function archiveUnitFor(deps: AppDeps, schoolId: number, divisionCode: string) {
  return (
    (await deps.db
      .selectFrom('archive_units')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('division_code', '=', divisionCode)
      .executeTakeFirst()) ?? null
  )
}

/** The 转回生源地 archive part as the form pre-fills it for this graduate. */
export async function archivePrefill(deps: AppDeps, g: Graduate) {
  const unit = await archiveUnitFor(deps, g.school_id, g.origin_code)
  return {
    transferType: '转回生源地' as const,
    unitName: unit?.name ?? null,
    unitAddress: unit?.address ?? null,
    unitLocation: g.origin_code,
    postcode: unit?.postcode ?? null,
    contact: unit?.contact ?? null,
    phone: unit?.phone ?? null,
  }
}

/**
 * The 转回生源地 hukou part as the form pre-fills it: the hukou goes back to the 生源所在地, to the
 * 家庭住址 the roster holds (none: the graduate types it).
 */
export function hukouPrefill(g: Graduate) {
  return { migrationType: '转回生源地' as const, location: g.origin_code, address: g.home_address ?? null }
}

export async function submitMine(deps: AppDeps, user: CurrentUser): Promise<Registration> {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  // An agreement's destination is not submitted for review; while 解约中 no other destination is.
  const held = await holdingAgreement(deps.db, g.id)
  if (held) throw conflict(heldByAgreement(held.status, 'student', 'change'))
  const to = orThrow(nextStatus(reg?.status ?? null, 'submit', 'student', '仅校级审核'))
  const checked = checkContent(contentOf(reg) as unknown as RawContent, {
    mode: 'complete',
    graduate: g,
    requireParts: { archive: true, hukou: true },
  })
  if (!checked.ok) throwIssue(checked.issues[0])
  const value = (checked as { value: RegistrationContent }).value
  // National rule (seed 004, 2.6 ③, 2.8 ③): the types outside 未就业 are submitted with proof.
  if (needsProof(value.destination?.type) && (await countAttachments(deps.db, reg!.id, 'proof')) === 0) {
    throw invalid('证明材料', `“${value.destination!.type}”须上传证明材料后才能提交`)
  }
  return commitMove(deps, { user, graduateId: g.id, reg, move: 'submit', to, content: value, source: '登记系统' })
}

/**
 * Everything that stands between the saved registration and 提交审核, all at once — the same
 * checks submitMine makes (which stops at the first), so a graduate fixes a long form in one pass.
 */
export async function submitIssues(deps: AppDeps, user: CurrentUser): Promise<Issue[]> {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  if (!reg) return []
  const checked = checkContent(contentOf(reg) as unknown as RawContent, {
    mode: 'complete',
    graduate: g,
    requireParts: { archive: true, hukou: true },
  })
  const issues = checked.ok ? [] : [...checked.issues]
  const type = checked.ok ? checked.value.destination?.type : contentOf(reg).destination?.type
  if (needsProof(type) && (await countAttachments(deps.db, reg.id, 'proof')) === 0)
    issues.push({ field: 'proof', message: `证明材料：“${type}”须上传证明材料后才能提交（在本页“证明材料”处上传）` })
  return issues
}

export async function withdrawMine(deps: AppDeps, user: CurrentUser): Promise<Registration> {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const to = orThrow(nextStatus(reg?.status ?? null, 'withdraw', 'student', '仅校级审核'))
  return commitMove(deps, { user, graduateId: g.id, reg, move: 'withdraw', to, reason: '毕业生撤回修改' })
}

/**
 * Voiding clears the destination and its proof files (the old destination's proof no longer
 * applies) and keeps 档案 and 户口 with their images (domain `afterMove`, seed 004 §2.8 (3), §2.10).
 * A destination an agreement holds is not voided here: 解约 (or the agreement's 作废) ends it.
 */
async function voidRegistration(
  deps: AppDeps,
  user: CurrentUser,
  reg: Registration,
  reason: string | null,
  actor: 'student' | 'school',
) {
  const held = await holdingAgreement(deps.db, reg.graduate_id)
  if (held) throw conflict(heldByAgreement(held.status, actor, 'void'))
  const to = orThrow(nextStatus(reg.status, 'void', actor, '仅校级审核'))
  const proof = deps.db.deleteFrom('attachments').where('registration_id', '=', reg.id).where('part', '=', 'proof')
  const files = await deps.db
    .selectFrom('attachments')
    .select('storage_key')
    .where('registration_id', '=', reg.id)
    .where('part', '=', 'proof')
    .execute()
  const fresh = await commitMove(deps, {
    user,
    graduateId: reg.graduate_id,
    reg,
    move: 'void',
    to,
    reason,
    extra: [proof],
  })
  await deleteBlobs(
    deps,
    files.map((f) => f.storage_key),
  )
  return fresh
}

export async function voidMine(deps: AppDeps, user: CurrentUser, reason?: string | null): Promise<Registration> {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  if (!reg) throw new AppError('conflict', '当前状态（尚未登记）不能作废')
  return voidRegistration(deps, user, reg, reason?.trim() || '毕业生作废', 'student')
}

export async function schoolVoid(deps: AppDeps, user: CurrentUser, id: number, reason: string): Promise<Registration> {
  const { reg } = await scopedRegistration(deps.db, user, id)
  if (user.role !== 'school') throw forbidden('院系用户不能作废登记，请联系学校')
  return voidRegistration(deps, user, reg, reason, 'school')
}

export type Decision = 'approve' | 'return' | 'reject'

/** A reviewer's decision; 409 when the registration is no longer awaiting it from this reviewer. */
export async function decide(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: Decision,
  reason?: string | null,
): Promise<Registration> {
  const { reg } = await scopedRegistration(deps.db, user, id)
  const mode = await reviewMode(deps.db, user.schoolId)
  const actor = actorRole(user)
  const to = orThrow(nextStatus(reg.status, decision, actor, mode))
  const why = reason?.trim() || null
  if ((decision === 'return' || decision === 'reject') && !why)
    throw invalid('原因', decision === 'return' ? '退回修改须说明原因' : '审核不通过须说明原因')
  const ahead = aheadOfDepartment(reg.status, actor, mode)
  return commitMove(deps, {
    user,
    graduateId: reg.graduate_id,
    reg,
    move: decision,
    to,
    reason: ahead ? withSchoolMark(why) : why,
    ...(ahead ? { auditDetail: { level: SCHOOL_AHEAD } } : {}),
  })
}

/** How a school decision made before the 院系 reviewed is recorded (events and audit). */
const SCHOOL_AHEAD = '学校审核（院系未审核）'
const withSchoolMark = (why: string | null) => (why ? `${why}（${SCHOOL_AHEAD}）` : SCHOOL_AHEAD)

/** Batch approve: each registration on its own, so one conflict does not stop the others. */
export async function batchApprove(deps: AppDeps, user: CurrentUser, ids: number[]) {
  const approved: number[] = []
  const skipped: Array<{ id: number; reason: string }> = []
  for (const id of [...new Set(ids)]) {
    try {
      await decide(deps, user, id, 'approve', null)
      approved.push(id)
    } catch (e) {
      if (e instanceof AppError && e.status < 500) skipped.push({ id, reason: e.message })
      else throw e
    }
  }
  return { approved, skipped }
}

/**
 * Security decision: staff writes to the archive part need 档案信息 读写, to the hukou part 户口
 * 信息 读写 (seed 004, 1.4: the three modules are permissioned separately). Checked only for the
 * part that actually changes, so an employment-only update from a user without archive rights works.
 */
function checkPartPermissions(user: CurrentUser, before: RegistrationContent, after: RegistrationContent) {
  const same = (x: unknown, y: unknown) =>
    sameContent(
      { destination: null, archive: x as never, hukou: null },
      { destination: null, archive: y as never, hukou: null },
    )
  if (!same(before.archive, after.archive) && user.permissions.archive !== 'rw')
    throw forbidden('没有档案信息的读写权限，不能修改档案转递信息')
  if (!same(before.hukou, after.hukou) && user.permissions.hukou !== 'rw')
    throw forbidden('没有户口信息的读写权限，不能修改户口迁移信息')
}

export interface SchoolWriteResult {
  registration: Registration
  created: boolean
  changed: boolean
}

/**
 * Checks a school-filed registration (import, API or 修改去向) without writing it. While an
 * agreement holds the destination, the school changes it through the agreement (its 修改 or 作废),
 * not here: only 档案 and 户口 are taken.
 */
function checkSchoolContent(g: Graduate, stored: RegistrationContent, raw: RawContent, held: Held) {
  if (held) return keepHeldDestination(held, 'school', g, stored, raw, 'complete')
  const checked = checkContent(merge(stored, raw), {
    mode: 'complete',
    graduate: g,
    requireParts: { archive: false, hukou: false },
  })
  if (!checked.ok) throwIssue(checked.issues[0])
  return (checked as { value: RegistrationContent }).value
}

/**
 * The school's systems file a registration (就业管理系统上传 / 就业管理系统接口): approved at once,
 * whatever state the graduate's own registration was in. An identical resubmission of an approved
 * registration changes nothing (and so does not bump the version).
 */
export async function schoolPut(
  deps: AppDeps,
  user: CurrentUser,
  graduateId: number,
  raw: RawContent,
  source: RegistrationSource,
): Promise<SchoolWriteResult> {
  const g = await scopedGraduate(deps.db, user, graduateId)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const stored = contentOf(reg)
  const held = await holdingAgreement(deps.db, g.id)
  const value = checkSchoolContent(g, stored, raw, held)
  if (reg && reg.status === 'approved' && sameContent(stored, value))
    return { registration: reg, created: false, changed: false }
  checkPartPermissions(
    user,
    reg && reg.status === 'approved' ? stored : { destination: null, archive: null, hukou: null },
    value,
  )
  const to = orThrow(nextStatus(reg?.status ?? null, 'overwrite', actorRole(user), '仅校级审核'))
  const registration = await commitMove(deps, {
    user,
    graduateId: g.id,
    reg,
    move: 'overwrite',
    to,
    content: value,
    // Only 档案 and 户口 changed under an agreement's destination: it stays the agreement's (登记系统).
    source: held ? undefined : source,
    event: true,
    reason: source,
  })
  return { registration, created: !reg, changed: true }
}

/**
 * The school modifies (修改去向, seed 004, 2.8 (2) ④) an approved registration or one in review;
 * in review the change is the school's decision and approves it. Its source is kept.
 */
export async function schoolModify(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  raw: RawContent,
  reason?: string | null,
): Promise<Registration> {
  const { reg } = await scopedRegistration(deps.db, user, id)
  const mode = await reviewMode(deps.db, user.schoolId)
  const actor = actorRole(user)
  const to = orThrow(nextStatus(reg.status, 'modify', actor, mode))
  const g = (await graduateById(deps.db, reg.graduate_id))!
  const stored = contentOf(reg)
  const value = checkSchoolContent(g, stored, raw, await holdingAgreement(deps.db, g.id))
  // Unchanged content leaves an approved registration alone; one in review still needs the decision.
  if (reg.status === 'approved' && sameContent(stored, value)) return reg
  checkPartPermissions(user, stored, value)
  const ahead = aheadOfDepartment(reg.status, actor, mode)
  const why = reason?.trim() || '学校修改'
  return commitMove(deps, {
    user,
    graduateId: g.id,
    reg,
    move: 'modify',
    to,
    content: value,
    event: true,
    reason: ahead ? withSchoolMark(why) : why,
    ...(ahead ? { auditDetail: { level: SCHOOL_AHEAD } } : {}),
  })
}

// ---------------------------------------------------------------------------------------------
// Proof files.

/** A 400 about a part's files, at that part's upload (证明材料, or the 档案 / 户口 images). */
function filesInvalid(part: AttachmentPart, message: string) {
  const name = ATTACHMENT_PART_NAMES[part]
  return new AppError('validation_error', `${name}：${message}`, {
    field: part === 'proof' ? name : `${part}.images`,
  })
}

/**
 * Whether the graduate may add or remove a part's files now: with the content they belong to —
 * while the registration is editable, and for 档案 and 户口 also while an agreement holds the
 * destination (their parts stay editable then; the proof is the agreement's).
 */
async function assertFilesEditable(deps: AppDeps, reg: Registration | null, part: AttachmentPart) {
  if (!reg || EDITABLE.includes(reg.status)) return
  if (part !== 'proof' && reg.status === 'approved' && (await holdingAgreement(deps.db, reg.graduate_id))) return
  const name = ATTACHMENT_PART_NAMES[part]
  throw conflict(
    reg.status === 'approved' ? `登记已审核通过，不能再更改${name}` : `登记正在审核中，如需更改${name}请先撤回`,
  )
}

/**
 * Adds a file to one part of the graduate's registration (`proof` by default): sniffed by content
 * (proof: JPEG, PNG or PDF; 档案 / 户口: JPEG or PNG), at most MAX_PART_FILES of the part.
 */
export async function addAttachment(
  deps: AppDeps,
  user: CurrentUser,
  file: { name: string; bytes: Uint8Array },
  part: AttachmentPart = 'proof',
) {
  const g = await myGraduate(deps, user)
  let reg = await registrationOfGraduate(deps.db, g.id)
  await assertFilesEditable(deps, reg, part)
  const name = ATTACHMENT_PART_NAMES[part]
  const max = MAX_PART_FILES[part]
  if (file.bytes.length === 0) throw filesInvalid(part, '文件是空的')
  if (file.bytes.length > PROOF_UPLOAD.fileBytes)
    throw tooLarge({ ...PROOF_UPLOAD, message: `${name}：每个文件不能超过 5 MB` })
  const type = sniffProof(file.bytes)
  if (!acceptedType(part, type))
    throw new AppError(
      'unsupported_media_type',
      part === 'proof'
        ? '证明材料：只接受 JPEG、PNG 图片或 PDF 文件（按文件内容判断）'
        : `${name}：只接受 JPEG 或 PNG 图片（按文件内容判断）`,
      { field: part === 'proof' ? 'file' : `${part}.images` },
    )
  if (!reg)
    reg = await commitMove(deps, {
      user,
      graduateId: g.id,
      reg: null,
      move: 'save',
      to: 'draft',
      source: '登记系统',
      content: { destination: null, archive: null, hukou: null },
    })
  else if (reg.status === 'rejected' || reg.status === 'voided') {
    reg = await commitMove(deps, {
      user,
      graduateId: g.id,
      reg,
      move: 'save',
      to: 'draft',
      source: '登记系统',
      reason: '重新登记',
    })
  }
  const full = () => filesInvalid(part, `最多上传 ${max} 个文件，请先删除不需要的文件`)
  if ((await countAttachments(deps.db, reg.id, part)) >= max) throw full()
  const id = nanoid(16)
  const key = `attachments/${reg.id}/${id}`
  const at = deps.now().toISOString()
  await deps.storage.put(key, file.bytes, type)
  const filename = safeFilename(file.name, type, name)
  // The count is checked again inside the insert, so two uploads at once cannot make a fourth.
  const res =
    await sql`INSERT INTO attachments (id, registration_id, part, filename, content_type, size, storage_key, created_at)
    SELECT ${id}, ${reg.id}, ${part}, ${filename}, ${type}, ${file.bytes.length}, ${key}, ${at}
    WHERE (SELECT COUNT(*) FROM attachments WHERE registration_id = ${reg.id} AND part = ${part}) < ${max}`.execute(
      deps.db,
    )
  if (Number(res.numAffectedRows ?? 0) !== 1) {
    await deleteBlobs(deps, [key])
    throw full()
  }
  await auditInsert(deps.db, deps.now(), user, {
    action: 'registration.attachment.add',
    target: `graduate:${g.id}`,
    detail: { attachment: id, part, size: file.bytes.length, type },
  }).execute()
  return { id, part, filename, contentType: type, size: file.bytes.length, createdAt: at }
}

export async function deleteAttachment(deps: AppDeps, user: CurrentUser, attachmentId: string) {
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const a = reg
    ? await deps.db
        .selectFrom('attachments')
        .selectAll()
        .where('id', '=', attachmentId)
        .where('registration_id', '=', reg.id)
        .executeTakeFirst()
    : null
  if (!reg || !a) throw notFound('没有找到这个文件')
  await assertFilesEditable(deps, reg, a.part)
  await deps.batch([
    deps.db.deleteFrom('attachments').where('id', '=', a.id),
    auditInsert(deps.db, deps.now(), user, {
      action: 'registration.attachment.delete',
      target: `graduate:${g.id}`,
      detail: { attachment: a.id, part: a.part },
    }),
  ])
  await deleteBlobs(deps, [a.storage_key])
}

/** A proof file, for the graduate (their own) or a reviewer who may see the graduate. */
export async function readAttachment(deps: AppDeps, registrationId: number, attachmentId: string) {
  const a = await deps.db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', attachmentId)
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
  if (!a) throw notFound('没有找到这个文件')
  const bytes = await deps.storage.get(a.storage_key)
  if (!bytes) throw notFound('文件已不存在')
  return { bytes, contentType: a.content_type, filename: a.filename }
}

/** A proof file as a response (named `proof.*` for clients that read only `filename`). */
export const attachmentResponse = (file: Parameters<typeof privateFileResponse>[0], download: boolean) =>
  privateFileResponse(file, download, 'proof')

// ---------------------------------------------------------------------------------------------
// Review mode.

/**
 * National rule (seed 004, 2.2 ②): the review mode may change only while no registration is in
 * the middle of a review ("如需修改审核方式，应确保没有任何处于流程中的数据"), and 先院系再校级审核
 * needs every 院系 with graduates to have a 院系 account that may review (读写).
 */
export async function setReviewMode(deps: AppDeps, user: CurrentUser, mode: ReviewMode) {
  if (!(REVIEW_MODES as readonly string[]).includes(mode))
    throw invalid('审核方式', `应为 ${REVIEW_MODES.join(' 或 ')}`)
  const current = await reviewMode(deps.db, user.schoolId)
  if (current === mode) return mode
  const inFlight = await countInFlight(deps.db, user.schoolId)
  if (inFlight > 0) throw new AppError('conflict', `还有 ${inFlight} 条登记正在审核中，审核方式暂不能修改`)
  const twoLevels = mode === '先院系再校级审核'
  if (twoLevels) await refuseWithoutReviewers(deps, user.schoolId)
  // The same conditions guard the UPDATE itself, so a submission (or an account change) racing in is not missed.
  const res = await deps.db
    .updateTable('schools')
    .set({ review_mode: mode })
    .where('id', '=', user.schoolId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('registrations')
            .innerJoin('graduates', 'graduates.id', 'registrations.graduate_id')
            .select('registrations.id')
            .where('graduates.school_id', '=', user.schoolId)
            .where('registrations.status', 'in', IN_FLIGHT),
        ),
      ),
    )
    .$if(twoLevels, (q) => q.where((eb) => eb.not(eb.exists(departmentsWithoutReviewer(deps.db, user.schoolId)))))
    .executeTakeFirst()
  if (Number(res.numUpdatedRows ?? 0) !== 1) {
    if (twoLevels) await refuseWithoutReviewers(deps, user.schoolId)
    throw new AppError('conflict', '有登记正在审核中，审核方式暂不能修改')
  }
  await auditInsert(deps.db, deps.now(), user, {
    action: 'registration.review_mode',
    target: `school:${user.schoolCode}`,
    detail: { from: current, to: mode },
  }).execute()
  return mode
}

async function refuseWithoutReviewers(deps: AppDeps, schoolId: number) {
  const missing = (await departmentsWithoutReviewer(deps.db, schoolId).execute()).map((d) => d.name)
  if (!missing.length) return
  const shown =
    missing.length > 10 ? `${missing.slice(0, 10).join('、')} 等 ${missing.length} 个院系` : missing.join('、')
  throw new AppError(
    'conflict',
    `审核方式：选择“先院系再校级审核”，每个有毕业生的院系须至少有一个可审核的院系账号（基本信息和就业信息 读写）。以下院系还没有：${shown}。请先在“账号管理”中为这些院系添加账号。`,
    { field: 'reviewMode', details: { departments: missing } },
  )
}

/** The province has no part in registrations (its routes never reach here): refused, not guessed. */
function actorRole(user: CurrentUser): ActorRole {
  if (user.role === 'province') throw new AppError('forbidden', '省级用户不办理去向登记')
  // A counsellor acts as its 院系 would (its guard keeps it out of the registration today).
  if (user.role === 'counsellor') return 'department'
  return user.role
}
