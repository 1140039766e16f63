/**
 * The employer's pages (/employer), driven like a browser without JavaScript: cookie session,
 * CSRF tokens, plain form posts. Registration with its errors at their fields, the pending
 * login, the 学生收藏夹 (search, check, add, remove), the 签约邀请函 with a 预设模板, 撤回, and
 * what one employer may not see of another's.
 */
import { describe, expect, it } from 'vitest'
import { createTestApp, insertGraduate, type TestApp } from '../helpers.js'
import { pageSession } from '../registration/fixtures.js'
import { approvedEmployer, employerBody, enableOnlineSigning, invite } from './fixtures.js'

async function employerSession(t: TestApp) {
  const e = await approvedEmployer(t)
  const s = await pageSession(t, 'employer', e.body.username, e.body.password)
  return { ...e, s }
}

/** An anonymous browser: the CSRF cookie and token of the page it read last. */
function anonymous(t: TestApp) {
  let cookie = ''
  let csrf = ''
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) cookie = c.split(';')[0]
  }
  return {
    async get(path: string) {
      const r = await t.app.request(path, { headers: { cookie, accept: 'text/html' } })
      keep(r)
      const html = await r.text()
      csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf
      return { status: r.status, html }
    },
    async post(path: string, fields: Record<string, string>) {
      const r = await t.app.request(path, {
        method: 'POST',
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: csrf }),
      })
      keep(r)
      return { status: r.status, html: await r.text(), location: r.headers.get('location') }
    },
  }
}

const registration = (over: Record<string, string> = {}) => {
  const b = employerBody()
  return {
    name: b.name,
    creditCode: b.creditCode,
    nature: b.nature,
    industry: b.industry,
    location: b.location,
    address: b.address,
    contact: b.contact,
    phone: b.phone,
    email: '',
    username: b.username,
    password: b.password,
    password2: b.password,
    ...over,
  }
}

describe('employer registration and sign-in pages', () => {
  it('registers with errors at their fields, waits for the school, then signs in', async () => {
    const t = await createTestApp()
    const a = anonymous(t)
    const page = await a.get('/employer/register')
    expect(page.status).toBe(200)
    expect(page.html).toContain('<option value="39">其他企业（39）</option>')
    expect(page.html).toContain('data-place="location"')

    // A credit code whose check character is wrong: the page again, the message at that field, typing kept.
    const good = registration()
    const wrongCheck = good.creditCode.slice(0, 17) + (good.creditCode[17] === '0' ? '1' : '0')
    const bad = await a.post('/employer/register', { ...good, creditCode: wrongCheck })
    expect(bad.status).toBe(400)
    expect(bad.html).toMatch(/<p class="field-error" id="creditCode-error">统一社会信用代码：/)
    expect(bad.html).toMatch(
      /id="creditCode" name="creditCode" type="text" value="[^"]+" maxlength="30"[^>]*aria-invalid="true"/,
    )
    expect(bad.html).toContain(`value="${good.name}"`)
    // Passwords that differ, and a username the API refuses: both fields named at once.
    const two = await a.post('/employer/register', { ...good, password2: 'other-pass-1', username: '中文' })
    expect(two.status).toBe(400)
    expect(two.html).toContain('id="password2-error">再次输入密码：两次输入的密码不一致')
    expect(two.html).toContain('id="username-error">用户名：只能使用')
    // The place picker without JavaScript: a search by name posts the form back, nothing saved.
    const pick = await a.post('/employer/register', {
      ...good,
      location: '',
      intent: 'place:location',
      location__q: '海淀',
    })
    expect(pick.status).toBe(200)
    expect(pick.html).toContain('value="place-pick:location:110108"')
    expect(await t.db.selectFrom('employers').select('id').execute()).toHaveLength(0)

    const done = await a.post('/employer/register', good)
    expect(done.status).toBe(303)
    expect(done.location).toBe('/employer/login?registered=1')
    expect((await a.get('/employer/login?registered=1')).html).toContain('学校审核通过后即可')
    // The same credit code again: 409, said at the credit code.
    const again = await a.post('/employer/register', { ...registration(), creditCode: good.creditCode })
    expect(again.status).toBe(409)
    expect(again.html).toContain('id="creditCode-error">该统一社会信用代码已注册')

    // Pending: the right password is told to wait (403); a wrong one learns nothing.
    await a.get('/employer/login')
    const pending = await a.post('/employer/login', { username: good.username, password: good.password })
    expect(pending.status).toBe(403)
    expect(pending.html).toContain('正在等待学校审核')
    const wrong = await a.post('/employer/login', { username: good.username, password: 'not-the-password' })
    expect(wrong.status).toBe(401)
    expect(wrong.html).not.toContain('等待学校审核')
    expect(wrong.html).toContain('用户名或密码错误')

    const row = await t.db.selectFrom('employers').select('id').executeTakeFirstOrThrow()
    await t.json('POST', `/api/v1/employers/${row.id}/decision`, { token: t.adminToken, body: { decision: 'approve' } })
    const s = await pageSession(t, 'employer', good.username, good.password)
    const home = await s.get('/employer')
    expect(home.status).toBe(200)
    expect(home.html).toContain(good.name)
    expect(home.html).toContain('其他企业')
    expect(home.html).toContain('学校尚未开启在线签约')
    expect(home.html).not.toContain('/me/password')
    // An employer on the staff login is sent to its own; a school user cannot open /employer.
    const staffLogin = anonymous(t)
    await staffLogin.get('/admin/login')
    const elsewhere = await staffLogin.post('/admin/login', { username: good.username, password: good.password })
    expect(elsewhere.status).toBe(401)
    expect(elsewhere.html).toContain('这是用人单位账号，请从用人单位入口登录')
    const admin = await pageSession(t, 'admin', 'admin', 'admin-pass-2026')
    expect((await admin.get('/employer')).status).toBe(403)
    expect((await s.get('/admin')).status).toBe(403)
  })
})

