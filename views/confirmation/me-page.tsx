/**
 * 去向登记确认 for the graduate (seed 004, 3): the registered information exactly as reported,
 * "以上毕业去向信息于…通过…上报", and the two answers 信息无误 / 信息有误. 信息有误 asks which
 * part is wrong and a phone number, then explains how to update and that the graduate must
 * confirm again. Works without JavaScript: the 信息有误 fields are always in the form, and the
 * script only hides them while 信息无误 is chosen (data-show-if).
 */
import { CsrfField, ErrorAlert, Layout, type LayoutProps } from '../layout.js'
import { studentNav } from '../nav.js'
import { RegisteredInfo } from './registered-info.js'
import { sourceLabel, type ConfirmationState } from '../../src/domain/confirmation.js'
import type { RegistrationSource } from '../../src/domain/registration/states.js'

type Part = Record<string, string | null> | null

interface MyConfirmationView {
  state: ConfirmationState
  registration: {
    source: RegistrationSource
    version: number
    reportedOn: string | null
    destination: Part
    archive: Part
    hukou: Part
  } | null
  confirmation: {
    result: string
    destination: string | null
    archive: boolean
    hukou: boolean
    phone: string | null
    at: string
    current: boolean
  } | null
}

export interface MyConfirmationPageProps {
  name: string
  data: MyConfirmationView
  csrf: string
  who: LayoutProps['who']
  error?: string | null
  errorField?: string | null
  /** What the graduate just sent (kept on an error). */
  form?: { result?: string; destination?: string; archive?: boolean; hukou?: boolean; phone?: string }
  /** Set right after a successful submission. */
  done?: boolean
}

const STATE_BADGE: Record<ConfirmationState, string> = {
  未上报: 'badge',
  未确认: 'badge warn',
  确认有误: 'badge err',
  确认无误: 'badge ok',
}

function HowToUpdate({ source }: { source: RegistrationSource }) {
  return source === '登记系统' ? (
    <p>
      您的去向登记信息不准确，请您按之前的登记方式，在“<a href="/me/registration">去向登记</a>
      ”中更新为正确信息并提交审核，审核通过后，再次进行登记确认。
    </p>
  ) : (
    <p>
      您的去向登记信息不准确。这份信息由学校就业管理系统上报，请联系所在院系或学校就业工作人员更正；更正后，再次进行登记确认。
    </p>
  )
}

