import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { BackupError, restoreDatabase } from './backup';

// `npm run restore -- --from <file> [--force]`: brings a backup made by `npm run backup` into DATABASE_URL
// (docs/operations.md). Stop the servers first. Exit codes: 0 restored, 1 failed, 2 usage or configuration,
// 3 refused (target exists or is in use without --force, or the backup is of the other database kind).
const USAGE = 'Usage: npm run restore -- --from <file> [--force]   (--force replaces an existing database)';

let args;
try {
  args = parseArgs({ options: { from: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }).values;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}
if (args.help || !args.from) {
  console.error(USAGE);
  process.exit(args.help ? 0 : 2);
}
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
try {
  const r = await restoreDatabase(config.database, args.from, { force: args.force });
  console.log(`Restored ${args.from} into ${r.created ? 'the new ' : ''}${r.dialect} database ${r.target} (${r.migrations} migrations). Start the server: it applies any newer migrations.`);
} catch (err) {
  console.error(`Restore refused or failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof BackupError ? err.exitCode : 1;
}
