import type { Generated } from 'kysely';

// Row types of the grading tables (migration 0004-grading). A mine is a unit of kind 'mine' in the org tree
// (attrs.mineType); these tables hold what grading adds to it.

/** The grade a mine holds now (one row per mine; absent = no grade). */
export interface GradingGradesTable {
  mine_id: string;
  level: string;
  since: string; // YYYY-MM-DD, the announcement date
  valid_until: string; // YYYY-MM-DD
  standard: string;
  granted_by: string | null; // unit id of the body that granted it
  extended: number;
  /** valid_until value a reminder was queued for: the reminder job claims a grade by setting it. */
  reminded_for: string | null;
  updated_at: string;
  version: Generated<number>;
}

/** The mine's record: grades, changes, supervision events, fraud findings (append-only in practice). */
export interface GradingHistoryTable {
  id: string;
  mine_id: string;
  date: string;
  kind: string; // graded | downgraded | revoked | extended | event | fraud | expired
  level: string | null; // graded/extended/downgraded: the new level; event: the level held that day
  from_level: string | null;
  event_type: string | null; // event: its type; downgraded/revoked: the triggering event type
  event_class: string | null;
  reason: string | null;
  standard: string | null;
  application_id: string | null;
  proposal_id: string | null;
  authority_id: string | null;
  stop_order: string | null;
  data: string | null; // JSON: scores found at an inspection, etc.
  created_at: string;
  created_by: string | null;
}

export interface GradingApplicationsTable {
  id: string;
  mine_id: string;
  target_level: string;
  current_level: string;
  standard: string;
  status: string;
  received_at: string;
  deadline_at: string;
  deadline_provisional: number;
  self_assessment: string; // JSON SelfAssessment
  weighted_score: number;
  evaluation: string; // JSON Evaluation at receipt
  initial_body_id: string;
  assessment_body_id: string;
  hidden_dangers: string; // JSON HiddenDangerView[]
  assessment: string | null; // JSON AssessmentView
  decisions: string; // JSON DecisionView[]
  granted_level: string | null;
  announced_at: string | null;
  closed_at: string | null;
  closed_reason: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: Generated<number>;
}

export interface GradingNoticesTable {
  id: string;
  application_id: string;
  mine_id: string;
  level: string;
  authority_id: string;
  published_at: string;
  runs_until: string;
  provisional: number;
  status: string; // open | closed | withdrawn
  text: string;
  created_at: string;
}

export interface GradingObjectionsTable {
  id: string;
  notice_id: string;
  application_id: string;
  received_at: string;
  name: string;
  contact: string;
  text: string;
  ip: string | null;
  status: string; // open | upheld | dismissed
  resolution: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface GradingProposalsTable {
  id: string;
  mine_id: string;
  event_id: string;
  action: string; // downgrade | revoke | none
  from_level: string | null;
  to_level: string | null;
  reason: string;
  reason_zh: string;
  status: string; // pending | confirmed | dismissed | not_needed
  authority_id: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  stop_order: string | null;
  created_at: string;
  version: Generated<number>;
}

export interface GradingAnnouncementsTable {
  id: string;
  mine_id: string;
  kind: string; // graded | extended | downgraded | revoked
  level: string | null;
  from_level: string | null;
  since: string;
  valid_until: string | null;
  authority_id: string;
  announced_at: string;
  reason: string | null;
  application_id: string | null;
  proposal_id: string | null;
}

export interface GradingProvinceConfigTable {
  province_id: string;
  config: string; // JSON { 一级|二级|三级: { initialReviewBodyId, assessmentBodyId } }
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}

/** Scoring templates added or edited by an administrator; each change is a new immutable version. */
export interface GradingTemplatesTable {
  id: string;
  version: number;
  definition: string; // JSON ScoringTemplate
  created_at: string;
  created_by: string | null;
}

export interface GradingSheetsTable {
  id: string;
  mine_id: string;
  standard: string;
  template_version: number;
  entries: string; // JSON SheetEntry[]
  part_scores: string; // JSON
  weighted_score: number | null;
  facts: string; // JSON
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: Generated<number>;
}

export interface GradingAttachmentsTable {
  id: string;
  mine_id: string;
  filename: string;
  mime: string;
  size: number;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface GradingExtensionsTable {
  id: string;
  mine_id: string;
  status: string; // submitted | province_approved | filed | rejected
  checklist: string;
  evidence: string;
  local_opinion: string | null;
  valid_until_before: string;
  valid_until_after: string | null;
  reason: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: Generated<number>;
}

export interface GradingSelfInspectionsTable {
  id: string;
  mine_id: string;
  scope: string; // mine | enterprise
  period: string; // 2026-Q1 | 2026-H1
  inspected_on: string;
  summary: string;
  weighted_score: number | null;
  created_at: string;
  created_by: string | null;
}

export interface GradingTables {
  grading_grades: GradingGradesTable;
  grading_history: GradingHistoryTable;
  grading_applications: GradingApplicationsTable;
  grading_notices: GradingNoticesTable;
  grading_objections: GradingObjectionsTable;
  grading_proposals: GradingProposalsTable;
  grading_announcements: GradingAnnouncementsTable;
  grading_province_config: GradingProvinceConfigTable;
  grading_templates: GradingTemplatesTable;
  grading_sheets: GradingSheetsTable;
  grading_attachments: GradingAttachmentsTable;
  grading_extensions: GradingExtensionsTable;
  grading_self_inspections: GradingSelfInspectionsTable;
}
