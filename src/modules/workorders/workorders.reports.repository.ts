import type { DbOrTrx } from '../../platform/db/database';
import { unitsByIds } from '../org';
import { visibleIn } from './workorders.visibility';

// Aggregate queries of the complaint reports (docs/workorders.md "API", reports). Hot queries; their SQL is kept
// small and indexed (work_orders_received_idx, wod_work_order_idx, woe_event_idx). Every query counts exactly the
// work orders the register shows the caller: `scope` goes through the one visibility rule (workorders.visibility.ts).

export interface Range {
  /** ISO instants, [from, to) */
  from: string;
  to: string;
  /** The caller's visibility scope (workorders.visibility.ts `visibilityScope`). */
  scope: string[];
}

export type GroupColumn = 'kind' | 'channel' | 'severity' | 'department_id' | 'product_code' | 'customer_key' | 'received_month' | 'problem_category';

function scoped(db: DbOrTrx, r: Range) {
  return db
    .selectFrom('work_orders')
    .where('received_at', '>=', r.from)
    .where('received_at', '<', r.to)
    .where(visibleIn(r.scope));
}

export async function countBy(db: DbOrTrx, r: Range, column: GroupColumn): Promise<{ key: string | null; label: string | null; n: number }[]> {
  if (!r.scope.length) return [];
  const rows = await scoped(db, r)
    .select((eb) => [eb.ref(column).as('key'), eb.fn.max('customer_name').as('label'), eb.fn.countAll<number>().as('n')])
    .groupBy(column)
    .orderBy('n', 'desc')
    .execute();
  return rows.map((x) => ({ key: x.key === null ? null : String(x.key), label: x.label === null ? null : String(x.label), n: Number(x.n) }));
}

export async function total(db: DbOrTrx, r: Range): Promise<number> {
  if (!r.scope.length) return 0;
  const row = await scoped(db, r).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deadlineStates(db: DbOrTrx, r: Range): Promise<{ name: string; state: string; n: number }[]> {
  if (!r.scope.length) return [];
  const ids = scoped(db, r).select('id');
  const rows = await db
    .selectFrom('work_order_deadlines')
    .select((eb) => ['name', 'state', eb.fn.countAll<number>().as('n')])
    .where('work_order_id', 'in', ids)
    .groupBy(['name', 'state'])
    .execute();
  return rows.map((x) => ({ name: x.name, state: x.state, n: Number(x.n) }));
}

export async function repeats(db: DbOrTrx, r: Range): Promise<{ productCode: string; problemCategory: string; count: number }[]> {
  if (!r.scope.length) return [];
  const rows = await scoped(db, r)
    .select((eb) => ['product_code', 'problem_category', eb.fn.countAll<number>().as('n')])
    .where('status', '!=', 'invalid')
    .groupBy(['product_code', 'problem_category'])
    // The NULL tests sit in HAVING, not WHERE: in WHERE, `product_code IS NOT NULL` led SQLite to walk the whole
    // table through the product index instead of the received-date range (2.2 s → 0.3 s at 1M rows, bench --large).
    .having((eb) => eb.and([eb('product_code', 'is not', null), eb('problem_category', 'is not', null), eb(eb.fn.countAll(), '>=', 2)]))
    .orderBy('n', 'desc')
    .execute();
  return rows.map((x) => ({ productCode: String(x.product_code), problemCategory: String(x.problem_category), count: Number(x.n) }));
}

export async function callbackCounts(db: DbOrTrx, r: Range): Promise<{ satisfied: number; unsatisfied: number }> {
  if (!r.scope.length) return { satisfied: 0, unsatisfied: 0 };
  const rows = await db
    .selectFrom('work_order_events')
    .innerJoin('work_orders', 'work_orders.id', 'work_order_events.work_order_id')
    .select((eb) => ['work_order_events.event', eb.fn.countAll<number>().as('n')])
    .where('work_order_events.event', 'in', ['callback_satisfied', 'callback_unsatisfied'])
    .where('work_order_events.at', '>=', r.from)
    .where('work_order_events.at', '<', r.to)
    .where(visibleIn(r.scope, 'work_orders'))
    .groupBy('work_order_events.event')
    .execute();
  const get = (e: string) => Number(rows.find((x) => x.event === e)?.n ?? 0);
  return { satisfied: get('callback_satisfied'), unsatisfied: get('callback_unsatisfied') };
}

/** Open work orders with a deadline missed or past due right now. */
export async function overdueNow(db: DbOrTrx, scope: string[], now: string): Promise<number> {
  if (!scope.length) return 0;
  const row = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'not in', ['closed', 'invalid'])
    .where(visibleIn(scope))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_order_deadlines as d')
          .select('d.id')
          .whereRef('d.work_order_id', '=', 'work_orders.id')
          .where((e2) => e2.or([e2('d.state', '=', 'missed'), e2.and([e2('d.state', '=', 'running'), e2('d.due_at', '<', now)])])),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function unitNames(db: DbOrTrx, ids: string[]): Promise<Map<string, string>> {
  return new Map((await unitsByIds(db, ids)).map((u) => [u.id, u.name]));
}

/** Approved 8D reports decided in the range: root causes and corrective actions for the period report. */
export async function approvedReports(db: DbOrTrx, r: Range) {
  if (!r.scope.length) return [];
  return db
    .selectFrom('work_order_reports as rep')
    .innerJoin('work_orders as wo', 'wo.id', 'rep.work_order_id')
    .select(['wo.id', 'wo.number', 'wo.product_code', 'wo.problem', 'rep.fields', 'rep.decided_at'])
    .where('rep.status', '=', 'approved')
    .where('rep.decided_at', '>=', r.from)
    .where('rep.decided_at', '<', r.to)
    .where(visibleIn(r.scope, 'wo'))
    .orderBy('rep.decided_at')
    .execute();
}

