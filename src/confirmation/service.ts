/**
 * 去向登记确认: what the API and the pages both do. Each takes `deps` first; the statements are
 * in queries.ts, the workbooks' layout in sheets.ts.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import { AppError } from '../errors.js'
import { audit } from '../audit/audit.js'
import { reportedOn, type ConfirmationState } from '../domain/confirmation.js'
import { MOBILE_RE } from '../domain/phone.js'
import {
  confirmationStateOf,
  confirmationStats,
  listConfirmations,
  loadConfirmation,
  writeConfirmation,
  type ConfirmationFilters,
  type ConfirmInput,
} from './queries.js'
import { confirmationListSheet, reminderSheet } from './sheets.js'
import { writeXlsx } from '../imports/spreadsheet.js'

export const LIST_FILE = '登记确认情况列表.xlsx'
export const REMINDERS_FILE = '登记确认提醒名单.xlsx'

const fieldError = (field: string, message: string) => new AppError('validation_error', message, { field })

/** Validates the parts of a 确认有误 answer the schema cannot express alone. */
export function checkConfirmInput(input: {
  result: string
  destination?: string | null
  archive?: boolean
  hukou?: boolean
  phone?: string | null
}): ConfirmInput {
  if (input.result === '确认无误')
    return { result: '确认无误', destination: null, archive: false, hukou: false, phone: null }
  const destination = input.destination ?? null
  const archive = !!input.archive
  const hukou = !!input.hukou
  if (!destination && !archive && !hukou) {
    throw fieldError(
      'destination',
      '您的错误信息情况：请至少选择一项（毕业去向信息有变化或有错误、档案转递信息、户口迁移信息）',
    )
  }
  const phone = (input.phone ?? '').replace(/[\s-]/g, '')
  if (!phone) throw fieldError('phone', '联系方式：信息有误时必须填写手机号码')
  if (!MOBILE_RE.test(phone)) throw fieldError('phone', '联系方式：请填写 11 位手机号码（1 开头，第二位 3–9）')
  return { result: '确认有误', destination, archive, hukou, phone }
}

/**
 * Confirms for the graduate. National rule (seed 004, 3): only information that has been reported
 * (an approved registration) can be confirmed; `seenVersion`, when given, must be the version the
 * graduate looked at, so a registration changed in between is not confirmed unseen.
 */
export async function confirmForGraduate(deps: AppDeps, me: CurrentUser, input: ConfirmInput, seenVersion?: number) {
  const { db, now } = deps
  const graduateId = me.graduateId ?? -1
  const ok = await writeConfirmation(db, graduateId, input, now(), seenVersion)
  if (!ok) {
    const current = await loadConfirmation(db, graduateId)
    if (current.state === '未上报')
      throw new AppError(
        'conflict',
        '您的毕业去向尚未上报（登记未审核通过），暂时不能确认；请先完成去向登记并等待审核。',
      )
    throw new AppError('conflict', '您的去向登记信息刚刚有更新，请重新核对后再确认。')
  }
  return loadConfirmation(db, graduateId)
}

export function myConfirmationJson(data: Awaited<ReturnType<typeof loadConfirmation>>) {
  const reg = data.registration && data.registration.status === 'approved' ? data.registration : null
  return {
    state: data.state,
    registration: reg
      ? {
          source: reg.source,
          version: reg.version,
          approvedAt: reg.approvedAt,
          reportedOn: reportedOn(reg.approvedAt),
          destination: reg.destination,
          archive: reg.archive,
          hukou: reg.hukou,
        }
      : null,
    confirmation: data.confirmation
      ? {
          result: data.confirmation.result,
          destination: data.confirmation.destinationIssue as '有变化' | '有错误' | null,
          archive: data.confirmation.archiveIssue,
          hukou: data.confirmation.hukouIssue,
          phone: data.confirmation.phone,
          at: data.confirmation.at,
          current: data.state === '确认无误' || data.state === '确认有误',
        }
      : null,
  }
}

/** The list as a workbook; every bulk export is audited (design notes, Privacy). */
export async function listWorkbook(deps: AppDeps, me: CurrentUser, filters: ConfirmationFilters) {
  const { items } = await listConfirmations(deps.db, me, filters, null)
  await audit(deps.db, deps.now(), me, {
    action: 'confirmation.list.export',
    detail: {
      rows: items.length,
      state: filters.state ?? null,
      department: filters.department ?? me.department ?? null,
      cohort: filters.cohort ?? null,
    },
  })
  return writeXlsx([confirmationListSheet(items)])
}

/** Who a reminder goes to: anyone who has something to confirm and has not confirmed it as right. */
const REMINDER_STATES: ConfirmationState[] = ['未确认', '确认有误']

/**
 * The reminder list (phone, email) for the selected graduates, or — when none are selected —
 * for everyone matching the filters who is 未确认 or 确认有误. Graduates already 确认无误 or
 * 未上报 are left out even if selected: there is nothing for them to confirm.
 * Security decision: phones and e-mails in bulk are full personal data, so this needs 读写 on
 * 基本信息和就业信息 and is audited with the count (never the numbers themselves).
 */
export async function remindersWorkbook(
  deps: AppDeps,
  me: CurrentUser,
  filters: ConfirmationFilters,
  graduateIds?: number[],
) {
  const { items } = await listConfirmations(deps.db, me, filters, null, { graduateIds })
  const targets = items.filter((i) => REMINDER_STATES.includes(i.state))
  await audit(deps.db, deps.now(), me, {
    action: 'confirmation.reminders.export',
    detail: {
      rows: targets.length,
      selected: graduateIds?.length ?? null,
      department: filters.department ?? me.department ?? null,
      cohort: filters.cohort ?? null,
    },
  })
  return writeXlsx([reminderSheet(targets)])
}

/** The ids of the graduates in the user's scope in `state` (optionally one 院系): whom a reminder goes to. */
export async function graduatesInState(
  deps: Pick<AppDeps, 'db'>,
  user: CurrentUser,
  f: { state: ConfirmationState; department?: string; cohort?: number },
): Promise<number[]> {
  const { items } = await listConfirmations(deps.db, user, f, null)
  return items.map((i) => i.graduateId)
}

/** 登记确认情况统计 in the user's scope (optionally one 院系, one 届): the door the admin dashboard counts through. */
export const confirmationStatistics = (
  deps: Pick<AppDeps, 'db'>,
  user: CurrentUser,
  f: Pick<ConfirmationFilters, 'department' | 'cohort'> = {},
) => confirmationStats(deps.db, user, f)

/** A graduate's 登记确认 state (未上报 without a reported registration) — what the roster's home page shows. */
export const confirmationStateOfGraduate = (deps: Pick<AppDeps, 'db'>, graduateId: number) =>
  confirmationStateOf(deps.db, graduateId)
