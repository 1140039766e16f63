import { describe, expect, it } from 'vitest'
import { nameKey } from './names.js'

describe('nameKey', () => {
  it('trims and removes inner whitespace, including ideographic spaces', () => {
    expect(nameKey('  张 三 ')).toBe('张三')
    expect(nameKey('张\u3000三\t')).toBe('张三')
  })
  it('maps every middle-dot variant to U+00B7', () => {
    const want = '阿依古丽\u00B7买买提'
    for (const dot of ['\u00B7', '\u2022', '\u2027', '\u30FB', '\uFF65', '\uFF0E', '.']) {
      expect(nameKey(`阿依古丽${dot}买买提`)).toBe(want)
    }
    expect(nameKey('阿依古丽 · 买买提')).toBe(want)
  })
  it('applies NFKC (full-width letters become ASCII)', () => {
    expect(nameKey('ＡＢＣ')).toBe('ABC')
  })
  it('keeps different names different', () => {
    expect(nameKey('张三')).not.toBe(nameKey('张四'))
  })
})
