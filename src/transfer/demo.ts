/**
 * Demo data for `npm start -- --demo` (called by the lead's loader after the roster and the
 * registrations are in): transfer numbers for every eligible graduate of the school, and a few
 * verification grants — one revoked, one ending early — so every lookup outcome can be tried.
 */
import type { AppDeps } from '../deps.js'
import { generateNumber } from '../domain/numbers.js'
import { graduationWindow, isOpen } from '../domain/validity.js'
import { generateNumbers, type Actor } from './generate.js'

export interface TransferDemo {
  generated: number
  grants: number
  /** A graduate with a current transfer number, to print for trying /verify. */
  sample: { name: string; number: string } | null
  /** A graduate with a live 核验编号. */
  verification: { name: string; number: string } | null
}

export async function loadTransferDemo(deps: AppDeps, schoolId: number): Promise<TransferDemo> {
  const { db } = deps
  const school = await db.selectFrom('schools').select(['code']).where('id', '=', schoolId).executeTakeFirstOrThrow()
  const actor: Actor = {
    id: 0,
    username: 'system',
    schoolId,
    schoolCode: school.code,
    role: 'school',
    departmentId: null,
    graduateId: null,
    educationScope: 'all',
    classes: [],
  }
  const counts = await generateNumbers(deps, actor, {})

  const now = deps.now()
  const candidates = await db
    .selectFrom('graduates')
    .innerJoin('registrations', 'registrations.graduate_id', 'graduates.id')
    .innerJoin('transfer_numbers', 'transfer_numbers.graduate_id', 'graduates.id')
    .select([
      'graduates.id as id',
      'graduates.name as name',
      'graduates.graduation_time as graduation_time',
      'transfer_numbers.number as number',
    ])
    .where('graduates.school_id', '=', schoolId)
    .where('graduates.withdrawn_at', 'is', null)
    .where('registrations.status', '=', 'approved')
    .where('transfer_numbers.superseded_at', 'is', null)
    .orderBy('graduates.id')
    .limit(200)
    .execute()
  const open = candidates.filter((c) => isOpen(graduationWindow(c.graduation_time), now))

  // Three grants: live until the window end, live until 30 days from now (if the window allows), revoked.
  const grants: Array<{
    number: string
    graduate_id: number
    valid_until: string
    created_at: string
    revoked_at: string | null
  }> = []
  const picks = open.slice(0, 3)
  picks.forEach((c, i) => {
    const window = graduationWindow(c.graduation_time)
    let validUntil = window.validUntil
    if (i === 1) {
      const soon = new Date(now.getTime() + 30 * 86_400_000)
      const day = new Date(soon.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
      const early = `${day}T23:59:59+08:00`
      if (Date.parse(early) < Date.parse(window.validUntil)) validUntil = early
    }
    grants.push({
      number: generateNumber('verification', c.graduation_time, school.code),
      graduate_id: c.id,
      valid_until: validUntil,
      created_at: now.toISOString(),
      revoked_at: i === 2 ? now.toISOString() : null,
    })
  })
  if (grants.length) await db.insertInto('verification_grants').values(grants).execute()

  const sample = open[0] ?? candidates[0]
  const live = grants.find((g) => !g.revoked_at)
  return {
    generated: counts.generated + counts.regenerated,
    grants: grants.length,
    sample: sample ? { name: sample.name, number: sample.number } : null,
    verification: live ? { name: candidates.find((c) => c.id === live.graduate_id)!.name, number: live.number } : null,
  }
}
