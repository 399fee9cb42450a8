import type { AppContext } from '../../platform/context';
import type { Job } from '../../platform/jobs/runner';
import { tellMissed, tellWarning } from './workorders.deadlines';
import { allPolicyVersions } from './workorders.policy';
import * as repo from './workorders.repository';
import { recordClaimedMissed } from './workorders.rollups';

// The deadline worker (docs/workorders.md#deadlines "Overdue and nearly-due items … notify the owner and then their superior").
// Each claim is one UPDATE … RETURNING that flips the rows it takes (missed / warned) as the first statement of
// the transaction that also queues the notifications: on PostgreSQL the candidates are locked FOR UPDATE SKIP
// LOCKED, so concurrent instances take disjoint rows and each deadline fires exactly once.

const BATCH = 50;

// SQLite serialises writers per file. Two app instances inside one process (tests) would otherwise block the
// event loop in SQLite's busy wait while the other's transaction waits for that same loop, so ticks against
// one SQLite file take turns here; separate processes rely on SQLite's own locking.
const sqliteTurns = new Map<string, Promise<unknown>>();

async function inTurn<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  if (ctx.dialect !== 'sqlite') return fn();
  const key = ctx.config.database.url;
  const prev = sqliteTurns.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  sqliteTurns.set(key, run.catch(() => undefined));
  return run;
}

export interface DeadlineTick {
  missed: number;
  warned: number;
}

/** One pass: mark due deadlines missed (telling owner and superior), warn owners of nearly-due ones. */
export async function runDeadlineTick(ctx: AppContext): Promise<DeadlineTick> {
  return inTurn(ctx, async () => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    // Read before any transaction opens: on SQLite the transaction holds the only connection.
    const policies = await allPolicyVersions(ctx);
    let missed = 0;
    let warned = 0;
    for (;;) {
      const n = await ctx.db.transaction().execute(async (trx) => {
        const rows = await repo.claimMissed(trx, ctx.dialect, at, BATCH);
        await recordClaimedMissed(trx, rows);
        for (const d of rows) {
          const wo = await repo.findWorkOrder(trx, d.work_order_id);
          if (!wo) continue;
          const policy = policies.get(wo.policy_version);
          if (policy) await tellMissed(ctx, trx, policy, wo, d, now);
        }
        return rows.length;
      });
      missed += n;
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await ctx.db.transaction().execute(async (trx) => {
        const rows = await repo.claimWarnings(trx, ctx.dialect, at, BATCH);
        for (const d of rows) {
          const wo = await repo.findWorkOrder(trx, d.work_order_id);
          if (wo) await tellWarning(trx, wo, d, now);
        }
        return rows.length;
      });
      warned += n;
      if (n < BATCH) break;
    }
    return { missed, warned };
  });
}

export const deadlineJob: Job = { name: 'workorder-deadlines', run: runDeadlineTick };
