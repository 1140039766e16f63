/**
 * A province at scale (issue 18 item 6): 100 schools and 1,000,000 graduates on SQLite (a file in
 * the temporary folder), seeded with one INSERT … SELECT per table from a recursive counter.
 * 60 % have an approved registration, 30 % a confirmation, 40 % a 转递编号. Figures:
 * - province_stats_ms: GET /api/v1/province/stats for the 届 (all 1,000,000 graduates), median of 3;
 * - school_list_p99_ms: GET /api/v1/graduates (one school's roster list, 10,000 graduates, pages
 *   spread over the list), p99 of 200 requests through the whole app in-process.
 * PROVINCE_BENCH_GRADUATES sets a smaller size for a quick run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { BenchModule, Figure } from './types.js'
import { FAST_HASH, openBench } from './common.js'
import { createApp } from '../src/app.js'
import type { SqliteDatabase } from '../src/platform/node/sqlite.js'

const SCHOOLS = 100
const PASSWORD = 'bench-province-1'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const r1 = (x: number) => Math.round(x * 10) / 10

const bench: BenchModule = {
  name: 'province',
  async run() {
    const total = Number(process.env.PROVINCE_BENCH_GRADUATES ?? 1_000_000)
    const perSchool = Math.floor(total / SCHOOLS)
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-province-bench-'))
    const now = new Date('2026-06-15T10:00:00+08:00')
    let store: SqliteDatabase | undefined
    try {
      const bench = await openBench(
        join(dir, 'province.db'),
        { DEPLOYMENT: 'province', PROVINCE_CODE: '44', PROVINCE_NAME: '广东省', ADMIN_PASSWORD: PASSWORD },
        { passwordParams: FAST_HASH, now: () => now, timers: false },
      )
      store = bench.store
      const app = createApp(bench.deps)
      const call = (method: string, path: string, token?: string, body?: unknown) =>
        app.request(path, {
          method,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(body ? { 'Content-Type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        })
      const login = async (username: string, password: string, school?: string) =>
        (await (await call('POST', '/api/v1/session', undefined, { username, password, school })).json())
          .token as string
      const province = await login('province', PASSWORD)
      // The first school through the API (its admin signs in for the list figure), the others by SQL.
      const first = await (await call('POST', '/api/v1/schools', province, { code: '10001', name: '学校1' })).json()

      const t0 = performance.now()
      const at = now.toISOString()
      const s = bench.store.sqlite
      s.pragma('synchronous = OFF')
      s.exec(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ${SCHOOLS})
        INSERT INTO schools (code, name, kind, created_at) SELECT printf('1%04d', i), '学校' || i, 'school', '${at}' FROM n`)
      s.exec(
        `INSERT INTO departments (school_id, name, created_at) SELECT id, '计算机学院', '${at}' FROM schools WHERE kind = 'school'`,
      )
      s.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${perSchool * SCHOOLS - 1})
        INSERT INTO graduates (school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code,
          political_code, education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code,
          enrolled_at, graduation_time, phone, created_at, updated_at)
        SELECT d.school_id, d.id, printf('S%08d', n.i), '学生' || n.i, '学生' || n.i, printf('4401%014d', n.i), '1', '01',
          '13', '31', '080901', '计算机科学与技术', '4', '1', '440106', '202209', '202606', '13800138000', '${at}', '${at}'
        FROM n JOIN departments d ON d.id = (SELECT min(id) FROM departments) + n.i % ${SCHOOLS}`)
      s.exec(`INSERT INTO registrations (graduate_id, status, source, version, destination, created_at, updated_at)
        SELECT id, 'approved', '登记系统', 1,
          CASE id % 4 WHEN 0 THEN '{"type":"签就业协议书就业"}' WHEN 1 THEN '{"type":"签劳动合同就业"}'
            WHEN 2 THEN '{"type":"境内升学"}' ELSE '{"type":"求职中"}' END, '${at}', '${at}'
        FROM graduates WHERE id % 10 < 6`)
      s.exec(`INSERT INTO confirmations (graduate_id, registration_version, result, at)
        SELECT id, 1, CASE id % 3 WHEN 0 THEN '确认有误' ELSE '确认无误' END, '${at}' FROM graduates WHERE id % 10 < 3`)
      s.exec(`INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at)
        SELECT printf('N%016d', id), id, 1, '${at}' FROM graduates WHERE id % 10 < 4`)
      s.exec('ANALYZE')
      s.pragma('synchronous = NORMAL')
      const seedS = (performance.now() - t0) / 1000

      // Province statistics over the whole 届.
      const statsMs: number[] = []
      let schools = 0
      for (let i = 0; i < 3; i++) {
        const t = performance.now()
        const r = await call('GET', '/api/v1/province/stats?cohort=2026', province)
        const body = await r.json()
        statsMs.push(performance.now() - t)
        schools = body.items.length
      }

      // One school's roster list, pages spread over its 10,000 graduates.
      const admin = await login('admin', first.admin.password, '10001')
      const listMs: number[] = []
      const pages = Math.max(1, Math.floor(perSchool / 20))
      for (let i = 0; i < 200; i++) {
        const t = performance.now()
        const r = await call('GET', `/api/v1/graduates?page=${1 + ((i * 37) % pages)}`, admin)
        await r.arrayBuffer()
        listMs.push(performance.now() - t)
      }
      listMs.sort((a, b) => a - b)
      const p99 = listMs[Math.min(listMs.length - 1, Math.ceil(listMs.length * 0.99) - 1)]

      const figures: Record<string, Figure> = {
        province_stats_ms: {
          value: r1(median(statsMs)),
          unit: 'ms',
          note: `GET /api/v1/province/stats, ${schools} schools, ${perSchool * SCHOOLS} graduates of one 届 (median of 3)`,
        },
        school_list_p99_ms: {
          value: r1(p99),
          unit: 'ms',
          note: `GET /api/v1/graduates of one school (${perSchool} graduates) in a ${perSchool * SCHOOLS}-graduate province, p99 of 200`,
        },
        province_seed_s: { value: r1(seedS), unit: 's', note: 'seeding the province database by SQL' },
      }
      return figures
    } finally {
      store?.sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
