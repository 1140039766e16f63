/**
 * The QR link's signature (contract §4.5, §4.7): `{PUBLIC_BASE_URL}/v/{number}?s={signature}`.
 *
 * Security: the signature is an HMAC-SHA256 of the normalized number under SECRET_KEY (purpose
 * "qr"), so only a sheet printed by this service opens the result page without the name. It is
 * truncated to 22 base64url characters (132 bits) to keep the QR small; still far beyond guessing.
 * Verification compares in constant time so a forger learns nothing from response timings.
 */
import { timingSafeEqual } from 'node:crypto'
import { hmac } from './crypto.js'
import { normalizeNumber } from './domain/numbers.js'

const SIG_LENGTH = 22

/** The signature of a number (normalized first, so lower case / hyphens sign the same). */
export function qrSignature(secretKey: string, number: string): string {
  return hmac(secretKey, 'qr', normalizeNumber(number)).slice(0, SIG_LENGTH)
}

/** Whether `s` is the signature of `number`; constant time in the signature's content. */
export function verifyQrSignature(secretKey: string, number: string, s: string | null | undefined): boolean {
  if (typeof s !== 'string' || s.length !== SIG_LENGTH) return false
  const want = Buffer.from(qrSignature(secretKey, number))
  const got = Buffer.from(s)
  return got.length === want.length && timingSafeEqual(got, want)
}

/** The text of the QR code printed on a sheet. `baseUrl` is PUBLIC_BASE_URL (no trailing slash needed). */
export function qrLink(baseUrl: string, secretKey: string, number: string): string {
  const n = normalizeNumber(number)
  return `${baseUrl.replace(/\/+$/, '')}/v/${n}?s=${qrSignature(secretKey, n)}`
}

/**
 * The agreement QR's signature (contract §5): `{PUBLIC_BASE_URL}/a/{agreementNo}?s={signature}`.
 * Same construction as the sheets' (HMAC-SHA256 under SECRET_KEY, 22 base64url characters), with
 * its own purpose so a signature of one kind never opens a page of the other.
 */
function agreementQrSignature(secretKey: string, agreementNo: string): string {
  return hmac(secretKey, 'agreement-qr', agreementNo.trim()).slice(0, SIG_LENGTH)
}

export function verifyAgreementQrSignature(
  secretKey: string,
  agreementNo: string,
  s: string | null | undefined,
): boolean {
  if (typeof s !== 'string' || s.length !== SIG_LENGTH) return false
  const want = Buffer.from(agreementQrSignature(secretKey, agreementNo))
  const got = Buffer.from(s)
  return got.length === want.length && timingSafeEqual(got, want)
}

export function agreementQrLink(baseUrl: string, secretKey: string, agreementNo: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/a/${agreementNo}?s=${agreementQrSignature(secretKey, agreementNo)}`
}

/**
 * The 推荐表 QR's signature (contract §6, issue 14 item 9): `{PUBLIC_BASE_URL}/r/{id}?s={signature}`.
 * Same construction again (HMAC-SHA256 under SECRET_KEY, 22 base64url characters), its own
 * purpose: the ids are small consecutive integers, so without the signature anyone could walk
 * them and learn who studies what where; with it, only a printed 推荐表 opens its page.
 */
function recommendationQrSignature(secretKey: string, id: number): string {
  return hmac(secretKey, 'recommendation-qr', String(id)).slice(0, SIG_LENGTH)
}

export function verifyRecommendationQrSignature(secretKey: string, id: number, s: string | null | undefined): boolean {
  if (typeof s !== 'string' || s.length !== SIG_LENGTH) return false
  const want = Buffer.from(recommendationQrSignature(secretKey, id))
  const got = Buffer.from(s)
  return got.length === want.length && timingSafeEqual(got, want)
}

export function recommendationQrLink(baseUrl: string, secretKey: string, id: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${id}?s=${recommendationQrSignature(secretKey, id)}`
}
