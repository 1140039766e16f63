/**
 * The graduate's own agreements (contract §5 "Offline signing and 补登"; seed 004 §2.5, §2.6):
 * - 线下签约 (`offline`): the graduate applies for an electronic agreement with a unit that is not
 *   registered; 协议审核 approves it (the PDF is then printed and stamped), the graduate uploads the
 *   stamped agreement's image, 签约审核 puts it in force.
 * - 补登 (`paper`): a paper agreement already signed, entered with its 协议编号 and the stamped image
 *   ("字迹清晰"), one review.
 * Every move goes through the state machine (src/domain/agreement.ts) and is one batch
 * (service.ts `commit`); the files (协议书图像, 解约函) are stored through the storage port.
 */
import { sql } from 'kysely'
import { nanoid } from 'nanoid'
import type { Agreement } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, notFound } from '../errors.js'
import { deleteBlobs, myGraduate } from '../registration/service.js'
import { auditInsert } from '../audit/audit.js'
import { nextState, type AgreementKind } from '../domain/agreement.js'
import { checkUnit } from '../domain/unit.js'
import { safeFilename, sniffProof } from '../domain/registration/proof.js'
import { tooLarge, type UploadSize } from '../middleware/body-size.js'
import {
  assertCanSign,
  checkJob,
  commit,
  orThrow,
  reload,
  reviewModeOf,
  runBatch,
  scopedAgreement,
  stateOf,
} from './service.js'
import { signingSettings } from './settings.js'

export interface OwnAgreementInput {
  kind?: AgreementKind
  unit: Record<string, unknown>
  job?: Record<string, unknown> | null
  archiveTransfer?: string | null
  hukouTransfer?: string | null
  terms?: string | null
  agreementNo?: string | null
}

/** 协议书图像 and 解约函: JPEG, PNG or PDF by content, at most 10 MB each (contract §5). */
export const SCAN_UPLOAD: UploadSize = {
  fileBytes: 10 * 1024 * 1024,
  envelope: 64 * 1024,
  message: '协议书图像：文件不能超过 10 MB',
}
export const LETTER_UPLOAD: UploadSize = { ...SCAN_UPLOAD, message: '解约函：文件不能超过 10 MB' }

/** 协议编号 as printed on a paper agreement: letters and digits, 6–30 characters. */
const PAPER_NO_RE = /^[0-9A-Za-z-]{6,30}$/

function checkOwn(input: OwnAgreementInput, kind: AgreementKind) {
  const unit = checkUnit(input.unit ?? {})
  if (!unit.ok) throw new AppError('validation_error', unit.issue.message, { field: `unit.${unit.issue.field}` })
  const job = checkJob(input.job, { complete: false })
  const text = (v: string | null | undefined, label: string, field: string, max: number) => {
    const t = v?.trim() || null
    if (t && t.length > max) throw new AppError('validation_error', `${label}：不能超过 ${max} 个字`, { field })
    return t
  }
  const paperNo = kind === 'paper' ? input.agreementNo?.trim() || null : null
  if (paperNo && !PAPER_NO_RE.test(paperNo))
    throw new AppError('validation_error', '协议编号：应为纸质协议书上印的编号（6–30 位字母或数字）', {
      field: 'agreementNo',
    })
  return {
    unit: JSON.stringify(unit.value),
    job: JSON.stringify(job),
    archive_transfer: text(input.archiveTransfer, '档案转递类型', 'archiveTransfer', 50),
    hukou_transfer: text(input.hukouTransfer, '户口迁移类型', 'hukouTransfer', 50),
    terms: text(input.terms, '补充条款', 'terms', 2000),
    paper_no: paperNo,
  }
}

/** 补登 needs the school's 签约设置 to allow it (contract §5: `supplementaryRegistration`). */
async function assertKindAllowed(deps: AppDeps, schoolId: number, kind: AgreementKind) {
  if (kind === 'paper' && !(await signingSettings(deps.db, schoolId)).supplementaryRegistration)
    throw conflict('本校未开放就业协议补登')
}

