// `npm start` (docs/decisions/0002-runtime-and-build.md): rebuild the server bundle and the web app only when
// their sources changed (scripts/build.mjs explains how that is detected), then run the compiled server with
// plain Node. The server is imported into this process rather than started as `node dist/server/main.js`
// after a separate check, which would pay Node's own start-up twice on every start.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleTargets } from './build.mjs';

const stale = staleTargets();
if (stale.length) {
  // A child process, so esbuild's and Vite's modules and memory do not stay in the server's process.
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('build.mjs', import.meta.url)), ...stale], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
await import('../dist/server/main.js');
