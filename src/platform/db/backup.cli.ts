import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { BackupError, backupDatabase } from './backup';

// `npm run backup -- --out <file> [--force]`: a consistent copy of DATABASE_URL while the server keeps serving
// (docs/operations.md). Exit codes: 0 written, 1 failed, 2 usage or configuration, 3 refused (file exists).
const USAGE = 'Usage: npm run backup -- --out <file> [--force]   (SQLite: a database file; PostgreSQL: a pg_dump custom archive)';

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }).values;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}
if (args.help || !args.out) {
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
  const started = Date.now();
  const r = await backupDatabase(config.database, args.out, { force: args.force });
  console.log(`Backup of the ${r.dialect} database written to ${r.file} (${r.bytes} bytes, ${r.migrations} migrations, ${Date.now() - started} ms).`);
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof BackupError ? err.exitCode : 1;
}
