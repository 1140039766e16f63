import { describe, expect, it } from 'vitest'
import { CODE_TABLES, byCode, byName, codeName, codeTable, resolveCode, TARGETED_TRAINING_CODES } from './index.js'

describe('code tables', () => {
  it('pins the size of every table', () => {
    const sizes = Object.fromEntries(CODE_TABLES.map((t) => [t.id, t.entries.length]))
    expect(sizes).toEqual({
      gender: 2,
      ethnicity: 58,
      political: 13,
      education: 14,
      trainingMode: 6,
      hardship: 8,
      normalStudent: 3,
      urbanRural: 2,
      destinationType: 24,
      unitNature: 12,
      unitIndustry: 21,
      jobCategory: 18,
      archiveTransferType: 4,
      hukouMigrationType: 5,
      division: 2854,
    })
    expect(codeTable('division').entries.length).toBeGreaterThan(2800)
  })

  it('has unique codes and names in every table, each with a source and version', () => {
    for (const t of CODE_TABLES) {
      expect(new Set(t.entries.map((e) => e.code)).size, t.id).toBe(t.entries.length)
      if (t.id !== 'division') expect(new Set(t.entries.map((e) => e.name)).size, t.id).toBe(t.entries.length)
      expect(t.source.length).toBeGreaterThan(5)
      expect(t.version).toBeTruthy()
    }
  })

  it('uses the current names of GB 3304 and keeps the two-digit codes', () => {
    expect(codeName('ethnicity', '01')).toBe('汉族')
    expect(codeName('ethnicity', '20')).toBe('傈僳族')
    expect(codeName('ethnicity', '36')).toBe('毛南族')
    expect(codeName('ethnicity', '46')).toBe('德昂族')
    expect(codeName('ethnicity', '56')).toBe('基诺族')
    expect(codeName('ethnicity', '98')).toBe('外国血统中国籍人士')
    expect(byName('ethnicity', '崩龙族')?.code).toBe('46')
  })

  it('looks up by code or exact name', () => {
    expect(byCode('gender', '1')?.name).toBe('男')
    expect(byName('political', '群众')?.code).toBe('13')
    expect(byName('political', '中国共产党党员')?.code).toBe('01')
    expect(byCode('education', '32')).toBeNull()
    expect(resolveCode('ethnicity', '汉族')?.code).toBe('01')
    expect(resolveCode('ethnicity', '1')?.code).toBe('01')
    expect(resolveCode('trainingMode', '定向(可网签)')?.code).toBe('22')
    expect(resolveCode('trainingMode', '定向（不可网签）')?.code).toBe('21')
    expect(resolveCode('gender', '3')).toBeNull()
    expect(resolveCode('gender', '')).toBeNull()
    expect(resolveCode('destinationType', '自由职业')?.code).toBe('05')
    expect(resolveCode('division', '110108')?.name).toBe('北京市海淀区')
  })

  it('marks 21, 22 and 4 as needing 定向委培单位', () => {
    expect([...TARGETED_TRAINING_CODES].sort()).toEqual(['21', '22', '4'])
  })
})
