/**
 * 毕业生就业推荐表 for the graduate, phone first (seed 003 §二(三): filled in online, submitted to
 * the 院系, printed once the 院系 approved it). The basic data comes from the roster and is shown
 * locked; the five parts are textareas with a 字 counter while the form is a draft or was
 * returned; 暂存 keeps them, 提交 sends them to the 院系. The return reason, the 院系意见 and the
 * PDF link appear when there are any. Works without JavaScript.
 */
import { CsrfField, ErrorSummary, Layout, type LayoutProps } from '../layout.js'
import { studentNav } from '../nav.js'
import { Notice } from '../components/form-fields.js'
import { PART_MAX, RECOMMENDATION_PARTS, REQUIRED_FOR_SUBMIT } from '../../src/domain/recommendation.js'
import type { RecommendationStatus } from '../../src/domain/recommendation.js'
import { BasicTable, CountedTextArea, PartsRead, StatusBadge, type BasicView, type PartsView } from './parts.js'

interface MyRecommendationView extends PartsView {
  status: RecommendationStatus
  editable: boolean
  opinion: string | null
  reason: string | null
  submittedAt: string | null
  decidedAt: string | null
  basic: BasicView
  pdf: string | null
}

export interface MyRecommendationPageProps {
  data: MyRecommendationView
  /** Beijing time of the decision, as the page prints it. */
  decidedOn: string | null
  csrf: string
  who: LayoutProps['who']
  notice?: string | null
  /** Field → message (each printed at its textarea, and all in the summary). */
  errors?: Record<string, string>
  /** A problem that belongs to no field (the form was submitted meanwhile …). */
  error?: string | null
  /** What the graduate typed (kept on an error). */
  values?: Partial<Record<string, string>>
}

const HINTS: Record<string, string> = {
  intention: '希望从事的行业、岗位和工作地点，如：软件开发工程师，杭州、上海。',
  selfEvaluation: '性格、能力、学习和工作态度等，用人单位据此了解您。',
  awards: '在校期间获得的奖学金、荣誉称号、竞赛奖励，以及受过的处分（如有）。',
  practice: '实习、社会实践、志愿服务、学生工作等经历。',
  skills: '外语、计算机、专业技能、文体特长及证书。',
}

export function MyRecommendationPage(p: MyRecommendationPageProps) {
  const d = p.data
  const errors = p.errors ?? {}
  const value = (key: string) => p.values?.[key] ?? (d[key as keyof PartsView] as string | null) ?? ''
  const summary = Object.entries(errors).map(([field, message]) => ({ message, href: `#${field}` }))
  return (
    <Layout title="毕业生就业推荐表" nav={studentNav()} current="/me/recommendation" who={p.who} narrow>
      <h1>毕业生就业推荐表</h1>
      <p>
        当前状态：
        <StatusBadge status={d.status} />
      </p>
      <Notice text={p.notice} />
      <ErrorSummary items={summary} />
      {p.error && (
        <div class="alert error" role="alert">
          {p.error}
        </div>
      )}
      {d.status === 'returned' && (
        <div class="alert warn" role="status" data-return-reason>
          <h2>院系退回修改</h2>
          <p>退回原因：{d.reason ?? '未说明'}</p>
          <p>请按要求修改后重新提交。</p>
        </div>
      )}
      {d.status === 'submitted' && (
        <div class="alert info" role="status">
          推荐表已提交，正在等待院系审核；审核前不能修改。审核结果会在“消息”中通知您。
        </div>
      )}
      {d.status === 'approved' && (
        <div class="alert ok" role="status" data-approved>
          <h2>院系已审核推荐{p.decidedOn ? `（${p.decidedOn}）` : ''}</h2>
          <p>院系意见：{d.opinion}</p>
          {d.pdf && (
            <p>
              <a class="button" href={d.pdf} data-pdf>
                下载推荐表（PDF，A4 打印）
              </a>
            </p>
          )}
        </div>
      )}

      <section class="card" aria-labelledby="basic">
        <h2 id="basic">基本信息</h2>
        <p class="hint">
          来自学校的生源信息，不能在推荐表中修改。如有错误，请在“<a href="/me">我的生源信息</a>
          ”中核对并提交修改，或联系所在院系。
        </p>
        <BasicTable b={d.basic} />
      </section>

      {d.editable ? (
        <form method="post" action="/me/recommendation" class="card" data-recommendation-form>
          <CsrfField token={p.csrf} />
          <h2>推荐表内容</h2>
          <p class="hint">每项最多 {PART_MAX} 字；求职意向和自我评价提交前必须填写。可以先“暂存”，以后再改。</p>
          {RECOMMENDATION_PARTS.map(({ key, label }) => (
            <CountedTextArea
              id={key}
              label={label}
              hint={HINTS[key]}
              value={value(key)}
              error={errors[key]}
              required={REQUIRED_FOR_SUBMIT.includes(key)}
              rows={key === 'selfEvaluation' ? 6 : 4}
            />
          ))}
          <div class="actions">
            <button class="secondary" type="submit" name="action" value="save">
              暂存
            </button>
            <button type="submit" name="action" value="submit">
              提交院系审核
            </button>
          </div>
        </form>
      ) : (
        <section class="card" aria-labelledby="content">
          <h2 id="content">推荐表内容</h2>
          <PartsRead parts={d} />
        </section>
      )}
    </Layout>
  )
}
