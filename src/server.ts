/**
 * The Node entry: `npm start` (and `npm start -- --demo`). Parses the settings, opens the SQLite
 * file, applies pending migrations, bootstraps the school, serves HTTP, and shuts down cleanly
 * (the buffered lookup log is flushed before exit).
 */
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { dirname, join } from 'node:path'
import { ConfigError, configFromProcessEnv } from './config.js'
import { openSqlite, migrate } from './platform/node/sqlite.js'
import { bootstrap } from './accounts/bootstrap.js'
import { readSigningP12 } from './platform/node/signing-p12.js'
import { signingIdentity } from './agreements/signing-key.js'
import { createApp } from './app.js'
import { startOutboxLoop } from './notifications/outbox.js'
import { smtpChannel } from './platform/node/smtp-channel.js'
import { diskStorage } from './platform/node/disk-storage.js'
import { bufferedLookupLog } from './db/lookup-log.js'
import { threadedLookupLog } from './platform/node/lookup-log-thread.js'
import { loadDemo } from './demo/load.js'
import { sqliteStatements } from './platform/node/statements.js'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { CJK_FONT_MODULE_PATH } from './documents/fonts.js'
import { sharedFont, workerRenderer } from './platform/node/sheet-pool.js'

async function main() {
  let config
  let agreementSigning
  try {
    config = configFromProcessEnv()
    agreementSigning = readSigningP12(config)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  const demo = process.argv.includes('--demo')
  const store = openSqlite(config.databasePath)
  const applied = migrate(store.sqlite)
  if (applied.length) console.log(`已应用数据库迁移：${applied.join(', ')}`)
  const now = () => new Date()
  const boot = await bootstrap(store.db, config, now())
  if (boot.generatedAdminPassword) {
    console.log('')
    console.log(
      `首次启动：已创建${boot.adminUsername === 'province' ? '省级' : '学校'}管理员 ${boot.adminUsername}，密码 ${boot.generatedAdminPassword}`,
    )
    console.log('（只显示这一次，请妥善保存；也可用 ADMIN_PASSWORD 指定）')
    console.log('')
  }
  // The lookup log is written on its own thread when the database is a file (src/platform/node/lookup-log-thread.ts).
  const lookupLog =
    config.databasePath === ':memory:' ? bufferedLookupLog(store.db) : threadedLookupLog(config.databasePath)
  // The sheets' CJK font, read once (shared with the workers); bulk downloads render on worker threads.
  const font = sharedFont(readFileSync(createRequire(import.meta.url).resolve(CJK_FONT_MODULE_PATH)))
  const loadFont = () => font
  const sheetRenderer = workerRenderer(font)
  const deps = {
    agreementSigning,
    connInfo: getConnInfo,
    db: store.db,
    batch: store.batch,
    config,
    secretKey: boot.secretKey,
    now,
    storage: diskStorage(
      join(config.databasePath === ':memory:' ? './data' : dirname(config.databasePath), 'attachments'),
    ),
    lookupLog,
    // The public lookup's hot query as a reused prepared statement (src/platform/node/statements.ts).
    statements: sqliteStatements(store.sqlite),
    loadFont,
    sheetRenderer,
  }
  // The agreement-signing key: generated and kept on first start unless AGREEMENT_SIGNING_P12 names one.
  await signingIdentity(deps)
  if (demo) await loadDemo(deps, boot.schoolId)
  const app = createApp(deps)
  // Mail (contract §7): off without SMTP_URL — one line says so. The sender claims rows with a
  // conditional UPDATE (src/notifications/outbox.ts), so several serving processes may each run
  // one without ever sending a row twice.
  const mailLoop = config.mail ? startOutboxLoop(deps, smtpChannel(config.mail)) : null
  console.log(
    config.mail
      ? `邮件提醒已开启：经 ${new URL(config.mail.smtpUrl).host} 发送（外发邮件每 5 秒处理一次）`
      : '邮件提醒未开启（未设置 SMTP_URL、MAIL_FROM）：消息只进站内信箱，找回密码不可用',
  )
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(
      `quxiang 已启动：http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}  （对外地址 ${config.publicBaseUrl}）`,
    )
  })
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`收到 ${signal}，正在停止…`)
    server.close()
    await lookupLog.stop()
    await mailLoop?.stop()
    await sheetRenderer.close()
    await store.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((e) => {
  console.error('启动失败：', e instanceof Error ? e.message : e)
  process.exit(1)
})