/** A new draft (`POST /api/v1/me/agreements`): 201 `draft`. */
export async function createOwn(deps: AppDeps, user: CurrentUser, input: OwnAgreementInput): Promise<Agreement> {
  const g = await myGraduate(deps, user, '签约')
  const kind = input.kind === 'paper' ? 'paper' : input.kind === 'offline' ? 'offline' : null
  if (!kind)
    throw new AppError('validation_error', '协议类型：应为 offline（线下签约）或 paper（补登）', { field: 'kind' })
  await assertKindAllowed(deps, g.school_id, kind)
  await assertCanSign(deps, g.id)
  const values = checkOwn(input, kind)
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  await runBatch(deps, [
    db.insertInto('agreements').values({
      school_id: g.school_id,
      graduate_id: g.id,
      employer_id: null,
      kind,
      status: 'draft',
      ...values,
      created_at: at,
      updated_at: at,
    }),
    db.insertInto('agreement_events').values({
      agreement_id: sql<number>`last_insert_rowid()`,
      at,
      actor_user_id: user.id,
      actor: user.username,
      from_status: null,
      to_status: 'draft',
      reason: null,
    }),
    auditInsert(db, now, user, { action: `agreement.create.${kind}`, target: `graduate:${g.id}` }),
  ])
  return db
    .selectFrom('agreements')
    .selectAll()
    .where('graduate_id', '=', g.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
}

/** `PUT /api/v1/me/agreements/{id}` while `draft` or `returned`. */
export async function updateOwn(deps: AppDeps, user: CurrentUser, id: number, input: OwnAgreementInput) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const next = orThrow(nextState(stateOf(a), 'save', { actor: 'student', mode }))
  const values = checkOwn(input, a.kind)
  return commit(deps, { user, a, move: 'save', next, set: values })
}

async function scanCount(deps: AppDeps, agreementId: number) {
  const r = await deps.db
    .selectFrom('agreement_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agreement_id', '=', agreementId)
    .where('purpose', '=', 'scan')
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/**
 * 提交审核. The first round of an offline agreement needs the job complete (the school prints it);
 * a paper agreement needs its 协议编号 and the stamped image; the stamp round of an offline
 * agreement needs the image (the state machine refuses the submit without it, naming 协议书图像).
 */
export async function submitOwn(deps: AppDeps, user: CurrentUser, id: number) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  await assertKindAllowed(deps, a.school_id, a.kind)
  checkJob(JSON.parse(a.job), { complete: true })
  if (a.kind === 'paper' && !a.paper_no)
    throw new AppError('validation_error', '协议编号：请填写纸质协议书上的协议编号', { field: 'agreementNo' })
  const hasScan = (await scanCount(deps, a.id)) > 0
  const next = orThrow(nextState(stateOf(a), 'submit', { actor: 'student', mode, hasScan }))
  await assertCanSign(deps, a.graduate_id, a.id)
  return commit(deps, { user, a, move: 'submit', next })
}

/** 撤回 before any reviewer acted (back to `draft`, or to `awaiting_stamp` for the stamp round). */
export async function withdrawOwn(deps: AppDeps, user: CurrentUser, id: number) {
  const a = await scopedAgreement(deps, user, id)
  const mode = await reviewModeOf(deps.db, a.school_id)
  const next = orThrow(nextState(stateOf(a), 'withdraw', { actor: 'student', mode }))
  return commit(deps, { user, a, move: 'withdraw', next, reason: '毕业生撤回' })
}

export interface Upload {
  name: string
  bytes: Uint8Array
}

/** The `file` field of a parsed multipart body, or null when none (or an empty one) was sent. */
export async function uploadOf(form: Record<string, unknown>): Promise<Upload | null> {
  const f = form.file
  if (!f || typeof f === 'string' || typeof (f as File).arrayBuffer !== 'function' || (f as File).size === 0)
    return null
  return { name: (f as File).name, bytes: new Uint8Array(await (f as File).arrayBuffer()) }
}

/** A file's type by its content (JPEG, PNG, PDF), else 415 naming the field. */
function checkUpload(file: Upload, size: UploadSize, label: string) {
  if (file.bytes.length === 0) throw new AppError('validation_error', `${label}：文件是空的`, { field: 'file' })
  if (file.bytes.length > size.fileBytes) throw tooLarge(size)
  const type = sniffProof(file.bytes)
  if (!type)
    throw new AppError('unsupported_media_type', `${label}：只接受 JPEG、PNG 图片或 PDF 文件（按文件内容判断）`, {
      field: 'file',
    })
  return type
}

