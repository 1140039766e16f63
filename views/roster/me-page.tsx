/** The graduate's home page (/me): the roster record and the self-check form (seeds 001, 002). */
import type { NavItem } from '../layout.js'
import { CsrfField, ErrorAlert, Layout } from '../layout.js'
import { RecordTable, type RecordRow } from './graduate-page.js'
import { CORRECTION_STATUS, DiffTable, type DiffRow } from './corrections-page.js'

export interface SelfCheckFormValues {
  originCode: string
  phone: string
  email: string
  qq: string
  homeAddress: string
  homePhone: string
  urbanRural: string
}

export function MyRosterPage(p: {
  nav: NavItem[]
  who: { label: string; logoutAction: string; csrf: string }
  csrf: string
  name: string
  fixed: RecordRow[]
  other: RecordRow[]
  correction: { status: string; reason: string | null; createdAt: string; rows: DiffRow[] } | null
  form: SelfCheckFormValues
  originName: string | null
  error?: string | null
  errorField?: string | null
  notice?: string | null
}) {
  const pending = p.correction?.status === 'submitted'
  const bad = (f: string) => (p.errorField === f ? 'true' : undefined)
  return (
    <Layout title="我的生源信息" nav={p.nav} current="/me" who={p.who} narrow>
      <h1>我的生源信息</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <ErrorAlert message={p.error} />
      {p.correction && (
        <div class={`alert ${p.correction.status === 'returned' ? 'warn' : p.correction.status === 'approved' ? 'ok' : 'info'}`} role="status">
          <h2>生源核对：{CORRECTION_STATUS[p.correction.status] ?? p.correction.status}</h2>
          <p>
            {p.correction.status === 'submitted' && '已提交，等待学院审核；审核前可以撤回修改。'}
            {p.correction.status === 'approved' && '学院已审核通过，学校记录已更新。'}
            {p.correction.status === 'returned' && `学院退回：${p.correction.reason ?? ''}。请修改后重新提交。`}
            {p.correction.status === 'withdrawn' && '您已撤回，可修改后重新提交。'}
          </p>
        </div>
      )}
      <div class="card">
        <h2>学籍信息</h2>
        <p class="hint">以下信息不能自行修改。如有错误，请联系所在学院辅导员修改；“所在院系”有误的，由学院联系学校就业部门修改。</p>
        <RecordTable rows={p.fixed} />
      </div>
      <div class="card">
        <h2>其他信息</h2>
        <RecordTable rows={p.other} />
      </div>
      {pending && p.correction ? (
        <div class="card">
          <h2>已提交的核对</h2>
          <DiffTable rows={p.correction.rows} currentLabel="学校记录" proposedLabel="我填写的" />
          <form method="post" action="/me/roster/withdraw">
            <CsrfField token={p.csrf} />
            <div class="actions">
              <button class="secondary" type="submit" data-confirm="确定撤回这次提交吗？">
                撤回提交
              </button>
            </div>
          </form>
        </div>
      ) : (
        <form class="card" method="post" action="/me/roster">
          <CsrfField token={p.csrf} />
          <h2>核对并提交</h2>
          <p class="hint">请逐项核对，有误的直接改正；全部无误也请提交，学院审核通过后即完成生源核对。</p>
          <label for="originCode">生源所在地代码</label>
          <p class="hint" id="origin-hint">
            户籍所在地（高考时）的 6 位县级行政区划代码，须到区、县一级，不能填“市辖区”。{p.originName ? `当前：${p.originName}` : ''} 可在 <a href="/api/v1/codes.xlsx">公共代码</a> 中查找。
          </p>
          <input id="originCode" name="originCode" type="text" inputmode="numeric" required value={p.form.originCode} aria-describedby="origin-hint" aria-invalid={bad('originCode')} />
          <label for="phone">手机号码</label>
          <input id="phone" name="phone" type="tel" inputmode="numeric" required value={p.form.phone} aria-invalid={bad('phone')} />
          <label for="email">电子邮箱</label>
          <input id="email" name="email" type="email" value={p.form.email} aria-invalid={bad('email')} />
          <label for="qq">QQ号码</label>
          <p class="hint" id="qq-hint">纯数字</p>
          <input id="qq" name="qq" type="text" inputmode="numeric" value={p.form.qq} aria-describedby="qq-hint" aria-invalid={bad('qq')} />
          <label for="homeAddress">家庭住址</label>
          <input id="homeAddress" name="homeAddress" type="text" maxlength={200} value={p.form.homeAddress} aria-invalid={bad('homeAddress')} />
          <label for="homePhone">家庭电话</label>
          <input id="homePhone" name="homePhone" type="tel" value={p.form.homePhone} aria-invalid={bad('homePhone')} />
          <fieldset>
            <legend>城乡生源（按高考时的实际情况）</legend>
            <div class="choices">
              {[
                ['1', '城镇'],
                ['2', '农村'],
              ].map(([v, l]) => (
                <label>
                  <input type="radio" name="urbanRural" value={v} checked={p.form.urbanRural === v} /> {l}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="actions">
            <button class="block" type="submit">
              提交核对
            </button>
          </div>
        </form>
      )}
    </Layout>
  )
}
