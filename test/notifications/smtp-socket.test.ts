/**
 * The Workers SMTP client (src/platform/workers/smtp-socket.ts) against the real SMTP server of
 * test/notifications/smtp.ts, here over `node:net` (the same socket shape as `cloudflare:sockets`);
 * test/worker/mail-cron.test.ts runs it in workerd through the cron trigger.
 */
import { connect as netConnect } from 'node:net'
import { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startSmtp } from './smtp.js'
import {
  socketSmtpChannel,
  encodeHeader,
  type Connect,
  type TcpSocket,
} from '../../src/platform/workers/smtp-socket.js'
import { ChannelError } from '../../src/message-channel.js'

/** A `cloudflare:sockets`-shaped socket over node:net (no TLS needed on loopback). */
const nodeConnect: Connect = ({ hostname, port }) => {
  const s = netConnect({ host: hostname, port })
  const opened = new Promise((resolve, reject) => {
    s.once('connect', resolve)
    s.once('error', reject)
  })
  const web = Duplex.toWeb(s) as unknown as {
    readable: ReadableStream<Uint8Array>
    writable: WritableStream<Uint8Array>
  }
  const socket: TcpSocket = {
    readable: web.readable,
    writable: web.writable,
    opened,
    close: () => void s.destroy(),
    startTls: () => {
      throw new Error('no TLS in this test')
    },
  }
  return socket
}

type Smtp = Awaited<ReturnType<typeof startSmtp>>
const servers: Smtp[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

const message = {
  to: 'grad@example.com',
  subject: '【去向】去向登记被退回修改——请补充单位接收函，并于三日内重新提交审核',
  text: '您的毕业去向登记被退回修改。\n.以点开头的一行\n\n查看详情：http://localhost:8787/me/registration',
  messageId: '<outbox-7@localhost>',
}

describe('the Workers SMTP client over a TCP socket', () => {
  it('delivers subject, sender, body and Message-ID as a real server reads them', async () => {
    const smtp = await startSmtp()
    servers.push(smtp)
    const ch = socketSmtpChannel({
      smtpUrl: smtp.url,
      from: '去向 <noreply@quxiang.test>',
      clientName: 'localhost',
      connect: nodeConnect,
    })
    const r = await ch.send(message)
    expect(r.response).toMatch(/^250 /)
    expect(smtp.received).toHaveLength(1)
    const m = smtp.received[0]
    expect(m.envelopeTo).toEqual(['grad@example.com'])
    expect(m.mail.subject).toBe(message.subject)
    expect(m.mail.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(message.text)
    expect(m.mail.from?.value[0]).toEqual({ name: '去向', address: 'noreply@quxiang.test' })
    expect(m.mail.messageId).toBe('<outbox-7@localhost>')
    expect(m.mail.date?.getTime()).toBeGreaterThan(Date.now() - 60_000)
  })

  it('signs in with the URL’s credentials, and a wrong password is a permanent refusal', async () => {
    const smtp = await startSmtp({ auth: { user: 'mailer', pass: 'p@ss word' } })
    servers.push(smtp)
    const url = (pass: string) => `smtp://mailer:${encodeURIComponent(pass)}@127.0.0.1:${smtp.port}`
    const good = socketSmtpChannel({
      smtpUrl: url('p@ss word'),
      from: 'noreply@quxiang.test',
      clientName: 'localhost',
      connect: nodeConnect,
    })
    expect((await good.send(message)).response).toMatch(/^250/)
    const bad = socketSmtpChannel({
      smtpUrl: url('wrong'),
      from: 'noreply@quxiang.test',
      clientName: 'localhost',
      connect: nodeConnect,
    })
    const err = await bad.send(message).catch((e) => e)
    expect(err).toBeInstanceOf(ChannelError)
    expect(err.permanent).toBe(true)
    expect(err.code).toBe('535')
    expect(smtp.received).toHaveLength(1)
  })

  it('a 5xx for the mailbox is permanent, a server that is down is retried', async () => {
    const smtp = await startSmtp({ reject: (to) => (to.startsWith('gone') ? 550 : to.startsWith('busy') ? 451 : null) })
    servers.push(smtp)
    const ch = socketSmtpChannel({
      smtpUrl: smtp.url,
      from: 'noreply@quxiang.test',
      clientName: 'localhost',
      connect: nodeConnect,
    })
    let err = await ch.send({ ...message, to: 'gone@example.com' }).catch((e) => e)
    expect([err.permanent, err.code]).toEqual([true, '550'])
    err = await ch.send({ ...message, to: 'busy@example.com' }).catch((e) => e)
    expect([err.permanent, err.code]).toEqual([false, '451'])
    await smtp.stop()
    err = await ch.send(message).catch((e) => e)
    expect(err).toBeInstanceOf(ChannelError)
    expect(err.permanent).toBe(false)
    expect(smtp.received).toHaveLength(0)
  })

  it('encodes non-ASCII headers as RFC 2047 words of at most 75 characters', () => {
    expect(encodeHeader('plain ascii')).toBe('plain ascii')
    const words = encodeHeader(message.subject).split('\r\n ')
    expect(words.length).toBeGreaterThan(1)
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75)
  })
})
