/**
 * The graduate's registration pages at /me/registration: the form (暂存, 提交审核, 按生源地预填),
 * proof files, 撤回 and 作废. Plain forms that work without JavaScript; every operation goes through
 * the same actions as the JSON API. Notices travel as fixed keys in the query string (no PII).
 */
import { graduateWho } from '../pages/staff-chrome.js'
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser } from '../middleware/auth.js'
import { csrfToken } from '../middleware/csrf.js'
import { uploadLimit } from '../middleware/body-size.js'
import { confirmFirst, type ConfirmSpec } from '../pages/confirm.js'
import {
  ATTACHMENT_PART_NAMES,
  PROOF_UPLOAD,
  TARGETED_TRAINING_MODES,
  checkContent,
  type Issue,
  type RawContent,
} from '../domain/registration/index.js'
import { pageValidator, type Invalid } from '../page-validator.js'
import {
  addAttachment,
  archivePrefill,
  hukouPrefill,
  attachmentResponse,
  deleteAttachment,
  myGraduate,
  readAttachment,
  saveMine,
  submitIssues,
  submitMine,
  voidMine,
  withdrawMine,
} from './actions.js'
import { holdingAgreement, registrationOfGraduate, toJson } from './queries.js'
import {
  AttachmentParam,
  ContentForm,
  DownloadQuery,
  FILE_LABELS,
  FORM_LABELS,
  LOCATION_INPUTS,
  NoticeQuery,
  ProofForm,
  ReasonBody,
  contentPath,
  formValues,
  valuesOf,
} from './schemas.js'
import type { FormValues } from '../../views/registration/parts.js'
import { noSuchFile, orRender, studentPage, userError } from './page-kit.js'
import { MeRegistrationPage } from '../../views/registration/me-page.js'
import { placePicker, type PlacePickerState } from '../pages/place-picker.js'

export const registrationMePages = new Hono<AppEnv>()

const ME_NOTICES: Record<string, string> = {
  saved: '已暂存。',
  submitted: '已提交审核。',
  withdrawn: '已撤回，可以修改后重新提交。',
  voided: '登记已作废，就业数据已清空。',
  uploaded: '证明材料已上传。',
  deleted: '文件已删除。',
  uploaded_archive: '档案图像材料已上传。',
  uploaded_hukou: '户口图像材料已上传。',
}

async function renderMe(
  c: Context<AppEnv>,
  opts: {
    values?: FormValues
    error?: AppError | null
    issues?: Issue[]
    notice?: string | null
    /** info: a notice that reports nothing done (a prefill that found nothing); default ok. */
    noticeTone?: 'ok' | 'info'
    picker?: PlacePickerState | null
  } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const g = await myGraduate(deps, user)
  const reg = await registrationOfGraduate(deps.db, g.id)
  const json = reg ? await toJson(deps.db, reg) : null
  const held = await holdingAgreement(deps.db, g.id)
  const prefill = await archivePrefill(deps, g)
  const hukou = hukouPrefill(g)
  const targeted = (TARGETED_TRAINING_MODES as readonly string[]).includes(g.training_mode_code)
    ? g.targeted_unit
    : null
  const values =
    opts.values ??
    (json ? valuesOf(json) : { destination: targeted ? { unitName: targeted } : {}, archive: {}, hukou: {} })
  return c.html(
    <MeRegistrationPage
      csrf={csrfToken(c)}
      name={g.name}
      reg={json}
      values={values}
      error={opts.error?.message}
      errorField={opts.error?.extra.field}
      notice={opts.notice}
      noticeTone={opts.noticeTone}
      prefill={prefill}
      hukouPrefill={{ location: hukou.location, address: hukou.address }}
      targetedUnit={targeted}
      issues={opts.issues}
      picker={opts.picker}
      who={graduateWho(c, g.name)}
      self={user.username}
      held={held?.status ?? null}
    />,
    opts.error ? (opts.error.status as 400) : opts.issues?.length ? 400 : 200,
  )
}

