/**
 * The shapes a registration is read back in (contract §4.3) — the JSON of the API and the props of
 * the registration views alike, so the views need nothing from the feature's queries.
 */
import type { Archive, Destination, Hukou } from './content.js'
import type { AttachmentPart } from './proof.js'
import type { RegistrationSource, RegistrationStatus } from './states.js'

export interface RegistrationEvent {
  at: string
  by: string
  from: RegistrationStatus | null
  to: RegistrationStatus
  reason: string | null
}

export interface AttachmentInfo {
  id: string
  /** Which part it belongs to: the destination's 证明材料, or the 档案 / 户口 图像材料. */
  part: AttachmentPart
  filename: string
  contentType: string
  size: number
  createdAt: string
}

export interface RegistrationJson {
  id: number
  graduateId: number
  status: RegistrationStatus
  source: RegistrationSource
  version: number
  destination: Destination | null
  archive: Archive | null
  hukou: Hukou | null
  submittedAt: string | null
  approvedAt: string | null
  updatedAt: string
  events: RegistrationEvent[]
  attachments: AttachmentInfo[]
}

/** The graduate as a reviewer sees them beside a registration (身份证号 masked). */
export interface GraduateSummary {
  id: number
  name: string
  studentNo: string
  idCardMasked: string
  major: string
  education: string
  trainingMode: string
  targetedUnit: string | null
  origin: string
  graduationTime: string
  phone: string | null
  schoolId: number
  departmentId: number
  department: string
}

/** One row of the reviewers' queue. */
export interface ListItem {
  id: number
  graduateId: number
  name: string
  studentNo: string
  department: string
  major: string
  education: string
  status: RegistrationStatus
  source: RegistrationSource
  type: string | null
  version: number
  submittedAt: string | null
  updatedAt: string
}
