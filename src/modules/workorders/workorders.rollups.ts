import { cellsOf, factsOf, rollupDelta, type RollupCell, type RollupDeadline, type RollupWorkOrder } from '../../core/workflow/rollups';
import type { AppContext } from '../../platform/context';
import type { DbOrTrx } from '../../platform/db/database';
import { recountWorkOrderRollups } from '../../platform/db/migrations/0009-workorder-rollups';
import * as rr from './workorders.rollups.repository';

// Report counters kept in the same transaction as every change (docs/performance.md "Reports from rollups"). A
// writer takes the work order's counted state before and after its change and adds the difference: whatever
// the change was (a new work order, an action, a deadline the worker marks missed, a reassignment that moves
// every count to another scope), the counters follow. The before-state is read after the work order's row is
// locked (the action's versioned update, the worker's FOR UPDATE), so no concurrent writer slips in between.

/** The counter rows a work order adds one to, as it stands in the database. */
export async function rollupState(db: DbOrTrx, id: string): Promise<RollupCell[]> {
  const x = await rr.rollupInputs(db, id);
  return x ? cellsOf(x.wo, factsOf(x.wo, x.deadlines, x.callbacks)) : [];
}

/**
 * Deadlines the worker has just marked missed (`claimMissed`, which also locked their work orders): each work
 * order's counts as they stand, less the same with those deadlines still running — one upsert for the batch.
 */
export async function recordClaimedMissed(db: DbOrTrx, claimed: { id: string; work_order_id: string }[]): Promise<void> {
  const byWorkOrder = new Map<string, Set<string>>();
  for (const d of claimed) byWorkOrder.set(d.work_order_id, (byWorkOrder.get(d.work_order_id) ?? new Set()).add(d.id));
  const before: RollupCell[] = [];
  const after: RollupCell[] = [];
  for (const [id, ids] of byWorkOrder) {
    const x = await rr.rollupInputs(db, id);
    if (!x) continue;
    const running = x.deadlines.map((d) => (ids.has(d.id) ? { ...d, state: 'running' } : d));
    before.push(...cellsOf(x.wo, factsOf(x.wo, running, x.callbacks)));
    after.push(...cellsOf(x.wo, factsOf(x.wo, x.deadlines, x.callbacks)));
  }
  await recordRollupChange(db, before, after);
}

/** The state of a work order whose row is already known (read before the transaction and locked by its versioned update). */
export async function rollupStateWith(db: DbOrTrx, wo: RollupWorkOrder & { id: string }): Promise<RollupCell[]> {
  const { deadlines, callbacks } = await rr.rollupChildren(db, wo.id);
  return cellsOf(wo, factsOf(wo, deadlines, callbacks));
}

/** A work order just created, from what the intake wrote (no read back). */
export const newWorkOrderState = (wo: RollupWorkOrder, deadlines: Pick<RollupDeadline, 'name' | 'state'>[]): RollupCell[] => cellsOf(wo, factsOf(wo, deadlines, []));

/** Adds after − before to the counters, in the caller's transaction. */
export async function recordRollupChange(db: DbOrTrx, before: RollupCell[], after: RollupCell[]): Promise<void> {
  await rr.addToRollups(db, rollupDelta(before, after));
}

/**
 * `npm run rollups:rebuild`: recounts every counter from the base tables in one transaction (docs/operations.md).
 * Writers wait for it on SQLite; on PostgreSQL the table lock below makes them wait too, so no change commits
 * between the recount's reads and its writes.
 */
export async function rebuildRollups(ctx: Pick<AppContext, 'db' | 'dialect'>): Promise<{ rows: number; ms: number }> {
  const t0 = Date.now();
  const rows = await ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres') await rr.lockForRebuild(trx);
    await recountWorkOrderRollups(trx as never, ctx.dialect);
    return rr.countRollupRows(trx);
  });
  // PostgreSQL: every counter row is new, so none is yet marked all-visible and a report's index-only scan would
  // visit the heap for each (migration 0021); VACUUM sets the visibility map and ANALYZE gives the planner the
  // new sizes. Outside the transaction: VACUUM cannot run in one.
  if (ctx.dialect === 'postgres') await rr.vacuumRollups(ctx.db);
  return { rows, ms: Date.now() - t0 };
}
