// Row types of the staff-level tables (migration 0006-staff-levels). Booleans 0/1, JSON as text.

export interface StaffMembersTable {
  id: string;
  /** The store or department the staff member works in. */
  unit_id: string;
  name: string;
  hired_on: string;
  /** JSON string[]: test ids of the staff-waiter pack's `passedTests` fact. */
  passed_tests: string;
  /** JSON string[]: certificate ids of the pack's `certificates` fact. */
  certificates: string;
  attitude_good: number;
  handles_simple_complaints: number;
  current_level: string;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface StaffLevelDecisionsTable {
  id: string;
  staff_id: string;
  level: string;
  previous_level: string;
  pack_version: number;
  explain: string;
  facts: string;
  decided_by: string | null;
  decided_at: string;
  note: string | null;
}

export interface StaffTables {
  staff_members: StaffMembersTable;
  staff_level_decisions: StaffLevelDecisionsTable;
}
