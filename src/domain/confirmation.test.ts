import { describe, expect, it } from 'vitest'
import { deriveState, reportedOn, statsTable, STATS_COLUMNS, STATS_ROWS } from './confirmation.js'

describe('deriveState', () => {
  const approved = { status: 'approved' as const, version: 3 }
  it('is 未上报 without an approved registration, whatever the confirmation says', () => {
    expect(deriveState(null, null)).toBe('未上报')
    for (const status of ['draft', 'submitted', 'department_approved', 'returned', 'rejected', 'voided'] as const) {
      expect(deriveState({ status, version: 3 }, { registration_version: 3, result: '确认无误' })).toBe('未上报')
    }
  })
  it('is 未确认 when approved and never confirmed', () => {
    expect(deriveState(approved, null)).toBe('未确认')
  })
  it('takes the result given for the current version', () => {
    expect(deriveState(approved, { registration_version: 3, result: '确认无误' })).toBe('确认无误')
    expect(deriveState(approved, { registration_version: 3, result: '确认有误' })).toBe('确认有误')
  })
  it('falls back to 未确认 once the registration changed (version bumped)', () => {
    expect(deriveState({ status: 'approved', version: 4 }, { registration_version: 3, result: '确认无误' })).toBe(
      '未确认',
    )
    expect(deriveState({ status: 'approved', version: 4 }, { registration_version: 3, result: '确认有误' })).toBe(
      '未确认',
    )
  })
})

describe('statsTable', () => {
  it('counts each graduate in its state row and the 总数 row, under its source and 总数', () => {
    const t = statsTable([
      { state: '未上报', source: null },
      { state: '未上报', source: '就业管理系统上传' },
      { state: '未确认', source: '登记系统', count: 2 },
      { state: '确认无误', source: '就业管理系统接口' },
      { state: '确认有误', source: '登记系统' },
    ])
    expect(Object.keys(t)).toEqual(STATS_ROWS)
    for (const r of STATS_ROWS) expect(Object.keys(t[r])).toEqual(STATS_COLUMNS)
    expect(t['未上报']).toEqual({ 登记系统: 0, 就业管理系统上传: 1, 就业管理系统接口: 0, 总数: 2 })
    expect(t['未确认']).toEqual({ 登记系统: 2, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 2 })
    expect(t['确认有误']).toEqual({ 登记系统: 1, 就业管理系统上传: 0, 就业管理系统接口: 0, 总数: 1 })
    expect(t['确认无误']).toEqual({ 登记系统: 0, 就业管理系统上传: 0, 就业管理系统接口: 1, 总数: 1 })
    expect(t['总数']).toEqual({ 登记系统: 3, 就业管理系统上传: 1, 就业管理系统接口: 1, 总数: 6 })
  })
})

describe('reportedOn', () => {
  it('prints the China Standard Time day', () => {
    expect(reportedOn('2023-05-22T16:30:00.000Z')).toBe('2023年05月23日')
    expect(reportedOn('2023-05-22T15:59:59.000Z')).toBe('2023年05月22日')
    expect(reportedOn(null)).toBeNull()
  })
})
