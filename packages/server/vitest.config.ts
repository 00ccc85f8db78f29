import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    // Starts one PostgreSQL server for the run (or decides to skip it); see test-support/global-setup.ts.
    globalSetup: ['./test-support/global-setup.ts'],
    // A real database per test file: creating it and running migrations takes longer than a unit test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
