/** Small keyed-hash helpers shared by sessions, CSRF, QR signatures and the lookup log. */
import { createHash, createHmac } from 'node:crypto'
import { customAlphabet } from 'nanoid'

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** HMAC-SHA256 of `message` under `key`, base64url. `purpose` separates uses of the one key. */
export const hmac = (key: string, purpose: string, message: string) =>
  createHmac('sha256', key).update(`${purpose}\u0000${message}`).digest('base64url')

/** 32 random characters of a URL-safe alphabet: ~190 bits, for tokens and generated secrets. */
export const randomToken = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 32)
