import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-calendar-rules';
import * as m0003 from './0003-workorders';
import * as m0004 from './0004-grading';
import * as m0005accountability from './0005-accountability';
import * as m0006 from './0006-staff-levels';
import * as m0007 from './0007-workorder-imports';
import * as m0008 from './0008-sysadmin-role';
import * as m0009 from './0009-workorder-rollups';
import * as m0010 from './0010-workorder-search';
import * as m0011 from './0011-notifications-inbox';
import * as m0012 from './0012-attachments-comments-views';
import * as m0013 from './0013-quality-accidents';
import * as m0014 from './0014-integrations';
import * as m0015 from './0015-mail-intake';
import * as m0016 from './0016-callcenter';
import * as m0017 from './0017-workorder-repeat-count';
import * as m0018 from './0018-repairs';
import * as m0019 from './0019-knowledge';
import * as m0020 from './0020-workorder-invalid-idx';
import * as m0021 from './0021-rollups-cover';

/** A migration receives the dialect from config, never by sniffing the connection (kysely-org/kysely#1191). */
export interface GaugeMigration {
  up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void>;
}

// Numbered, named migrations, applied in key order at start and by `npm run migrate`.
// Add new files here; never edit one that has shipped.
export const migrations: Record<string, GaugeMigration> = {
  '0001-foundation': m0001,
  '0002-calendar-rules': m0002,
  '0003-workorders': m0003,
  '0004-grading': m0004,
  '0005-accountability': m0005accountability,
  '0006-staff-levels': m0006,
  '0007-workorder-imports': m0007,
  '0008-sysadmin-role': m0008,
  '0009-workorder-rollups': m0009,
  '0010-workorder-search': m0010,
  '0011-notifications-inbox': m0011,
  '0012-attachments-comments-views': m0012,
  '0013-quality-accidents': m0013,
  '0014-integrations': m0014,
  '0015-mail-intake': m0015,
  '0016-callcenter': m0016,
  '0017-workorder-repeat-count': m0017,
  '0018-repairs': m0018,
  '0019-knowledge': m0019,
  '0020-workorder-invalid-idx': m0020,
  '0021-rollups-cover': m0021,
};
