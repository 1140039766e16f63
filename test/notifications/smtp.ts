/**
 * A real SMTP server on loopback for the mail tests (smtp-server; parsed with mailparser).
 * `stop()` closes it; `start(port)` brings it back on the same port (the "server down, then up"
 * case).
 */
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { onTestFinished } from 'vitest'
import { createTestApp } from '../helpers.js'
import { smtpChannel } from '../../src/platform/node/smtp-channel.js'
import { drainOutbox } from '../../src/notifications/outbox.js'

interface Received {
  envelopeTo: string[]
  mail: ParsedMail
}

export async function startSmtp(
  opts: {
    reject?: (to: string) => number | null
    /** Require AUTH with these credentials (PLAIN/LOGIN, allowed without TLS on loopback). */
    auth?: { user: string; pass: string }
    /** Runs once a message has arrived, before the server answers 250 (the crash test kills the sender here). */
    beforeAccept?: (mail: ParsedMail) => Promise<void>
  } = {},
) {
  const received: Received[] = []
  let server: SMTPServer | undefined
  let port = 0
  const make = () =>
    new SMTPServer({
      authOptional: !opts.auth,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
          return cb(null, { user: auth.username })
        cb(new Error('Invalid username or password'))
      },
      logger: false,
      onRcptTo(address, _session, cb) {
        const code = opts.reject?.(address.address)
        if (code) {
          const err = new Error('mailbox unavailable') as Error & { responseCode: number }
          err.responseCode = code
          return cb(err)
        }
        cb()
      },
      onData(stream, session, cb) {
        simpleParser(stream)
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail })
            return opts.beforeAccept?.(mail)
          })
          .then(() => cb())
          .catch(cb)
      },
    })
  const start = (p = port) =>
    new Promise<void>((resolve, reject) => {
      server = make()
      server.on('error', reject)
      server.listen(p, '127.0.0.1', () => {
        const addr = (server as unknown as { server: { address(): { port: number } } }).server.address()
        port = addr.port
        resolve()
      })
    })
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await start(0)
  return {
    received,
    get port() {
      return port
    },
    get url() {
      return `smtp://127.0.0.1:${port}`
    },
    start,
    stop,
  }
}

/**
 * A test app with mail on, sending to a fresh loopback SMTP server that stops when the test ends;
 * `deliver()` runs one pass of the outbox through the real nodemailer channel.
 */
export async function mailTestApp() {
  const smtp = await startSmtp()
  onTestFinished(() => smtp.stop())
  const t = await createTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@quxiang.test' } })
  const channel = smtpChannel(t.config.mail!)
  const deliver = () => drainOutbox(t.deps, channel, { owner: 'test' })
  return { t, smtp, deliver }
}
