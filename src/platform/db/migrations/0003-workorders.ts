import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { floatType, jsonType, tsType } from './util';

// The complaint desk (docs/workorders.md): policies, work orders, their deadlines, timeline, 8D reports, the per-day
// number counter and the key-customer watch list. Same tables on both databases.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('complaint_policies')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('document', jsonType, (c) => c.notNull())
    .addColumn('yaml', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .execute();

  let wo = db.schema
    .createTable('work_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('tracking_number', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('severity_explain', jsonType)
    // Higher = more severe (pack order), so "severity decides the order" is an indexed sort (docs/workorders.md#deadlines).
    .addColumn('severity_rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('receiving_unit_id', 'text')
    .addColumn('receiving_unit_path', 'text')
    .addColumn('department_id', 'text', (c) => c.references('units.id'))
    .addColumn('department_path', 'text');
  for (const col of ['serial', 'customer_name', 'customer_code', 'customer_key', 'contact_name', 'contact_phone', 'contact_email']) {
    wo = wo.addColumn(col, 'text');
  }
  wo = wo
    .addColumn('key_customer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('product_code', 'text')
    .addColumn('product_name', 'text')
    .addColumn('problem', 'text')
    .addColumn('problem_category', 'text')
    .addColumn('description', 'text')
    .addColumn('place', 'text')
    .addColumn('occurred_at', tsType)
    .addColumn('parties', 'text')
    .addColumn('ship_date', 'text')
    .addColumn('ship_quantity', 'integer')
    .addColumn('defect_rate', floatType(dialect))
    .addColumn('lot_size', 'integer')
    .addColumn('defect_count', 'integer')
    .addColumn('found_at', 'text')
    .addColumn('staff_name', 'text')
    .addColumn('facts', jsonType, (c) => c.notNull().defaultTo('{}'))
    .addColumn('received_at', tsType, (c) => c.notNull())
    .addColumn('received_month', 'text', (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('objection', jsonType)
    .addColumn('upgrade_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_on_spot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer', 'text')
    .addColumn('promised_reply_date', 'text')
    .addColumn('reply_text', 'text')
    .addColumn('adopted', 'integer')
    .addColumn('offer', jsonType)
    .addColumn('invalid_reason', 'text')
    .addColumn('satisfied', 'integer')
    .addColumn('qe_passed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
  await wo.execute();
  // Keyset pagination of the register (never OFFSET) and its usual filters.
  await db.schema.createIndex('work_orders_created_idx').on('work_orders').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('work_orders_status_idx').on('work_orders').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('work_orders_department_idx').on('work_orders').columns(['department_id', 'created_at']).execute();
  await db.schema.createIndex('work_orders_rank_idx').on('work_orders').columns(['severity_rank', 'created_at', 'id']).execute();
  await db.schema.createIndex('work_orders_unit_path_idx').on('work_orders').column('unit_path').execute();
  // "Same problem" = same product code and problem category in the same month (客诉程度预案 cl. 1–2; 顾客抱怨办法 cl. 4.2; docs/workorders.md#severity).
  await db.schema.createIndex('work_orders_problem_idx').on('work_orders').columns(['product_code', 'problem_category', 'received_month']).execute();
  await db.schema.createIndex('work_orders_customer_idx').on('work_orders').columns(['customer_key', 'status', 'received_at']).execute();
  await db.schema.createIndex('work_orders_received_idx').on('work_orders').column('received_at').execute();

  await db.schema
    .createTable('work_order_deadlines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // running | paused | met | missed
    .addColumn('amount', floatType(dialect), (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('started_at', tsType, (c) => c.notNull())
    .addColumn('due_at', tsType, (c) => c.notNull())
    .addColumn('explain', 'text', (c) => c.notNull())
    .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pauses', jsonType, (c) => c.notNull().defaultTo('[]'))
    .addColumn('extensions', jsonType, (c) => c.notNull().defaultTo('[]'))
    .addColumn('extension_request', jsonType)
    .addColumn('met_by', jsonType, (c) => c.notNull())
    .addColumn('owner_roles', jsonType, (c) => c.notNull())
    .addColumn('owner_unit_id', 'text')
    .addColumn('warn_at', tsType, (c) => c.notNull())
    .addColumn('warned_at', tsType)
    .addColumn('met_at', tsType)
    .addColumn('missed_at', tsType)
    .addColumn('created_at', tsType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wod_work_order_idx').on('work_order_deadlines').columns(['work_order_id', 'name']).execute();
  // The worker's scans: running deadlines by due time and by warning time.
  await db.schema.createIndex('wod_due_idx').on('work_order_deadlines').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('wod_warn_idx').on('work_order_deadlines').columns(['state', 'warn_at']).execute();

  await db.schema
    .createTable('work_order_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('at', tsType, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', jsonType)
    // Insertion order within a work order: events of one instant (a pinned clock, a filing) keep their order.
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('woe_work_order_idx').on('work_order_events').columns(['work_order_id', 'at']).execute();
  await db.schema.createIndex('woe_event_idx').on('work_order_events').columns(['event', 'at']).execute();

  await db.schema
    .createTable('work_order_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('fields', jsonType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | returned | passed | approved
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', tsType, (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', tsType)
    .addUniqueConstraint('work_order_reports_rev_uq', ['work_order_id', 'revision'])
    .execute();

  // One row per local day: the last number issued, bumped in the creating transaction (KS-YYYYMMDD-NNNN).
  await db.schema
    .createTable('work_order_counters')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('customer_watch')
    .addColumn('customer_key', 'text', (c) => c.primaryKey())
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('since', tsType, (c) => c.notNull())
    .addColumn('work_order_id', 'text', (c) => c.notNull())
    .execute();
}
