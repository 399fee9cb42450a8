import { loadConfig } from '../config';
import { openDatabase } from './database';
import { migrateToLatest } from './migrator';

// `npm run migrate`: apply pending migrations to DATABASE_URL and exit.
const config = loadConfig();
const { db, dialect, close } = openDatabase(config);
try {
  const applied = await migrateToLatest(db as never, dialect);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await close();
}
