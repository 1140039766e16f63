/**
 * 去向登记's content model (contract §4.3): the three parts a registration carries — 毕业去向,
 * 档案转递, 户口迁移 — as stored in registrations.destination / archive / hukou (JSON), the loose
 * shape a client sends, and the Chinese name of every field (the national forms' names).
 */
import type { ARCHIVE_TRANSFER_TYPES, DestinationTypeName, HUKOU_MIGRATION_TYPES } from '../codes/destinations.js'

export interface Destination {
  type: DestinationTypeName
  unitName?: string | null
  unitCreditCode?: string | null
  unitNature?: string | null
  unitIndustry?: string | null
  unitLocation?: string | null
  jobCategory?: string | null
  jobTitle?: string | null
  contactName?: string | null
  contactPhone?: string | null
  contactMobile?: string | null
  contactEmail?: string | null
  salary?: string | null
  penalty?: string | null
  school?: string | null
  country?: string | null
}

export interface Archive {
  transferType: (typeof ARCHIVE_TRANSFER_TYPES)[number]
  unitName?: string | null
  unitAddress?: string | null
  unitLocation?: string | null
  postcode?: string | null
  contact?: string | null
  phone?: string | null
  /** 情况说明 (seed 004 §2.10, 选填, ≤ 200 字). */
  note?: string | null
}

export interface Hukou {
  migrationType: (typeof HUKOU_MIGRATION_TYPES)[number]
  location?: string | null
  address?: string | null
  /** 情况说明 (seed 004 §2.10, 选填, ≤ 200 字). */
  note?: string | null
}

export interface RegistrationContent {
  destination: Destination | null
  archive: Archive | null
  hukou: Hukou | null
}

/** What a client sends: every field loosely typed; `checkContent` turns it into `RegistrationContent`. */
export type RawPart = Record<string, unknown> | null | undefined
export interface RawContent {
  destination?: RawPart
  archive?: RawPart
  hukou?: RawPart
}

/**
 * The destination's fields beside its type, with their Chinese names (the national forms'), in the
 * forms' order. 岗位名称 to 违约金 are the 单位信息 of the national form (seed 004 §2.1 去向填报:
 * 岗位名称, 单位联系人, 联系人电话 / 联系人手机, 联系人邮箱, 转正起薪, 违约金; §2.8's 就业信息 table
 * has the same 单位联系人, 联系人电话, 联系人手机, 联系人email).
 */
export const DESTINATION_FIELD_NAMES = {
  unitName: '单位名称',
  unitCreditCode: '统一社会信用代码',
  unitNature: '单位性质',
  unitIndustry: '单位行业',
  unitLocation: '单位所在地',
  jobCategory: '工作职位类别',
  jobTitle: '岗位名称',
  contactName: '单位联系人',
  contactPhone: '联系人电话',
  contactMobile: '联系人手机',
  contactEmail: '联系人邮箱',
  salary: '转正起薪',
  penalty: '违约金',
  school: '升学院校',
  country: '国家或地区',
} as const
export type DestinationField = keyof typeof DESTINATION_FIELD_NAMES
export const DESTINATION_FIELDS = Object.keys(DESTINATION_FIELD_NAMES) as DestinationField[]
export const ARCHIVE_FIELDS = ['unitName', 'unitAddress', 'unitLocation', 'postcode', 'contact', 'phone'] as const

/** Chinese names of every field, by its path — the names of the national forms and upload template. */
export const FIELD_NAMES: Record<string, string> = {
  destination: '毕业去向信息',
  'destination.type': '毕业去向',
  ...Object.fromEntries(DESTINATION_FIELDS.map((f) => [`destination.${f}`, DESTINATION_FIELD_NAMES[f]])),
  archive: '档案转递信息',
  'archive.transferType': '档案转递类型',
  'archive.unitName': '档案转递单位名称',
  'archive.unitAddress': '档案转递单位地址',
  'archive.unitLocation': '档案转递单位所在地',
  'archive.postcode': '档案转递单位邮编',
  'archive.contact': '档案转递联系人',
  'archive.phone': '档案转递联系电话',
  'archive.note': '档案情况说明',
  'archive.images': '档案图像材料',
  hukou: '户口迁移信息',
  'hukou.migrationType': '户口迁移类型',
  'hukou.location': '户口迁移所在地',
  'hukou.address': '户口迁移地址',
  'hukou.note': '户口情况说明',
  'hukou.images': '户口图像材料',
  proof: '证明材料',
}

/** One stored JSON column: an object, or null when empty or unreadable (never throws on a bad row). */
export function contentPart<T = Record<string, unknown>>(text: string | null | undefined): T | null {
  if (!text) return null
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as T) : null
  } catch {
    return null
  }
}

/**
 * A registration's three JSON columns (registrations.destination / archive / hukou) read back as
 * its content — the one place they are parsed, for every feature that reads them.
 */
export function contentOf(
  row: { destination: string | null; archive: string | null; hukou: string | null } | null | undefined,
): RegistrationContent {
  return {
    destination: contentPart(row?.destination),
    archive: contentPart(row?.archive),
    hukou: contentPart(row?.hukou),
  }
}
