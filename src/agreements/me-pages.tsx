/**
 * The graduate's 我的签约 at /me/agreements (contract §5 "Online signing"; seed 004 §2.3 (2)):
 * every invitation and agreement, and 接受 / 拒绝 of an open invitation, asked first (the form's
 * data-confirm, the confirmation page without JavaScript). The answer is the service's `answer`:
 * expiry at the moment of the answer, one agreement at a time, a lost race → 409 on the page.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { confirmFirst } from '../pages/confirm.js'
import { graduateWho } from '../pages/staff-chrome.js'
import { pageValidator } from '../page-validator.js'
import { z } from '../openapi.js'
import { codeName } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'
import { studentNav } from '../../views/nav.js'
import {
  MyAgreementsPage,
  OwnAgreementFormPage,
  RescissionFormPage,
  type MyAction,
  type MyAgreementView,
} from '../../views/agreements/me-page.js'
import {
  JOB_FIELDS,
  JOB_LABELS,
  agreementJson,
  answer,
  myAgreements,
  reviewModeOf,
  scopedAgreement,
  type AgreementJson,
} from './service.js'
import {
  SCAN_UPLOAD,
  LETTER_UPLOAD,
  createOwn,
  submitOwn,
  updateOwn,
  uploadOf,
  uploadScan,
  withdrawOwn,
} from './own.js'
import { answerRescission, requestRescission } from './rescission.js'
import { signingSettings } from './settings.js'
import { graduateNextStep, nextState, RESCISSION_REASONS, type AgreementState } from '../domain/agreement.js'
import type { ReviewMode } from '../domain/registration/index.js'
import { uploadLimit } from '../middleware/body-size.js'
import { UNIT_FIELD_KEYS } from '../../views/components/unit-fields.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'
import { stringValues } from '../page-validator.js'
import { PRINTABLE } from './document.js'
import { graduateName } from './queries.js'

export const agreementMePages = new Hono<AppEnv>()

const studentPage = guard({ roles: ['student'], loginPath: '/me/login' })

const DAY = 86_400_000

const stateOfJson = (a: AgreementJson): AgreementState => ({
  kind: a.kind,
  status: a.status,
  stage: a.reviewStage,
  protocolApproved: a.protocolApproved,
  rescission: a.rescissionStage,
})

/** The buttons the state machine allows the graduate now (the service checks again on the press). */
function actionsOf(a: AgreementJson, mode: ReviewMode): MyAction[] {
  const s = stateOfJson(a)
  const can = (move: Parameters<typeof nextState>[1]) =>
    nextState(s, move, { actor: 'student', mode, hasScan: true }).ok
  const out: MyAction[] = []
  if (can('save')) out.push('edit')
  const scanRound =
    (a.kind === 'paper' && (a.status === 'draft' || a.status === 'returned')) ||
    (a.kind === 'offline' && (a.status === 'awaiting_stamp' || (a.status === 'returned' && a.protocolApproved)))
  if (scanRound) out.push('scan')
  if (can('submit')) out.push('submit')
  if (can('withdraw')) out.push('withdraw')
  if (a.status === 'in_force' && can('request_rescission')) out.push('rescind')
  if (a.status === 'rescinding' && a.rescissionStage === 'returned') out.push('reask_rescission')
  if (a.status === 'rescinding' && a.rescissionStage === 'answer_student') out.push('answer_rescission')
  return out
}

const BY_NAMES = { student: '本人', employer: '单位', school: '学校' } as const

