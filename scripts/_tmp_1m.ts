import { existsSync, writeFileSync, readFileSync } from 'node:fs'
import { openSqlite, migrate } from '../src/db/sqlite.js'
import { parseConfig } from '../src/config.js'
import { bootstrap } from '../src/db/bootstrap.js'
import { LOOKUP_SQL } from '../src/lookup/queries.js'
const path = '/tmp/qx-1m/bench.db'
const fresh = !existsSync(path)
const store = openSqlite(path); migrate(store.sqlite)
let sample: Array<{ name: string; number: string }>
if (fresh) {
  const { build } = await import('../bench/lookup.bench.js')
  const boot = await bootstrap(store.db, parseConfig({ ADMIN_PASSWORD: 'bench-password', SCHOOL_CODE: '10001' }), new Date())
  sample = build(store, boot.schoolId, '202606'); writeFileSync('/tmp/qx-1m/sample.json', JSON.stringify(sample))
} else sample = JSON.parse(readFileSync('/tmp/qx-1m/sample.json', 'utf8'))
const db = store.sqlite
console.log(db.pragma('mmap_size'), db.pragma('cache_size'), db.pragma('page_size'))
function time(label: string, fn: (i: number) => unknown) { const N = 50000; for (let i = 0; i < 5000; i++) fn(i); const t = performance.now(); for (let i = 0; i < N; i++) fn(i); console.log(label, ((performance.now() - t) * 1000 / N).toFixed(2), 'µs') }
const pick = (i: number) => sample[i % sample.length].number
const full = db.prepare(LOOKUP_SQL.transfer)
const minimal = db.prepare('SELECT graduate_id FROM transfer_numbers WHERE number = ?')
const g = db.prepare('SELECT g.name FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id WHERE n.number = ?')
const gr = db.prepare('SELECT g.name, r.status FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id JOIN registrations r ON r.graduate_id = g.id WHERE n.number = ?')

console.log(db.prepare('EXPLAIN QUERY PLAN ' + LOOKUP_SQL.transfer).all('archive', 'x', 'k').map((r: any) => r.detail))
const ids = sample.map((x) => (minimal.get(x.number) as any).graduate_id)

const fullRaw = db.prepare(LOOKUP_SQL.transfer).raw(true)
const noRl = db.prepare(LOOKUP_SQL.transfer.replace('LEFT JOIN rate_limits rl ON rl.key = ?', 'LEFT JOIN rate_limits rl ON rl.key = 1'))
const inner = db.prepare(LOOKUP_SQL.transfer.replace('FROM (SELECT 1) AS one\nLEFT JOIN transfer_numbers n ON n.number = ?', 'FROM transfer_numbers n').replace('LEFT JOIN graduates', 'JOIN graduates') + ' WHERE n.number = ?')
console.log(inner.source.slice(-300))
for (let k = 0; k < 3; k++) {
  time('full', (i) => full.get('archive', pick(i), 'k'))
  time('full raw', (i) => fullRaw.get('archive', pick(i), 'k'))
  time('inner', (i) => inner.get('archive', 'k', pick(i)))
}
process.exit(0)
