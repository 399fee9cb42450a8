import { restoreDatabase } from './backup';
import { runFileCommand } from './file-command';

// `npm run restore -- --from <file> [--force]`: brings a backup made by `npm run backup` into DATABASE_URL
// (docs/operations.md). Stop the servers first. Exit codes: 0 restored, 1 failed, 2 usage or configuration,
// 3 refused (target exists or is in use without --force, or the backup is of the other database kind).
await runFileCommand({
  option: 'from',
  usage: 'Usage: npm run restore -- --from <file> [--force]   (--force replaces an existing database)',
  failure: 'Restore refused or failed',
  run: async (config, from, force) => {
    const r = await restoreDatabase(config.database, from, { force });
    return `Restored ${from} into ${r.created ? 'the new ' : ''}${r.dialect} database ${r.target} (${r.migrations} migrations). Start the server: it applies any newer migrations.`;
  },
});
