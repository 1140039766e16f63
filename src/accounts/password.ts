/**
 * Password hashing.
 *
 * Security decision: scrypt (RFC 7914) from `node:crypto`, stored as a self-describing PHC string
 * `$scrypt$ln=15,r=8,p=3$<salt>$<hash>` (base64, no padding). Why scrypt: it is memory-hard, it
 * runs unchanged on Node and on Cloudflare Workers (with `nodejs_compat`), where native argon2
 * addons cannot load and WebCrypto PBKDF2 is capped at 100,000 iterations. The parameters are
 * OWASP's Password Storage Cheat Sheet equivalent of N=2^17,r=8,p=1: N=2^15 (32 MiB), r=8, p=3,
 * 16-byte random salt, 32-byte key. Because the parameters are in the string, they can be raised
 * later and old hashes still verify (`needsRehash`).
 *
 * Comparison is constant-time (`timingSafeEqual`).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'

export interface ScryptParams {
  ln: number
  r: number
  p: number
}

export const DEFAULT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 3 }

function scrypt(password: string, salt: Buffer, keylen: number, { ln, r, p }: ScryptParams): Promise<Buffer> {
  const N = 2 ** ln
  return new Promise((resolve, reject) =>
    scryptCb(
      password.normalize('NFKC'),
      salt,
      keylen,
      { N, r, p, maxmem: 256 * N * r + 4 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '')

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, 32, params)
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

export function parseHash(phc: string): (ScryptParams & { salt: Buffer; key: Buffer }) | null {
  const m = PHC.exec(phc)
  if (!m) return null
  return { ln: +m[1], r: +m[2], p: +m[3], salt: Buffer.from(m[4], 'base64'), key: Buffer.from(m[5], 'base64') }
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parsed = parseHash(phc)
  if (!parsed || parsed.ln > 20) return false
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}
