import { describe, expect, it } from 'vitest'
import { closeNames, editDistance, unknownNameMessage } from './similar-names.js'

describe('close names', () => {
  it('finds the department a one-character typo was meant to be', () => {
    expect(editDistance('计箅机学院', '计算机学院')).toBe(1)
    expect(closeNames('计箅机学院', ['计算机学院', '外国语学院', '数学学院'])).toEqual(['计算机学院'])
    expect(closeNames('计算机', ['计算机学院', '外国语学院'])).toEqual(['计算机学院'])
    expect(closeNames('历史学院', ['计算机学院'])).toEqual([])
  })
  it('says what to choose', () => {
    expect(unknownNameMessage('院系', '计箅机学院', ['计算机学院'])).toBe(
      '没有院系“计箅机学院”（是否为：计算机学院？）',
    )
  })
})
