import { backupDatabase } from './backup';
import { runFileCommand } from './file-command';

// `npm run backup -- --out <file> [--force]`: a consistent copy of DATABASE_URL while the server keeps serving
// (docs/operations.md). Exit codes: 0 written, 1 failed, 2 usage or configuration, 3 refused (file exists).
await runFileCommand({
  option: 'out',
  usage: 'Usage: npm run backup -- --out <file> [--force]   (SQLite: a database file; PostgreSQL: a pg_dump custom archive)',
  failure: 'Backup failed',
  run: async (config, out, force) => {
    const started = Date.now();
    const r = await backupDatabase(config.database, out, { force });
    return `Backup of the ${r.dialect} database written to ${r.file} (${r.bytes} bytes, ${r.migrations} migrations, ${Date.now() - started} ms).`;
  },
});
