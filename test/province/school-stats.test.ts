/**
 * The province statistics' counters (migration 0011): kept by triggers, they must always equal a
 * grouped recount of the graduates, registrations, confirmations and 转递编号 they count. Random
 * writes of every kind the application makes (inserts, an import's upsert, withdrawals, status and
 * version moves, re-confirmations, superseded numbers, deletes) are checked after each step.
 */
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { DESTINATION_TYPES } from '../../src/domain/codes/destinations.js'
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'

/** The grouped pass the counters replace: the reference they are checked against. */
async function recount(t: TestApp) {
  const rows = await sql<
    Record<string, number>
  >`SELECT g.school_id, CAST(substr(g.graduation_time, 1, 4) AS INTEGER) AS cohort,
      count(*) AS graduates,
      sum(coalesce(r.status = 'approved', 0)) AS registered,
      sum(coalesce(r.status = 'approved' AND json_extract(r.destination, '$.type') IN (SELECT value FROM json_each(${JSON.stringify(
        DESTINATION_TYPES.filter((d) => d.category !== '未就业').map((d) => d.name),
      )})), 0)) AS placed,
      sum(coalesce(r.status = 'approved' AND (c.graduate_id IS NULL OR c.registration_version <> r.version), 0)) AS unconfirmed,
      sum(coalesce(r.status = 'approved' AND c.registration_version = r.version AND c.result = '确认有误', 0)) AS wrong,
      sum(coalesce(r.status = 'approved' AND c.registration_version = r.version AND c.result = '确认无误', 0)) AS confirmed,
      sum(EXISTS (SELECT 1 FROM transfer_numbers t WHERE t.graduate_id = g.id AND t.superseded_at IS NULL)) AS numbers
    FROM graduates g
    LEFT JOIN registrations r ON r.graduate_id = g.id
    LEFT JOIN confirmations c ON c.graduate_id = g.id
    WHERE g.withdrawn_at IS NULL
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(t.db)
  return rows.rows
}

async function counters(t: TestApp) {
  const rows = await t.db.selectFrom('school_stats').selectAll().orderBy('school_id').orderBy('cohort').execute()
  // A (school, 届) whose graduates all left keeps its row, at zeros: the recount has no row there.
  return rows.filter((r) => Object.entries(r).some(([k, v]) => k !== 'school_id' && k !== 'cohort' && v !== 0))
}

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

describe('province statistics counters', () => {
  it('count as placed exactly the destinations of a 落实 category (the domain’s code table)', async () => {
    const t = await createTestApp()
    const at = t.clock.now.toISOString()
    for (const d of DESTINATION_TYPES) {
      const g = await insertGraduate(t)
      await t.db
        .insertInto('registrations')
        .values({
          graduate_id: g.id,
          status: 'approved',
          source: '登记系统',
          version: 1,
          destination: JSON.stringify({ type: d.name }),
          created_at: at,
          updated_at: at,
        })
        .execute()
      const row = await t.db
        .selectFrom('graduate_stats')
        .select('placed')
        .where('graduate_id', '=', g.id)
        .executeTakeFirstOrThrow()
      expect({ type: d.name, placed: row.placed }).toEqual({ type: d.name, placed: d.category === '未就业' ? 0 : 1 })
    }
  })

  it.each([1, 2, 3])('equal a grouped recount after every write of a random sequence (seed %i)', async (seed) => {
    const t = await createTestApp()
    const rnd = random(seed)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]
    const at = t.clock.now.toISOString()
    const other = await t.db
      .insertInto('schools')
      .values({ code: '10999', name: '另一所学校', kind: 'school', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const ids: number[] = []
    let numberSeq = 0
    const types = DESTINATION_TYPES.map((d) => d.name)
    const steps: Array<() => Promise<unknown>> = [
      async () => {
        // Few graduates, many writes each: the states under test meet often.
        if (ids.length >= 10) return
        const g = await insertGraduate(
          { ...t, schoolId: rnd() < 0.3 ? other.id : t.schoolId },
          { graduation_time: pick(['202506', '202606', '202612']) },
        )
        ids.push(g.id)
      },
      // An import's upsert of a graduate already there (every column but the id), moving the 毕业时间.
      async () => {
        const info = await sql<{ name: string }>`SELECT name FROM pragma_table_info('graduates')`.execute(t.db)
        const cols = sql.raw(
          info.rows
            .map((c) => c.name)
            .filter((c) => c !== 'id')
            .join(', '),
        )
        await sql`INSERT INTO graduates (${cols}) SELECT ${cols} FROM graduates WHERE id = ${pick(ids)}
            ON CONFLICT (school_id, id_card) DO UPDATE SET graduation_time = ${pick(['202506', '202606'])}`.execute(
          t.db,
        )
      },
      () =>
        t.db
          .updateTable('graduates')
          .set({ withdrawn_at: rnd() < 0.7 ? at : null })
          .where('id', '=', pick(ids))
          .execute(),
      () =>
        t.db
          .insertInto('registrations')
          .values({
            graduate_id: pick(ids),
            status: pick(['draft', 'submitted', 'approved', 'approved', 'approved', 'voided'] as const),
            source: '登记系统',
            version: 1,
            destination: JSON.stringify({ type: pick(types) }),
            created_at: at,
            updated_at: at,
          })
          .onConflict((oc) => oc.column('graduate_id').doNothing())
          .execute(),
      () =>
        t.db
          .updateTable('registrations')
          .set((eb) => ({
            status: pick(['approved', 'returned', 'voided', 'approved'] as const),
            version: eb('version', '+', rnd() < 0.5 ? 1 : 0),
            destination: JSON.stringify({ type: pick(types) }),
          }))
          .where('graduate_id', '=', pick(ids))
          .execute(),
      // Mostly a confirmation of the registration's current version, sometimes of an older one.
      async () => {
        const id = pick(ids)
        const reg = await t.db
          .selectFrom('registrations')
          .select('version')
          .where('graduate_id', '=', id)
          .executeTakeFirst()
        const version = (reg?.version ?? 1) - (rnd() < 0.2 ? 1 : 0)
        await t.db
          .insertInto('confirmations')
          .values({
            graduate_id: id,
            registration_version: version,
            result: pick(['确认无误', '确认有误'] as const),
            at,
          })
          .onConflict((oc) =>
            oc.column('graduate_id').doUpdateSet((eb) => ({
              registration_version: eb.ref('excluded.registration_version'),
              result: eb.ref('excluded.result'),
            })),
          )
          .execute()
      },
      () => t.db.deleteFrom('confirmations').where('graduate_id', '=', pick(ids)).execute(),
      async () => {
        const id = pick(ids)
        await t.db
          .updateTable('transfer_numbers')
          .set({ superseded_at: at })
          .where('graduate_id', '=', id)
          .where('superseded_at', 'is', null)
          .execute()
        numberSeq += 1
        await t.db
          .insertInto('transfer_numbers')
          .values({
            number: `N${String(numberSeq).padStart(16, '0')}`,
            graduate_id: id,
            registration_version: 1,
            generated_at: at,
          })
          .execute()
      },
      () =>
        t.db
          .updateTable('transfer_numbers')
          .set({ superseded_at: at })
          .where('graduate_id', '=', pick(ids))
          .where('superseded_at', 'is', null)
          .execute(),
    ]
    for (let i = 0; i < 8; i++) await steps[0]()
    for (let i = 0; i < 300; i++) {
      const step = Math.floor(rnd() * steps.length)
      await steps[step]()
      const want = await recount(t)
      expect({ i, step, counters: await counters(t) }).toEqual({
        i,
        step,
        counters: want,
      })
    }
    expect(ids.length).toBeGreaterThan(5)
  })
})
