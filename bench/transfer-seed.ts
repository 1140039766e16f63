/**
 * Seeds a bench database with `n` graduates, each with an approved registration (written straight
 * through better-sqlite3 in one transaction — the bench measures the transfer feature, not the
 * roster import). Names use rare characters too, so the sheets' font subsets are realistic.
 */
import type BetterSqlite3 from 'better-sqlite3'

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
  const destination = JSON.stringify({
    type: '签就业协议书就业',
    unitName: '北京学信咨询服务有限公司',
    unitCreditCode: '91110000802100433B',
    unitNature: '39',
    unitIndustry: '65',
    unitLocation: '110102',
    jobCategory: '20',
    school: '',
    country: '',
  })
  const archive = JSON.stringify({
    transferType: '托管单位接收',
    unitName: '北京市海淀区人力资源公共服务中心',
    unitAddress: '北京市海淀区苏州街36号',
    unitLocation: '110108',
    postcode: '100080',
    contact: '王维',
    phone: '010-82345678',
  })
  const hukou = JSON.stringify({
    migrationType: '转回生源地',
    location: '420602',
    address: '湖北省襄阳市襄城区公安分局',
  })
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
