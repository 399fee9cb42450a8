import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { jsonType, tsType } from './util';

// Accountability (事故扣分标准 cl. 1; docs/accountability.md#levels-and-deductions): management accidents with their evaluated level, and the deduction points booked
// per person per month with the accident that caused them. Same tables on both databases.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('accidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('facts', jsonType, (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'integer', (c) => c.notNull())
    .addColumn('explain', jsonType, (c) => c.notNull())
    .addColumn('responsible_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', tsType, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('accidents_unit_idx').on('accidents').columns(['unit_id', 'occurred_on']).execute();

  await db.schema
    .createTable('deduction_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('accident_id', 'text', (c) => c.notNull().references('accidents.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role_in_chain', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('created_at', tsType, (c) => c.notNull())
    // One person is booked at most once per accident (the highest of their links).
    .addUniqueConstraint('deduction_entries_accident_user_uq', ['accident_id', 'user_id'])
    .execute();
  await db.schema.createIndex('deduction_entries_user_month_idx').on('deduction_entries').columns(['user_id', 'month']).execute();
  await db.schema.createIndex('deduction_entries_month_idx').on('deduction_entries').columns(['month']).execute();
}
