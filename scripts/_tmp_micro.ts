import { openSqlite, migrate } from '../src/db/sqlite.js'
import { LOOKUP_SQL } from '../src/lookup/queries.js'
import { generateNumber } from '../src/domain/numbers.js'
const s = openSqlite(':memory:'); migrate(s.sqlite)
const db = s.sqlite
const N0 = 100000
db.exec(`INSERT INTO schools (id, code, name, created_at) VALUES (1,'10001','x','x'); INSERT INTO departments (id, school_id, name, created_at) VALUES (1,1,'d','x');`)
db.prepare(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${N0})
 INSERT INTO graduates (id, school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code, political_code, education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code, enrolled_at, graduation_time, phone, created_at, updated_at)
 SELECT i, 1, 1, 'S'||i, '毕业生'||i, '毕业生'||i, 'B'||i, '1','01','13','31','0809','计算机科学与技术','4','1','110108','202209','202606','13800138000','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z' FROM seq`).run()
db.prepare(`INSERT INTO registrations (graduate_id, status, source, version, destination, archive, hukou, created_at, updated_at) SELECT id, 'approved', '登记系统', 1, ?, ?, ?, 'x','x' FROM graduates`).run(JSON.stringify({ type: '签就业协议书就业', unitName: '学信咨询服务有限公司', unitCreditCode: null, unitNature: '39', unitIndustry: '65', unitLocation: '110102', jobCategory: '20', school: null, country: null }), JSON.stringify({ transferType: '托管单位接收', unitName: '北京市海淀区人力资源公共服务中心', unitAddress: '北京市海淀区苏州街 36 号', unitLocation: '110108', postcode: '100195', contact: '王维', phone: '18593241256' }), '{"c":3}')
const nums: string[] = []
const ins = db.prepare('INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at) VALUES (?, ?, 1, ?)')
db.transaction(() => { for (let i = 1; i <= N0; i++) { const n = generateNumber('transfer', '202606', '10001'); nums.push(n); ins.run(n, i, 'x') } })()
function time(label: string, fn: (i: number) => unknown) { const N = 100000; for (let i = 0; i < 5000; i++) fn(i); const t = performance.now(); for (let i = 0; i < N; i++) fn(i); console.log(label, ((performance.now() - t) * 1000 / N).toFixed(2), 'µs') }
const pick = (i: number) => nums[(i * 7919) % N0]
const full = db.prepare(LOOKUP_SQL.transfer)
const inner = db.prepare(`SELECT g.id AS graduate_id, g.name, g.name_key, g.gender_code, g.education_code, g.major_name, g.length_of_schooling, g.origin_code, g.graduation_time, g.withdrawn_at, s.name AS school_name, r.status, r.destination, CASE WHEN ? = 'hukou' THEN r.hukou ELSE r.archive END AS section, n.superseded_at,
 (SELECT count FROM rate_limits WHERE key = ?) AS rl_count, (SELECT window_start FROM rate_limits WHERE key = ?) AS rl_ws
 FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id JOIN schools s ON s.id = g.school_id LEFT JOIN registrations r ON r.graduate_id = g.id WHERE n.number = ?`)
const minimal = db.prepare('SELECT n.graduate_id FROM transfer_numbers n WHERE n.number = ?')
const nojson = db.prepare(`SELECT g.id AS graduate_id, g.name, g.name_key, g.gender_code, g.education_code, g.major_name, g.length_of_schooling, g.origin_code, g.graduation_time, g.withdrawn_at FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id WHERE n.number = ?`)
const raw = db.prepare(`SELECT g.id AS graduate_id, g.name FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id WHERE n.number = ?`).raw(true)
for (let k = 0; k < 2; k++) {
  time('full', (i) => full.get('archive', pick(i), 'k'))
  time('inner+scalar', (i) => inner.get('archive', 'k', 'k', pick(i)))
  time('minimal', (i) => minimal.get(pick(i)))
  time('graduate cols', (i) => nojson.get(pick(i)))
  time('2 cols raw', (i) => raw.get(pick(i)))
}
