import { describe, expect, it } from 'vitest'
import { ALPHABET, checkChar, generateNumber, isWellFormed, LAYOUTS, normalizeNumber, parseNumber } from './numbers.js'

const DIGITS = '0123456789'
const allowedAt = (i: number) => (i < 7 ? DIGITS : ALPHABET)

describe('number layouts', () => {
  it('generates well-formed numbers of both layouts that pass their own check', () => {
    for (const type of ['transfer', 'verification'] as const) {
      for (let k = 0; k < 200; k++) {
        const n = generateNumber(type, '202606', '10001')
        expect(n).toHaveLength(LAYOUTS[type].length)
        expect(n.slice(0, 7)).toBe('2610001')
        expect(isWellFormed(n)).toBe(true)
        expect(parseNumber(n)).toMatchObject({ ok: true, type, number: n })
      }
    }
  })

  it('reads lower case, spaces and hyphens', () => {
    const n = generateNumber('transfer', '202606', '10001')
    const messy = ` ${n.slice(0, 5).toLowerCase()}-${n.slice(5, 10)} ${n.slice(10).toLowerCase()} `
    expect(normalizeNumber(messy)).toBe(n)
    expect(parseNumber(messy)).toMatchObject({ ok: true, number: n })
  })

  it('refuses wrong lengths and characters outside the alphabet', () => {
    const n = generateNumber('verification', '202606', '10001')
    expect(parseNumber(n.slice(0, -1))).toEqual({ ok: false, reason: 'length' })
    expect(parseNumber(n.slice(0, 10) + 'O' + n.slice(11))).toEqual({ ok: false, reason: 'alphabet' })
    expect(parseNumber('A' + n.slice(1))).toEqual({ ok: false, reason: 'alphabet' })
  })

  it('catches EVERY single substitution and EVERY adjacent swap that stays well-formed, over many numbers', () => {
    let tried = 0
    for (const type of ['transfer', 'verification'] as const) {
      for (let k = 0; k < 150; k++) {
        const year = String(2000 + (k % 100)).padStart(4, '0') + '06'
        const school = String((k * 7919) % 100000).padStart(5, '0')
        const n = generateNumber(type, year, school)
        for (let i = 0; i < n.length; i++) {
          for (const ch of allowedAt(i)) {
            if (ch === n[i]) continue
            const m = n.slice(0, i) + ch + n.slice(i + 1)
            expect(parseNumber(m).ok, `${n} → ${m}`).toBe(false)
            tried++
          }
          if (i + 1 < n.length && n[i] !== n[i + 1]) {
            const m = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2)
            if (isWellFormed(m)) {
              expect(parseNumber(m).ok, `${n} → ${m}`).toBe(false)
              tried++
            }
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(100_000)
  })

  it('the check character depends on every character before it', () => {
    expect(checkChar('2610001ABCDEFGHJ')).not.toBe(checkChar('2610001ABCDEFGHK'))
  })
})
