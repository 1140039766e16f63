/**
 * 毕业生就业推荐表 (contract §6, issue 14 item 9; seed 003 §二(三)): what the JSON API and the pages
 * both do — the graduate's 暂存 and 提交, the 院系's 审核通过 / 退回, the PDF, the ZIP of a
 * selection and the public verification behind the PDF's QR code.
 *
 * Every write is one `deps.batch`: the conditional write of `recommendations` (WHERE status = <seen>
 * AND version = <seen>), its recommendation_events row — whose recommendation_id is
 * `CASE WHEN changes() = 1 THEN <id> ELSE NULL END`, so when the write matched nothing because
 * someone moved first the NOT NULL fails and the whole batch rolls back — the audit row, and for a
 * decision the graduate's notification. Of two racing decisions one lands and the other is
 * answered 409 with nothing of it stored (the pattern of src/registration/service.ts).
 */
import { sql, type Compilable } from 'kysely'
import { Zip, ZipPassThrough } from 'fflate'
import type { Recommendation } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError, conflict, notFound } from '../errors.js'
import { auditInsert } from '../audit/audit.js'
import { notify, toGraduate } from '../notifications/service.js'
import { codeName } from '../domain/codes/index.js'
import { beijingDate, beijingTime } from '../domain/beijing-time.js'
import {
  cleanPart,
  decisionProblem,
  isEditable,
  lengthProblems,
  PART_COLUMNS,
  RECOMMENDATION_PARTS,
  RECOMMENDATION_STATUS_NAMES,
  recommendationFileName,
  submitProblems,
  type Problem,
  type RecommendationDecision,
  type RecommendationPartKey,
  type RecommendationParts,
  type RecommendationStatus,
} from '../domain/recommendation.js'
import { renderRecommendation, type RecommendationDocData } from '../documents/recommendation.js'
import { sheetFont } from '../documents/index.js'
import { recommendationQrLink, verifyRecommendationQrSignature } from '../qr-signature.js'
import { clientHash, recordFailure, retryAfter } from '../rate-limit.js'
import {
  basicsOfGraduate,
  countApproved,
  eachApproved,
  eventsOf,
  publicRecommendation,
  recommendationOfGraduate,
  scopedRecommendation,
  type BasicRow,
  type RecommendationFilter,
} from './queries.js'

/** The most 推荐表 one ZIP holds: a 院系's year fits; a whole school downloads 院系 by 院系. */
export const ZIP_LIMIT = 500

type Actor = Pick<CurrentUser, 'id' | 'username' | 'schoolId'>
type Move = 'save' | 'submit' | 'approve' | 'return'

const GUARD_FAILED =
  /NOT NULL constraint failed: recommendation_events\.recommendation_id|UNIQUE constraint failed: recommendations\.graduate_id/

const STALE = '推荐表已被他人处理或已变化，请刷新后重试'

/** One problem as the 400 the API answers (the first of several; all of them ride in `details`). */
function problemsError(problems: Problem[]): AppError {
  const first = problems[0]
  return new AppError('validation_error', `${first.label}：${first.message}`, {
    field: first.field,
    details: problems,
  })
}

const partsOf = (r: Recommendation | undefined | null): RecommendationParts => ({
  intention: r?.intention ?? null,
  selfEvaluation: r?.self_evaluation ?? null,
  awards: r?.awards ?? null,
  practice: r?.practice ?? null,
  skills: r?.skills ?? null,
})

/** The stored parts with the sent ones over them (a part not sent is kept; null or '' clears it). */
function merged(stored: RecommendationParts, sent: Partial<RecommendationParts>): RecommendationParts {
  const out = { ...stored }
  for (const { key } of RECOMMENDATION_PARTS) if (sent[key] !== undefined) out[key] = cleanPart(sent[key])
  return out
}

const columnsOf = (p: RecommendationParts) =>
  Object.fromEntries(RECOMMENDATION_PARTS.map(({ key }) => [PART_COLUMNS[key], p[key]])) as Record<
    (typeof PART_COLUMNS)[RecommendationPartKey],
    string | null
  >

