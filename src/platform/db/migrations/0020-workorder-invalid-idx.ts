import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// 无效投诉 recurring from one customer (docs/workorders.md, "Invalid complaints that recur"): the monthly and quarterly reports and
// every 判定无效 ask for a customer's invalid work orders of the last N days. Through the customer index that read
// every work order of the customer, and the grouping read every work order of the window — at 1 M rows the
// quarterly report spent ~0.6 s there (docs/performance.md). Invalid work orders are a few per cent of the table,
// so two partial indexes hold only them: by day for the grouping, by customer and day for one customer's list.
export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await sql`create index work_orders_invalid_day_idx on work_orders (received_at, customer_key) where invalid_reason is not null`.execute(db);
  await sql`create index work_orders_invalid_customer_idx on work_orders (customer_key, received_at) where invalid_reason is not null`.execute(db);
}
