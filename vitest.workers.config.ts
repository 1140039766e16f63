/**
 * The Workers suite: the service as `npm run dev:worker` serves it — the real bundle in workerd
 * (wrangler dev, local D1 and R2, no account, no network) — driven over loopback HTTP by tests
 * running in Node. One server for the whole run (test/worker/global-setup.ts), and beside it one
 * in province mode for test/worker/province.test.ts; every test makes its own graduates,
 * departments (or schools) and client addresses, so tests do not see each other's data.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/worker/**/*.test.ts'],
    globalSetup: ['test/worker/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A test that asserts nothing proves nothing: every test must make at least one assertion.
    expect: { requireAssertions: true },
    // The server is the bottleneck (2 cores); two files at a time keep it busy without timeouts.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/workers.json' },
  },
})
