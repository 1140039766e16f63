/**
 * The employer's signing pages under /employer (contract §5 "Online signing"; seed 004 §2.3 (1)):
 * invitations by status, the 签约邀请函 to a graduate of the 学生收藏夹 (from a 预设模板, and saved
 * as one), 撤回 before the answer, and the agreements with their PDF. Every rule is the service's
 * (invite, withdrawInvitation); a broken one is the same page with the message at its field.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../deps.js'
import { AppError } from '../errors.js'
import { currentUser, guard } from '../middleware/auth.js'
import { confirmFirst } from '../pages/confirm.js'
import { employerChrome } from '../pages/staff-chrome.js'
import { pageValidator, stringValues, type Invalid } from '../page-validator.js'
import { z } from '../openapi.js'
import { codeName } from '../domain/codes/index.js'
import { MAX_RESPONSE_DAYS, type AgreementStatus } from '../domain/agreement.js'
import { favoriteGraduate, listTemplates, myEmployer, saveTemplate } from '../employers/service.js'
import {
  EmployerAgreementsPage,
  INVITATION_INPUTS,
  INVITATION_TABS,
  InvitationFormPage,
  InvitationsPage,
  type EmployerAgreementRow,
  type InvitationValues,
} from '../../views/agreements/employer-pages.js'
import { JOB_FIELDS, JOB_LABELS, invite, listForEmployer, withdrawInvitation, type AgreementJson } from './service.js'
import { PRINTABLE } from './document.js'

export const agreementEmployerPages = new Hono<AppEnv>()

const employerPage = guard({ roles: ['employer'], loginPath: '/employer/login' })
const userError = (e: unknown) => (e instanceof AppError && e.status < 500 ? e : null)

/** What the employer's lists show of an agreement (the contract's shape has no 身份证号 or phone). */
function employerRow(a: AgreementJson): EmployerAgreementRow {
  const last = a.events.at(-1)
  return {
    id: a.id,
    status: a.status,
    agreementNo: a.agreementNo,
    graduate: { name: a.graduate.name, department: a.graduate.department },
    jobTitle: a.job.title,
    jobCategory: a.job.category ? codeName('jobCategory', a.job.category) : null,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    inForceAt: a.inForceAt,
    lastReason: last && last.to !== 'invited' && last.to !== 'in_force' ? last.reason : null,
    pdfHref: (PRINTABLE as readonly string[]).includes(a.status) ? `/api/v1/agreements/${a.id}/agreement.pdf` : null,
  }
}

const INVITATION_STATUSES: readonly AgreementStatus[] = ['invited', 'declined', 'expired', 'withdrawn']

const NOTICES: Record<string, string> = {
  sent: '签约邀请函已发出，等待毕业生回应。',
  withdrawn: '签约邀请已撤回。',
}

const ListQuery = z.object({
  status: z.enum(['invited', 'declined', 'expired', 'withdrawn', 'all']).optional().catch(undefined),
  ok: z.string().max(20).optional().catch(undefined),
})

async function renderInvitations(c: Context<AppEnv>, status: string, notice: string | null, error?: string | null) {
  const { items } = await listForEmployer(c.var.deps, currentUser(c))
  const invitations = items.filter((a) => INVITATION_STATUSES.includes(a.status))
  const counts: Record<string, number> = { all: invitations.length }
  for (const [s] of INVITATION_TABS) if (s) counts[s] = invitations.filter((a) => a.status === s).length
  const shown = status === 'all' ? invitations : invitations.filter((a) => a.status === status)
  return c.html(
    <InvitationsPage
      {...employerChrome(c)}
      status={status}
      items={shown.map(employerRow)}
      counts={counts}
      notice={notice}
      error={error}
    />,
    error ? 409 : 200,
  )
}

agreementEmployerPages.get('/employer/invitations', employerPage, pageValidator('query', ListQuery), (c) => {
  const q = c.req.valid('query')
  return renderInvitations(c, q.status ?? 'invited', NOTICES[q.ok ?? ''] ?? null)
})

agreementEmployerPages.get('/employer/agreements', employerPage, async (c) => {
  const { items } = await listForEmployer(c.var.deps, currentUser(c))
  const agreements = items.filter((a) => !INVITATION_STATUSES.includes(a.status))
  return c.html(<EmployerAgreementsPage {...employerChrome(c)} items={agreements.map(employerRow)} />)
})

// ---------------------------------------------------------------------------------------------
// The 签约邀请函.

const FORM_LABELS: Record<string, string> = {
  ...Object.fromEntries(JOB_FIELDS.map((f) => [`job_${f}`, JOB_LABELS[f]])),
  job_category: '职位类别',
  archiveTransfer: '单位是否接收档案',
  hukouTransfer: '单位是否解决户口',
  terms: '协议补充内容',
  responseDays: '应约有效期',
  templateName: '模板名称',
  graduate: '受邀学生',
}

const text = (max: number) => z.string().max(max, `不能超过 ${max} 个字`).optional()
const days = `应为 1–${MAX_RESPONSE_DAYS} 天`
const InvitationForm = z
  .object({
    graduate: z.coerce.number().int().positive(),
    ...Object.fromEntries(JOB_FIELDS.map((f) => [`job_${f}`, text(200)])),
    archiveTransfer: text(50),
    hukouTransfer: text(50),
    terms: text(2000),
    responseDays: z.coerce.number({ message: days }).int(days).min(1, days).max(MAX_RESPONSE_DAYS, days),
    saveTemplate: z.string().max(5).optional(),
    templateName: z.string().trim().max(50, '不能超过 50 个字').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.saveTemplate && !v.templateName)
      ctx.addIssue({ code: 'custom', path: ['templateName'], message: '保存为预设模板须填写模板名称' })
  })

