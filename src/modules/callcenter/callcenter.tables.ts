import type { Generated } from 'kysely';

// The call centre's own records (migration 0016-callcenter; docs/callcenter.md): the team lead's duty log
// (值班日志, 呼叫中心岗位职责 cl. 3.1 (3)), the supervisor's schedule and monthly targets per agent
// (cl. 1.1 (2), 2.1 (1)). Booleans 0/1, timestamps ISO-8601 UTC text, JSON as text.

export interface DutyLogTable {
  id: string;
  unit_id: string;
  unit_path: string;
  /** Local date of the shift, YYYY-MM-DD. */
  date: string;
  shift: string;
  /** JSON string[]: user ids of the agents on duty. */
  agents: string;
  notes: string;
  /** JSON [{userId, name, description}]: breaches of the rules reported to the supervisor. */
  breaches: string;
  created_at: string;
  created_by: string;
  created_by_name: string;
  /** The next shift's team lead confirms the handover. */
  handed_over_at: string | null;
  handed_over_by: string | null;
  handed_over_by_name: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  review_note: string | null;
  version: Generated<number>;
}

export interface CallcenterSchedulesTable {
  unit_id: string;
  date: string;
  shift: string;
  user_id: string;
  created_at: string;
  created_by: string;
}

export interface CallcenterTargetsTable {
  unit_id: string;
  user_id: string;
  /** YYYY-MM. */
  month: string;
  handled: number | null;
  on_time_rate: number | null;
  satisfaction: number | null;
  updated_at: string;
  updated_by: string;
}

export interface CallcenterTables {
  callcenter_duty_log: DutyLogTable;
  callcenter_schedules: CallcenterSchedulesTable;
  callcenter_targets: CallcenterTargetsTable;
}
