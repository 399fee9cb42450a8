import type { DbOrTrx } from '../../platform/db/database';
import { visibleIn } from './workorders.visibility';

// What the call centre's figures and forecast read of the work orders (docs/callcenter.md): the work orders each
// agent registered in a period with their deadlines and callbacks, and the arrival instants. Both are bounded by
// a received_at range (indexed) and the caller's visibility (docs/workorders.md "Who sees a work order").

export interface AgentWorkRow {
  id: string;
  createdBy: string;
  kind: string;
  status: string;
  satisfied: number | null;
  answeredOnSpot: boolean;
  receivedAt: string;
  /** When it was closed (the last event into `closed`), or null while open. */
  closedAt: string | null;
}

export interface AgentDeadlineRow {
  workOrderId: string;
  name: string;
  state: string;
  missed: boolean;
}

export async function workRegisteredBy(
  db: DbOrTrx,
  q: { fromIso: string; toIso: string; userIds: string[]; scope: readonly string[] },
): Promise<{ orders: AgentWorkRow[]; deadlines: AgentDeadlineRow[] }> {
  if (q.userIds.length === 0 || q.scope.length === 0) return { orders: [], deadlines: [] };
  const rows = await db
    .selectFrom('work_orders')
    .select(['id', 'created_by', 'kind', 'status', 'satisfied', 'answered_on_spot', 'received_at'])
    .select((eb) =>
      eb
        .selectFrom('work_order_events as e')
        .select((e) => e.fn.max('e.at').as('at'))
        .whereRef('e.work_order_id', '=', 'work_orders.id')
        .where('e.to_status', '=', 'closed')
        .as('closed_at'),
    )
    .where('received_at', '>=', q.fromIso)
    .where('received_at', '<', q.toIso)
    .where('created_by', 'in', q.userIds)
    .where(visibleIn(q.scope))
    .execute();
  const orders = rows.map((r) => ({
    id: r.id,
    createdBy: r.created_by!,
    kind: r.kind,
    status: r.status,
    satisfied: r.satisfied,
    answeredOnSpot: r.answered_on_spot === 1,
    receivedAt: r.received_at,
    closedAt: (r.closed_at as string | null) ?? null,
  }));
  const deadlines: AgentDeadlineRow[] = [];
  // Chunked so the IN list stays far below either engine's parameter limit.
  for (let i = 0; i < orders.length; i += 500) {
    const ids = orders.slice(i, i + 500).map((o) => o.id);
    const ds = await db.selectFrom('work_order_deadlines').select(['work_order_id', 'name', 'state', 'missed_at']).where('work_order_id', 'in', ids).execute();
    for (const d of ds) deadlines.push({ workOrderId: d.work_order_id, name: d.name, state: d.state, missed: d.missed_at !== null });
  }
  return { orders, deadlines };
}

/** Receipt instants (ISO) of the work orders the caller sees in [from, to): the forecast's history. */
export async function arrivalInstants(db: DbOrTrx, q: { fromIso: string; toIso: string; scope: readonly string[] }): Promise<string[]> {
  if (q.scope.length === 0) return [];
  const rows = await db
    .selectFrom('work_orders')
    .select('received_at')
    .where('received_at', '>=', q.fromIso)
    .where('received_at', '<', q.toIso)
    .where(visibleIn(q.scope))
    .execute();
  return rows.map((r) => r.received_at);
}
