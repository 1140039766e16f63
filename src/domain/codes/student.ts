/**
 * The student (生源) code tables of the national employment system's 公共代码 (全国高校毕业生就业
 * 管理系统 → 公共代码, seed 000 "代码匹配"), as data. Each table names its source; the sizes are
 * pinned by codes.test.ts so an accidental edit shows up.
 */
import type { CodeTable } from './types.js'

/** 性别 — GB/T 2261.1-2003 (人的性别代码): 1 男, 2 女; matches the sex digit of 身份证号 (odd = 男). */
export const genderTable: CodeTable = {
  id: 'gender',
  name: '性别',
  source: 'GB/T 2261.1-2003 人的性别代码',
  version: '2003',
  entries: [
    { code: '1', name: '男' },
    { code: '2', name: '女' },
  ],
}

/**
 * 民族 — GB/T 3304-1991 (中国各民族名称的罗马字母拼写法和代码), with the current names: 傈僳族
 * (the standard's misprint 傈傈族 corrected), 毛南族 (formerly 毛难族, renamed 1986), 德昂族
 * (formerly 崩龙族, renamed 1985). 97 其他, 98 外国血统中国籍人士 as in the national system.
 */
export const ethnicityTable: CodeTable = {
  id: 'ethnicity',
  name: '民族',
  source: 'GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码（现行名称）',
  version: '1991-current-names',
  entries: [
    '汉族',
    '蒙古族',
    '回族',
    '藏族',
    '维吾尔族',
    '苗族',
    '彝族',
    '壮族',
    '布依族',
    '朝鲜族',
    '满族',
    '侗族',
    '瑶族',
    '白族',
    '土家族',
    '哈尼族',
    '哈萨克族',
    '傣族',
    '黎族',
    '傈僳族',
    '佤族',
    '畲族',
    '高山族',
    '拉祜族',
    '水族',
    '东乡族',
    '纳西族',
    '景颇族',
    '柯尔克孜族',
    '土族',
    '达斡尔族',
    '仫佬族',
    '羌族',
    '布朗族',
    '撒拉族',
    '毛南族',
    '仡佬族',
    '锡伯族',
    '阿昌族',
    '普米族',
    '塔吉克族',
    '怒族',
    '乌孜别克族',
    '俄罗斯族',
    '鄂温克族',
    '德昂族',
    '保安族',
    '裕固族',
    '京族',
    '塔塔尔族',
    '独龙族',
    '鄂伦春族',
    '赫哲族',
    '门巴族',
    '珞巴族',
    '基诺族',
  ]
    .map((name, i) => ({ code: String(i + 1).padStart(2, '0'), name }))
    .concat([
      { code: '97', name: '其他' },
      { code: '98', name: '外国血统中国籍人士' },
    ]),
}

/**
 * 政治面貌 — GB/T 4762-1984 (政治面貌代码), with the short names the national employment system
 * shows; the standard's full names are accepted as aliases (see ALIASES in index.ts).
 */
export const politicalTable: CodeTable = {
  id: 'political',
  name: '政治面貌',
  source: 'GB/T 4762-1984 政治面貌代码（全国高校毕业生就业管理系统简称）',
  version: '1984',
  entries: [
    { code: '01', name: '中共党员' },
    { code: '02', name: '中共预备党员' },
    { code: '03', name: '共青团员' },
    { code: '04', name: '民革会员' },
    { code: '05', name: '民盟盟员' },
    { code: '06', name: '民建会员' },
    { code: '07', name: '民进会员' },
    { code: '08', name: '农工党党员' },
    { code: '09', name: '致公党党员' },
    { code: '10', name: '九三学社社员' },
    { code: '11', name: '台盟盟员' },
    { code: '12', name: '无党派人士' },
    { code: '13', name: '群众' },
  ],
}

/** 学历 — 全国高校毕业生就业管理系统 公共代码：学历 (design notes, "Code tables"). */
export const educationTable: CodeTable = {
  id: 'education',
  name: '学历',
  source: '全国高校毕业生就业管理系统 公共代码：学历',
  version: '2023',
  entries: [
    { code: '01', name: '博士生毕业' },
    { code: '03', name: '博士生结业' },
    { code: '11', name: '硕士生毕业' },
    { code: '13', name: '硕士生结业' },
    { code: '19', name: '硕士生肄业' },
    { code: '21', name: '硕班毕业' },
    { code: '25', name: '双学位毕业' },
    { code: '31', name: '本科生毕业' },
    { code: '33', name: '本科生结业' },
    { code: '39', name: '本科生肄业' },
    { code: '41', name: '专科生毕业' },
    { code: '43', name: '专科生结业' },
    { code: '49', name: '专科生肄业' },
    { code: '61', name: '高职' },
  ],
}

/**
 * 培养方式 — 全国高校毕业生就业管理系统 公共代码. 定向 has two codes since 2022 (seed 000, 注 2):
 * 21 定向（不可网签）— bound to the unit named in the agreement; 22 定向（可网签）— bound to a
 * region only. 21, 22 and 4 委培 require 定向委培单位 (TARGETED_TRAINING_CODES).
 */
export const trainingModeTable: CodeTable = {
  id: 'trainingMode',
  name: '培养方式',
  source: '全国高校毕业生就业管理系统 公共代码：培养方式（seed 000 注 2）',
  version: '2022',
  entries: [
    { code: '1', name: '非定向' },
    { code: '21', name: '定向（不可网签）' },
    { code: '22', name: '定向（可网签）' },
    { code: '3', name: '在职' },
    { code: '4', name: '委培' },
    { code: '5', name: '自筹' },
  ],
}

/** 培养方式 codes whose graduates must name their 定向委培单位 (seed 000 注 2; seed 003 notice 5). */
export const TARGETED_TRAINING_CODES: ReadonlySet<string> = new Set(['21', '22', '4'])

/**
 * 困难生类别 — 全国高校毕业生就业管理系统 公共代码. The code is a sum of flags: 1 就业困难,
 * 2 家庭困难, 4 残疾 (so 0–7).
 */
export const hardshipTable: CodeTable = {
  id: 'hardship',
  name: '困难生类别',
  source: '全国高校毕业生就业管理系统 公共代码：困难生类别（1 就业困难 + 2 家庭困难 + 4 残疾）',
  version: '2023',
  entries: [
    { code: '0', name: '非困难生' },
    { code: '1', name: '就业困难' },
    { code: '2', name: '家庭困难' },
    { code: '3', name: '就业困难和家庭困难' },
    { code: '4', name: '残疾' },
    { code: '5', name: '就业困难和残疾' },
    { code: '6', name: '家庭困难和残疾' },
    { code: '7', name: '就业困难、家庭困难和残疾' },
  ],
}

/** 师范生类别 — 全国高校毕业生就业管理系统 公共代码 (公费师范生 formerly 免费师范生, seed 001). */
export const normalStudentTable: CodeTable = {
  id: 'normalStudent',
  name: '师范生类别',
  source: '全国高校毕业生就业管理系统 公共代码：师范生类别',
  version: '2018',
  entries: [
    { code: '1', name: '普通师范生' },
    { code: '12', name: '公费师范生' },
    { code: '2', name: '非师范生' },
  ],
}

/** 城乡生源 — where the graduate sat the 高考 (seed 001 "城乡生源：按高考时的实际情况进行选填"). */
export const urbanRuralTable: CodeTable = {
  id: 'urbanRural',
  name: '城乡生源',
  source: '全国高校毕业生就业管理系统 生源信息：城乡生源',
  version: '2023',
  entries: [
    { code: '1', name: '城镇' },
    { code: '2', name: '农村' },
  ],
}
