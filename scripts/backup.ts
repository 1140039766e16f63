/**
 * `npm run backup -- DIR`: a consistent copy of the SQLite database (DATABASE_PATH) into DIR,
 * named with the time, while the service runs (src/platform/node/backup.ts).
 */
import { existsSync } from 'node:fs'
import { ConfigError, configFromProcessEnv } from '../src/config.js'
import { backupDatabase } from '../src/platform/node/backup.js'

async function main() {
  const dir = process.argv.slice(2).find((a) => a !== '--')
  if (!dir) {
    console.error('用法：npm run backup -- 备份目录')
    process.exit(2)
  }
  let config
  try {
    config = configFromProcessEnv()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  if (config.databasePath === ':memory:' || !existsSync(config.databasePath)) {
    console.error(`设置 DATABASE_PATH 无效：找不到数据库文件 ${config.databasePath}`)
    process.exit(1)
  }
  const path = await backupDatabase(config.databasePath, dir)
  console.log(`已备份数据库：${path}`)
}

main().catch((e) => {
  console.error('备份失败：', e instanceof Error ? e.message : e)
  process.exit(1)
})
