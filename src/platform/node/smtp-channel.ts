/**
 * E-mail over SMTP with nodemailer (Node only). One connection per message (no pool): the
 * sender sends one row at a time, and a fresh connection notices a restarted server at once.
 *
 * nodemailer's error codes (measured, docs/ecosystem-notes "Mail"): a server that is down fails
 * fast with `ESOCKET` / `ECONNECTION`; a refusal is `EENVELOPE` / `EMESSAGE` with the reply's
 * `responseCode`. 5xx is permanent (the row fails), everything else is retried. Error messages
 * can quote the recipient, so only the code leaves this file in the error's `code`, and the
 * message is address-redacted by the outbox before it is stored.
 */
import nodemailer from 'nodemailer'
import { ChannelError, type MessageChannel } from '../../message-channel.js'

/** Every SMTP step times out well inside the outbox lease (src/notifications/outbox.ts LEASE_MS). */
const TIMEOUT_MS = 60_000

export function smtpChannel(mail: { smtpUrl: string; from: string }): MessageChannel {
  const transport = nodemailer.createTransport(mail.smtpUrl, {
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // Never log the conversation: it carries addresses and, for reset mails, codes.
    logger: false,
    debug: false,
  } as never)
  return {
    async send(m) {
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: m.messageId,
        })
        return { response: String(info.response ?? '') }
      } catch (e) {
        const err = e as { code?: string; responseCode?: number; message?: string }
        const rc = err.responseCode
        const permanent = typeof rc === 'number' && rc >= 500 && rc < 600
        throw new ChannelError(String(err.message ?? 'SMTP error'), permanent, rc ? String(rc) : (err.code ?? 'SMTP'))
      }
    },
    close() {
      transport.close()
    },
  }
}
