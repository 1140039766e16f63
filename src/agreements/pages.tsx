/**
 * The agreement pages. `GET /a/{agreementNo}?s=` — the public status page of the agreement PDF's
 * QR code (no account). Security decision: only a valid signature opens it (the QR proves the
 * document is in hand); any other request answers the same 404 page, so agreement numbers cannot
 * be tried one by one to learn who works where.
 */
import { Hono } from 'hono'
import { zValidator } from '@hono/zod-validator'
import { z } from 'zod'
import type { AppEnv } from '../deps.js'
import { verifyAgreementQrSignature } from '../qr-signature.js'
import { ErrorPage } from '../../views/error-page.js'
import { PublicAgreementPage } from '../../views/agreements/public-page.js'
import { publicAgreement } from './document.js'

export const agreementPages = new Hono<AppEnv>()

const notFoundPage = () =>
  ErrorPage({ status: 404, title: '没有查到该协议', message: '请扫描就业协议书上的二维码，或核对链接是否完整。' })

agreementPages.get(
  '/a/:agreementNo',
  zValidator('param', z.object({ agreementNo: z.string().max(30) })),
  zValidator('query', z.object({ s: z.string().max(64).optional() })),
  async (c) => {
    const { agreementNo } = c.req.valid('param')
    const { s } = c.req.valid('query')
    const deps = c.var.deps
    if (!verifyAgreementQrSignature(deps.secretKey, agreementNo, s)) return c.html(notFoundPage(), 404)
    const a = await publicAgreement(deps, agreementNo)
    if (!a) return c.html(notFoundPage(), 404)
    c.header('Cache-Control', 'no-store')
    return c.html(<PublicAgreementPage {...a} />)
  },
)
