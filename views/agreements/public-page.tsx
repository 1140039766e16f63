/**
 * The agreement's public status page (contract §5): `/a/{agreementNo}?s=…`, reached from the QR
 * code on the agreement PDF. Shows the parties and whether the agreement is in force, rescinded or
 * voided — never a 身份证号 or a phone number.
 */
import { Layout } from '../layout.js'
import { KvTable } from '../components/form-fields.js'

export interface PublicAgreementProps {
  agreementNo: string
  kindName: string
  graduate: string
  school: string
  unit: string
  unitCreditCode: string
  inForceAt: string
  state: 'in_force' | 'rescinded' | 'voided'
  stateName: string
}

export function PublicAgreementPage(p: PublicAgreementProps) {
  const ok = p.state === 'in_force'
  return (
    <Layout title="就业协议查验" narrow>
      <article>
        <h1>毕业生就业协议书查验</h1>
        <div class={ok ? 'alert ok' : 'alert error'} role="status">
          <h2>{p.stateName}</h2>
          <p>{ok ? '二维码有效，本协议经学校鉴证生效。' : '二维码有效，但本协议已不再有效。'}</p>
        </div>
        <KvTable
          caption="协议查验结果"
          sheet
          rows={[
            ['协议编号', p.agreementNo],
            ['签约类型', p.kindName],
            ['毕业生', p.graduate],
            ['毕业院校', p.school],
            ['用人单位', p.unit],
            ['统一社会信用代码', p.unitCreditCode],
            ['鉴证生效时间', `${p.inForceAt || '--'}（北京时间）`],
            ['协议状态', p.stateName],
          ]}
        />
      </article>
    </Layout>
  )
}
