/**
 * The Workers entry: the same `createApp(deps)` as `npm start`, with D1 (through kysely-d1) for
 * the database, R2 for attachments, and the settings of contract §1 read from the Worker's `env`
 * (vars in wrangler.toml, secrets set with `wrangler secret put`, `.dev.vars` / `--env-file`
 * locally).
 *
 * Migrations are NOT applied here: `wrangler d1 migrations apply DB` applies the same
 * `migrations/*.sql` files the Node migrator applies, and records them in the same
 * `d1_migrations` table. The first-start bootstrap (school, `admin`, signing key) runs once per
 * isolate on its first request, awaited before anything is served; concurrent first requests
 * share the one promise, and the bootstrap itself is idempotent (INSERT … ON CONFLICT DO NOTHING),
 * so isolates starting side by side cannot create two admins.
 */
import { getConnInfo } from 'hono/cloudflare-workers'
import { AsyncLocalStorage } from 'node:async_hooks'
import * as pdfkit from 'pdfkit'
import Bluebird from 'bluebird'
import Helvetica from 'pdfkit/standard-fonts/Helvetica'
// The sheets' CJK font, bundled with the script as a Data module (wrangler.toml [[rules]]):
// ~10 MB raw, ~5 MB of the gzipped upload; parsed once per isolate on the first PDF.
import cjkFontData from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'
import type { D1Database, ExecutionContext, R2Bucket } from '@cloudflare/workers-types/index'
import { parseConfig, type Config } from './config.js'
import { openD1 } from './platform/workers/d1.js'
import { bootstrap } from './accounts/bootstrap.js'
import { createApp, type App } from './app.js'
import type { AppDeps, BlobStorage, LookupLog, LookupLogEntry } from './deps.js'
import type { Db } from './db/schema.js'
import { writeLookupEntries } from './db/lookup-log.js'
import { d1Statements } from './platform/workers/statements.js'
import { connect } from 'cloudflare:sockets'
import { socketSmtpChannel } from './platform/workers/smtp-socket.js'
import { drainOutbox } from './notifications/outbox.js'
import type { MessageChannel } from './message-channel.js'

/**
 * In a Worker bundle `pdfkit` is its browser build, which reads no files: the standard font every
 * new PDFDocument starts with (Helvetica) must be registered from its JS module. The sheets then
 * switch to the bundled CJK font for all of their text.
 */
const registerStdFonts = (pdfkit as unknown as { registerStdFonts?: (...fonts: unknown[]) => void }).registerStdFonts
registerStdFonts?.(Helvetica)

/**
 * exceljs reads XLSX through `unzipper`, which uses bluebird promises. Bluebird drains its queue
 * with a `setImmediate` it schedules itself and remembers as pending; in workerd a timer left
 * behind by a finished request never fires, so from the second XLSX upload of an isolate on every
 * bluebird promise waited forever ("the Worker's code had hung"). Draining on the microtask queue
 * of the current request — what bluebird itself does where it finds no setImmediate — keeps every
 * drain inside the request that caused it.
 */
Bluebird.setScheduler((fn) => queueMicrotask(fn))

export interface WorkerEnv {
  DB: D1Database
  BLOBS: R2Bucket
  /** Settings of contract §1 as vars / secrets; everything else in `env` is ignored. */
  [setting: string]: unknown
}

/** The request being served: its ExecutionContext, for work that must outlive the response. */
interface RequestScope {
  ctx: ExecutionContext
}

const scope = new AsyncLocalStorage<RequestScope>()

/** The settings are the string values of `env`; bindings (DB, BLOBS) are objects and skipped. */
export function settingsOf(env: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v
  return out
}

/** Attachments in an R2 bucket, keyed exactly as on disk. */
export function r2Storage(bucket: R2Bucket): BlobStorage {
  return {
    async put(key, data, contentType) {
      await bucket.put(key, data, { httpMetadata: { contentType } })
    },
    async get(key) {
      const obj = await bucket.get(key)
      return obj ? new Uint8Array(await obj.arrayBuffer()) : null
    },
    async delete(key) {
      await bucket.delete(key)
    },
  }
}

