import { buildGaugeApp, demoSeeders, jobs, outboxHandlers } from './composition';
import { isEmpty, seedDemo } from './modules/demo';
import { systemClock } from './platform/clock';
import { loadConfig } from './platform/config';
import { openDatabase } from './platform/db/database';
import { migrateToLatest } from './platform/db/migrator';
import { deliverOutbox } from './platform/jobs/outbox';
import { startJobs } from './platform/jobs/runner';

// The process entry: read config, open the database, migrate, seed a demo world when appropriate, start HTTP
// and the background workers, and shut all of it down cleanly on SIGINT/SIGTERM.
const config = loadConfig();
const { db, dialect, close } = openDatabase(config);
await migrateToLatest(db as never, dialect);

const app = await buildGaugeApp({ ctx: { config, db, dialect, clock: systemClock } });
const ctx = app.ctx;

const wantDemo = config.seedDemo === 'on' || (config.seedDemo === 'auto' && config.env !== 'production');
if (wantDemo && (await isEmpty(ctx))) {
  await seedDemo(ctx, demoSeeders);
  app.log.info('Empty database: created the demo world (every demo password is demo1234)');
}

const workers = config.workersEnabled
  ? startJobs(ctx, [{ name: 'outbox', run: (c) => deliverOutbox(c, outboxHandlers) }, ...jobs], config.workerIntervalMs)
  : null;

await app.listen({ port: config.port, host: config.host });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await workers?.stop();
    await app.close();
    await close();
    process.exit(0);
  });
}