/** A form that failed its schema: the page again, each problem at its input, everything typed kept. */
const meInvalid = (c: Context<AppEnv>, bad: Invalid) =>
  renderMe(c, {
    values: formValues(bad.values),
    issues: Object.entries(bad.errors).map(([input, message]) => ({
      field: input === 'file' ? 'file' : contentPath(input),
      message,
    })),
  })

registrationMePages.get('/me/registration', studentPage, pageValidator('query', NoticeQuery), (c) =>
  renderMe(c, { notice: ME_NOTICES[c.req.valid('query').ok ?? ''] ?? null }),
)

registrationMePages.post(
  '/me/registration',
  studentPage,
  placePicker(LOCATION_INPUTS, (c, values, picker) => renderMe(c, { values: formValues(values), picker })),
  pageValidator('form', ContentForm, meInvalid, FORM_LABELS),
  async (c) => {
    const { intent, content, values } = c.req.valid('form')
    const deps = c.var.deps
    const user = currentUser(c)
    if (intent === 'prefill') {
      // Without the script: fill the archive part from the directory, keep everything else typed.
      // Nothing is saved; a miss is a plain notice, not a success.
      const p = await archivePrefill(deps, await myGraduate(deps, user))
      values.archive = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? '']))
      return renderMe(c, {
        values,
        ...(p.unitName
          ? { notice: '已按您的生源所在地预填档案接收单位，如与实际不符请修改后保存。' }
          : {
              notice: '名录中没有您生源所在地的档案接收单位，已填入生源所在地，请自行填写单位名称、地址等。',
              noticeTone: 'info' as const,
            }),
      })
    }
    if (intent === 'prefillHukou') {
      // The same for the hukou part: back to the 生源所在地, to the roster's 家庭住址 if it has one.
      const h = hukouPrefill(await myGraduate(deps, user))
      values.hukou = { migrationType: h.migrationType, location: h.location, address: h.address ?? '' }
      return renderMe(c, {
        values,
        ...(h.address
          ? { notice: '已按您的生源所在地预填户口迁移所在地和地址（家庭住址），如与实际不符请修改后保存。' }
          : {
              notice: '已填入生源所在地；学校没有您的家庭住址，请自行填写户口迁移地址。',
              noticeTone: 'info' as const,
            }),
      })
    }
    try {
      await saveMine(deps, user, content)
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      // Not saved: list every problem in what was typed, not only the first.
      return renderMe(c, { values, error: err, issues: await contentIssues(c, content, intent === 'submit') })
    }
    if (intent !== 'submit') return c.redirect('/me/registration?ok=saved', 303)
    const issues = await submitIssues(deps, user)
    if (issues.length) return renderMe(c, { values, issues, notice: '已暂存，但还不能提交审核。' })
    return orRender(
      async () => {
        await submitMine(deps, user)
        return c.redirect('/me/registration?ok=submitted', 303)
      },
      (err) => renderMe(c, { values, error: err }),
    )
  },
)

/** The no-JavaScript confirmation of each destructive page action (the same words as the forms' data-confirm). */
const ME_CONFIRM: Record<'withdrawn' | 'voided', ConfirmSpec> = {
  withdrawn: {
    title: '确认撤回登记',
    message: '撤回后登记回到草稿，可以修改后再提交审核。确定撤回吗？',
    confirmLabel: '确认撤回',
    danger: false,
    back: '/me/registration',
  },
  voided: {
    title: '确认作废登记',
    message: '作废后，已登记的就业数据将被清空，登记确认回到“未上报”，需要重新登记。确定作废吗？',
    confirmLabel: '确认作废',
    back: '/me/registration',
  },
}
const confirmAttachmentDelete = confirmFirst({
  title: '确认删除证明材料',
  message: '删除后这份证明材料不能恢复，需要时请重新上传。确定删除吗？',
  confirmLabel: '确认删除',
  back: '/me/registration',
})

registrationMePages.post('/me/registration/withdraw', studentPage, confirmFirst(ME_CONFIRM.withdrawn), (c) =>
  orRender(
    async () => {
      await withdrawMine(c.var.deps, currentUser(c))
      return c.redirect('/me/registration?ok=withdrawn', 303)
    },
    (err) => renderMe(c, { error: err }),
  ),
)

