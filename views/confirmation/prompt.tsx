/**
 * The reminder shown on the graduate's pages until the registered information is confirmed
 * (seed 004, 3). Render it with the state from `confirmationStateOf(db, graduateId)`
 * (src/confirmation/queries.ts); it renders nothing when there is nothing to confirm (未上报)
 * or when the graduate has confirmed (确认无误).
 */
import type { ConfirmationState } from '../../src/domain/confirmation.js'

export function ConfirmationPrompt({ state }: { state: ConfirmationState | null | undefined }) {
  if (state === '未确认') {
    return (
      <div class="alert warn" role="status" data-confirmation-prompt="未确认">
        <h2>请确认您的去向登记信息</h2>
        <p>您的毕业去向已上报，请认真核对毕业去向、档案转递和户口迁移信息并进行登记确认。</p>
        <p>
          <a class="button" href="/me/confirmation">
            去登记确认
          </a>
        </p>
      </div>
    )
  }
  if (state === '确认有误') {
    return (
      <div class="alert warn" role="status" data-confirmation-prompt="确认有误">
        <h2>请更新去向信息并再次确认</h2>
        <p>您已确认去向信息有误，请将去向信息更新为正确信息，并再次进行去向登记确认。</p>
        <p>
          <a class="button" href="/me/confirmation">
            查看登记确认
          </a>
        </p>
      </div>
    )
  }
  return null
}
