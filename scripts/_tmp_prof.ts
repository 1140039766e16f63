import { openSqlite, migrate } from '../src/db/sqlite.js'
import { parseConfig } from '../src/config.js'
import { bootstrap } from '../src/db/bootstrap.js'
import { createApp } from '../src/app.js'
import { memoryStorage } from '../src/memory-storage.js'
import { bufferedLookupLog } from '../src/lookup-log.js'
import { sqliteStatements } from '../src/lookup/statements.js'
import { generateNumber } from '../src/domain/numbers.js'
import { Hono } from 'hono'
const s = openSqlite(':memory:'); migrate(s.sqlite)
const config = parseConfig({ ADMIN_PASSWORD: 'bench-password', SCHOOL_CODE: '10001' })
const boot = await bootstrap(s.db, config, new Date())
const db = s.sqlite
const N0 = 20000
db.exec(`INSERT INTO departments (id, school_id, name, created_at) VALUES (1,${boot.schoolId},'d','x');`)
db.prepare(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${N0})
 INSERT INTO graduates (id, school_id, department_id, student_no, name, name_key, id_card, gender_code, ethnicity_code, political_code, education_code, major_code, major_name, length_of_schooling, training_mode_code, origin_code, enrolled_at, graduation_time, phone, created_at, updated_at)
 SELECT i, ${boot.schoolId}, 1, 'S'||i, 'n'||i, 'n'||i, 'B'||i, '1','01','13','31','0809','m','4','1','110108','202209','202606','138','x','x' FROM seq`).run()
db.prepare(`INSERT INTO registrations (graduate_id, status, source, version, destination, archive, hukou, created_at, updated_at) SELECT id, 'approved', '登记系统', 1, ?, ?, '{"c":3}', 'x','x' FROM graduates`).run(JSON.stringify({ type: '签就业协议书就业', unitName: '学信', unitLocation: '110102' }), JSON.stringify({ transferType: '托管单位接收', unitName: 'x', unitLocation: '110108', contact: 'w', phone: '1' }))
const nums: string[] = []
const ins = db.prepare('INSERT INTO transfer_numbers (number, graduate_id, registration_version, generated_at) VALUES (?, ?, 1, ?)')
db.transaction(() => { for (let i = 1; i <= N0; i++) { const n = generateNumber('transfer', '202606', '10001'); nums.push(n); ins.run(n, i, 'x') } })()
const app = createApp({ db: s.db, batch: s.batch, config, secretKey: boot.secretKey, now: () => new Date('2026-07-01T00:00:00Z'), storage: memoryStorage(), lookupLog: bufferedLookupLog(s.db), statements: sqliteStatements(db) })
const bare = new Hono(); bare.post('/x', async (c) => c.json(await c.req.json()))
async function time(label: string, fn: (i: number) => Promise<unknown>) { const N = 30000; for (let i = 0; i < 3000; i++) await fn(i); const t = performance.now(); for (let i = 0; i < N; i++) await fn(i); console.log(label, ((performance.now() - t) * 1000 / N).toFixed(2), 'µs') }
const req = (i: number) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'archive', name: 'n' + ((i % N0) + 1), number: nums[i % N0] }) })
const r = await app.request('/api/v1/verify', req(0)); console.log(r.status, (await r.text()).slice(0, 80))
const { createRouter, jsonBody, z } = await import('../src/openapi.js')
const { createRoute } = await import('@hono/zod-openapi')
const r2 = createRouter()
r2.openapi(createRoute({ method: 'post', path: '/v', request: { body: jsonBody(z.object({ kind: z.enum(['archive', 'hukou']), name: z.string().trim().min(1).max(60), number: z.string().min(1).max(64) })) }, responses: { 200: { description: 'x' } } }), (c) => c.json(c.req.valid('json')) as any)
const appNoLog = createApp({ db: s.db, batch: s.batch, config, secretKey: boot.secretKey, now: () => new Date('2026-07-01T00:00:00Z'), storage: memoryStorage(), lookupLog: { add() {}, async flush() {} }, statements: sqliteStatements(db) })
for (let k = 0; k < 2; k++) {
await time('verify nolog', async (i) => { const r = await appNoLog.request('/api/v1/verify', req(i)); await r.text() })
await time('zod route only', async (i) => { const r = await r2.request('/v', req(i)); await r.text() })
await time('app 404 post', async (i) => { const r = await app.request('/api/v1/nothing', req(i)); await r.text() })
await time('verify', async (i) => { const r = await app.request('/api/v1/verify', req(i)); await r.text() })
}
await time('bare post json', async (i) => { const r = await bare.request('/x', req(i)); await r.text() })
await time('healthz', async () => { const r = await app.request('/healthz'); await r.text() })
await time('verify', async (i) => { const r = await app.request('/api/v1/verify', req(i)); await r.text() })

const { performLookup } = await import('../src/lookup/service.js')
const { fetchLookup } = await import('../src/lookup/queries.js')
const { hmac } = await import('../src/crypto.js')
const { nameKey } = await import('../src/domain/names.js')
const { parseNumber } = await import('../src/domain/numbers.js')
const deps = { db: s.db, batch: s.batch, config, secretKey: boot.secretKey, now: () => new Date('2026-07-01T00:00:00Z'), storage: memoryStorage(), lookupLog: { add() {}, async flush() {} }, statements: sqliteStatements(db) }
await time('performLookup', (i) => performLookup(deps as any, { kind: 'archive', name: 'n' + ((i % N0) + 1), number: nums[i % N0], clientAddress: '127.0.0.1' }))
await time('fetch', (i) => fetchLookup(deps as any, 'transfer', nums[i % N0], 'archive', 'k'))
await time('hmac', async (i) => hmac('secretsecretsecretsecretsecret12', 'client', '127.0.0.1'))
await time('nameKey+parse', async (i) => (nameKey('n' + i), parseNumber(nums[i % N0])))
const st = db.prepare((await import('../src/lookup/queries.js')).LOOKUP_SQL.transfer)
await time('raw get', async (i) => st.get('archive', nums[i % N0], 'k'))
process.exit(0)
