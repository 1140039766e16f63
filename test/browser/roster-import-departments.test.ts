/**
 * The roster import page in Chromium with a typo in 院系名称 (issue 13 item 9): the upload stops
 * at 确认新的院系, which names the typo and the close existing 院系; choosing that one and
 * 继续导入 imports every row into it and creates no department — with and without JavaScript.
 */
import { describe, expect, it } from 'vitest'
import { insertGraduate } from '../helpers.js'
import { harnessForFile } from './harness.js'
import { csvText, row, table } from '../roster/fixtures.js'

const harness = harnessForFile()
const TYPO = '计箅机学院'

describe('roster import with a new 院系名称 in Chromium', () => {
  for (const js of [true, false]) {
    it(`${js ? 'with' : 'without'} JavaScript: asked first, the typo mapped to the existing 院系`, async () => {
      const { t, base } = harness()
      await insertGraduate(t, { department: '计算机学院' })
      const names = js ? ['赵一', '钱二'] : ['孙三', '李四']
      const csv = csvText(table(names.map((name) => row({ name, department: TYPO }))))
      const page = await harness().signedInAdmin({ javaScriptEnabled: js })
      await page.goto(`${base}/admin/roster/import`)
      await page
        .getByLabel('生源表文件')
        .setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '开始导入' }).click()])

      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('确认新的院系')
      const item = page.locator(`[data-new-department="${TYPO}"]`)
      expect(await item.innerText()).toContain('相近的已有院系：计算机学院')
      await page.screenshot({
        path: `test-results/roster-import-departments-${js ? 'js' : 'no-js'}.png`,
        fullPage: true,
      })
      expect(await t.db.selectFrom('departments').select('name').where('name', '=', TYPO).execute()).toEqual([])

      // 继续导入 with nothing chosen: asked again at the name.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '继续导入' }).click()])
      expect(await page.getByRole('alert').innerText()).toContain(`“${TYPO}”：请选择`)

      await page.getByLabel(`“${TYPO}”`).selectOption({ label: '改用已有院系“计算机学院”' })
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '继续导入' }).click()])
      expect(await page.getByRole('status').innerText()).toContain('全部导入成功')
      expect(await page.locator('main').innerText()).toContain('新增 2 人')
      expect(await page.locator('main').innerText()).not.toContain('新建院系')
      const rows = await t.db
        .selectFrom('graduates')
        .innerJoin('departments', 'departments.id', 'graduates.department_id')
        .select(['graduates.name', 'departments.name as department'])
        .where('graduates.name', 'in', names)
        .execute()
      expect(rows.map((r) => r.department)).toEqual(['计算机学院', '计算机学院'])
      expect(await t.db.selectFrom('departments').select('name').where('name', '=', TYPO).execute()).toEqual([])
    })
  }
})
