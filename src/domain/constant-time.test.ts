import { describe, expect, it } from 'vitest'
import { safeEqual } from './constant-time.js'

describe('safeEqual', () => {
  it('is true only for the same bytes', () => {
    expect(safeEqual('张三', '张三')).toBe(true)
    expect(safeEqual('张三', '张四')).toBe(false)
    expect(safeEqual('abc', 'abcd')).toBe(false)
    expect(safeEqual('', '')).toBe(true)
    expect(safeEqual('a', '')).toBe(false)
    // Same length in UTF-16 code units, different bytes.
    expect(safeEqual('é', 'e')).toBe(false)
  })
})