interface WriteArgs {
  user: Actor
  graduateId: number
  /** The row as the caller saw it (undefined: none yet). */
  rec: Recommendation | undefined
  move: Move
  to: RecommendationStatus
  parts?: RecommendationParts
  opinion?: string | null
  reason?: string | null
}

function writeStatements(deps: AppDeps, a: WriteArgs): Compilable[] {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  const from = a.rec?.status ?? null
  const values = {
    status: a.to,
    updated_at: at,
    ...(a.parts ? columnsOf(a.parts) : {}),
    ...(a.move === 'submit' ? { submitted_at: at } : {}),
    ...(a.move === 'approve' || a.move === 'return'
      ? { decided_at: at, decided_by: a.user.id, opinion: a.opinion ?? null, reason: a.reason ?? null }
      : {}),
  }
  const statements: Compilable[] = []
  let idExpr
  if (!a.rec) {
    statements.push(
      db
        .insertInto('recommendations')
        .values({ graduate_id: a.graduateId, created_at: at, version: 1, ...values })
        .onConflict((oc) => oc.column('graduate_id').doNothing()),
    )
    idExpr = sql<number>`CASE WHEN changes() = 1 THEN (SELECT id FROM recommendations WHERE graduate_id = ${a.graduateId}) ELSE NULL END`
  } else {
    statements.push(
      db
        .updateTable('recommendations')
        .set({ ...values, version: a.rec.version + 1 })
        .where('id', '=', a.rec.id)
        .where('status', '=', a.rec.status)
        .where('version', '=', a.rec.version),
    )
    idExpr = sql<number>`CASE WHEN changes() = 1 THEN ${a.rec.id} ELSE NULL END`
  }
  statements.push(
    db.insertInto('recommendation_events').values({
      recommendation_id: idExpr,
      at,
      actor_user_id: a.user.id,
      actor: a.user.username,
      move: a.move,
      from_status: from,
      to_status: a.to,
      reason: a.move === 'return' ? (a.reason ?? null) : null,
    }),
    // The content is the graduate's own words and stays out of the audit log; the move is in it.
    auditInsert(db, now, a.user, {
      action: `recommendation.${a.move}`,
      target: `graduate:${a.graduateId}`,
      detail: { from, to: a.to, version: (a.rec?.version ?? 0) + 1 },
    }),
  )
  // The graduate is told of the 院系's decision (contract §7), after the guard: a decision that
  // lost its race tells nobody.
  if (a.move === 'approve')
    statements.push(
      ...notify(deps, toGraduate(a.graduateId, a.user.id), {
        kind: 'recommendation.decision',
        title: '就业推荐表已通过院系审核',
        body: '您的毕业生就业推荐表已通过院系审核，现在可以下载打印（A4）。',
        link: '/me/recommendation',
      }),
    )
  if (a.move === 'return')
    statements.push(
      ...notify(deps, toGraduate(a.graduateId, a.user.id), {
        kind: 'recommendation.decision',
        title: '就业推荐表被退回修改',
        body: `您的毕业生就业推荐表被院系退回修改。原因：${a.reason ?? ''}。请修改后重新提交。`,
        link: '/me/recommendation',
      }),
    )
  return statements
}

async function commit(deps: AppDeps, a: WriteArgs) {
  try {
    await deps.batch(writeStatements(deps, a))
  } catch (e) {
    if (GUARD_FAILED.test(String((e as Error)?.message ?? e))) throw conflict(STALE)
    throw e
  }
}

// ——— the graduate ———

/** The graduate's 推荐表 (null when none was saved yet) and the roster's basic data beside it. */
export async function loadMine(deps: Pick<AppDeps, 'db'>, user: CurrentUser) {
  const graduateId = user.graduateId ?? -1
  const [basic, rec] = await Promise.all([
    basicsOfGraduate(deps.db, graduateId),
    recommendationOfGraduate(deps.db, graduateId),
  ])
  if (!basic) throw notFound('没有找到您的生源信息，请联系所在院系')
  return { basic, rec: rec ?? null }
}

