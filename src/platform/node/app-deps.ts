/**
 * The app's dependencies on Node (AppDeps): the SQLite file, attachments beside it, the lookup
 * log on its writer thread, the sheets' font, and the worker-thread pools that render PDFs and
 * parse uploads. One set per serving process; `close()` flushes and stops them in order.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Config } from '../../config.js'
import type { AppDeps } from '../../deps.js'
import type { SigningIdentity } from '../../deps.js'
import { bufferedLookupLog } from '../../db/lookup-log.js'
import { CJK_FONT_MODULE_PATH } from '../../documents/fonts.js'
import { diskStorage } from './disk-storage.js'
import { threadedLookupLog } from './lookup-log-thread.js'
import { sharedFont, workerRenderer } from './sheet-pool.js'
import { workerSheetParser } from './sheet-parse-pool.js'
import type { SqliteDatabase } from './sqlite.js'
import { sqliteStatements } from './statements.js'

export function nodeDeps(
  config: Config,
  store: SqliteDatabase,
  boot: { secretKey: string },
  { instance = String(process.pid), agreementSigning }: { instance?: string; agreementSigning?: SigningIdentity } = {},
): { deps: AppDeps; close(): Promise<void> } {
  // The lookup log is written on its own thread when the database is a file (lookup-log-thread.ts).
  const lookupLog =
    config.databasePath === ':memory:' ? bufferedLookupLog(store.db) : threadedLookupLog(config.databasePath)
  // The sheets' CJK font, read once (shared with the workers); sheets render on worker threads.
  const font = sharedFont(readFileSync(createRequire(import.meta.url).resolve(CJK_FONT_MODULE_PATH)))
  const sheetRenderer = workerRenderer(font)
  const sheetParser = workerSheetParser()
  const deps: AppDeps = {
    agreementSigning,
    connInfo: getConnInfo,
    db: store.db,
    batch: store.batch,
    config,
    secretKey: boot.secretKey,
    now: () => new Date(),
    storage: diskStorage(
      join(config.databasePath === ':memory:' ? './data' : dirname(config.databasePath), 'attachments'),
    ),
    lookupLog,
    // The public lookup's hot query as a reused prepared statement (statements.ts).
    statements: sqliteStatements(store.sqlite),
    loadFont: () => font,
    sheetRenderer,
    sheetParser,
    instance,
  }
  return {
    deps,
    async close() {
      await lookupLog.stop()
      await sheetRenderer.close()
      await sheetParser.close()
    },
  }
}
