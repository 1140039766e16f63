/**
 * Destructive page actions ask first, also without JavaScript: a post without `confirmed=1`
 * answers a confirmation page (200) that re-posts the same fields, and nothing changes until the
 * 确认 button is pressed. The JSON API is not affected.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { approved, graduateWithToken, pageSession, submitted } from '../registration/fixtures.js'
import { register } from '../transfer/fixtures.js'

type Session = Awaited<ReturnType<typeof pageSession>>

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** What the confirmation page's form would post: its action and hidden fields, as a browser reads them. */
function confirmForm(html: string) {
  const form =
    /<form method="post" action="([^"]+)">((?:(?!<\/form>).)*?<input type="hidden" name="confirmed" value="1"\/>)/s.exec(
      html,
    )
  if (!form) throw new Error('no confirmation form')
  const fields: Array<[string, string]> = [
    ...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g),
  ].map((m) => [decode(m[1]), decode(m[2])])
  return { action: decode(form[1]), fields }
}

/** Press 确认: post exactly the page's hidden fields (its own _csrf included), nothing added. */
async function pressConfirm(s: Session, html: string) {
  const { action, fields } = confirmForm(html)
  const grouped: Record<string, string[]> = {}
  for (const [k, v] of fields) (grouped[k] ??= []).push(v)
  return s.post(action, grouped, { withCsrf: false })
}

function expectConfirmPage(r: { status: number; html: string }, hidden: Record<string, string>, back: string) {
  expect(r.status).toBe(200)
  expect(r.html).toContain('data-confirm-page')
  expect(r.html).toMatch(/<button[^>]*type="submit">确认/)
  expect(r.html).toContain(`<a class="button secondary" href="${back}">取消</a>`)
  const { fields } = confirmForm(r.html)
  expect(fields).toContainEqual(['confirmed', '1'])
  expect(fields.find(([k]) => k === '_csrf')?.[1]).toMatch(/^[\w-]{20,}$/)
  for (const [k, v] of Object.entries(hidden)) expect(fields).toContainEqual([k, v])
  expect(r.html).not.toContain('style="')
}