const NewQuery = z.object({
  graduate: z.coerce.number().int().positive(),
  template: z.coerce.number().int().positive().optional().catch(undefined),
})

async function renderForm(
  c: Context<AppEnv>,
  graduateId: number,
  opts: {
    values?: InvitationValues
    templateId?: number
    errors?: Record<string, string>
    error?: string | null
    status?: number
  } = {},
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const e = await myEmployer(deps, user)
  const fav = await favoriteGraduate(deps, user, graduateId)
  const templates = (await listTemplates(deps, user)).items as Array<{
    id: number
    name: string
    job?: Record<string, string | null>
    archiveTransfer?: string | null
    hukouTransfer?: string | null
    terms?: string | null
    responseDays?: number
  }>
  let values = opts.values ?? {}
  let notice: string | null = null
  const t = opts.templateId ? templates.find((x) => x.id === opts.templateId) : undefined
  if (!opts.values && t) {
    values = {
      ...Object.fromEntries(JOB_FIELDS.map((f) => [`job_${f}`, t.job?.[f] ?? ''])),
      archiveTransfer: t.archiveTransfer ?? '',
      hukouTransfer: t.hukouTransfer ?? '',
      terms: t.terms ?? '',
      responseDays: t.responseDays ? String(t.responseDays) : '7',
      templateName: t.name,
    }
    notice = `已填入预设模板“${t.name}”，请核对后发送。`
  }
  return c.html(
    <InvitationFormPage
      {...employerChrome(c)}
      unitName={e.name}
      graduateId={graduateId}
      graduate={fav.graduate}
      templates={templates.map((x) => ({ id: x.id, name: x.name }))}
      templateId={t?.id ?? null}
      values={values}
      errors={opts.errors}
      error={opts.error}
      notice={notice}
    />,
    (opts.status ?? (opts.errors && Object.keys(opts.errors).length ? 400 : 200)) as 200,
  )
}

agreementEmployerPages.get('/employer/invitations/new', employerPage, pageValidator('query', NewQuery), (c) => {
  const q = c.req.valid('query')
  return renderForm(c, q.graduate, { templateId: q.template })
})

const typedValues = (values: Record<string, unknown>): InvitationValues => {
  const v = stringValues(values)
  const out: InvitationValues = {}
  for (const k of [...INVITATION_INPUTS, 'saveTemplate'] as const) if (v[k] !== undefined) out[k] = v[k]
  return out
}

const formInvalid = (c: Context<AppEnv>, bad: Invalid) => {
  const graduate = Number(stringValues(bad.values).graduate)
  if (!Number.isInteger(graduate) || graduate <= 0)
    throw new AppError('not_found', '收藏夹中没有该毕业生，请先搜索添加')
  return renderForm(c, graduate, { values: typedValues(bad.values), errors: bad.errors })
}

agreementEmployerPages.post(
  '/employer/invitations',
  employerPage,
  pageValidator('form', InvitationForm, formInvalid, FORM_LABELS),
  async (c) => {
    const deps = c.var.deps
    const user = currentUser(c)
    const form = c.req.valid('form') as z.infer<typeof InvitationForm> & Record<string, string | undefined>
    const job = Object.fromEntries(JOB_FIELDS.map((f) => [f, form[`job_${f}`] ?? null]))
    const content = {
      job,
      archiveTransfer: form.archiveTransfer || null,
      hukouTransfer: form.hukouTransfer || null,
      terms: form.terms || null,
      responseDays: form.responseDays,
    }
    const values = typedValues(form as Record<string, unknown>)
    try {
      const fav = await favoriteGraduate(deps, user, form.graduate)
      await invite(deps, user, { ...fav.search, ...content })
    } catch (e) {
      const err = userError(e)
      if (!err || err.status === 404) throw e
      const field = err.extra.field?.replace(/^job\./, 'job_')
      return renderForm(c, form.graduate, {
        values,
        errors: field ? { [field]: err.message } : undefined,
        error: field ? null : err.message,
        status: err.status,
      })
    }
    if (form.saveTemplate && form.templateName) await saveTemplate(deps, user, form.templateName, content)
    return c.redirect('/employer/invitations?status=invited&ok=sent', 303)
  },
)

agreementEmployerPages.post(
  '/employer/invitations/:id/withdraw',
  employerPage,
  pageValidator('param', z.object({ id: z.coerce.number().int().positive() })),
  confirmFirst({
    title: '确认撤回签约邀请',
    message: '撤回后毕业生不能再接受这份邀请；如需签约，请重新发起邀请。确定撤回吗？',
    confirmLabel: '确认撤回',
    back: '/employer/invitations',
  }),
  async (c) => {
    try {
      await withdrawInvitation(c.var.deps, currentUser(c), c.req.valid('param').id)
    } catch (e) {
      const err = userError(e)
      if (!err || err.code !== 'conflict') throw e
      return renderInvitations(c, 'all', null, err.message)
    }
    return c.redirect('/employer/invitations?status=withdrawn&ok=withdrawn', 303)
  },
)
