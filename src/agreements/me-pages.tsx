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
import { MyAgreementsPage, type MyAgreementView } from '../../views/agreements/me-page.js'
import { JOB_FIELDS, JOB_LABELS, answer, myAgreements, type AgreementJson } from './service.js'
import { PRINTABLE } from './document.js'
import { graduateName } from './queries.js'

export const agreementMePages = new Hono<AppEnv>()

const studentPage = guard({ roles: ['student'], loginPath: '/me/login' })

const DAY = 86_400_000

/** What the graduate's page shows of an agreement: the unit's codes with their national names. */
function myView(a: AgreementJson, canAnswer: boolean): MyAgreementView {
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
    lastReason: last && ['returned', 'rejected', 'withdrawn', 'voided'].includes(last.to) ? last.reason : null,
  }
}

const NOTICES: Record<string, string> = {
  accept: '已接受签约邀请，等待学校鉴证。鉴证通过后协议生效，可下载电子就业协议书。',
  decline: '已拒绝该签约邀请。',
}

async function renderMine(
  c: Context<AppEnv>,
  opts: { notice?: string | null; error?: string | null; status?: number },
) {
  const deps = c.var.deps
  const user = currentUser(c)
  const { items, bound, canAnswer } = await myAgreements(deps, user)
  const name = (await graduateName(deps.db, user.graduateId ?? -1)) ?? user.username
  return c.html(
    <MyAgreementsPage
      nav={studentNav()}
      who={graduateWho(c, name)}
      csrf={csrfToken(c)}
      items={items.map((a) => myView(a, canAnswer(a)))}
      bound={bound}
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
