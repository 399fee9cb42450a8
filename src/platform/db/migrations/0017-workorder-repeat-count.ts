import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// Every complaint intake counts the same product's same problem this month, invalid ones excepted (the repeat
// fact of the severity pack, docs/workorders.md "Severity"). On (product_code, problem_category, received_month)
// alone each counted row was then read for its status; with status in the index the count is answered from the
// index (docs/performance.md "Intake"). The wider index serves every query the old one did, which it replaces.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createIndex('work_orders_problem_status_idx')
    .on('work_orders')
    .columns(['product_code', 'problem_category', 'received_month', 'status'])
    .execute();
  await db.schema.dropIndex('work_orders_problem_idx').ifExists().execute();
}
