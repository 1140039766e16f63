/**
 * Security decision: secrets and personal keys (CSRF tokens, reset codes, the names a lookup
 * compares) are compared in constant time — every byte is visited whatever the first difference —
 * so response timings tell an attacker nothing about how much of a guess was right. Pure
 * JavaScript over UTF-8 bytes, so it runs unchanged in the domain, on Node and in workerd.
 * Strings of different lengths still walk the longer one before answering false.
 */
const utf8 = new TextEncoder()

export function safeEqual(a: string, b: string): boolean {
  const ab = utf8.encode(a)
  const bb = utf8.encode(b)
  const n = Math.max(ab.length, bb.length)
  let diff = ab.length ^ bb.length
  for (let i = 0; i < n; i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0)
  return diff === 0
}
