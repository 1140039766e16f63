/**
 * 提醒毕业生确认 (contract §7): staff remind every graduate of a selection at once, replacing the
 * exported phone list (seed 004 §3, 登记确认). Each graduate is reminded at most once per day in
 * Beijing time: the reminder log's key (graduate, CST day) makes a second reminder that day a
 * no-op, even from two staff members at the same moment.
 */
import { sql } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import type { ConfirmationState } from '../domain/confirmation.js'
import { cstDay } from '../domain/validity.js'
import { randomToken } from '../crypto.js'
import { insertJsonRows } from '../db/batch.js'
import { auditInsert } from '../audit/audit.js'
import { graduatesInState } from '../confirmation/service.js'
import { notify, toGraduatesIn, type Notice } from './service.js'

const REMINDER: Record<ConfirmationState, Notice> = {
  未上报: {
    kind: 'confirmation.reminder',
    title: '请完成毕业去向登记',
    body: '学校提醒您：您的毕业去向尚未上报。请尽快登录填写毕业去向登记并提交审核。',
    link: '/me/registration',
  },
  未确认: {
    kind: 'confirmation.reminder',
    title: '请确认您的去向登记信息',
    body: '学校提醒您：您的毕业去向登记信息已上报，尚未确认。请尽快登录核对，确认无误或反馈错误。',
    link: '/me/confirmation',
  },
  确认有误: {
    kind: 'confirmation.reminder',
    title: '请再次核对您的去向登记信息',
    body: '学校提醒您：您曾反馈登记信息有误。请登录查看最新信息，核对后重新确认。',
    link: '/me/confirmation',
  },
  确认无误: {
    kind: 'confirmation.reminder',
    title: '请留意您的去向登记信息',
    body: '学校提醒您：请登录查看您的毕业去向登记信息，如有变化请及时更新。',
    link: '/me/confirmation',
  },
}

export async function sendReminders(
  deps: AppDeps,
  user: CurrentUser,
  sel: { state?: ConfirmationState; department?: string; cohort?: number },
): Promise<{ notified: number; selected: number }> {
  const state = sel.state ?? '未确认'
  const ids = await graduatesInState(deps, user, { state, department: sel.department, cohort: sel.cohort })
  if (!ids.length) return { notified: 0, selected: 0 }
  const now = deps.now()
  const at = now.toISOString()
  const day = cstDay(now)
  const batch = randomToken()
  const results = await deps.batch([
    insertJsonRows(
      'reminder_log',
      ['graduate_id', 'day', 'at', 'by_user_id', 'batch'],
      ids.map((id) => [id, day, at, user.id, batch]),
      ' ON CONFLICT (graduate_id, day) DO NOTHING',
    ),
    // Only the graduates this call logged (not those already reminded today) are told.
    ...notify(deps, toGraduatesIn(sql`SELECT graduate_id FROM reminder_log WHERE batch = ${batch}`), REMINDER[state]),
    auditInsert(deps.db, now, user, {
      action: 'confirmation.remind',
      target: sel.department ? `department:${sel.department}` : null,
      detail: { state, selected: ids.length, cohort: sel.cohort ?? null },
    }),
  ])
  return { notified: Number(results[0]?.numAffectedRows ?? 0), selected: ids.length }
}
