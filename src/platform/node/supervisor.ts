/**
 * The supervising process of `npm start` (issue 13 item 2, issue 19 item 2): forks
 * WEB_CONCURRENCY serving processes (node:cluster; default one per core) that share the port and
 * the SQLite file (WAL), restarts one that dies, and stops them all on SIGTERM / SIGINT.
 *
 * - A process that dies is restarted at once; one that dies again within 10 s of its start waits
 *   longer each time (up to 30 s), so a crash at start-up does not spin.
 * - If no process ever starts serving (a port in use, say), start-up has failed: the supervisor
 *   says so and exits 1 instead of restarting forever.
 * - `onExit(pid)` lets the caller tidy what that process left (its running imports).
 */
import cluster, { type Worker } from 'node:cluster'

export interface SupervisorOptions {
  processes: number
  onListening?: (address: string, port: number) => void
  onExit?: (pid: number) => Promise<void> | void
  onStop?: () => Promise<void> | void
}

export function supervise({ processes, onListening, onExit, onStop }: SupervisorOptions): void {
  let stopping = false
  let everListened = false
  const startedAt = new Map<Worker, number>()
  let delay = 0

  const fork = () => {
    const w = cluster.fork()
    startedAt.set(w, Date.now())
    w.once('listening', (addr) => {
      if (!everListened) {
        everListened = true
        onListening?.(addr.address ?? '127.0.0.1', addr.port)
      }
    })
  }

  cluster.on('exit', (w, code, signal) => {
    const pid = w.process.pid
    const lived = Date.now() - (startedAt.get(w) ?? 0)
    startedAt.delete(w)
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) void finish()
      return
    }
    if (!everListened) {
      console.error(`启动失败：服务进程退出（${signal ?? `退出码 ${code}`}），未能开始服务`)
      stopping = true
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM')
      process.exitCode = 1
      if (Object.keys(cluster.workers ?? {}).length === 0) void finish()
      return
    }
    delay = lived < 10_000 ? Math.min(30_000, Math.max(500, delay * 2)) : 0
    console.error(
      `服务进程 ${pid} 已退出（${signal ? `信号 ${signal}` : `退出码 ${code}`}），${delay ? `${delay / 1000} 秒后` : '立即'}重新启动`,
    )
    void Promise.resolve(pid !== undefined ? onExit?.(pid) : undefined)
      .catch((e) => console.error('清理已退出的服务进程失败：', e instanceof Error ? e.message : e))
      .finally(() => {
        if (!stopping) setTimeout(fork, delay)
      })
  })

  let finished = false
  const finish = async () => {
    if (finished) return
    finished = true
    await onStop?.()
    process.exit()
  }

  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`收到 ${signal}，正在停止…`)
    const workers = Object.values(cluster.workers ?? {})
    if (workers.length === 0) return void finish()
    for (const w of workers) w?.process.kill('SIGTERM')
    // A process that does not stop in 20 s is killed.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL')
    }, 20_000).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))

  for (let i = 0; i < processes; i++) fork()
}