function notEditable(status: RecommendationStatus): AppError {
  return conflict(
    status === 'approved'
      ? '推荐表已通过院系审核，不能再修改'
      : '推荐表已提交，正在等待院系审核，审核前不能修改；如被退回，可修改后重新提交',
  )
}

/** 暂存: the sent parts over the stored ones; allowed while `draft` or `returned`. */
export async function saveMine(deps: AppDeps, user: CurrentUser, sent: Partial<RecommendationParts>) {
  const { basic, rec } = await loadMine(deps, user)
  if (rec && !isEditable(rec.status)) throw notEditable(rec.status)
  const parts = merged(partsOf(rec), sent)
  const problems = lengthProblems(parts)
  if (problems.length) throw problemsError(problems)
  await commit(deps, {
    user,
    graduateId: basic.graduate_id,
    rec: rec ?? undefined,
    move: 'save',
    to: rec?.status ?? 'draft',
    parts,
  })
  return loadMine(deps, user)
}

/**
 * 提交 to the 院系: needs 求职意向 and 自我评价 at least (400 naming the first missing one). The
 * pages send the form's parts with it, saved in the same batch; the API submits what is stored.
 */
export async function submitMine(deps: AppDeps, user: CurrentUser, sent: Partial<RecommendationParts> = {}) {
  const { basic, rec } = await loadMine(deps, user)
  if (rec && !isEditable(rec.status)) throw notEditable(rec.status)
  const parts = merged(partsOf(rec), sent)
  const problems = submitProblems(parts)
  if (problems.length) throw problemsError(problems)
  await commit(deps, {
    user,
    graduateId: basic.graduate_id,
    rec: rec ?? undefined,
    move: 'submit',
    to: 'submitted',
    parts,
  })
  return loadMine(deps, user)
}

// ——— the 院系 ———

async function scopedOrNotFound(deps: Pick<AppDeps, 'db'>, user: CurrentUser, id: number) {
  const r = await scopedRecommendation(deps.db, user, id)
  if (!r) throw notFound('没有这份推荐表，或无权查看')
  return r
}

export async function loadForStaff(deps: Pick<AppDeps, 'db'>, user: CurrentUser, id: number) {
  const r = await scopedOrNotFound(deps, user, id)
  return { rec: r, basic: r as BasicRow, events: await eventsOf(deps.db, r.id), decidedBy: r.decided_by_name }
}

/**
 * The 院系's decision (seed 003: 院级审核通过后，学生方可进行打印): 审核通过 with the 院系意见, or 退回
 * with the reason. Only a `submitted` one is decided (409 otherwise).
 */
export async function decide(
  deps: AppDeps,
  user: CurrentUser,
  id: number,
  decision: RecommendationDecision,
  input: { opinion?: string | null; reason?: string | null },
) {
  const r = await scopedOrNotFound(deps, user, id)
  if (r.status !== 'submitted')
    throw conflict(`这份推荐表当前为“${RECOMMENDATION_STATUS_NAMES[r.status]}”，不在待审核状态`)
  const problem = decisionProblem(decision, input)
  if (problem) throw problemsError([problem])
  const opinion = decision === 'approve' ? cleanPart(input.opinion) : null
  const reason = decision === 'return' ? cleanPart(input.reason) : null
  await commit(deps, {
    user,
    graduateId: r.graduate_id,
    rec: r,
    move: decision,
    to: decision === 'approve' ? 'approved' : 'returned',
    opinion,
    reason,
  })
  return loadForStaff(deps, user, id)
}

// ——— JSON ———

const yearMonth = (ym: string) => (/^\d{6}$/.test(ym) ? `${ym.slice(0, 4)}年${ym.slice(4)}月` : ym)

