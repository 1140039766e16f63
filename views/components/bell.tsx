/** The bell on every signed-in page: a link to the inbox with the unread count. */
export function Bell({ unread, current }: { unread?: number; current?: boolean }) {
  const n = unread ?? 0
  const label = n > 0 ? `消息（${n > 99 ? '99+' : n} 条未读）` : '消息'
  return (
    <a class="bell" href="/notifications" aria-label={label} aria-current={current ? 'page' : undefined}>
      <svg
        aria-hidden="true"
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span class="bell-text">消息</span>
      {n > 0 && (
        <span class="badge" data-unread={n}>
          {n > 99 ? '99+' : n}
        </span>
      )}
    </a>
  )
}
