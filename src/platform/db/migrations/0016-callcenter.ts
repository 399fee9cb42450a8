import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { floatType, jsonType, tsType } from './util';

// The call centre (docs/callcenter.md; 呼叫中心岗位职责 cl. 1–3): duty log, schedules, monthly targets per agent,
// and the index the per-agent figures read work orders by (who registered them, in a period).
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('callcenter_duty_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull())
    .addColumn('agents', jsonType, (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('breaches', jsonType, (c) => c.notNull())
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('handed_over_at', tsType)
    .addColumn('handed_over_by', 'text')
    .addColumn('handed_over_by_name', 'text')
    .addColumn('reviewed_at', tsType)
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_by_name', 'text')
    .addColumn('review_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One entry per unit, day and shift: a second "day shift" on the same date is an edit, not a new log.
  await db.schema.createIndex('callcenter_duty_log_shift_uq').on('callcenter_duty_log').columns(['unit_id', 'date', 'shift']).unique().execute();

  await db.schema
    .createTable('callcenter_schedules')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('callcenter_schedules_pk', ['unit_id', 'date', 'shift', 'user_id'])
    .execute();

  await db.schema
    .createTable('callcenter_targets')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('handled', 'integer')
    .addColumn('on_time_rate', floatType(dialect))
    .addColumn('satisfaction', floatType(dialect))
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('callcenter_targets_pk', ['unit_id', 'user_id', 'month'])
    .execute();

  await db.schema.createIndex('work_orders_created_by_idx').on('work_orders').columns(['created_by', 'received_at']).execute();
}
