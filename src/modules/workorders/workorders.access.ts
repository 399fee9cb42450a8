import { GUARDS, allowedActions, scopeOf, type FlowAction, type FlowStatus, type FlowSubject } from '../../core/workflow/flow';
import { rolesFor, type ComplaintPolicy } from '../../core/workflow/policy';
import type { Principal } from '../auth';
import type { RoleCode } from '../org';
import { extensionTooLate, type DeadlineCalendar } from '../../core/workflow/deadlines';
import type { DeadlineRow, WorkOrderRow } from './workorders.repository';

// Who may act on a work order (a role covers its unit's subtree). Who sees one: workorders.visibility.ts.

/**
 * Staff of the complaint desk: anyone who may read the register and reports. The desk's routes admit only these
 * roles; among them, the visibility rule decides which work orders each person sees.
 */
export const DESK_ROLES: RoleCode[] = ['admin', 'agent', 'team_lead', 'deputy_supervisor', 'supervisor', 'intake_clerk', 'qe', 'dept_head', 'director', 'manager', 'callback_agent', 'qa_manager'];

/**
 * The policy names the roles per action (and, per severity, who approves instead; on a repair, its `repairs.actions`);
 * a role counts when held on the owning unit or above, or on the unit the action belongs to (the receiving department
 * for intake, the responsible department for its own steps, the receiving call centre for every step of a repair).
 */
export function canAct(
  p: Principal,
  policy: ComplaintPolicy,
  action: FlowAction,
  wo: Pick<WorkOrderRow, 'unit_path' | 'department_path' | 'receiving_unit_path' | 'severity' | 'kind'>,
): boolean {
  const roles = rolesFor(policy, action, wo.severity, wo.kind);
  return p.roles.some((g) => {
    if (!roles.includes(g.role)) return false;
    if (wo.unit_path.startsWith(g.unitPath)) return true;
    const scope = scopeOf(action, wo.kind);
    const target = scope === 'department' ? wo.department_path : scope === 'receiving' ? wo.receiving_unit_path : null;
    return !!target && target.startsWith(g.unitPath);
  });
}

export function subjectOf(wo: WorkOrderRow): FlowSubject {
  return {
    status: wo.status as FlowStatus,
    kind: wo.kind,
    category: wo.category,
    paused: wo.paused === 1,
    objectionPending: wo.objection !== null,
    qePassed: wo.qe_passed === 1,
  };
}

/** What the offer of the extension actions looks at: the work order's deadlines, the calendar and now. */
export interface DeadlineEnv {
  deadlines: Pick<DeadlineRow, 'state' | 'due_at' | 'extension_request'>[];
  cal: DeadlineCalendar;
  now: Date;
}

/**
 * docs/workorders.md#deadlines "Extension" (投诉处理制度 cl. 5.3): `request_extension` is offered only while some open deadline can still be extended
 * (at least `extensionNoticeWorkingDays` working days before its due time — the server's own check), and
 * `grant_extension` only while a request is pending. Other actions do not depend on the deadlines.
 */
function deadlinesAllow(action: FlowAction, policy: ComplaintPolicy, env: DeadlineEnv): boolean {
  const open = env.deadlines.filter((d) => d.state === 'running' || d.state === 'paused');
  if (action === 'request_extension') return open.some((d) => extensionTooLate(env.cal, env.now, new Date(d.due_at), policy.extensionNoticeWorkingDays) === null);
  if (action === 'grant_extension') return open.some((d) => d.extension_request !== null);
  return true;
}

/**
 * What the caller may do now: allowed by the status and guards, by the caller's roles and, for the extension
 * actions, by the deadlines. The view's `allowedActions` and the 409's `details.allowed` both come from here.
 */
export function actionsFor(p: Principal, policy: ComplaintPolicy, wo: WorkOrderRow, env: DeadlineEnv): FlowAction[] {
  return allowedActions(subjectOf(wo)).filter((a) => canAct(p, policy, a, wo) && deadlinesAllow(a, policy, env));
}

export const needs8d = (wo: WorkOrderRow) => GUARDS.needs8d(subjectOf(wo));