/** Stores a blob and returns the agreement_files row to insert (the caller batches it). */
async function storeBlob(deps: AppDeps, a: Agreement, purpose: 'scan' | 'rescission_letter', file: Upload) {
  const type = checkUpload(
    file,
    purpose === 'scan' ? SCAN_UPLOAD : LETTER_UPLOAD,
    purpose === 'scan' ? '协议书图像' : '解约函',
  )
  const id = nanoid(16)
  const key = `agreements/${a.id}/${id}`
  await deps.storage.put(key, file.bytes, type)
  return {
    id,
    agreement_id: a.id,
    purpose,
    filename: safeFilename(file.name, type),
    content_type: type,
    size: file.bytes.length,
    storage_key: key,
    created_at: deps.now().toISOString(),
  }
}

/**
 * `POST /api/v1/me/agreements/{id}/scan`: the stamped agreement (协议书图像). A new upload replaces
 * the one before (the reviewer sees one current image). Allowed while the graduate may still
 * submit it: a paper agreement in `draft` / `returned`, an offline one in `awaiting_stamp` or
 * returned after its protocol was approved.
 */
export async function uploadScan(deps: AppDeps, user: CurrentUser, id: number, file: Upload) {
  const a = await scopedAgreement(deps, user, id)
  const open =
    (a.kind === 'paper' && (a.status === 'draft' || a.status === 'returned')) ||
    (a.kind === 'offline' && (a.status === 'awaiting_stamp' || (a.status === 'returned' && a.protocol_approved === 1)))
  if (!open)
    throw conflict(
      a.kind === 'offline' && a.protocol_approved !== 1
        ? '协议审核通过后，才能上传单位盖章后的协议书图像'
        : '当前状态不能上传协议书图像',
    )
  const row = await storeBlob(deps, a, 'scan', file)
  const old = await deps.db
    .selectFrom('agreement_files')
    .select(['id', 'storage_key'])
    .where('agreement_id', '=', a.id)
    .where('purpose', '=', 'scan')
    .execute()
  const { db } = deps
  try {
    // Guarded on the version: a decision landing between the check and the write wins, and the
    // upload is refused with nothing stored.
    await runBatch(deps, [
      db
        .updateTable('agreements')
        .set({ version: a.version + 1 })
        .where('id', '=', a.id)
        .where('version', '=', a.version),
      db
        .insertInto('agreement_files')
        .values({ ...row, agreement_id: sql<number>`CASE WHEN changes() = 1 THEN ${a.id} ELSE NULL END` }),
      ...old.map((o) => db.deleteFrom('agreement_files').where('id', '=', o.id)),
      auditInsert(db, deps.now(), user, {
        action: 'agreement.scan',
        target: `agreement:${a.id}`,
        detail: { file: row.id, size: row.size, type: row.content_type },
      }),
    ])
  } catch (e) {
    await deleteBlobs(deps, [row.storage_key])
    throw e
  }
  await deleteBlobs(
    deps,
    old.map((o) => o.storage_key),
  )
  return reload(deps.db, a.id)
}

/** A stored file row for a new 解约函 (the rescission's batch inserts it). */
export async function letterRow(deps: AppDeps, a: Agreement, file: Upload) {
  return storeBlob(deps, a, 'rescission_letter', file)
}

/** One file of an agreement this user may see (scopedAgreement decides), else 404. */
export async function readAgreementFile(deps: AppDeps, user: CurrentUser, id: number, fileId: string) {
  const a = await scopedAgreement(deps, user, id)
  const f = await deps.db
    .selectFrom('agreement_files')
    .selectAll()
    .where('id', '=', fileId)
    .where('agreement_id', '=', a.id)
    .executeTakeFirst()
  if (!f) throw notFound('没有找到这个文件')
  const bytes = await deps.storage.get(f.storage_key)
  if (!bytes) throw notFound('文件已不存在')
  return { bytes, contentType: f.content_type, filename: f.filename }
}
