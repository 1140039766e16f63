/**
 * The 省 → 市 → 县 location picker (issue 13 §11) over HTTP: the search of the national division
 * table (GET /api/v1/codes/divisions), and the no-JavaScript picker inside the forms — 查找,
 * 按省份选择, opening a region and choosing a county post the form back with everything typed
 * kept and nothing saved — on the graduate's registration, the school's 修改去向 and the
 * self-check's 生源所在地. A typed 6-digit code is still what the forms take.
 */
import { describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestApp, insertGraduate, studentToken } from '../helpers.js'
import { approved, formFields, graduateWithToken, pageSession } from './fixtures.js'

const places = async (t: Awaited<ReturnType<typeof createTestApp>>, qs: string) =>
  t.json('GET', `/api/v1/codes/divisions?${qs}`)

/** The picker's buttons in a page: [intent value, label]. */
const pickerButtons = (html: string) =>
  [...html.matchAll(/<button[^>]*value="(place[^"]*)"[^>]*>([^<]*)<\/button>/g)].map((m) => [m[1], m[2]])

describe('the division search', () => {
  it('finds counties by name, opens provinces and cities, and names a code', async () => {
    const t = await createTestApp()
    const haidian = await places(t, `q=${encodeURIComponent('海淀')}`)
    expect(haidian.status).toBe(200)
    expect(haidian.data).toEqual({
      heading: null,
      items: [{ code: '110108', name: '北京市海淀区', level: 'county' }],
      more: false,
    })
    // Several words narrow it; a city is offered to open, its counties to choose.
    expect((await places(t, `q=${encodeURIComponent('长沙 芙蓉')}`)).data.items).toEqual([
      { code: '430102', name: '湖南省长沙市芙蓉区', level: 'county' },
    ])
    const changsha = (await places(t, `q=${encodeURIComponent('长沙')}`)).data.items
    expect(changsha[0]).toEqual({ code: '4301', name: '湖南省长沙市', level: 'city' })
    expect(changsha).toContainEqual({ code: '430121', name: '湖南省长沙市长沙县', level: 'county' })
    // 省 → 市 → 县.
    const provinces = await places(t, 'in=')
    expect(provinces.data.heading).toBe('全国')
    expect(provinces.data.items).toHaveLength(31)
    expect(provinces.data.items).toContainEqual({ code: '43', name: '湖南省', level: 'province' })
    const hunan = await places(t, 'in=43')
    expect(hunan.data.heading).toBe('湖南省')
    expect(hunan.data.items).toContainEqual({ code: '4301', name: '湖南省长沙市', level: 'city' })
    const city = await places(t, 'in=4301')
    expect(city.data.items).toContainEqual({ code: '430102', name: '湖南省长沙市芙蓉区', level: 'county' })
    expect(city.data.items.every((p: { level: string }) => p.level === 'county')).toBe(true)
    // A municipality's districts directly (no 市辖区 step); a city without counties is itself chosen.
    expect((await places(t, 'in=11')).data.items).toContainEqual({
      code: '110108',
      name: '北京市海淀区',
      level: 'county',
    })
    expect((await places(t, 'in=44')).data.items).toContainEqual({
      code: '441900',
      name: '广东省东莞市',
      level: 'county',
    })
    // A code names its county (the hint's “当前：…”); 市辖区 and unknown codes name nothing.
    expect((await places(t, 'q=430102')).data.items).toEqual([
      { code: '430102', name: '湖南省长沙市芙蓉区', level: 'county' },
    ])
    expect((await places(t, 'q=430101')).data.items).toEqual([])
    expect((await places(t, `q=${encodeURIComponent('没有这个地方')}`)).data.items).toEqual([])
    const bad = await places(t, 'in=4')
    expect(bad.status).toBe(400)
    expect(bad.data.error.message).toMatch(/代码/)
  })
})

