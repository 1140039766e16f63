/**
 * A generated roster for the demo (`npm start -- --demo`) and the import benchmark: valid rows in
 * the template's columns — real-looking names, 身份证号 made with makeIdCard, several 院系 with
 * their majors and education levels, 生源所在地 drawn from the county list, home address, postcode
 * and landline of that county. Deterministic per seed.
 */
import { makeIdCard } from '../domain/id-card.js'
import { listCounties, localDivisionName } from '../domain/divisions.js'
import { capitalAreaCode, inCapitalCity, plausiblePostcode } from '../domain/postcodes.js'
import type { RosterKey } from '../domain/roster-rules.js'

export type DemoRow = Record<RosterKey, string>

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕鹏辉玲婷雪琳晨浩宇轩子涵欣怡梓萱一诺睿泽思远嘉懿博文雨桐佳琪俊熙梦瑶昊然语嫣'

interface Programme {
  department: string
  majors: Array<[string, string]>
  education: string
  years: string
}

const PROGRAMMES: Programme[] = [
  {
    department: '计算机学院',
    majors: [
      ['080901', '计算机科学与技术'],
      ['080902', '软件工程'],
      ['080910T', '数据科学与大数据技术'],
    ],
    education: '31',
    years: '4',
  },
  {
    department: '数学与统计学院',
    majors: [
      ['070101', '数学与应用数学'],
      ['071201', '统计学'],
    ],
    education: '31',
    years: '4',
  },
  {
    department: '外国语学院',
    majors: [
      ['050201', '英语'],
      ['050207', '日语'],
    ],
    education: '31',
    years: '4',
  },
  {
    department: '机械工程学院',
    majors: [
      ['080202', '机械设计制造及其自动化'],
      ['080601', '电气工程及其自动化'],
    ],
    education: '31',
    years: '4',
  },
  {
    department: '经济管理学院',
    majors: [
      ['020301K', '金融学'],
      ['120203K', '会计学'],
    ],
    education: '31',
    years: '4',
  },
  { department: '文学院', majors: [['050101', '汉语言文学']], education: '31', years: '4' },
  { department: '计算机学院', majors: [['081200', '计算机科学与技术']], education: '11', years: '3' },
  { department: '经济管理学院', majors: [['125100', '工商管理']], education: '11', years: '2.5' },
  { department: '数学与统计学院', majors: [['070100', '数学']], education: '01', years: '4' },
  { department: '机械工程学院', majors: [['560101', '机械设计与制造']], education: '41', years: '3' },
]

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let counties: Array<{ code: string; name: string }> | undefined

/** A home landline where its 区号 is known (the provincial capital's city), else none. */
function homePhone(code: string, draw: number): string {
  const area = inCapitalCity(code) ? capitalAreaCode(code) : null
  return area ? `${area}-8${String(Math.floor(draw * 1e7)).padStart(7, '0')}` : ''
}

export function generateDemoRoster(count: number, seed = 1): DemoRow[] {
  counties ??= listCounties()
  const rnd = mulberry32(seed)
  const pick = <T = string>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T
  const rows: DemoRow[] = []
  const base = Date.UTC(2001, 0, 1)
  for (let i = 0; i < count; i++) {
    const p = PROGRAMMES[i % PROGRAMMES.length]
    const [majorCode, majorName] = pick<[string, string]>(p.majors)
    const sex = rnd() < 0.5 ? '1' : '2'
    const origin = counties[Math.floor(rnd() * counties.length)]
    // (day, k) is unique per i, so every 身份证号 is distinct whatever the county.
    const k = i % 500
    const day = Math.floor(i / 500)
    const birth = new Date(base + day * 86400000 + (p.education === '31' ? 0 : -4 * 365 * 86400000))
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '')
    const idCard = makeIdCard(origin.code, birth, k * 2, sex as '1' | '2')
    const grad = 2026
    const enrol = p.years === '2.5' ? `${grad - 3}09` : `${grad - Math.ceil(Number(p.years))}09`
    const targeted = p.education === '11' && rnd() < 0.1
    const r = rnd()
    rows.push({
      studentNo: `${enrol.slice(0, 4)}${String(seed % 100).padStart(2, '0')}${String(i + 1).padStart(6, '0')}`,
      name: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
      idCard,
      gender: sex,
      ethnicity: r < 0.85 ? '01' : pick(['03', '05', '08', '11', '15', '02', '06']),
      political: rnd() < 0.7 ? '03' : pick(['01', '02', '13']),
      education: p.education,
      department: p.department,
      majorCode,
      majorName,
      lengthOfSchooling: p.years,
      trainingMode: targeted ? '21' : '1',
      origin: origin.code,
      enrolledAt: enrol,
      graduationTime: `${grad}06`,
      phone: `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
      examNo:
        p.education === '31'
          ? `${enrol.slice(2, 4)}${origin.code.slice(0, 2)}${String(Math.floor(rnd() * 1e10)).padStart(10, '0')}`
          : '',
      majorDirection: rnd() < 0.2 ? '人工智能' : '',
      targetedUnit: targeted ? `${localDivisionName(origin.code) ?? origin.name}教育局` : '',
      urbanRural: rnd() < 0.6 ? '1' : '2',
      normalStudent: '2',
      hardship: rnd() < 0.9 ? '0' : pick(['1', '2', '3']),
      className: `${majorName.slice(0, 2)}${enrol.slice(2, 4)}${(i % 4) + 1}班`,
      email: `s${i + 1}@example.edu.cn`,
      qq: String(10000000 + Math.floor(rnd() * 8e8)),
      homeAddress: `${localDivisionName(origin.code) ?? origin.name}人民路${(i % 300) + 1}号`,
      homePhone: rnd() < 0.5 ? homePhone(origin.code, rnd()) : '',
      // The home county's postcode (src/domain/postcodes.ts).
      homePostcode: plausiblePostcode(origin.code),
      // A few 零就业家庭 and 退役军人 (扩展项1, seed 002), drawn without the random stream.
      extension1: i % 37 === 5 ? '1' : i % 53 === 7 ? '2' : '',
      extension2: '',
      extension3: '',
      extension4: '',
    })
  }
  return rows
}
