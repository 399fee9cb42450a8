import { z } from 'zod';
import { dayRange } from '../../core/calendar';
import type { AppContext } from '../../platform/context';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { notFound } from '../../platform/http/errors';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import { currentPolicy, policyVersion } from './workorders.policy';
import * as repo from './workorders.repository';
import type { InvalidRecurrence, WorkOrderList, WorkOrderListQuery, WorkOrderView } from './workorders.schemas';
import { presentListItem, presentWorkOrder } from './workorders.view';
import { canSee, visibilityScope } from './workorders.visibility';

// Reading the register: one work order, pages of the list (also behind the .xlsx export), the watch list and the
// recurring invalid complaints. Every read applies the one visibility rule (workorders.visibility.ts,
// docs/workorders.md "Who sees a work order").

const workOrderNotFound = () => notFound('Work order', '工单', 'workorder_not_found');

/** The work order if the caller sees it; otherwise 404, as for one that does not exist (its existence is not disclosed). */
export async function visibleWorkOrder(ctx: AppContext, p: Principal, id: string): Promise<repo.WorkOrderRow> {
  const wo = await repo.findWorkOrder(ctx.db, id);
  if (!wo || !canSee(p, wo)) throw workOrderNotFound();
  return wo;
}

export async function getWorkOrder(ctx: AppContext, p: Principal, id: string): Promise<WorkOrderView> {
  const wo = await visibleWorkOrder(ctx, p, id);
  const cal = await getCalendar(ctx, { unitId: wo.unit_id });
  return presentWorkOrder(ctx.db, p, await policyVersion(ctx, wo.policy_version), wo, { cal, now: ctx.clock.now(), smsConfigured: ctx.config.sms !== null });
}

// The register's keyset position (docs/architecture.md "Shared helpers"). The cursor is client-supplied: its parts
// go into a query, so only a position shaped like the ones we issue is accepted (else 422 on `cursor`).
const RegisterPosition = z.object({
  createdAt: z.string().regex(/^[\w.:+-]{1,40}$/),
  id: z.string().regex(/^[\w-]{1,100}$/),
  rank: z.number().int().min(0).max(1000),
});

export const encodeRegisterCursor = (createdAt: string, id: string, rank: number): string => encodeCursor({ createdAt, id, rank });
export const decodeRegisterCursor = (cursor: string | undefined) => decodeCursor(cursor, RegisterPosition);

export interface RegisterPage {
  rows: repo.WorkOrderRow[];
  deadlines: repo.DeadlineRow[];
  departmentNames: Map<string, string>;
  nextCursor: string | null;
}

/** One page of the register as rows (for the list and the .xlsx export), scoped to the caller. */
export async function listWorkOrderRows(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<RegisterPage> {
  const now = ctx.clock.now().toISOString();
  // from/to are local days of the caller's calendar (its unit's offset), turned into instants by the calendar.
  const zone = q.from || q.to ? (await getCalendar(ctx, { unitId: p.unitId })).settings.utcOffsetMinutes : undefined;
  const rows = await repo.listWorkOrders(ctx.db, ctx.dialect, {
    scope: visibilityScope(p),
    status: q.status,
    kind: q.kind,
    channel: q.channel,
    category: q.category,
    severity: q.severity,
    department: q.department,
    overdueAt: q.overdue ? now : undefined,
    keyCustomer: q.keyCustomer,
    q: q.q,
    receivedFrom: q.from ? dayRange(q.from, zone).start.toISOString() : undefined,
    receivedTo: q.to ? dayRange(q.to, zone).end.toISOString() : undefined,
    before: decodeRegisterCursor(q.cursor),
    order: q.order,
    ids: q.ids,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const deadlines = await repo.deadlinesOfMany(ctx.db, page.map((r) => r.id));
  const depts = await repo.unitsByIds(ctx.db, [...new Set(page.map((r) => r.department_id).filter((x): x is string => !!x))]);
  const last = page[page.length - 1];
  return {
    rows: page,
    deadlines,
    departmentNames: new Map(depts.map((u) => [u.id, u.name])),
    nextCursor: rows.length > q.limit && last ? encodeRegisterCursor(last.created_at, last.id, last.severity_rank) : null,
  };
}

export async function listWorkOrders(ctx: AppContext, p: Principal, q: WorkOrderListQuery): Promise<WorkOrderList> {
  const now = ctx.clock.now().toISOString();
  const page = await listWorkOrderRows(ctx, p, q);
  return {
    items: page.rows.map((r) =>
      presentListItem(r, page.deadlines.filter((d) => d.work_order_id === r.id), r.department_id ? (page.departmentNames.get(r.department_id) ?? null) : null, now),
    ),
    nextCursor: page.nextCursor,
  };
}

/** Invalid complaints that recur (policy count within days) for a supervisor's attention (docs/workorders.md "Flow"). */
export async function listInvalidRecurrences(ctx: AppContext, p: Principal): Promise<InvalidRecurrence[]> {
  const { policy } = await currentPolicy(ctx);
  const since = new Date(ctx.clock.now().getTime() - policy.invalidRecurrence.days * 86_400_000).toISOString();
  const scope = visibilityScope(p);
  const groups = await repo.invalidGroups(ctx.db, scope, since, policy.invalidRecurrence.count);
  // One read for every group's work orders, in the same scope as the counts: another unit's work orders of the same
  // customer are not the caller's to see.
  const rows = new Map<string, { id: string; number: string }[]>();
  for (const r of await repo.invalidOfCustomers(ctx.db, groups.map((g) => g.customer_key), since, scope)) {
    const list = rows.get(r.customer_key) ?? [];
    list.push(r);
    rows.set(r.customer_key, list);
  }
  return groups.map((g) => {
    const mine = rows.get(g.customer_key) ?? [];
    return { customer: g.customer, count: g.n, firstAt: g.first_at, lastAt: g.last_at, workOrderIds: mine.map((r) => r.id), numbers: mine.map((r) => r.number) };
  });
}

/** Key customers on the watch list (docs/workorders.md "Watch list") whose work order the caller sees, as in the register. */
export async function listWatchList(ctx: AppContext, p: Principal) {
  return (await repo.listWatch(ctx.db, visibilityScope(p))).map((w) => ({ customerKey: w.customer_key, customerName: w.customer_name, since: w.since, workOrderId: w.work_order_id }));
}
