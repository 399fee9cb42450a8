import { parseArgs } from 'node:util';
import { systemClock } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';
import { migrateToLatest } from '../platform/db/migrator';
import { AppError } from '../platform/http/errors';
import { createAdmin } from '../modules/auth/create-admin';

// `npm run create-admin -- --username root --password '…' [--name 管理员] [--unit 'Org name']`
// Makes an administrator of the installation (createAdmin explains which unit it administers).
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string', default: '系统管理员' },
    unit: { type: 'string' },
  },
});
if (!values.username || !values.password) {
  console.error('Usage: npm run create-admin -- --username NAME --password PASSWORD [--name 显示名] [--unit 单位名]');
  console.error('  The password needs 10+ characters and must not be common or guessable (several unrelated words work well).');
  process.exit(2);
}
const config = loadConfig();
const { db, dialect, close } = openDatabase(config);
try {
  await migrateToLatest(db as never, dialect);
  const r = await createAdmin(db, { username: values.username, password: values.password, displayName: values.name!, unit: values.unit }, systemClock.now().toISOString());
  console.log(`Administrator ${values.username} created${r.createdUnit ? ' with a new top-level unit' : ''}.`);
} catch (err) {
  // A refused input names its field and reason, as the API does.
  if (err instanceof AppError && err.errors) for (const e of err.errors) console.error(`${e.field}: ${e.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await close();
}
