/**
 * The page behind the 推荐表's QR code (`/r/{id}?s=`), for an employer holding the printed form:
 * that the 院系 approved this graduate's 推荐表, and when — 姓名, 院系, 专业 and the school, nothing
 * more (no 身份证号, no phone, not the graduate's own words: the printed form has those).
 */
import { Layout } from '../layout.js'
import { KvTable } from '../components/form-fields.js'

export interface PublicRecommendationProps {
  name: string
  department: string
  major: string
  school: string
  decidedOn: string
}

export function PublicRecommendationPage(p: PublicRecommendationProps) {
  return (
    <Layout title="毕业生就业推荐表核验" narrow>
      <div class="verify-result">
        <h1>毕业生就业推荐表核验</h1>
        <div class="alert ok" role="status" data-verified>
          <h2>院系已审核推荐</h2>
          <p>
            {p.school}
            {p.department}已于 {p.decidedOn} 审核通过该毕业生的就业推荐表。
          </p>
        </div>
        <KvTable
          caption="推荐表核验结果"
          sheet
          rows={[
            ['姓名', p.name],
            ['毕业院校', p.school],
            ['院系', p.department],
            ['专业', p.major],
            ['审核结果', `院系已审核推荐（${p.decidedOn}）`],
          ]}
        />
        <p class="hint">请与手中推荐表上的姓名、院系和专业核对；推荐表的其他内容由毕业生本人填写。</p>
      </div>
    </Layout>
  )
}
