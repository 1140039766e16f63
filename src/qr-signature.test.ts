import { describe, expect, it } from 'vitest'
import { qrLink, qrSignature, verifyQrSignature } from './qr-signature.js'

describe('QR signature', () => {
  const key = 'k'.repeat(32)
  const n = '26100012345678ABC'
  it('verifies its own signature and the normalized number', () => {
    const s = qrSignature(key, n)
    expect(verifyQrSignature(key, n, s)).toBe(true)
    expect(verifyQrSignature(key, '26100-01234 5678abc', s)).toBe(true)
  })
  it('refuses another key, another number, a changed or missing signature', () => {
    const s = qrSignature(key, n)
    expect(verifyQrSignature('x'.repeat(32), n, s)).toBe(false)
    expect(verifyQrSignature(key, '26100012345678ABD', s)).toBe(false)
    expect(verifyQrSignature(key, n, s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A'))).toBe(false)
    expect(verifyQrSignature(key, n, '')).toBe(false)
    expect(verifyQrSignature(key, n, undefined)).toBe(false)
    expect(verifyQrSignature(key, n, s + 'x')).toBe(false)
  })
  it('builds the link', () => {
    expect(qrLink('https://x.example/', key, n)).toBe(`https://x.example/v/${n}?s=${qrSignature(key, n)}`)
  })
})