/** What the graduate's page shows of an agreement: the unit's codes with their national names. */
function myView(a: AgreementJson, canAnswer: boolean, mode: ReviewMode): MyAgreementView {
  const last = a.events.at(-1)
  const job = a.job
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    agreementNo: a.agreementNo,
    unit: {
      name: a.unit.name,
      creditCode: a.unit.creditCode,
      nature: codeName('unitNature', a.unit.nature),
      industry: codeName('unitIndustry', a.unit.industry),
      location: divisionName(a.unit.location),
      address: a.unit.address,
      contact: a.unit.contact,
      phone: a.unit.phone,
      email: a.unit.email,
    },
    job: JOB_FIELDS.map((f): [string, string | null] => [
      JOB_LABELS[f],
      f === 'category' && job.category ? codeName('jobCategory', job.category) : job[f],
    ]),
    archiveTransfer: a.archiveTransfer,
    hukouTransfer: a.hukouTransfer,
    terms: a.terms,
    invitedAt: a.createdAt,
    expiresAt: a.expiresAt,
    responseDays: a.expiresAt ? Math.round((Date.parse(a.expiresAt) - Date.parse(a.createdAt)) / DAY) : null,
    canAnswer,
    pdfHref: (PRINTABLE as readonly string[]).includes(a.status) ? `/api/v1/agreements/${a.id}/agreement.pdf` : null,
    lastReason:
      last && ['returned', 'rejected', 'withdrawn', 'voided', 'rescinding'].includes(last.to) ? last.reason : null,
    paperNo: a.paperNo,
    files: a.files.map((f) => ({
      id: f.id,
      purpose: f.purpose,
      filename: f.filename,
      href: `/api/v1/agreements/${a.id}/files/${f.id}`,
    })),
    nextStep: graduateNextStep(stateOfJson(a), {
      hasScan: a.files.some((f) => f.purpose === 'scan'),
      canAnswer,
    }),
    actions: actionsOf(a, mode),
    rescission:
      a.status === 'rescinding' && a.rescission
        ? { by: BY_NAMES[a.rescission.by], reason: a.rescission.reason, note: a.rescission.note }
        : null,
  }
}

const NOTICES: Record<string, string> = {
  accept: '已接受签约邀请，等待学校鉴证。鉴证通过后协议生效，可下载电子就业协议书。',
  decline: '已拒绝该签约邀请。',
  saved: '协议信息已保存。检查无误后请提交审核。',
  submitted: '已提交，等待学校审核。',
  withdrawn: '已撤回，可修改后再提交。',
  scanned: '协议书图像已上传。',
  rescission: '解约申请已提交。',
  rescission_accept: '已同意解约，等待学校审核。',
  rescission_decline: '已不同意解约，协议继续有效。',
}

