import { defineConfig } from 'vitest/config';

// Two Chromium-driven files at a time (BROWSER_WORKERS=1 runs them one by one): each file starts its own server
// and browser on its own database and port, and two halve the suite's 31 minutes to 16.5 (README "Tests").
const BROWSER_WORKERS = Number(process.env.BROWSER_WORKERS ?? 2);

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
        // Files run BROWSER_WORKERS at a time (above); the tests of a file stay in order, since its steps build on each other.
        // On CI a failed browser test runs once more: a browser on a loaded machine can miss a step that a person
        // would simply repeat, and one miss must not sink the whole run. A retried test is named in the log with the
        // state of its pages (test/helpers/browser-setup.ts); a test that fails twice fails the run.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/helpers/browser-setup.ts'],
          fileParallelism: BROWSER_WORKERS > 1,
          maxWorkers: BROWSER_WORKERS,
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
