import type { GaugeMigration } from '../migrator';
import * as m0001 from './0001-foundation';

// Numbered, named migrations, applied in key order at start and by `npm run migrate`.
// Add new files here; never edit one that has shipped.
export const migrations: Record<string, GaugeMigration> = {
  '0001-foundation': m0001,
};