/** The roster's data on the form, named: read-only here (corrected at its source, seed 003 附件二 三.1). */
export function basicJson(b: BasicRow) {
  return {
    studentNo: b.student_no,
    name: b.name,
    gender: codeName('gender', b.gender_code) ?? b.gender_code,
    ethnicity: codeName('ethnicity', b.ethnicity_code) ?? b.ethnicity_code,
    political: codeName('political', b.political_code) ?? b.political_code,
    education: codeName('education', b.education_code) ?? b.education_code,
    major: b.major_name,
    department: b.department,
    graduationTime: b.graduation_time,
    phone: b.phone,
    email: b.email,
    school: b.school,
  }
}

export function recommendationJson(rec: Recommendation | null, basic: BasicRow, pdf: string | null) {
  const status = rec?.status ?? 'draft'
  return {
    id: rec?.id ?? null,
    status,
    statusName: RECOMMENDATION_STATUS_NAMES[status],
    editable: isEditable(rec?.status ?? null),
    version: rec?.version ?? 0,
    ...partsOf(rec),
    opinion: rec?.status === 'approved' ? rec.opinion : null,
    reason: rec?.status === 'returned' ? rec.reason : null,
    submittedAt: rec?.submitted_at ?? null,
    decidedAt: rec?.decided_at ?? null,
    basic: basicJson(basic),
    pdf: rec?.status === 'approved' ? pdf : null,
  }
}

// ——— the PDF ———

function docData(deps: Pick<AppDeps, 'config' | 'secretKey' | 'now'>, rec: Recommendation, b: BasicRow) {
  const basic = basicJson(b)
  const parts = partsOf(rec)
  return {
    school: b.school,
    graduate: {
      ...basic,
      graduationTime: yearMonth(b.graduation_time),
      email: b.email ?? '',
    },
    parts: RECOMMENDATION_PARTS.map(({ key, label }) => ({ label, text: parts[key] })),
    opinion: rec.opinion ?? '',
    department: b.department,
    decidedOn: rec.decided_at ? beijingDate(new Date(rec.decided_at)) : '',
    qrText: recommendationQrLink(deps.config.publicBaseUrl, deps.secretKey, rec.id),
    generatedAt: beijingTime(deps.now()),
  } satisfies RecommendationDocData
}

async function render(deps: AppDeps, rec: Recommendation, b: BasicRow) {
  return renderRecommendation(docData(deps, rec, b), await sheetFont(deps))
}

const notApproved = () => conflict('推荐表通过院系审核后才能下载打印')

export async function myPdf(deps: AppDeps, user: CurrentUser) {
  const { basic, rec } = await loadMine(deps, user)
  if (!rec) throw notFound('您还没有填写推荐表')
  if (rec.status !== 'approved') throw notApproved()
  return {
    pdf: await render(deps, rec, basic),
    filename: `毕业生就业推荐表-${recommendationFileName(basic.student_no, basic.name)}`,
  }
}

export async function staffPdf(deps: AppDeps, user: CurrentUser, id: number) {
  const r = await scopedOrNotFound(deps, user, id)
  if (r.status !== 'approved') throw notApproved()
  const pdf = await render(deps, r, r)
  await deps.batch([
    auditInsert(deps.db, deps.now(), user, {
      action: 'recommendation.download',
      target: `graduate:${r.graduate_id}`,
      detail: { recommendation: r.id },
    }),
  ])
  return { pdf, filename: `毕业生就业推荐表-${recommendationFileName(r.student_no, r.name)}` }
}

/**
 * A selection (the filter, or the ticked ids) as one ZIP, a PDF per approved 推荐表 named
 * `{学号}-{姓名}.pdf`. Capped at ZIP_LIMIT (400 naming the selection, nothing rendered); none
 * approved is a 400 too — an empty archive would only puzzle the clerk who opens it. Streamed:
 * each PDF is rendered when the client has taken the one before, so memory stays flat.
 */
