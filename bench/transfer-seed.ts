/**
 * Seeds a bench database with `n` graduates, each with an approved registration (written straight
 * through better-sqlite3 in one transaction — the bench measures the transfer feature, not the
 * roster import), with the transfer tests' registration content. Names use rare characters too, so the sheets' font subsets are realistic.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { ARCHIVE, DESTINATION, HUKOU } from '../test/transfer/fixtures.js'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂堃镕喆赟昇珺祎犇淼昊钰彧'

export function seedGraduates(sqlite: BetterSqlite3.Database, schoolId: number, n: number, { departments = 10 } = {}) {
  const at = new Date().toISOString()
  const dept = sqlite.prepare(
    'INSERT INTO departments (school_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const deptId = sqlite.prepare('SELECT id FROM departments WHERE school_id = ? AND name = ?').pluck()
  const grad =
    sqlite.prepare(`INSERT INTO graduates (school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code, political_code,
    education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code, enrolled_at, graduation_time, phone, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, '01', '13', '31', '080901', '计算机科学与技术', '4', '1', '110108', '202209', '202606', '13800138000', ?, ?)`)
  const reg =
    sqlite.prepare(`INSERT INTO registrations (graduate_id, status, source, version, destination, archive, hukou, submitted_at, approved_at, created_at, updated_at)
    VALUES (?, 'approved', '登记系统', 1, ?, ?, ?, ?, ?, ?, ?)`)
  const [destination, archive, hukou] = [DESTINATION, ARCHIVE, HUKOU].map((x) => JSON.stringify(x))
  sqlite.transaction(() => {
    const ids: number[] = []
    for (let d = 0; d < departments; d++) {
      dept.run(schoolId, `第${d + 1}学院`, at)
      ids.push(deptId.get(schoolId, `第${d + 1}学院`) as number)
    }
    for (let i = 0; i < n; i++) {
      const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13 + 5) % GIVEN.length]
      const r = grad.run(
        schoolId,
        ids[i % departments],
        `B${String(i).padStart(8, '0')}`,
        name,
        name,
        `1101082003${String(i).padStart(8, '0')}`,
        i % 2 ? '1' : '2',
        at,
        at,
      )
      reg.run(r.lastInsertRowid, destination, archive, hukou, at, at, at, at)
    }
  })()
}
