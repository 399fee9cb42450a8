import { ACTION_SCOPE, GUARDS, allowedActions, type FlowAction, type FlowStatus, type FlowSubject } from '../../core/workflow/flow';
import { rolesFor, type ComplaintPolicy } from '../../core/workflow/policy';
import { coversUnit, type Principal } from '../auth/principal';
import { extensionTooLate, type DeadlineCalendar } from '../../core/workflow/deadlines';
import type { DeadlineRow, WorkOrderRow } from './workorders.repository';

// Who sees and who may act on a work order (DOMAIN §1.1: a role covers its unit's subtree).

/** Seen by anyone whose role covers the owning unit, the receiving department or the responsible department. */
export function canSee(p: Principal, wo: Pick<WorkOrderRow, 'unit_path' | 'department_path' | 'receiving_unit_path'>): boolean {
  return coversUnit(p, wo.unit_path) || (!!wo.department_path && coversUnit(p, wo.department_path)) || (!!wo.receiving_unit_path && coversUnit(p, wo.receiving_unit_path));
}

/**
 * The policy names the roles per action (and, per severity, who approves instead); a role counts when held on the owning unit or above, or on the unit
 * the action belongs to (the receiving department for intake, the responsible department for its own steps).
 */
export function canAct(
  p: Principal,
  policy: ComplaintPolicy,
  action: FlowAction,
  wo: Pick<WorkOrderRow, 'unit_path' | 'department_path' | 'receiving_unit_path' | 'severity'>,
): boolean {
  const roles = rolesFor(policy, action, wo.severity);
  return p.roles.some((g) => {
    if (!roles.includes(g.role)) return false;
    if (wo.unit_path.startsWith(g.unitPath)) return true;
    const scope = ACTION_SCOPE[action];
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
 * DOMAIN §2.5 "Extension": `request_extension` is offered only while some open deadline can still be extended
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
