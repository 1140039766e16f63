import { openSqlite, migrate } from '../src/db/sqlite.js'
import { parseConfig } from '../src/config.js'
import { bootstrap } from '../src/db/bootstrap.js'
import { bufferedLookupLog } from '../src/lookup-log.js'
import { sqliteStatements } from '../src/lookup/statements.js'
import { performLookup } from '../src/lookup/service.js'
import { build } from '../bench/lookup.bench.js'
const s = openSqlite(':memory:'); migrate(s.sqlite)
const config = parseConfig({ ADMIN_PASSWORD: 'bench-password', SCHOOL_CODE: '10001' })
const boot = await bootstrap(s.db, config, new Date())
const sample = build(s, boot.schoolId, '202611', 20000)
const log = bufferedLookupLog(s.db, { timers: false })
const mk = (lookupLog: any) => ({ db: s.db, batch: s.batch, config, secretKey: boot.secretKey, now: () => new Date(), storage: null as any, lookupLog, statements: sqliteStatements(s.sqlite) })
const nolog = mk({ add() {}, async flush() {} }), withlog = mk(log)
async function time(label: string, deps: any) { const N = 30000; for (let i = 0; i < 3000; i++) await performLookup(deps, { kind: 'archive', name: sample[i % sample.length].name, number: sample[i % sample.length].number, clientAddress: '127.0.0.1' }); const t = performance.now(); for (let i = 0; i < N; i++) { const r = await performLookup(deps, { kind: 'archive', name: sample[i % sample.length].name, number: sample[i % sample.length].number, clientAddress: '127.0.0.1' }); if (!r.ok) throw new Error(JSON.stringify(r)) } console.log(label, ((performance.now() - t) * 1000 / N).toFixed(1), 'µs') }
for (let k = 0; k < 3; k++) { await time('nolog', nolog); await time('withlog', withlog) }
const { LOOKUP_SQL } = await import('../src/lookup/queries.js')
const db = s.sqlite
console.log(db.prepare('EXPLAIN QUERY PLAN ' + LOOKUP_SQL.transfer).all('archive', 'x', 'k').map((r: any) => r.detail).join(' | '))
function t2(label: string, sql: string, args: (n: string) => unknown[]) { const st = db.prepare(sql); const N = 30000; for (let i = 0; i < 3000; i++) st.get(...args(sample[i % sample.length].number)); const t = performance.now(); for (let i = 0; i < N; i++) st.get(...args(sample[i % sample.length].number)); console.log(label, ((performance.now() - t) * 1000 / N).toFixed(1), 'µs') }
const F = LOOKUP_SQL.transfer
for (let k = 0; k < 2; k++) {
t2('full', F, (n) => ['archive', n, 'k'])
t2('no rl', F.replace('LEFT JOIN rate_limits rl ON rl.key = ?', 'LEFT JOIN rate_limits rl ON rl.key = NULL'), (n) => ['archive', n])
t2('no schools', F.replace('LEFT JOIN schools s ON s.id = g.school_id', 'LEFT JOIN schools s ON s.id = 1'), (n) => ['archive', n, 'k'])
t2('no reg', F.replace('LEFT JOIN registrations r ON r.graduate_id = g.id', 'LEFT JOIN registrations r ON r.id = 0'), (n) => ['archive', n, 'k'])
t2('inner', F.replace('FROM (SELECT 1) AS one\nLEFT JOIN transfer_numbers n ON n.number = ?', 'FROM transfer_numbers n').replace('LEFT JOIN rate_limits rl ON rl.key = ?', 'LEFT JOIN rate_limits rl ON rl.key = ?') + ' WHERE n.number = ?', (n) => ['archive', 'k', n])
}
db.exec('DELETE FROM sqlite_stat1'); db.exec('ANALYZE sqlite_schema')
t2('full no stats', F, (n) => ['archive', n, 'k'])
t2('select 1', 'SELECT 1 AS x', () => [])
t2('minimal', 'SELECT graduate_id FROM transfer_numbers WHERE number = ?', (n) => [n])
t2('grad', 'SELECT g.* FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id WHERE n.number = ?', (n) => [n])
t2('grad name', 'SELECT g.name FROM transfer_numbers n JOIN graduates g ON g.id = n.graduate_id WHERE n.number = ?', (n) => [n])
t2('reg', 'SELECT r.* FROM transfer_numbers n JOIN registrations r ON r.graduate_id = n.graduate_id WHERE n.number = ?', (n) => [n])
t2('reg status', 'SELECT r.status FROM transfer_numbers n JOIN registrations r ON r.graduate_id = n.graduate_id WHERE n.number = ?', (n) => [n])
t2('reg dest', 'SELECT r.destination FROM transfer_numbers n JOIN registrations r ON r.graduate_id = n.graduate_id WHERE n.number = ?', (n) => [n])
console.log(db.prepare('SELECT length(destination) AS d, length(archive) AS a FROM registrations LIMIT 1').get())
