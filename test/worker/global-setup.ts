/**
 * Starts `npm run dev:worker` (scripts/dev-worker.ts) for the Workers suite, on free loopback
 * ports with throw-away local D1s (DATABASE_PATH=:memory:), and stops them afterwards: the
 * one-school deployment every file uses, and a province deployment (DEPLOYMENT=province, contract
 * §8) for test/worker/province.test.ts. Both start at once: on two cores a second start beside
 * the first costs a few seconds, where starting it inside the test file would cost its whole
 * start-up. The tests get their addresses through `inject('workerUrl')` and
 * `inject('provinceWorkerUrl')`.
 */
import type { TestProject } from 'vitest/node'
import { startDevWorker, type DevWorker } from '../processes.js'

export const WORKER_ADMIN_PASSWORD = 'admin-pass-2026'

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string
    provinceWorkerUrl: string
  }
}

const COMMON = {
  DATABASE_PATH: ':memory:',
  ADMIN_PASSWORD: WORKER_ADMIN_PASSWORD,
  PUBLIC_BASE_URL: 'http://localhost:8787',
  // Each test sends its own X-Forwarded-For, so rate limits do not leak between tests.
  TRUST_PROXY: '1',
}

let workers: DevWorker[] = []

export default async function setup(project: TestProject) {
  const started = await Promise.allSettled([
    startDevWorker({
      ...COMMON,
      SECRET_KEY: 'worker-suite-secret-key-0123456789abcdef',
      SCHOOL_CODE: '10001',
      SCHOOL_NAME: '测试大学',
    }),
    startDevWorker({
      ...COMMON,
      SECRET_KEY: 'province-worker-secret-key-0123456789abcd',
      DEPLOYMENT: 'province',
      PROVINCE_CODE: '44',
      PROVINCE_NAME: '广东省',
    }),
  ])
  workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.all(workers.map((w) => w.stop()))
    throw failed.reason
  }
  const [school, province] = workers
  project.provide('workerUrl', school.url)
  project.provide('provinceWorkerUrl', province.url)
  if (process.env.WORKER_LOG) {
    for (const w of workers) {
      w.child.stdout!.pipe(process.stdout)
      w.child.stderr!.pipe(process.stderr)
    }
  }
  return () => Promise.all(workers.map((w) => w.stop()))
}
