/**
 * Batch generation of 转递编号 (contract §4.5; seed 004, 4.1: "批量生成/重新生成转递编号 … 为已完成
 * 填报/更新去向信息毕业生生成/更新转递编号"):
 *  - a graduate with an approved registration and no number gets one (generated);
 *  - one whose approved registration changed since its number was made (registration version ≠
 *    the number's) gets a new one, and the old one is marked superseded (regenerated);
 *  - the rest of the eligible are left alone (unchanged); those without an approved
 *    registration are counted as ineligible. The validity window does not matter here.
 *
 * Atomic, on both runtimes: D1 has no interactive transactions, so the whole request is ONE
 * `deps.batch` — supersede the old numbers, insert the new ones, write the audit entry — and
 * either all of it lands or none. To stay within D1's 100 bound parameters per statement, rows
 * travel as one JSON parameter per statement (`json_each`), a few thousand rows at a time.
 * Numbers are drawn in memory, checked against each other and against the database, and drawn
 * again on a collision; a collision that slips in between (another request) breaks the unique
 * key, fails the batch, and the whole request is planned again.
 */
import { notify, toGraduates, type Notice } from '../notifications/service.js'
import { compile } from '../db/batch.js'
import { CompiledQuery, sql } from 'kysely'
import type { AppDeps, CurrentUser } from '../deps.js'
import type { Db } from '../db/schema.js'
import { auditInsert } from '../audit/audit.js'
import { generateNumber } from '../domain/numbers.js'
import { filtered, type ListFilter } from './queries.js'

export interface GenerateTarget {
  department?: string
  graduateIds?: number[]
  /** The list's filters (the page's "all that match"). */
  filter?: ListFilter
}

export interface GenerateCounts {
  generated: number
  regenerated: number
  unchanged: number
  ineligible: number
}

export type Actor = Pick<
  CurrentUser,
  'id' | 'username' | 'schoolId' | 'schoolCode' | 'role' | 'departmentId' | 'graduateId' | 'educationScope' | 'classes'
>

interface Candidate {
  id: number
  graduation_time: string
  status: string | null
  version: number | null
  number: string | null
  registration_version: number | null
}

interface Plan {
  counts: GenerateCounts
  work: Array<{ graduateId: number; graduationTime: string; version: number; old: string | null }>
}

const CHUNK = 2000

