/** The page frame shared by every page: header, navigation, main, footer. */
import type { Child } from 'hono/jsx'
import { Bell } from './components/bell.js'

export interface NavItem {
  href: string
  label: string
}

/** Who is signed in, for the page frame: see `LayoutProps.who`. */
export interface Who {
  label: string
  logoutAction: string
  csrf: string
  unread: number | undefined
  /** false for an employer: its account has no inbox and no /me/password (its own pages say how). */
  account?: boolean
}

export interface LayoutProps {
  title: string
  children?: Child
  nav?: NavItem[]
  current?: string
  /**
   * The signed-in person's name, shown with the bell (unread count) and a logout button. `unread`
   * is a required key (the request's count, `c.get('unread')`, undefined only where none was
   * counted) so that no signed-in page can leave the bell's count out by forgetting it.
   */
  who?: Who
  narrow?: boolean
}

/**
 * Every page loads the one small script: a page that forgot it once let a data-confirm button
 * (重新审核 on a correction) post without the browser's question. It only helps — pages work
 * without it, and the server asks its own question where a no-JavaScript post must be confirmed.
 */
const APP_JS = '/static/app.js'

export function Layout({ title, children, nav = [], current, who, narrow }: LayoutProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · 去向`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src={APP_JS} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/">
              去向 · 毕业去向登记与核验
            </a>
            <nav aria-label="主导航">
              {nav.map((n) => (
                <a href={n.href} aria-current={current === n.href ? 'page' : undefined}>
                  {n.label}
                </a>
              ))}
              {who && (
                <span class="who">
                  {who.account !== false && <Bell unread={who.unread} current={current === '/notifications'} />}
                  <span>{who.label}</span>
                  {who.account !== false && (
                    <a href="/me/password" aria-current={current === '/me/password' ? 'page' : undefined}>
                      修改密码
                    </a>
                  )}
                  <form method="post" action={who.logoutAction}>
                    <input type="hidden" name="_csrf" value={who.csrf} />
                    <button class="linkish" type="submit">
                      退出
                    </button>
                  </form>
                </span>
              )}
            </nav>
          </div>
        </header>
        <main id="main" class={narrow ? 'narrow' : undefined} tabindex={-1}>
          {children}
        </main>
        <footer class="bottom">去向 quxiang · 毕业生去向登记、档案转递与户档核验</footer>
      </body>
    </html>
  )
}

export function ErrorAlert({ message, title = '提交未成功' }: { message?: string | null; title?: string }) {
  if (!message) return null
  return (
    <div class="alert error" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
    </div>
  )
}

/** Several problems at once, each linking to its field (`#id`), so a long form is fixed in one pass. */
export function ErrorSummary({
  items,
  title = '提交未成功，请修改以下各项',
}: {
  items: Array<{ message: string; href?: string }>
  title?: string
}) {
  if (!items.length) return null
  return (
    <div class="alert error" role="alert" id="error-summary" tabindex={-1}>
      <h2>{title}</h2>
      <ul class="error-list">
        {items.map((i) => (
          <li>{i.href ? <a href={i.href}>{i.message}</a> : i.message}</li>
        ))}
      </ul>
    </div>
  )
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}
