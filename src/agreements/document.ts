/**
 * The agreement PDF (contract §5 "The agreement document"): built from the stored agreement, the
 * roster, the 签约设置's 协议经办人, and — for an online agreement in force — signed with the
 * service's identity (src/agreements/signing-key.ts). Downloadable from awaiting_stamp on by the
 * school's staff, the graduate and the employer, each through `scopedAgreement`.
 */
import type { Agreement } from '../db/schema.js'
import type { AppDeps, CurrentUser } from '../deps.js'
import { conflict } from '../errors.js'
import { audit } from '../audit/audit.js'
import { AGREEMENT_STATUS_NAMES, KIND_NAMES, agentFor, type AgreementStatus } from '../domain/agreement.js'
import { codeName } from '../domain/codes/index.js'
import { divisionName } from '../domain/divisions.js'
import { maskIdCard } from '../domain/id-card.js'
import { formatCst } from '../domain/validity.js'
import type { Unit } from '../domain/unit.js'
import { renderAgreement, type AgreementDocData } from '../documents/agreement.js'
import { signPdf } from '../documents/signing.js'
import { sheetFont } from '../documents/index.js'
import { agreementQrLink } from '../qr-signature.js'
import { JOB_FIELDS, JOB_LABELS, scopedAgreement, type Job } from './service.js'
import { signingSettings } from './settings.js'
import { signingIdentity } from './signing-key.js'
import { agreementType } from '../province/service.js'

/** From the offline agreement's awaiting_stamp on (contract §5); a rescinded one still prints, marked so. */
export const PRINTABLE: readonly AgreementStatus[] = [
  'awaiting_stamp',
  'stamp_submitted',
  'in_force',
  'rescinding',
  'rescinded',
  'voided',
]
/** Signed: an online agreement that is (or was) in force and has its number. */
const SIGNED: readonly AgreementStatus[] = ['in_force', 'rescinding']

const cst = (iso: string | null | undefined) => (iso ? formatCst(new Date(iso)).slice(0, 16).replace('T', ' ') : '')

async function agreementDocData(deps: AppDeps, a: Agreement): Promise<AgreementDocData> {
  const { db } = deps
  const g = await db
    .selectFrom('graduates')
    .innerJoin('departments', 'departments.id', 'graduates.department_id')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .select([
      'graduates.name',
      'graduates.gender_code',
      'graduates.id_card',
      'graduates.student_no',
      'graduates.major_name',
      'graduates.education_code',
      'graduates.graduation_time',
      'departments.name as department',
      'schools.name as school',
    ])
    .where('graduates.id', '=', a.graduate_id)
    .executeTakeFirstOrThrow()
  const settings = await signingSettings(db, a.school_id)
  const unit = JSON.parse(a.unit) as Unit
  const job = JSON.parse(a.job) as Job
  const accepted = await db
    .selectFrom('agreement_events')
    .select('at')
    .where('agreement_id', '=', a.id)
    .where('to_status', 'in', ['awaiting_review', 'submitted'])
    .orderBy('id')
    .executeTakeFirst()
  return {
    agreementNo: a.agreement_no,
    kindName: KIND_NAMES[a.kind],
    statusName: AGREEMENT_STATUS_NAMES[a.status],
    agreementType: await agreementType(deps),
    school: g.school,
    graduate: {
      name: g.name,
      gender: codeName('gender', g.gender_code) ?? '',
      idNumberMasked: maskIdCard(g.id_card),
      studentNo: g.student_no,
      department: g.department,
      major: g.major_name,
      education: codeName('education', g.education_code) ?? g.education_code,
      graduationTime: g.graduation_time,
    },
    unit: {
      name: unit.name,
      creditCode: unit.creditCode,
      nature: codeName('unitNature', unit.nature) ?? unit.nature,
      industry: codeName('unitIndustry', unit.industry) ?? unit.industry,
      location: divisionName(unit.location) ?? unit.location,
      address: unit.address,
      contact: unit.contact,
      phone: unit.phone,
      email: unit.email ?? '',
    },
    job: JOB_FIELDS.map((f) => ({
      label: JOB_LABELS[f],
      value: f === 'category' ? (codeName('jobCategory', job.category) ?? '') : (job[f] ?? ''),
    })),
    archiveTransfer: a.archive_transfer ?? '',
    hukouTransfer: a.hukou_transfer ?? '',
    terms: a.terms ?? '',
    agent: agentFor(settings.agents, g.education_code),
    dates: [
      { label: a.kind === 'online' ? '邀约时间' : '申请时间', value: cst(a.created_at) },
      { label: a.kind === 'online' ? '应约时间' : '提交时间', value: cst(accepted?.at) },
      { label: '鉴证生效时间', value: cst(a.in_force_at) },
      { label: '报到期限', value: job.reportDeadline ?? '' },
    ],
    qrText: a.agreement_no ? agreementQrLink(deps.config.publicBaseUrl, deps.secretKey, a.agreement_no) : null,
    generatedAt: cst(deps.now().toISOString()),
  }
}

export async function agreementPdf(deps: AppDeps, user: CurrentUser, id: number) {
  const a = await scopedAgreement(deps, user, id)
  if (!PRINTABLE.includes(a.status)) throw conflict('协议尚未通过审核，暂不能下载协议书')
  const data = await agreementDocData(deps, a)
  let pdf = await renderAgreement(data, await sheetFont(deps))
  const signed = a.kind === 'online' && a.agreement_no !== null && SIGNED.includes(a.status)
  if (signed) {
    pdf = await signPdf(pdf, await signingIdentity(deps), {
      reason: `毕业生就业协议书 ${a.agreement_no} 鉴证生效`,
      location: data.school,
      name: 'quxiang',
      contact: deps.config.publicBaseUrl,
      signingTime: deps.now(),
    })
  }
  await audit(deps.db, deps.now(), user, { action: 'agreement.pdf', target: `agreement:${a.id}`, detail: { signed } })
  return { pdf, filename: `毕业生就业协议书_${a.agreement_no ?? a.id}.pdf` }
}

/** What the public page shows (no 身份证号, no phone): the parties and whether it is in force. */
export async function publicAgreement(deps: AppDeps, agreementNo: string) {
  const a = await deps.db
    .selectFrom('agreements')
    .selectAll()
    .where('agreement_no', '=', agreementNo)
    .executeTakeFirst()
  if (!a) return null
  const g = await deps.db
    .selectFrom('graduates')
    .innerJoin('schools', 'schools.id', 'graduates.school_id')
    .select(['graduates.name', 'schools.name as school'])
    .where('graduates.id', '=', a.graduate_id)
    .executeTakeFirstOrThrow()
  const unit = JSON.parse(a.unit) as Unit
  const state =
    a.status === 'in_force' || a.status === 'rescinding'
      ? ('in_force' as const)
      : a.status === 'rescinded'
        ? ('rescinded' as const)
        : ('voided' as const)
  return {
    agreementNo,
    kindName: KIND_NAMES[a.kind],
    graduate: g.name,
    school: g.school,
    unit: unit.name,
    unitCreditCode: unit.creditCode,
    inForceAt: cst(a.in_force_at),
    state,
    stateName: { in_force: '有效（已鉴证生效）', rescinded: '已解约', voided: '已作废' }[state],
  }
}
