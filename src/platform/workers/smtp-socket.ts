/**
 * E-mail over SMTP on Workers: a small SMTP client (RFC 5321) over a TCP socket — on Workers
 * `connect()` from `cloudflare:sockets`, handed in by the entry (src/worker.ts), so this file
 * imports no runtime module and the Node tests can drive it over `node:net` too.
 *
 * Why not nodemailer: it needs node:net / node:tls sockets, which workerd does not have even
 * under nodejs_compat. What this client does, and no more, because the outbox sends one plain
 * text message per connection:
 *
 * - `smtp://host[:587]`: plain TCP, upgraded with STARTTLS whenever the server offers it (as
 *   nodemailer does); `smtps://host[:465]`: TLS from the first byte.
 * - `user:pass@` in the URL: AUTH PLAIN (or LOGIN, if that is all the server offers).
 * - EHLO, MAIL FROM, RCPT TO, DATA with the message (UTF-8, base64 body, RFC 2047 subject and
 *   sender name, the row's fixed Message-ID), QUIT.
 *
 * Replies map onto ChannelError like the Node channel's: a 5xx is permanent (the row fails), a
 * 4xx, a refused connection or a timeout is retried by the outbox. Error messages never carry
 * the address (the server's reply text is kept, and the outbox blanks addresses in it).
 *
 * Production note: Cloudflare blocks outbound port 25 from Workers; a submission port (587 with
 * STARTTLS, or 465) of a mail provider is what SMTP_URL should name there.
 */
import { ChannelError, type MessageChannel, type OutgoingMessage } from '../../message-channel.js'

/** The part of a `cloudflare:sockets` Socket the client uses. */
export interface TcpSocket {
  readonly readable: ReadableStream<Uint8Array>
  readonly writable: WritableStream<Uint8Array>
  readonly opened?: Promise<unknown>
  close(): Promise<void> | void
  startTls(options?: { expectedServerHostname?: string }): TcpSocket
}

export type Connect = (
  address: { hostname: string; port: number },
  options: { secureTransport: 'off' | 'on' | 'starttls'; allowHalfOpen: boolean },
) => TcpSocket

/** Every step times out well inside the outbox lease (src/notifications/outbox.ts LEASE_MS). */
const STEP_TIMEOUT_MS = 60_000

interface Reply {
  code: number
  lines: string[]
}

const enc = new TextEncoder()
const dec = new TextDecoder()

