import { describe, expect, it } from 'vitest'
import { dashboardCharts, percent } from '../../src/domain/dashboard.js'

describe('dashboardCharts', () => {
  it('counts everyone once per chart; unknown or missing types are 未上报; 去向落实率 excludes 未就业', () => {
    const c = dashboardCharts([
      { department: '甲', educationCode: '31', type: '签就业协议书就业', count: 2 },
      { department: '甲', educationCode: '31', type: '拟创业', count: 1 },
      { department: '甲', educationCode: '99', type: '不存在的去向', count: 1 },
      { department: '乙', educationCode: '61', type: '出国出境工作', count: 3 },
      { department: '乙', educationCode: '61', type: null, count: 3 },
    ])
    expect(c.byCategory).toEqual([
      { label: '签就业协议书就业', value: 2 },
      { label: '其他形式就业', value: 3 },
      { label: '升学', value: 0 },
      { label: '未就业', value: 1 },
      { label: '未上报', value: 4 },
    ])
    expect(c.byType.find((t) => t.label === '拟创业')!.value).toBe(1)
    expect(c.byType.reduce((n, t) => n + t.value, 0)).toBe(6)
    expect(c.byEducation.map((r) => [r.label, r.total])).toEqual([
      ['本科', 3],
      ['专科', 6],
      ['其他', 1],
    ])
    expect(c.placementRate).toEqual(
      [
        { label: '乙', placed: 3, total: 6, rate: 50 },
        { label: '甲', placed: 2, total: 4, rate: 50 },
      ].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')),
    )
    expect(c.placementTotal).toEqual({ label: '合计', placed: 5, total: 10, rate: 50 })
  })

  it('rounds rates to one decimal and survives an empty school', () => {
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(2, 3)).toBe(66.7)
    expect(percent(0, 0)).toBe(0)
    const c = dashboardCharts([])
    expect(c.placementTotal).toEqual({ label: '合计', placed: 0, total: 0, rate: 0 })
    expect(c.byDepartment).toEqual([])
  })
})
