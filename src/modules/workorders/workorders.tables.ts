import type { Generated } from 'kysely';

// Row types of the complaint desk's tables (migration 0003-workorders). Booleans are 0/1, timestamps ISO-8601
// UTC text, JSON as text (docs/architecture.md "Schema").

export interface ComplaintPoliciesTable {
  version: number;
  document: string;
  yaml: string;
  note: string | null;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

export interface WorkOrdersTable {
  id: string;
  number: string;
  tracking_number: string | null;
  kind: string;
  channel: string;
  category: string | null;
  status: string;
  severity: string | null;
  severity_explain: string | null;
  severity_rank: number;
  policy_version: number;
  unit_id: string;
  unit_path: string;
  receiving_unit_id: string | null;
  receiving_unit_path: string | null;
  department_id: string | null;
  department_path: string | null;
  serial: string | null;
  customer_name: string | null;
  customer_code: string | null;
  /** Lower-cased customer code or name: what "same customer" compares (watch list, invalid recurrences). */
  customer_key: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  key_customer: number;
  product_code: string | null;
  product_name: string | null;
  problem: string | null;
  problem_category: string | null;
  description: string | null;
  place: string | null;
  occurred_at: string | null;
  parties: string | null;
  ship_date: string | null;
  ship_quantity: number | null;
  defect_rate: number | null;
  lot_size: number | null;
  defect_count: number | null;
  found_at: string | null;
  staff_name: string | null;
  facts: string;
  received_at: string;
  /** Month of receipt in China time 'YYYY-MM': the "same calendar month" of DOMAIN §2.3. */
  received_month: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  created_by_name: string | null;
  paused: number;
  escalated: number;
  objection: string | null;
  upgrade_count: number;
  answered_on_spot: number;
  answer: string | null;
  promised_reply_date: string | null;
  reply_text: string | null;
  adopted: number | null;
  offer: string | null;
  invalid_reason: string | null;
  satisfied: number | null;
  qe_passed: number;
  /** Lower-cased number, customer, product and problem text for `q` (Chinese included). */
  search_text: string;
  version: Generated<number>;
}

export interface WorkOrderDeadlinesTable {
  id: string;
  work_order_id: string;
  name: string;
  state: string;
  amount: number;
  unit: string;
  started_at: string;
  due_at: string;
  explain: string;
  provisional: number;
  pauses: string;
  extensions: string;
  extension_request: string | null;
  met_by: string;
  owner_roles: string;
  owner_unit_id: string | null;
  warn_at: string;
  warned_at: string | null;
  met_at: string | null;
  missed_at: string | null;
  created_at: string;
}

export interface WorkOrderEventsTable {
  id: string;
  work_order_id: string;
  at: string;
  event: string;
  actor_id: string | null;
  actor_name: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  public: number;
  data: string | null;
  seq: Generated<number>;
}

export interface WorkOrderReportsTable {
  id: string;
  work_order_id: string;
  revision: number;
  fields: string;
  status: string;
  submitted_by: string | null;
  submitted_at: string;
  outcome: string | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

export interface WorkOrderCountersTable {
  day: string;
  last: number;
}

export interface CustomerWatchTable {
  customer_key: string;
  customer_name: string;
  since: string;
  work_order_id: string;
}

export interface WorkOrderTables {
  complaint_policies: ComplaintPoliciesTable;
  work_orders: WorkOrdersTable;
  work_order_deadlines: WorkOrderDeadlinesTable;
  work_order_events: WorkOrderEventsTable;
  work_order_reports: WorkOrderReportsTable;
  work_order_counters: WorkOrderCountersTable;
  customer_watch: CustomerWatchTable;
}
