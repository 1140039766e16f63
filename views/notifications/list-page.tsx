/** 我的消息: the inbox, newest first, each with a link to the thing itself. */
import { CsrfField, Layout, type LayoutProps, type NavItem } from '../layout.js'

interface InboxItemView {
  id: number
  at: string
  title: string
  body: string
  link: string | null
  readAt: string | null
}

export interface InboxPageProps {
  nav: NavItem[]
  who: LayoutProps['who']
  csrf: string
  items: InboxItemView[]
  unread: number
  total: number
  page: number
  pageSize: number
  onlyUnread: boolean
  notice?: string | null
  /** Formats an ISO instant in Beijing time for people. */
  time: (iso: string) => string
}

export function InboxPage(p: InboxPageProps) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize))
  const q = (page: number) => `/notifications?${p.onlyUnread ? 'unread=1&' : ''}page=${page}`
  return (
    <Layout title="我的消息" nav={p.nav} who={p.who} current="/notifications" narrow>
      <h1>我的消息</h1>
      {p.notice && (
        <div class="alert ok" role="status">
          {p.notice}
        </div>
      )}
      <p>
        共 {p.total} 条{p.onlyUnread ? '未读消息' : '消息'}，其中未读 <strong data-testid="unread">{p.unread}</strong>{' '}
        条。 {p.onlyUnread ? <a href="/notifications">查看全部</a> : <a href="/notifications?unread=1">只看未读</a>}
      </p>
      {p.unread > 0 && (
        <form method="post" action="/notifications/read">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="all" value="true" />
          <button type="submit" class="secondary">
            全部标为已读
          </button>
        </form>
      )}
      {p.items.length === 0 ? (
        <div class="card empty">
          <p>{p.onlyUnread ? '没有未读消息。' : '暂时没有消息。审核结果、登记变化、学校提醒等会在这里通知您。'}</p>
        </div>
      ) : (
        <ul class="inbox">
          {p.items.map((n) => (
            <li class={n.readAt ? undefined : 'unread'}>
              <h2>
                {!n.readAt && <span class="badge warn">未读</span>} {n.title}
              </h2>
              <p>{n.body}</p>
              <div class="meta">
                <span class="muted">{p.time(n.at)}</span>
                {n.link && <a href={`/notifications/${n.id}`}>查看详情</a>}
                {!n.readAt && (
                  <form method="post" action="/notifications/read">
                    <CsrfField token={p.csrf} />
                    <input type="hidden" name="ids" value={String(n.id)} />
                    <button type="submit" class="linkish-dark">
                      标为已读
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="翻页">
          {p.page > 1 && <a href={q(p.page - 1)}>上一页</a>}
          <span>
            第 {p.page} / {pages} 页
          </span>
          {p.page < pages && <a href={q(p.page + 1)}>下一页</a>}
        </nav>
      )}
    </Layout>
  )
}
