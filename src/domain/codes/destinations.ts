/**
 * 毕业去向: 4 categories, 24 types — 全国高校毕业生毕业去向登记系统 (seed 004, 2.1 "毕业去向：
 * 4大类 24小类"). The API takes the type's name (contract §4.3); codes here are the order of the
 * national list (01–24), used only in exports.
 */
import type { CodeTable } from './types.js'

export const DESTINATION_CATEGORIES = ['签就业协议书就业', '其他形式就业', '升学', '未就业'] as const
export type DestinationCategory = (typeof DESTINATION_CATEGORIES)[number]

export const DESTINATION_TYPES = [
  { code: '01', name: '签就业协议书就业', category: '签就业协议书就业' },
  { code: '02', name: '签劳动合同就业', category: '其他形式就业' },
  { code: '03', name: '提供公招接收函就业', category: '其他形式就业' },
  { code: '04', name: '其他录用证明就业', category: '其他形式就业' },
  { code: '05', name: '自由职业', category: '其他形式就业' },
  { code: '06', name: '国家基层项目', category: '其他形式就业' },
  { code: '07', name: '地方基层项目', category: '其他形式就业' },
  { code: '08', name: '科研助理、管理助理', category: '其他形式就业' },
  { code: '09', name: '应征义务兵', category: '其他形式就业' },
  { code: '10', name: '部队军士或文职人员', category: '其他形式就业' },
  { code: '11', name: '医学规培生', category: '其他形式就业' },
  { code: '12', name: '自主创业', category: '其他形式就业' },
  { code: '13', name: '国际组织任职', category: '其他形式就业' },
  { code: '14', name: '出国出境工作', category: '其他形式就业' },
  { code: '15', name: '境内升学', category: '升学' },
  { code: '16', name: '出国出境深造', category: '升学' },
  { code: '17', name: '求职中', category: '未就业' },
  { code: '18', name: '签约中', category: '未就业' },
  { code: '19', name: '拟参加公招考试', category: '未就业' },
  { code: '20', name: '拟创业', category: '未就业' },
  { code: '21', name: '不就业拟升学', category: '未就业' },
  { code: '22', name: '拟应征入伍', category: '未就业' },
  { code: '23', name: '拟出国出境', category: '未就业' },
  { code: '24', name: '暂不就业', category: '未就业' },
] as const satisfies ReadonlyArray<{ code: string; name: string; category: DestinationCategory }>

export type DestinationTypeName = (typeof DESTINATION_TYPES)[number]['name']
export const DESTINATION_TYPE_NAMES = DESTINATION_TYPES.map((t) => t.name) as unknown as readonly [
  DestinationTypeName,
  ...DestinationTypeName[],
]

export function destinationCategory(name: string): DestinationCategory | null {
  return DESTINATION_TYPES.find((t) => t.name === name)?.category ?? null
}

export const destinationTable: CodeTable = {
  id: 'destinationType',
  name: '毕业去向',
  source: '全国高校毕业生毕业去向登记系统使用培训（2023），4 大类 24 小类',
  version: '2023',
  entries: DESTINATION_TYPES.map(({ code, name }) => ({ code, name })),
}

/** 档案转递类型 and 户口迁移类型 (seed 004, 2.1 and 2.10; contract §4.3). */
export const ARCHIVE_TRANSFER_TYPES = ['签约单位接收', '托管单位接收', '上级主管单位接收', '转回生源地'] as const
export const HUKOU_MIGRATION_TYPES = [
  '签约单位接收',
  '托管单位接收',
  '上级主管单位接收',
  '转回生源地',
  '不迁移',
] as const

export const archiveTransferTable: CodeTable = {
  id: 'archiveTransferType',
  name: '档案转递类型',
  source: '全国高校毕业生毕业去向登记系统（seed 004, 2.10）',
  version: '2023',
  entries: ARCHIVE_TRANSFER_TYPES.map((name, i) => ({ code: String(i + 1), name })),
}

export const hukouMigrationTable: CodeTable = {
  id: 'hukouMigrationType',
  name: '户口迁移类型',
  source: '全国高校毕业生毕业去向登记系统（seed 004, 2.10）',
  version: '2023',
  entries: HUKOU_MIGRATION_TYPES.map((name, i) => ({ code: String(i + 1), name })),
}
