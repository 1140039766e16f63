/**
 * `npm run dev:worker`: the whole service in workerd (Cloudflare Workers) with a local D1 and R2,
 * honouring the settings of contract §1 — no Cloudflare account and no network needed.
 *
 * 1. Parses the settings exactly as `npm start` does: a bad one stops here with one line.
 * 2. Applies the same `migrations/*.sql` to the local D1 (`wrangler d1 migrations apply DB --local`).
 * 3. Writes the settings (secrets included) to an env file under `.wrangler/` (gitignored, mode
 *    0600, deleted on exit) and runs `wrangler dev` on HOST:PORT with it — secrets never appear on
 *    a command line.
 * 4. Calls `/healthz` once, which runs the first-start bootstrap, so the service is ready (and a
 *    generated admin password printed) before this script says so.
 *
 * Where the local D1/R2 state lives: `.wrangler/state` by default; with DATABASE_PATH set, in the
 * folder `<DATABASE_PATH>.workers/` beside it, so separate databases stay separate on both
 * runtimes; DATABASE_PATH=:memory: uses a temporary folder removed on exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, parseConfig, type Config } from '../src/config.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js')

let config: Config
try {
  config = parseConfig(process.env)
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message)
    process.exit(1)
  }
  throw e
}

const cleanup: Array<() => void> = []
function runCleanup() {
  while (cleanup.length) {
    try {
      cleanup.pop()!()
    } catch {
      /* best effort */
    }
  }
}

const persistTo = (() => {
  const p = process.env.DATABASE_PATH?.trim()
  if (!p) return join(ROOT, '.wrangler', 'state')
  if (p === ':memory:') {
    const dir = mkdtempSync(join(tmpdir(), 'quxiang-d1-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
  return resolve(`${p}.workers`)
})()
mkdirSync(persistTo, { recursive: true })

/** dotenv quoting: single quotes keep everything literal; fall back for values containing them. */
function quote(v: string): string {
  if (/[\r\n]/.test(v)) throw new ConfigError('env', '设置值不能包含换行')
  if (!v.includes("'")) return `'${v}'`
  if (!v.includes('`')) return `\`${v}\``
  if (!v.includes('"')) return `"${v}"`
  throw new ConfigError('env', '设置值不能同时包含 \' ` " 三种引号')
}

// Every setting, resolved: the worker sees the same values `npm start` would use.
const vars: Record<string, string> = {
  PORT: String(config.port),
  HOST: config.host,
  PUBLIC_BASE_URL: config.publicBaseUrl,
  SCHOOL_CODE: config.schoolCode,
  SCHOOL_NAME: config.schoolName,
  TRUST_PROXY: config.trustProxy ? '1' : '0',
  VERIFY_FAILURE_LIMIT: String(config.verifyFailureLimit),
  VERIFY_FAILURE_WINDOW_S: String(config.verifyFailureWindowS),
}
vars.DEPLOYMENT = config.deployment
if (config.provinceCode) vars.PROVINCE_CODE = config.provinceCode
if (config.provinceName) vars.PROVINCE_NAME = config.provinceName
if (config.adminPassword) vars.ADMIN_PASSWORD = config.adminPassword
if (config.secretKey) vars.SECRET_KEY = config.secretKey
// Mail (contract §7): the URL carries the SMTP credentials, so it goes only into the env file.
if (config.mail) {
  vars.SMTP_URL = config.mail.smtpUrl
  vars.MAIL_FROM = config.mail.from
}

const envDir = join(ROOT, '.wrangler', 'tmp')
mkdirSync(envDir, { recursive: true })
const envFile = join(envDir, `dev-vars-${process.pid}.env`)
writeFileSync(
  envFile,
  Object.entries(vars)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join('\n') + '\n',
  { mode: 0o600 },
)
chmodSync(envFile, 0o600)
cleanup.push(() => rmSync(envFile, { force: true }))

// No telemetry, no update checks, no prompts: this must work offline and unattended.
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CI: '1',
  NO_UPDATE_NOTIFIER: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
}
// Settings go only through the env file; don't let wrangler pick them up from its own env too.
for (const k of Object.keys(vars)) delete childEnv[k]
delete childEnv.ADMIN_PASSWORD
delete childEnv.SECRET_KEY
delete childEnv.SMTP_URL
delete childEnv.MAIL_FROM

const migrate = spawnSync(
  process.execPath,
  [WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
  {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  },
)
if (migrate.status !== 0) {
  process.stderr.write(migrate.stdout + migrate.stderr)
  console.error('启动失败：本地 D1 数据库迁移未能完成')
  runCleanup()
  process.exit(1)
}
const applied = [...migrate.stdout.matchAll(/(\d{4}_[\w-]+\.sql)[^\n]*✅/g)].map((m) => m[1])
if (applied.length) console.log(`已应用数据库迁移：${applied.join(', ')}`)

/**
 * The devtools inspector on a port of its own: wrangler's default, 9229, is taken by whichever of
 * two workers starting side by side binds first, and the other's workerd dies on it (the Workers
 * suite starts a school and a province deployment at once).
 */
const inspectorPort = await new Promise<number>((done, fail) => {
  const s = createServer()
  s.on('error', fail)
  s.listen(0, '127.0.0.1', () => {
    const a = s.address()
    s.close(() => done(typeof a === 'object' && a ? a.port : 0))
  })
})

const child: ChildProcess = spawn(
  process.execPath,
  [
    WRANGLER,
    'dev',
    '--local',
    '--port',
    String(config.port),
    '--ip',
    config.host,
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    persistTo,
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
    '--live-reload=false',
    // GET /__scheduled runs the cron trigger (the mail sender) on demand, as the tests do.
    '--test-scheduled',
  ],
  { cwd: ROOT, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] },
)

let stopping = false
function stop(signal: NodeJS.Signals) {
  if (stopping) return
  stopping = true
  child.kill(signal)
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
child.on('exit', (code, signal) => {
  runCleanup()
  process.exit(code ?? (signal ? 0 : 1))
})

// Wait for the server, then hit /healthz once so the bootstrap has run before we say "ready".
const probeHost =
  config.host === '0.0.0.0' || config.host === '::'
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host
const probe = `http://${probeHost}:${config.port}/healthz`
;(async () => {
  const deadline = Date.now() + 120_000
  while (!stopping && Date.now() < deadline) {
    try {
      const res = await fetch(probe)
      if (res.ok) {
        console.log(
          `quxiang（Workers 本地）已启动：http://${probeHost}:${config.port}  （对外地址 ${config.publicBaseUrl}，本地 D1/R2：${persistTo}）`,
        )
        return
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  if (!stopping) console.error('启动超时：/healthz 未在 120 秒内就绪')
})()
