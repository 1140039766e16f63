/**
 * `npm start -- --demo`: on an empty database, a demo school with 240 graduates in every state —
 * imported through the real roster import, the 档案接收单位名录 of their home counties, department
 * reviewers, registrations in every status
 * from all three sources, confirmations of every kind, a few withdrawn graduates, a cohort whose
 * window has closed, transfer numbers and verification grants — then prints what to try.
 */
import type { AppDeps, CurrentUser } from '../deps.js'
import { generateDemoRoster } from '../roster/demo.js'
import { ROSTER_FIELDS } from '../domain/roster-rules.js'
import { importRoster } from '../roster/import.js'
import { createDemoRegistrations, loadDemoArchiveUnits } from '../registration/demo.js'
import { loadTransferDemo } from '../transfer/demo.js'
import { createStaffUser } from '../accounts/service.js'
import { insertJsonRows } from '../db/batch.js'
import { departmentsOf } from '../db/departments.js'
import { STATUS_NAMES, type RegistrationStatus } from '../domain/registration/states.js'

const DEMO_STAFF_PASSWORD = 'demo-password'

export async function loadDemo(deps: AppDeps, schoolId: number): Promise<void> {
  const { db } = deps
  const existing = await db
    .selectFrom('graduates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school_id', '=', schoolId)
    .executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) {
    console.log('数据库中已有毕业生数据，未再加载演示数据。')
    return
  }
  const school = await db.selectFrom('schools').selectAll().where('id', '=', schoolId).executeTakeFirstOrThrow()
  const admin = await db
    .selectFrom('users')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow()
  const actor: CurrentUser = {
    id: admin.id,
    schoolId,
    schoolCode: school.code,
    username: admin.username,
    educationScope: 'all',
    classes: [],
    displayName: admin.display_name,
    role: 'school',
    departmentId: null,
    department: null,
    graduateId: null,
    permissions: { info: 'rw', archive: 'rw', hukou: 'rw' },
    mustChangePassword: false,
    sessionId: 'demo',
    via: 'bearer',
  }

  // 1. The roster, through the real import (CSV in the template's columns).
  const rows = generateDemoRoster(240, 7)
  const header = ROSTER_FIELDS.map((f) => f.label)
  const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  const csv = [header.join(','), ...rows.map((r) => ROSTER_FIELDS.map((f) => csvCell(r[f.key] ?? '')).join(','))].join(
    '\n',
  )
  const imported = await importRoster(deps, actor, new Blob([csv], { type: 'text/csv' }), { filename: 'demo.csv' })
  const graduates = await db
    .selectFrom('graduates')
    .select(['id', 'name', 'student_no', 'id_card', 'department_id', 'origin_code'])
    .where('school_id', '=', schoolId)
    .orderBy('id')
    .execute()

  // 1b. The 档案接收单位名录 for every county the graduates come from, through its real import, so
  // 按生源地预填 finds a unit for each of them.
  const directory = await loadDemoArchiveUnits(
    deps,
    actor,
    graduates.map((g) => g.origin_code),
  )

  // 2. One reviewer per 院系, so the two-level review mode has someone to review.
  const departments = await departmentsOf(db, schoolId)
  const reviewers: string[] = []
  for (const [i, d] of departments.entries()) {
    const username = `dept${i + 1}`
    await createStaffUser(deps, actor, {
      username,
      password: DEMO_STAFF_PASSWORD,
      role: 'department',
      department: d.name,
      displayName: `${d.name}就业秘书`,
      permissions: { info: 'rw', archive: 'rw', hukou: 'ro' },
    })
    reviewers.push(`${username}（${d.name}）`)
  }

  // 3. A cohort that graduated in December 2025, whose lookup window has closed (through 2026-06-30).
  const pastIds = graduates.slice(-12).map((g) => g.id)
  await db
    .updateTable('graduates')
    .set({ graduation_time: '202512', enrolled_at: '202109' })
    .where('id', 'in', pastIds)
    .execute()

  // 4. Registrations in every state (the first 230), confirmations, withdrawals.
  const regGraduates = graduates.slice(0, 230).map((g) => g.id)
  const regs = await createDemoRegistrations(deps, regGraduates, { reviewMode: '先院系再校级审核' })
  const approved = await db
    .selectFrom('registrations')
    .select(['graduate_id', 'version'])
    .where('status', '=', 'approved')
    .orderBy('graduate_id')
    .execute()
  const at = deps.now().toISOString()
  const confirmations = approved.slice(0, Math.floor(approved.length * 0.6)).map((r, i) => ({
    graduate_id: r.graduate_id,
    registration_version: r.version,
    result: i % 7 === 3 ? ('确认有误' as const) : ('确认无误' as const),
    destination_issue: i % 7 === 3 ? '有变化' : null,
    archive_issue: i % 14 === 3 ? 1 : 0,
    hukou_issue: 0,
    phone: i % 7 === 3 ? '13800138000' : null,
    at,
  }))
  await deps.batch([
    insertJsonRows(
      'confirmations',
      [
        'graduate_id',
        'registration_version',
        'result',
        'destination_issue',
        'archive_issue',
        'hukou_issue',
        'phone',
        'at',
      ],
      confirmations.map((c) => [
        c.graduate_id,
        c.registration_version,
        c.result,
        c.destination_issue,
        c.archive_issue,
        c.hukou_issue,
        c.phone,
        c.at,
      ]),
    ),
  ])
  const withdrawn = graduates.slice(232, 235)
  await db
    .updateTable('graduates')
    .set({ withdrawn_at: at, withdrawn_reason: '休学' })
    .where(
      'id',
      'in',
      withdrawn.map((g) => g.id),
    )
    .execute()

  // 5. Transfer numbers for everyone eligible, and a few verification grants.
  const numbers = await loadTransferDemo(deps, schoolId)

  const student = await db
    .selectFrom('graduates')
    .innerJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .select(['graduates.student_no', 'graduates.id_card'])
    .where('registrations.status', '=', 'approved')
    .where('graduates.school_id', '=', schoolId)
    .where('graduates.withdrawn_at', 'is', null)
    .orderBy('graduates.id')
    .executeTakeFirst()

  console.log('')
  console.log(
    `演示数据已加载：${imported.created} 名毕业生（${departments.length} 个院系），${regs.created} 条去向登记，${confirmations.length} 条登记确认，${numbers.generated} 个转递编号，${numbers.grants} 个核验授权，档案接收单位名录 ${directory.created} 个地区。`,
  )
  console.log(
    `登记状态：${Object.entries(regs.byState)
      .map(([state, n]) => `${STATUS_NAMES[state as RegistrationStatus] ?? state} ${n}`)
      .join('，')}`,
  )
  if (numbers.sample) console.log(`到 /verify 试一试：姓名 ${numbers.sample.name}，转递编号 ${numbers.sample.number}`)
  if (numbers.verification)
    console.log(`核验编号示例：姓名 ${numbers.verification.name}，核验编号 ${numbers.verification.number}`)
  console.log(`院系审核账号：${reviewers.join('、')}，密码均为 ${DEMO_STAFF_PASSWORD}`)
  if (student)
    console.log(`毕业生账号示例：学号 ${student.student_no}，初始密码为身份证号后六位 ${student.id_card.slice(-6)}`)
  console.log('')
}