function candidates(db: Db, actor: Actor, t: GenerateTarget) {
  let q = filtered(db, actor, { ...t.filter, ...(t.department ? { department: t.department } : {}) })
  if (t.graduateIds)
    q = q.where('graduates.id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(t.graduateIds)}))`)
  return q
    .select([
      'graduates.id as id',
      'graduates.graduation_time as graduation_time',
      'registrations.status as status',
      'registrations.version as version',
      'transfer_numbers.number as number',
      'transfer_numbers.registration_version as registration_version',
    ])
    .execute() as Promise<Candidate[]>
}

export async function planGeneration(db: Db, actor: Actor, t: GenerateTarget): Promise<Plan> {
  const counts: GenerateCounts = { generated: 0, regenerated: 0, unchanged: 0, ineligible: 0 }
  const work: Plan['work'] = []
  for (const c of await candidates(db, actor, t)) {
    if (c.status !== 'approved' || c.version === null) counts.ineligible++
    else if (c.number === null) {
      counts.generated++
      work.push({ graduateId: c.id, graduationTime: c.graduation_time, version: c.version, old: null })
    } else if (c.registration_version !== c.version) {
      counts.regenerated++
      work.push({ graduateId: c.id, graduationTime: c.graduation_time, version: c.version, old: c.number })
    } else counts.unchanged++
  }
  return { counts, work }
}

/** Draws one fresh number per item: unique among themselves and against the database. */
export async function drawNumbers(
  db: Db,
  items: Array<{ graduationTime: string }>,
  schoolCode: string,
  draw = generateNumber,
): Promise<string[]> {
  const out = items.map((it) => draw('transfer', it.graduationTime, schoolCode))
  let todo = out.map((_, i) => i)
  for (let round = 0; todo.length > 0; round++) {
    if (round > 20) throw new Error('could not draw unique transfer numbers')
    const seen = new Set<string>()
    const clash = new Set<number>()
    for (let i = 0; i < out.length; i++) {
      if (seen.has(out[i])) clash.add(i)
      seen.add(out[i])
    }
    const checkList = todo.map((i) => out[i])
    for (let k = 0; k < checkList.length; k += CHUNK) {
      const chunk = checkList.slice(k, k + CHUNK)
      const taken = await db
        .selectFrom('transfer_numbers')
        .select('number')
        .where('number', 'in', sql<string>`(SELECT value FROM json_each(${JSON.stringify(chunk)}))`)
        .execute()
      if (taken.length) {
        const t = new Set(taken.map((r) => r.number))
        for (const i of todo) if (t.has(out[i])) clash.add(i)
      }
    }
    todo = [...clash]
    for (const i of todo) out[i] = draw('transfer', items[i].graduationTime, schoolCode)
  }
  return out
}

const TRANSFER_NOTICE = {
  generated: {
    kind: 'transfer.number',
    title: '档案转递编号已生成',
    body: '学校已为您生成档案转递编号，档案、户口接收部门可凭转递单上的编号查询核验。可在“核验授权”页面查看查询记录。',
    link: '/me/authorization',
  },
  regenerated: {
    kind: 'transfer.number',
    title: '档案转递编号已重新生成',
    body: '您的去向登记有变化，学校已重新生成档案转递编号，原编号已作废。请以新的转递单为准。',
    link: '/me/authorization',
  },
} satisfies Record<string, Notice>

const isUniqueViolation = (e: unknown) =>
  /UNIQUE|constraint/i.test(e instanceof Error ? e.message : String(e)) && !/NOT NULL/i.test(String(e))

export async function generateNumbers(
  deps: AppDeps,
  actor: Actor,
  t: GenerateTarget,
  { draw = generateNumber } = {},
): Promise<GenerateCounts> {
  const { db } = deps
  for (let attempt = 1; ; attempt++) {
    const { counts, work } = await planGeneration(db, actor, t)
    const now = deps.now()
    const at = now.toISOString()
    const numbers = await drawNumbers(db, work, actor.schoolCode, draw)
    const statements: CompiledQuery[] = []
    const olds = work.filter((w) => w.old).map((w) => w.old!)
    for (let k = 0; k < olds.length; k += CHUNK) {
      statements.push(
        CompiledQuery.raw(
          'UPDATE transfer_numbers SET superseded_at = ? WHERE superseded_at IS NULL AND number IN (SELECT value FROM json_each(?))',
          [at, JSON.stringify(olds.slice(k, k + CHUNK))],
        ),
      )
    }
    for (let k = 0; k < work.length; k += CHUNK) {
      const rows = work.slice(k, k + CHUNK).map((w, i) => [numbers[k + i], w.graduateId, w.version])
      statements.push(
        CompiledQuery.raw(
          `INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at, generated_by, superseded_at)
           SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), ?, ?, NULL FROM json_each(?)`,
          [at, actor.id || null, JSON.stringify(rows)],
        ),
      )
    }
    statements.push(
      auditInsert(db, now, actor.id ? actor : null, {
        action: 'transfer.generate',
        target: t.department
          ? `department:${t.department}`
          : t.graduateIds
            ? `graduates:${t.graduateIds.length}`
            : 'school',
        detail: { ...counts },
      }).compile(),
    )
    // Each graduate with a new number is told (contract §7), in the same batch as the number.
    const fresh = work.filter((w) => !w.old).map((w) => w.graduateId)
    const renewed = work.filter((w) => w.old).map((w) => w.graduateId)
    if (fresh.length) statements.push(...notify(deps, toGraduates(fresh), TRANSFER_NOTICE.generated).map(compile))
    if (renewed.length) statements.push(...notify(deps, toGraduates(renewed), TRANSFER_NOTICE.regenerated).map(compile))
    try {
      await deps.batch(statements)
      return counts
    } catch (e) {
      // Someone else wrote a number for the same graduate (or drew the same number) meanwhile:
      // nothing of ours was written; plan again against what is there now.
      if (attempt < 3 && isUniqueViolation(e)) continue
      throw e
    }
  }
}
