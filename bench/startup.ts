// Start-up section of `npm run bench`: how long the compiled server (`node dist/server/main.js`, what
// `npm start` runs; docs/decisions/0002-runtime-and-build.md) takes from spawn to a 200 from /api/health, on a
// fresh SQLite file (so the first start also creates the schema) and again on the same file (the warm start a
// restart sees: schema in place, files in the OS cache). No demo seed and no workers, so it is the server's own
// start-up and not the seed's. dist/server is rebuilt first if its sources changed, so the figure is for this
// checkout's code.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure } from './figures';

const ROOT = new URL('..', import.meta.url);

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Spawns the server and polls /api/health every 10 ms; returns the milliseconds to the first 200. */
async function timeStart(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'off', WORKERS: 'off', LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`bench startup: the server exited before it was healthy\n${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error(`bench startup: no healthy /api/health within 60 s\n${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    if (!gone) {
      child.kill('SIGTERM');
      await exited;
    }
  }
}

export async function startupSection(): Promise<void> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bench startup: building dist/server failed');
  const dir = mkdtempSync(join(tmpdir(), 'gauge-bench-start-'));
  try {
    const url = `sqlite:${join(dir, 'gauge.db')}`;
    const first = await timeStart(url);
    const warm = await timeStart(url);
    console.log('Start-up of node dist/server/main.js to a healthy /api/health (SQLite, no seed, no workers)');
    console.log(`  first start, fresh database (creates the schema) ${first.toFixed(0).padStart(9)} ms`);
    console.log(`  second start, same database                      ${warm.toFixed(0).padStart(9)} ms\n`);
    figure('startup_ms', first, 'ms');
    figure('startup_warm_ms', warm, 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
