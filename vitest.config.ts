import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['test/worker/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A test that asserts nothing proves nothing: every test must make at least one assertion.
    expect: { requireAssertions: true },
    // The JSON report lets .ci/run print one plain 'N passed, N failed' line for both suites.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/node.json' },
  },
})
