/**
 * Starts `npm run dev:worker` (scripts/dev-worker.ts) once for the Workers suite, on a free
 * loopback port with a throw-away local D1 (DATABASE_PATH=:memory:), and stops it afterwards.
 * The tests get its address through `inject('workerUrl')`.
 */
import type { TestProject } from 'vitest/node'
import { startDevWorker, type DevWorker } from '../processes.js'

export const WORKER_ADMIN_PASSWORD = 'admin-pass-2026'

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string
  }
}

let worker: DevWorker | undefined

export default async function setup(project: TestProject) {
  worker = await startDevWorker({
    DATABASE_PATH: ':memory:',
    ADMIN_PASSWORD: WORKER_ADMIN_PASSWORD,
    SECRET_KEY: 'worker-suite-secret-key-0123456789abcdef',
    SCHOOL_CODE: '10001',
    SCHOOL_NAME: '测试大学',
    PUBLIC_BASE_URL: 'http://localhost:8787',
    // Each test sends its own X-Forwarded-For, so rate limits do not leak between tests.
    TRUST_PROXY: '1',
  })
  project.provide('workerUrl', worker.url)
  if (process.env.WORKER_LOG) {
    worker.child.stdout!.pipe(process.stdout)
    worker.child.stderr!.pipe(process.stderr)
  }
  return () => worker?.stop()
}