async function renderMine(
  c: Context<AppEnv>,
  opts: { notice?: string | null; error?: string | null; status?: number },
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const { items, bound, canAnswer } = await myAgreements(deps, user)
  const name = (await graduateName(deps.db, user.graduateId ?? -1)) ?? user.username
  const mode = await reviewModeOf(deps.db, user.schoolId)
  const settings = await signingSettings(deps.db, user.schoolId)
  return c.html(
    <MyAgreementsPage
      nav={studentNav()}
      who={graduateWho(c, name)}
      csrf={csrfToken(c)}
      items={items.map((a) => myView(a, canAnswer(a), mode))}
      bound={bound}
      paperAllowed={settings.supplementaryRegistration}
      notice={opts.notice}
      error={opts.error}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementMePages.get(
  '/me/agreements',
  studentPage,
  pageValidator('query', z.object({ ok: z.string().max(20).optional().catch(undefined) })),
  (c) => renderMine(c, { notice: NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

const AnswerForm = z.object({ answer: z.enum(['accept', 'decline'], { message: '请选择接受或拒绝' }) })

agreementMePages.post(
  '/me/agreements/:id/answer',
  studentPage,
  pageValidator('param', z.object({ id: z.coerce.number().int().positive() })),
  confirmFirst((_c, body) =>
    body.answer === 'accept'
      ? {
          title: '确认接受签约邀请',
          message:
            '毕业生只能与一家用人单位签约：接受后提交学校鉴证，其他单位的签约邀请将只能查看，无法操作。确定接受吗？',
          confirmLabel: '确认接受',
          danger: false,
          back: '/me/agreements',
        }
      : {
          title: '确认拒绝签约邀请',
          message: '拒绝后不能再接受这份邀请；单位如需签约，须重新发起邀请。确定拒绝吗？',
          confirmLabel: '确认拒绝',
          back: '/me/agreements',
        },
  ),
  pageValidator('form', AnswerForm, (c, bad) => renderMine(c, { error: bad.message, status: 400 })),
  async (c) => {
    const ans = c.req.valid('form').answer
    try {
      await answer(c.var.deps, currentUser(c), c.req.valid('param').id, ans)
    } catch (e) {
      if (e instanceof AppError && e.code === 'conflict') return renderMine(c, { error: e.message, status: 409 })
      throw e
    }
    return c.redirect(`/me/agreements?ok=${ans}`, 303)
  },
)

// ---------------------------------------------------------------------------------------------
// 线下签约 and 补登: the form, the moves, the stamped image (issue 16 items 1, 2, 6).

const IdParam = z.object({ id: z.coerce.number().int().positive() })
const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`).optional()
const UNIT_KEYS = UNIT_FIELD_KEYS

const OwnForm = z.object({
  kind: z.enum(['offline', 'paper']).catch('offline'),
  agreementNo: text(30),
  ...Object.fromEntries(UNIT_KEYS.map((k) => [`unit_${k}`, text(200)])),
  ...Object.fromEntries(JOB_FIELDS.map((f) => [`job_${f}`, text(200)])),
  archiveTransfer: text(50),
  hukouTransfer: text(50),
  terms: text(2000),
})
type OwnValues = Record<string, string | undefined>

/** The flat form as the service's input: unit_* and job_* become the unit and the job. */
function ownInput(v: OwnValues) {
  const pick = (prefix: string, keys: readonly string[]) =>
    Object.fromEntries(keys.map((k) => [k, v[`${prefix}${k}`] ?? '']))
  return {
    kind: v.kind === 'paper' ? ('paper' as const) : ('offline' as const),
    unit: pick('unit_', UNIT_KEYS),
    job: pick('job_', JOB_FIELDS),
    archiveTransfer: v.archiveTransfer || null,
    hukouTransfer: v.hukouTransfer || null,
    terms: v.terms || null,
    agreementNo: v.agreementNo || null,
  }
}

/** A stored agreement as the form's values. */
function ownValues(a: AgreementJson): OwnValues {
  const out: OwnValues = {
    kind: a.kind,
    agreementNo: a.paperNo ?? '',
    archiveTransfer: a.archiveTransfer ?? '',
    hukouTransfer: a.hukouTransfer ?? '',
    terms: a.terms ?? '',
  }
  for (const k of UNIT_KEYS) out[`unit_${k}`] = (a.unit as unknown as Record<string, string | null>)[k] ?? ''
  for (const f of JOB_FIELDS) out[`job_${f}`] = a.job[f] ?? ''
  return out
}

/** A service error's field (`unit.name`, `job.title`) as the form names it (`unit_name`, `job_title`). */
const formField = (field: string | undefined) => field?.replace('.', '_')

async function renderOwnForm(
  c: Context<AppEnv>,
  opts: {
    kind: 'offline' | 'paper'
    id: number | null
    values: OwnValues
    errors?: Record<string, string>
    error?: string | null
    picker?: PlacePickerState | null
    status?: number
  },
) {
  const user = currentUser(c)
  const name = (await graduateName(c.var.deps.db, user.graduateId ?? -1)) ?? user.username
  return c.html(
    <OwnAgreementFormPage
      nav={studentNav()}
      who={graduateWho(c, name)}
      csrf={csrfToken(c)}
      kind={opts.kind}
      id={opts.id}
      values={opts.values}
      errors={opts.errors}
      error={opts.error}
      locationName={divisionName(opts.values.unit_location?.trim() ?? '')}
      picker={opts.picker}
    />,
    (opts.status ?? 200) as 200,
  )
}

/** The service's refusal on a page: at its field when it names one, else at the top. */
function refusal(e: unknown): { errors?: Record<string, string>; error?: string; status: number } | null {
  if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) return null
  const field = formField(e.extra.field)
  return field ? { errors: { [field]: e.message }, status: e.status } : { error: e.message, status: e.status }
}

agreementMePages.get(
  '/me/agreements/new',
  studentPage,
  pageValidator('query', z.object({ kind: z.enum(['offline', 'paper']).catch('offline') })),
  (c) => {
    const kind = c.req.valid('query').kind
    return renderOwnForm(c, { kind, id: null, values: { kind } })
  },
)

const formKind = (values: Record<string, string>) => (values.kind === 'paper' ? 'paper' : 'offline')

agreementMePages.post(
  '/me/agreements/new',
  studentPage,
  placePicker(['unit_location'], (c, values, picker) =>
    renderOwnForm(c, { kind: formKind(values), id: null, values, picker }),
  ),
  pageValidator('form', OwnForm, (c, bad) =>
    renderOwnForm(c, {
      kind: formKind(stringValues(bad.values)),
      id: null,
      values: stringValues(bad.values),
      errors: bad.errors,
      status: 400,
    }),
  ),
  async (c) => {
    const values = c.req.valid('form') as OwnValues
    try {
      await createOwn(c.var.deps, currentUser(c), ownInput(values))
    } catch (e) {
      const r = refusal(e)
      if (!r) throw e
      return renderOwnForm(c, { kind: ownInput(values).kind, id: null, values, ...r })
    }
    return c.redirect('/me/agreements?ok=saved', 303)
  },
)

agreementMePages.get('/me/agreements/:id/edit', studentPage, pageValidator('param', IdParam), async (c) => {
  const deps = c.var.deps
  const a = await agreementJson(deps.db, await scopedAgreement(deps, currentUser(c), c.req.valid('param').id))
  if (a.kind === 'online') return c.redirect('/me/agreements', 303)
  return renderOwnForm(c, { kind: a.kind, id: a.id, values: ownValues(a) })
})

agreementMePages.post(
  '/me/agreements/:id/edit',
  studentPage,
  pageValidator('param', IdParam),
  placePicker(['unit_location'], (c, values, picker) =>
    renderOwnForm(c, {
      kind: formKind(values),
      id: (c.req.valid('param' as never) as { id: number }).id,
      values,
      picker,
    }),
  ),
  pageValidator('form', OwnForm, (c, bad) =>
    renderOwnForm(c, {
      kind: formKind(stringValues(bad.values)),
      id: (c.req.valid('param' as never) as { id: number }).id,
      values: stringValues(bad.values),
      errors: bad.errors,
      status: 400,
    }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const values = c.req.valid('form') as OwnValues
    try {
      await updateOwn(c.var.deps, currentUser(c), id, ownInput(values))
    } catch (e) {
      const r = refusal(e)
      if (!r) throw e
      return renderOwnForm(c, { kind: ownInput(values).kind, id, values, ...r })
    }
    return c.redirect('/me/agreements?ok=saved', 303)
  },
)

/** One button's move: done → the list with its notice; refused → the list with the message. */
async function moved(c: Context<AppEnv>, ok: string, run: () => Promise<unknown>) {
  try {
    await run()
  } catch (e) {
    const r = refusal(e)
    if (!r) throw e
    return renderMine(c, { error: r.error ?? Object.values(r.errors ?? {})[0], status: r.status })
  }
  return c.redirect(`/me/agreements?ok=${ok}`, 303)
}

agreementMePages.post('/me/agreements/:id/submit', studentPage, pageValidator('param', IdParam), (c) =>
  moved(c, 'submitted', () => submitOwn(c.var.deps, currentUser(c), c.req.valid('param').id)),
)

agreementMePages.post(
  '/me/agreements/:id/withdraw',
  studentPage,
  pageValidator('param', IdParam),
  confirmFirst({
    title: '确认撤回',
    message: '撤回后可修改再提交。确定撤回吗？',
    confirmLabel: '确认撤回',
    danger: false,
    back: '/me/agreements',
  }),
  (c) => moved(c, 'withdrawn', () => withdrawOwn(c.var.deps, currentUser(c), c.req.valid('param').id)),
)

const FileForm = z.object({ file: z.any().optional() })

agreementMePages.post(
  '/me/agreements/:id/scan',
  studentPage,
  pageValidator('param', IdParam),
  uploadLimit(SCAN_UPLOAD, (c, err) => renderMine(c, { error: err.message, status: err.status })),
  pageValidator('form', FileForm),
  async (c) => {
    const file = await uploadOf(c.req.valid('form'))
    if (!file) return renderMine(c, { error: '协议书图像：请选择要上传的文件', status: 400 })
    return moved(c, 'scanned', () => uploadScan(c.var.deps, currentUser(c), c.req.valid('param').id, file))
  },
)

// ---------------------------------------------------------------------------------------------
// 解约: the request (with the 解约函 for 线下签约 and 补登) and the answer to the unit's request.

async function renderRescission(
  c: Context<AppEnv>,
  id: number,
  opts: {
    values?: { reason?: string; note?: string }
    errors?: Record<string, string>
    error?: string
    status?: number
  } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const a = await agreementJson(deps.db, await scopedAgreement(deps, user, id))
  const name = (await graduateName(deps.db, user.graduateId ?? -1)) ?? user.username
  return c.html(
    <RescissionFormPage
      nav={studentNav()}
      who={graduateWho(c, name)}
      csrf={csrfToken(c)}
      id={a.id}
      unitName={a.unit.name}
      needsLetter={a.kind !== 'online'}
      again={a.status === 'rescinding' && a.rescission?.letter != null}
      values={opts.values ?? (a.rescission ? { reason: a.rescission.reason, note: a.rescission.note ?? '' } : {})}
      errors={opts.errors}
      error={opts.error}
    />,
    (opts.status ?? 200) as 200,
  )
}

agreementMePages.get('/me/agreements/:id/rescission', studentPage, pageValidator('param', IdParam), (c) =>
  renderRescission(c, c.req.valid('param').id),
)

const RescissionForm = z.object({
  reason: z.enum(RESCISSION_REASONS, { message: '请选择解约原因' }),
  note: text(200),
  file: z.any().optional(),
})

agreementMePages.post(
  '/me/agreements/:id/rescission',
  studentPage,
  pageValidator('param', IdParam),
  uploadLimit(LETTER_UPLOAD, (c, err) =>
    renderRescission(c, (c.req.valid('param' as never) as { id: number }).id, {
      errors: { file: err.message },
      status: err.status,
    }),
  ),
  pageValidator('form', RescissionForm, (c, bad) =>
    renderRescission(c, (c.req.valid('param' as never) as { id: number }).id, {
      values: stringValues(bad.values),
      errors: bad.errors,
      status: 400,
    }),
  ),
  async (c) => {
    const id = c.req.valid('param').id
    const form = c.req.valid('form')
    const letter = await uploadOf(form)
    try {
      await requestRescission(c.var.deps, currentUser(c), id, { reason: form.reason, note: form.note }, letter)
    } catch (e) {
      const r = refusal(e)
      if (!r) throw e
      return renderRescission(c, id, { values: { reason: form.reason, note: form.note }, ...r })
    }
    return c.redirect('/me/agreements?ok=rescission', 303)
  },
)

const RescissionAnswer = z.object({ answer: z.enum(['accept', 'decline'], { message: '请选择同意或不同意' }) })

agreementMePages.post(
  '/me/agreements/:id/rescission-answer',
  studentPage,
  pageValidator('param', IdParam),
  confirmFirst((_c, body) => ({
    title: body.answer === 'accept' ? '确认同意解约' : '确认不同意解约',
    message:
      body.answer === 'accept'
        ? '同意后提交学校解约审核，审核通过即解除协议，毕业去向中的就业信息将清空。确定同意吗？'
        : '不同意后协议继续有效。确定吗？',
    confirmLabel: body.answer === 'accept' ? '确认同意' : '确认不同意',
    back: '/me/agreements',
  })),
  pageValidator('form', RescissionAnswer, (c, bad) => renderMine(c, { error: bad.message, status: 400 })),
  async (c) => {
    const ans = c.req.valid('form').answer
    return moved(c, `rescission_${ans}`, () =>
      answerRescission(c.var.deps, currentUser(c), c.req.valid('param').id, ans),
    )
  },
)
