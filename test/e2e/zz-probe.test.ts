import { it, expect } from 'vitest'
import { createTestApp } from '../helpers.js'
import { pdfText, pdfQr } from '../pdf-helpers.js'
import { approvedGraduate, archive, destination, fileForm, hukou, rosterRow, importRoster, studentLogin, submitRegistration, toXlsx, transferNumbers, NEW_PASSWORD, graduateId } from './outsider.js'

it('probe', async () => {
  const t = await createTestApp({ env: { VERIFY_FAILURE_LIMIT: '2', TRUST_PROXY: '1' } })
  const admin = t.adminToken
  const log = (...a: unknown[]) => console.log('PROBE', ...a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))))
  const g = await approvedGraduate(t, { 生源所在地代码: '430104' }, { destination: destination({ unitLocation: '320102' }), archive: archive(), hukou: hukou() })
  const dean = await t.createStaff('dean', { department: '计算机学院' })
  await t.createStaff('clerk', { role: 'school' })
  const n = (await transferNumbers(t, [g.id])).get(g.id)!
  const pdf = new Uint8Array(await (await t.request('GET', `/api/v1/graduates/${g.id}/transfer-sheet.pdf`, { token: t.adminToken })).arrayBuffer())
  log('sheet text', (await pdfText(pdf)).join(''))
  // review mode
  const rm = await t.json('GET', '/api/v1/settings/review-mode', { token: admin })
  log('review mode', rm.status, rm.data)
  const set = await t.json('PUT', '/api/v1/settings/review-mode', { token: admin, body: { reviewMode: '先院系再校级审核' } })
  log('set review mode', set.status, set.data)
  const r2 = rosterRow(); await importRoster(t, admin, [r2]); const tok = await studentLogin(t, r2)
  const sub = await submitRegistration(t, tok)
  let d = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, { token: admin, body: { decision: 'approve' } })
  log('school first', d.status, d.data.status ?? d.data)
  d = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, { token: dean, body: { decision: 'approve' } })
  log('dean', d.status, d.data.status ?? d.data)
  d = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, { token: dean, body: { decision: 'approve' } })
  log('dean again', d.status, d.data.status ?? d.data)
  d = await t.json('POST', `/api/v1/registrations/${sub.id}/decision`, { token: admin, body: { decision: 'approve' } })
  log('school', d.status, d.data.status ?? d.data)
  // confirm then registration import → 未确认
  const c = await t.json('POST', '/api/v1/me/confirmation', { token: tok, body: { result: '确认无误' } })
  log('confirm', c.status)
  const cols = ['身份证号', '毕业去向', '单位名称', '统一社会信用代码', '单位性质代码', '单位行业代码', '单位所在地代码', '工作职位类别代码']
  const dd = destination({ unitName: '换了一家公司' })
  const imp = await t.json('POST', '/api/v1/registrations/import', { token: admin, body: fileForm(await toXlsx([cols, [r2.身份证号, dd.type, dd.unitName, dd.unitCreditCode, dd.unitNature, dd.unitIndustry, dd.unitLocation, dd.jobCategory]]), 'r.xlsx') })
  log('reg import', imp.data)
  const id2 = await graduateId(t, r2.学号)
  const cl = await t.json('GET', '/api/v1/confirmations', { token: admin })
  log('state after import', cl.data.items.find((i: any) => i.graduateId === id2))
  const reg = await t.json('GET', '/api/v1/me/registration', { token: tok })
  log('reg after import', reg.data.status, reg.data.source, reg.data.archive, reg.data.version)
  // lock & unlock
  for (let i = 0; i < 5; i++) await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'nope-nope' } })
  const un = await t.json('POST', '/api/v1/users/clerk/unlock', { token: admin })
  log('unlock', un.status, un.data)
  const li = await t.json('POST', '/api/v1/session', { body: { username: 'clerk', password: 'clerk-password' } })
  log('after unlock', li.status)
  // student locked
  for (let i = 0; i < 6; i++) { const x = await t.json('POST', '/api/v1/session', { body: { username: r2.学号, password: 'nope-nope' } }); if (i >= 4) log('student lock', x.status, x.data.error?.code) }
  // 410 counts?
  const H = { 'X-Forwarded-For': '9.9.9.9' }
  t.clock.set('2027-01-02T00:00:00+08:00')
  for (let i = 0; i < 3; i++) { const r = await t.json('POST', '/api/v1/verify', { body: { kind: 'archive', name: g.name, number: n }, headers: H }); log('410 count', r.status, r.data.error?.code) }
  t.clock.set('2026-07-01T00:00:00+08:00')
  // page 429 retry-after
  for (let i = 0; i < 3; i++) { const r = await t.app.request('/verify', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '8.8.8.8' }, body: new URLSearchParams({ kind: 'archive', name: 'x', number: n }) }); log('page', r.status, r.headers.get('retry-after')) }
  // QR page for withdrawn
  const link = await pdfQr(pdf)
  await t.json('POST', `/api/v1/graduates/${g.id}/withdraw`, { token: admin, body: { reason: '退学' } })
  const qr = await t.app.request(link!.replace('http://localhost:8787', ''), { headers: { 'x-forwarded-for': '7.7.7.7' } })
  const qt = await qr.text()
  log('qr withdrawn', qr.status, qt.includes(g.name), qt.includes(archive().unitName))
})
