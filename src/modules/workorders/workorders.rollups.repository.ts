import { sql, type RawBuilder } from 'kysely';
import type { RollupBucket, RollupCallback, RollupCell, RollupDeadline, RollupWorkOrder } from '../../core/workflow/rollups';
import type { DbOrTrx } from '../../platform/db/database';
import { visibleIn } from './workorders.visibility';

// Kysely queries of the report counters (migration 0009; docs/performance.md "Reports from rollups"): read a work
// order's counted state, add a delta, sum a period. What is counted is decided in src/core/workflow/rollups.ts.

/** A work order's counted state: the row's counted columns, its deadlines' states and its callbacks. */
export async function rollupInputs(
  db: DbOrTrx,
  id: string,
): Promise<{ wo: RollupWorkOrder; deadlines: RollupDeadline[]; callbacks: RollupCallback[] } | undefined> {
  const wo = await db
    .selectFrom('work_orders')
    .select(['unit_path', 'department_path', 'receiving_unit_path', 'kind', 'channel', 'severity', 'department_id', 'product_code', 'customer_key', 'customer_name', 'problem_category', 'status', 'received_at', 'received_month'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!wo) return undefined;
  return { wo, ...(await rollupChildren(db, id)) };
}

/** The deadlines and callbacks of a work order (indexed by work order: wod_work_order_idx, woe_work_order_idx). */
export async function rollupChildren(db: DbOrTrx, id: string): Promise<{ deadlines: RollupDeadline[]; callbacks: RollupCallback[] }> {
  const deadlines = await db.selectFrom('work_order_deadlines').select(['id', 'name', 'state']).where('work_order_id', '=', id).execute();
  const callbacks = await db
    .selectFrom('work_order_events')
    .select(['event', 'at'])
    .where('work_order_id', '=', id)
    .where('event', 'in', ['callback_satisfied', 'callback_unsatisfied'])
    .execute();
  return { deadlines, callbacks };
}

/** The scope row of a scope key (`scopeKeyOf` / `wholeUnitScopeKey`): paths joined by '|', '*' for a whole unit. */
function scopeRow(key: string) {
  const [unit, second, third] = key.split('|');
  if (second === '*') return { key, unit_path: unit, department_path: null, receiving_unit_path: null, whole: 1 };
  return { key, unit_path: unit, department_path: second || null, receiving_unit_path: third || null, whole: 0 };
}

/**
 * Scope ids already committed, per database (keyed by the Kysely instance's adapter, which its transactions
 * share). A scope row is never deleted and its id never changes (the rebuild keeps them, migration 0009), so an
 * id read once holds for good and a writer skips the lookup (docs/performance.md "Intake: where the time goes").
 * An id this transaction added is not remembered: it points at nothing if the transaction rolls back.
 */
const committedScopes = new WeakMap<object, Map<string, number>>();
const addedBy = new WeakMap<object, Set<string>>();
const SCOPE_CACHE_MAX = 100_000;

/**
 * Ids of the scope keys, adding the missing ones. On PostgreSQL a key another transaction is adding makes the
 * insert wait for it and then do nothing; the second read sees its row.
 */
async function scopeIds(db: DbOrTrx, keys: string[]): Promise<Map<string, number>> {
  const adapter = db.getExecutor().adapter;
  let known = committedScopes.get(adapter);
  if (!known) committedScopes.set(adapter, (known = new Map()));
  const ids = new Map<string, number>();
  for (const k of keys) {
    const id = known.get(k);
    if (id !== undefined) ids.set(k, id);
  }
  if (ids.size === keys.length) return ids;
  const read = async (ks: string[]) => (await db.selectFrom('work_order_rollup_scopes').select(['id', 'key']).where('key', 'in', ks).execute()).map((r) => [r.key, Number(r.id)] as const);
  const added = addedBy.get(db);
  if (known.size > SCOPE_CACHE_MAX) known.clear();
  for (const [k, id] of await read(keys.filter((k) => !ids.has(k)))) {
    ids.set(k, id);
    if (!added?.has(k)) known.set(k, id);
  }
  const missing = keys.filter((k) => !ids.has(k));
  if (missing.length) {
    await db
      .insertInto('work_order_rollup_scopes')
      .values(missing.sort().map(scopeRow))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    if (!addedBy.has(db)) addedBy.set(db, new Set());
    for (const k of missing) addedBy.get(db)!.add(k);
    for (const [k, id] of await read(missing)) ids.set(k, id);
  }
  return ids;
}

/** Rows per statement: 7 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 500;

/**
 * Adds a delta to the counters in the caller's transaction: `n = n + excluded.n`, atomic on both databases
 * (PostgreSQL takes the row lock, SQLite has one writer). Rows come sorted by key (`rollupDelta`), so two writers
 * lock shared rows in the same order.
 */
export async function addToRollups(db: DbOrTrx, delta: { cell: RollupCell; n: number }[]): Promise<void> {
  if (!delta.length) return;
  const ids = await scopeIds(db, [...new Set(delta.map((d) => d.cell.scope))]);
  const rows = delta.map(({ cell, n }) => ({ dim: cell.dim, grain: cell.grain, period: cell.period, scope_id: ids.get(cell.scope)!, value: cell.value, label: cell.label, n }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('work_order_rollups')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['dim', 'grain', 'period', 'scope_id', 'value', 'label']).doUpdateSet({ n: sql<number>`work_order_rollups.n + excluded.n` }))
      .execute();
  }
}

