import type { AccountabilityTables } from '../modules/accountability';
import type { CalendarTables } from '../modules/calendar';
import type { CallcenterTables } from '../modules/callcenter';
import type { GradingTables } from '../modules/grading';
import type { IntegrationTables } from '../modules/integrations';
import type { KnowledgeTables } from '../modules/knowledge';
import type { NotificationTables } from '../modules/notifications';
import type { OrgTables } from '../modules/org';
import type { RulesTables } from '../modules/rules';
import type { StaffTables } from '../modules/staff';
import type { WorkOrderTables } from '../modules/workorders';

// The composed Database type: platform's own tables (platform/db/schema.ts) plus every module's `*.tables.ts`,
// one `extends` entry per module. Declaration merging adds them to platform's `Database` interface, so `Db`,
// `Trx` and `DbOrTrx` (platform/db/database.ts) are typed with every table while platform imports no module.
declare module '../platform/db/schema' {
  interface Database extends OrgTables, NotificationTables, CalendarTables, RulesTables, GradingTables, WorkOrderTables, AccountabilityTables, StaffTables, IntegrationTables, CallcenterTables, KnowledgeTables {}
}

export type { Database } from '../platform/db/schema';
