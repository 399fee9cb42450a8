import type { Generated } from 'kysely';

// Row types of the accountability tables (migration 0005-accountability, DOMAIN §4).

export interface AccidentsTable {
  id: string;
  unit_id: string;
  occurred_on: string; // YYYY-MM-DD
  title: string;
  description: string | null;
  facts: string; // JSON: the pack's facts as entered
  level: string; // 一级 | 二级 | 三级 | 无
  pack_version: number;
  explain: string; // JSON: the evaluation's explain and refused reasons
  responsible_user_id: string;
  recorded_by: string;
  created_at: string;
  version: Generated<number>;
}

export interface DeductionEntriesTable {
  id: string;
  accident_id: string;
  user_id: string;
  role_in_chain: string; // responsible | departmentHead | directSuperior | superiorsSuperior
  points: number;
  month: string; // YYYY-MM of occurred_on
  unit_id: string; // the accident's unit
  created_at: string;
}

export interface AccountabilityTables {
  accidents: AccidentsTable;
  deduction_entries: DeductionEntriesTable;
}
