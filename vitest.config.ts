import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser steps poll the page; a loaded CI machine needs more than vitest's default 1 s.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Pure cores, web helpers and the API suites (each file makes its own SQLite file / PostgreSQL database).
        test: { name: 'core', include: ['src/**/*.test.ts', 'test/api/**/*.test.ts'] },
      },
      {
        extends: true,
        // One Chromium-driven suite at a time: they share dist/web and the CPU, and a starved browser flakes.
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, maxWorkers: 1 },
      },
    ],
  },
});
