/**
 * A way to deliver a message outside the service. E-mail (SMTP) is the first implementation:
 * nodemailer on Node (src/platform/node/smtp-channel.ts, handed in by the Node entry), a small
 * SMTP client over `cloudflare:sockets` on Workers (src/platform/workers/smtp-socket.ts, run by the
 * cron trigger); the national system's WeChat template messages would be another
 * (docs/wechat-channel.md).
 * The outbox sender (src/notifications/outbox.ts) knows only this interface. It sits here, below
 * both, because a runtime's channel must not import the notifications feature.
 */
export interface OutgoingMessage {
  /** The recipient's address. Never logged. */
  to: string
  subject: string
  text: string
  /**
   * Fixed per outbox row (`<outbox-{id}@{host}>`): every attempt at the same row carries the same
   * Message-ID, so a receiving system that de-duplicates by it shows a repeat once.
   */
  messageId: string
}

/** What the receiving server said when it took the message (e.g. `250 2.0.0 Ok: queued as …`). */
interface SentReceipt {
  response: string
}

/**
 * A failed attempt. `permanent`: the server refused this message for good (a 5xx reply: unknown
 * mailbox, policy); the row is not retried. Otherwise (connection refused, timeout, a 4xx reply)
 * it is retried with back-off.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** A short code for the outbox row and the log (never the address): ESOCKET, 550, … */
    readonly code: string,
  ) {
    super(message)
    this.name = 'ChannelError'
  }
}

export interface MessageChannel {
  /** Delivers one message; resolves once the server has accepted it, or throws (ChannelError). */
  send(message: OutgoingMessage): Promise<SentReceipt>
  close?(): Promise<void> | void
}
