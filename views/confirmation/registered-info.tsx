/**
 * The registered destination, archive and hukou, shown exactly as reported: codes are printed
 * with their national names (单位性质, 单位行业, 工作职位类别, 行政区划) so the graduate can
 * check them, and missing parts say 暂无 as in the seed's screens (seed 004, 3).
 */
import { codeName } from '../../src/domain/codes/index.js'
import { divisionName } from '../../src/domain/divisions.js'

type Part = Record<string, string | null> | null

const withName = (name: string | null, code: string | null | undefined) =>
  code ? (name ? `${name}（${code}）` : code) : null
const place = (code: string | null | undefined) => (code ? (divisionName(code) ?? code) : null)

function registeredRows(destination: Part, archive: Part, hukou: Part): Array<[string, string | null]> {
  const d = destination ?? {}
  const a = archive ?? {}
  const h = hukou ?? {}
  const rows: Array<[string, string | null]> = [['毕业去向', d.type ?? null]]
  if (d.unitName) rows.push(['单位名称', d.unitName])
  if (d.unitCreditCode) rows.push(['统一社会信用代码', d.unitCreditCode])
  if (d.unitNature) rows.push(['单位性质', withName(codeName('unitNature', d.unitNature), d.unitNature)])
  if (d.unitIndustry) rows.push(['单位行业', withName(codeName('unitIndustry', d.unitIndustry), d.unitIndustry)])
  if (d.unitLocation) rows.push(['单位所在地', place(d.unitLocation)])
  if (d.jobCategory) rows.push(['工作职位类别', withName(codeName('jobCategory', d.jobCategory), d.jobCategory)])
  if (d.jobTitle) rows.push(['岗位名称', d.jobTitle])
  if (d.contactName) rows.push(['单位联系人', d.contactName])
  if (d.contactPhone) rows.push(['联系人电话', d.contactPhone])
  if (d.contactMobile) rows.push(['联系人手机', d.contactMobile])
  if (d.contactEmail) rows.push(['联系人邮箱', d.contactEmail])
  if (d.salary) rows.push(['转正起薪', d.salary])
  if (d.penalty) rows.push(['违约金', d.penalty])
  if (d.school) rows.push(['升学院校', d.school])
  if (d.country) rows.push(['国家或地区', d.country])
  rows.push(['档案转递类型', a.transferType ?? null])
  rows.push(['档案转递单位名称', a.unitName ?? null])
  if (a.unitAddress) rows.push(['档案转递单位地址', a.unitAddress])
  rows.push(['档案转递单位所在地', place(a.unitLocation)])
  if (a.postcode) rows.push(['档案转递单位邮编', a.postcode])
  if (a.contact) rows.push(['档案转递联系人', a.contact])
  if (a.phone) rows.push(['档案转递联系电话', a.phone])
  if (a.note) rows.push(['档案情况说明', a.note])
  rows.push(['户口迁移类型', h.migrationType ?? null])
  rows.push(['户口迁移所在地', place(h.location)])
  if (h.address) rows.push(['户口迁移地址', h.address])
  if (h.note) rows.push(['户口情况说明', h.note])
  return rows
}

export function RegisteredInfo({
  name,
  destination,
  archive,
  hukou,
}: {
  name: string
  destination: Part
  archive: Part
  hukou: Part
}) {
  return (
    <table class="kv">
      <caption class="sr-only">{`${name}的去向登记信息`}</caption>
      <tbody>
        {registeredRows(destination, archive, hukou).map(([k, v]) => (
          <tr>
            <th scope="row">{k}</th>
            <td>{v ?? <span class="muted">暂无</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
