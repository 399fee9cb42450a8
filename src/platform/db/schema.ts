import type { Generated } from 'kysely';
import type { CalendarTables } from '../../modules/calendar/calendar.tables';
import type { RulesTables } from '../../modules/rules/rules.tables';
import type { WorkOrderTables } from '../../modules/workorders/workorders.tables';
import type { GradingTables } from '../../modules/grading/grading.tables';
import type { AccountabilityTables } from '../../modules/accountability/accountability.tables';
import type { StaffTables } from '../../modules/staff/staff.tables';

// Row types of the tables, one interface per table. Modules that own tables declare them in their own
// `*.tables.ts` and the Database interface below extends them, so the DB type stays one object.
// Booleans are integers 0/1 and timestamps ISO-8601 UTC text on both databases (see migrations/util.ts).

export interface UnitsTable {
  id: string;
  parent_id: string | null;
  path: string;
  kind: string;
  name: string;
  code: string | null;
  attrs: string;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
  unit_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  unit_id: string | null;
  before: string | null;
  after: string | null;
  note: string | null;
  request_id: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  topic: string;
  payload: string;
  status: string;
  attempts: Generated<number>;
  available_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

export interface FoundationTables {
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  notifications: NotificationsTable;
  settings: SettingsTable;
}

// Module tables join here (one `extends` entry per module).
export interface Database extends FoundationTables, CalendarTables, RulesTables, GradingTables, WorkOrderTables, AccountabilityTables, StaffTables {}
