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
import { AsyncLocalStorage } from 'node:async_hooks'
import * as pdfkit from 'pdfkit'
import Bluebird from 'bluebird'
import Helvetica from 'pdfkit/standard-fonts/Helvetica'
// The sheets' CJK font, bundled with the script as a Data module (wrangler.toml [[rules]]):
// ~10 MB raw, ~5 MB of the gzipped upload; parsed once per isolate on the first PDF.
import cjkFontData from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'
import type { D1Database, ExecutionContext, R2Bucket } from '@cloudflare/workers-types/index'
import { parseConfig, type Config } from './config.js'
import { openD1, D1_MAX_PARAMS } from './db/d1.js'
import { bootstrap } from './db/bootstrap.js'
import { createApp, type App } from './app.js'
import type { AppDeps, BlobStorage, LookupLog, LookupLogEntry } from './env.js'
import type { Db } from './db/schema.js'
import { d1Statements } from './lookup/statements.js'

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

/** What one request may leave behind for after the response (ctx.waitUntil). */
interface RequestScope {
  ctx: ExecutionContext
  /** Lookup log entries of this request, written in one statement after the response. */
  entries: LookupLogEntry[]
  open: boolean
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

/** Lookup log rows per INSERT: six columns each, under D1's 100-parameter cap. */
const LOG_ROWS_PER_INSERT = Math.floor(D1_MAX_PARAMS / 6)

async function writeEntries(db: Db, entries: LookupLogEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += LOG_ROWS_PER_INSERT) {
    await db.insertInto('lookups').values(entries.slice(i, i + LOG_ROWS_PER_INSERT)).execute()
  }
}

/**
 * The lookup log on Workers. An isolate has no timers worth trusting and may be evicted at any
 * moment, so nothing is buffered across requests: a request's entries are collected while it
 * runs and written in one INSERT through `ctx.waitUntil` once its response is ready — the lookup
 * never waits on the write, and the runtime keeps the isolate alive until the write lands.
 * An entry added outside a request (or after its response) is written on its own, still through
 * `waitUntil` when a request is in scope.
 */
export function workerLookupLog(db: Db): LookupLog {
  const writeLater = (entries: LookupLogEntry[]) => {
    const p = writeEntries(db, entries).catch((e) => console.error('lookup log write failed', e))
    const s = scope.getStore()
    if (s) s.ctx.waitUntil(p)
    return p
  }
  return {
    add(entry) {
      const s = scope.getStore()
      if (s?.open) s.entries.push(entry)
      else void writeLater([entry])
    },
    async flush() {
      const s = scope.getStore()
      if (s && s.entries.length) await writeEntries(db, s.entries.splice(0))
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

let isolate: Promise<Isolate> | undefined

async function start(env: WorkerEnv): Promise<Isolate> {
  const config = parseConfig(settingsOf(env))
  const { db, batch } = openD1(env.DB)
  const now = () => new Date()
  const boot = await bootstrap(db, config, now())
  if (boot.generatedAdminPassword) {
    // Printed once, like `npm start`: `wrangler dev` shows it; in production `wrangler tail`
    // would — set ADMIN_PASSWORD as a secret there instead.
    console.log(`首次启动：已创建学校管理员 admin，密码 ${boot.generatedAdminPassword}（只显示这一次，请妥善保存；也可用 ADMIN_PASSWORD 指定）`)
  }
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
  }
  return { app: createApp(deps), deps, config }
}

/** The isolate's app, started on first use; a failed start is retried by the next request. */
export function isolateApp(env: WorkerEnv): Promise<Isolate> {
  if (!isolate) {
    isolate = start(env)
    isolate.catch(() => (isolate = undefined))
  }
  return isolate
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let started: Isolate
    try {
      started = await isolateApp(env)
    } catch (e) {
      // A bad setting or an unmigrated database: one clear line in the log, a JSON 503 outside.
      console.error('启动失败：', e instanceof Error ? e.message : e)
      return Response.json({ error: { code: 'unavailable', message: '服务尚未就绪：启动失败，请查看日志' } }, { status: 503 })
    }
    const s: RequestScope = { ctx, entries: [], open: true }
    return scope.run(s, async () => {
      try {
        return await started.app.fetch(request, env, ctx as never)
      } finally {
        s.open = false
        if (s.entries.length) {
          const entries = s.entries.splice(0)
          ctx.waitUntil(writeEntries(started.deps.db, entries).catch((e) => console.error('lookup log write failed', e)))
        }
      }
    })
  },
}
