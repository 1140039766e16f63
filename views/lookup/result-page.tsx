/**
 * The lookup result, laid out like the national sheet (seed 004 §4.2, 全国普通高等学校毕业生去向
 * 登记信息): the number, 基本信息, 毕业去向信息, then 档案转递信息 or 户口迁移信息 — only the one the
 * office asked for — with 核验时间 and the end of the service period. Printable: the print
 * stylesheet hides the page chrome and the buttons.
 */
import type { Child } from 'hono/jsx'
import type { VerifyResult } from '../../src/domain/lookup.js'
import { cstDateText } from '../../src/domain/validity.js'
import { Layout } from '../layout.js'

export interface ResultPageProps {
  result: VerifyResult
  /** 核验时间, ISO with +08:00. */
  checkedAt: string
  /** For the QR page: links to the other kind (the signed link with ?kind=). */
  kindLinks?: { archive: string; hukou: string }
}

const NUMBER_LABEL = { transfer: '转递编号', verification: '核验编号' } as const

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value ? value : <span class="muted">（未填写）</span>}</td>
    </tr>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table class="kv sheet">
        <tbody>{children}</tbody>
      </table>
    </section>
  )
}

/** "2026-06-15T10:00:00+08:00" → "2026-06-15 10:00:00". */
const clock = (iso: string) => iso.replace('T', ' ').replace(/\+08:00$/, '')

export function ResultPage({ result, checkedAt, kindLinks }: ResultPageProps) {
  const g = result.graduate
  const kindTitle = result.kind === 'archive' ? '档案转递信息' : '户口迁移信息'
  return (
    <Layout title="查询核验结果" narrow>
      <article class="verify-result">
        <h1>毕业生去向登记信息</h1>
        <div class="alert ok" role="status">
          <h2>核验通过</h2>
          <p>
            {kindLinks ? '二维码有效' : '姓名与编号相符'}，以下为学校审核通过的登记信息（{kindTitle}）。
          </p>
        </div>
        {kindLinks && (
          <nav class="kind-tabs no-print" aria-label="查询类型">
            <a href={kindLinks.archive} aria-current={result.kind === 'archive' ? 'page' : undefined}>
              档案转递信息
            </a>
            <a href={kindLinks.hukou} aria-current={result.kind === 'hukou' ? 'page' : undefined}>
              户口迁移信息
            </a>
          </nav>
        )}
        <table class="kv sheet">
          <tbody>
            <tr>
              <th scope="row">{NUMBER_LABEL[result.numberType]}</th>
              <td class="mono">{result.number}</td>
            </tr>
            <tr>
              <th scope="row">核验时间</th>
              <td>
                <time datetime={checkedAt}>{clock(checkedAt)}</time>（北京时间）
              </td>
            </tr>
            <tr>
              <th scope="row">查询核验有效期至</th>
              <td>
                <time datetime={result.validUntil}>
                  {cstDateText(result.validUntil)} {clock(result.validUntil).slice(11)}
                </time>
                （北京时间）
              </td>
            </tr>
          </tbody>
        </table>

        <Section id="sec-basic" title="基本信息">
          <Row label="姓名" value={g.name} />
          <Row label="性别" value={g.gender} />
          <Row label="毕业院校" value={g.school} />
          <Row label="毕业时间" value={g.graduationTime} />
          <Row label="学制" value={g.lengthOfSchooling} />
          <Row label="专业" value={g.major} />
          <Row label="学历" value={g.education} />
          <Row label="生源所在地" value={g.origin} />
        </Section>

        <Section id="sec-destination" title="毕业去向信息">
          <Row label="毕业去向" value={result.destination.type} />
          <Row label="单位名称" value={result.destination.unitName} />
          <Row label="单位所在地" value={result.destination.unitLocation} />
        </Section>

        {result.archive && (
          <Section id="sec-archive" title="档案转递信息">
            <Row label="档案转递类型" value={result.archive.transferType} />
            <Row label="单位名称" value={result.archive.unitName} />
            <Row label="单位地址" value={result.archive.unitAddress} />
            <Row label="单位所在地" value={result.archive.unitLocation} />
            <Row label="单位邮编" value={result.archive.postcode} />
            <Row label="联系人/联系部门" value={result.archive.contact} />
          </Section>
        )}
        {result.hukou && (
          <Section id="sec-hukou" title="户口迁移信息">
            <Row label="户口迁移类型" value={result.hukou.migrationType} />
            <Row label="迁移地址所在地" value={result.hukou.location} />
            <Row label="迁移详细地址" value={result.hukou.address} />
          </Section>
        )}

        <section aria-labelledby="sec-notes" class="notes-block">
          <h2 id="sec-notes">注意事项</h2>
          <ol class="notes">
            <li>登记信息来自毕业生离校时上报并经学校审核的信息，如有问题请联系毕业生本人或其毕业学校核实。</li>
            <li>查询核验服务时间截止到毕业生的毕业时间加六个月。</li>
            <li>本页不显示身份证号和联系电话。</li>
          </ol>
        </section>

        <div class="actions no-print">
          <button type="button" class="secondary" data-print hidden>
            打印本页
          </button>
          <a class="button" href={result.kind === 'hukou' ? '/verify?kind=hukou' : '/verify'}>
            查询下一位
          </a>
        </div>
      </article>
    </Layout>
  )
}
