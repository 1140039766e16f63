/**
 * Starts `npm run dev:worker` (scripts/dev-worker.ts) once for the Workers suite, on a free
 * loopback port with a throw-away local D1 (DATABASE_PATH=:memory:), and stops it afterwards.
 * The tests get its address through `inject('workerUrl')`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const WORKER_ADMIN_PASSWORD = 'admin-pass-2026'

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => res(port))
    })
  })
}

let child: ChildProcess | undefined

export default async function setup(project: TestProject) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'dev-worker.ts')],
    {
      cwd: ROOT,
      // Own process group, so teardown stops wrangler and workerd with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: ':memory:',
        ADMIN_PASSWORD: WORKER_ADMIN_PASSWORD,
        SECRET_KEY: 'worker-suite-secret-key-0123456789abcdef',
        SCHOOL_CODE: '10001',
        SCHOOL_NAME: '测试大学',
        PUBLIC_BASE_URL: 'http://localhost:8787',
        // Each test sends its own X-Forwarded-For, so rate limits do not leak between tests.
        TRUST_PROXY: '1',
      },
    },
  )
  child.stdout!.on('data', (d) => (log += d))
  child.stderr!.on('data', (d) => (log += d))
  const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)))

  const deadline = Date.now() + 120_000
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 300))])
    if (early !== 'running') throw new Error(`dev:worker exited (${early}) before it was ready:\n${log}`)
    if (/Workers 本地）已启动/.test(log)) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`dev:worker was not ready within 120 s:\n${log}`)
    }
  }
  project.provide('workerUrl', url)
  if (process.env.WORKER_LOG) {
    child.stdout!.pipe(process.stdout)
    child.stderr!.pipe(process.stderr)
  }
  return stop
}

async function stop() {
  const c = child
  if (!c?.pid || c.exitCode !== null) return
  const gone = new Promise((r) => c.once('exit', r))
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-c.pid!, s)
    } catch {
      /* already gone */
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), 10_000)
  await gone
  clearTimeout(timer)
}
