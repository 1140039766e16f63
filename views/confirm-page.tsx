/**
 * The server-rendered "are you sure?" step before a destructive action, for browsers without
 * JavaScript (with it, app.js asks with window.confirm() and this page is never seen). The 确认
 * button re-posts exactly the fields that came in (including `_csrf` and the pressed button's
 * name/value) plus `confirmed=1`; 取消 goes back without posting anything.
 */
import { Layout, type NavItem, type Who } from './layout.js'

export interface ConfirmPageProps {
  title: string
  /** What will happen, in plain words. */
  message: string
  /** Further consequences, one per line (optional). */
  details?: string[]
  /** The 确认 button's label. */
  confirmLabel: string
  danger: boolean
  action: string
  hidden: Array<[string, string]>
  back: string
  nav: NavItem[]
  who?: Who
}

export function ConfirmPage(p: ConfirmPageProps) {
  return (
    <Layout title={p.title} nav={p.nav} who={p.who} narrow>
      <h1>{p.title}</h1>
      <section class="card" aria-labelledby="confirm-q" data-confirm-page>
        <div class="alert warn" role="alert">
          <p id="confirm-q">{p.message}</p>
          {p.details && p.details.length > 0 && (
            <ul>
              {p.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
        <form method="post" action={p.action}>
          {p.hidden.map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="confirmed" value="1" />
          <div class="actions">
            <button class={p.danger ? 'danger' : undefined} type="submit">
              {p.confirmLabel}
            </button>
            <a class="button secondary" href={p.back}>
              取消
            </a>
          </div>
        </form>
      </section>
    </Layout>
  )
}
