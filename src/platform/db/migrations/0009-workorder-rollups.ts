import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ROLLUP_ZONE_MINUTES } from '../../../core/workflow/rollups';
import type { DatabaseDialect } from '../../config';

// Rollup counters of the complaint reports (docs/performance.md "Reports from rollups"): one row per dimension,
// grain (day, month, quarter for the many-valued dimensions, undated), period, visibility scope, value and label, holding how many work orders,
// deadlines or callbacks it counts. The work-order module keeps them in the same transaction as every change
// (src/core/workflow/rollups.ts says what counts); this migration creates them and counts the existing rows.
// `recountWorkOrderRollups` is also what `npm run rollups:rebuild` runs: a later change of what is counted ships
// as a new migration with its own recount, and the command moves to that one.

export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  // The units that make a work order visible (workorders.visibility.ts), one row per combination in use, so a
  // counter row carries a small integer instead of three paths. `whole` rows stand for an owning unit as a whole.
  await db.schema
    .createTable('work_order_rollup_scopes')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('department_path', 'text')
    .addColumn('receiving_unit_path', 'text')
    .addColumn('whole', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  let rollups = db.schema
    .createTable('work_order_rollups')
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // A report reads one dimension's rows of a period range: the key leads with (dim, grain, period).
    .addPrimaryKeyConstraint('work_order_rollups_pk', ['dim', 'grain', 'period', 'scope_id', 'value', 'label']);
  // On SQLite the table is its key's B-tree (no rowid), so a report's range read is one covering scan.
  if (dialect === 'sqlite') rollups = rollups.modifyEnd(sql`without rowid`);
  await rollups.execute();

  // Live lists of open work orders (the register's overdue filter) walk only the open ones, newest first. The
  // predicate is written as literals so SQLite can match a query's identical term to it.
  await sql`create index work_orders_open_idx on work_orders (created_at, id) where status not in ('closed', 'invalid')`.execute(db);
  // The period report's approved 8D reports by decision time.
  await db.schema.createIndex('work_order_reports_decided_idx').on('work_order_reports').columns(['status', 'decided_at']).execute();

  await recountWorkOrderRollups(db, dialect);
}

/** Local day 'YYYY-MM-DD' of an ISO-8601 UTC text column in the counters' zone (ROLLUP_ZONE_MINUTES). */
function dayOf(col: RawBuilder<unknown>, dialect: DatabaseDialect): RawBuilder<string> {
  const minutes = sql.lit(`${ROLLUP_ZONE_MINUTES >= 0 ? '+' : ''}${ROLLUP_ZONE_MINUTES} minutes`);
  if (dialect === 'sqlite') return sql<string>`substr(datetime(${col}, ${minutes}), 1, 10)`;
  return sql<string>`to_char((cast(${col} as timestamptz) at time zone 'UTC') + interval ${minutes}, 'YYYY-MM-DD')`;
}

const quarterOfMonth = (col: RawBuilder<unknown>) => sql<string>`substr(${col}, 1, 4) || '-Q' || ((cast(substr(${col}, 6, 2) as integer) + 2) / 3)`;
const scopeKey = sql`w.unit_path || '|' || coalesce(w.department_path, '') || '|' || coalesce(w.receiving_unit_path, '')`;

/**
 * Recounts every counter from work_orders, work_order_deadlines and work_order_events, in the caller's transaction
 * (the same facts as `factsOf`/`cellsOf` in src/core/workflow/rollups.ts): scopes in use are added (ids kept),
 * the counters deleted, the day rows counted, and months, the many-valued dimensions' quarters and whole-unit rows summed from them.
 */
