import type { Generated } from 'kysely';
import type { WorkOrderDeskTables } from './workorders.desk.tables';

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
  /** 批号: the production batch, for "the same batch at two end users" (事故扣分标准 cl. 2(一)⑵; migration 0013). */
  batch_number: string | null;
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
  /** Month of receipt in China time 'YYYY-MM': the "same calendar month" of docs/workorders.md#severity (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2). */
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
  /** A repair's crew as sent by the team lead, JSON `[{name, phone}]` (migration 0018; docs/callcenter.md "Emergency repairs"). */
  crew: string | null;
  /** When the crew arrived and when the repair was done, as recorded by the team lead (this round). */
  arrived_at: string | null;
  completed_at: string | null;
  /** What the crew did (完工情况). */
  repair_result: string | null;
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
  /** D4 classified: man | machine | material | method | environment | measurement (migration 0013). */
  root_cause_category: string | null;
  /** The company's sub-cause (root_causes.id), if chosen. */
  root_cause_id: string | null;
}

/** A company's controlled list of D4 sub-causes under 人/机/料/法/环/测 (docs/quality-loop.md#root-causes). */
export interface RootCausesTable {
  id: string;
  unit_id: string;
  category: string;
  name: string;
  active: number;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
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

/** A register import that succeeded (migration 0007): the file's hash and what it created, for duplicates. */
export interface WorkOrderImportsTable {
  id: string;
  unit_id: string;
  sha256: string;
  filename: string;
  rows: number;
  /** JSON {ids, numbers}. */
  result: string;
  created_at: string;
  created_by: string | null;
  created_by_name: string | null;
}

/** A polled mailbox (migration 0015): the last UID taken and the poll lease (docs/integrations-mail.md). */
export interface MailMailboxesTable {
  key: string;
  uid_validity: string | null;
  /** Decimal text: IMAP UIDs are unsigned 32-bit. */
  last_uid: string;
  next_poll_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  updated_at: string;
}

/** A mail received for, or sent from, a work order (migration 0015). */
export interface MailMessagesTable {
  id: string;
  direction: 'in' | 'out';
  /** in: created | threaded | ignored | failed; out: queued | sent | disabled. */
  status: string;
  work_order_id: string | null;
  mailbox_key: string | null;
  uid_validity: string | null;
  imap_uid: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  /** JSON array of Message-IDs. */
  reference_ids: string;
  subject: string;
  from_address: string | null;
  from_name: string | null;
  /** JSON array of addresses. */
  to_addresses: string;
  sent_date: string | null;
  at: string;
  text_body: string;
  /** JSON [{filename, size}] of attachments over the size limit, not stored. */
  skipped_attachments: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** An attachment of a received mail, bytes in the database (migration 0015; to be unified with 0012's). */
export interface MailAttachmentsTable {
  id: string;
  mail_message_id: string;
  /** Order within the mail. */
  position: number;
  work_order_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  content: Buffer;
  created_at: string;
}

/** The visibility scopes the rollup counters are kept per (migration 0009): the three paths of workorders.visibility.ts, or an owning unit as a whole (`whole` 1). */
export interface WorkOrderRollupScopesTable {
  id: Generated<number>;
  key: string;
  unit_path: string;
  department_path: string | null;
  receiving_unit_path: string | null;
  whole: number;
}

/** Report counters (migration 0009; src/core/workflow/rollups.ts): how many per dimension, grain, period, scope, value and label. */
export interface WorkOrderRollupsTable {
  dim: string;
  grain: string;
  period: string;
  scope_id: number;
  value: string;
  label: string;
  n: number;
}

export interface WorkOrderTables extends WorkOrderDeskTables {
  complaint_policies: ComplaintPoliciesTable;
  work_orders: WorkOrdersTable;
  work_order_deadlines: WorkOrderDeadlinesTable;
  work_order_events: WorkOrderEventsTable;
  work_order_reports: WorkOrderReportsTable;
  root_causes: RootCausesTable;
  work_order_counters: WorkOrderCountersTable;
  customer_watch: CustomerWatchTable;
  work_order_imports: WorkOrderImportsTable;
  mail_mailboxes: MailMailboxesTable;
  mail_messages: MailMessagesTable;
  mail_attachments: MailAttachmentsTable;
  work_order_rollup_scopes: WorkOrderRollupScopesTable;
  work_order_rollups: WorkOrderRollupsTable;
}
