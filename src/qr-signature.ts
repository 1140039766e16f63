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
