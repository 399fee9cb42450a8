import type { Generated } from 'kysely';

// Row types of the accountability tables (migration 0005-accountability, docs/accountability.md#levels-and-deductions (事故扣分标准 cl. 1)).

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
  /** management (事故扣分标准 cl. 1) | quality (cl. 2, from a work order; migration 0013). */
  kind: string;
  work_order_id: string | null;
  work_order_number: string | null;
}

/** A quality accident proposed when an 8D is approved, until the QA manager confirms or dismisses it (docs/quality-loop.md). */
export interface QualityAccidentProposalsTable {
  id: string;
  work_order_id: string;
  work_order_number: string;
  owning_unit_id: string;
  unit_id: string;
  responsible_user_id: string | null;
  occurred_on: string;
  facts: string;
  level: string;
  pack_version: number;
  explain: string; // JSON: explain, refused, cases
  outputs: string; // JSON: the granted case's outputs (departments, deductions)
  status: string; // proposed | confirmed | dismissed
  reason: string | null;
  accident_id: string | null;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
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
  quality_accident_proposals: QualityAccidentProposalsTable;
}
