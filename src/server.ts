/**
 * The Node entry: `npm start` (and `npm start -- --demo`). The supervising process parses the
 * settings, opens the SQLite file, applies pending migrations, bootstraps the school, marks the
 * imports a previous run left `running` as interrupted, loads the demo when asked, then forks
 * WEB_CONCURRENCY serving processes (default: one per core) and restarts one that dies
 * (src/platform/node/supervisor.ts); it also runs the scheduled backups. Each serving process
 * (src/platform/node/serve.ts) serves HTTP and shuts down cleanly (the buffered lookup log is
 * flushed before exit). An in-memory database cannot be shared between processes: with
 * DATABASE_PATH=:memory: the one process serves itself.
 */
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { ConfigError, configFromProcessEnv, type Config } from './config.js'
import { openSqlite, migrate } from './platform/node/sqlite.js'
import { bootstrap } from './accounts/bootstrap.js'
import { markInterruptedImports } from './imports/index.js'
import { readSigningP12 } from './platform/node/signing-p12.js'
import type { SigningIdentity } from './deps.js'

/** The settings, and the agreement-signing certificate AGREEMENT_SIGNING_P12 names (a file on Node). */
function settings(): { config: Config; agreementSigning: SigningIdentity | undefined } {
  try {
    const config = configFromProcessEnv()
    return { config, agreementSigning: readSigningP12(config) }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
}

const started = (config: Config) => (address: string, port: number) =>
  console.log(
    `quxiang 已启动：http://${address.includes(':') ? `[${address}]` : address}:${port}  （对外地址 ${config.publicBaseUrl}）`,
  )

async function primary(config: Config, agreementSigning: SigningIdentity | undefined) {
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
  // No serving process runs yet: every import still `running` was cut off by the last stop.
  const stale = await markInterruptedImports({ db: store.db, batch: store.batch, now })
  if (stale) console.log(`上次运行中断的导入 ${stale} 次，已标记为“已中断”`)

  // Once, before any serving process: the signing key (generated and kept on first start unless
  // AGREEMENT_SIGNING_P12 names one), and the demo.
  await firstStart(config, store, boot, agreementSigning, demo)
  console.log(
    config.mail
      ? `邮件提醒已开启：经 ${new URL(config.mail.smtpUrl).host} 发送（外发邮件每 5 秒处理一次）`
      : '邮件提醒未开启（未设置 SMTP_URL、MAIL_FROM）：消息只进站内信箱，找回密码不可用',
  )
  if (config.databasePath === ':memory:') {
    const { serveProcess } = await import('./platform/node/serve.js')
    return serveProcess(config, { store, secretKey: boot.secretKey, agreementSigning, onListening: started(config) })
  }
  await store.close()

  const { supervise } = await import('./platform/node/supervisor.js')
  const backups = config.backupDir
    ? (await import('./platform/node/backup.js')).scheduleBackups(config.databasePath, {
        dir: config.backupDir,
        intervalH: config.backupIntervalH,
        keep: config.backupKeep,
      })
    : null
  if (backups)
    console.log(`定时备份：每 ${config.backupIntervalH} 小时备份到 ${config.backupDir}，保留 ${config.backupKeep} 份`)
  supervise({
    processes: config.webConcurrency ?? availableParallelism(),
    onListening: started(config),
    // The imports the dead process was running stop here: say so.
    async onExit(pid) {
      const db = openSqlite(config.databasePath)
      try {
        const n = await markInterruptedImports({ db: db.db, batch: db.batch, now }, String(pid))
        if (n) console.log(`服务进程 ${pid} 中断的导入 ${n} 次，已标记为“已中断”`)
      } finally {
        await db.close()
      }
    },
    onStop: () => backups?.stop(),
  })
}

/** What needs the app's dependencies once, in the supervisor: the signing key, and `--demo`. */
async function firstStart(
  config: Config,
  store: ReturnType<typeof openSqlite>,
  boot: { secretKey: string; schoolId: number },
  agreementSigning: SigningIdentity | undefined,
  demo: boolean,
) {
  const [{ signingIdentity }, { nodeDeps }] = await Promise.all([
    import('./agreements/signing-key.js'),
    import('./platform/node/app-deps.js'),
  ])
  const node = nodeDeps(config, store, boot, { agreementSigning })
  try {
    await signingIdentity(node.deps)
    if (demo) await (await import('./demo/load.js')).loadDemo(node.deps, boot.schoolId)
  } finally {
    await node.close()
  }
}

async function main() {
  const { config, agreementSigning } = settings()
  if (cluster.isPrimary) return primary(config, agreementSigning)
  const { serveProcess } = await import('./platform/node/serve.js')
  await serveProcess(config, { agreementSigning })
}

main().catch((e) => {
  console.error('启动失败：', e instanceof Error ? e.message : e)
  process.exit(1)
})