registrationMePages.post(
  '/me/registration/void',
  studentPage,
  confirmFirst(ME_CONFIRM.voided),
  pageValidator('form', ReasonBody, (c, bad) => renderMe(c, { issues: [{ field: 'reason', message: bad.message }] })),
  (c) =>
    orRender(
      async () => {
        await voidMine(c.var.deps, currentUser(c), c.req.valid('form').reason)
        return c.redirect('/me/registration?ok=voided', 303)
      },
      (err) => renderMe(c, { error: err }),
    ),
)

/**
 * Every problem a draft of `content` has, for the page (saveMine names only the first); for
 * 提交审核, everything submitting will also ask for, so one round of corrections is enough.
 */
async function contentIssues(c: Context<AppEnv>, content: RawContent, submit: boolean) {
  const deps = c.var.deps
  const checked = checkContent(content, {
    mode: submit ? 'complete' : 'draft',
    graduate: await myGraduate(deps, currentUser(c)),
    requireParts: submit ? { archive: true, hukou: true } : undefined,
  })
  return checked.ok ? undefined : checked.issues
}

// A file over the limit is refused unread, but the CSRF check has parsed the form already: the
// fields posted with it are shown again, so what was typed is not lost.
const pageUploadLimit = uploadLimit(PROOF_UPLOAD, async (c, err) =>
  renderMe(c, { values: formValues(await c.req.parseBody().catch(() => ({}))), error: err }),
)

/**
 * 上传 posts the whole registration form with the file (issue 13 §7): what the form holds is saved
 * as the draft first, then the file is added. If the fields cannot be saved (a rule), the file is
 * still kept and the page comes back with the typed values and each problem at its field.
 */
registrationMePages.post(
  '/me/registration/attachments',
  studentPage,
  pageUploadLimit,
  pageValidator('form', ProofForm, meInvalid, { ...FORM_LABELS, ...FILE_LABELS }),
  async (c) => {
    const { part, file, content, values } = c.req.valid('form')
    const deps = c.var.deps
    const user = currentUser(c)
    const name = ATTACHMENT_PART_NAMES[part]
    let notSaved: AppError | null = null
    // A form posted without its fields (an old page) has nothing to save.
    if (Object.keys(content).length)
      try {
        await saveMine(deps, user, content)
      } catch (e) {
        notSaved = userError(e)
        if (!notSaved) throw e
      }
    try {
      await addAttachment(deps, user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, part)
    } catch (e) {
      const err = userError(e)
      if (!err) throw e
      return renderMe(c, { values, error: err, notice: notSaved ? null : `填写的内容已暂存，${name}未能上传。` })
    }
    if (notSaved)
      return renderMe(c, {
        values,
        error: notSaved,
        issues: await contentIssues(c, content, false),
        notice: `${name}已上传，但填写的内容未能暂存，请按提示修改后点击“暂存”。`,
      })
    return c.redirect(`/me/registration?ok=${part === 'proof' ? 'uploaded' : `uploaded_${part}`}`, 303)
  },
)

registrationMePages.post(
  '/me/registration/attachments/:attachmentId/delete',
  studentPage,
  confirmAttachmentDelete,
  pageValidator('param', AttachmentParam, noSuchFile),
  (c) =>
    orRender(
      async () => {
        await deleteAttachment(c.var.deps, currentUser(c), c.req.valid('param').attachmentId)
        return c.redirect('/me/registration?ok=deleted', 303)
      },
      (err) => renderMe(c, { error: err }),
    ),
)

registrationMePages.get(
  '/me/registration/attachments/:attachmentId',
  studentPage,
  pageValidator('param', AttachmentParam, noSuchFile),
  pageValidator('query', DownloadQuery),
  async (c) => {
    const g = await myGraduate(c.var.deps, currentUser(c))
    const reg = await registrationOfGraduate(c.var.deps.db, g.id)
    if (!reg) throw new AppError('not_found', '没有找到这个文件')
    const file = await readAttachment(c.var.deps, reg.id, c.req.valid('param').attachmentId)
    return attachmentResponse(file, !!c.req.valid('query').download)
  },
)
