import type { WorkCalendar } from '../../core/calendar';
import { FLOW, type FlowAction, type FlowStatus } from '../../core/workflow/flow';
import { anyRolesFor, type ComplaintPolicy } from '../../core/workflow/policy';
import type { AppContext } from '../../platform/context';
import type { Principal } from '../auth';
import { getCalendar } from '../calendar';
import { actionsFor } from './workorders.access';
import { parseMetBy } from './workorders.deadlines';
import { currentPolicy, policyVersion } from './workorders.policy';
import * as repo from './workorders.repository';
import { visibilityScope } from './workorders.visibility';

// My work (我的待办) on the complaint desk (docs/workorders.md "My work"): the work orders on which the caller can
// take a hand-off step now. "Can" is exactly the view's allowedActions (`actionsFor`: status and guards ∩ the
// policy's roles on the right unit ∩ the deadlines); only the steps that move the case on count — escalating,
// pausing or re-rating is possible at any open stage and would put every case in everybody's list.

/**
 * The hand-off steps, in the order one is named when the caller may take several (受理 before 派单 …); the repair
 * steps (接单 → 通知 → 派工 → 到场 → 完工, docs/callcenter.md "Emergency repairs") are each the next one's hand-off —
 * once the crew is sent, its arrival is the step waited for (changing the crew stays possible).
 */
export const INBOX_ACTIONS: readonly FlowAction[] = [
  'decide_objection',
  'approve_8d',
  'pass_8d',
  'submit_8d',
  'sign',
  'accept',
  'dispatch',
  'reply',
  'take',
  'notify',
  'record_arrival',
  'assign_crew',
  'complete_repair',
  'callback',
  'grant_extension',
];

/** At most this many candidates are read, nearest deadline first; the rest are further away than any shown. */
const SCAN_LIMIT = 2000;

export interface WorkOrderInboxItem {
  id: string;
  title: string;
  action: FlowAction;
  due: string | null;
  state: 'running' | 'paused' | 'missed' | null;
}

/** Statuses from which one of the hand-off steps can start for someone holding the caller's roles (any unit, any severity). */
function candidateStatuses(p: Principal, policy: ComplaintPolicy): FlowStatus[] {
  const held = new Set<string>(p.roles.map((g) => g.role));
  const out = new Set<FlowStatus>();
  for (const a of INBOX_ACTIONS) {
    const roles = [...anyRolesFor(policy, a), ...Object.values(policy.approvals ?? {}).flatMap((x) => x.roles)];
    if (!roles.some((r) => held.has(r))) continue;
    for (const t of FLOW[a]) for (const s of t.from) out.add(s);
  }
  return [...out];
}

/**
 * The deadline the caller works against: a missed one that this step would have met, else the nearest running or
 * paused one (missed once its due time passed, even before the worker flips it).
 */
function dueOf(deadlines: repo.DeadlineRow[], action: FlowAction, now: string): Pick<WorkOrderInboxItem, 'due' | 'state'> {
  const missed = deadlines.filter((d) => d.state === 'missed' && parseMetBy(d).includes(action)).sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
  if (missed) return { due: missed.due_at, state: 'missed' };
  const open = deadlines.filter((d) => d.state === 'running' || d.state === 'paused').sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
  if (!open) return { due: null, state: null };
  return { due: open.due_at, state: open.state === 'running' && open.due_at < now ? 'missed' : (open.state as 'running' | 'paused') };
}

export async function inboxWorkOrders(ctx: AppContext, p: Principal): Promise<WorkOrderInboxItem[]> {
  const { policy: current } = await currentPolicy(ctx);
  const rows = await repo.inboxCandidates(ctx.db, { scope: visibilityScope(p), statuses: candidateStatuses(p, current), limit: SCAN_LIMIT });
  if (rows.length === 0) return [];
  const deadlines = await repo.deadlinesOfMany(ctx.db, rows.map((r) => r.id));
  const byWorkOrder = new Map<string, repo.DeadlineRow[]>();
  for (const d of deadlines) byWorkOrder.set(d.work_order_id, [...(byWorkOrder.get(d.work_order_id) ?? []), d]);
  const policies = new Map<number, ComplaintPolicy>();
  const calendars = new Map<string, WorkCalendar>();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const out: WorkOrderInboxItem[] = [];
  for (const wo of rows) {
    if (!policies.has(wo.policy_version)) policies.set(wo.policy_version, await policyVersion(ctx, wo.policy_version));
    if (!calendars.has(wo.unit_id)) calendars.set(wo.unit_id, await getCalendar(ctx, { unitId: wo.unit_id }));
    const ds = byWorkOrder.get(wo.id) ?? [];
    const allowed = actionsFor(p, policies.get(wo.policy_version)!, wo, { deadlines: ds, cal: calendars.get(wo.unit_id)!, now });
    const action = INBOX_ACTIONS.find((a) => allowed.includes(a));
    if (!action) continue;
    const title = [wo.number, wo.customer_name, wo.problem].filter(Boolean).join(' ').slice(0, 120);
    out.push({ id: wo.id, title, action, ...dueOf(ds, action, nowIso) });
  }
  return out;
}
