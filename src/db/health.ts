/** Whether the database answers: `GET /healthz` asks it before saying the service can serve. */
import type { AppDeps } from '../deps.js'
import { AppError } from '../errors.js'
import { kyselyStatements } from './statements.js'

export async function databaseAnswers(deps: Pick<AppDeps, 'db' | 'statements'>): Promise<void> {
  try {
    const row = await (deps.statements ?? kyselyStatements(deps.db)).first<{ ok: number }>('SELECT 1 AS ok', [])
    if (row?.ok === 1) return
  } catch (e) {
    console.error('健康检查：数据库无法访问：', e instanceof Error ? e.message : e)
  }
  throw new AppError('service_unavailable', '服务暂不可用：数据库无法访问')
}
