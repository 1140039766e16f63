/**
 * From database rows to the plain `SheetData` a sheet is drawn from — shared by the school's
 * transfer sheets and the graduate's verification report. Every field is chosen here by name:
 * nothing else of the graduate row (身份证号, phones, home address) can reach a PDF.
 */
import type { SheetData } from '../documents/sheet.js'
import { codeName } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'
import { contentOf } from '../domain/registration/index.js'
import { qrLink } from '../qr-signature.js'
import { formatCst } from '../domain/validity.js'

export interface SheetSourceRow {
  name: string
  gender_code: string
  graduation_time: string
  length_of_schooling: string
  major_name: string
  education_code: string
  origin_code: string
  destination: string | null
  archive: string | null
  hukou: string | null
}

export interface SheetContext {
  baseUrl: string
  secretKey: string
  school: string
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
const place = (v: unknown) => {
  const code = str(v)
  return code ? (divisionName(code) ?? code) : ''
}

/** "2026-12-31T23:59:59+08:00" → "2026-12-31 23:59:59". */
const cstText = (iso: string) => iso.slice(0, 19).replace('T', ' ')

export function toSheetData(
  row: SheetSourceRow,
  n: { kind: SheetData['kind']; number: string; validUntil: string; issuedAt: Date },
  ctx: SheetContext,
  { showHukou = true } = {},
): SheetData {
  const content = contentOf(row) as Record<'destination' | 'archive' | 'hukou', Record<string, unknown> | null>
  const d = content.destination
  const a = content.archive
  const h = showHukou ? content.hukou : null
  const base = ctx.baseUrl.replace(/\/+$/, '')
  return {
    kind: n.kind,
    number: n.number,
    qrText: qrLink(base, ctx.secretKey, n.number),
    verifyUrl: `${base}/verify`,
    validUntil: `${cstText(n.validUntil)}（北京时间）`,
    issuedAt: cstText(formatCst(n.issuedAt)).slice(0, 16),
    school: ctx.school,
    graduate: {
      name: row.name,
      gender: codeName('gender', row.gender_code) ?? row.gender_code,
      graduationTime: row.graduation_time,
      lengthOfSchooling: row.length_of_schooling,
      major: row.major_name,
      education: codeName('education', row.education_code) ?? row.education_code,
      origin: place(row.origin_code),
    },
    destination: d
      ? {
          type: str(d.type),
          unitName: str(d.unitName),
          unitLocation: place(d.unitLocation),
          school: str(d.school),
          country: str(d.country),
        }
      : null,
    archive: a
      ? {
          transferType: str(a.transferType),
          unitName: str(a.unitName),
          unitAddress: str(a.unitAddress),
          unitLocation: place(a.unitLocation),
          postcode: str(a.postcode),
          contact: str(a.contact),
          phone: str(a.phone),
        }
      : null,
    hukou: h ? { migrationType: str(h.migrationType), location: place(h.location), address: str(h.address) } : null,
  }
}
