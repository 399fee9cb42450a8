import type { AppContext } from '../../platform/context';
import type { Principal } from '../auth';
import { inboxGrading } from '../grading';
import { inboxStaff } from '../staff';
import { inboxWorkOrders } from '../workorders';
import type { InboxItem, InboxView } from './inbox.schemas';

// My work (我的待办, docs/inbox.md): each module says what waits for the caller's step — by its own rules of who
// may act (the work orders' `actionsFor`, the grading bodies of Art. 6, the staff scope) — and this module merges
// and orders them. Accountability has no step that waits for anyone (an accident is recorded and booked at once).

/** Missed first, then the nearest due time, then items without a deadline; ties by module and title. */
export function compareItems(a: InboxItem, b: InboxItem): number {
  const missed = Number(b.state === 'missed') - Number(a.state === 'missed');
  if (missed) return missed;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.module.localeCompare(b.module) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

export async function myWork(ctx: AppContext, p: Principal, limit: number): Promise<InboxView> {
  // Sequential on purpose: SQLite has one connection, and each source is a handful of indexed queries.
  const items: InboxItem[] = [
    ...(await inboxWorkOrders(ctx, p)).map((i) => ({ module: 'workorders' as const, ...i })),
    ...(await inboxGrading(ctx, p)).map((i) => ({ module: 'grading' as const, ...i })),
    ...(await inboxStaff(ctx, p)).map((i) => ({ module: 'staff' as const, ...i })),
  ];
  items.sort(compareItems);
  return { items: items.slice(0, limit), total: items.length };
}