export async function approvedZip(deps: AppDeps, user: CurrentUser, f: RecommendationFilter) {
  const count = await countApproved(deps.db, user, f)
  const field = f.ids ? 'ids' : 'department'
  if (count > ZIP_LIMIT)
    throw new AppError(
      'validation_error',
      `推荐表：所选共有 ${count} 份审核通过的推荐表，超过一次最多下载的 ${ZIP_LIMIT} 份；请按院系或届别筛选，或勾选后分批下载`,
      { field },
    )
  if (count === 0)
    throw new AppError('validation_error', '推荐表：所选范围内没有审核通过的推荐表（只有审核通过的可以下载）', {
      field,
    })
  await deps.batch([
    auditInsert(deps.db, deps.now(), user, {
      action: 'recommendation.export',
      target: 'zip',
      detail: {
        count,
        department: f.department ?? user.department ?? null,
        cohort: f.cohort ?? null,
        selected: f.ids?.length ?? null,
      },
    }),
  ])
  const font = await sheetFont(deps)
  const rows = eachApproved(deps.db, user, f)
  const mtime = deps.now()
  const used = new Set<string>()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const zip = new Zip((err, chunk, final) => {
    if (err) return controller.error(err)
    controller.enqueue(chunk)
    if (final) controller.close()
  })
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
      },
      async pull() {
        try {
          const next = await rows.next()
          if (next.done) {
            zip.end()
            return
          }
          const r = next.value
          let name = recommendationFileName(r.student_no, r.name)
          // Two graduates with one 学号 (a re-used number across 届) still get two files.
          for (let i = 2; used.has(name); i++) name = recommendationFileName(`${r.student_no}(${i})`, r.name)
          used.add(name)
          const pdf = renderRecommendation(docData(deps, r, r), font)
          const entry = new ZipPassThrough(name)
          entry.mtime = mtime
          zip.add(entry)
          entry.push(await pdf, true)
        } catch (e) {
          controller.error(e)
        }
      },
    },
    { highWaterMark: 1 },
  )
  return { stream, count }
}

// ——— the public page behind the QR ———

export type PublicAnswer =
  | { ok: true; name: string; department: string; major: string; school: string; decidedOn: string }
  | { ok: false; status: 404 }
  | { ok: false; status: 429; retryAfter: number }

const recommendationLimitKey = (hash: string) => `recommendation:${hash}`

/**
 * Security decision: the page opens only with the signature printed in the QR code (the id alone
 * would let anyone walk the 推荐表 one by one). A bad or missing signature is a failure counted per
 * client address like the public lookup's (src/rate-limit.ts, the same VERIFY_FAILURE_LIMIT and
 * window, its own counter); once over the limit the client is answered 429 with Retry-After. A
 * valid signature cannot be guessed, so — as for the lookup's signed QR links — it is answered
 * whatever the count, and costs no write. The page shows 姓名, 院系, 专业, the school and the day
 * of the 院系's approval: nothing more (no 身份证号, no phone, not the graduate's own words).
 */
export async function publicAnswer(
  deps: AppDeps,
  id: number,
  signature: string | undefined,
  clientAddress: string,
): Promise<PublicAnswer> {
  if (!verifyRecommendationQrSignature(deps.secretKey, id, signature)) {
    const nowS = Math.floor(deps.now().getTime() / 1000)
    const { verifyFailureLimit: limit, verifyFailureWindowS: windowS } = deps.config
    const counter = await recordFailure(deps, recommendationLimitKey(clientHash(deps.secretKey, clientAddress)), nowS)
    const wait = counter.count > limit ? retryAfter(counter, nowS, limit, windowS) : 0
    return wait > 0 ? { ok: false, status: 429, retryAfter: wait } : { ok: false, status: 404 }
  }
  const r = await publicRecommendation(deps.db, id)
  if (!r || r.status !== 'approved' || !r.decided_at) return { ok: false, status: 404 }
  return {
    ok: true,
    name: r.name,
    department: r.department,
    major: r.major,
    school: r.school,
    decidedOn: beijingDate(new Date(r.decided_at)),
  }
}