export async function recountWorkOrderRollups(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  // `where true`: SQLite reads ON CONFLICT after INSERT … SELECT … FROM t as a join's ON without it.
  await sql`insert into work_order_rollup_scopes (key, unit_path, department_path, receiving_unit_path, whole)
    select distinct ${scopeKey}, w.unit_path, w.department_path, w.receiving_unit_path, 0 from work_orders w where true
    on conflict (key) do nothing`.execute(db);
  await sql`insert into work_order_rollup_scopes (key, unit_path, department_path, receiving_unit_path, whole)
    select distinct w.unit_path || '|*', w.unit_path, null, null, 1 from work_orders w where true
    on conflict (key) do nothing`.execute(db);
  await sql`delete from work_order_rollups`.execute(db);

  const day = dayOf(sql.ref('w.received_at'), dialect);
  const base = sql`from work_orders w join work_order_rollup_scopes s on s.key = ${scopeKey}`;
  const branch = (dim: string, value: RawBuilder<unknown>, label: RawBuilder<unknown> = sql`''`, where: RawBuilder<unknown> = sql`1 = 1`) =>
    sql`select ${sql.lit(dim)} as dim, ${day} as period, s.id as scope_id, ${value} as value, ${label} as label ${base} where ${where}`;
  const facts = [
    branch('kind', sql`w.kind`),
    branch('channel', sql`w.channel`),
    branch('severity', sql`coalesce(w.severity, '')`),
    branch('department', sql`coalesce(w.department_id, '')`),
    branch('product', sql`coalesce(w.product_code, '')`),
    branch('customer', sql`coalesce(w.customer_key, '')`, sql`coalesce(w.customer_name, '')`),
    branch('problem', sql`coalesce(w.problem_category, '')`),
    branch('month', sql`w.received_month`),
    branch('repeat', sql`w.product_code`, sql`w.problem_category`, sql`w.status <> 'invalid' and w.product_code is not null and w.problem_category is not null`),
    sql`select 'deadline' as dim, ${day} as period, s.id as scope_id, d.name as value,
          case when d.state in ('met', 'missed') then d.state else 'open' end as label
        ${base} join work_order_deadlines d on d.work_order_id = w.id`,
    sql`select 'callback' as dim, ${dayOf(sql.ref('e.at'), dialect)} as period, s.id as scope_id,
          case when e.event = 'callback_satisfied' then 'satisfied' else 'unsatisfied' end as value, '' as label
        ${base} join work_order_events e on e.work_order_id = w.id where e.event in ('callback_satisfied', 'callback_unsatisfied')`,
  ];
  await sql`insert into work_order_rollups (dim, grain, period, scope_id, value, label, n)
    select dim, 'd', period, scope_id, value, label, count(*) from (${sql.join(facts, sql` union all `)}) f
    group by dim, period, scope_id, value, label`.execute(db);
  // Open work orders with a missed deadline (the counted half of "overdue now").
  await sql`insert into work_order_rollups (dim, grain, period, scope_id, value, label, n)
    select 'overdue', 'a', '', s.id, '', '', count(*) ${base}
    where w.status not in ('closed', 'invalid') and exists (select 1 from work_order_deadlines d where d.work_order_id = w.id and d.state = 'missed')
    group by s.id`.execute(db);
  await sql`insert into work_order_rollups (dim, grain, period, scope_id, value, label, n)
    select dim, 'm', substr(period, 1, 7), scope_id, value, label, sum(n) from work_order_rollups where grain = 'd'
    group by dim, substr(period, 1, 7), scope_id, value, label`.execute(db);
  await sql`insert into work_order_rollups (dim, grain, period, scope_id, value, label, n)
    select dim, 'q', ${quarterOfMonth(sql.ref('period'))}, scope_id, value, label, sum(n) from work_order_rollups
    where grain = 'm' and dim in ('product', 'customer', 'repeat')
    group by dim, ${quarterOfMonth(sql.ref('period'))}, scope_id, value, label`.execute(db);
  // The whole-unit rows of the many-valued dimensions (WHOLE_UNIT_DIMS).
  await sql`insert into work_order_rollups (dim, grain, period, scope_id, value, label, n)
    select r.dim, r.grain, r.period, ws.id, r.value, r.label, sum(r.n) from work_order_rollups r
    join work_order_rollup_scopes s on s.id = r.scope_id
    join work_order_rollup_scopes ws on ws.key = s.unit_path || '|*'
    where r.dim in ('product', 'customer', 'repeat') and s.whole = 0
    group by r.dim, r.grain, r.period, ws.id, r.value, r.label`.execute(db);
}
