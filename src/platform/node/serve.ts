/**
 * One serving process: opens the database (already migrated and bootstrapped by the supervisor),
 * builds the app and serves HTTP until SIGTERM / SIGINT, then stops cleanly (the buffered lookup
 * log is flushed before exit).
 */
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { Config } from '../../config.js'
import type { SigningIdentity } from '../../deps.js'
import { readBootstrap } from '../../accounts/bootstrap.js'
import { startOutboxLoop } from '../../notifications/outbox.js'
import { smtpChannel } from './smtp-channel.js'
import { createApp } from '../../app.js'
import { nodeDeps } from './app-deps.js'
import { answerClientErrors } from './client-error.js'
import { openSqlite, type SqliteDatabase } from './sqlite.js'

export async function serveProcess(
  config: Config,
  {
    store,
    secretKey,
    agreementSigning,
    onListening,
  }: {
    /** The supervisor's own connection (an in-memory database cannot be shared); else one is opened. */
    store?: SqliteDatabase
    secretKey?: string
    agreementSigning?: SigningIdentity
    onListening?: (address: string, port: number) => void
  } = {},
): Promise<void> {
  const db = store ?? openSqlite(config.databasePath)
  const boot = secretKey ? { secretKey } : await readBootstrap(db.db, config)
  const node = nodeDeps(config, db, boot, { agreementSigning })
  const app = createApp(node.deps)
  // Mail (contract §7): the sender claims rows with a conditional UPDATE (notifications/outbox.ts),
  // so each serving process may run one without ever sending a row twice.
  const mailLoop = config.mail ? startOutboxLoop(node.deps, smtpChannel(config.mail)) : null
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) =>
    onListening?.(info.address, info.port),
  ) as Server
  answerClientErrors(server)
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    server.close()
    await mailLoop?.stop()
    await node.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}