/** Which scope rows a sum reads (`scopesSeen`). */
export type ScopeFilter = RawBuilder<unknown>;

/**
 * The scope rows a caller sees, as a subquery (workorders.visibility.ts over the scope rows' paths; no id list, so
 * no parameter limit however many scopes there are). `each`: the regular scopes, for the one-row-per-scope
 * dimensions. `many`, for WHOLE_UNIT_DIMS: the whole-unit rows of the owning units the caller covers, plus the
 * regular scopes of other units the caller sees through a department or the receiving unit.
 */
export function scopesSeen(scope: string[], which: 'each' | 'many'): ScopeFilter {
  const covers = scope.length ? sql`(${sql.join(scope.map((prefix) => sql`unit_path like ${`${prefix}%`}`), sql` or `)})` : sql`1 = 0`;
  const where =
    which === 'each'
      ? sql`whole = 0 and ${visibleIn(scope)}`
      : sql`(whole = 1 and ${covers}) or (whole = 0 and ${visibleIn(scope)} and not ${covers})`;
  return sql`select id from work_order_rollup_scopes where ${where}`;
}

export interface RollupSum {
  dim: string;
  value: string;
  /** The label (deadline outcome, repeat's problem category); for customers the greatest name counted, '' if none. */
  label: string;
  n: number;
}

/**
 * Sums the counters of `dims` over the buckets (`planBuckets`) and scopes: one statement, a UNION ALL of one
 * primary-key range per bucket. Customers are summed per key with their greatest name, as the base-table report
 * took max(customer_name) (so in the database's collation).
 */
export async function sumRollups(db: DbOrTrx, dims: string[], scopes: ScopeFilter, buckets: RollupBucket[]): Promise<RollupSum[]> {
  if (!dims.length || !buckets.length) return [];
  const ranges = buckets.map(
    (b) => sql`select dim, value, label, n * ${sql.lit(b.sign)} as n from work_order_rollups
      where dim in (${sql.join(dims)}) and grain = ${b.grain} and period >= ${b.lo} and period <= ${b.hi} and scope_id in (${scopes})`,
  );
  const union = sql.join(ranges, sql` union all `);
  // Customers are summed per key with their greatest name (max over the names still counted); other dimensions
  // keep their label as part of the group, so they need no second level.
  const query = dims.includes('customer')
    ? sql`select dim, value, max(case when n <> 0 then label end) as label, sum(n) as n
        from (select dim, value, label, case when dim = 'customer' then '' else label end as lbl, sum(n) as n
              from (${union}) x group by dim, value, label) y
        group by dim, value, lbl`
    : sql`select dim, value, label, sum(n) as n from (${union}) x group by dim, value, label`;
  const r = await sql<{ dim: string; value: string; label: string | null; n: number | string }>`${query}`.execute(db);
  return r.rows.map((x) => ({ dim: x.dim, value: x.value, label: x.label ?? '', n: Number(x.n) })).filter((x) => x.n !== 0);
}

/** Undated counters (`overdue`) of the scopes. */
export async function sumUndated(db: DbOrTrx, dim: string, scopes: ScopeFilter): Promise<number> {
  const r = await db
    .selectFrom('work_order_rollups')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('dim', '=', dim)
    .where('grain', '=', 'a')
    .where('period', '=', '')
    .where(sql<boolean>`scope_id in (${scopes})`)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The live half of "overdue now": open work orders the caller sees with a running deadline already past due
 * and no missed one (those are counted). Read from wod_due_idx (state, due_at): the deadline worker marks
 * such deadlines missed within a tick, so the range holds only what came due since.
 */
export async function overdueNotYetMissed(db: DbOrTrx, scope: string[], now: string): Promise<number> {
  if (!scope.length) return 0;
  const r = await db
    .selectFrom('work_order_deadlines as d')
    .innerJoin('work_orders', 'work_orders.id', 'd.work_order_id')
    .select(sql<number>`count(distinct d.work_order_id)`.as('n'))
    .where('d.state', '=', 'running')
    .where('d.due_at', '<', now)
    .where(sql<boolean>`work_orders.status not in ('closed', 'invalid')`)
    .where(visibleIn(scope, 'work_orders'))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('work_order_deadlines as m').select('m.id').whereRef('m.work_order_id', '=', 'work_orders.id').where('m.state', '=', 'missed'))))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * PostgreSQL: the rebuild holds the counters in EXCLUSIVE mode, so every writer waits at its counter upsert — before
 * it commits — until the recount has committed, and then adds its delta to a count that did not include it.
 */
export async function lockForRebuild(db: DbOrTrx): Promise<void> {
  await sql`lock table work_order_rollups in exclusive mode`.execute(db);
}

/** PostgreSQL: marks the counters' pages all-visible and refreshes their statistics, after a rebuild. */
export async function vacuumRollups(db: DbOrTrx): Promise<void> {
  await sql`vacuum analyze work_order_rollups`.execute(db);
}

export async function countRollupRows(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('work_order_rollups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every counter row with its scope key, for comparing the kept counters with a recount (tests). */
export async function allRollups(db: DbOrTrx): Promise<{ key: string; dim: string; grain: string; period: string; value: string; label: string; n: number }[]> {
  const rows = await db
    .selectFrom('work_order_rollups as r')
    .innerJoin('work_order_rollup_scopes as s', 's.id', 'r.scope_id')
    .select(['s.key', 'r.dim', 'r.grain', 'r.period', 'r.value', 'r.label', 'r.n'])
    .where('r.n', '<>', 0)
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