/** base64 of UTF-8 text, with no runtime's Buffer. */
function base64(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? enc.encode(text) : text
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

/** RFC 2047 encoded words for a header value that is not plain ASCII (each word ≤ 75 chars). */
export function encodeHeader(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: printable ASCII is the test
  if (/^[\x20-\x7e]*$/.test(value)) return value
  const words: string[] = []
  let chunk = ''
  for (const ch of value) {
    // 45 bytes of UTF-8 make 60 base64 characters: with "=?UTF-8?B?" and "?=", 72.
    if (enc.encode(chunk + ch).length > 45) {
      words.push(chunk)
      chunk = ''
    }
    chunk += ch
  }
  if (chunk) words.push(chunk)
  return words.map((w) => `=?UTF-8?B?${base64(w)}?=`).join('\r\n ')
}

/** `名字 <a@b>` or `a@b` → the display name and the address. */
function parseMailbox(from: string): { name: string | null; address: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(from)
  if (m) return { name: m[1].replace(/^"(.*)"$/, '$1') || null, address: m[2] }
  return { name: null, address: from.trim() }
}

/** RFC 5322 date in UTC (`Mon, 15 Jun 2026 02:00:00 +0000`). */
function rfc5322Date(d: Date) {
  return d.toUTCString().replace(/GMT$/, '+0000')
}

/** The whole message as sent after DATA: headers, a blank line, the base64 body, CRLF line ends. */
function buildMessage(fromHeader: string, m: OutgoingMessage, date: Date): string {
  const from = parseMailbox(fromHeader)
  const body = base64(m.text.replace(/\r?\n/g, '\r\n'))
  const lines = [
    `From: ${from.name ? `${encodeHeader(from.name)} <${from.address}>` : from.address}`,
    `To: <${m.to}>`,
    `Subject: ${encodeHeader(m.subject)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: ${m.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    ...(body.match(/.{1,76}/g) ?? []),
  ]
  // Dot-stuffing (RFC 5321 §4.5.2); base64 lines never start with a dot, headers might.
  return lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n')
}

/** A line-oriented SMTP conversation over one socket. */
class Conversation {
  private reader: ReadableStreamDefaultReader<Uint8Array>
  private writer: WritableStreamDefaultWriter<Uint8Array>
  private buffer = ''

  constructor(private socket: TcpSocket) {
    this.reader = socket.readable.getReader()
    this.writer = socket.writable.getWriter()
  }

  /** Hands the socket over to TLS (STARTTLS): the old streams are released first. */
  upgrade(hostname: string) {
    this.reader.releaseLock()
    this.writer.releaseLock()
    this.socket = this.socket.startTls({ expectedServerHostname: hostname })
    this.reader = this.socket.readable.getReader()
    this.writer = this.socket.writable.getWriter()
    this.buffer = ''
  }

  private async line(): Promise<string> {
    for (;;) {
      const i = this.buffer.indexOf('\r\n')
      if (i >= 0) {
        const l = this.buffer.slice(0, i)
        this.buffer = this.buffer.slice(i + 2)
        return l
      }
      const { value, done } = await timed(this.reader.read(), 'ETIMEDOUT')
      if (done) throw new ChannelError('connection closed by the mail server', false, 'ECONNECTION')
      this.buffer += dec.decode(value, { stream: true })
    }
  }

  async reply(): Promise<Reply> {
    const lines: string[] = []
    for (;;) {
      const l = await this.line()
      const m = /^(\d{3})([- ]?)(.*)$/.exec(l)
      if (!m) throw new ChannelError('unreadable reply from the mail server', false, 'EPROTOCOL')
      lines.push(m[3])
      if (m[2] !== '-') return { code: Number(m[1]), lines }
    }
  }

  async send(text: string) {
    await timed(this.writer.write(enc.encode(`${text}\r\n`)), 'ETIMEDOUT')
  }

  /** Sends a command and requires one of the `ok` reply codes; any other is a ChannelError. */
  async command(text: string | null, ok: number[], what: string): Promise<Reply> {
    if (text !== null) await this.send(text)
    const r = await this.reply()
    if (!ok.includes(r.code))
      throw new ChannelError(`${what}: ${r.code} ${r.lines.join(' ')}`, r.code >= 500 && r.code < 600, String(r.code))
    return r
  }

  async close() {
    try {
      this.reader.releaseLock()
      this.writer.releaseLock()
    } catch {}
    try {
      await this.socket.close()
    } catch {}
  }
}

function timed<T>(p: Promise<T>, code: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ChannelError('the mail server did not answer in time', false, code)),
      STEP_TIMEOUT_MS,
    )
  })
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

export interface SocketSmtpOptions {
  smtpUrl: string
  from: string
  /** The name this client gives in EHLO (the service's host). */
  clientName: string
  connect: Connect
  now?: () => Date
}

export function socketSmtpChannel(o: SocketSmtpOptions): MessageChannel {
  const url = new URL(o.smtpUrl)
  const secure = url.protocol === 'smtps:'
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = url.port ? Number(url.port) : secure ? 465 : 587
  const user = decodeURIComponent(url.username)
  const pass = decodeURIComponent(url.password)
  const sender = parseMailbox(o.from).address
  const now = o.now ?? (() => new Date())

  return {
    async send(m) {
      let conv: Conversation | undefined
      try {
        const socket = o.connect(
          { hostname, port },
          { secureTransport: secure ? 'on' : 'starttls', allowHalfOpen: false },
        )
        await timed(Promise.resolve(socket.opened), 'ECONNECTION')
        conv = new Conversation(socket)
        await conv.command(null, [220], 'greeting')
        let ehlo = await conv.command(`EHLO ${o.clientName}`, [250], 'EHLO')
        const offers = (r: Reply, word: string) => r.lines.some((l) => l.toUpperCase().split(/\s+/)[0] === word)
        if (!secure && offers(ehlo, 'STARTTLS')) {
          await conv.command('STARTTLS', [220], 'STARTTLS')
          conv.upgrade(hostname)
          ehlo = await conv.command(`EHLO ${o.clientName}`, [250], 'EHLO')
        }
        if (user) {
          const auth = ehlo.lines.find((l) => /^AUTH[ =]/i.test(l))?.toUpperCase() ?? ''
          if (/\bPLAIN\b/.test(auth) || !/\bLOGIN\b/.test(auth)) {
            await conv.command(`AUTH PLAIN ${base64(`\0${user}\0${pass}`)}`, [235], 'AUTH')
          } else {
            await conv.command('AUTH LOGIN', [334], 'AUTH')
            await conv.command(base64(user), [334], 'AUTH')
            await conv.command(base64(pass), [235], 'AUTH')
          }
        }
        await conv.command(`MAIL FROM:<${sender}>`, [250], 'MAIL FROM')
        await conv.command(`RCPT TO:<${m.to}>`, [250, 251], 'RCPT TO')
        await conv.command('DATA', [354], 'DATA')
        await conv.send(`${buildMessage(o.from, m, now())}\r\n.`)
        const accepted = await conv.command(null, [250], 'message')
        // The message is the server's from here on: a failing QUIT changes nothing.
        await conv.send('QUIT').catch(() => {})
        return { response: `${accepted.code} ${accepted.lines.join(' ')}` }
      } catch (e) {
        if (e instanceof ChannelError) throw e
        const err = e as { message?: string; code?: string }
        throw new ChannelError(String(err.message ?? 'SMTP error'), false, 'ESOCKET')
      } finally {
        await conv?.close()
      }
    },
  }
}