describe('学生收藏夹 and invitations', () => {
  it('finds a graduate, adds, invites from a template, withdraws; the 身份证号 never shown beyond what was typed', async () => {
    const t = await createTestApp()
    await enableOnlineSigning(t)
    const g = await insertGraduate(t, { name: '李雷' })
    const { s } = await employerSession(t)

    const search = { studentName: '李雷', idNumber: g.idCard, school: '10001' }
    const miss = await s.post('/employer/favorites/search', { ...search, idNumber: `${g.idCard.slice(0, 17)}0` })
    const missName = await s.post('/employer/favorites/search', { ...search, studentName: '韩梅梅' })
    expect(miss.status).toBe(404)
    expect(miss.html).toContain('没有找到该毕业生，请核对姓名、身份证号和毕业院校')
    expect(missName.html.replace(/value="[^"]*"/g, '')).toBe(miss.html.replace(/value="[^"]*"/g, ''))
    const badCode = await s.post('/employer/favorites/search', { ...search, school: '123' })
    expect(badCode.status).toBe(400)
    expect(badCode.html).toContain('id="school-error">毕业院校：应为 5 位院校代码')

    const found = await s.post('/employer/favorites/search', search)
    expect(found.status).toBe(200)
    expect(found.html).toContain('请确认学生信息无误')
    expect(found.html).toContain('计算机科学与技术')
    expect(await t.db.selectFrom('employer_favorites').select('graduate_id').execute()).toHaveLength(0)
    const added = await s.post('/employer/favorites', search)
    expect(added.location).toBe('/employer/favorites?ok=added')
    const list = await s.get('/employer/favorites?ok=added')
    expect(list.html).toContain('已加入收藏夹')
    expect(list.html).toContain(`href="/employer/invitations/new?graduate=${g.id}"`)
    expect(list.html).not.toContain(g.idCard)

    // The 签约邀请函: a missing 岗位名称 comes back at its field; a bad 应约有效期 too.
    const form = await s.get(`/employer/invitations/new?graduate=${g.id}`)
    expect(form.status).toBe(200)
    expect(form.html).toContain('邀请方')
    expect(form.html).not.toContain(g.idCard)
    const fields = {
      graduate: String(g.id),
      job_category: '13',
      job_title: '软件工程师',
      job_salary: '12000元/月',
      archiveTransfer: '签约单位接收',
      hukouTransfer: '不接收',
      terms: '提供住房补贴',
      responseDays: '7',
      saveTemplate: '1',
      templateName: '研发岗',
    }
    const noTitle = await s.post('/employer/invitations', { ...fields, job_title: '' })
    expect(noTitle.status).toBe(400)
    expect(noTitle.html).toContain('id="job_title-error">岗位名称：必须填写')
    expect(noTitle.html).toContain('value="12000元/月"')
    const badDays = await s.post('/employer/invitations', { ...fields, responseDays: '31' })
    expect(badDays.status).toBe(400)
    expect(badDays.html).toContain('id="responseDays-error">应约有效期：应为 1–30 天')
    const sent = await s.post('/employer/invitations', fields)
    expect(sent.location).toBe('/employer/invitations?status=invited&ok=sent')
    const invited = await s.get('/employer/invitations?status=invited&ok=sent')
    expect(invited.html).toContain('签约邀请函已发出')
    expect(invited.html).toContain('李雷')
    expect(invited.html).toContain('软件工程师')
    expect(invited.html).toContain('撤回邀请')
    expect(invited.html).not.toContain(g.idCard)
    const stored = await t.db.selectFrom('agreements').selectAll().executeTakeFirstOrThrow()
    expect(JSON.parse(stored.job)).toMatchObject({ category: '13', title: '软件工程师', salary: '12000元/月' })
    expect(stored).toMatchObject({ status: 'invited', hukou_transfer: '不接收', terms: '提供住房补贴' })

    // The template it saved fills the next invitation.
    const tpl = await t.db.selectFrom('agreement_templates').selectAll().executeTakeFirstOrThrow()
    expect(tpl.name).toBe('研发岗')
    const filled = await s.get(`/employer/invitations/new?graduate=${g.id}&template=${tpl.id}`)
    expect(filled.html).toContain('已填入预设模板“研发岗”')
    expect(filled.html).toContain('value="软件工程师"')
    expect(filled.html).toMatch(/<option value="13" selected/)

    // 撤回: without JavaScript the confirmation page first, then withdrawn.
    const ask = await s.post(`/employer/invitations/${stored.id}/withdraw`, {})
    expect(ask.status).toBe(200)
    expect(ask.html).toContain('确认撤回签约邀请')
    expect(ask.html).toContain('action="/employer/logout"')
    expect((await t.db.selectFrom('agreements').select('status').executeTakeFirstOrThrow()).status).toBe('invited')
    const w = await s.post(`/employer/invitations/${stored.id}/withdraw`, { confirmed: '1' })
    expect(w.location).toBe('/employer/invitations?status=withdrawn&ok=withdrawn')
    expect((await s.get('/employer/invitations?status=withdrawn')).html).toContain('单位已撤回')
    const twice = await s.post(`/employer/invitations/${stored.id}/withdraw`, { confirmed: '1' })
    expect(twice.status).toBe(409)

    // 删除 from the 收藏夹 (asked first), then the invitation form for that graduate is gone.
    const rm = await s.post(`/employer/favorites/${g.id}/remove`, { confirmed: '1' })
    expect(rm.location).toBe('/employer/favorites?ok=removed')
    expect((await s.get(`/employer/invitations/new?graduate=${g.id}`)).status).toBe(404)
  })

  it('an employer sees and touches only its own', async () => {
    const t = await createTestApp()
    await enableOnlineSigning(t)
    const g = await insertGraduate(t)
    const a = await employerSession(t)
    const b = await employerSession(t)
    await a.s.post('/employer/favorites', { studentName: g.name, idNumber: g.idCard, school: '10001' })
    const inv = await invite(t, a.token, g)
    // B: not in its 收藏夹, not its invitation, not in its lists.
    expect((await b.s.get(`/employer/invitations/new?graduate=${g.id}`)).status).toBe(404)
    const posted = await b.s.post('/employer/invitations', {
      graduate: String(g.id),
      job_category: '13',
      job_title: 'x',
      responseDays: '7',
    })
    expect(posted.status).toBe(404)
    expect((await b.s.post(`/employer/invitations/${inv.id}/withdraw`, { confirmed: '1' })).status).toBe(404)
    expect((await b.s.get('/employer/invitations?status=all')).html).not.toContain(g.name)
    expect((await b.s.get('/employer/favorites')).html).not.toContain(g.name)
    expect((await a.s.get('/employer/invitations?status=all')).html).toContain(g.name)
    expect((await t.db.selectFrom('agreements').select('status').executeTakeFirstOrThrow()).status).toBe('invited')
  })
})
