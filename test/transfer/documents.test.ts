import { describe, expect, it } from 'vitest'
import { cjkFont } from '../../src/documents/fonts.js'
import { renderSheet, type SheetData } from '../../src/documents/sheet.js'
import { loadTestFont } from '../helpers.js'
import { pdfQr, pdfText } from '../pdf-helpers.js'

const SAMPLE: SheetData = {
  kind: 'verification',
  number: '2610001QC42UDY7',
  qrText: 'https://verify.example.edu.cn/v/2610001QC42UDY7?s=abcdefghijklmnopqrstuv',
  verifyUrl: 'https://verify.example.edu.cn/verify',
  validUntil: '2026-10-31 23:59:59（北京时间）',
  issuedAt: '2026-06-15 10:00',
  school: '测试大学',
  graduate: {
    name: '堃镕喆赟昇珺祎犇淼昊钰彧',
    gender: '女',
    graduationTime: '202606',
    lengthOfSchooling: '4',
    major: '哲学',
    education: '本科生毕业',
    origin: '北京市海淀区',
  },
  destination: { type: '境内升学', unitName: '', unitLocation: '', school: '北京大学', country: '' },
  archive: null,
  hukou: { migrationType: '不迁移', location: '', address: '' },
}

describe('the sheet document', () => {
  it('parses the font once per loader and reuses it', async () => {
    let calls = 0
    const loader = () => {
      calls++
      return loadTestFont()
    }
    const [a, b] = await Promise.all([cjkFont(loader), cjkFont(loader)])
    expect(a).toBe(b)
    expect(await cjkFont(loader)).toBe(a)
    expect(calls).toBe(1)
  })

  it('keeps rare name characters, labels a 核验编号, and shows 升学 and 不迁移 plainly', async () => {
    const pdf = await renderSheet(SAMPLE, await cjkFont(loadTestFont))
    const [text] = await pdfText(pdf)
    expect(text).toContain('姓名堃镕喆赟昇珺祎犇淼昊钰彧')
    expect(text).toContain('核验编号：2610001QC42UDY7')
    expect(text).toContain('毕业去向境内升学')
    expect(text).toContain('升学院校北京大学')
    expect(text).toContain('户口迁移类型不迁移')
    expect(text).not.toContain('迁入地址')
    expect(text).toContain('https://verify.example.edu.cn/verify')
    expect(text).toContain('由毕业生授权设定')
    expect(text).toContain('不表示去向登记失效')
    expect(await pdfQr(pdf)).toBe(SAMPLE.qrText)
  })

  it('cuts an overlong value short instead of running off the page', async () => {
    const long = {
      ...SAMPLE,
      archive: {
        transferType: '托管单位接收',
        unitName: '某'.repeat(300),
        unitAddress: '路'.repeat(500),
        unitLocation: '',
        postcode: '',
        contact: '',
        phone: '',
      },
    }
    const pdf = await renderSheet(long, await cjkFont(loadTestFont))
    const pages = await pdfText(pdf)
    expect(pages).toHaveLength(1)
    expect(pages[0]).toContain('注意事项')
    expect(await pdfQr(pdf)).toBe(SAMPLE.qrText)
  })
})
