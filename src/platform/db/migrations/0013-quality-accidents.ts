import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Closing the loop from complaint to accountability (事故扣分标准 cl. 2, 二、质量事故; docs/quality-loop.md):
// - work orders carry the batch number (批号), so "the same batch at two end users" can be counted;
// - an 8D report keeps its D4 root cause's classification (人/机/料/法/环/测 and a company's sub-cause);
// - each company's controlled list of sub-causes (root_causes);
// - a quality accident proposed at 8D approval waits for the QA manager (quality_accident_proposals);
// - the accident ledger (accidents) says what kind of accident a row is and which work order it came from.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema.alterTable('work_orders').addColumn('batch_number', 'text').execute();
  // Same product and batch: the count behind sameBatchEndUsers, and the similar-complaint candidates.
  await db.schema.createIndex('work_orders_batch_idx').on('work_orders').columns(['product_code', 'batch_number']).execute();

  await db.schema.alterTable('work_order_reports').addColumn('root_cause_category', 'text').execute();
  await db.schema.alterTable('work_order_reports').addColumn('root_cause_id', 'text').execute();
  await db.schema.createIndex('work_order_reports_status_idx').on('work_order_reports').columns(['status', 'work_order_id']).execute();

  await db.schema
    .createTable('root_causes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id')) // the company whose list it is
    .addColumn('category', 'text', (c) => c.notNull()) // man | machine | material | method | environment | measurement
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('root_causes_name_uq', ['unit_id', 'category', 'name'])
    .execute();

  await db.schema.alterTable('accidents').addColumn('kind', 'text', (c) => c.notNull().defaultTo('management')).execute();
  await db.schema.alterTable('accidents').addColumn('work_order_id', 'text').execute();
  await db.schema.alterTable('accidents').addColumn('work_order_number', 'text').execute();

  await db.schema
    .createTable('quality_accident_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('work_order_number', 'text', (c) => c.notNull())
    .addColumn('owning_unit_id', 'text', (c) => c.notNull().references('units.id')) // the work order's company
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id')) // proposed unit to book on
    .addColumn('responsible_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('occurred_on', 'text', (c) => c.notNull()) // local day of the 8D approval: the month booked
    .addColumn('facts', jsonType, (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'integer', (c) => c.notNull())
    .addColumn('explain', jsonType, (c) => c.notNull())
    .addColumn('outputs', jsonType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | confirmed | dismissed
    .addColumn('reason', 'text')
    .addColumn('accident_id', 'text', (c) => c.references('accidents.id'))
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', tsType, (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', tsType)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('qap_status_idx').on('quality_accident_proposals').columns(['status', 'proposed_at']).execute();
  await db.schema.createIndex('qap_work_order_idx').on('quality_accident_proposals').column('work_order_id').execute();
}
