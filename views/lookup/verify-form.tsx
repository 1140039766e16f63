/**
 * The public lookup form (/verify): 查询类型, 姓名, 编号. Made for a clerk who has never seen the
 * service, often on a phone: one column, large targets, every input labelled, the radio group in a
 * fieldset with a legend, the number's format written out, errors announced (role=alert) and
 * focused. Works without JavaScript; app.js only adds the as-you-type number check.
 */
import type { LookupKind } from '../../src/domain/lookup.js'
import { Layout } from '../layout.js'

export interface VerifyFormProps {
  kind?: LookupKind
  name?: string
  number?: string
  /** The error of the last attempt: a title and what to do next. */
  error?: { title: string; message: string; field?: 'name' | 'number' | 'kind' } | null
  /** Shown above the form (the QR link without a valid signature). */
  notice?: string | null
  /** This deployment's 院校代码, for the example number. */
  schoolCode?: string
  /** The example's first two digits: this year's graduates (Beijing time). */
  exampleYear?: string
}

export function VerifyFormPage({
  kind = 'archive',
  name = '',
  number = '',
  error,
  notice,
  schoolCode = '10001',
  exampleYear = '26',
}: VerifyFormProps) {
  const numberInvalid = error?.field === 'number'
  const nameInvalid = error?.field === 'name'
  return (
    <Layout title="户档部门查询核验" narrow>
      <h1>毕业生档案、户口信息查询核验</h1>
      <p class="lead">
        供档案、户口接收部门使用，无需注册登录。请输入毕业生的姓名和编号（转递单上的“转递编号”或核验报告上的“核验编号”）。
      </p>
      {error && (
        <div class="alert error" role="alert" id="verify-error" tabindex={-1} autofocus>
          <h2>{error.title}</h2>
          <p>{error.message}</p>
        </div>
      )}
      {notice && !error && (
        <div class="alert info" role="status">
          <p>{notice}</p>
        </div>
      )}
      <form class="card verify-form" method="post" action="/verify" novalidate>
        <fieldset>
          <legend>查询类型</legend>
          <div class="choices">
            <label>
              <input type="radio" name="kind" value="archive" checked={kind !== 'hukou'} /> 档案转递信息（档案接收部门）
            </label>
            <label>
              <input type="radio" name="kind" value="hukou" checked={kind === 'hukou'} /> 户口迁移信息（户口接收部门）
            </label>
          </div>
        </fieldset>

        <label for="verify-name">毕业生姓名</label>
        <p class="hint" id="verify-name-hint">
          与身份证上一致。少数民族姓名中的间隔号（如 阿依古丽·买买提）用哪种点都可以，空格不影响查询。
        </p>
        <input
          id="verify-name"
          name="name"
          type="text"
          required
          maxlength={60}
          autocomplete="off"
          value={name}
          aria-describedby={nameInvalid ? 'verify-name-hint verify-error' : 'verify-name-hint'}
          aria-invalid={nameInvalid ? 'true' : undefined}
          autofocus={!error && !name ? true : undefined}
        />

        <label for="verify-number">编号（转递编号或核验编号）</label>
        <p class="hint" id="verify-number-hint">
          转递编号 17 位，核验编号 15 位：前 7 位是数字（毕业年份后两位 + 院校代码），其后是数字和大写字母，不含
          0、1、I、O。大小写、空格和短横线不影响查询。例如：{exampleYear} {schoolCode} XXXXXXXXX X
        </p>
        <input
          id="verify-number"
          name="number"
          type="text"
          class="mono"
          required
          maxlength={40}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={number}
          data-number-check="verify-number-status"
          aria-describedby={
            numberInvalid
              ? 'verify-number-hint verify-number-status verify-error'
              : 'verify-number-hint verify-number-status'
          }
          aria-invalid={numberInvalid ? 'true' : undefined}
          autofocus={!error && name && !number ? true : undefined}
        />
        <p class="hint number-status" id="verify-number-status" aria-live="polite"></p>

        <div class="actions">
          <button class="block" type="submit">
            查询核验
          </button>
        </div>
      </form>
      <div class="card">
        <h2>说明</h2>
        <ul class="notes">
          <li>也可以用手机扫描转递单或核验报告上的二维码，直接查看登记信息。</li>
          <li>查询核验服务截止到毕业生毕业时间后第六个月末。</li>
          <li>查询失败次数过多时，将暂停查询一段时间。</li>
          <li>登记信息来自毕业生离校时上报并经学校审核的信息，如有疑问请联系毕业生本人或其毕业学校核实。</li>
        </ul>
      </div>
    </Layout>
  )
}