describe('the picker without JavaScript', () => {
  it('on the graduate’s registration: 查找, open, choose — everything typed kept, nothing saved', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const me = await pageSession(t, 'me', g.studentNo, 'new-password-1')
    const typed = formFields({ a_unitLocation: '', a_unitLocation__q: '芙蓉', a_contact: '张三丰' })
    const found = await me.post('/me/registration', { ...typed, intent: 'place:a_unitLocation' })
    expect(found.status).toBe(200)
    expect(found.html).toContain('“芙蓉”的查找结果')
    expect(pickerButtons(found.html)).toContainEqual([
      'place-pick:a_unitLocation:430102',
      '湖南省长沙市芙蓉区（430102）',
    ])
    expect(found.html).toContain('value="张三丰"')
    expect(found.html).toContain('value="北京示例科技有限公司"')
    // Nothing was saved.
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).status).toBe(404)

    // 按省份选择 → 湖南省 → 长沙市 → 芙蓉区.
    const all = await me.post('/me/registration', { ...typed, intent: 'place-in:a_unitLocation:' })
    expect(pickerButtons(all.html)).toContainEqual(['place-in:a_unitLocation:43', '湖南省 ›'])
    const hunan = await me.post('/me/registration', { ...typed, intent: 'place-in:a_unitLocation:43' })
    expect(pickerButtons(hunan.html)).toContainEqual(['place-in:a_unitLocation:4301', '湖南省长沙市 ›'])
    const picked = await me.post('/me/registration', { ...typed, intent: 'place-pick:a_unitLocation:430102' })
    expect(picked.status).toBe(200)
    expect(picked.html).toMatch(/id="a_unitLocation" name="a_unitLocation" type="text" value="430102"/)
    expect(picked.html).toContain('当前：湖南省长沙市芙蓉区')
    expect(picked.html).toContain('value="张三丰"')
    expect((await t.json('GET', '/api/v1/me/registration', { token: g.token })).status).toBe(404)

    // A code that is not a county cannot be chosen: the search comes back instead.
    const refused = await me.post('/me/registration', { ...typed, intent: 'place-pick:a_unitLocation:430101' })
    expect(refused.html).not.toContain('value="430101"')

    // 暂存 then keeps the chosen code; a typed code is taken as before.
    const saved = await me.post('/me/registration', { ...typed, a_unitLocation: '430102', intent: 'save' })
    expect(saved.status).toBe(303)
    const reg = await t.json('GET', '/api/v1/me/registration', { token: g.token })
    expect(reg.data.archive).toMatchObject({ unitLocation: '430102', contact: '张三丰' })
    expect(reg.data.hukou.location).toBe('110108')
  })

  it('on the school’s 修改去向 and the self-check’s 生源所在地', async () => {
    const t = await createTestApp()
    const g = await graduateWithToken(t)
    const reg = await approved(t, g)
    const admin = await pageSession(t, 'admin', 'admin', ADMIN_PASSWORD)
    const edit = await admin.post(`/admin/registrations/${reg.id}/edit`, {
      ...formFields({ h_location__q: '海淀' }),
      intent: 'place:h_location',
    })
    expect(edit.status).toBe(200)
    expect(pickerButtons(edit.html)).toEqual(
      expect.arrayContaining([['place-pick:h_location:110108', '北京市海淀区（110108）']]),
    )
    expect((await t.json('GET', `/api/v1/registrations/${reg.id}`, { token: t.adminToken })).data.version).toBe(1)

    const s = await insertGraduate(t, { name: '沙和尚' })
    await studentToken(t, s)
    const me = await pageSession(t, 'me', s.studentNo, 'new-password-1')
    const form = {
      originCode: '',
      originCode__q: '芙蓉',
      phone: '1391111', // not a phone number: the picker does not care, the submit will
      email: '',
      qq: '',
      homeAddress: '流沙河',
      homePhone: '',
      urbanRural: '2',
    }
    const found = await me.post('/me/roster', { ...form, intent: 'place:originCode' })
    expect(found.status).toBe(200)
    expect(pickerButtons(found.html)).toContainEqual(['place-pick:originCode:430102', '湖南省长沙市芙蓉区（430102）'])
    expect(found.html).toContain('value="流沙河"')
    const picked = await me.post('/me/roster', { ...form, intent: 'place-pick:originCode:430102' })
    expect(picked.html).toMatch(/id="originCode" name="originCode" type="text" value="430102"/)
    expect(picked.html).toContain('当前：湖南省长沙市芙蓉区')
    expect(
      await t.db.selectFrom('roster_corrections').select('id').where('graduate_id', '=', s.id).execute(),
    ).toHaveLength(0)
  })
})
