import { ACTION_SCOPE, GUARDS, allowedActions, type FlowAction, type FlowStatus, type FlowSubject } from '../../core/workflow/flow';
import { rolesFor, type ComplaintPolicy } from '../../core/workflow/policy';
import { coversUnit, type Principal } from '../auth/principal';
import type { WorkOrderRow } from './workorders.repository';

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

/** What the caller may do now: allowed by the status and guards, and by the caller's roles. */
export function actionsFor(p: Principal, policy: ComplaintPolicy, wo: WorkOrderRow): FlowAction[] {
  return allowedActions(subjectOf(wo)).filter((a) => canAct(p, policy, a, wo));
}

export const needs8d = (wo: WorkOrderRow) => GUARDS.needs8d(subjectOf(wo));
