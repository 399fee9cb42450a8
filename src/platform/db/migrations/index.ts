import type { GaugeMigration } from '../migrator';
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-calendar-rules';
import * as m0003 from './0003-workorders';
import * as m0004 from './0004-grading';

// Numbered, named migrations, applied in key order at start and by `npm run migrate`.
// Add new files here; never edit one that has shipped.
export const migrations: Record<string, GaugeMigration> = {
  '0001-foundation': m0001,
  '0002-calendar-rules': m0002,
  '0003-workorders': m0003,
  '0004-grading': m0004,
};
