/**
 * 届 on 档案信息转递列表 (contract §6, issue 14 item 5): the list opens on the current 届, shows
 * an earlier one with cohort=2026 and every 届 with cohort=all; the downloads, the generation
 * forms and their way back carry the 届, and 为筛选出的全部生成 numbers that 届 only. The API list
 * and its exports filter with cohort= and, without it, cover every 届.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { readXlsx } from '../roster/fixtures.js'
import { currentNumber, register } from './fixtures.js'
import { AFTER_SWITCH, hrefs, picker } from '../cohort.js'

async function school() {
  const t = await createTestApp({ now: AFTER_SWITCH })
  const old = await insertGraduate(t, { graduation_time: '202606', name: '二六届甲' })
  const fresh = await insertGraduate(t, { graduation_time: '202706', name: '二七届乙' })
  for (const g of [old, fresh]) await register(t, g.id)
  const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
  return { t, old, fresh, admin }
}

describe('届 on 档案信息转递列表', () => {
  it('the list opens on the current 届; cohort=2026 and all; the downloads and forms carry it', async () => {
    const { admin } = await school()
    let r = await admin.get('/admin/transfer')
    expect(r.status).toBe(200)
    expect(r.html).toContain('二七届乙')
    expect(r.html).not.toContain('二六届甲')
    expect(picker(r.html).selected).toBe('2027')
    expect(hrefs(r.html, '/api/v1/transfer-numbers.xlsx')).toEqual(['/api/v1/transfer-numbers.xlsx?cohort=2027'])

    r = await admin.get('/admin/transfer?cohort=2026')
    expect(r.html).toContain('二六届甲')
    expect(r.html).not.toContain('二七届乙')
    expect(hrefs(r.html, '/api/v1/transfer-sheets.zip')).toEqual(['/api/v1/transfer-sheets.zip?cohort=2026'])
    expect(r.html).toContain('<input type="hidden" name="f_cohort" value="2026"/>')

    r = await admin.get('/admin/transfer?cohort=all')
    expect(r.html).toContain('二六届甲')
    expect(r.html).toContain('二七届乙')
    // 全部届别: the API's downloads have no cohort (every 届); the forms say all.
    expect(hrefs(r.html, '/api/v1/transfer-numbers.xlsx')).toEqual(['/api/v1/transfer-numbers.xlsx'])
    expect(r.html).toContain('<input type="hidden" name="f_cohort" value="all"/>')
  })

  it('为筛选出的全部生成 numbers the 届 shown, and comes back to it', async () => {
    const { t, admin, old, fresh } = await school()
    const preview = await admin.post('/admin/transfer/preview', { scope: 'all', f_cohort: '2026' })
    expect(preview.html).toMatch(/新生成 <strong data-count="generated">1<\/strong>/)
    const done = await admin.post('/admin/transfer/generate', { scope: 'all', f_cohort: '2026', confirmed: '1' })
    expect(done.status).toBe(303)
    expect(done.location).toContain('cohort=2026')
    expect(await currentNumber(t, old.id)).not.toBeNull()
    expect(await currentNumber(t, fresh.id)).toBeNull()
    const all = await admin.post('/admin/transfer/generate', { scope: 'all', f_cohort: 'all', confirmed: '1' })
    expect(all.location).toContain('done=1.0.1.0')
    expect(await currentNumber(t, fresh.id)).not.toBeNull()
  })

  it('the API list and export filter with cohort= and have no default', async () => {
    const { t } = await school()
    const token = t.adminToken
    const names = async (q: string) =>
      (await t.json('GET', `/api/v1/transfer-numbers${q}`, { token })).data.items
        .map((i: { name: string }) => i.name)
        .sort()
    expect(await names('')).toEqual(['二七届乙', '二六届甲'].sort())
    expect(await names('?cohort=2027')).toEqual(['二七届乙'])
    const x = JSON.stringify(
      await readXlsx(
        await (await t.request('GET', '/api/v1/transfer-numbers.xlsx?cohort=2026', { token })).arrayBuffer(),
      ),
    )
    expect(x).toContain('二六届甲')
    expect(x).not.toContain('二七届乙')
    const bad = await t.json('GET', '/api/v1/transfer-numbers?cohort=all', { token })
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toContain('届别')
  })
})