describe('confirmation before destructive page actions', () => {
  it('registration void (graduate): asks first, changes nothing, then voids on 确认', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    await me.get('/me/registration')
    const ask = await me.post('/me/registration/void', { reason: '重新签约' })
    expectConfirmPage(ask, { reason: '重新签约' }, '/me/registration')
    expect(ask.html).toContain('就业数据将被清空')
    const row = await t.db
      .selectFrom('registrations')
      .select(['status', 'version'])
      .where('id', '=', reg.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'approved', version: reg.version })

    const done = await pressConfirm(me, ask.html)
    expect(done.location).toBe('/me/registration?ok=voided')
    expect(
      (await t.db.selectFrom('registrations').select('status').where('id', '=', reg.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('voided')
  })

  it('registration void and 不通过 (reviewer): ask first; 通过 does not', async () => {
    const t = await createTestApp()
    const a = await graduateWithToken(t)
    const b = await graduateWithToken(t)
    const c = await graduateWithToken(t)
    const ra = await approved(t, a)
    const rb = await submitted(t, b)
    const rc = await submitted(t, c)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    await admin.get('/admin/registrations')
    const status = async (id: number) =>
      (await t.db.selectFrom('registrations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

    const askVoid = await admin.post(`/admin/registrations/${ra.id}/void`, { reason: '协商作废' })
    expectConfirmPage(askVoid, { reason: '协商作废' }, `/admin/registrations/${ra.id}`)
    expect(await status(ra.id)).toBe('approved')
    expect((await pressConfirm(admin, askVoid.html)).location).toBe(`/admin/registrations/${ra.id}?ok=voided`)
    expect(await status(ra.id)).toBe('voided')

    // The pressed button's name/value travels through the page.
    const askReject = await admin.post(`/admin/registrations/${rb.id}/decision`, {
      decision: 'reject',
      reason: '材料不实',
    })
    expectConfirmPage(askReject, { decision: 'reject', reason: '材料不实' }, `/admin/registrations/${rb.id}`)
    expect(await status(rb.id)).toBe('submitted')
    expect((await pressConfirm(admin, askReject.html)).location).toBe(`/admin/registrations/${rb.id}?ok=reject`)
    expect(await status(rb.id)).not.toBe('submitted')

    const approve = await admin.post(`/admin/registrations/${rc.id}/decision`, { decision: 'approve' })
    expect(approve.location).toBe(`/admin/registrations/${rc.id}?ok=approve`)
  })

  it('graduate withdraw: asks with the name, changes nothing, then withdraws on 确认; out of scope is 404', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '沙悟净', department: '外国语学院' })
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    await admin.get(`/admin/roster/${g.id}`)
    const ask = await admin.post(`/admin/roster/${g.id}/withdraw`, { reason: '退学' })
    expectConfirmPage(ask, { reason: '退学' }, `/admin/roster/${g.id}`)
    expect(ask.html).toContain('确定将 沙悟净 撤出生源吗')
    expect(
      (await t.db.selectFrom('graduates').select('withdrawn_at').where('id', '=', g.id).executeTakeFirstOrThrow())
        .withdrawn_at,
    ).toBeNull()

    const done = await pressConfirm(admin, ask.html)
    expect(done.status).toBe(303)
    expect(
      (await t.db.selectFrom('graduates').select('withdrawn_at').where('id', '=', g.id).executeTakeFirstOrThrow())
        .withdrawn_at,
    ).not.toBeNull()

    // A department user never learns another 院系's graduate's name from the question.
    const other = await insertGraduate(t, { name: '猪八戒', department: '数学学院' })
    await t.createStaff('dep', { role: 'department', department: '外国语学院' })
    const dep = await pageSession(t, 'admin', 'dep', 'dep-password')
    await dep.get('/admin/roster')
    const hidden = await dep.post(`/admin/roster/${other.id}/withdraw`, { reason: '退学' })
    expect(hidden.status).toBe(404)
    expect(hidden.html).not.toContain('猪八戒')
  })

  it('核验授权 revoke: asks first, changes nothing, then revokes on 确认; the JSON API does not ask', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '陈诚' })
    await register(t, g.id)
    const token = await studentToken(t, g)
    const mk = async () => {
      const r = await t.json('POST', '/api/v1/me/verification-grants', { token, body: { password: 'new-password-1' } })
      expect(r.status).toBe(201)
      return (r.data as { number: string }).number
    }
    const number = await mk()
    const s = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    await s.get('/me/authorization')
    const ask = await s.post('/me/authorization/revoke', { number })
    expectConfirmPage(ask, { number }, '/me/authorization')
    expect(ask.html).toContain(`核验编号 ${number} 将不能再查询`)
    const revokedAt = async (n: string) =>
      (
        await t.db
          .selectFrom('verification_grants')
          .select('revoked_at')
          .where('number', '=', n)
          .executeTakeFirstOrThrow()
      ).revoked_at
    expect(await revokedAt(number)).toBeNull()

    const done = await pressConfirm(s, ask.html)
    expect(done.status).toBe(200)
    expect(done.html).toContain('已撤销')
    expect(await revokedAt(number)).not.toBeNull()

    const viaApi = await mk()
    expect((await t.json('DELETE', `/api/v1/me/verification-grants/${viaApi}`, { token })).status).toBe(204)
    expect(await revokedAt(viaApi)).not.toBeNull()
  })

  it('transfer numbers: the preview is the confirmation; a post that skipped it is asked with the counts', async () => {
    const t = await createTestApp()
    const g = await insertGraduate(t, { name: '张三' })
    await register(t, g.id)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    await admin.get('/admin/transfer')
    const preview = await admin.post('/admin/transfer/preview', { scope: 'selected', graduateIds: [String(g.id)] })
    expect(preview.status).toBe(200)
    expect(preview.html).toContain('<input type="hidden" name="confirmed" value="1"/>')
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('transfer_numbers')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const ask = await admin.post('/admin/transfer/generate', { scope: 'selected', graduateIds: [String(g.id)] })
    expectConfirmPage(ask, { scope: 'selected', graduateIds: String(g.id) }, '/admin/transfer')
    expect(ask.html).toContain('确定为 1 人生成、为 0 人重新生成转递编号吗')
    expect(await count()).toBe(0)
    expect((await pressConfirm(admin, ask.html)).status).toBe(303)
    expect(await count()).toBe(1)
  })

  it('the other destructive page forms ask too, without changing anything', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await t.json('PUT', '/api/v1/me/registration', { token: g.token, body: {} })
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    await admin.get('/admin/users')
    const audits = async () =>
      Number(
        (
          await t.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await audits()
    expectConfirmPage(await admin.post('/admin/users/admin/unlock', {}), {}, '/admin/users')
    expectConfirmPage(
      await admin.post('/admin/roster/corrections/decisions', {
        ids: ['1', '2'],
        decision: 'return',
        reason: '请核对',
      }),
      { decision: 'return', reason: '请核对' },
      '/admin/roster/corrections',
    )
    expectConfirmPage(
      await admin.post('/admin/registrations/batch-approve', { ids: ['1'] }),
      { ids: '1' },
      '/admin/registrations?status=pending',
    )
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    await me.get('/me/registration')
    expectConfirmPage(await me.post('/me/registration/attachments/abc/delete', {}), {}, '/me/registration')
    expectConfirmPage(await me.post('/me/registration/withdraw', {}), {}, '/me/registration')
    expectConfirmPage(await me.post('/me/roster/withdraw', {}), {}, '/me')
    expect(await audits()).toBe(before)
    // Nothing chosen: no question, the page's own message.
    expect((await admin.post('/admin/registrations/batch-approve', {})).html).toContain('请先在列表中勾选')
  })

  it('the confirmation page still needs the CSRF token', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    await approved(t, g)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const r = await me.post('/me/registration/void', { reason: 'x', confirmed: '1' }, { withCsrf: false })
    expect(r.status).toBe(403)
    expect(await t.db.selectFrom('registrations').select('status').executeTakeFirstOrThrow()).toEqual({
      status: 'approved',
    })
  })

  it('app.js marks a form confirmed after window.confirm()', async () => {
    const t = await createTestApp()
    const js = await (await t.app.request('/static/app.js')).text()
    expect(js).toMatch(/if \(!window\.confirm\(msg\)\) \{ e\.preventDefault\(\); return; \}/)
    expect(js).toContain("old.name = 'confirmed'")
    expect(js).toContain("old.value = '1'")
  })
})
