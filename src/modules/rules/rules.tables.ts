// Row types of the rule-pack tables (migration 0002-calendar-rules).

export interface RulePackVersionsTable {
  pack_id: string;
  version: number;
  /** The pack's YAML exactly as uploaded (or as shipped, for version 1 of a shipped pack). */
  yaml: string;
  note: string | null;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

export interface RulesTables {
  rule_pack_versions: RulePackVersionsTable;
}
