import type { GaugeMigration } from '../migrator';
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-calendar-rules';
import * as m0003 from './0003-workorders';
import * as m0004 from './0004-grading';
import * as m0005accountability from './0005-accountability';
import * as m0006 from './0006-staff-levels';

// Numbered, named migrations, applied in key order at start and by `npm run migrate`.
// Add new files here; never edit one that has shipped.
export const migrations: Record<string, GaugeMigration> = {
  '0001-foundation': m0001,
  '0002-calendar-rules': m0002,
  '0003-workorders': m0003,
  '0004-grading': m0004,
  '0005-accountability': m0005accountability,
  '0006-staff-levels': m0006,
};