/**
 * The lookup log on Workers: buffered per isolate and written in batches, like the Node sink, but
 * without trusting timers of their own — an isolate may be evicted at any moment, and a timer
 * left behind by a finished request never fires.
 *
 * The request that puts the first entry into an empty buffer holds the flush: a short delay and
 * the write run inside its `ctx.waitUntil`, so the runtime keeps the isolate alive until they land
 * (after its response has gone). Entries from requests served meanwhile ride along in the same
 * INSERT. A full buffer is written at once. So a lookup never waits on its log entry, and a busy
 * isolate turns hundreds of lookups into a few writes instead of one each — which matters on D1,
 * where every write goes to the one primary of the database.
 *
 * If a scheduled flush has not run well after its time, the next entry schedules a new one.
 */
export function workerLookupLog(db: Db, { maxEntries = 64, delayMs = 100 } = {}): LookupLog {
  let buffer: LookupLogEntry[] = []
  let scheduledAt = 0
  const take = () => {
    const entries = buffer
    buffer = []
    return entries
  }
  const write = (entries: LookupLogEntry[]) =>
    writeLookupEntries(db, entries).catch((e) => console.error('lookup log write failed', e))
  return {
    add(entry) {
      buffer.push(entry)
      const ctx = scope.getStore()?.ctx
      if (!ctx) {
        void write(take()) // outside any request: nothing could hold a delayed flush
        return
      }
      if (buffer.length >= maxEntries) {
        ctx.waitUntil(write(take()))
        return
      }
      const now = Date.now()
      if (scheduledAt && now - scheduledAt < delayMs * 20) return
      scheduledAt = now
      ctx.waitUntil(
        new Promise((r) => setTimeout(r, delayMs)).then(() => {
          scheduledAt = 0
          return buffer.length ? write(take()) : undefined
        }),
      )
    },
    async flush() {
      // Only what is still in the buffer; a write already under way belongs to another request.
      if (buffer.length) await writeLookupEntries(db, take())
    },
  }
}

/** One loader for the isolate: documents parse the font once per loader. */
const loadBundledFont = () => new Uint8Array(cjkFontData)

/** `waitUntil` of the current request, so deferred work outlives the response. */
function defer(p: Promise<unknown>) {
  const guarded = p.catch((e) => console.error('deferred work failed', e))
  scope.getStore()?.ctx.waitUntil(guarded)
}

interface Isolate {
  app: App
  deps: AppDeps
  config: Config
}

let isolate: { promise: Promise<Isolate>; startedAt: number } | undefined

/** A start that has not finished after this long (its request was cancelled mid-way) is redone. */
const STALE_START_MS = 15_000

async function start(env: WorkerEnv): Promise<Isolate> {
  const config = parseConfig(settingsOf(env))
  const { db, batch } = openD1(env.DB)
  const now = () => new Date()
  const boot = await bootstrap(db, config, now())
  if (boot.generatedAdminPassword) {
    // Printed once, like `npm start`: `wrangler dev` shows it; in production `wrangler tail`
    // would — set ADMIN_PASSWORD as a secret there instead.
    console.log(
      `首次启动：已创建${boot.adminUsername === 'province' ? '省级' : '学校'}管理员 ${boot.adminUsername}，密码 ${boot.generatedAdminPassword}（只显示这一次，请妥善保存；也可用 ADMIN_PASSWORD 指定）`,
    )
  }
  // One line, like `npm start`, saying whether mail goes out (never the URL: it has credentials).
  console.log(
    config.mail
      ? `邮件提醒已开启：经 ${new URL(config.mail.smtpUrl).host} 发送（外发邮件由每分钟的定时任务处理）`
      : '邮件提醒未开启（未设置 SMTP_URL、MAIL_FROM）：消息只进站内信箱，找回密码不可用',
  )
  const deps: AppDeps = {
    db,
    batch,
    config,
    secretKey: boot.secretKey,
    now,
    storage: r2Storage(env.BLOBS),
    lookupLog: workerLookupLog(db),
    statements: d1Statements(env.DB as never),
    loadFont: loadBundledFont,
    defer,
    connInfo: getConnInfo,
  }
  return { app: createApp(deps), deps, config }
}

