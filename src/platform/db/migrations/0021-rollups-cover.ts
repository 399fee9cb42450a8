import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';

// PostgreSQL: a report reads its counter rows through an index that holds them whole (docs/performance.md,
// "Reports from rollups"). The primary key (dim, grain, period, scope_id, value, label) puts the period range
// before the scope, so each bucket read every scope's rows to keep the caller's; and each row then cost a visit to
// its heap page, scattered across the table: ~15 µs a row, 0.6 s for a year of a many-valued dimension at 1 M work
// orders. This index has the scope before the period and carries value, label and n, so a bucket is one range
// of an index-only scan (the visibility map is set by autovacuum, and by `npm run rollups:rebuild`).
// SQLite needs none: `work_order_rollups` is WITHOUT ROWID, its rows stored in key order.
export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create index work_order_rollups_scope_idx on work_order_rollups (dim, grain, scope_id, period) include (value, label, n)`.execute(db);
}
