import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites each create their own SQLite file or PostgreSQL database; files run in parallel forks.
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