/**
 * The isolate's app, started on first use; concurrent first requests share the one start. The
 * request that starts it also hands it to `waitUntil`, so a client hanging up mid-way does not
 * cancel the bootstrap the others are waiting for. A failed start is retried by the next request,
 * and one that never finishes is redone after STALE_START_MS.
 */
export function isolateApp(env: WorkerEnv, ctx?: ExecutionContext): Promise<Isolate> {
  const now = Date.now()
  if (!isolate || (isolate.startedAt > 0 && now - isolate.startedAt > STALE_START_MS)) {
    const entry = { promise: start(env), startedAt: now }
    isolate = entry
    entry.promise.then(
      () => (entry.startedAt = 0), // started: never stale
      () => {
        if (isolate === entry) isolate = undefined
      },
    )
    ctx?.waitUntil(entry.promise.catch(() => undefined))
  }
  return isolate.promise
}

/** The isolate's mail channel: SMTP over `connect()`, or none when mail is off. */
let mailChannel: MessageChannel | null | undefined

function channelFor(config: Config): MessageChannel | null {
  if (mailChannel === undefined) {
    mailChannel = config.mail
      ? socketSmtpChannel({
          ...config.mail,
          clientName: hostOf(config.publicBaseUrl),
          connect: (address, options) => connect(address, options),
        })
      : null
  }
  return mailChannel
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname || 'localhost'
  } catch {
    return 'localhost'
  }
}

/** Rows one cron invocation sends at most: one SMTP conversation each, well inside its time. */
const ROWS_PER_RUN = 50

/**
 * The mail sender on Workers (contract §7): the cron trigger of wrangler.toml (`[triggers]`,
 * every minute) runs one pass of the outbox — the same `drainOutbox` as Node's background loop:
 * rows claimed by one conditional UPDATE each (two overlapping invocations never share a row),
 * retried with back-off for 24 h, marked sent once with the server's answer, a row left
 * mid-send marked uncertain and never resent. A cron rather than a queue consumer: no queue
 * binding to create, and the outbox table already is the queue. Without SMTP_URL it does nothing.
 */
export async function runScheduled(env: WorkerEnv, ctx?: ExecutionContext) {
  const { deps, config } = await isolateApp(env, ctx)
  const channel = channelFor(config)
  if (!channel) return null
  const result = await drainOutbox(deps, channel, { owner: `cron-${crypto.randomUUID()}`, limit: ROWS_PER_RUN })
  if (result.sent || result.failed || result.retried || result.uncertain)
    console.log(
      `外发邮件：发送 ${result.sent}，稍后重试 ${result.retried}，放弃 ${result.failed}，无法确认 ${result.uncertain}`,
    )
  return result
}

export default {
  async scheduled(_event: unknown, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    try {
      await runScheduled(env, ctx)
    } catch (e) {
      // Addresses never reach the log: the error's name only (the rows keep the details).
      console.error('外发邮件发送轮次出错：', e instanceof Error ? e.name : 'Error')
      throw e
    }
  },

  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let started: Isolate
    try {
      started = await isolateApp(env, ctx)
    } catch (e) {
      // A bad setting or an unmigrated database: one clear line in the log, a JSON 503 outside.
      console.error('启动失败：', e instanceof Error ? e.message : e)
      return Response.json(
        { error: { code: 'unavailable', message: '服务尚未就绪：启动失败，请查看日志' } },
        { status: 503 },
      )
    }
    const app = started.app
    return scope.run({ ctx }, () => app.fetch(request, env, ctx as never))
  },
}
