import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Staff levels (服务员等级标准 cl. 1–4; docs/staff-levels.md#levels, 餐饮服务员等级划分标准): the staff members of a store or department and every level
// decision recorded for them. Praise and complaints are not stored here — they are counted from the work
// orders of the complaint desk (docs/staff-levels.md#levels).
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('staff_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hired_on', 'text', (c) => c.notNull()) // local date YYYY-MM-DD
    .addColumn('passed_tests', jsonType, (c) => c.notNull())
    .addColumn('certificates', jsonType, (c) => c.notNull())
    .addColumn('attitude_good', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('handles_simple_complaints', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_level', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', tsType, (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('staff_members_unit_idx').on('staff_members').column('unit_id').execute();

  // Append-only: each decision keeps the facts and the pack version it was taken on.
  await db.schema
    .createTable('staff_level_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff_members.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('previous_level', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'integer', (c) => c.notNull())
    .addColumn('explain', jsonType, (c) => c.notNull())
    .addColumn('facts', jsonType, (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', tsType, (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('staff_level_decisions_staff_idx').on('staff_level_decisions').column('staff_id').execute();
}
