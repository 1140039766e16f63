/**
 * The real entries as child processes, for the tests and benchmarks that drive them over
 * loopback HTTP: a free port, and `npm run dev:worker` (scripts/dev-worker.ts) started in a
 * process group of its own, awaited until it says it is ready, and stopped with its group.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves once the child has exited. */
async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!child.pid || child.exitCode !== null) return
  const gone = new Promise((r) => child.once('exit', r))
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s)
    } catch {
      /* already gone */
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), graceMs)
  await gone
  clearTimeout(timer)
}

export interface DevWorker {
  url: string
  child: ChildProcess
  /** Everything it has printed so far (stdout and stderr). */
  log(): string
  stop(): Promise<void>
}

/**
 * Starts `npm run dev:worker` on 127.0.0.1 and a free port with `env` over this process's
 * environment, and resolves once it prints that it has started; throws (after stopping it) if it
 * exits first or is not ready within `readyMs`.
 */
export async function startDevWorker(env: Record<string, string>, readyMs = 120_000): Promise<DevWorker> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'dev-worker.ts')],
    {
      cwd: ROOT,
      // Own process group, so stopping it stops wrangler and workerd with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    },
  )
  let log = ''
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const worker: DevWorker = {
    url: `http://127.0.0.1:${port}`,
    child,
    log: () => log,
    stop: () => stopGroup(child),
  }
  const deadline = Date.now() + readyMs
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 250))])
    if (early !== 'running') throw new Error(`dev:worker exited (${early}) before it was ready:\n${log}`)
    if (/Workers 本地）已启动/.test(log)) return worker
    if (Date.now() > deadline) {
      await worker.stop()
      throw new Error(`dev:worker was not ready within ${readyMs / 1000} s:\n${log}`)
    }
  }
}
