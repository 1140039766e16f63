/**
 * The lookup pages (contract §4.7): `GET /verify` (the form), `POST /verify` (the result or the
 * error, with the API's status codes: 200 / 400 / 404 / 410 / 429), and `GET /v/{number}?s=` (the
 * QR code's page: with a valid signature the result without asking for the name; without one the
 * form with the number filled in).
 *
 * CSRF: `/verify` is a public path for the CSRF middleware — cross-site posts (Sec-Fetch-Site or
 * a foreign Origin) are refused with 403, but no token is needed, so a clerk whose browser refuses
 * cookies can still use it (see src/middleware/csrf.ts).
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../deps.js'
import type { LookupKind } from '../domain/lookup.js'
import { verifyQrSignature } from '../qr-signature.js'
import { normalizeNumber } from '../domain/numbers.js'
import { cstDay } from '../domain/validity.js'
import { clientAddress } from '../rate-limit.js'
import { performLookup, type LookupAnswer } from './service.js'
import { VerifyFormPage, type VerifyFormProps } from '../../views/lookup/verify-form.js'
import { ResultPage } from '../../views/lookup/result-page.js'
import { z } from '../openapi.js'
import { pageValidator, stringValues } from '../page-validator.js'
import { VerifyBody } from './schemas.js'

export const lookupPages = new Hono<AppEnv>()

const STATUS = {
  invalid_number: 400,
  not_found: 404,
  expired: 410,
  revoked: 410,
  superseded: 410,
  rate_limited: 429,
} as const

const TITLES = {
  invalid_number: '编号格式不对',
  not_found: '没有查到',
  expired: '查询核验服务已结束',
  revoked: '核验授权已撤销',
  superseded: '这个转递编号已作废',
  rate_limited: '查询次数过多',
} as const

const asKind = (v: unknown): LookupKind | null => (v === 'archive' || v === 'hukou' ? v : null)

/** Lookup answers are personal data for one reader: never cached, never indexed. */
function privateHeaders(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store')
  c.header('X-Robots-Tag', 'noindex, nofollow')
}

function renderFailure(c: Context<AppEnv>, answer: Extract<LookupAnswer, { ok: false }>, form: VerifyFormProps) {
  if (answer.retryAfter) c.header('Retry-After', String(answer.retryAfter))
  const field = answer.code === 'invalid_number' ? 'number' : undefined
  return c.html(
    <VerifyFormPage {...form} error={{ title: TITLES[answer.code], message: answer.message, field }} />,
    STATUS[answer.code],
  )
}

/** What the form says when a field is missing or wrong, by field (the first one wins). */
const FIELD_PROBLEMS = {
  kind: { title: '请选择查询类型', message: '查询类型：请选择“档案转递信息”或“户口迁移信息”。' },
  name: { title: '请填写姓名', message: '毕业生姓名：必须填写，与身份证上一致。' },
  number: { title: '请填写编号', message: '编号：必须填写转递单上的转递编号或核验报告上的核验编号。' },
} as const

/** The example number on the form uses this deployment's own 院校代码 (issue 13 §19). */
const formOf = (c: Context<AppEnv>, p: Omit<VerifyFormProps, 'schoolCode'>): VerifyFormProps => {
  const deps = c.get('deps')
  return { ...p, schoolCode: deps.config.schoolCode, exampleYear: cstDay(deps.now()).slice(2, 4) }
}

/** The API's body; the page takes names up to 200 characters, as it always has (a longer one matches nobody). */
const VerifyForm = VerifyBody.extend({ name: z.string().trim().min(1, '必须填写').max(200, '最多 200 个字符') })

const KindQuery = z.object({ kind: z.enum(['archive', 'hukou']).catch('archive') })

lookupPages.get('/verify', pageValidator('query', KindQuery), (c) => {
  privateHeaders(c)
  return c.html(<VerifyFormPage {...formOf(c, { kind: c.req.valid('query').kind })} />)
})

lookupPages.post(
  '/verify',
  pageValidator('form', VerifyForm, (c, bad) => {
    privateHeaders(c)
    const v = stringValues(bad.values)
    const field = (bad.field in FIELD_PROBLEMS ? bad.field : 'number') as keyof typeof FIELD_PROBLEMS
    const { title, message } = FIELD_PROBLEMS[field]
    const form = formOf(c, { kind: asKind(v.kind) ?? 'archive', name: v.name ?? '', number: v.number ?? '' })
    // A field that is there but too long says so; an empty one says what belongs in it.
    const filled = (v[field] ?? '').trim() !== ''
    return c.html(<VerifyFormPage {...form} error={{ title, message: filled ? bad.message : message, field }} />, 400)
  }),
  async (c) => {
    privateHeaders(c)
    const { kind, name, number } = c.req.valid('form')
    const deps = c.get('deps')
    const answer = await performLookup(deps, {
      kind,
      name,
      number,
      clientAddress: clientAddress(c, deps.config.trustProxy),
    })
    if (answer.ok) return c.html(<ResultPage result={answer.result} checkedAt={answer.checkedAt} />)
    return renderFailure(c, answer, formOf(c, { kind, name, number }))
  },
)

const QrParam = z.object({ number: z.string().max(64) })
const QrQuery = KindQuery.extend({ s: z.string().max(200).optional().catch(undefined) })

lookupPages.get(
  '/v/:number',
  pageValidator('param', QrParam, (c) => {
    privateHeaders(c)
    return c.html(<VerifyFormPage {...formOf(c, { kind: 'archive' })} />, 400)
  }),
  pageValidator('query', QrQuery),
  async (c) => {
    privateHeaders(c)
    const deps = c.get('deps')
    const number = normalizeNumber(c.req.valid('param').number)
    const { s, kind } = c.req.valid('query')
    if (!verifyQrSignature(deps.secretKey, number, s)) {
      // Not a link printed by this service (or a damaged one): the ordinary lookup, number filled in.
      return c.html(
        <VerifyFormPage
          {...formOf(c, { kind, number })}
          notice="请输入毕业生姓名后查询。（二维码链接不完整或无效，需要按姓名和编号查询。）"
        />,
      )
    }
    const answer = await performLookup(deps, {
      kind,
      name: null,
      number,
      clientAddress: clientAddress(c, deps.config.trustProxy),
    })
    if (!answer.ok) return renderFailure(c, answer, formOf(c, { kind, number }))
    const link = (k: LookupKind) =>
      `/v/${encodeURIComponent(number)}?s=${encodeURIComponent(s!)}${k === 'hukou' ? '&kind=hukou' : ''}`
    return c.html(
      <ResultPage
        result={answer.result}
        checkedAt={answer.checkedAt}
        kindLinks={{ archive: link('archive'), hukou: link('hukou') }}
      />,
    )
  },
)
