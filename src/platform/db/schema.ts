import type { Generated } from 'kysely';

// Row types of the tables platform itself owns (sessions, audit log, rate-limit counters, idempotency keys, the
// outbox, key/value settings), one interface per table. Booleans are integers 0/1 and timestamps ISO-8601 UTC
// text on both databases (see migrations/util.ts).

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

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

export interface PlatformTables {
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  settings: SettingsTable;
}

/**
 * Every table of the running application. Platform declares only its own; each module declares its tables in its
 * `*.tables.ts`, and the composition root (`src/composition/database.ts`) adds them to this interface by
 * declaration merging, so `Db`/`Trx` stay one type without platform importing a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends PlatformTables {}