export function MyConfirmationPage({
  name,
  data,
  csrf,
  who,
  error,
  errorField,
  form = {},
  done,
}: MyConfirmationPageProps) {
  const reg = data.registration
  const wrong = data.state === '确认有误'
  const chosen = form.result ?? (wrong ? '确认有误' : '')
  const c = data.confirmation && data.confirmation.current ? data.confirmation : null
  const dest = form.destination ?? c?.destination ?? ''
  const archive = form.archive ?? c?.archive ?? false
  const hukou = form.hukou ?? c?.hukou ?? false
  const phone = form.phone ?? c?.phone ?? ''
  const invalidAttr = (f: string) => (errorField === f ? 'true' : undefined)

  return (
    <Layout title="去向登记确认" nav={studentNav()} current="/me/confirmation" who={who} narrow>
      <h1>去向登记确认</h1>
      <p>
        当前状态：
        <span class={STATE_BADGE[data.state]} data-state={data.state}>
          {data.state}
        </span>
      </p>
      <ErrorAlert message={error} />

      {data.state === '确认无误' && (
        <div class="alert ok" role="status">
          <h2>{done ? '已确认登记去向' : '您已确认登记去向'}</h2>
          <p>您已登记成功，如户口迁移、档案转递需要核验去向信息，可进入“核验授权”模块，设置核验有效期。</p>
          <p>
            <a class="button" href="/me/authorization">
              前往“核验授权”模块
            </a>
          </p>
        </div>
      )}
      {wrong && reg && (
        <div class="alert warn" role="status">
          <h2>您已确认去向信息有误</h2>
          <p>
            请将去向信息更新为正确信息，并再次进行去向登记确认。信息更新后，本页状态会回到“未确认”，届时请重新核对确认。
          </p>
          <HowToUpdate source={reg.source} />
          {reg.source === '登记系统' && (
            <p>
              <a class="button secondary" href="/me/registration">
                去更新去向信息
              </a>
            </p>
          )}
        </div>
      )}
      {data.state === '未确认' && data.confirmation && !data.confirmation.current && (
        <div class="alert info" role="status">
          您上次确认之后，去向登记信息有了变更，请重新核对并确认。
        </div>
      )}

      {!reg ? (
        <div class="card">
          <h2>{name}</h2>
          <div class="alert info" role="status">
            <p>您的毕业去向尚未上报（还没有审核通过的去向登记），暂时无需确认。</p>
            <p>
              请先在“<a href="/me/registration">去向登记</a>”中登记毕业去向，审核通过后回到本页确认。
            </p>
          </div>
        </div>
      ) : (
        <>
          <section class="card" aria-labelledby="who">
            <h2 id="who">{name}</h2>
            <RegisteredInfo name={name} destination={reg.destination} archive={reg.archive} hukou={reg.hukou} />
            <p data-reported>
              以上毕业去向信息于{reg.reportedOn ?? '—'}通过{sourceLabel(reg.source)}上报，请根据实际情况，认真核对确认。
            </p>
          </section>

          <form class="card" method="post" action="/me/confirmation">
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(reg.version)} />
            <fieldset>
              <legend>* 请确认您的去向登记信息</legend>
              <div class="choices">
                <label>
                  <input
                    type="radio"
                    name="result"
                    value="确认无误"
                    required
                    checked={chosen === '确认无误'}
                    aria-invalid={invalidAttr('result')}
                  />
                  信息无误，确认登记去向
                </label>
                <label>
                  <input type="radio" name="result" value="确认有误" checked={chosen === '确认有误'} />
                  信息有误，需更新后确认
                </label>
              </div>
            </fieldset>

            <div data-show-if="result=确认有误">
              <fieldset aria-describedby="wrong-hint">
                <legend>* 您的错误信息情况</legend>
                <p class="hint" id="wrong-hint">
                  选择“信息有误”时填写，至少选一项。
                </p>
                <fieldset>
                  <legend>毕业去向信息</legend>
                  <div class="choices">
                    <label>
                      <input type="radio" name="destination" value="" checked={!dest} />
                      无误
                    </label>
                    <label>
                      <input
                        type="radio"
                        name="destination"
                        value="有变化"
                        checked={dest === '有变化'}
                        aria-invalid={invalidAttr('destination')}
                      />
                      有变化
                    </label>
                    <label>
                      <input type="radio" name="destination" value="有错误" checked={dest === '有错误'} />
                      有错误
                    </label>
                  </div>
                </fieldset>
                <div class="choices">
                  <label>
                    <input type="checkbox" name="archive" value="1" checked={archive} />
                    档案转递信息有变化或存在错误
                  </label>
                  <label>
                    <input type="checkbox" name="hukou" value="1" checked={hukou} />
                    户口迁移信息有变化或存在错误
                  </label>
                </div>
              </fieldset>
              <label for="phone">* 联系方式</label>
              <p class="hint" id="phone-hint">
                请填写手机号码，以便院系、学校与您联系核实。
              </p>
              <input
                id="phone"
                name="phone"
                type="tel"
                inputmode="numeric"
                autocomplete="tel"
                maxlength={13}
                value={phone}
                aria-describedby="phone-hint"
                aria-invalid={invalidAttr('phone')}
              />
              <HowToUpdate source={reg.source} />
            </div>

            <div class="actions">
              <button type="submit">提交</button>
            </div>
          </form>
        </>
      )}
    </Layout>
  )
}
