import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';
import { migrateToLatest } from '../platform/db/migrator';
import { rebuildRollups } from '../modules/workorders/workorders.rollups';

// `npm run rollups:rebuild`: recounts the report counters from the work orders, their deadlines and callbacks in
// one transaction (docs/operations.md, docs/performance.md "Reports from rollups"). Writers wait for it and then
// add their own change on top, so it is safe while the server runs.
const config = loadConfig();
const { db, dialect, close } = openDatabase(config);
try {
  await migrateToLatest(db as never, dialect);
  const r = await rebuildRollups({ db, dialect });
  console.log(`Report counters rebuilt: ${r.rows.toLocaleString('en-US')} rows in ${(r.ms / 1000).toFixed(1)} s.`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await close();
}
